"""The rules of prepared documents: when to prepare aside, what to reuse, when a builder died."""

from datetime import UTC, datetime, timedelta

import pytest

from tracker.domain.prepared_documents import (
    JobStatus,
    document_key,
    may_reuse,
    needs_preparing,
    refresh_seconds,
)

NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
TEN_MINUTES = timedelta(minutes=10)


@pytest.mark.parametrize(
    ("size", "threshold", "aside"),
    [(0, 5000, False), (5000, 5000, False), (5001, 5000, True), (110_000, 5000, True)],
)
def test_only_documents_over_the_threshold_are_prepared_aside(size, threshold, aside):
    assert needs_preparing(size, threshold) is aside


@pytest.mark.parametrize(
    ("other", "same"),
    [
        (("plan_pdf", 1, {"as_at": "2011-03-31"}, None, "s1"), True),
        (("plan_pdf", 1, {"as_at": "2011-03-30"}, None, "s1"), False),
        (("plan_docx", 1, {"as_at": "2011-03-31"}, None, "s1"), False),
        (("plan_pdf", 2, {"as_at": "2011-03-31"}, None, "s1"), False),
        (("plan_pdf", 1, {"as_at": "2011-03-31"}, 7, "s1"), False),
        (("plan_pdf", 1, {"as_at": "2011-03-31"}, None, "s2"), False),
    ],
)
def test_the_key_is_shared_only_by_the_same_document_of_the_same_data(other, same):
    key = document_key("plan_pdf", 1, {"as_at": "2011-03-31"}, None, "s1")
    assert (document_key(*other) == key) is same


def test_the_key_does_not_depend_on_the_order_of_the_options():
    assert document_key("x", 1, {"a": "1", "b": "2"}, None, "s") == document_key(
        "x", 1, {"b": "2", "a": "1"}, None, "s"
    )


@pytest.mark.parametrize(
    ("status", "finished", "reused"),
    [
        (JobStatus.QUEUED, None, True),
        (JobStatus.BUILDING, None, True),
        (JobStatus.READY, NOW - timedelta(minutes=9), True),
        (JobStatus.READY, NOW - TEN_MINUTES, False),
        (JobStatus.FAILED, NOW, False),
    ],
)
def test_a_job_in_progress_or_lately_built_answers_a_new_request(status, finished, reused):
    assert may_reuse(status, finished, NOW, TEN_MINUTES) is reused


@pytest.mark.parametrize(
    ("started", "seconds"),
    [
        (None, 2),
        (NOW - timedelta(seconds=5), 2),
        (NOW - timedelta(seconds=30), 5),
        (NOW - TEN_MINUTES, 10),
    ],
)
def test_the_page_looks_again_less_often_the_longer_a_build_takes(started, seconds):
    assert refresh_seconds(started, NOW) == seconds

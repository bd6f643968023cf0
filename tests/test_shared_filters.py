"""The filters pages share: who recorded what and when, and the colour of an indicator's RAG."""

from datetime import UTC, datetime

import pytest

from tracker.domain.enums import Rag
from tracker.filters import rag_tag_class, recorded_when_by


@pytest.mark.parametrize(
    ("by", "source", "expected"),
    [
        ("Ann Lead", "plan.xlsx", "2 November 2009, 14:05 UTC by Ann Lead"),
        ("", "plan.xlsx", "2 November 2009, 14:05 UTC from plan.xlsx"),
        (None, None, "2 November 2009, 14:05 UTC"),
    ],
)
def test_a_record_says_when_and_by_whom_or_from_which_import(by, source, expected):
    moment = datetime(2009, 11, 2, 14, 5, tzinfo=UTC)
    assert recorded_when_by(moment, by, source) == expected


@pytest.mark.parametrize(
    ("rag", "expected"),
    [
        (Rag.RED, "govuk-tag--red"),
        (Rag.AMBER, "govuk-tag--orange"),
        (Rag.GREEN, "govuk-tag--green"),
        (Rag.COMPLETE, "govuk-tag--grey"),
        (None, "govuk-tag--grey"),
    ],
)
def test_an_indicators_rag_tag_takes_its_colour_with_grey_for_anything_else(rag, expected):
    assert rag_tag_class(rag) == expected

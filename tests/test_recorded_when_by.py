"""Every record says alike when it was made and by whom, or from which import it came."""

from datetime import UTC, datetime

import pytest

from tracker.filters import recorded_when_by


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

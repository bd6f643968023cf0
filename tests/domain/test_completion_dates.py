"""An undated completion in an action's first status happened on or before it, date not known."""

from datetime import date

import pytest

from tracker.domain.completion_dates import completed_on_unknown
from tracker.domain.enums import Completion


@pytest.mark.parametrize(
    ("completion", "completed_on", "earlier_status", "unknown"),
    [
        # Complete when the plan came in, no date given: on or before the as-at date.
        (Completion.COMPLETED, None, False, True),
        # A completed-on date from a mapped column is the date.
        (Completion.COMPLETED, date(2016, 3, 31), False, False),
        # Complete since the last status: dated to this status, as before.
        (Completion.COMPLETED, None, True, False),
        (Completion.COMPLETED, date(2016, 3, 31), True, False),
        # Not complete: there is no completion to date.
        (Completion.NOT_COMPLETED, None, False, False),
        (Completion.PARTIALLY_COMPLETED, None, False, False),
        (Completion.NOT_KNOWN, None, False, False),
        (Completion.NOT_COMPLETED, None, True, False),
    ],
)
def test_an_undated_completion_is_unknown_only_in_an_actions_first_status(
    completion: Completion, completed_on: date | None, earlier_status: bool, unknown: bool
) -> None:
    assert completed_on_unknown(completion, completed_on, earlier_status=earlier_status) is unknown

"""Decide when a recorded completion's date is not known: complete before the plan came in."""

from datetime import date

from tracker.domain.enums import Completion


def completed_on_unknown(
    completion: Completion, completed_on: date | None, *, earlier_status: bool
) -> bool:
    """Say whether a status is a completion on or before its as-at date, the date not known."""
    # Only an action's first status can say so: once an earlier status is recorded, an undated
    # completion happened between the two, and is dated to the status that first reports it.
    return completion is Completion.COMPLETED and completed_on is None and not earlier_status

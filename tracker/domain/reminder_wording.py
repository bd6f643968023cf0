"""Word how due each action or reading in a reminder digest is, the way the emails print it."""

from tracker.domain.as_at import long_day
from tracker.domain.due import DueKind
from tracker.domain.indicator_reminders import MissingReading
from tracker.domain.milestones import MILESTONE_OVERDUE
from tracker.domain.reminders import DigestItem


def _count(count: int, singular: str, plural: str) -> str:
    return f"{count} {singular if count == 1 else plural}"


def describe_target(item: DigestItem) -> str:
    """Return the target date as written, with the date it resolves to when that reads otherwise."""
    written = item.target_date_text.strip()
    if item.target_date is None:
        return written or "none"
    resolved = long_day(item.target_date)
    return resolved if written in ("", resolved) else f"{written} ({resolved})"


def describe_due(item: DigestItem) -> str:
    """Return how late or how soon the action is, or how long since its last update."""
    if item.kind in (DueKind.OVERDUE, DueKind.MILESTONE_OVERDUE):
        days = _count(item.days_overdue or 0, "day", "days")
        working = _count(item.working_days_overdue or 0, "working day", "working days")
        if item.milestone is not None:
            return (
                f"{MILESTONE_OVERDUE}: {item.milestone.name}, due"
                f" {long_day(item.milestone.due_on)}, {days} late ({working})"
            )
        return f"{days} overdue ({working})"
    if item.kind is DueKind.DUE_SOON:
        when = (
            f"due in {_count(item.due_in_working_days, 'working day', 'working days')}"
            if item.due_in_working_days
            else "due today"
        )
        if item.milestone is not None:
            return f"milestone {item.milestone.name} {when}"
        return when
    if item.last_update_on is None:
        return "no update recorded yet"
    return f"no update since {long_day(item.last_update_on)}"


def describe_missing(reading: MissingReading) -> str:
    """Return when a missing reading was due and how many working days it has been missing."""
    working = _count(reading.working_days_missing, "working day", "working days")
    return f"due {long_day(reading.due_on)}, missing for {working}"

"""Decide which of an action's milestones were missed, come next or fall due within a window."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

# The words a report, a page and a reminder put beside an action whose milestone was missed.
MILESTONE_OVERDUE = "milestone overdue"


@dataclass(frozen=True, slots=True)
class MilestoneFacts:
    """Describe one dated milestone of an action, and the day it was done, if it was."""

    milestone_id: int | None
    ref: str | None
    text: str
    due_on: date
    done_on: date | None = None

    def done_by(self, day: date) -> bool:
        """Say whether the milestone had been done on or before a day."""
        return self.done_on is not None and self.done_on <= day

    def missed_at(self, day: date) -> bool:
        """Say whether the milestone was due before a day and not done by it."""
        return self.due_on < day and not self.done_by(day)

    @property
    def name(self) -> str:
        """Return the milestone as a line names it: its ref and words, else "Milestone"."""
        words = " ".join(self.text.split())
        return " ".join(part for part in (self.ref or "", words) if part) or "Milestone"


def _in_order(milestones: Iterable[MilestoneFacts]) -> list[MilestoneFacts]:
    return sorted(milestones, key=lambda milestone: (milestone.due_on, milestone.ref or ""))


def missed_milestones(
    milestones: Iterable[MilestoneFacts], day: date
) -> tuple[MilestoneFacts, ...]:
    """Return the milestones due before a day and not done by it, the longest missed first."""
    return tuple(milestone for milestone in _in_order(milestones) if milestone.missed_at(day))


def first_missed(milestones: Iterable[MilestoneFacts], day: date) -> MilestoneFacts | None:
    """Return the milestone missed longest at a day, or None when none is missed."""
    missed = missed_milestones(milestones, day)
    return missed[0] if missed else None


def next_due(milestones: Iterable[MilestoneFacts], day: date) -> MilestoneFacts | None:
    """Return the first milestone due on or after a day and not done by it."""
    return next(
        (
            milestone
            for milestone in _in_order(milestones)
            if milestone.due_on >= day and not milestone.done_by(day)
        ),
        None,
    )


def due_within(
    milestones: Iterable[MilestoneFacts], first: date, last: date, *, as_at: date
) -> tuple[MilestoneFacts, ...]:
    """Return the milestones not done by as_at that fall due from first to last, in date order."""
    return tuple(
        milestone
        for milestone in _in_order(milestones)
        if first <= milestone.due_on <= last and not milestone.done_by(as_at)
    )


def days_missed(milestone: MilestoneFacts, day: date) -> int:
    """Return how many days before a day the milestone was due."""
    return (day - milestone.due_on).days

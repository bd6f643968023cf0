"""Decide which of an action's milestones were missed, come next or fall due within a window."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING

from tracker.domain.cells import CellError, parse_iso_date_cell
from tracker.domain.markup import plain_text
from tracker.domain.text_limits import MILESTONE_REF, MILESTONE_TEXT

if TYPE_CHECKING:
    # Only named: target dates are read as at a day, which imports the facts this module feeds.
    from tracker.domain.target_dates import ResolvedTargetDate

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
    """Return the milestones due before a day and not done by it, as known then, longest first."""
    # Done after the day is not known at it: a past month's report must not show a later date.
    return tuple(
        replace(milestone, done_on=None)
        for milestone in _in_order(milestones)
        if milestone.missed_at(day)
    )


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


def from_target(target: ResolvedTargetDate) -> tuple[MilestoneFacts, ...]:
    """Return the milestones a target-date text names, each with the words that named it."""
    words = target.milestone_words or ("",) * len(target.milestones)
    return tuple(
        MilestoneFacts(None, None, text, due_on)
        for due_on, text in zip(target.milestones, words, strict=True)
    )


# An export's Milestones cell: a line a milestone, "due | ref | words", then "| done <date>".
CELL_SEPARATOR = " | "
_DONE = "done "


def format_milestones_cell(milestones: Iterable[MilestoneFacts]) -> str:
    """Return milestones as an export's cell, one a line, dates as 2010-11-30."""
    lines = []
    for milestone in milestones:
        parts = [
            milestone.due_on.isoformat(),
            milestone.ref or "",
            " ".join(milestone.text.split()),
        ]
        if milestone.done_on is not None:
            parts.append(_DONE + milestone.done_on.isoformat())
        lines.append(CELL_SEPARATOR.join(parts))
    return "\n".join(lines)


def parse_milestones_cell(text: str) -> tuple[MilestoneFacts, ...] | None:
    """Read an export's Milestones cell; blank reads as None (take them from the target date)."""
    lines = [plain_text(line) for line in text.splitlines() if plain_text(line)]
    if not lines:
        return None
    milestones = []
    for number, line in enumerate(lines, start=1):
        parts = [part.strip() for part in line.split("|")]
        done_on = None
        if len(parts) > 1 and parts[-1].lower().startswith(_DONE):
            done_on = _date_in(parts.pop()[len(_DONE) :], number, "done date")
        if len(parts) < 3:
            raise CellError(
                f"milestone {number}, '{line}', needs a due date, a ref and words, as in"
                " '2010-09-30 | QS1.1.2 | Sept' (leave the ref empty: '2010-09-30 |  | Sept')"
            )
        due_on = _date_in(parts[0], number, "due date")
        ref, words = parts[1] or None, " | ".join(parts[2:])
        for limit, value in ((MILESTONE_REF, ref or ""), (MILESTONE_TEXT, words)):
            problem = limit.problem(value)
            if problem:
                raise CellError(f"milestone {number}: {problem}")
        milestones.append(MilestoneFacts(None, ref, words, due_on, done_on))
    return tuple(milestones)


def _date_in(text: str, number: int, what: str) -> date:
    try:
        day = parse_iso_date_cell(text)
    except CellError as error:
        raise CellError(f"milestone {number}'s {what}: {error}") from error
    if day is None:
        raise CellError(f"milestone {number} has no {what}; write it as 2010-11-30")
    return day


def done_on_problem(done_on: date | None, today: date) -> str | None:
    """Return why a milestone cannot have been done on a day, or None when it can."""
    if done_on is not None and done_on > today:
        return "The date done must be today or in the past"
    return None

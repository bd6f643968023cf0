"""Decide whether an action is overdue, due soon or needs an update, and order a lead's list."""

from calendar import monthrange
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from tracker.domain.enums import Completion, Recurrence
from tracker.domain.facts import ActionFacts, UpdateFacts
from tracker.domain.milestones import MilestoneFacts, first_missed, next_due
from tracker.domain.plan_order import plan_order
from tracker.domain.working_days import WorkingCalendar

DEFAULT_DUE_SOON_WORKING_DAYS = 5

# "Ongoing" actions report on the plan's monthly cycle, like "Monthly" ones.
CADENCE_MONTHS = {Recurrence.MONTHLY: 1, Recurrence.QUARTERLY: 3, Recurrence.ONGOING: 1}


class DueKind(StrEnum):
    """Say what, if anything, an action needs from its lead now."""

    OVERDUE = "overdue"
    # A milestone was missed while the action's own target date is not past: not overdue.
    MILESTONE_OVERDUE = "milestone_overdue"
    DUE_SOON = "due_soon"
    UPDATE_DUE = "update_due"
    NONE = "none"


@dataclass(frozen=True, slots=True)
class DueAssessment:
    """Describe how due one action is on a given day."""

    kind: DueKind
    days_overdue: int | None = None
    working_days_overdue: int | None = None
    due_in_working_days: int | None = None
    last_update_on: date | None = None
    # The missed milestone (MILESTONE_OVERDUE; the days count from its date) or the milestone
    # due soon before the target date (DUE_SOON).
    milestone: MilestoneFacts | None = None


def add_months(day: date, months: int) -> date:
    """Return the same day months calendar months later, clamped to the end of a shorter month."""
    month_index = day.year * 12 + day.month - 1 + months
    year, month = divmod(month_index, 12)
    month += 1
    return date(year, month, min(day.day, monthrange(year, month)[1]))


def due_until(today: date, calendar: WorkingCalendar, working_days: int) -> date:
    """Return the last target date that is due within so many working days of today."""
    return calendar.add_working_days(today, working_days)


def days_overdue(target: date | None, completion: Completion | None, today: date) -> int | None:
    """Return how many days past its target date an unfinished action is, or None if it is not."""
    if target is None or target >= today or completion == Completion.COMPLETED:
        return None
    return (today - target).days


def assess_due(
    action: ActionFacts,
    latest: UpdateFacts | None,
    *,
    today: date,
    calendar: WorkingCalendar,
    due_soon_working_days: int = DEFAULT_DUE_SOON_WORKING_DAYS,
) -> DueAssessment:
    """Classify action on today from its target date, recurrence and latest update."""
    last_update_on = latest.as_at if latest is not None else None
    if latest is not None and latest.completion == Completion.COMPLETED:
        return DueAssessment(DueKind.NONE, last_update_on=last_update_on)

    target = action.target_date
    if target is not None:
        overdue_days = days_overdue(target, None, today)
        if overdue_days is not None:
            return DueAssessment(
                DueKind.OVERDUE,
                days_overdue=overdue_days,
                working_days_overdue=calendar.working_days_between(target, today),
                last_update_on=last_update_on,
            )
    missed = first_missed(action.milestones, today)
    if missed is not None:
        return DueAssessment(
            DueKind.MILESTONE_OVERDUE,
            days_overdue=(today - missed.due_on).days,
            working_days_overdue=calendar.working_days_between(missed.due_on, today),
            last_update_on=last_update_on,
            milestone=missed,
        )
    soon = due_until(today, calendar, due_soon_working_days)
    coming = next_due(action.milestones, today)
    if coming is not None and coming.due_on <= soon and (target is None or coming.due_on < target):
        return DueAssessment(
            DueKind.DUE_SOON,
            due_in_working_days=calendar.working_days_between(today, coming.due_on),
            last_update_on=last_update_on,
            milestone=coming,
        )
    if target is not None:
        return DueAssessment(
            DueKind.DUE_SOON if target <= soon else DueKind.NONE,
            due_in_working_days=calendar.working_days_between(today, target),
            last_update_on=last_update_on,
        )

    cadence_months = CADENCE_MONTHS.get(action.recurrence)
    if cadence_months is not None and (
        last_update_on is None or add_months(last_update_on, cadence_months) < today
    ):
        return DueAssessment(DueKind.UPDATE_DUE, last_update_on=last_update_on)
    return DueAssessment(DueKind.NONE, last_update_on=last_update_on)


def _my_actions_key(item: tuple[ActionFacts, DueAssessment]) -> tuple:
    """Return the sort key that places one action in a lead's list."""
    action, assessment = item
    within_group: tuple[object, ...]
    if assessment.kind == DueKind.OVERDUE and assessment.days_overdue is not None:
        group, within_group = 0, (-assessment.days_overdue,)
    elif assessment.kind == DueKind.MILESTONE_OVERDUE and assessment.days_overdue is not None:
        group, within_group = 1, (-assessment.days_overdue,)
    elif assessment.kind == DueKind.DUE_SOON and assessment.milestone is not None:
        group, within_group = 2, (assessment.milestone.due_on,)
    elif assessment.due_in_working_days is not None and action.target_date is not None:
        group, within_group = 2, (action.target_date,)
    elif assessment.kind == DueKind.UPDATE_DUE:
        # Never-updated actions first, then the longest since their last update.
        last = assessment.last_update_on
        group, within_group = 3, (last is not None, last or date.min)
    else:
        group, within_group = 4, ()
    return (group, within_group, action.plan_id, plan_order(action))


def order_for_my_actions(
    items: Iterable[tuple[ActionFacts, DueAssessment]],
) -> list[tuple[ActionFacts, DueAssessment]]:
    """Order overdue, milestone overdue, by date due, update due, then the rest in plan order."""
    return sorted(items, key=_my_actions_key)

"""Decide which indicator readings are missing on a day, so their owners are chased."""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, timedelta

from tracker.domain.indicator_terms import Frequency, YearBasis
from tracker.domain.indicator_values import Period, period_containing, previous_period
from tracker.domain.working_days import WorkingCalendar

DEFAULT_READING_DUE_WORKING_DAYS = 10
MAX_READING_DUE_WORKING_DAYS = 60
# A year's period plus the longest wait a plan can set, with room to spare: readings for
# periods ending before this cannot decide what is missing today.
_LOOK_BACK = timedelta(days=800)


@dataclass(frozen=True, slots=True)
class IndicatorDueFacts:
    """Describe one indicator as the reading reminder needs it."""

    indicator_id: int
    plan_id: int
    ref: str
    title: str
    frequency: Frequency
    year_basis: YearBasis
    owner_person_id: int | None
    archived: bool


@dataclass(frozen=True, slots=True)
class MissingReading:
    """Describe an indicator whose reading for a period is past its due day and not recorded."""

    indicator_id: int
    ref: str
    title: str
    period: Period
    due_on: date
    working_days_missing: int


def oldest_period_end_needed(today: date) -> date:
    """Return the earliest period end whose readings can matter to the reminders of today."""
    return today - _LOOK_BACK


def reading_chased(
    frequency: Frequency,
    basis: YearBasis,
    *,
    today: date,
    due_working_days: int,
    calendar: WorkingCalendar,
) -> tuple[Period, date]:
    """Return the latest period whose reading was due before today, and the day it was due.

    A period's reading is due due_working_days working days after the period ends (on its
    last day when 0). Until the last complete period's due day has passed, the period before
    it is still the one chased, so a reading never drops out of the reminders early.
    """
    if not 0 <= due_working_days <= MAX_READING_DUE_WORKING_DAYS:
        raise ValueError(
            f"chase readings after 0 to {MAX_READING_DUE_WORKING_DAYS} working days, "
            f"not {due_working_days}"
        )
    period = previous_period(period_containing(today, frequency, basis), frequency, basis)
    while True:
        due_on = calendar.add_working_days(period.end, due_working_days)
        if due_on < today:
            return period, due_on
        period = previous_period(period, frequency, basis)


def missing_reading(
    indicator: IndicatorDueFacts,
    recorded_periods: Collection[tuple[date, date]],
    *,
    today: date,
    due_working_days: int,
    calendar: WorkingCalendar,
) -> MissingReading | None:
    """Return the indicator's reading missing on today, or None when none is to be chased.

    recorded_periods holds the (start, end) of every period the indicator has a reading for,
    superseded ones included: a corrected reading was still recorded. An archived indicator,
    or one without an owner, is not chased.
    """
    if indicator.archived or indicator.owner_person_id is None:
        return None
    period, due_on = reading_chased(
        indicator.frequency,
        indicator.year_basis,
        today=today,
        due_working_days=due_working_days,
        calendar=calendar,
    )
    if (period.start, period.end) in recorded_periods:
        return None
    return MissingReading(
        indicator_id=indicator.indicator_id,
        ref=indicator.ref,
        title=indicator.title,
        period=period,
        due_on=due_on,
        working_days_missing=calendar.working_days_between(due_on, today),
    )

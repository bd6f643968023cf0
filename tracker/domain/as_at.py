"""Reproduce the plan as at a date from its update history; name reporting months and cut-offs."""

import calendar
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from tracker.domain.facts import UpdateFacts
from tracker.domain.working_days import WorkingCalendar

# Every month has more working days than this, so a default cut-off stays inside the next month.
MAX_CUT_OFF_WORKING_DAYS = 10

_MONTH_TEXT = re.compile(r"(?P<year>[0-9]{4})-(?P<month>[0-9]{2})")


@dataclass(frozen=True, order=True, slots=True)
class Month:
    """Name one calendar month, the unit the plan reports in."""

    year: int
    month: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12 or not date.min.year <= self.year <= date.max.year:
            raise ValueError(f"{self.year}-{self.month:02d} is not a month")

    @classmethod
    def parse(cls, text: str) -> "Month":
        """Read a month written as YYYY-MM."""
        match = _MONTH_TEXT.fullmatch(text)
        if match is None or int(match["year"]) == 0 or not 1 <= int(match["month"]) <= 12:
            raise ValueError(f"{text!r} is not a month; use YYYY-MM")
        return cls(int(match["year"]), int(match["month"]))

    @classmethod
    def of(cls, day: date) -> "Month":
        """Return the month a day falls in."""
        return cls(day.year, day.month)

    @property
    def first_day(self) -> date:
        """Return the 1st of the month."""
        return date(self.year, self.month, 1)

    @property
    def last_day(self) -> date:
        """Return the last day of the month, the earliest cut-off of the month's report."""
        return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    @property
    def month_name(self) -> str:
        """Return the month's name alone, e.g. "October", as the papers' box headings use it."""
        return calendar.month_name[self.month]

    @property
    def label(self) -> str:
        """Return the month as the papers write it, e.g. "October 2009"."""
        return f"{calendar.month_name[self.month]} {self.year}"

    def isoformat(self) -> str:
        """Return the month as YYYY-MM, the form parse reads."""
        return f"{self.year:04d}-{self.month:02d}"

    def __str__(self) -> str:
        return self.isoformat()

    def contains(self, day: date) -> bool:
        """Say whether a day falls inside the month."""
        return (day.year, day.month) == (self.year, self.month)

    def shifted(self, months: int) -> "Month":
        """Return the month that many months later (earlier when negative)."""
        year, zero_based_month = divmod(self.year * 12 + self.month - 1 + months, 12)
        return Month(year, zero_based_month + 1)

    def next(self) -> "Month":
        """Return the following month."""
        return self.shifted(1)

    def previous(self) -> "Month":
        """Return the month before."""
        return self.shifted(-1)

    def through(self, last: "Month") -> tuple["Month", ...]:
        """Return the months from this one to last inclusive, empty when last comes first."""
        count = (last.year - self.year) * 12 + last.month - self.month + 1
        return tuple(self.shifted(offset) for offset in range(max(count, 0)))


class ReportDateError(ValueError):
    """Say why a report cannot be given for the month or cut-off date asked for."""


@dataclass(frozen=True, slots=True)
class ReportDates:
    """Say which month a report covers, its cut-off, and the date its position is taken at."""

    month: Month
    cut_off: date
    as_at: date
    provisional: bool


def long_day(day: date) -> str:
    """Format a date the way the council papers do, e.g. "2 November 2009"."""
    return f"{day.day} {calendar.month_name[day.month]} {day.year}"


def default_cut_off(month: Month, working_days: int, working: WorkingCalendar) -> date:
    """Return the plan's default cut-off: that many working days after the month's last day."""
    return working.add_working_days(month.last_day, working_days)


def report_dates(
    month: Month,
    *,
    today: date,
    working_days: int,
    working: WorkingCalendar,
    cut_off: date | None = None,
) -> ReportDates:
    """Check the month and cut-off asked for and say the date the report's position is taken."""
    current = Month.of(today)
    if month > current:
        raise ReportDateError(
            f"The month {month.label} has not begun. Choose a month up to {current.label}."
        )
    earliest, latest = month.last_day, month.next().last_day
    chosen = default_cut_off(month, working_days, working) if cut_off is None else cut_off
    if not earliest <= chosen <= latest:
        where = "before the end of" if chosen < earliest else "after the end of"
        limit = month if chosen < earliest else month.next()
        raise ReportDateError(
            f"The cut-off date {long_day(chosen)} is {where} {limit.label}. A report for "
            f"{month.label} can be as at any date from {long_day(earliest)} to "
            f"{long_day(latest)}."
        )
    # Until the cut-off day is over the report is the position so far: updates may still arrive.
    return ReportDates(month, chosen, min(chosen, today), provisional=chosen >= today)


def default_report_month(months: Sequence[Month], today: date) -> Month:
    """Return the month a report shows when none is asked for: the latest with updates, or now."""
    current = Month.of(today)
    return min(months[0], current) if months else current


def month_first_showing(day: date, working_days: int, working: WorkingCalendar) -> Month:
    """Return the month whose report, at its default cut-off, first includes a day's update."""
    before = Month.of(day).previous()
    return before if default_cut_off(before, working_days, working) >= day else Month.of(day)


def history_as_at(
    updates: Iterable[UpdateFacts], as_at: date
) -> dict[int, tuple[UpdateFacts, ...]]:
    """Return each action's updates that take effect on or before a date, oldest first."""
    by_action: dict[int, list[UpdateFacts]] = {}
    for update in updates:
        if update.as_at <= as_at:
            by_action.setdefault(update.action_id, []).append(update)
    return {
        action_id: tuple(sorted(history, key=lambda update: update.order_key))
        for action_id, history in by_action.items()
    }


def state_as_at(updates: Iterable[UpdateFacts], as_at: date) -> dict[int, UpdateFacts]:
    """Return each action's latest update on or before a date; actions with none are absent."""
    states: dict[int, UpdateFacts] = {}
    for update in updates:
        if update.as_at > as_at:
            continue
        current = states.get(update.action_id)
        if current is None or update.order_key > current.order_key:
            states[update.action_id] = update
    return states

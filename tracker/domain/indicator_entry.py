"""Offer the periods a reading may be recorded for, and name each as the reading form does."""

from __future__ import annotations

from datetime import date

from tracker.domain.indicator_terms import Frequency, YearBasis
from tracker.domain.indicator_values import Period, period_containing, previous_period

# How many complete periods back the reading form offers, newest first.
PERIODS_OFFERED = {
    Frequency.MONTHLY: 12,
    Frequency.QUARTERLY: 8,
    Frequency.TERMLY: 6,
    Frequency.ANNUAL: 4,
    Frequency.ROLLING_YEAR: 12,
}


def recent_periods(today: date, frequency: Frequency, basis: YearBasis) -> tuple[Period, ...]:
    """Return the complete periods before today's, newest first: the last complete one leads."""
    period = period_containing(today, frequency, basis)
    periods: list[Period] = []
    for _ in range(PERIODS_OFFERED[frequency]):
        period = previous_period(period, frequency, basis)
        periods.append(period)
    return tuple(periods)


def period_key(period: Period) -> str:
    """Return the form's value for a period: its first and last days."""
    return f"{period.start.isoformat()}/{period.end.isoformat()}"


def chosen_period(key: str, offered: tuple[Period, ...]) -> Period | None:
    """Return the offered period a form value names, or None when it names none of them."""
    return next((period for period in offered if period_key(period) == key), None)

"""Keep a risk's status and its raised and closed dates consistent."""

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class RiskStatus(StrEnum):
    """Say whether a risk or issue is still live."""

    OPEN = "open"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        """Return the word shown for the status."""
        return self.value.capitalize()


@dataclass(frozen=True, slots=True)
class SettledRiskDates:
    """Hold the closed date a risk ends up with, or what is wrong with its dates."""

    closed_on: date | None
    problems: dict[str, str] = field(default_factory=dict)


def settle_risk_dates(
    status: RiskStatus, raised_on: date, closed_on: date | None, today: date
) -> SettledRiskDates:
    """Return the closed date for this status: today when closing without one, none when open."""
    problems: dict[str, str] = {}
    if raised_on > today:
        problems["raised_on"] = "The date raised must be today or in the past"
    if status is RiskStatus.OPEN:
        # An open risk has no closed date, so reopening one clears it.
        return SettledRiskDates(None, problems)
    closed = closed_on or today
    if closed > today:
        problems["closed_on"] = "The date closed must be today or in the past"
    elif closed < raised_on:
        problems["closed_on"] = "The date closed must be the same as or after the date raised"
    return SettledRiskDates(closed, problems)

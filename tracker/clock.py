"""Tell the time where the service runs: UK local dates, UTC timestamps."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


def today() -> date:
    """Return today's date in the UK."""
    return datetime.now(LONDON).date()


def now() -> datetime:
    """Return the current time in UTC."""
    return datetime.now(UTC)

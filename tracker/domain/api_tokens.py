"""Make, check and count personal access tokens for the API."""

import hashlib
from datetime import date, datetime, timedelta
from enum import StrEnum

from tracker.domain.as_at import long_day


class TokenScope(StrEnum):
    """Say what a personal access token may do: read only, or read and write."""

    READ = "read"
    WRITE = "write"

    @property
    def label(self) -> str:
        """Return the words the account page shows for the scope."""
        return "Read only" if self is TokenScope.READ else "Read and write"


PREFIX = "itk_"
# How much of a token its owner is shown again, to tell tokens apart: the prefix and 4 more.
SHOWN_LENGTH = len(PREFIX) + 4
LONGEST_LIFE = timedelta(days=366)
DEFAULT_LIFE = timedelta(days=90)
LONGEST_NAME = 100
RATE_WINDOW = timedelta(minutes=1)


def token_text(random_part: str) -> str:
    """Return the token given to its owner: the prefix, then the random part."""
    return PREFIX + random_part


def token_digest(token: str) -> str:
    """Return the hash kept of a token: SHA-256, as the token is long and random, not a password."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def expiry_problem(expires_on: date | None, today: date) -> str | None:
    """Return what is wrong with a token's expiry date, or None: after today, within a year."""
    if expires_on is None:
        return "Enter the date the token expires."
    if expires_on <= today:
        return "The expiry date must be after today."
    if expires_on > add_years(today, 1):
        return f"A token lasts at most a year: choose a date up to {long_day(add_years(today, 1))}."
    return None


def add_years(day: date, years: int) -> date:
    """Return the same day some years on; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def counted_request(
    window_started_at: datetime | None, window_count: int, now: datetime
) -> tuple[datetime, int]:
    """Return the rate limit's window and count once this request is counted."""
    if window_started_at is None or not window_started_at <= now < window_started_at + RATE_WINDOW:
        return now, 1
    return window_started_at, window_count + 1


def retry_after(window_started_at: datetime, now: datetime) -> int:
    """Return the whole seconds until the window ends and a request is counted again."""
    remaining = window_started_at + RATE_WINDOW - now
    return max(1, -(-int(remaining.total_seconds() * 1000) // 1000))

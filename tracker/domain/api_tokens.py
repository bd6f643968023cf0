"""Make, check and count personal access tokens for the API."""

import hashlib
from datetime import date, datetime, timedelta
from enum import StrEnum

from tracker.domain.as_at import long_day
from tracker.domain.text_limits import TextLimit
from tracker.domain.typed_text import control_character_problem


class TokenScope(StrEnum):
    """Say what a personal access token may do: read only, or read and write."""

    READ = "read"
    WRITE = "write"

    @property
    def label(self) -> str:
        """Return the words the account page shows for the scope."""
        return "Read only" if self is TokenScope.READ else "Read and write"


class TokenStatus(StrEnum):
    """Say whether a token is still accepted, or why not."""

    ACTIVE = "active"
    EXPIRED = "expired"
    REVOKED = "revoked"

    @property
    def label(self) -> str:
        """Return the word the account page and the command line show for the status."""
        return self.value.capitalize()


PREFIX = "itk_"
# How much of a token its owner is shown again, to tell tokens apart: the prefix and 4 more.
SHOWN_LENGTH = len(PREFIX) + 4
DEFAULT_LIFE = timedelta(days=90)
LONGEST_NAME = 100
RATE_WINDOW = timedelta(minutes=1)
TOKEN_NAME = TextLimit("The token's name", LONGEST_NAME)


def token_text(random_part: str) -> str:
    """Return the token given to its owner: the prefix, then the random part."""
    return PREFIX + random_part


def token_digest(token: str) -> str:
    """Return the hash kept of a token: SHA-256, as the token is long and random, not a password."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def name_problem(name: str) -> str | None:
    """Return what is wrong with a token's name as typed, or None: given, one line, not too long."""
    if not name.strip():
        return "Enter a name for the token, such as the system that will use it."
    return control_character_problem(
        "The token's name", name, multiline=False
    ) or TOKEN_NAME.problem(name.strip())


def parse_scope(text: str) -> tuple[TokenScope | None, str]:
    """Return the scope written as 'read' or 'write', or None and what to write instead."""
    written = text.strip().lower()
    if written in set(TokenScope):
        return TokenScope(written), ""
    choices = " or ".join(f"'{scope.value}' ({scope.label.lower()})" for scope in TokenScope)
    if not written:
        return None, f"Choose the token's scope: {choices}."
    return None, f"The scope is {choices}; '{text.strip()}' is neither."


def token_status(*, revoked_at: datetime | None, expires_on: date, today: date) -> TokenStatus:
    """Return whether a token is accepted today; it is refused from its expiry date on."""
    if revoked_at is not None:
        return TokenStatus.REVOKED
    if expires_on <= today:
        return TokenStatus.EXPIRED
    return TokenStatus.ACTIVE


def expiry_problem(expires_on: date | None, today: date) -> str | None:
    """Return what is wrong with a token's expiry date, or None: after today, within a year."""
    if expires_on is None:
        return "Enter the date the token expires."
    if expires_on <= today:
        return "The expiry date must be after today."
    if expires_on > add_years(today, 1):
        return f"A token lasts at most a year: choose a date up to {long_day(add_years(today, 1))}."
    return None


def default_expiry(today: date) -> date:
    """Return the expiry date a new token is offered: 90 days on."""
    return today + DEFAULT_LIFE


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

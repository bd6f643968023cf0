"""Read the values users type into single boxes, each with the message to show when it is wrong.

Every reader returns the value and an empty message, or None and the message; every check
returns the message, or None when the value is fine. Forms and commands show the messages.
"""

from __future__ import annotations

import re
from datetime import time

from email_validator import EmailNotValidError, validate_email

SLUG_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")
SLUG_MESSAGE = (
    "The short name must be lower-case letters, digits and hyphens, starting with a letter or digit"
)
# /admin/plans/new would hide the admin page of a plan called "new", and /plans/overdue and
# /plans/tallies the pages of plans called so.
RESERVED_SLUGS = frozenset({"new", "overdue", "tallies"})
EMAIL_MESSAGE = "Enter an email address in the correct format, like name@example.org"
_CLOCK_TIME = re.compile(r"^(\d{1,2})[:.](\d{2})$")


def parse_whole_number(text: str, *, name: str) -> tuple[int | None, str]:
    """Return the whole number typed, or None with the message; an empty box is no number."""
    text = text.strip()
    if not text:
        return None, ""
    try:
        return int(text), ""
    except ValueError:
        return None, f"{name} must be a whole number, like 5"


def number_range_problem(
    number: float | None,
    minimum: float | None = None,
    maximum: float | None = None,
    *,
    message: str | None = None,
) -> str | None:
    """Return what is wrong when the number is missing or outside minimum to maximum, inclusive."""
    if (
        number is not None
        and number == number  # NaN is in no range
        and (minimum is None or number >= minimum)
        and (maximum is None or number <= maximum)
    ):
        return None
    if message is not None:
        return message
    if maximum is None:
        return f"Number must be at least {minimum}."
    if minimum is None:
        return f"Number must be at most {maximum}."
    return f"Number must be between {minimum} and {maximum}."


def parse_clock_time(text: str, *, name: str) -> tuple[time | None, str]:
    """Return the time typed as HH:MM (or HH.MM) on the 24-hour clock, or None with the message."""
    text = text.strip()
    if not text:
        return None, ""
    match = _CLOCK_TIME.match(text)
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        return None, f"{name} must be a time on the 24-hour clock, like 07:00"
    return time(int(match[1]), int(match[2])), ""


def slug_problem(slug: str) -> str | None:
    """Return what is wrong with a plan's short name for web addresses, or None."""
    return None if SLUG_PATTERN.match(slug) else SLUG_MESSAGE


def reserved_slug_problem(slug: str) -> str | None:
    """Return what is wrong when a new short name is one the admin pages use for themselves."""
    return f"Choose another short name: '{slug}' is reserved" if slug in RESERVED_SLUGS else None


def email_problem(address: str | None) -> str | None:
    """Return what is wrong with an email address typed into a form, or None."""
    if address is None:
        return EMAIL_MESSAGE
    try:
        validate_email(address, check_deliverability=False)
    except EmailNotValidError:
        return EMAIL_MESSAGE
    return None


def file_size_problem(size: int, limit: int) -> str | None:
    """Return what is wrong when an uploaded file is larger than the limit, in bytes."""
    return f"The file must be smaller than {human_size(limit)}" if size > limit else None


def human_size(size: int) -> str:
    """Return a number of bytes as KB or MB, to three significant figures."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.3g} MB"
    return f"{size / 1024:.3g} KB"

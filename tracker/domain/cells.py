"""Read and write the single cells of a council plan: completion, theme, priority, dates, %."""

import contextlib
import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from tracker.domain.enums import Completion
from tracker.domain.markup import plain_text


class CellError(ValueError):
    """Say what is wrong with a cell and what it accepts instead."""


_COMPLETION_WORDS = {
    Completion.COMPLETED: ("y", "yes", "complete", "completed"),
    Completion.NOT_COMPLETED: ("n", "no", "not complete", "not completed", "not yet completed"),
    Completion.PARTIALLY_COMPLETED: (
        "p",
        "part",
        "partial",
        "partially",
        "partly",
        "part completed",
        "partially complete",
        "partially completed",
        "partly completed",
    ),
    Completion.NOT_KNOWN: ("", "?", "unknown", "not known", "completion status not known"),
}
_COMPLETION_BY_WORD = {
    word: completion for completion, words in _COMPLETION_WORDS.items() for word in words
}
_TRAILING_PUNCTUATION = ".,;:!"
_THEME_NUMBER = re.compile(
    r"^(?:(?:theme|section)\s+)?(?P<number>\d+)(?:\s*[.):]\s*|\s+|$)(?!\d)(?P<title>.*)$",
    re.IGNORECASE,
)
# The papers number themes from 0 ("0. Staying Safe - Performance") and never reach 100.
THEME_NUMBERS = range(0, 100)
_PRIORITY = re.compile(r"^(?:priority|p)?\s*:?\s*(?P<band>\d+)(?:\.0+)?$", re.IGNORECASE)
_ISO_DATE = re.compile(
    r"^(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})(?:[T ]00:00(?::00)?)?$"
)
_UK_DATE = re.compile(r"^(?P<day>\d{1,2})[/.-](?P<month>\d{1,2})[/.-](?P<year>\d{4})$")


def parse_completion_cell(text: str) -> Completion:
    """Read a completion cell such as "Y", "Partially completed" or "Not known"."""
    plain = plain_text(text)
    word = plain.lower().rstrip(_TRAILING_PUNCTUATION).strip()
    if word in _COMPLETION_BY_WORD:
        return _COMPLETION_BY_WORD[word]
    raise CellError(
        f"'{plain}' is not a completion status; use Completed (Y), Not completed (N),"
        " Partially completed (P) or Not known"
    )


def format_completion_cell(completion: Completion) -> str:
    """Write a completion status with the wording the council papers use."""
    return completion.label


def theme_number_problem(number: int | None) -> str | None:
    """Say what is wrong with a theme number, or return None when it is one."""
    if number in THEME_NUMBERS:
        return None
    return f"The theme number must be from {THEME_NUMBERS[0]} to {THEME_NUMBERS[-1]}"


def parse_theme_cell(text: str) -> tuple[int | None, str]:
    """Split a theme cell such as "1. Staying Safe" into its number, if any, and its title."""
    plain = plain_text(text)
    numbered = _THEME_NUMBER.match(plain)
    if numbered and theme_number_problem(int(numbered["number"])) is None:
        return int(numbered["number"]), numbered["title"]
    return None, plain


def parse_priority_cell(text: str) -> int | None:
    """Read a priority band such as "1", "Priority 2" or "P3"; blank reads as none."""
    plain = plain_text(text)
    if not plain:
        return None
    band = _PRIORITY.match(plain)
    if band and int(band["band"]) >= 1:
        return int(band["band"])
    raise CellError(
        f"'{plain}' is not a priority band; use a number from 1 up, e.g. 2, 'Priority 2' or 'P2'"
    )


def parse_iso_date_cell(text: str) -> date | None:
    """Read a date cell written as 2010-11-30 or 30/11/2010; blank reads as none."""
    plain = plain_text(text)
    if not plain:
        return None
    written = _ISO_DATE.match(plain) or _UK_DATE.match(plain)
    if written:
        with contextlib.suppress(ValueError):
            return date(int(written["year"]), int(written["month"]), int(written["day"]))
    raise CellError(f"'{plain}' is not a date; write it as 2010-11-30 or 30/11/2010")


_PERCENT_FORMAT = re.compile(r"0(?:\.(?P<places>0+))?\s*%")


def percent_cell_text(value: float, number_format: str | None) -> str | None:
    """Return a number shown as a percentage as the sheet shows it (0.945 as 94.5%), else None."""
    # A spreadsheet keeps 94.5% as 0.945: read as the number alone it would be a hundredth.
    if not number_format or "%" not in number_format:
        return None
    shown = _PERCENT_FORMAT.search(number_format)
    places = len(shown["places"] or "") if shown else 1
    percent = (Decimal(str(value)) * 100).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
    return f"{percent}%"

"""Read the month and date a report or list is asked for, saying what to fix when they are wrong."""

import re
from datetime import date

from tracker.domain.as_at import Month

FIRST_YEAR = 1900
LAST_YEAR = 2200
# The years FIRST_YEAR to LAST_YEAR, as the API's description writes its dates and months.
_YEARS = r"(19[0-9]{2}|2[01][0-9]{2}|2200)"
DAY_PATTERN = rf"^{_YEARS}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"
MONTH_PATTERN = rf"^{_YEARS}-(0[1-9]|1[0-2])$"

_DAY_TEXT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class BadReportParameter(ValueError):
    """Say which value was wrong and how to write it."""


def parse_month(text: str, name: str = "month") -> Month:
    """Read a month written YYYY-MM, within the years reports cover."""
    try:
        month = Month.parse(text.strip())
    except ValueError:
        raise BadReportParameter(
            f"The {name} '{text}' is not a month. Write it as YYYY-MM, for example 2009-10."
        ) from None
    if not FIRST_YEAR <= month.year <= LAST_YEAR:
        raise BadReportParameter(
            f"The {name} '{text}' is out of range. Choose a month from {FIRST_YEAR}-01 "
            f"to {LAST_YEAR}-12."
        )
    return month


def parse_day(text: str, name: str = "date") -> date:
    """Read a date written YYYY-MM-DD, within the years reports cover."""
    cleaned = text.strip()
    try:
        if not _DAY_TEXT.fullmatch(cleaned):
            raise ValueError(cleaned)
        day = date.fromisoformat(cleaned)
    except ValueError:
        raise BadReportParameter(
            f"The {name} '{text}' is not a date. Write it as YYYY-MM-DD, for example 2009-10-31."
        ) from None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise BadReportParameter(
            f"The {name} '{text}' is out of range. Choose a date from {FIRST_YEAR}-01-01 "
            f"to {LAST_YEAR}-12-31."
        )
    return day

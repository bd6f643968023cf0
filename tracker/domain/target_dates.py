"""Resolve a target date as written in a plan into a due date, milestones or a recurrence."""

import calendar
import html
import re
from dataclasses import dataclass
from datetime import date

from tracker.domain.enums import Recurrence

RECURRENCE_MONTHS = {Recurrence.MONTHLY: 1, Recurrence.QUARTERLY: 3, Recurrence.ONGOING: 1}

MID_MONTH_DAY = 15

_MONTHS = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sept": 9,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}

_ORDINAL = r"\s*(?:st|nd|rd|th)"
_NOT_NUMBER_BEFORE = r"(?<![\d./-])"
_NOT_NUMBER_AFTER = r"(?![\d./-]*\d)"

_MONTH_MENTION = re.compile(
    r"(?:\b(?P<modifier>mid|middle\s+of|end\s+of|end|beginning\s+of|start\s+of|early|late)"
    r"(?:\s*-\s*|\s+)(?:the\s+)?"
    rf"|{_NOT_NUMBER_BEFORE}\b(?P<day>\d{{1,2}})(?:{_ORDINAL})?\b(?:\s+of)?\s+)?"
    rf"\b(?P<month>{'|'.join(sorted(_MONTHS, key=len, reverse=True))})\b\.?"
    rf"(?:\s+(?P<day_after>\d{{1,2}})(?:{_ORDINAL}\b|(?=,?\s+(?:19|20)\d{{2}}\b)))?"
    r"(?:\s+(?P<financial_year>(?:19|20)\d{2}\s*[/-]\s*\d{2}(?:\d{2})?)\b"
    r"|,?\s*(?P<year>(?:19|20)\d{2})\b)?",
    re.IGNORECASE,
)
_NUMERIC_DATE = re.compile(
    rf"{_NOT_NUMBER_BEFORE}(?:(?P<iso_year>\d{{4}})-(?P<iso_month>\d{{1,2}})-(?P<iso_day>\d{{1,2}})"
    r"|(?P<day>\d{1,2})[./-](?P<month>\d{1,2})[./-](?P<year>\d{4}|\d{2}))"
    rf"{_NOT_NUMBER_AFTER}"
)
_QUARTER = re.compile(
    r"\bQ[1-4]\b|\bquarter\s*[1-4]\b|\b[1-4](?:st|nd|rd|th)\s+(?:quarter|qtr)\b|\bqtr\s*[1-4]\b",
    re.IGNORECASE,
)
_FINANCIAL_YEAR = re.compile(r"\b(?:19|20)\d{2}\s*[/-]\s*\d{2}(?:\d{2})?\b")
_TENTATIVE = re.compile(
    r"\b(?:TBC|TBD|TBA|to\s+be\s+(?:confirmed|determined|agreed|decided))\b", re.IGNORECASE
)
_RECURRENCE_WORDS = (
    (Recurrence.MONTHLY, re.compile(r"(?<![\w-])monthly\b", re.IGNORECASE)),
    (Recurrence.QUARTERLY, re.compile(r"(?<![\w-])quarterly\b", re.IGNORECASE)),
    (Recurrence.ONGOING, re.compile(r"(?<![\w-])on[\s-]?going\b", re.IGNORECASE)),
)
_HTML_TAG = re.compile(r"<[^>]*>")
_UNPINNED_MODIFIERS = ("beginning", "start", "early", "late")


@dataclass(frozen=True, slots=True)
class ResolvedTargetDate:
    """Hold a target date as written beside what it resolves to, or why it could not."""

    text: str
    due: date | None
    milestones: tuple[date, ...]
    recurrence: Recurrence
    flagged: bool
    reason: str | None


@dataclass(frozen=True, slots=True)
class _Mention:
    """Hold one month or date named in the text before its year is known."""

    written: str
    month: int
    year: int | None
    day: int | None


class _Unresolvable(Exception):
    """Carry the reason a text cannot be resolved."""


def normalise_target_date_text(text: str) -> str:
    """Return the text without markup and with single spaces."""
    return " ".join(html.unescape(_HTML_TAG.sub(" ", text)).split())


def resolve_target_date(text: str, *, default_year: int | None = None) -> ResolvedTargetDate:
    """Resolve a target-date text; flag it with a reason rather than guess."""
    written = normalise_target_date_text(text)
    if not written:
        return ResolvedTargetDate(written, None, (), Recurrence.NONE, False, None)
    try:
        dates = _dates_in(written, default_year)
    except _Unresolvable as unresolvable:
        return _flagged(written, str(unresolvable))
    if dates:
        due = max(dates)
        milestones = tuple(sorted(set(dates) - {due}))
        return ResolvedTargetDate(written, due, milestones, Recurrence.NONE, False, None)
    for recurrence, pattern in _RECURRENCE_WORDS:
        if pattern.search(written):
            return ResolvedTargetDate(written, None, (), recurrence, False, None)
    financial_year = _FINANCIAL_YEAR.search(written)
    if financial_year:
        return _flagged(
            written,
            f"financial year '{financial_year.group()}' does not name a month in '{written}'",
        )
    return _flagged(written, f"no month or date found in '{written}'")


def _flagged(written: str, reason: str) -> ResolvedTargetDate:
    return ResolvedTargetDate(written, None, (), Recurrence.NONE, True, reason)


def _dates_in(written: str, default_year: int | None) -> list[date]:
    quarter = _QUARTER.search(written)
    if quarter:
        raise _Unresolvable(f"quarter '{quarter.group()}' does not name a month in '{written}'")
    numeric_dates = [_numeric_date(match, written) for match in _NUMERIC_DATE.finditer(written)]
    mentions = _month_mentions(_NUMERIC_DATE.sub(" ", written), written)
    if not numeric_dates and not mentions:
        return []
    tentative = _TENTATIVE.search(written)
    if tentative:
        raise _Unresolvable(f"'{tentative.group()}' says the date in '{written}' is not fixed")
    return numeric_dates + _dated_mentions(mentions, default_year, written)


def _numeric_date(match: re.Match[str], written: str) -> date:
    if match["iso_year"]:
        year, month, day = int(match["iso_year"]), int(match["iso_month"]), int(match["iso_day"])
    else:
        year = int(match["year"]) + (2000 if len(match["year"]) == 2 else 0)
        month, day = int(match["month"]), int(match["day"])
    return _real_date(year, month, day, written)


def _month_mentions(searchable: str, written: str) -> list[_Mention]:
    mentions = []
    for match in _MONTH_MENTION.finditer(searchable):
        month_word = match["month"]
        # Lower-case "may" is usually the verb, so it only counts as May beside a year.
        if month_word == "may" and not match["year"]:
            continue
        if match["financial_year"]:
            raise _Unresolvable(
                f"'{match.group().strip()}' names a financial year, not a calendar year,"
                f" in '{written}'"
            )
        modifier = (match["modifier"] or "").lower()
        if modifier.startswith(_UNPINNED_MODIFIERS):
            raise _Unresolvable(f"'{match.group().strip()}' does not pin a day in '{written}'")
        day_text = match["day"] or match["day_after"]
        if day_text:
            day = int(day_text)
        elif modifier.startswith("mid"):
            day = MID_MONTH_DAY
        else:
            day = None
        year = int(match["year"]) if match["year"] else None
        month = _MONTHS[month_word.lower()]
        mentions.append(_Mention(match.group().strip(), month, year, day))
    return mentions


def _dated_mentions(mentions: list[_Mention], default_year: int | None, written: str) -> list[date]:
    if not mentions:
        return []
    years = _years_for(mentions, default_year, written)
    return [
        _real_date(year, mention.month, mention.day or _last_day(year, mention.month), written)
        for mention, year in zip(mentions, years, strict=True)
    ]


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _real_date(year: int, month: int, day: int, written: str) -> date:
    if date.min.year <= year and 1 <= month <= 12 and 1 <= day <= _last_day(year, month):
        return date(year, month, day)
    month_name = calendar.month_name[month] if 1 <= month <= 12 else f"month {month}"
    raise _Unresolvable(f"{day} {month_name} {year} does not exist in '{written}'")


def _years_for(mentions: list[_Mention], default_year: int | None, written: str) -> list[int]:
    """Give yearless mentions the year that keeps the sequence ascending."""
    # A plan writes "August } Sept } Oct } 30th Nov 2010": the year written later covers the
    # months before it. Months after the last written year continue from it, and only a text
    # with no year at all falls back on default_year, the year of the snapshot's as-at date.
    years: list[int | None] = [mention.year for mention in mentions]
    next_year: int | None = None
    next_month = 13
    for index in range(len(mentions) - 1, -1, -1):
        mention = mentions[index]
        if mention.year is not None:
            next_year = mention.year
        elif next_year is not None:
            if mention.month > next_month:
                next_year -= 1
            years[index] = next_year
        next_month = mention.month
    earlier_year, earlier_month = default_year, mentions[0].month
    for index, mention in enumerate(mentions):
        if years[index] is None:
            if earlier_year is None:
                raise _Unresolvable(f"no year given for '{mention.written}' in '{written}'")
            if mention.month < earlier_month:
                earlier_year += 1
            years[index] = earlier_year
        earlier_year, earlier_month = years[index], mention.month
    return years

"""Resolve a target date as written in a plan into a due date, milestones or a recurrence."""

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime

from tracker.domain.as_at import long_day
from tracker.domain.enums import Recurrence
from tracker.domain.markup import plain_text

MID_MONTH_DAY = 15
# A two-digit year further than this from the as-at year is more likely a slip or a US-style day
# ("Dec 31") than a year, so it is flagged rather than read as 2031.
SHORT_YEAR_SPAN = 10
# The UK financial year runs from April to March.
FINANCIAL_YEAR_FIRST_MONTH = 4

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
_FINANCIAL_YEAR_TEXT = r"(?:19|20)\d{2}\s*[/-]\s*\d{2}(?:\d{2})?"

_MONTH_MENTION = re.compile(
    r"(?:\b(?P<modifier>mid|middle\s+of|end\s+of|end|beginning\s+of|start\s+of|early|late)"
    r"(?:\s*-\s*|\s+)(?:the\s+)?"
    rf"|{_NOT_NUMBER_BEFORE}\b(?P<day>\d{{1,2}})(?P<ordinal>{_ORDINAL})?\b(?:\s+of)?\s+)?"
    rf"\b(?P<month>{'|'.join(sorted(_MONTHS, key=len, reverse=True))})\b\.?"
    rf"(?:\s+(?P<day_after>\d{{1,2}})(?:{_ORDINAL}\b|(?=,?\s+(?:19|20)\d{{2}}\b)))?"
    r"(?:\s+(?P<financial_year>(?:19|20)?\d{2}\s*[/-]\s*\d{2}(?:\d{2})?)\b"
    r"|(?:\s*,\s*|\s*[-–]\s*|\s+)(?P<year>(?:19|20)\d{2})\b"
    r"|(?:\s*[-–]\s*|\s*['’]|\s+['’]?)(?P<short_year>\d{2})\b(?!%|[.,:/-]\d))?",
    re.IGNORECASE,
)
_NUMERIC_DATE = re.compile(
    rf"{_NOT_NUMBER_BEFORE}(?:(?P<iso_year>\d{{4}})-(?P<iso_month>\d{{1,2}})-(?P<iso_day>\d{{1,2}})"
    r"|(?P<first>\d{1,2})[./-](?P<second>\d{1,2})[./-](?P<year>\d{4}|\d{2}))"
    rf"{_NOT_NUMBER_AFTER}"
)
_QUARTER = re.compile(
    r"(?:(?:\bQ\s?|\bquarter\s*|\bqtr\.?\s*)(?P<number>[1-4])\b"
    r"|\b(?P<ordinal_number>[1-4])(?:st|nd|rd|th)\s+(?:quarter|qtr)\b)"
    r"(?:\s*(?:of|in)?\s*[,(]?\s*(?:FY\s*)?"
    r"(?P<financial_year>(?:19|20)?\d{2}\s*[/-]\s*\d{2}(?:\d{2})?)\b(?![/.-]?\d))?",
    re.IGNORECASE,
)
_FINANCIAL_YEAR = re.compile(
    rf"\b(?:FY\s*)?(?P<financial_year>{_FINANCIAL_YEAR_TEXT})\b(?![/.-]?\d)", re.IGNORECASE
)
_FINANCIAL_YEAR_PARTS = re.compile(r"(?P<first>\d{4}|\d{2})\s*[/-]\s*(?P<second>\d{4}|\d{2})")
_UNPINNED_BEFORE_QUARTER = re.compile(
    r"\b(?P<modifier>beginning|start|early|mid|middle|late)(?:\s+of)?(?:\s+the)?\s*-?\s*$",
    re.IGNORECASE,
)
_TENTATIVE = re.compile(
    r"\b(?:TBC|TBD|TBA|to\s+be\s+(?:confirmed|determined|agreed|decided))\b", re.IGNORECASE
)
_RECURRENCE_WORDS = (
    (Recurrence.MONTHLY, re.compile(r"(?<![\w-])monthly\b", re.IGNORECASE)),
    (Recurrence.QUARTERLY, re.compile(r"(?<![\w-])quarterly\b", re.IGNORECASE)),
    (Recurrence.ONGOING, re.compile(r"(?<![\w-])on[\s-]?going\b", re.IGNORECASE)),
)
_ONWARDS = re.compile(r"\bonwards?\b", re.IGNORECASE)
# Times of year that name no month: reading them as one would be a guess, so they are flagged.
_UNDATED = (
    (
        re.compile(
            r"\b(?:(?:spring|summer|autumn)\s+(?:half[\s-]+)?term|half[\s-]+term|term\s+[1-6])\b",
            re.IGNORECASE,
        ),
        "is a school term, not a month",
    ),
    (
        re.compile(r"\b(?:spring|summer|autumn|winter)\b", re.IGNORECASE),
        "is a season, not a month",
    ),
    (
        re.compile(
            r"\b(?:re-?visit|visit|inspection|meeting|committee|cabinet|board|panel|launch"
            r"|go[\s-]live|sign[\s-]off)\b",
            re.IGNORECASE,
        ),
        "is an event, not a date",
    ),
)
# Words that number a thing, so "Phase 2 Mar 2017" is March 2017 and not 2 March.
_NUMBERING_WORDS = frozenset(
    {
        "action",
        "actions",
        "annex",
        "appendix",
        "chapter",
        "cohort",
        "group",
        "item",
        "ks",
        "level",
        "module",
        "no",
        "number",
        "objective",
        "page",
        "para",
        "paragraph",
        "part",
        "phase",
        "priority",
        "rec",
        "recommendation",
        "ref",
        "release",
        "round",
        "section",
        "sprint",
        "stage",
        "step",
        "top",
        "tranche",
        "version",
        "wave",
        "workstream",
        "year",
        "yr",
    }
)
_WORD_BEFORE = re.compile(r"([A-Za-z]+)\.?\s*$")
_UNPINNED_MODIFIERS = ("beginning", "start", "early", "late")
# Quoted text, [colour]/[locale] sections, escaped characters and padding in a number format.
_FORMAT_LITERALS = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.|[_*].')


@dataclass(frozen=True, slots=True)
class ResolvedTargetDate:
    """Hold a target date as written beside what it resolves to, or why it could not."""

    text: str
    due: date | None
    milestones: tuple[date, ...]
    recurrence: Recurrence
    flagged: bool
    reason: str | None
    starts: date | None = None
    note: str | None = None
    # The words that named each milestone, in the order of milestones.
    milestone_words: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class _Mention:
    """Hold one month or date named in the text before its year is known."""

    written: str
    month: int
    year: int | None
    day: int | None


@dataclass(frozen=True, slots=True)
class _Span:
    """Hold the first and last day a written date covers: a day, a month, a quarter or a year."""

    start: date
    end: date
    # The words that named it, kept as a milestone's words.
    words: str = ""


class _Unresolvable(Exception):
    """Carry the reason a text cannot be resolved."""


def resolve_target_date(
    text: str, *, as_at: date | None = None, day_first: bool = True
) -> ResolvedTargetDate:
    """Resolve a target-date text read at as_at; flag it with a reason rather than guess."""
    written = plain_text(text)
    if not written:
        return ResolvedTargetDate(written, None, (), Recurrence.NONE, False, None)
    try:
        spans, note = _spans_in(written, as_at, day_first)
        if not spans:
            recurrence = _recurrence_in(written)
            if recurrence is not None:
                return ResolvedTargetDate(written, None, (), recurrence, False, None)
            _refuse_undated(written)
            spans = _financial_year_spans(written)
        if spans:
            _refuse_tentative(written)
    except _Unresolvable as unresolvable:
        return _flagged(written, str(unresolvable))
    if not spans:
        return _flagged(written, f"no month or date found in '{written}'")
    ends = {span.end for span in spans}
    if _ONWARDS.search(written):
        last = max(spans, key=lambda span: span.end)
        milestones = tuple(sorted(ends - {last.end}))
        return ResolvedTargetDate(
            written,
            None,
            milestones,
            _recurrence_in(written) or Recurrence.ONGOING,
            False,
            None,
            starts=last.start,
            note=_join_notes(note, f"recurs from {_month_year(last.start)} onwards, no due date"),
            milestone_words=_words_for(milestones, spans),
        )
    due = max(ends)
    milestones = tuple(sorted(ends - {due}))
    return ResolvedTargetDate(
        written,
        due,
        milestones,
        Recurrence.NONE,
        False,
        None,
        note=note,
        milestone_words=_words_for(milestones, spans),
    )


def _words_for(milestones: tuple[date, ...], spans: list[_Span]) -> tuple[str, ...]:
    """Return the words naming each milestone date: those of every span ending on it."""
    return tuple(
        " / ".join(dict.fromkeys(span.words for span in spans if span.end == day and span.words))
        for day in milestones
    )


def date_cell_text(value: date, number_format: str | None) -> str:
    """Return a spreadsheet date cell as text: its month and year when the format shows no day."""
    if number_format and _shows_month_without_day(number_format):
        return _month_year(value)
    if isinstance(value, datetime):
        if value.time() != datetime.min.time():
            return str(value)
        return value.date().isoformat()
    return value.isoformat()


def _shows_month_without_day(number_format: str) -> bool:
    shown = _FORMAT_LITERALS.sub("", number_format.split(";")[0]).lower()
    # Without an hour or seconds beside it, "m" is a month, not minutes.
    return "m" in shown and "y" in shown and not any(code in shown for code in "dhs")


def _month_year(day: date) -> str:
    return f"{calendar.month_name[day.month]} {day.year}"


def _join_notes(*notes: str | None) -> str | None:
    return "; ".join(note for note in notes if note) or None


def _flagged(written: str, reason: str) -> ResolvedTargetDate:
    return ResolvedTargetDate(written, None, (), Recurrence.NONE, True, reason)


def _recurrence_in(written: str) -> Recurrence | None:
    for recurrence, pattern in _RECURRENCE_WORDS:
        if pattern.search(written):
            return recurrence
    return None


def _refuse_undated(written: str) -> None:
    for pattern, why in _UNDATED:
        found = pattern.search(written)
        if found:
            raise _Unresolvable(f"'{found.group()}' {why}, in '{written}'")


def _refuse_tentative(written: str) -> None:
    tentative = _TENTATIVE.search(written)
    if tentative:
        raise _Unresolvable(f"'{tentative.group()}' says the date in '{written}' is not fixed")


def _spans_in(written: str, as_at: date | None, day_first: bool) -> tuple[list[_Span], str | None]:
    quarters, searchable = _quarter_spans(written)
    numeric = [
        _day_span(_numeric_date(match, written, day_first), match.group())
        for match in _NUMERIC_DATE.finditer(searchable)
    ]
    mentions = _month_mentions(_NUMERIC_DATE.sub(" ", searchable), written, as_at)
    dated, note = _dated_mentions(mentions, as_at, written)
    return quarters + numeric + dated, note


def _day_span(day: date, words: str = "") -> _Span:
    return _Span(day, day, words.strip())


def _numeric_date(match: re.Match[str], written: str, day_first: bool) -> date:
    if match["iso_year"]:
        year, month, day = int(match["iso_year"]), int(match["iso_month"]), int(match["iso_day"])
    else:
        year = int(match["year"]) + (2000 if len(match["year"]) == 2 else 0)
        first, second = int(match["first"]), int(match["second"])
        day, month = (first, second) if day_first else (second, first)
    return _real_date(year, month, day, written)


def _quarter_spans(written: str) -> tuple[list[_Span], str]:
    """Read each quarter of a UK financial year; return them and the text left to search."""
    quarters = list(_QUARTER.finditer(written))
    if not quarters:
        return [], written
    spans = []
    for quarter in quarters:
        unpinned = _UNPINNED_BEFORE_QUARTER.search(written[: quarter.start()])
        if unpinned:
            raise _Unresolvable(
                f"'{unpinned.group().strip()} {quarter.group().strip()}' does not pin a day"
                f" in '{written}'"
            )
        number = int(quarter["number"] or quarter["ordinal_number"])
        year_text = quarter["financial_year"] or _nearest_financial_year(written, quarter)
        if year_text is None:
            raise _Unresolvable(
                f"quarter '{quarter.group().strip()}' does not name a month or a financial year"
                f" in '{written}':"
                f" add the financial year, as in 'Q{number} 2016/17'"
            )
        first_year = _financial_year_start(year_text, written)
        first_month = FINANCIAL_YEAR_FIRST_MONTH + 3 * (number - 1)
        year, month = first_year + (first_month - 1) // 12, (first_month - 1) % 12 + 1
        spans.append(
            _Span(
                date(year, month, 1),
                date(year, month + 2, _last_day(year, month + 2)),
                quarter.group().strip(),
            )
        )
    return spans, _FINANCIAL_YEAR.sub(" ", _QUARTER.sub(" ", written))


def _nearest_financial_year(written: str, quarter: re.Match[str]) -> str | None:
    """Give a quarter the financial year written after it ("Q1 and Q2 2016/17"), else before."""
    years = list(_FINANCIAL_YEAR.finditer(written))
    after = [year for year in years if year.start() > quarter.start()]
    before = [year for year in years if year.start() < quarter.start()]
    chosen = after[0] if after else (before[-1] if before else None)
    return chosen["financial_year"] if chosen else None


def _financial_year_start(year_text: str, written: str) -> int:
    parts = _FINANCIAL_YEAR_PARTS.fullmatch(year_text)
    if parts is None:
        raise _Unresolvable(f"'{year_text}' is not a financial year in '{written}'")
    first = int(parts["first"]) + (2000 if len(parts["first"]) == 2 else 0)
    if int(parts["second"]) % 100 != (first + 1) % 100:
        raise _Unresolvable(
            f"'{year_text}' is not a financial year (April of one year to March of the next)"
            f" in '{written}'"
        )
    return first


def _financial_year_spans(written: str) -> list[_Span]:
    spans = []
    for match in _FINANCIAL_YEAR.finditer(written):
        first = _financial_year_start(match["financial_year"], written)
        spans.append(
            _Span(
                date(first, FINANCIAL_YEAR_FIRST_MONTH, 1),
                date(first + 1, 3, 31),
                match.group().strip(),
            )
        )
    return spans


def _month_mentions(searchable: str, written: str, as_at: date | None) -> list[_Mention]:
    mentions = []
    for match in _MONTH_MENTION.finditer(searchable):
        month_word = match["month"]
        # Lower-case "may" is usually the verb, so it only counts as May beside a full year.
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
        day = _day_written(match, searchable)
        if day is None and modifier.startswith("mid"):
            day = MID_MONTH_DAY
        if match["year"]:
            year = int(match["year"])
        elif match["short_year"]:
            year = _short_year(match, written, as_at)
        else:
            year = None
        month = _MONTHS[month_word.lower()]
        mentions.append(_Mention(match.group().strip(), month, year, day))
    return mentions


def _day_written(match: re.Match[str], searchable: str) -> int | None:
    """Return the day of the month written beside it, when the number reads as a day."""
    if match["day_after"]:
        return int(match["day_after"])
    if not match["day"]:
        return None
    day = int(match["day"])
    if match["ordinal"]:
        return day
    word_before = _WORD_BEFORE.search(searchable[: match.start("day")])
    if day > 31 or (word_before and word_before.group(1).lower() in _NUMBERING_WORDS):
        return None
    return day


def _short_year(match: re.Match[str], written: str, as_at: date | None) -> int:
    year = 2000 + int(match["short_year"])
    if as_at is not None and abs(year - as_at.year) > SHORT_YEAR_SPAN:
        raise _Unresolvable(
            f"'{match.group().strip()}' would be {year}, far from the as-at date"
            f" {long_day(as_at)}, in '{written}': write the year in full"
        )
    return year


def _dated_mentions(
    mentions: list[_Mention], as_at: date | None, written: str
) -> tuple[list[_Span], str | None]:
    if not mentions:
        return [], None
    years, note = _years_for(mentions, as_at, written)
    spans = []
    for mention, year in zip(mentions, years, strict=True):
        if mention.day is None:
            last = _real_date(year, mention.month, _last_day(year, mention.month), written)
            spans.append(_Span(date(year, mention.month, 1), last, mention.written))
        else:
            spans.append(
                _day_span(_real_date(year, mention.month, mention.day, written), mention.written)
            )
    return spans, note


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _real_date(year: int, month: int, day: int, written: str) -> date:
    if date.min.year <= year and 1 <= month <= 12 and 1 <= day <= _last_day(year, month):
        return date(year, month, day)
    month_name = calendar.month_name[month] if 1 <= month <= 12 else f"month {month}"
    raise _Unresolvable(f"{day} {month_name} {year} does not exist in '{written}'")


def _years_for(
    mentions: list[_Mention], as_at: date | None, written: str
) -> tuple[list[int], str | None]:
    """Give yearless mentions the year that keeps the sequence ascending, and say when assumed."""
    # A plan writes "August } Sept } Oct } 30th Nov 2010": the year written later covers the
    # months before it. Months after the last written year continue from it. Only a text with no
    # year at all is read from the as-at date: its first month is the first such month on or
    # after the as-at month ("by end of April" read in March 2011 is April 2011, in August 2010
    # also April 2011), and the note says so, because the council did not write the year.
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
    note = None
    earlier_year: int | None = None
    earlier_month = 13
    resolved: list[int] = []
    for index, mention in enumerate(mentions):
        year = years[index]
        if year is None:
            if earlier_year is None:
                if as_at is None:
                    raise _Unresolvable(f"no year given for '{mention.written}' in '{written}'")
                year = as_at.year + (1 if mention.month < as_at.month else 0)
                month_name = calendar.month_name[mention.month]
                note = (
                    f"no year written: '{mention.written}' read as {month_name} {year}, the"
                    f" first {month_name} on or after the as-at month ({_month_year(as_at)})"
                )
            else:
                year = earlier_year + (1 if mention.month < earlier_month else 0)
        resolved.append(year)
        earlier_year, earlier_month = year, mention.month
    return resolved, note

"""Read, place and show the figures of performance indicators: readings, targets and periods."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from tracker.domain.indicator_terms import Frequency, Unit, YearBasis
from tracker.domain.target_dates import SHORT_YEAR_SPAN

_ONE_DAY = timedelta(days=1)
_FIRST_MONTH = {YearBasis.FINANCIAL: 4, YearBasis.ACADEMIC: 9, YearBasis.CALENDAR: 1}
_MONTH_NUMBERS = {
    **{name.lower(): number for number, name in enumerate(calendar.month_name) if name},
    **{name.lower(): number for number, name in enumerate(calendar.month_abbr) if name},
    "sept": 9,
}
# School terms as the attendance and absence returns count them: autumn from September to
# December, spring from January to March, summer from April to August.
_TERMS = (("Autumn", 9, 12), ("Spring", 1, 3), ("Summer", 4, 8))
_TERM_NAMES = {name.lower(): (first, last) for name, first, last in _TERMS}

# Words a council writes in a cell that has no figure, and what each means.
_NO_DATA_WORDS = {
    "-": "no data",
    "–": "no data",
    "—": "no data",
    "no data": "no data",
    "n/a": "not applicable",
    "na": "not applicable",
    "not applicable": "not applicable",
    "not available": "not available",
    "tbc": "to be confirmed",
}
_PER_10000 = re.compile(r"\s*per\s*10,?000\s*$", re.IGNORECASE)
_DAYS = re.compile(r"\s*days?\s*$", re.IGNORECASE)
_NUMBER = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|[+-]?\.\d+")
_FRACTION = re.compile(r"\(?\s*(?P<numerator>[^()/]+?)\s*/\s*(?P<denominator>[^()/]+?)\s*\)?")
_MONEY = re.compile(r"(?P<minus>-)?£\s*(?P<figure>[^£]+?)\s*(?P<scale>k|m|bn)?", re.IGNORECASE)
_MONEY_SCALES = {"k": Decimal(1000), "m": Decimal(1_000_000), "bn": Decimal(1_000_000_000)}
_SHORT_YEAR_BASE = 2000
# Figures are kept as floating point, which holds 15 significant digits exactly.
MOST_DIGITS = 15
QUOTED_LENGTH = 40
# Periods are pure functions of a few dates and enums, asked for thousands of times by one
# scorecard (every reading of every indicator); this many stay remembered between calls.
_PERIODS_KEPT = 4096


@dataclass(frozen=True, slots=True)
class Period:
    """Name the stretch of time a reading covers, with the heading a scorecard gives it."""

    start: date
    end: date
    label: str
    # Worked out once: periods are the keys of the cached rules a scorecard asks of every reading.
    _hash: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_hash", hash((self.start, self.end, self.label)))

    def __hash__(self) -> int:
        return self._hash


@dataclass(frozen=True, slots=True)
class ReadingValue:
    """Hold what a reading cell says: the figure, its fraction, or why there is no figure."""

    value: Decimal | None
    numerator: Decimal | None
    denominator: Decimal | None
    no_data: str | None


class ValueProblem(ValueError):
    """Refuse a figure, tolerance or period heading, saying why in a council user's words."""


def _clean(text: str) -> str:
    """Return text with its spaces made plain and single, and its dashes and minus signs plain."""
    plain = text.replace("\u2212", "-").replace("\u00a0", " ").replace("\u202f", " ")
    return " ".join(plain.split())


def _decimal(text: str, written: str) -> Decimal:
    """Read a plain number such as 1,192 or 94.5, refusing anything else."""
    if _NUMBER.fullmatch(text) is None:
        raise ValueProblem(f"{quoted(written)} is not a number")
    try:
        figure = Decimal(text.replace(",", ""))
    except InvalidOperation as error:
        raise ValueProblem(f"{quoted(written)} is not a number") from error
    if len(figure.as_tuple().digits) > MOST_DIGITS:
        raise ValueProblem(
            f"{quoted(written)} has more digits than a figure can keep ({MOST_DIGITS})"
        )
    return figure


def quoted(text: str) -> str:
    """Return text in quotation marks, cut to a length a message can carry."""
    shown = text if len(text) <= QUOTED_LENGTH else f"{text[: QUOTED_LENGTH - 1]}…"
    return f"“{shown}”"


def _refuse_negative(figure: Decimal, unit: Unit, written: str) -> None:
    if figure < 0 and unit is not Unit.MONEY:
        raise ValueProblem(f"{quoted(written)} is below zero, which a {_unit_noun(unit)} cannot be")


def _unit_noun(unit: Unit) -> str:
    return {
        Unit.PERCENTAGE: "percentage",
        Unit.NUMBER: "number",
        Unit.RATE_PER_10000: "rate per 10,000",
        Unit.DAYS: "number of days",
        Unit.MONEY: "sum of money",
    }[unit]


def _strip_unit(text: str, unit: Unit, written: str) -> str:
    """Return the figure of text without the unit written after it, refusing another unit's sign."""
    if unit is Unit.PERCENTAGE:
        return text[:-1].rstrip() if text.endswith("%") else text
    if "%" in text:
        raise ValueProblem(
            f"{quoted(written)} is a percentage, but this indicator is a {_unit_noun(unit)}"
        )
    if unit is Unit.RATE_PER_10000:
        return _PER_10000.sub("", text)
    if unit is Unit.DAYS:
        return _DAYS.sub("", text)
    return text


def _single_figure(text: str, unit: Unit, written: str) -> Decimal:
    """Read one figure in the indicator's unit, as format_value writes it or as councils type it."""
    if unit is Unit.MONEY and "£" in text:
        money = _MONEY.fullmatch(text)
        if money is None:
            raise ValueProblem(f"{quoted(written)} is not a sum of money")
        figure = _decimal(money["figure"], written)
        if money["scale"]:
            figure *= _MONEY_SCALES[money["scale"].lower()]
        return -figure if money["minus"] else figure
    figure = _decimal(_strip_unit(text, unit, written), written)
    _refuse_negative(figure, unit, written)
    return figure


def _last_place(text: str) -> Decimal:
    """Return one unit of the last decimal place written: 0.1 for 77.8, 1 for 57."""
    exponent = Decimal(text.replace(",", "")).as_tuple().exponent
    assert isinstance(exponent, int)
    return Decimal(1).scaleb(exponent)


def _written_from(worked_out: Decimal, written: Decimal, figure_text: str) -> bool:
    """Say whether a written percentage is its fraction rounded or cut to the places written."""
    place = _last_place(figure_text)
    # Councils cut as well as round: 003 writes 2270/3940 (57.6%) as 57%.
    return abs(worked_out - written) <= place / 2 or Decimal(0) <= worked_out - written < place


def parse_reading(text: str, unit: Unit) -> ReadingValue:
    """Read a reading cell such as 77.8% (1767/2270), 106.5 per 10,000, 1,192, - or n/a."""
    cleaned = _clean(text)
    if not cleaned:
        return ReadingValue(None, None, None, "blank")
    no_data = _NO_DATA_WORDS.get(cleaned.lower())
    if no_data is not None:
        return ReadingValue(None, None, None, no_data)
    head, fraction = cleaned, None
    if unit is Unit.PERCENTAGE and "/" in cleaned:
        opening = cleaned.find("(")
        head = cleaned[:opening].strip() if opening >= 0 else ""
        fraction = cleaned[opening:] if opening >= 0 else cleaned
    if fraction is None:
        return ReadingValue(_single_figure(head, unit, cleaned), None, None, None)
    parts = _FRACTION.fullmatch(fraction)
    if parts is None:
        raise ValueProblem(
            f"{quoted(cleaned)} is not a percentage with its fraction, as 77.8% (1767/2270)"
        )
    numerator = _decimal(parts["numerator"], cleaned)
    denominator = _decimal(parts["denominator"], cleaned)
    _refuse_negative(numerator, unit, cleaned)
    _refuse_negative(denominator, unit, cleaned)
    if denominator == 0:
        raise ValueProblem(f"{quoted(cleaned)} divides by nought")
    worked_out = numerator * 100 / denominator
    if not head:
        return ReadingValue(worked_out.quantize(Decimal("0.1")), numerator, denominator, None)
    value = _single_figure(head, unit, cleaned)
    figure_text = head.rstrip("%").strip()
    if not _written_from(worked_out, value, figure_text):
        raise ValueProblem(
            f"{quoted(cleaned)}: {format_value(numerator, Unit.NUMBER)} out of"
            f" {format_value(denominator, Unit.NUMBER)} is"
            f" {format_value(worked_out.quantize(Decimal('0.1')), Unit.PERCENTAGE)},"
            f" not {format_value(value, Unit.PERCENTAGE)}"
        )
    return ReadingValue(value, numerator, denominator, None)


def not_read(problem: ValueProblem) -> str:
    """Say why a reading's text as written gives no figure: it cannot be read, and the reason."""
    return f"not read: {problem}"


def parse_figure(text: str, unit: Unit) -> Decimal:
    """Read one target or benchmark figure such as 95% or 8.4% (2014/15), refusing anything else."""
    return parse_labelled_figure(text, unit)[0]


def parse_labelled_figure(text: str, unit: Unit) -> tuple[Decimal, str]:
    """Read a figure with the period in brackets after it, as 9.6% (Autumn Term 2015)."""
    cleaned = _clean(text)
    if not cleaned or cleaned.lower() in _NO_DATA_WORDS:
        raise ValueProblem(
            f"{quoted(cleaned)} gives no figure" if cleaned else "there is no figure"
        )
    label = ""
    labelled = re.fullmatch(r"(?P<figure>[^()]+?)\s*\((?P<label>[^()]*)\)", cleaned)
    if labelled is not None:
        cleaned, label = labelled["figure"], labelled["label"].strip()
    return _single_figure(cleaned, unit, _clean(text)), label


def format_value(value: Decimal | None, unit: Unit) -> str:
    """Show a figure in its unit, as 94.5%, 1,192, 106.5 per 10,000, £1,200 or - for none."""
    if value is None:
        return "-"
    figure = _grouped(value)
    if unit is Unit.PERCENTAGE:
        return f"{figure}%"
    if unit is Unit.RATE_PER_10000:
        return f"{figure} per 10,000"
    if unit is Unit.DAYS:
        return f"{figure} day" if value == 1 else f"{figure} days"
    if unit is Unit.MONEY:
        sign = "-" if value < 0 else ""
        if value == value.to_integral_value():
            return f"{sign}£{_grouped(abs(value))}"
        return f"{sign}£{abs(value).quantize(Decimal('0.01')):,f}"
    return figure


def _grouped(value: Decimal) -> str:
    """Write value with thousands separators and no trailing zeros after the point."""
    normal = value.normalize()
    if normal == normal.to_integral_value():
        return f"{int(normal):,}"
    return f"{normal:,f}"


def year_start(day: date, basis: YearBasis) -> date:
    """Return the first day of the year (on the basis given) that day falls in."""
    first = _FIRST_MONTH[basis]
    return date(day.year if day.month >= first else day.year - 1, first, 1)


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _add_months(day: date, months: int) -> date:
    """Return the first day of the month months after day's month."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _year_label(start: date, basis: YearBasis) -> str:
    if basis is YearBasis.CALENDAR:
        return str(start.year)
    return f"{start.year}/{(start.year + 1) % 100:02d}"


@lru_cache(maxsize=_PERIODS_KEPT)
def month_period(year: int, month: int) -> Period:
    """Return a calendar month, headed as a scorecard heads it ("Nov-16")."""
    return Period(
        date(year, month, 1),
        _month_end(year, month),
        f"{calendar.month_abbr[month]}-{year % 100:02d}",
    )


def _term_of(day: date) -> tuple[str, int, int]:
    for name, first, last in _TERMS:
        if first <= day.month <= last:
            return name, first, last
    raise AssertionError("every month falls in a term")


@lru_cache(maxsize=_PERIODS_KEPT)
def period_containing(day: date, frequency: Frequency, basis: YearBasis) -> Period:
    """Return the period of the indicator's frequency that day falls in."""
    if frequency is Frequency.MONTHLY:
        return month_period(day.year, day.month)
    if frequency is Frequency.ROLLING_YEAR:
        month = month_period(day.year, day.month)
        return Period(_add_months(month.start, -11), month.end, month.label)
    if frequency is Frequency.TERMLY:
        name, first_month, last_month = _term_of(day)
        return Period(
            date(day.year, first_month, 1),
            _month_end(day.year, last_month),
            f"{name} Term {day.year}",
        )
    start = year_start(day, basis)
    if frequency is Frequency.ANNUAL:
        return Period(start, _add_months(start, 12) - _ONE_DAY, _year_label(start, basis))
    months_in = (day.year - start.year) * 12 + day.month - start.month
    quarter = months_in // 3
    first = _add_months(start, quarter * 3)
    return Period(
        first, _add_months(first, 3) - _ONE_DAY, f"Q{quarter + 1} {_year_label(start, basis)}"
    )


@lru_cache(maxsize=_PERIODS_KEPT)
def previous_period(period: Period, frequency: Frequency, basis: YearBasis) -> Period:
    """Return the period of the same frequency just before period."""
    if frequency is Frequency.ROLLING_YEAR:
        return period_containing(period.end.replace(day=1) - _ONE_DAY, frequency, basis)
    return period_containing(period.start - _ONE_DAY, frequency, basis)


@lru_cache(maxsize=_PERIODS_KEPT)
def is_year_outturn(period: Period, basis: YearBasis) -> bool:
    """Say whether period is a whole year on the basis given: a year-on-year trend figure."""
    start = year_start(period.start, basis)
    return period.start == start and period.end == _add_months(start, 12) - _ONE_DAY


def months_spanned(period: Period) -> int:
    """Return how many calendar months period runs over, counting part months."""
    return (period.end.year - period.start.year) * 12 + period.end.month - period.start.month + 1


_MONTH_YEAR = re.compile(r"(?P<month>[a-z]+)\.?[\s\-/']*(?P<year>\d{2}|\d{4})", re.IGNORECASE)
_ISO_MONTH = re.compile(r"(?P<year>\d{4})-(?P<month>\d{1,2})")
_SPLIT_YEAR = re.compile(r"(?P<first>\d{4})\s*[/-]\s*(?P<second>\d{2}|\d{4})")
_QUARTER = re.compile(
    r"(?:Q|Quarter\s*)(?P<quarter>[1-4])(?:\s*[,-]?\s*(?P<year>\d{4}(?:\s*[/-]\s*(?:\d{2}|\d{4}))?))?",
    re.IGNORECASE,
)
_TERM = re.compile(r"(?P<term>autumn|spring|summer)(?:\s+term)?\s+(?P<year>\d{4})", re.IGNORECASE)


def parse_period_heading(
    text: str, *, frequency: Frequency | None, year_basis: YearBasis, today: date | None = None
) -> Period:
    """Read a period column heading of a scorecard into the period it names, refusing guesses."""
    heading = _clean(text)
    if not heading:
        raise ValueProblem("the period heading is blank")
    month = _month_heading(heading, today)
    if month is not None:
        return _period_ending_in(month, heading, frequency, year_basis)
    if (term := _TERM.fullmatch(heading)) is not None:
        first, last = _TERM_NAMES[term["term"].lower()]
        year = int(term["year"])
        return Period(
            date(year, first, 1), _month_end(year, last), f"{term['term'].title()} Term {year}"
        )
    if (quarter := _QUARTER.fullmatch(heading)) is not None:
        return _quarter_heading(quarter, heading, year_basis)
    start = _year_heading(heading, year_basis)
    if start is not None:
        return period_containing(start, Frequency.ANNUAL, year_basis)
    raise ValueProblem(
        f"{quoted(heading)} is not a period heading: write a month (Nov-16),"
        " a quarter (Q2 2009/10), a year (2015/16) or a term (Autumn Term 2015)"
    )


def _month_heading(heading: str, today: date | None) -> Period | None:
    """Return the month a heading such as Nov-16, November 2016 or 2016-11 names, if it is one."""
    if (iso := _ISO_MONTH.fullmatch(heading)) is not None:
        number = int(iso["month"])
        if len(iso["month"]) == 2 and number % 100 == (int(iso["year"]) + 1) % 100:
            if number > 12:
                return None
            raise ValueProblem(
                f"{quoted(heading)} could be {calendar.month_name[number]} {iso['year']}"
                f" or the year {iso['year']}/{number:02d}: write {calendar.month_abbr[number]}-"
                f"{int(iso['year']) % 100:02d} or {iso['year']}/{number:02d}"
            )
        if not 1 <= number <= 12:
            raise ValueProblem(f"{quoted(heading)} has no month {number}")
        return month_period(int(iso["year"]), number)
    named = _MONTH_YEAR.fullmatch(heading)
    if named is None:
        return None
    named_number = _MONTH_NUMBERS.get(named["month"].lower())
    if named_number is None:
        return None
    year_text = named["year"]
    if len(year_text) == 4:
        return month_period(int(year_text), named_number)
    year = _SHORT_YEAR_BASE + int(year_text)
    if today is not None and abs(year - today.year) > SHORT_YEAR_SPAN:
        raise ValueProblem(
            f"{quoted(heading)} would be {calendar.month_name[named_number]} {year}, far from"
            f" {today.year}: write the year in full"
        )
    return month_period(year, named_number)


def _period_ending_in(
    month: Period, heading: str, frequency: Frequency | None, basis: YearBasis
) -> Period:
    """Return the period of the frequency that a month column holds: the one ending that month."""
    if frequency is None or frequency is Frequency.MONTHLY:
        return month
    own = period_containing(month.end, frequency, basis)
    if own.end != month.end:
        raise ValueProblem(
            f"{quoted(heading)} does not end a period of this {frequency.label.lower()} indicator"
            f" ({own.label} ends {own.end.day} {own.end:%B %Y})"
        )
    return own


def _split_year_start(first: str, second: str, heading: str) -> int:
    start = int(first)
    if int(second) % 100 != (start + 1) % 100:
        raise ValueProblem(f"{quoted(heading)} is not a year running from {start} into {start + 1}")
    return start


def _quarter_heading(quarter: re.Match[str], heading: str, basis: YearBasis) -> Period:
    if quarter["year"] is None:
        raise ValueProblem(f"{quoted(heading)} does not say which year: write it as Q2 2009/10")
    start = _year_heading(quarter["year"], basis)
    if start is None:
        raise ValueProblem(f"{quoted(heading)} does not name a year on the indicator's basis")
    first = _add_months(start, (int(quarter["quarter"]) - 1) * 3)
    return period_containing(first, Frequency.QUARTERLY, basis)


def _year_heading(heading: str, basis: YearBasis) -> date | None:
    """Return the first day of the year a heading such as 2015/16 or 2016 names, if it is one."""
    split = _SPLIT_YEAR.fullmatch(heading)
    if split is not None:
        if basis is YearBasis.CALENDAR:
            raise ValueProblem(
                f"{quoted(heading)} spans two years, but this indicator runs on calendar years"
            )
        start = _split_year_start(split["first"], split["second"], heading)
        return date(start, _FIRST_MONTH[basis], 1)
    if re.fullmatch(r"\d{4}", heading):
        if basis is not YearBasis.CALENDAR:
            raise ValueProblem(
                f"{quoted(heading)} is a calendar year, but this indicator runs on"
                f" {basis.value} years: write it as {heading}/{(int(heading) + 1) % 100:02d}"
            )
        return date(int(heading), 1, 1)
    return None

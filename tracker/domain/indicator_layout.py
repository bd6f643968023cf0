"""Recognise a performance scorecard's columns and read its rows into indicators as written."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import TypeVar

from tracker.domain.indicator_terms import (
    BenchmarkKind,
    Frequency,
    Polarity,
    RagMethod,
    RagOn,
    Unit,
    YearBasis,
    YtdMethod,
)
from tracker.domain.indicator_tolerances import parse_tolerances
from tracker.domain.indicator_values import (
    Period,
    ReadingValue,
    ValueProblem,
    is_year_outturn,
    not_read,
    parse_figure,
    parse_labelled_figure,
    parse_period_heading,
    parse_reading,
    period_containing,
    year_start,
)
from tracker.domain.layout import column_letter, normalise_header
from tracker.domain.plan_rows import Problem
from tracker.domain.target_dates import resolve_target_date

HEADER_SEARCH_ROWS = 20
MAX_REF_LENGTH = 40
MAX_THEME_LENGTH = 300
MAX_SHORT_TEXT = 200
# Cells that say a figure is not given, in the tolerance, target and benchmark columns.
_NOT_GIVEN = frozenset({"", "na", "tbc", "none", "nodata", "notavailable"})
_BRACKETED = re.compile(r"\(([^)]*)\)")
_TRAILING_NOTE = re.compile(r"^(?P<figure>.*?)\s*\((?P<note>[^()]*)\)\s*$")
_STAGED_TARGET = re.compile(
    r"(?P<figure>£?\d[\d,]*(?:\.\d+)?\s*%?)\s+(?P<when>[A-Za-z]{3,9}\.?\s+\d{4})"
)
_LOOKS_LIKE_PERIOD = re.compile(r"\d")
# 004 writes "% (One month in arears)" in the unit column of a figure that comes a month late.
_IN_ARREARS = re.compile(
    r"\b(?:(?P<count>a|one|two|three|four|five|six|[1-6])\s+)?months?\s+in\s+arr?ears\b",
    re.IGNORECASE,
)
_COUNTS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_Word = TypeVar("_Word")
# Words that head a column of figures for the period after them, as "Outturn 2015/16".
_FIGURE_WORDS = frozenset({"outturn", "actual", "actuals", "result", "yearend", "performance"})


class Field(StrEnum):
    """Name what a scorecard column holds, as a mapping file writes it."""

    REF = "ref"
    TITLE = "indicator"
    THEME = "theme"
    POLARITY = "good performance is"
    UNIT = "unit"
    FREQUENCY = "frequency"
    DATA_NOTE = "data note"
    YEAR_BASIS = "year basis"
    YTD_METHOD = "ytd method"
    RAG_METHOD = "rag method"
    RED = "red"
    AMBER = "amber"
    GREEN = "green"
    TARGET = "target"
    OWNER = "owner"
    COMMENTARY = "commentary"
    STAT_NEIGHBOUR_AVERAGE = "stat neigh ave"
    BEST_STAT_NEIGHBOUR = "best stat neigh"
    NATIONAL_AVERAGE = "nat ave"
    NATIONAL_TOP_QUARTILE = "nat top qtile threshold"
    REGIONAL = "regional"
    # A figure the paper works out (YTD, DOT, RAG): the tracker works it out itself.
    COMPUTED = "computed"
    IGNORE = "ignore"


BENCHMARK_FIELDS: dict[Field, BenchmarkKind] = {
    Field.STAT_NEIGHBOUR_AVERAGE: BenchmarkKind.STAT_NEIGHBOUR_AVERAGE,
    Field.BEST_STAT_NEIGHBOUR: BenchmarkKind.BEST_STAT_NEIGHBOUR,
    Field.NATIONAL_AVERAGE: BenchmarkKind.NATIONAL_AVERAGE,
    Field.NATIONAL_TOP_QUARTILE: BenchmarkKind.NATIONAL_TOP_QUARTILE,
    Field.REGIONAL: BenchmarkKind.REGIONAL,
}

HEADER_WORDS: dict[Field, tuple[str, ...]] = {
    Field.REF: ("Ref", "Ref No", "Ref.", "No", "No.", "Number", "Reference", "PI Ref", "NI"),
    Field.TITLE: ("Indicator", "Indicators", "Measure", "Measures", "Indicator title", "PI"),
    Field.THEME: ("Theme", "Section", "Area", "Service area"),
    Field.POLARITY: (
        "Good performance is",
        "Good perf is",
        "Perf is",
        "Polarity",
        "Good is",
        "Aim",
    ),
    Field.UNIT: ("Unit", "Units", "Unit of measure", "Measure type", "Type"),
    Field.FREQUENCY: ("Frequency", "Reporting frequency", "Freq"),
    Field.DATA_NOTE: ("Data note", "Data notes", "Note", "Notes"),
    Field.YEAR_BASIS: ("Year basis", "Year", "Year type"),
    Field.YTD_METHOD: ("YTD method", "Year to date method", "How YTD is formed"),
    Field.RAG_METHOD: ("RAG method",),
    Field.RED: ("Red", "Red tolerance"),
    Field.AMBER: ("Amber", "Amber tolerance"),
    Field.GREEN: ("Green", "Target Green", "Target/Green", "Green tolerance", "Target and Green"),
    Field.TARGET: ("Target", "Targets", "Local target", "Annual target"),
    Field.OWNER: ("Owner", "Lead", "Lead officer", "Responsible officer", "Indicator owner"),
    Field.COMMENTARY: ("Commentary", "Comments", "Performance commentary"),
    Field.STAT_NEIGHBOUR_AVERAGE: (
        "Stat Neigh Ave",
        "Stat Neigh Average",
        "Statistical neighbour average",
        "Stat Neighbours",
        "Statistical neighbours",
        "SN Ave",
        "SN average",
    ),
    Field.BEST_STAT_NEIGHBOUR: (
        "Best Stat Neigh",
        "Best statistical neighbour",
        "Best SN",
    ),
    Field.NATIONAL_AVERAGE: ("Nat Ave", "National average", "National", "England average"),
    Field.NATIONAL_TOP_QUARTILE: (
        "Nat Top Qtile Threshold",
        "Nat Top Qtile",
        "National top quartile",
        "National top quartile threshold",
        "Top quartile",
        "Top quartile threshold",
    ),
    Field.REGIONAL: ("Regional", "Regional average", "Region"),
    Field.COMPUTED: (
        "YTD",
        "Year to date",
        "DOT",
        "Direction of travel",
        "RAG",
        "RAG status",
        "Trend",
    ),
}

# Headers that name their field at the start of a longer heading, e.g.
# "INDICATORS - EARLY HELP BOROUGH WIDE PERFORMANCE".
LEADING_WORDS: dict[Field, tuple[str, ...]] = {
    Field.TITLE: ("Indicators", "Indicator", "Measures"),
}

_FIELD_BY_WORDS = {
    normalise_header(words): place for place, variants in HEADER_WORDS.items() for words in variants
}
_FIELD_BY_NAME = {normalise_header(place.value): place for place in Field}
_FIELD_BY_NAME.update(_FIELD_BY_WORDS)

_FREQUENCY_WORDS: dict[str, Frequency] = {
    "monthly": Frequency.MONTHLY,
    "month": Frequency.MONTHLY,
    "onemonthinarrears": Frequency.MONTHLY,
    "onemonthinarears": Frequency.MONTHLY,
    "quarterly": Frequency.QUARTERLY,
    "quarter": Frequency.QUARTERLY,
    "termly": Frequency.TERMLY,
    "term": Frequency.TERMLY,
    "annual": Frequency.ANNUAL,
    "annually": Frequency.ANNUAL,
    "yearly": Frequency.ANNUAL,
    "rollingyear": Frequency.ROLLING_YEAR,
    "rolling12months": Frequency.ROLLING_YEAR,
    "rolling12month": Frequency.ROLLING_YEAR,
}

_POLARITY_WORDS: dict[str, Polarity] = {
    "high": Polarity.HIGH,
    "higher": Polarity.HIGH,
    "highisgood": Polarity.HIGH,
    "higherisbetter": Polarity.HIGH,
    "low": Polarity.LOW,
    "lower": Polarity.LOW,
    "lowisgood": Polarity.LOW,
    "lowerisbetter": Polarity.LOW,
    "withinlimits": Polarity.WITHIN_LIMITS,
    "withinrange": Polarity.WITHIN_LIMITS,
    "inrange": Polarity.WITHIN_LIMITS,
    # The action plans' NI 68: "mid range is good performance".
    "midrange": Polarity.WITHIN_LIMITS,
    "midrangeisgood": Polarity.WITHIN_LIMITS,
    # 004 writes a measure judged by a low-is-good band beside its limits this way.
    "withinlimitslow": Polarity.LOW,
    "withinlimitshigh": Polarity.HIGH,
    "info": Polarity.INFO,
    "infoonly": Polarity.INFO,
    "information": Polarity.INFO,
    "informationonly": Polarity.INFO,
}

_YEAR_BASIS_WORDS: dict[str, YearBasis] = {
    "financial": YearBasis.FINANCIAL,
    "financialyear": YearBasis.FINANCIAL,
    "fy": YearBasis.FINANCIAL,
    "academic": YearBasis.ACADEMIC,
    "academicyear": YearBasis.ACADEMIC,
    "schoolyear": YearBasis.ACADEMIC,
    "calendar": YearBasis.CALENDAR,
    "calendaryear": YearBasis.CALENDAR,
}

_YTD_WORDS: dict[str, YtdMethod] = {
    "cumulative": YtdMethod.CUMULATIVE_SUM,
    "cumulativesum": YtdMethod.CUMULATIVE_SUM,
    "sum": YtdMethod.CUMULATIVE_SUM,
    "total": YtdMethod.CUMULATIVE_SUM,
    "latest": YtdMethod.LATEST_VALUE,
    "latestvalue": YtdMethod.LATEST_VALUE,
    "monthendposition": YtdMethod.LATEST_VALUE,
    "average": YtdMethod.AVERAGE,
    "mean": YtdMethod.AVERAGE,
}

_RAG_METHOD_WORDS: dict[str, RagMethod] = {
    "tolerance": RagMethod.TOLERANCE,
    "tolerances": RagMethod.TOLERANCE,
    "bytolerance": RagMethod.TOLERANCE,
    "comparison": RagMethod.COMPARISON,
    "bycomparison": RagMethod.COMPARISON,
    "bytargetandcomparators": RagMethod.COMPARISON,
}


class MappingProblem(ValueError):
    """Carry every problem found in a scorecard mapping file, each naming what is wrong."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class ScorecardMapping:
    """Place headers of a scorecard file as fields, and name the rows and people to read."""

    columns: tuple[tuple[str, Field], ...]
    header_row: int | None = None
    # Owner names of the file to read as an existing person: name as written to that person.
    people: tuple[tuple[str, str], ...] = ()


_MAPPING_SETTINGS = frozenset({"header_row", "columns", "people"})


def scorecard_mapping_from_json(data: object) -> ScorecardMapping:
    """Read a scorecard mapping file's JSON; raise MappingProblem naming every problem."""
    if not isinstance(data, Mapping):
        raise MappingProblem(['a mapping must be a JSON object with "columns"'])
    problems: list[str] = []
    unknown = sorted(str(name) for name in set(data) - _MAPPING_SETTINGS)
    if unknown:
        problems.append(
            "unknown setting(s) "
            + ", ".join(f"'{name}'" for name in unknown)
            + "; a scorecard mapping may have "
            + ", ".join(sorted(_MAPPING_SETTINGS))
        )
    header_row = data.get("header_row")
    if header_row is not None and (
        isinstance(header_row, bool) or not isinstance(header_row, int) or header_row < 1
    ):
        problems.append(f"header_row must be a row number, 1 or more (not {header_row!r})")
        header_row = None
    columns: list[tuple[str, Field]] = []
    given = data.get("columns", {})
    if not isinstance(given, Mapping) or not given:
        problems.append('columns must be an object of header to field, e.g. {"No.": "ref"}')
        given = {}
    for header, place in given.items():
        found = _FIELD_BY_NAME.get(normalise_header(place)) if isinstance(place, str) else None
        if not isinstance(header, str) or not normalise_header(header):
            problems.append(f"column {header!r}: a header must be a text with letters or digits")
        elif found is None:
            problems.append(
                f"column '{header}': {place!r} is not a field; use one of "
                + ", ".join(f'"{item.value}"' for item in Field)
            )
        else:
            columns.append((" ".join(header.split()), found))
    people_given = data.get("people", {})
    people: list[tuple[str, str]] = []
    if not isinstance(people_given, Mapping) or not all(
        isinstance(name, str) and isinstance(person, str) for name, person in people_given.items()
    ):
        problems.append(
            "people must be an object of a name in the file to an existing person's name,"
            ' e.g. {"S Claydon": "Susan Claydon"}'
        )
    else:
        people = [(" ".join(n.split()), " ".join(p.split())) for n, p in people_given.items()]
    if problems:
        raise MappingProblem(problems)
    return ScorecardMapping(tuple(columns), header_row, tuple(people))


@dataclass(frozen=True)
class PeriodColumn:
    """A column of readings and its heading as the paper writes it."""

    index: int
    heading: str
    period: Period


@dataclass(frozen=True)
class ScorecardLayout:
    """Where a scorecard's header is and what each of its columns holds (0-based)."""

    header_index: int
    columns: dict[Field, int]
    periods: tuple[PeriodColumn, ...]
    computed: tuple[str, ...] = ()
    ignored: tuple[str, ...] = ()
    # The frequency a unit column's heading names, as 004's "DATA NOTE (Monthly)".
    heading_frequency: Frequency | None = None
    # The paper's own RAG column, whose cell says "YTD" where it rates the year to date, and
    # whether its heading says so for every row, as "RAG (YTD)".
    rag_column: int | None = None
    rag_on_heading: RagOn | None = None


def field_of_header(text: str) -> Field | None:
    """Return the field a header names, whatever its case, spacing and punctuation."""
    plain = normalise_header(text)
    if not plain:
        return None
    found = _FIELD_BY_WORDS.get(plain)
    if found is not None:
        return found
    bare = normalise_header(_BRACKETED.sub(" ", text))
    # 004 heads its unit column "DATA NOTE (Monthly)", saying how often the figures come.
    if _heading_frequency(text) is not None and bare in ("", "note", "datanote", "unit"):
        return Field.UNIT
    if bare in _FIELD_BY_WORDS:
        return _FIELD_BY_WORDS[bare]
    for place, words in LEADING_WORDS.items():
        if any(plain.startswith(normalise_header(word)) for word in words):
            return place
    return None


def _heading_frequency(text: str) -> Frequency | None:
    """Return the frequency a header or unit names in brackets, as "% (Quarterly)"."""
    for inner in _BRACKETED.findall(text):
        found = _FREQUENCY_WORDS.get(normalise_header(inner))
        if found is not None:
            return found
    return None


def find_layout(
    rows: Sequence[Sequence[str]], mapping: ScorecardMapping | None
) -> ScorecardLayout | list[Problem]:
    """Find the header row and place each column; return the problems when that cannot be done."""
    given = {
        normalise_header(header): place for header, place in (mapping.columns if mapping else ())
    }
    if mapping is not None and mapping.header_row is not None:
        index = mapping.header_row - 1
        if index >= len(rows):
            return [Problem(f"header_row {mapping.header_row} is below the file's last row")]
        return _place_columns(rows, index, given, mapping)
    for index in range(min(len(rows), HEADER_SEARCH_ROWS)):
        places = {_place(cell, given) for cell in rows[index]}
        if Field.REF in places and Field.TITLE in places:
            return _place_columns(rows, index, given, mapping)
    searched = min(len(rows), HEADER_SEARCH_ROWS)
    return [
        Problem(
            f"no header row found in the first {searched} rows: a scorecard needs a Ref (or No.)"
            " column and an Indicator (or Measure) column; give a mapping file with header_row"
            " and columns to read another layout"
        )
    ]


def _place(cell: str, given: Mapping[str, Field]) -> Field | None:
    plain = normalise_header(cell)
    if plain in given:
        return given[plain]
    return field_of_header(cell)


def _place_columns(
    rows: Sequence[Sequence[str]],
    index: int,
    given: Mapping[str, Field],
    mapping: ScorecardMapping | None,
) -> ScorecardLayout | list[Problem]:
    """Place each header of the row: a field, a period of readings, worked out, or not read."""
    row_number = index + 1
    columns: dict[Field, int] = {}
    periods: list[PeriodColumn] = []
    computed: list[str] = []
    ignored: list[str] = []
    problems: list[Problem] = []
    heading_frequency: Frequency | None = None
    rag_column: int | None = None
    seen_periods: dict[tuple[date, date], str] = {}
    for column, cell in enumerate(rows[index]):
        text = " ".join(cell.split())
        if not text:
            continue
        letter = column_letter(column)
        place = _place(text, given)
        heading = text
        if place is None and _LOOKS_LIKE_PERIOD.search(text):
            place, heading = _dated_heading(text)
        if place == Field.COMPUTED:
            computed.append(f"{letter} '{text}'")
            if normalise_header(text).startswith("rag"):
                rag_column = column
        elif place == Field.IGNORE:
            ignored.append(f"{letter} '{text}'")
        elif place is not None:
            if place is Field.REF and Field.REF in columns and _numbering(rows[index], columns):
                # 003 numbers its rows "No." beside the indicator's own "Ref.": the Ref wins.
                ignored.append(
                    f"{column_letter(columns[Field.REF])} '{rows[index][columns[Field.REF]]}'"
                )
                del columns[Field.REF]
            elif place is Field.REF and Field.REF in columns and _is_numbering(text):
                ignored.append(f"{letter} '{text}'")
                continue
            if place in columns:
                problems.append(
                    Problem(
                        f"'{text}' is read as {place.value}, which column"
                        f" {column_letter(columns[place])} already holds; name one of them"
                        ' "ignore" in a mapping file',
                        row=row_number,
                        column=letter,
                    )
                )
                continue
            columns[place] = column
            if place == Field.UNIT:
                heading_frequency = _heading_frequency(text)
        elif _LOOKS_LIKE_PERIOD.search(text):
            try:
                period = _heading_period(heading)
            except ValueProblem as problem:
                problems.append(
                    Problem(
                        f"the heading '{text}' is not a period the tracker can read: {problem}",
                        row=row_number,
                        column=letter,
                    )
                )
                continue
            key = (period.start, period.end)
            if key in seen_periods:
                problems.append(
                    Problem(
                        f"'{text}' heads the same period as column {seen_periods[key]}",
                        row=row_number,
                        column=letter,
                    )
                )
                continue
            seen_periods[key] = letter
            periods.append(PeriodColumn(column, heading, period))
        else:
            ignored.append(f"{letter} '{text}'")
    for needed in (Field.REF, Field.TITLE):
        if needed not in columns:
            problems.append(Problem(f"the header row has no {needed.value} column", row=row_number))
    present = {normalise_header(cell) for cell in rows[index]}
    problems.extend(
        Problem(
            f"the mapping names column '{header}', which the header row does not have",
            row=row_number,
        )
        for header, _ in (mapping.columns if mapping is not None else ())
        if normalise_header(header) not in present
    )
    if Field.THEME not in columns and _headless_first_column(rows, index, columns):
        # 004 prints each section's name down an unheaded first column, beside its rows.
        columns[Field.THEME] = 0
    if problems:
        return problems
    return ScorecardLayout(
        header_index=index,
        columns=columns,
        periods=tuple(periods),
        computed=tuple(computed),
        ignored=tuple(ignored),
        heading_frequency=heading_frequency,
        rag_column=rag_column,
        rag_on_heading=(
            RagOn.YEAR_TO_DATE
            if rag_column is not None and _says_year_to_date(rows[index][rag_column])
            else None
        ),
    )


_NUMBERING = frozenset({"no", "number", "nos"})


def _is_numbering(header: str) -> bool:
    """Tell whether a header names a row number ("No.") rather than an indicator's Ref."""
    return normalise_header(header) in _NUMBERING


def _numbering(header: Sequence[str], columns: Mapping[Field, int]) -> bool:
    """Tell whether the column already read as the Ref is headed as a row number."""
    return _is_numbering(header[columns[Field.REF]])


def _heading_period(heading: str) -> Period:
    """Return the period a column heading names, a bare year being a calendar year."""
    try:
        return parse_period_heading(heading, frequency=None, year_basis=YearBasis.FINANCIAL)
    except ValueProblem:
        if re.fullmatch(r"\d{4}", heading.strip()) is None:
            raise
        return parse_period_heading(heading, frequency=None, year_basis=YearBasis.CALENDAR)


def _dated_heading(text: str) -> tuple[Field | None, str]:
    """Read a heading that dates a field or a figure, as "Target 2016/17" or "Outturn 2015/16"."""
    words = text.split()
    for split in range(1, len(words)):
        head, tail = " ".join(words[:split]), " ".join(words[split:])
        try:
            _heading_period(tail)
        except ValueProblem:
            continue
        if normalise_header(head) in _FIGURE_WORDS:
            return None, tail
        place = field_of_header(head)
        if place is not None:
            return place, text
    return None, text


def _headless_first_column(
    rows: Sequence[Sequence[str]], index: int, columns: Mapping[Field, int]
) -> bool:
    """Tell whether the first column has no heading but text beside the indicators' rows."""
    header = rows[index]
    if (header and header[0].strip()) or 0 in columns.values():
        return False
    ref = columns.get(Field.REF)
    return any(
        row and row[0].strip() and ref is not None and ref < len(row) and row[ref].strip()
        for row in rows[index + 1 :]
    )


@dataclass(frozen=True)
class TargetRow:
    """A target as the file gives it, with the days it applies to."""

    value: Decimal
    applies_from: date | None
    applies_until: date
    text: str


@dataclass(frozen=True)
class BenchmarkRow:
    """A comparator figure as the file gives it."""

    kind: BenchmarkKind
    value: Decimal
    period_label: str
    text: str


@dataclass(frozen=True)
class ReadingRow:
    """A reading for one period as the file gives it."""

    period: Period
    value: ReadingValue
    text: str
    commentary: str
    column: str
    # Why the cell could not be read; its text is kept as written, with no figure.
    unread: str = ""


@dataclass(frozen=True)
class IndicatorRow:
    """One indicator read from a row, with every cell parsed."""

    row_number: int
    ref: str
    title: str
    theme: str
    polarity: Polarity
    unit: Unit
    frequency: Frequency
    year_basis: YearBasis
    ytd_method: YtdMethod
    rag_method: RagMethod
    notes: str
    owner: str
    tolerance_year_start: date
    tolerances: tuple[str, str, str] | None
    targets: tuple[TargetRow, ...]
    benchmarks: tuple[BenchmarkRow, ...]
    readings: tuple[ReadingRow, ...]
    months_in_arrears: int = 0
    rag_on: RagOn = RagOn.PERIOD
    # Settings the file does not state (a default stands in): an import again leaves them be.
    defaulted: frozenset[str] = frozenset()


@dataclass
class ParsedScorecard:
    """The indicators read from a scorecard, and every problem found in it."""

    indicators: list[IndicatorRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # Cells that cannot be read: their indicators are read without them.
    unread: list[Problem] = field(default_factory=list)
    # Rows whose polarity, unit or another setting is a word the tracker does not know: the row
    # is left out, so an indicator already stored keeps what it has.
    refused_rows: list[Problem] = field(default_factory=list)
    # Rows with text but no Ref and no figures, such as a key or a footnote under the table, and
    # the header row repeated on a later page.
    notes: list[int] = field(default_factory=list)


def parse_scorecard_rows(
    rows: Sequence[Sequence[str]],
    layout: ScorecardLayout,
    *,
    today: date,
    stored: Mapping[str, tuple[Frequency, YearBasis]] | None = None,
) -> ParsedScorecard:
    """Read each indicator row below the header; a row with only a title starts a theme."""
    # stored: the frequency and year basis of the plan's indicators by casefolded Ref, which
    # stand where the file does not say them, so its headings read as they did before.
    parsed = ParsedScorecard()
    theme = ""
    first_refs: dict[str, int] = {}
    ref_letter = column_letter(layout.columns[Field.REF])
    first_value_column = min(
        [
            column
            for place, column in layout.columns.items()
            if place not in (Field.REF, Field.TITLE, Field.THEME)
        ]
        + [period.index for period in layout.periods]
        + [max((len(row) for row in rows), default=0)]
    )
    reference_day = _reference_day(layout, today)
    for index in range(layout.header_index + 1, len(rows)):
        cells = rows[index]
        filled = [(column, text.strip()) for column, text in enumerate(cells) if text.strip()]
        if not filled:
            continue
        if len(filled) == 1 and filled[0][0] < first_value_column:
            theme = " ".join(filled[0][1].split())[:MAX_THEME_LENGTH]
            continue
        row = _Row(cells, index + 1, layout, stored or {})
        if field_of_header(row.cell(Field.REF)) is Field.REF and (
            field_of_header(row.cell(Field.TITLE)) is Field.TITLE
        ):
            # A scorecard printed over several pages repeats its header row on each.
            parsed.notes.append(row.number)
            continue
        if not row.cell(Field.REF) and not row.has_figures():
            parsed.notes.append(row.number)
            continue
        # A theme cell left blank under a filled one is the same theme, as a merged cell reads.
        theme = row.cell(Field.THEME)[:MAX_THEME_LENGTH] or theme
        indicator = row.indicator(theme, reference_day)
        if indicator is None:
            parsed.problems.extend(row.problems)
            parsed.refused_rows.extend(row.refused)
            continue
        parsed.unread.extend(row.unread)
        earlier = first_refs.get(indicator.ref.casefold())
        if earlier is not None:
            parsed.problems.append(
                Problem(
                    f"Ref '{indicator.ref}' is also on row {earlier}; each indicator needs its"
                    " own Ref",
                    row=row.number,
                    column=ref_letter,
                )
            )
            continue
        first_refs[indicator.ref.casefold()] = row.number
        parsed.indicators.append(indicator)
    if not parsed.indicators and not parsed.problems and not parsed.refused_rows:
        parsed.problems.append(Problem("the file has no indicator rows under its header row"))
    return parsed


def _reference_day(layout: ScorecardLayout, today: date) -> date:
    """Return the last day of the latest period the file reports, other than whole years."""
    within_year = [
        column.period.end
        for column in layout.periods
        if not is_year_outturn(column.period, YearBasis.FINANCIAL)
    ]
    # An outturn report heads its columns with whole years only: its targets are the last one's.
    return max(within_year or [column.period.end for column in layout.periods], default=today)


class _Row:
    """Read one indicator row's cells, noting each problem with its row and column."""

    def __init__(
        self,
        cells: Sequence[str],
        number: int,
        layout: ScorecardLayout,
        stored: Mapping[str, tuple[Frequency, YearBasis]],
    ) -> None:
        self.cells = cells
        self.number = number
        self.layout = layout
        self.stored = stored.get(self.cell(Field.REF).casefold())
        self.problems: list[Problem] = []
        self.unread: list[Problem] = []
        self.refused: list[Problem] = []
        # The settings the row does not state, given a default: an import again leaves them.
        self.defaulted: set[str] = set()

    def cell(self, place: Field) -> str:
        """Return the text of this row's cell in the column placed as this field."""
        column = self.layout.columns.get(place)
        if column is None or column >= len(self.cells):
            return ""
        return " ".join(self.cells[column].split())

    def note(self, place: Field, message: str) -> None:
        """Note a problem in this row's cell of the column placed as this field."""
        self.problems.append(self._at(place, message))

    def flag(self, place: Field, message: str) -> None:
        """Note a cell of this field that cannot be read; the indicator is read without it."""
        self.unread.append(self._at(place, message))

    def refuse(self, place: Field, message: str) -> None:
        """Note a setting of this field that cannot be read; the row is left out."""
        self.refused.append(self._at(place, message))

    def _at(self, place: Field, message: str) -> Problem:
        column = self.layout.columns.get(place)
        return Problem(
            message, row=self.number, column=None if column is None else column_letter(column)
        )

    def has_figures(self) -> bool:
        """Tell whether the row says anything of an indicator: its polarity, unit or a figure."""
        columns = [self.layout.columns.get(place) for place in (Field.POLARITY, Field.UNIT)]
        columns += [column.index for column in self.layout.periods]
        return any(
            column is not None and column < len(self.cells) and self.cells[column].strip()
            for column in columns
        )

    def indicator(self, theme: str, reference_day: date) -> IndicatorRow | None:
        """Return the row's indicator, or None with the row's problems noted."""
        ref, title = self.cell(Field.REF), self.cell(Field.TITLE)
        # A row without a Ref or a title cannot be matched or shown; left out and listed, so
        # the rest of a council's scorecard still comes in.
        if not ref:
            self.refuse(Field.REF, "this indicator has no Ref; give each indicator its own Ref")
        elif len(ref) > MAX_REF_LENGTH:
            self.note(
                Field.REF, f"the Ref is {len(ref)} characters; at most {MAX_REF_LENGTH} are kept"
            )
        if not title:
            self.refuse(Field.TITLE, "this row has no indicator title")
        for place, limit in ((Field.OWNER, MAX_SHORT_TEXT), (Field.THEME, MAX_THEME_LENGTH)):
            if len(self.cell(place)) > limit:
                self.note(
                    place, f"the text is {len(self.cell(place))} characters; at most {limit} fit"
                )
        polarity, unit = self._polarity(), self._unit()
        frequency, year_basis = self._frequency(), self._year_basis()
        ytd_method = self._chosen(
            Field.YTD_METHOD,
            _YTD_WORDS,
            "is not a way of forming the year to date; write Cumulative, Latest value or Average",
        )
        rag_method = self._chosen(
            Field.RAG_METHOD,
            _RAG_METHOD_WORDS,
            "is not a RAG method; write Tolerance or Comparison",
        )
        if self.problems or self.refused:
            return None
        if polarity is None or unit is None or frequency is None or year_basis is None:
            return None
        first_day = year_start(reference_day, year_basis)
        tolerances = self._tolerances(polarity, unit)
        if Field.TARGET in self.layout.columns:
            targets = self._targets(unit, first_day)
        else:
            targets = _green_as_target(tolerances[2] if tolerances else "", unit, first_day)
        benchmarks = self._benchmarks(unit)
        readings = self._readings(unit, frequency, year_basis)
        if self.problems:
            return None
        data_note = self.cell(Field.DATA_NOTE)
        if ytd_method is None:
            ytd_method, stated = _default_ytd(unit, frequency, data_note)
            if not stated:
                self.defaulted.add("ytd_method")
        if rag_method is None:
            self.defaulted.add("rag_method")
            compared = any(
                benchmark.kind
                in (BenchmarkKind.STAT_NEIGHBOUR_AVERAGE, BenchmarkKind.NATIONAL_AVERAGE)
                for benchmark in benchmarks
            )
            # Staged targets are the action plans' own yardstick: they rate against the stages,
            # not by 002's comparison with the averages their commentary also quotes.
            staged = any(target.applies_from is None for target in targets)
            rag_method = (
                RagMethod.COMPARISON
                if tolerances is None and targets and compared and not staged
                else RagMethod.TOLERANCE
            )
        return IndicatorRow(
            row_number=self.number,
            ref=ref,
            title=title,
            theme=theme,
            polarity=polarity,
            unit=unit,
            frequency=frequency,
            year_basis=year_basis,
            ytd_method=ytd_method,
            rag_method=rag_method,
            notes=data_note,
            owner=self.cell(Field.OWNER),
            tolerance_year_start=first_day,
            tolerances=tolerances,
            targets=targets,
            benchmarks=benchmarks,
            readings=readings,
            months_in_arrears=self._months_in_arrears(),
            rag_on=self._rag_on(),
            defaulted=frozenset(self.defaulted | self._not_in_file(theme)),
        )

    def _not_in_file(self, theme: str) -> set[str]:
        """Name the settings the file has no column or words for."""
        missing = {
            name
            for name, place in (("notes", Field.DATA_NOTE), ("owner", Field.OWNER))
            if place not in self.layout.columns
        }
        return missing | ({"theme"} if not theme else set())

    def _months_in_arrears(self) -> int:
        """Return how many months late the row says its figures come, as "(One month in arears)"."""
        # Not the title: "tenants in rent arrears" is what a measure counts, not when.
        for place in (Field.UNIT, Field.FREQUENCY, Field.DATA_NOTE):
            found = _IN_ARREARS.search(self.cell(place))
            if found is not None:
                count = (found["count"] or "one").casefold()
                return _COUNTS.get(count) or int(count)
        self.defaulted.add("months_in_arrears")
        return 0

    def _rag_on(self) -> RagOn:
        """Return what the row's RAG rates: the year to date where the paper writes "RAG: YTD"."""
        column = self.layout.rag_column
        cell = self.cells[column] if column is not None and column < len(self.cells) else ""
        if _says_year_to_date(cell) or "ragytd" in normalise_header(self.cell(Field.DATA_NOTE)):
            return RagOn.YEAR_TO_DATE
        if self.layout.rag_on_heading is not None:
            return self.layout.rag_on_heading
        self.defaulted.add("rag_on")
        return RagOn.PERIOD

    def _polarity(self) -> Polarity | None:
        written = self.cell(Field.POLARITY)
        polarity = _word(written, _POLARITY_WORDS)
        if polarity is None:
            self.refuse(
                Field.POLARITY,
                (f"'{written}' is not" if written else "nothing says")
                + " what good performance is; write High, Low, Within limits or Info",
            )
        return polarity

    def _unit(self) -> Unit | None:
        written = self.cell(Field.UNIT)
        unit = unit_of(written)
        if unit is None:
            self.refuse(
                Field.UNIT,
                (f"'{written}' is not a unit the tracker knows" if written else "no unit is given")
                + "; write %, Number, Rate per 10,000, Days or £",
            )
        return unit

    def _frequency(self) -> Frequency | None:
        written = self.cell(Field.FREQUENCY)
        if written:
            found = _word(_BRACKETED.sub(" ", written), _FREQUENCY_WORDS)
            if found is None:
                self.refuse(
                    Field.FREQUENCY,
                    f"'{written}' is not a frequency; write Monthly, Quarterly, Termly, Annual"
                    " or Rolling year",
                )
            return found
        unit_text = self.cell(Field.UNIT)
        hinted = _heading_frequency(unit_text)
        if hinted is not None:
            return hinted
        plain_unit = normalise_header(unit_text)
        if "rollingyear" in plain_unit or "rollingyear" in normalise_header(
            self.cell(Field.DATA_NOTE)
        ):
            return Frequency.ROLLING_YEAR
        if plain_unit.startswith("monthly"):
            return Frequency.MONTHLY
        if self.layout.heading_frequency is not None:
            return self.layout.heading_frequency
        self.defaulted.add("frequency")
        return Frequency.MONTHLY if self.stored is None else self.stored[0]

    def _year_basis(self) -> YearBasis | None:
        written = self.cell(Field.YEAR_BASIS)
        if written:
            found = _word(written, _YEAR_BASIS_WORDS)
            if found is None:
                self.refuse(
                    Field.YEAR_BASIS,
                    f"'{written}' is not a year basis; write Financial, Academic or Calendar",
                )
            return found
        plain = normalise_header(self.cell(Field.DATA_NOTE))
        for words, basis in (
            ("academicyear", YearBasis.ACADEMIC),
            ("calendaryear", YearBasis.CALENDAR),
        ):
            if words in plain:
                return basis
        if "financialyear" in plain:
            return YearBasis.FINANCIAL
        self.defaulted.add("year_basis")
        return YearBasis.FINANCIAL if self.stored is None else self.stored[1]

    def _chosen(self, place: Field, words: Mapping[str, _Word], reason: str) -> _Word | None:
        written = self.cell(place)
        if not written:
            return None
        found = _word(written, words)
        if found is None:
            self.refuse(place, f"'{written}' {reason}")
        return found

    def _tolerances(self, polarity: Polarity, unit: Unit) -> tuple[str, str, str] | None:
        red, amber, green = (
            _given(self.cell(place)) for place in (Field.RED, Field.AMBER, Field.GREEN)
        )
        if not (red or amber or green) or polarity is Polarity.INFO:
            return None
        try:
            parse_tolerances(red, amber, green, polarity=polarity, unit=unit)
        except ValueProblem as problem:
            message = str(problem)
            named = next(
                (
                    place
                    for place in (Field.RED, Field.AMBER, Field.GREEN)
                    if message.casefold().startswith(place.value)
                ),
                Field.GREEN,
            )
            # Kept as written: the rules say in their problems why they cannot rate by them.
            self.flag(named, f"the tolerances cannot be read: {message}")
        return (red, amber, green)

    def _targets(self, unit: Unit, first_day: date) -> tuple[TargetRow, ...]:
        """Read a target: one figure for the year, or staged figures each with its month."""
        text = _given(self.cell(Field.TARGET))
        if not text or not text.strip("-–— "):
            return ()
        staged = list(_STAGED_TARGET.finditer(text))
        if not staged:
            try:
                value = parse_figure(text, unit)
            except ValueProblem as problem:
                self.flag(Field.TARGET, f"the target '{text}' cannot be read: {problem}")
                return ()
            return (TargetRow(value, first_day, _year_end(first_day), text),)
        targets = []
        for match in staged:
            due = resolve_target_date(match["when"]).due
            try:
                value = parse_figure(match["figure"], unit)
            except ValueProblem as problem:
                self.flag(Field.TARGET, f"the target '{match[0]}' cannot be read: {problem}")
                continue
            if due is None:
                self.flag(Field.TARGET, f"the target '{match[0]}' names no month that can be read")
                continue
            targets.append(TargetRow(value, None, due, match[0]))
        return tuple(targets)

    def _benchmarks(self, unit: Unit) -> tuple[BenchmarkRow, ...]:
        found = []
        for place, kind in BENCHMARK_FIELDS.items():
            text = _given(self.cell(place))
            if not text or not text.strip("-–— "):
                continue
            # 004 gives two figures at times, "8.4% (2014/15) / 9.0% Autumn Term 2015": the
            # first is the comparator, the rest what it was later; the text keeps both.
            try:
                value, label = parse_labelled_figure(text.split(" / ")[0], unit)
            except ValueProblem as problem:
                self.flag(place, f"the figure '{text}' cannot be read: {problem}")
                continue
            found.append(BenchmarkRow(kind, value, label, text))
        return tuple(found)

    def _readings(
        self, unit: Unit, frequency: Frequency, basis: YearBasis
    ) -> tuple[ReadingRow, ...]:
        given: list[tuple[PeriodColumn, str, Period]] = []
        for column in self.layout.periods:
            text = (
                " ".join(self.cells[column.index].split()) if column.index < len(self.cells) else ""
            )
            if not text:
                continue
            try:
                period = _period_for(column, frequency, basis)
            except ValueProblem as problem:
                self._flag_at(
                    column, f"'{column.heading}' cannot head this indicator's figures: {problem}"
                )
                continue
            given.append((column, text, period))
        latest = max((period.end for _, _, period in given), default=None)
        commentary = self.cell(Field.COMMENTARY)
        readings: list[ReadingRow] = []
        for column, text, period in given:
            if text.startswith("="):
                self._note_at(
                    column,
                    f"the reading '{text}' under '{column.heading}' is a formula; the tracker"
                    " reads figures only: paste the cells as values and save the file again",
                )
                continue
            said = commentary if period.end == latest else ""
            try:
                value, note = _reading_value(text, unit)
            except ValueProblem as problem:
                self._flag_at(
                    column,
                    f"the reading '{text}' under '{column.heading}' cannot be read: {problem}",
                )
                # Kept as written with no figure, so the scorecard says it was not read and why.
                reason = not_read(problem)
                value, note = ReadingValue(None, None, None, reason), ""
            else:
                reason = ""
            readings.append(
                ReadingRow(
                    period,
                    value,
                    text[:MAX_SHORT_TEXT],
                    "; ".join(part for part in (note, said) if part),
                    column_letter(column.index),
                    reason,
                )
            )
        return tuple(readings)

    def _note_at(self, column: PeriodColumn, message: str) -> None:
        self.problems.append(Problem(message, row=self.number, column=column_letter(column.index)))

    def _flag_at(self, column: PeriodColumn, message: str) -> None:
        self.unread.append(Problem(message, row=self.number, column=column_letter(column.index)))


def _says_year_to_date(text: str) -> bool:
    """Say whether a RAG heading or cell names the year to date, as "RAG (YTD)" or "RAG: YTD"."""
    plain = normalise_header(text)
    return "ytd" in plain or "yeartodate" in plain


def _word(text: str, words: Mapping[str, _Word]) -> _Word | None:
    return words.get(normalise_header(text))


def unit_of(text: str) -> Unit | None:
    """Return the unit a scorecard's unit cell names, as "% (Quarterly)" or "Rate per 10,000"."""
    plain = normalise_header(_BRACKETED.sub(" ", text))
    if "%" in text or "percent" in plain:
        return Unit.PERCENTAGE
    if "per10000" in plain or "per10k" in plain:
        return Unit.RATE_PER_10000
    if "£" in text or any(word in plain for word in ("money", "cost", "gbp", "pounds")):
        return Unit.MONEY
    if "day" in plain:
        return Unit.DAYS
    if plain in ("no", "num", "nos") or any(
        word in plain for word in ("number", "count", "rate", "average", "fte", "score")
    ):
        return Unit.NUMBER
    return None


def _default_ytd(unit: Unit, frequency: Frequency, data_note: str) -> tuple[YtdMethod, bool]:
    """Return how the year to date is formed, and whether the data note or frequency says so."""
    plain = normalise_header(data_note)
    if "cumulative" in plain:
        return YtdMethod.CUMULATIVE_SUM, True
    if frequency is Frequency.ROLLING_YEAR or any(
        words in plain for words in ("monthend", "mthend", "position", "asat", "rolling")
    ):
        return YtdMethod.LATEST_VALUE, True
    if unit in (Unit.NUMBER, Unit.MONEY):
        return YtdMethod.CUMULATIVE_SUM, False
    return YtdMethod.AVERAGE, False


def _period_for(column: PeriodColumn, frequency: Frequency, basis: YearBasis) -> Period:
    """Return the period a column's heading means for an indicator of this frequency and basis."""
    # A month column of a quarterly or termly measure holds the figure of the quarter or term
    # that month falls in, as 004 prints one figure a quarter under one of its months.
    period = parse_period_heading(column.heading, frequency=None, year_basis=basis)
    if frequency is Frequency.MONTHLY or is_year_outturn(period, basis):
        return period
    if period.start.day == 1 and (period.start.year, period.start.month) == (
        period.end.year,
        period.end.month,
    ):
        return period_containing(period.end, frequency, basis)
    return period


def _given(text: str) -> str:
    """Return a tolerance, target or benchmark cell's text, or "" when it says none is given."""
    return "" if normalise_header(text) in _NOT_GIVEN else text


def _year_end(first_day: date) -> date:
    return first_day.replace(year=first_day.year + 1) - timedelta(days=1)


def _green_as_target(green: str, unit: Unit, first_day: date) -> tuple[TargetRow, ...]:
    """Return the target a Target Green column gives when it is a single figure, as 004's."""
    if not green:
        return ()
    try:
        value = parse_figure(green, unit)
    except ValueProblem:
        return ()
    return (TargetRow(value, first_day, _year_end(first_day), green),)


def _reading_value(text: str, unit: Unit) -> tuple[ReadingValue, str]:
    """Parse a reading; a bracketed note after it (a year-on-year figure's basis) is kept aside."""
    try:
        return parse_reading(text, unit), ""
    except ValueProblem:
        bracket = _TRAILING_NOTE.match(text)
        if bracket is None or not bracket["figure"]:
            raise
        try:
            return parse_reading(bracket["figure"], unit), bracket["note"].strip()
        except ValueProblem:
            pass
        raise

"""Judge indicators as the papers do: RAG, direction of travel, year to date and clinics."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from functools import lru_cache
from itertools import pairwise
from operator import attrgetter

from tracker.domain.enums import Rag
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
from tracker.domain.indicator_tolerances import Tolerances, parse_tolerances
from tracker.domain.indicator_values import (
    Period,
    ReadingValue,
    ValueProblem,
    is_year_outturn,
    month_period,
    months_spanned,
    period_containing,
    previous_period,
    year_start,
)

# 003's star is for a year to date "2% above target". Its indicators are counts, days and
# percentages alike, and only a share of the target reads the same for all of them, so the
# star needs the target beaten by 2% of the target (95% -> 96.9%), not by 2 percentage points.
STAR_MARGIN = Decimal("0.02")
RECENT_PERIODS = 3
_NOT_GREEN = "No RAG: short of green, and no red or amber tolerance says by how much"
_QUARTER_MONTHS = 3
_ALL = Decimal(100)
# 003's clinics are called at the council's quarter ends (June, September, December, March),
# whatever year an indicator's own figures run over.
_CLINIC_QUARTERS = YearBasis.FINANCIAL
# Two years of quarters: as far back as a run of clinic quarters is listed.
CLINIC_HISTORY_QUARTERS = 8


class Travel(StrEnum):
    """Say which way an indicator moved since the previous period."""

    IMPROVING = "improving"
    MAINTAINED = "maintained"
    DECLINING = "declining"
    UP = "up"
    SAME = "same"
    DOWN = "down"

    @property
    def arrow(self) -> str:
        """Return the arrow the papers draw."""
        return _TRAVEL_ARROWS[self]

    @property
    def label(self) -> str:
        """Return the words the papers use."""
        return _TRAVEL_LABELS[self]


_TRAVEL_ARROWS = {
    Travel.IMPROVING: "↑",
    Travel.MAINTAINED: "→",
    Travel.DECLINING: "↓",
    Travel.UP: "↑",
    Travel.SAME: "→",
    Travel.DOWN: "↓",
}
_TRAVEL_LABELS = {
    Travel.IMPROVING: "Improving",
    Travel.MAINTAINED: "Maintained",
    Travel.DECLINING: "Declining",
    Travel.UP: "Up",
    Travel.SAME: "Same",
    Travel.DOWN: "Down",
}


class YtdSymbol(StrEnum):
    """Say how an indicator's year to date stands against its target, with 003's symbols."""

    ABOVE = "above"
    ON_TARGET = "on_target"
    BELOW = "below"
    NO_TARGET = "no_target"

    @property
    def symbol(self) -> str:
        """Return the symbol the papers print."""
        return _YTD_SYMBOLS[self]

    @property
    def label(self) -> str:
        """Return the words of 003's key."""
        return _YTD_LABELS[self]


_YTD_SYMBOLS = {
    YtdSymbol.ABOVE: "★",
    YtdSymbol.ON_TARGET: "●",
    YtdSymbol.BELOW: "▲",
    YtdSymbol.NO_TARGET: "–",
}
_YTD_LABELS = {
    YtdSymbol.ABOVE: "2% above target or top performance",
    YtdSymbol.ON_TARGET: "On target",
    YtdSymbol.BELOW: "Below target",
    YtdSymbol.NO_TARGET: "No target set",
}


class Quartile(StrEnum):
    """Say whether an indicator is in the national top quartile."""

    TOP = "top"
    NOT_TOP = "not_top"

    @property
    def label(self) -> str:
        """Return the words a scorecard uses."""
        return "Top quartile" if self is Quartile.TOP else "Not top quartile"


@dataclass(frozen=True, slots=True)
class IndicatorFacts:
    """Hold what the rules need to know of an indicator."""

    id: int
    ref: str
    title: str
    theme: str
    unit: Unit
    polarity: Polarity
    frequency: Frequency
    year_basis: YearBasis
    ytd_method: YtdMethod
    rag_method: RagMethod
    # A paper reporting months in arrears judges, in a month's column, the figure this many
    # months earlier.
    months_in_arrears: int = 0
    rag_on: RagOn = RagOn.PERIOD


@dataclass(frozen=True, slots=True)
class ReadingFacts:
    """Hold a reading in force for a period."""

    period: Period
    value: ReadingValue
    commentary: str
    recorded_at: datetime
    corrected: bool


@dataclass(frozen=True, slots=True)
class TargetFacts:
    """Hold a target and the dates it applies over."""

    value: Decimal
    applies_from: date | None
    applies_until: date
    text: str


@dataclass(frozen=True, slots=True)
class ToleranceFacts:
    """Hold the tolerance texts set for a year."""

    year_start: date
    red: str
    amber: str
    green: str


@dataclass(frozen=True, slots=True)
class BenchmarkFacts:
    """Hold a comparator figure."""

    kind: BenchmarkKind
    value: Decimal
    period_label: str


@dataclass(frozen=True, slots=True)
class Assessment:
    """Hold everything a scorecard says of one indicator for one period."""

    indicator: IndicatorFacts
    period: Period
    latest: ReadingFacts | None
    previous: ReadingFacts | None
    recent: tuple[ReadingFacts | None, ...]
    outturns: tuple[ReadingFacts, ...]
    ytd: Decimal | None
    target: TargetFacts | None
    rag: Rag | None
    rag_method: RagMethod
    travel: Travel | None
    dot_text: str
    on_target: bool | None
    ytd_symbol: YtdSymbol
    benchmarks: tuple[BenchmarkFacts, ...]
    quartile: Quartile | None
    clinic_candidate: bool
    clinic_quarters: tuple[str, ...]
    problems: tuple[str, ...]
    recent_periods: tuple[Period, ...] = ()  # the scorecard columns `recent` fills, oldest first
    tolerances: ToleranceFacts | None = None  # the tolerance texts in force for the period
    movement: Travel | None = None  # UP, SAME or DOWN in numbers: the arrow 004 draws
    top_performance: bool = False  # 003 counts a maintained top performer with the improvers


def _better(value: Decimal, than: Decimal, polarity: Polarity) -> bool:
    """Say whether value is at least as good as than, for a high- or low-is-good measure."""
    return value <= than if polarity is Polarity.LOW else value >= than


def rag_by_tolerance(value: Decimal, tolerances: Tolerances, polarity: Polarity) -> Rag | None:
    """Rate a figure by its tolerance bands; None when the bands cannot rate it."""
    if polarity is Polarity.INFO or tolerances.range_to_be_set or tolerances.green is None:
        return None
    if tolerances.green.contains(value):
        return Rag.GREEN
    if tolerances.not_red is None:
        return None
    return Rag.AMBER if tolerances.not_red.contains(value) else Rag.RED


def rag_by_comparison(
    value: Decimal,
    target: Decimal | None,
    stat_neighbour_average: Decimal | None,
    national_average: Decimal | None,
    polarity: Polarity,
) -> Rag | None:
    """Rate a figure by target and comparators as 002 does; None when it cannot be rated."""
    if polarity not in (Polarity.HIGH, Polarity.LOW) or target is None:
        return None
    averages = [a for a in (stat_neighbour_average, national_average) if a is not None]
    if not averages:
        return None
    met = _better(value, target, polarity)
    matches_an_average = any(_better(value, average, polarity) for average in averages)
    if met and matches_an_average:
        return Rag.GREEN
    # 002 leaves a met target below both averages unrated; it is neither its green (target met
    # and an average matched) nor its red (target and both averages missed), so it is amber.
    if met or matches_an_average:
        return Rag.AMBER
    return Rag.RED


def direction_of_travel(
    current: Decimal | None,
    previous: Decimal | None,
    polarity: Polarity,
    *,
    tolerances: Tolerances | None = None,
) -> Travel | None:
    """Say how a figure moved since the previous one, through what good performance is."""
    if current is None or previous is None:
        return None
    if polarity is Polarity.WITHIN_LIMITS and tolerances is not None and tolerances.green:
        now, before = _distance(current, tolerances), _distance(previous, tolerances)
        if now == before:
            return Travel.MAINTAINED
        return Travel.IMPROVING if now < before else Travel.DECLINING
    if polarity in (Polarity.INFO, Polarity.WITHIN_LIMITS):
        if current == previous:
            return Travel.SAME
        return Travel.UP if current > previous else Travel.DOWN
    if current == previous:
        return Travel.MAINTAINED
    return Travel.IMPROVING if _better(current, previous, polarity) else Travel.DECLINING


def _distance(value: Decimal, tolerances: Tolerances) -> Decimal:
    """Return how far a figure lies outside the green range: nought inside it."""
    green = tolerances.green
    assert green is not None
    if green.low is not None and value < green.low.value:
        return green.low.value - value
    if green.high is not None and value > green.high.value:
        return value - green.high.value
    return Decimal(0)


def dot_text(travel: Travel | None, within_limits: bool | None) -> str:
    """Return 004's words for a movement: the direction and whether it is within target limits."""
    if travel is None:
        return "comparison cannot be made"
    if travel is Travel.UP:
        return "increase in numbers (no good/bad performance)"
    if travel is Travel.SAME:
        return "stable with last month (no good/bad performance)"
    if travel is Travel.DOWN:
        return "decrease in numbers (no good/bad performance)"
    if travel is Travel.IMPROVING:
        return "improvement in performance"
    if travel is Travel.MAINTAINED:
        if within_limits is None:
            return "no movement (no target set)"
        return (
            "no movement but within limits of target"
            if within_limits
            else "no movement, not on target"
        )
    if within_limits is None:
        return "decline in performance (no target set)"
    if within_limits:
        return "decline in performance but still within limits of target"
    return "decline in performance, not on target"


def _in_year(period: Period, upto: Period, basis: YearBasis) -> bool:
    return year_start(upto.end, basis) <= period.start and period.end <= upto.end


def year_to_date(
    readings: Sequence[ReadingFacts],
    *,
    method: YtdMethod,
    basis: YearBasis,
    frequency: Frequency,
    period: Period,
    unit: Unit,
) -> Decimal | None:
    """Form the year to date up to period from the readings of its year, by the method given."""
    if frequency in (Frequency.ANNUAL, Frequency.ROLLING_YEAR):
        # A figure that already covers a year is its own year to date: the latest one this year.
        whole = [
            r
            for r in readings
            if r.value.value is not None
            and year_start(period.end, basis) <= r.period.end <= period.end
        ]
        return max(whole, key=lambda r: r.period.end).value.value if whole else None
    # Only the indicator's own periods add up: a quarter's or year's figure beside the
    # months would count them twice.
    first = year_start(period.end, basis)
    in_year = sorted(
        (
            r
            for r in readings
            if r.value.value is not None
            and first <= r.period.start
            and r.period.end <= period.end
            and is_own_period(r.period, frequency, basis)
        ),
        key=lambda r: (r.period.end, r.period.start),
    )
    if not in_year:
        return None
    values = [r.value.value for r in in_year if r.value.value is not None]
    if method is YtdMethod.LATEST_VALUE:
        return values[-1]
    if method is YtdMethod.AVERAGE:
        return _tidy(sum(values, Decimal(0)) / len(values), unit)
    if unit is Unit.PERCENTAGE:
        # A year's percentage is its total numerator over its total denominator; adding up
        # monthly percentages would mean nothing.
        if any(r.value.numerator is None or r.value.denominator is None for r in in_year):
            return None
        numerator = sum((r.value.numerator or Decimal(0) for r in in_year), Decimal(0))
        denominator = sum((r.value.denominator or Decimal(0) for r in in_year), Decimal(0))
        return None if denominator == 0 else _tidy(numerator * 100 / denominator, unit)
    return sum(values, Decimal(0))


@lru_cache(maxsize=4096)
def is_own_period(period: Period, frequency: Frequency, basis: YearBasis) -> bool:
    """Say whether period is one of the periods of the frequency, not a longer or shorter one."""
    own = period_containing(period.end, frequency, basis)
    return (own.start, own.end) == (period.start, period.end)


def _tidy(value: Decimal, unit: Unit) -> Decimal:
    """Round a worked-out figure to the places a scorecard prints: one for a percentage."""
    places = Decimal("0.1") if unit is Unit.PERCENTAGE else Decimal("0.01")
    return value.quantize(places).normalize()


def ytd_symbol(
    ytd: Decimal | None,
    target: Decimal | None,
    polarity: Polarity,
    top_quartile: Decimal | None,
    *,
    tolerances: Tolerances | None = None,
    unit: Unit | None = None,
) -> YtdSymbol:
    """Give the year to date 003's symbol: ★ 2% above target or top, ● on, ▲ below, – none."""
    if ytd is None or polarity is Polarity.INFO:
        return YtdSymbol.NO_TARGET
    if polarity is Polarity.WITHIN_LIMITS:
        if tolerances is None or tolerances.green is None:
            return YtdSymbol.NO_TARGET
        return YtdSymbol.ON_TARGET if tolerances.green.contains(ytd) else YtdSymbol.BELOW
    if top_performance(ytd, polarity, top_quartile, unit=unit):
        return YtdSymbol.ABOVE
    if target is None:
        return YtdSymbol.NO_TARGET
    if polarity is Polarity.HIGH:
        star = target + abs(target) * STAR_MARGIN
    else:
        star = target - abs(target) * STAR_MARGIN
    if _better(ytd, star, polarity) and ytd != target:
        return YtdSymbol.ABOVE
    return YtdSymbol.ON_TARGET if _better(ytd, target, polarity) else YtdSymbol.BELOW


def top_performance(
    value: Decimal | None,
    polarity: Polarity,
    top_quartile: Decimal | None,
    *,
    unit: Unit | None = None,
) -> bool:
    """Say whether a figure is top performance: in the top quartile, or the best there can be."""
    if value is None or polarity not in (Polarity.HIGH, Polarity.LOW):
        return False
    if top_quartile is not None and _better(value, top_quartile, polarity):
        return True
    # 003's top performers are at the end of the scale: no schools in special measures, every
    # statement of special educational needs issued in time.
    if polarity is Polarity.LOW:
        return value <= 0
    return unit is Unit.PERCENTAGE and value >= _ALL


def target_for(targets: Sequence[TargetFacts], period: Period) -> TargetFacts | None:
    """Return the target in force for period: the earliest still running at its end."""
    running = [
        t
        for t in targets
        if t.applies_until >= period.end
        and (t.applies_from is None or t.applies_from <= period.end)
    ]
    if not running:
        return None
    return min(running, key=lambda t: (t.applies_until, t.applies_from or date.min))


def quartile(
    value: Decimal | None, threshold: Decimal | None, polarity: Polarity
) -> Quartile | None:
    """Say whether a figure reaches the national top-quartile threshold, through the polarity."""
    if value is None or threshold is None or polarity not in (Polarity.HIGH, Polarity.LOW):
        return None
    return Quartile.TOP if _better(value, threshold, polarity) else Quartile.NOT_TOP


def on_target(
    value: Decimal | None,
    target: Decimal | None,
    polarity: Polarity,
    tolerances: Tolerances | None = None,
) -> bool | None:
    """Say whether a figure meets its target (its green range if within limits); None if unknown."""
    if value is None or polarity is Polarity.INFO:
        return None
    if polarity is Polarity.WITHIN_LIMITS or target is None:
        if tolerances is None or tolerances.green is None:
            return None
        return tolerances.green.contains(value)
    return _better(value, target, polarity)


def _tolerances_for(tolerances: Sequence[ToleranceFacts], period: Period) -> ToleranceFacts | None:
    """Return the tolerances set for the latest year starting on or before the period ends."""
    set_before = [t for t in tolerances if t.year_start <= period.end]
    return max(set_before, key=lambda t: t.year_start) if set_before else None


def _reading_by_period(readings: Sequence[ReadingFacts]) -> dict[tuple[date, date], ReadingFacts]:
    """Index readings by their period, the latest recorded winning where two share one."""
    indexed: dict[tuple[date, date], ReadingFacts] = {}
    for reading in sorted(readings, key=attrgetter("recorded_at")):
        indexed[(reading.period.start, reading.period.end)] = reading
    return indexed


def _column_frequency(period: Period) -> Frequency:
    months = months_spanned(period)
    if months == 1:
        return Frequency.MONTHLY
    if months == _QUARTER_MONTHS:
        return Frequency.QUARTERLY
    return Frequency.ANNUAL if months >= 12 else Frequency.TERMLY


def _in_arrears(period: Period, months: int) -> Period:
    """Return the month a period's column judges when its figures come this many months late."""
    if not months:
        return period
    judged = month_period(period.end.year, period.end.month)
    for _ in range(months):
        judged = previous_period(judged, Frequency.MONTHLY, YearBasis.CALENDAR)
    return judged


def _own_period(indicator: IndicatorFacts, period: Period) -> Period:
    """Return the indicator's own period a scorecard period shows: the last one ending by it."""
    own = period_containing(period.end, indicator.frequency, indicator.year_basis)
    if own.end > period.end:
        own = previous_period(own, indicator.frequency, indicator.year_basis)
    return own


def _recent_columns(indicator: IndicatorFacts, period: Period) -> tuple[Period, ...]:
    """Return the scorecard's last three columns up to period, oldest first."""
    return _columns(period, indicator.year_basis)


@lru_cache(maxsize=64)
def _columns(period: Period, year_basis: YearBasis) -> tuple[Period, ...]:
    """Return the last three columns up to period of a scorecard for indicators on year_basis."""
    frequency = _column_frequency(period)
    columns = [period]
    if frequency is Frequency.MONTHLY:
        columns = [month_period(period.end.year, period.end.month)]
    # Step back over the scorecard's own quarters or years, which every indicator on it shares,
    # whatever year basis the indicator's own figures run on.
    basis = next(
        (b for b in (year_basis, *YearBasis) if is_own_period(period, frequency, b)),
        year_basis,
    )
    while len(columns) < RECENT_PERIODS:
        columns.append(previous_period(columns[-1], frequency, basis))
    return tuple(reversed(columns))


def _reading_ending_in(readings: Sequence[ReadingFacts], column: Period) -> ReadingFacts | None:
    """Return the reading whose period ends inside the column, the one most recorded last."""
    ending = [r for r in readings if column.start <= r.period.end <= column.end]
    if not ending:
        return None
    return max(ending, key=lambda r: (r.period.end, r.period.start, r.recorded_at))


def _value(reading: ReadingFacts | None) -> Decimal | None:
    return None if reading is None else reading.value.value


@lru_cache(maxsize=64)
def clinic_quarter_ends(period: Period) -> tuple[Period, ...]:
    """Return the council's quarters that have ended by period, newest first."""
    quarter = period_containing(period.end, Frequency.QUARTERLY, _CLINIC_QUARTERS)
    if quarter.end > period.end:
        quarter = previous_period(quarter, Frequency.QUARTERLY, _CLINIC_QUARTERS)
    quarters = []
    for _ in range(CLINIC_HISTORY_QUARTERS):
        quarters.append(quarter)
        quarter = previous_period(quarter, Frequency.QUARTERLY, _CLINIC_QUARTERS)
    return tuple(quarters)


def assess(
    indicator: IndicatorFacts,
    readings: Sequence[ReadingFacts],
    targets: Sequence[TargetFacts],
    tolerances: Sequence[ToleranceFacts],
    benchmarks: Sequence[BenchmarkFacts],
    period: Period,
) -> Assessment:
    """Judge one indicator for one scorecard period from the readings in force."""
    problems: list[str] = []
    polarity = indicator.polarity
    by_period = _reading_by_period(readings)
    own = _own_period(indicator, _in_arrears(period, indicator.months_in_arrears))
    latest = by_period.get((own.start, own.end))
    before = previous_period(own, indicator.frequency, indicator.year_basis)
    previous = by_period.get((before.start, before.end))
    columns = _recent_columns(indicator, period)
    # The columns show readings of the indicator's own frequency, not its year outturns.
    own_kind = [
        r
        for r in by_period.values()
        if is_own_period(r.period, indicator.frequency, indicator.year_basis)
    ]
    # Only readings ending inside the columns can fill them: narrow once, not per column.
    first, last = min(c.start for c in columns), max(c.end for c in columns)
    shown = [r for r in own_kind if first <= r.period.end <= last]
    recent = tuple(_reading_ending_in(shown, column) for column in columns)
    outturns = tuple(
        sorted(
            (
                r
                for r in by_period.values()
                if is_year_outturn(r.period, indicator.year_basis) and r.period.end <= period.end
            ),
            key=lambda r: r.period.start,
        )
    )
    tolerance_facts = _tolerances_for(tolerances, own)
    bands = None if polarity is Polarity.INFO else _parsed(tolerance_facts, indicator, problems)
    target = target_for(targets, own)
    target_value = None if target is None else target.value
    value = _value(latest)
    comparators = {b.kind: b.value for b in benchmarks}
    travel = direction_of_travel(value, _value(previous), polarity, tolerances=bands)
    stage = _stage_passed(targets, own)
    ytd = year_to_date(
        list(by_period.values()),
        method=indicator.ytd_method,
        basis=indicator.year_basis,
        frequency=indicator.frequency,
        period=own,
        unit=indicator.unit,
    )
    rated = ytd if indicator.rag_on is RagOn.YEAR_TO_DATE else value
    rag = _rag(indicator, rated, target_value, bands, comparators, problems, travel, stage)
    met = on_target(rated, target_value, polarity, bands)
    within = rag in (Rag.GREEN, Rag.AMBER) if rag is not None else met
    if ytd is None and _needs_fractions(indicator, by_period.values(), own):
        problems.append(
            "No year to date: a cumulative percentage needs the numerator and denominator"
            " of every reading in the year"
        )
    top = comparators.get(BenchmarkKind.NATIONAL_TOP_QUARTILE)
    quarters = _clinic_quarters(indicator, by_period, targets, bands, period)
    return Assessment(
        indicator=indicator,
        period=period,
        latest=latest,
        previous=previous,
        recent=recent,
        outturns=outturns,
        ytd=ytd,
        target=target,
        rag=rag,
        rag_method=indicator.rag_method,
        travel=travel,
        movement=direction_of_travel(value, _value(previous), Polarity.INFO),
        dot_text=dot_text(travel, within),
        on_target=met,
        ytd_symbol=ytd_symbol(
            ytd, target_value, polarity, top, tolerances=bands, unit=indicator.unit
        ),
        top_performance=top_performance(value, polarity, top, unit=indicator.unit),
        benchmarks=tuple(benchmarks),
        quartile=quartile(value, top, polarity),
        clinic_candidate=bool(quarters),
        clinic_quarters=quarters,
        problems=tuple(problems),
        recent_periods=columns,
        tolerances=tolerance_facts,
    )


def _needs_fractions(
    indicator: IndicatorFacts, readings: Iterable[ReadingFacts], upto: Period
) -> bool:
    """Say whether a cumulative percentage lacks the fractions its year to date is formed from."""
    return (
        indicator.unit is Unit.PERCENTAGE
        and indicator.ytd_method is YtdMethod.CUMULATIVE_SUM
        and indicator.frequency not in (Frequency.ANNUAL, Frequency.ROLLING_YEAR)
        and any(
            r.value.value is not None and _in_year(r.period, upto, indicator.year_basis)
            for r in readings
        )
    )


@lru_cache(maxsize=1024)
def _bands(red: str, amber: str, green: str, polarity: Polarity, unit: Unit) -> Tolerances:
    """Parse tolerance texts once for the many indicators of a scorecard that share them."""
    return parse_tolerances(red, amber, green, polarity=polarity, unit=unit)


def _parsed(
    facts: ToleranceFacts | None, indicator: IndicatorFacts, problems: list[str]
) -> Tolerances | None:
    """Parse the tolerance texts in force, noting a problem instead of failing when unreadable."""
    if facts is None:
        return None
    try:
        return _bands(facts.red, facts.amber, facts.green, indicator.polarity, indicator.unit)
    except ValueProblem as problem:
        problems.append(f"The tolerances cannot be read. {problem}")
        return None


def _rag(
    indicator: IndicatorFacts,
    value: Decimal | None,
    target: Decimal | None,
    bands: Tolerances | None,
    comparators: dict[BenchmarkKind, Decimal],
    problems: list[str],
    travel: Travel | None,
    stage: Decimal | None,
) -> Rag | None:
    """Rate the latest figure by the indicator's method, noting why when it cannot be rated."""
    if value is None or indicator.polarity is Polarity.INFO:
        return None
    if indicator.rag_method is RagMethod.COMPARISON:
        rag = rag_by_comparison(
            value,
            target,
            comparators.get(BenchmarkKind.STAT_NEIGHBOUR_AVERAGE),
            comparators.get(BenchmarkKind.NATIONAL_AVERAGE),
            indicator.polarity,
        )
        if rag is None:
            problems.append(
                "No RAG: rating by comparison needs a target and a statistical neighbour"
                " or national average"
            )
        return rag
    if bands is not None and not bands.range_to_be_set:
        rag = rag_by_tolerance(value, bands, indicator.polarity)
        if rag is not None or bands.green is None:
            return rag
        if target is None or indicator.polarity not in (Polarity.HIGH, Polarity.LOW):
            problems.append(_NOT_GREEN)
            return None
    elif target is None or indicator.polarity not in (Polarity.HIGH, Polarity.LOW):
        return None
    return _rag_by_target(value, target, indicator.polarity, travel, stage)


def _rag_by_target(
    value: Decimal,
    target: Decimal,
    polarity: Polarity,
    travel: Travel | None,
    stage: Decimal | None,
) -> Rag:
    """Rate a figure with a target but no red or amber band, as the papers rate such rows."""
    if _better(value, target, polarity):
        return Rag.GREEN
    if stage is not None:
        # The action plans rate a figure short of its staged target amber while it still meets
        # the stage already past (NI 59 at 80.11% between 80% and 85%), and red once it falls
        # short of that too (82.9% against 85% October 2010 and 87% March 2011).
        return Rag.AMBER if _better(value, stage, polarity) else Rag.RED
    # 004 rates every such row short of its target amber (children's centres at 43% against
    # 66%), and red only where it is also declining (care leavers in education, 72.7% -> 70.1%
    # against 80%): its key's red arrow, "decline in performance, not on target".
    return Rag.RED if travel is Travel.DECLINING else Rag.AMBER


def _stage_passed(targets: Sequence[TargetFacts], period: Period) -> Decimal | None:
    """Return the staged target last due before the period: a stage, having no start of its own."""
    passed = [t for t in targets if t.applies_from is None and t.applies_until < period.start]
    return max(passed, key=lambda t: t.applies_until).value if passed else None


def _clinic_quarters(
    indicator: IndicatorFacts,
    by_period: dict[tuple[date, date], ReadingFacts],
    targets: Sequence[TargetFacts],
    bands: Tolerances | None,
    period: Period,
) -> tuple[str, ...]:
    """Return the run of quarters, oldest first, ending with the last one, off target and declining.

    003 compares each quarter's performance with the previous quarter's, so the figure at a
    quarter's end (the reading of the indicator's period ending then) is set against the figure
    at the previous quarter's end.
    """
    if indicator.polarity is Polarity.INFO:
        return ()
    run: list[str] = []
    quarters = clinic_quarter_ends(period)
    for quarter, earlier in pairwise(quarters):
        now = _reading_at(indicator, by_period, quarter)
        then = _reading_at(indicator, by_period, earlier)
        target = target_for(targets, quarter)
        met = on_target(now, None if target is None else target.value, indicator.polarity, bands)
        travel = direction_of_travel(now, then, indicator.polarity, tolerances=bands)
        if met is False and travel is Travel.DECLINING:
            run.append(quarter.label)
        else:
            break
    return tuple(reversed(run))


def _reading_at(
    indicator: IndicatorFacts, by_period: dict[tuple[date, date], ReadingFacts], quarter: Period
) -> Decimal | None:
    own = _own_period(indicator, quarter)
    return _value(by_period.get((own.start, own.end)))

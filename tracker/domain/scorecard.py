"""Assemble a plan's performance scorecard for a month: every renderer's one structure."""

# The scorecard follows the papers: the monthly scorecard of 004 (per theme, each indicator's
# last three periods, YTD, DOT, RAG, tolerances, trend and benchmarks), the quarterly summary of
# 003 (counts of on target, DOT and YTD symbols per theme), the exception report of red measures
# of 002 and the clinic list of 003.

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any

from tracker.domain.enums import Rag
from tracker.domain.indicator_rules import (
    Assessment,
    BenchmarkFacts,
    IndicatorFacts,
    ReadingFacts,
    TargetFacts,
    ToleranceFacts,
    Travel,
    YtdSymbol,
    assess,
    clinic_quarter_ends,
    is_own_period,
)
from tracker.domain.indicator_terms import Frequency, Unit, YearBasis
from tracker.domain.indicator_values import (
    Period,
    ReadingValue,
    ValueProblem,
    format_value,
    month_period,
    not_read,
    parse_reading,
    period_containing,
)
from tracker.domain.plan_order import natural_ref_key

ALL_THEMES = "All themes"
# A trend chart shows at most this many periods: a year of months and the same month before.
CHART_PERIODS = 13
# The words a reading stored without a figure stands for when its text says no more.
NO_DATA = "no data"


@dataclass(frozen=True, slots=True)
class IndicatorDetail:
    """What a scorecard shows of an indicator beside its assessment."""

    # The last readings of the indicator's own frequency up to the period, oldest first: the
    # trend chart's figures, without the year outturns a monthly measure also has.
    history: tuple[ReadingFacts, ...]
    # The scorecard's data note, such as where the figures come from.
    notes: str = ""
    # The readings in force the scorecard draws on up to the period (see ReadingWindow),
    # oldest first.
    readings: tuple[ReadingFacts, ...] = ()


@dataclass(frozen=True, slots=True)
class ScorecardTheme:
    """A section of the scorecard: its heading and its indicators in order."""

    title: str
    assessments: tuple[Assessment, ...]


@dataclass(frozen=True, slots=True)
class ThemeSummary:
    """A theme's counts of on target, DOT, YTD symbols and RAG, as 003's summary tables."""

    theme: str
    on_target: int
    off_target: int
    no_target: int
    improving: int
    maintained: int
    declining: int
    ytd_above: int
    ytd_on: int
    ytd_below: int
    ytd_none: int
    red: int
    amber: int
    green: int
    total: int = 0
    # DOT could not be judged: no reading for the period or the one before.
    no_travel: int = 0
    # Information-only indicators: their movement is up or down in numbers, not performance.
    information_only: int = 0
    not_rated: int = 0


@dataclass(frozen=True, slots=True)
class Scorecard:
    """A plan's scorecard for a month, with its summary, exception report and clinic list."""

    plan_title: str
    plan_slug: str
    organisation: str
    period: Period
    generated_on: date
    themes: tuple[ScorecardTheme, ...]
    summary: tuple[ThemeSummary, ...]
    exceptions: tuple[Assessment, ...]
    clinics: tuple[Assessment, ...]
    overall: ThemeSummary | None = None
    # Keyed by indicator id.
    details: Mapping[int, IndicatorDetail] | None = None

    @property
    def assessments(self) -> tuple[Assessment, ...]:
        """Return every indicator's assessment in scorecard order."""
        return tuple(a for theme in self.themes for a in theme.assessments)

    @property
    def exceptions_by_theme(self) -> tuple[ScorecardTheme, ...]:
        """Return the red-rated indicators under their themes, as 002's exception report."""
        red = {id(a) for a in self.exceptions}
        themes = (
            ScorecardTheme(theme.title, tuple(a for a in theme.assessments if id(a) in red))
            for theme in self.themes
        )
        return tuple(theme for theme in themes if theme.assessments)

    def detail(self, assessment: Assessment) -> IndicatorDetail:
        """Return what the scorecard shows of an indicator beside its assessment."""
        found = (self.details or {}).get(assessment.indicator.id)
        return found or IndicatorDetail(history=())


@dataclass(frozen=True, slots=True)
class ReadingWindow:
    """Say which readings a scorecard for a period draws on, so that only those are loaded."""

    # The earliest period end needed of an indicator of each frequency: its chart's periods,
    # its year to date, its last three columns. A frequency not named needs every reading.
    since: Mapping[Frequency, date]
    # The council's quarter ends a clinic looks back over: the readings of periods ending then.
    quarter_ends: tuple[date, ...]
    # No target is asked for at a date before this: the clinic list's oldest quarter end is
    # the earliest, as every indicator's own period ends within the year before the month.
    targets_from: date = date.min
    # An indicator's own period ends after this day, so a tolerance that a later one starting
    # by this day replaces is never in force for it.
    tolerances_replaced_by: date = date.min
    # Readings running over this many days or more are always needed: every whole year is,
    # the year-on-year trend, and no quarter or term is.
    year_long_days: int = 300


@lru_cache(maxsize=64)
def reading_window(period: Period) -> ReadingWindow:
    """Return which readings up to period a scorecard for it needs, whatever each indicator is."""
    # An indicator's own period may end a quarter before the scorecard's month, so a quarterly
    # measure reaches one quarter further back than its chart.
    months_back = {
        Frequency.MONTHLY: CHART_PERIODS - 1,
        Frequency.ROLLING_YEAR: CHART_PERIODS - 1,
        Frequency.QUARTERLY: 3 * (CHART_PERIODS + 1),
    }
    index = period.end.year * 12 + period.end.month - 1
    since = {
        frequency: month_period((index - back) // 12, (index - back) % 12 + 1).start
        for frequency, back in months_back.items()
    }
    quarter_ends = tuple(quarter.end for quarter in clinic_quarter_ends(period))
    a_year_before = month_period((index - 12) // 12, (index - 12) % 12 + 1).end
    return ReadingWindow(
        since=since,
        quarter_ends=quarter_ends,
        targets_from=min(quarter_ends),
        tolerances_replaced_by=a_year_before,
    )


@dataclass(frozen=True, slots=True)
class IndicatorInput:
    """An indicator's facts as loaded, for assembling the scorecard."""

    facts: IndicatorFacts
    position: int
    notes: str
    readings: tuple[ReadingFacts, ...]
    targets: tuple[TargetFacts, ...]
    tolerances: tuple[ToleranceFacts, ...]
    benchmarks: tuple[BenchmarkFacts, ...]


# Readings of a plan share a few dozen periods; remember that many labels between readings.
_PERIODS_KEPT = 4096


@lru_cache(maxsize=_PERIODS_KEPT)
def reading_period(start: date, end: date, frequency: Frequency, basis: YearBasis) -> Period:
    """Return a reading's period labelled as a scorecard heads it, whatever its length."""
    for candidate in (frequency, *Frequency):
        period = period_containing(end, candidate, basis)
        if (period.start, period.end) == (start, end):
            return period
    return Period(start, end, f"{start:%d %b %Y} to {end:%d %b %Y}")


def stored_value(
    value: Decimal | None,
    numerator: Decimal | None,
    denominator: Decimal | None,
    text: str,
    unit: Unit,
) -> ReadingValue:
    """Return a stored reading's figure, saying why there is none as its text does."""
    no_data = None
    if value is None:
        try:
            no_data = parse_reading(text, unit).no_data or NO_DATA
        except ValueProblem as problem:
            no_data = not_read(problem)
    return ReadingValue(value=value, numerator=numerator, denominator=denominator, no_data=no_data)


def in_force(readings: Iterable[tuple[int, ReadingFacts]]) -> tuple[ReadingFacts, ...]:
    """Keep the latest recorded reading of each period, oldest period first."""
    # Readings come as (id, facts) of readings nothing supersedes; two for one period both
    # unsuperseded (imported twice) leave the later recorded one in force.
    latest: dict[tuple[date, date], tuple[Any, ...]] = {}
    for reading_id, facts in readings:
        period = facts.period
        key = (period.start, period.end)
        order = (facts.recorded_at, reading_id)
        kept = latest.get(key)
        if kept is None or kept[0] < order:
            latest[key] = (order, facts)
    return tuple(facts for _, facts in sorted(latest.values(), key=lambda pair: pair[1].period.end))


def indicator_order(item: IndicatorInput) -> tuple[Any, ...]:
    """Return the key that puts indicators in scorecard order: position, then natural ref."""
    return (item.position, natural_ref_key(item.facts.ref), item.facts.id)


def summarise(theme: str, assessments: Sequence[Assessment]) -> ThemeSummary:
    """Count a theme's indicators on target, by DOT, by YTD symbol and by RAG."""
    travels = [a.travel for a in assessments]
    # 003 counts a top performer that has stayed at the top with the improvers.
    topped = sum(a.top_performance and a.travel is Travel.MAINTAINED for a in assessments)
    symbols = [a.ytd_symbol for a in assessments]
    rags = [a.rag for a in assessments]
    return ThemeSummary(
        theme=theme,
        on_target=sum(a.on_target is True for a in assessments),
        off_target=sum(a.on_target is False for a in assessments),
        no_target=sum(a.on_target is None for a in assessments),
        improving=travels.count(Travel.IMPROVING) + topped,
        maintained=travels.count(Travel.MAINTAINED) - topped,
        declining=travels.count(Travel.DECLINING),
        ytd_above=symbols.count(YtdSymbol.ABOVE),
        ytd_on=symbols.count(YtdSymbol.ON_TARGET),
        ytd_below=symbols.count(YtdSymbol.BELOW),
        ytd_none=symbols.count(YtdSymbol.NO_TARGET),
        red=rags.count(Rag.RED),
        amber=rags.count(Rag.AMBER),
        green=rags.count(Rag.GREEN),
        total=len(assessments),
        no_travel=travels.count(None),
        information_only=sum(t in (Travel.UP, Travel.SAME, Travel.DOWN) for t in travels),
        not_rated=rags.count(None),
    )


def assemble_scorecard(
    *,
    plan_title: str,
    plan_slug: str,
    organisation: str,
    period: Period,
    generated_on: date,
    indicators: Sequence[IndicatorInput],
) -> Scorecard:
    """Assess each indicator for the month and group them by theme, in scorecard order."""
    grouped: dict[str, list[Assessment]] = {}
    details: dict[int, IndicatorDetail] = {}
    for item in sorted(indicators, key=indicator_order):
        facts = item.facts
        readings = tuple(r for r in item.readings if r.period.end <= period.end)
        assessment = assess(facts, readings, item.targets, item.tolerances, item.benchmarks, period)
        grouped.setdefault(facts.theme, []).append(assessment)
        own = tuple(
            r for r in readings if is_own_period(r.period, facts.frequency, facts.year_basis)
        )
        details[facts.id] = IndicatorDetail(
            history=own[-CHART_PERIODS:], notes=item.notes, readings=readings
        )
    themes = tuple(ScorecardTheme(title, tuple(items)) for title, items in grouped.items())
    every = tuple(a for theme in themes for a in theme.assessments)
    return Scorecard(
        plan_title=plan_title,
        plan_slug=plan_slug,
        organisation=organisation,
        period=period,
        generated_on=generated_on,
        themes=themes,
        summary=tuple(summarise(theme.title, theme.assessments) for theme in themes),
        exceptions=tuple(a for a in every if a.rag is Rag.RED),
        clinics=tuple(a for a in every if a.clinic_candidate),
        overall=summarise(ALL_THEMES, every),
        details=details,
    )


def _number(value: Decimal | None) -> float | int | None:
    """Return a figure as a JSON number: whole numbers as integers."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(str(value))


def _period_json(period: Period) -> dict[str, Any]:
    return {"label": period.label, "start": period.start.isoformat(), "end": period.end.isoformat()}


def _reading_json(reading: ReadingFacts | None, unit: Unit) -> dict[str, Any] | None:
    if reading is None:
        return None
    value = reading.value
    return {
        "period": reading.period.label,
        "start": reading.period.start.isoformat(),
        "end": reading.period.end.isoformat(),
        "value": _number(value.value),
        "numerator": _number(value.numerator),
        "denominator": _number(value.denominator),
        "text": format_value(value.value, unit) if value.value is not None else value.no_data,
        "no_data": value.no_data,
        "commentary": reading.commentary,
        "corrected": reading.corrected,
    }


def _target_json(target: TargetFacts | None) -> dict[str, Any] | None:
    if target is None:
        return None
    return {
        "value": _number(target.value),
        "text": target.text,
        "applies_from": None if target.applies_from is None else target.applies_from.isoformat(),
        "applies_until": target.applies_until.isoformat(),
    }


def _summary_json(summary: ThemeSummary) -> dict[str, Any]:
    return {
        "theme": summary.theme,
        "total": summary.total,
        "on_target": summary.on_target,
        "off_target": summary.off_target,
        "no_target": summary.no_target,
        "improving": summary.improving,
        "maintained": summary.maintained,
        "declining": summary.declining,
        "no_travel": summary.no_travel,
        "information_only": summary.information_only,
        "ytd_above": summary.ytd_above,
        "ytd_on": summary.ytd_on,
        "ytd_below": summary.ytd_below,
        "ytd_none": summary.ytd_none,
        "red": summary.red,
        "amber": summary.amber,
        "green": summary.green,
        "not_rated": summary.not_rated,
    }


def assessment_json(assessment: Assessment, detail: IndicatorDetail) -> dict[str, Any]:
    """Return one indicator's line of the scorecard as JSON-ready data."""
    facts = assessment.indicator
    unit = facts.unit
    travel = assessment.travel
    tolerance = assessment.tolerances
    return {
        "id": facts.id,
        "ref": facts.ref,
        "title": facts.title,
        "theme": facts.theme,
        "polarity": facts.polarity.value,
        "unit": unit.value,
        "frequency": facts.frequency.value,
        "year_basis": facts.year_basis.value,
        "ytd_method": facts.ytd_method.value,
        "period": _period_json(assessment.period),
        "readings": [_reading_json(reading, unit) for reading in detail.readings],
        "recent": [
            {**_period_json(column), "reading": _reading_json(reading, unit)}
            for column, reading in zip(assessment.recent_periods, assessment.recent, strict=False)
        ],
        "latest": _reading_json(assessment.latest, unit),
        "previous": _reading_json(assessment.previous, unit),
        "ytd": _number(assessment.ytd),
        "rag": None if assessment.rag is None else assessment.rag.value,
        "rag_method": assessment.rag_method.value,
        "dot": None if travel is None else travel.value,
        "dot_arrow": None if travel is None else travel.arrow,
        "dot_text": assessment.dot_text,
        "movement": None if assessment.movement is None else assessment.movement.value,
        "top_performance": assessment.top_performance,
        "on_target": assessment.on_target,
        "target": _target_json(assessment.target),
        "tolerance": None
        if tolerance is None
        else {"red": tolerance.red, "amber": tolerance.amber, "green": tolerance.green},
        "ytd_symbol": assessment.ytd_symbol.value,
        "ytd_symbol_mark": assessment.ytd_symbol.symbol,
        "benchmarks": [
            {"kind": b.kind.value, "value": _number(b.value), "period": b.period_label}
            for b in assessment.benchmarks
        ],
        "quartile": None if assessment.quartile is None else assessment.quartile.value,
        "outturns": [_reading_json(reading, unit) for reading in assessment.outturns],
        "clinic_candidate": assessment.clinic_candidate,
        "clinic_quarters": list(assessment.clinic_quarters),
        "problems": list(assessment.problems),
    }


def scorecard_json(scorecard: Scorecard) -> dict[str, Any]:
    """Return the scorecard as JSON-ready data: figures as numbers, dates ISO."""

    def brief(assessment: Assessment) -> dict[str, Any]:
        facts = assessment.indicator
        latest = assessment.latest
        return {
            "id": facts.id,
            "ref": facts.ref,
            "title": facts.title,
            "theme": facts.theme,
            "period": assessment.period.label,
            "latest": _reading_json(latest, facts.unit),
            "commentary": "" if latest is None else latest.commentary,
            "rag": None if assessment.rag is None else assessment.rag.value,
            "dot": None if assessment.travel is None else assessment.travel.value,
            "dot_text": assessment.dot_text,
            "on_target": assessment.on_target,
            "target": _target_json(assessment.target),
            "clinic_quarters": list(assessment.clinic_quarters),
        }

    return {
        "plan": {
            "slug": scorecard.plan_slug,
            "title": scorecard.plan_title,
            "organisation": scorecard.organisation,
        },
        "period": _period_json(scorecard.period),
        "generated_on": scorecard.generated_on.isoformat(),
        "themes": [theme.title for theme in scorecard.themes],
        "indicators": [assessment_json(a, scorecard.detail(a)) for a in scorecard.assessments],
        "summary": [_summary_json(summary) for summary in scorecard.summary],
        "summary_all_themes": None
        if scorecard.overall is None
        else _summary_json(scorecard.overall),
        "exceptions": [brief(a) for a in scorecard.exceptions],
        "clinics": [brief(a) for a in scorecard.clinics],
    }

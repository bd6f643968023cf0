"""Build performance indicators with their readings, targets, tolerances and benchmarks."""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime
from decimal import Decimal

from tracker.domain.indicator_terms import (
    BenchmarkKind,
    Frequency,
    Polarity,
    RagMethod,
    Unit,
    YearBasis,
    YtdMethod,
)
from tracker.extensions import db
from tracker.models import (
    Indicator,
    IndicatorBenchmark,
    IndicatorReading,
    IndicatorTarget,
    IndicatorTolerance,
    Plan,
)


def make_indicator(
    plan: Plan,
    ref: str,
    title: str | None = None,
    *,
    theme: str = "",
    position: int = 0,
    unit: Unit = Unit.PERCENTAGE,
    polarity: Polarity = Polarity.HIGH,
    frequency: Frequency = Frequency.MONTHLY,
    year_basis: YearBasis = YearBasis.FINANCIAL,
    ytd_method: YtdMethod = YtdMethod.LATEST_VALUE,
    rag_method: RagMethod = RagMethod.TOLERANCE,
    notes: str = "",
) -> Indicator:
    """Create an indicator in a plan."""
    indicator = Indicator(
        plan_id=plan.id,
        ref=ref,
        title=title or f"Indicator {ref}",
        theme=theme,
        position=position,
        unit=unit,
        polarity=polarity,
        frequency=frequency,
        year_basis=year_basis,
        ytd_method=ytd_method,
        rag_method=rag_method,
        notes=notes,
    )
    db.session.add(indicator)
    db.session.flush()
    return indicator


def month_end(year: int, month: int) -> date:
    """Return the last day of a month."""
    return date(year, month, calendar.monthrange(year, month)[1])


def add_reading(
    indicator: Indicator,
    start: date,
    end: date,
    value: str | None,
    *,
    text: str | None = None,
    numerator: str | None = None,
    denominator: str | None = None,
    commentary: str = "",
    recorded_at: datetime | None = None,
    supersedes: IndicatorReading | None = None,
) -> IndicatorReading:
    """Record a reading for a period; a correction names the reading it supersedes."""
    reading = IndicatorReading(
        indicator_id=indicator.id,
        period_start=start,
        period_end=end,
        value=None if value is None else Decimal(value),
        numerator=None if numerator is None else Decimal(numerator),
        denominator=None if denominator is None else Decimal(denominator),
        text=text if text is not None else (value or "-"),
        commentary=commentary,
        recorded_at=recorded_at or datetime(end.year, end.month, end.day, 12, tzinfo=UTC),
        source="test",
        supersedes_id=None if supersedes is None else supersedes.id,
    )
    db.session.add(reading)
    db.session.flush()
    return reading


def add_monthly_readings(
    indicator: Indicator, first: tuple[int, int], values: list[str | None], commentary: str = ""
) -> list[IndicatorReading]:
    """Record one reading a month from the first (year, month), the last with commentary."""
    year, month = first
    made = []
    for index, value in enumerate(values):
        made.append(
            add_reading(
                indicator,
                date(year, month, 1),
                month_end(year, month),
                value,
                commentary=commentary if index == len(values) - 1 else "",
            )
        )
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return made


def add_tolerance(
    indicator: Indicator, year_start: date, red: str, amber: str, green: str
) -> IndicatorTolerance:
    """Set an indicator's bands for the year starting on a day."""
    tolerance = IndicatorTolerance(
        indicator_id=indicator.id, year_start=year_start, red=red, amber=amber, green=green
    )
    db.session.add(tolerance)
    db.session.flush()
    return tolerance


def add_target(
    indicator: Indicator,
    value: str,
    applies_until: date,
    applies_from: date | None = None,
    text: str = "",
) -> IndicatorTarget:
    """Set a target for an indicator."""
    target = IndicatorTarget(
        indicator_id=indicator.id,
        value=Decimal(value),
        applies_from=applies_from,
        applies_until=applies_until,
        text=text or value,
    )
    db.session.add(target)
    db.session.flush()
    return target


def add_benchmark(
    indicator: Indicator, kind: BenchmarkKind, value: str, period_label: str = "2015/16"
) -> IndicatorBenchmark:
    """Record a comparator figure for an indicator."""
    benchmark = IndicatorBenchmark(
        indicator_id=indicator.id,
        kind=kind,
        value=Decimal(value),
        period_label=period_label,
        text=value,
    )
    db.session.add(benchmark)
    db.session.flush()
    return benchmark


FINANCIAL_2016 = date(2016, 4, 1)
EH_THEME = "Early Help triage and assessment"
LAC_THEME = "Looked after children"
REFERRAL_THEME = "Contact and referral"
RED_COMMENTARY = (
    "Of the 121 Early Help Assessments required in January, 18.2% were completed in time;\n"
    "contacts rose by 51% since the previous month."
)


def build_scorecard_plan(slug: str = "scorecard") -> Plan:
    """Create a plan with rows of 004's January 2017 scorecard under three themes."""
    from tests.factories import make_plan

    plan = make_plan(slug=slug, title="Children's Services Scorecard")
    triage = make_indicator(
        plan,
        "EH 1.2",
        "Triaged within five working days of receipt",
        theme=EH_THEME,
        position=1,
    )
    add_monthly_readings(triage, (2016, 11), ["92.4", "93.0", "94.5"])
    add_tolerance(triage, FINANCIAL_2016, "", ">90% <100%", "100%")
    contacts = make_indicator(
        plan,
        "EH 2.2",
        "Initial contacts made within three working days of allocation",
        theme=EH_THEME,
        position=2,
    )
    add_monthly_readings(contacts, (2016, 11), ["25.3", "23.7", "31.1"], RED_COMMENTARY)
    add_tolerance(contacts, FINANCIAL_2016, "", ">65% <75%", "75%")
    recommendations = make_indicator(
        plan,
        "EH 1.1",
        "Early Help contacts with an Early Help recommendation",
        theme=EH_THEME,
        position=0,
        unit=Unit.NUMBER,
        polarity=Polarity.INFO,
        ytd_method=YtdMethod.CUMULATIVE_SUM,
    )
    add_monthly_readings(recommendations, (2016, 11), ["278", "267", "403"])

    decisions = make_indicator(
        plan,
        "1.2",
        "% Contacts with decision within 1 working day",
        theme=REFERRAL_THEME,
        position=3,
    )
    for month, value in ((6, "88"), (9, "85")):
        add_reading(decisions, date(2016, month, 1), month_end(2016, month), value)
    add_monthly_readings(decisions, (2016, 11), ["55.8", "80.2", "79.8"], "New system.")
    add_tolerance(decisions, FINANCIAL_2016, "<92%", "92%>", "95%+")

    placements = make_indicator(
        plan,
        "8.2",
        "% of LAC who have had 3 or more placements - rolling 12 months",
        theme=LAC_THEME,
        position=5,
        polarity=Polarity.LOW,
    )
    add_monthly_readings(placements, (2016, 11), ["10.4", "12.8", "11.7"])
    for year, value in ((2013, "11.2"), (2014, "12.0"), (2015, "11.9")):
        add_reading(placements, date(year, 4, 1), date(year + 1, 3, 31), value)
    add_tolerance(placements, FINANCIAL_2016, "12%+", "12%>", "9.6%<")
    for kind, value in (
        (BenchmarkKind.STAT_NEIGHBOUR_AVERAGE, "9.2"),
        (BenchmarkKind.BEST_STAT_NEIGHBOUR, "6.0"),
        (BenchmarkKind.NATIONAL_AVERAGE, "10.0"),
        (BenchmarkKind.NATIONAL_TOP_QUARTILE, "8.0"),
    ):
        add_benchmark(placements, kind, value, "2014/15")
    centres = make_indicator(
        plan,
        "6.1",
        "% of children aged 0-5 registered with a Children's Centre",
        theme=LAC_THEME,
        position=4,
        frequency=Frequency.QUARTERLY,
    )
    add_reading(centres, date(2016, 7, 1), date(2016, 9, 30), "91")
    add_reading(centres, date(2016, 10, 1), date(2016, 12, 31), "93")
    add_tolerance(centres, FINANCIAL_2016, "<90%", "90%>", "95%+")
    db.session.commit()
    return plan

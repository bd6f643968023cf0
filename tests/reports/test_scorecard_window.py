"""The scorecard loads only the readings it shows or judges by, and judges as if it had them all."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from tests.indicator_factories import (
    add_reading,
    add_target,
    add_tolerance,
    make_indicator,
    month_end,
)
from tests.reports.conftest import counting_queries
from tracker.domain.indicator_rules import (
    IndicatorFacts,
    ReadingFacts,
    TargetFacts,
    ToleranceFacts,
    assess,
)
from tracker.domain.indicator_terms import (
    MAX_MONTHS_IN_ARREARS,
    Frequency,
    Polarity,
    RagOn,
    Unit,
    YearBasis,
    YtdMethod,
)
from tracker.domain.indicator_values import month_period
from tracker.domain.scorecard import (
    CHART_PERIODS,
    ReadingWindow,
    in_force,
    reading_period,
    reading_window,
    stored_value,
)
from tracker.extensions import db
from tracker.models import Indicator, IndicatorReading, IndicatorTarget, IndicatorTolerance
from tracker.services.scorecard import build_scorecard

DECEMBER_2023 = month_period(2023, 12)
TODAY = date(2024, 1, 15)


@pytest.mark.parametrize(
    ("period", "monthly_since", "quarterly_since", "oldest_quarter_end"),
    [
        (month_period(2023, 12), date(2022, 12, 1), date(2020, 6, 1), date(2022, 3, 31)),
        (month_period(2017, 1), date(2016, 1, 1), date(2013, 7, 1), date(2015, 3, 31)),
        (month_period(2010, 3), date(2009, 3, 1), date(2006, 9, 1), date(2008, 6, 30)),
    ],
)
def test_the_window_reaches_back_over_the_chart_and_the_clinic_quarters(
    period, monthly_since, quarterly_since, oldest_quarter_end
):
    window = reading_window(period)
    assert window.since[Frequency.MONTHLY] == monthly_since
    assert window.since[Frequency.ROLLING_YEAR] == monthly_since
    assert window.since[Frequency.QUARTERLY] == quarterly_since
    # Annual and termly measures have few readings: every one of them is loaded.
    assert Frequency.ANNUAL not in window.since
    assert Frequency.TERMLY not in window.since
    assert len(window.quarter_ends) == 8
    assert window.quarter_ends[-1] == oldest_quarter_end
    assert max(window.quarter_ends) <= period.end
    assert window.targets_from == oldest_quarter_end
    # The same month a year before: every indicator's own period ends after it.
    assert window.tolerances_replaced_by == month_period(period.end.year - 1, period.end.month).end


def test_a_whole_year_is_long_enough_to_be_an_outturn_and_a_term_is_not():
    window = ReadingWindow(since={}, quarter_ends=())
    assert (date(2016, 3, 31) - date(2015, 4, 1)).days >= window.year_long_days
    assert (date(2015, 8, 31) - date(2015, 4, 1)).days < window.year_long_days


def _months(indicator: Indicator, first: tuple[int, int], values: list[str]) -> None:
    year, month = first
    for value in values:
        add_reading(indicator, date(year, month, 1), month_end(year, month), value)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def _every_reading_in_force(indicator: Indicator) -> tuple[ReadingFacts, ...]:
    """Return all of an indicator's readings in force, as the scorecard loaded them before."""
    superseded = set(
        db.session.scalars(
            select(IndicatorReading.supersedes_id).where(
                IndicatorReading.supersedes_id.is_not(None)
            )
        )
    )
    rows = db.session.scalars(
        select(IndicatorReading).where(
            IndicatorReading.indicator_id == indicator.id,
            IndicatorReading.period_end <= DECEMBER_2023.end,
        )
    ).all()
    return in_force(
        (
            row.id,
            ReadingFacts(
                reading_period(
                    row.period_start, row.period_end, indicator.frequency, indicator.year_basis
                ),
                stored_value(row.value, row.numerator, row.denominator, row.text, indicator.unit),
                row.commentary,
                row.recorded_at,
                row.supersedes_id is not None,
            ),
        )
        for row in rows
        if row.id not in superseded
    )


def _judged_on_everything(indicator: Indicator):
    facts = IndicatorFacts(
        id=indicator.id,
        ref=indicator.ref,
        title=indicator.title,
        theme=indicator.theme,
        unit=indicator.unit,
        polarity=indicator.polarity,
        frequency=indicator.frequency,
        year_basis=indicator.year_basis,
        ytd_method=indicator.ytd_method,
        rag_method=indicator.rag_method,
        months_in_arrears=indicator.months_in_arrears,
        rag_on=indicator.rag_on,
    )
    targets = [
        TargetFacts(t.value, t.applies_from, t.applies_until, t.text)
        for t in db.session.scalars(
            select(IndicatorTarget)
            .where(IndicatorTarget.indicator_id == indicator.id)
            .order_by(IndicatorTarget.applies_until)
        )
    ]
    tolerances = [
        ToleranceFacts(t.year_start, t.red, t.amber, t.green)
        for t in db.session.scalars(
            select(IndicatorTolerance)
            .where(IndicatorTolerance.indicator_id == indicator.id)
            .order_by(IndicatorTolerance.year_start)
        )
    ]
    readings = _every_reading_in_force(indicator)
    return assess(facts, readings, targets, tolerances, (), DECEMBER_2023), readings


@pytest.fixture
def long_histories(app):
    """Make indicators of every frequency with three years and more of readings."""
    from tests.factories import make_plan

    plan = make_plan(slug="long")
    declining = make_indicator(plan, "1.1", "Monthly, off target and declining for two years")
    _months(declining, (2021, 1), [f"{90 - step * 0.5:.1f}" for step in range(36)])
    # Year outturns far older than the chart, and a correction of an old month.
    add_reading(declining, date(2018, 4, 1), date(2019, 3, 31), "91.5")
    add_reading(declining, date(2019, 4, 1), date(2020, 3, 31), "90.8")
    old = db.session.scalars(
        select(IndicatorReading).where(
            IndicatorReading.indicator_id == declining.id,
            IndicatorReading.period_end == date(2022, 3, 31),
        )
    ).one()
    add_reading(
        declining,
        old.period_start,
        old.period_end,
        "99.9",
        recorded_at=datetime(2022, 5, 1, tzinfo=UTC),
        supersedes=old,
    )
    for first_day in (date(2020, 4, 1), date(2021, 4, 1), date(2022, 4, 1), date(2023, 4, 1)):
        year_end = first_day.replace(year=first_day.year + 1) - timedelta(days=1)
        add_target(declining, "95", year_end, applies_from=first_day)
        add_tolerance(declining, first_day, "<85%", "85%>", "95%+")
    quarterly = make_indicator(
        plan, "1.2", frequency=Frequency.QUARTERLY, polarity=Polarity.LOW, unit=Unit.NUMBER
    )
    for year in range(2016, 2024):
        for month in (3, 6, 9, 12):
            start_month = month - 2
            add_reading(
                quarterly, date(year, start_month, 1), month_end(year, month), str(year - 2000)
            )
    add_target(quarterly, "20", date(2030, 3, 31))
    termly = make_indicator(plan, "1.3", frequency=Frequency.TERMLY, year_basis=YearBasis.ACADEMIC)
    for year in range(2015, 2024):
        for first, last in ((1, 3), (4, 8), (9, 12)):
            add_reading(termly, date(year, first, 1), month_end(year, last), str(80 + last % 7))
    annual = make_indicator(plan, "1.4", frequency=Frequency.ANNUAL)
    for year in range(2005, 2023):
        add_reading(annual, date(year, 4, 1), date(year + 1, 3, 31), str(60 + year % 9))
    rolling = make_indicator(plan, "1.5", frequency=Frequency.ROLLING_YEAR)
    _months(rolling, (2020, 1), [str(70 + step % 5) for step in range(48)])
    # Tolerances set long ago and still in force, and staged targets of the papers' kind.
    staged = make_indicator(plan, "1.6", frequency=Frequency.ANNUAL, polarity=Polarity.LOW)
    for year in range(2012, 2023):
        add_reading(staged, date(year, 4, 1), date(year + 1, 3, 31), str(30 - year % 7))
    add_tolerance(staged, date(2012, 4, 1), "30%+", "30%>", "25%<")
    add_tolerance(staged, date(2014, 4, 1), "28%+", "28%>", "24%<")
    add_target(staged, "26", date(2021, 3, 31))
    add_target(staged, "25", date(2023, 3, 31), applies_from=date(2021, 4, 1))
    add_target(staged, "24", date(2025, 3, 31), applies_from=date(2023, 4, 1))
    db.session.commit()
    return [declining, quarterly, termly, annual, rolling, staged]


def test_each_indicator_is_judged_as_it_would_be_on_every_reading(long_histories):
    scorecard = build_scorecard("long", DECEMBER_2023, today=TODAY)
    judged = {a.indicator.ref: a for a in scorecard.assessments}
    for indicator in long_histories:
        expected, readings = _judged_on_everything(indicator)
        assessment = judged[indicator.ref]
        assert assessment == expected, indicator.ref
        loaded = scorecard.detail(assessment).readings
        assert [r for r in readings if r in loaded] == list(loaded)
    declining = judged["1.1"]
    assert declining.clinic_candidate
    assert len(declining.clinic_quarters) == 7
    assert [r.period.label for r in declining.outturns] == ["2018/19", "2019/20"]


def test_the_chart_keeps_its_thirteen_periods_and_old_months_are_not_loaded(long_histories):
    scorecard = build_scorecard("long", DECEMBER_2023, today=TODAY)
    judged = {a.indicator.ref: a for a in scorecard.assessments}
    monthly = scorecard.detail(judged["1.1"])
    assert monthly.history[0].period.label == "Dec-22"
    assert len(monthly.history) == CHART_PERIODS
    loaded = [r.period.label for r in monthly.readings]
    assert "Jan-21" not in loaded
    # The clinic list's quarter ends before the chart, the corrected one among them.
    assert {"Mar-22", "Jun-22", "Sep-22"} <= set(loaded)
    assert next(r for r in monthly.readings if r.period.label == "Mar-22").corrected
    quarterly = scorecard.detail(judged["1.2"])
    assert len(quarterly.history) == CHART_PERIODS
    annual = scorecard.detail(judged["1.4"])
    assert len(annual.history) == CHART_PERIODS


def test_the_window_keeps_the_scorecard_to_six_queries(long_histories):
    with counting_queries() as statements:
        build_scorecard("long", DECEMBER_2023, today=TODAY)
    assert sum(statement.lstrip().startswith("SELECT") for statement in statements) == 6


@pytest.mark.parametrize("arrears", [1, MAX_MONTHS_IN_ARREARS])
def test_a_figure_months_in_arrears_rated_on_its_year_to_date_is_judged_on_every_reading(
    app, arrears
):
    from tests.factories import make_plan

    plan = make_plan(slug="late")
    late = make_indicator(plan, "7.2", ytd_method=YtdMethod.AVERAGE)
    late.months_in_arrears, late.rag_on = arrears, RagOn.YEAR_TO_DATE
    _months(late, (2021, 1), [f"{80 + step % 9}" for step in range(36)])
    for first_day in (date(2022, 4, 1), date(2023, 4, 1)):
        add_tolerance(late, first_day, "<82%", "82%>", "85%+")
    db.session.commit()

    assessment = build_scorecard("late", DECEMBER_2023, today=TODAY).assessments[0]

    expected, _ = _judged_on_everything(late)
    assert assessment == expected
    assert assessment.latest is not None and assessment.previous is not None
    assert assessment.latest.period == month_period(2023, 12 - arrears)
    assert assessment.ytd is not None and assessment.rag is not None

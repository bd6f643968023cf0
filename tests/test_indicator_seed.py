"""The demo seed loads the papers' indicators and a fictional scorecard of the example plan."""

import json
from datetime import UTC, date, datetime, time
from decimal import Decimal

from sqlalchemy import func, select

from tracker import ROOT
from tracker.domain.indicator_terms import Frequency, Polarity, Unit
from tracker.domain.indicator_values import month_period, period_containing, previous_period
from tracker.extensions import db
from tracker.models import (
    Indicator,
    IndicatorAction,
    IndicatorBenchmark,
    IndicatorReading,
    IndicatorTarget,
    IndicatorTolerance,
    Plan,
)
from tracker.services.demo_seed import load_demo
from tracker.services.scorecard import build_scorecard
from tracker.services.tabular import TableLimits

TODAY = date(2026, 11, 27)


def _load(today: date = TODAY) -> None:
    load_demo(
        ROOT / "seed",
        today=today,
        now=datetime.combine(today, time(9), tzinfo=UTC),
        limits=TableLimits(),
    )
    db.session.commit()


def _indicator(slug: str, ref: str) -> Indicator:
    return db.session.scalar(
        select(Indicator)
        .join(Plan, Plan.id == Indicator.plan_id)
        .where(Plan.slug == slug, Indicator.ref == ref)
    )


def _counts() -> dict[str, int]:
    return {
        model.__name__: db.session.scalar(select(func.count()).select_from(model))
        for model in (
            Indicator,
            IndicatorAction,
            IndicatorBenchmark,
            IndicatorReading,
            IndicatorTarget,
            IndicatorTolerance,
        )
    }


def test_ni_59_has_the_papers_baseline_staged_targets_readings_and_comparators(app):
    _load()

    ni59 = _indicator("rmbc-notice-to-improve", "NI 59")
    assert ni59.polarity is Polarity.HIGH
    assert ni59.owner.name == "Howard Woolfenden"
    readings = db.session.execute(
        select(
            IndicatorReading.period_start,
            IndicatorReading.period_end,
            IndicatorReading.value,
            IndicatorReading.numerator,
            IndicatorReading.denominator,
            IndicatorReading.text,
        )
        .where(IndicatorReading.indicator_id == ni59.id)
        .order_by(IndicatorReading.period_end, IndicatorReading.period_start)
    ).all()
    assert readings[0] == (
        date(2008, 4, 1),
        date(2009, 3, 31),
        Decimal("77.8"),
        Decimal(1767),
        Decimal(2270),
        "77.8% (1767/2270)",
    )
    assert (
        date(2009, 10, 1),
        date(2009, 10, 31),
        Decimal(73),
        Decimal(826),
        Decimal(1128),
        "73% (826/1128)",
    ) in readings
    assert readings[-1][2:] == (Decimal("82.9"), None, None, "82.9%")
    targets = db.session.execute(
        select(IndicatorTarget.value, IndicatorTarget.applies_until, IndicatorTarget.text)
        .where(IndicatorTarget.indicator_id == ni59.id)
        .order_by(IndicatorTarget.applies_until)
    ).all()
    assert targets == [
        (Decimal(80), date(2010, 3, 31), "80% March 2010"),
        (Decimal(85), date(2010, 10, 31), "85% October 2010"),
        (Decimal(87), date(2011, 3, 31), "87% March 2011"),
    ]
    benchmarks = db.session.scalars(
        select(IndicatorBenchmark.value).where(IndicatorBenchmark.indicator_id == ni59.id)
    ).all()
    assert sorted(benchmarks) == [
        Decimal("67.1"),
        Decimal("69.2"),
        Decimal("71.6"),
        Decimal("71.8"),
    ]
    assert (
        db.session.scalar(select(func.count()).where(IndicatorAction.indicator_id == ni59.id)) >= 1
    )
    assert _indicator("rmbc-notice-to-improve", "NI 68").polarity is Polarity.WITHIN_LIMITS
    assert _indicator("rmbc-notice-to-improve", "NI 60") is not None


def test_the_example_scorecard_has_about_twenty_indicators_of_every_kind(app):
    _load()

    plan_id = db.session.scalar(select(Plan.id).where(Plan.slug == "example-improvement-plan"))
    indicators = db.session.scalars(select(Indicator).where(Indicator.plan_id == plan_id)).all()
    assert 18 <= len(indicators) <= 24
    assert len({i.theme for i in indicators}) >= 5
    assert {i.polarity for i in indicators} == set(Polarity)
    assert {i.unit for i in indicators} == set(Unit)
    assert {i.frequency for i in indicators} == set(Frequency)
    assert all(i.owner is not None and i.owner.email for i in indicators)


def test_a_monthly_example_indicator_has_a_year_of_readings_to_the_last_complete_month(app):
    _load()

    triage = _indicator("example-improvement-plan", "3.1")
    ends = db.session.scalars(
        select(IndicatorReading.period_end)
        .where(IndicatorReading.indicator_id == triage.id)
        .order_by(IndicatorReading.period_end)
    ).all()
    assert len(ends) == 12
    last_month = previous_period(
        period_containing(TODAY, triage.frequency, triage.year_basis),
        triage.frequency,
        triage.year_basis,
    )
    assert ends[-1] == last_month.end == date(2026, 10, 31)
    assert ends[0] == date(2025, 11, 30)


def test_an_example_correction_supersedes_the_reading_it_corrects(app):
    _load()

    cse = _indicator("example-improvement-plan", "7.3")
    corrections = db.session.scalars(
        select(IndicatorReading).where(
            IndicatorReading.indicator_id == cse.id, IndicatorReading.supersedes_id.is_not(None)
        )
    ).all()
    (correction,) = corrections
    corrected = db.session.get(IndicatorReading, correction.supersedes_id)
    assert (corrected.period_start, corrected.period_end) == (
        correction.period_start,
        correction.period_end,
    )
    assert correction.text == "22"


def test_loading_the_demo_again_adds_no_indicator_or_reading(app):
    _load()
    before = _counts()

    _load(date(2027, 2, 15))

    assert _counts() == before


def _scorecard(runner, slug: str, *period: str) -> dict:
    result = runner.invoke(args=["report", "scorecard", slug, *period, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_the_demo_loads_and_its_scorecards_build_from_the_command_line(runner):
    seeded = runner.invoke(args=["seed", "demo"])
    assert seeded.exit_code == 0, seeded.output
    assert "example-improvement-plan: 21 indicators created" in seeded.output

    example = _scorecard(runner, "example-improvement-plan")
    rows = {row["ref"]: row for row in example["indicators"]}
    assert len(rows) == 21
    assert len(example["themes"]) == 7
    assert [row["ref"] for row in example["indicators"] if row["problems"]] == []
    assert {row["rag"] for row in rows.values()} >= {"red", "amber", "green"}
    assert rows["2.2"]["rag"] == "red"
    assert rows["2.2"]["ref"] in {exception["ref"] for exception in example["exceptions"]}

    papers = _scorecard(runner, "rmbc-notice-to-improve", "--period", "2011-03")
    ni59 = next(row for row in papers["indicators"] if row["ref"] == "NI 59")
    assert ni59["latest"]["value"] == 82.9
    assert ni59["target"]["value"] == 87
    assert ni59["on_target"] is False


def test_ni_59_and_ni_60_rate_against_their_staged_targets_as_the_action_plans_do(app):
    _load()

    def rag(ref: str, year: int, month: int) -> str | None:
        card = build_scorecard("rmbc-notice-to-improve", month_period(year, month))
        judged = {a.indicator.ref: a for theme in card.themes for a in theme.assessments}
        found = judged[ref].rag
        return None if found is None else found.value

    # The action plan of 20 August 2010 and the one of 30 March 2011, as published.
    assert (rag("NI 59", 2010, 8), rag("NI 60", 2010, 8)) == ("amber", "green")
    assert (rag("NI 59", 2011, 3), rag("NI 60", 2011, 3)) == ("red", "red")
    # NI 68 is "mid range is good" with no range set: no band can rate it (the paper's green).
    assert rag("NI 68", 2011, 3) is None

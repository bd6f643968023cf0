"""The scorecard of 004's January 2017 rows: themes, RAG, DOT, summary, exceptions, clinics."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest

from tests.indicator_factories import (
    EH_THEME,
    LAC_THEME,
    RED_COMMENTARY,
    REFERRAL_THEME,
    add_monthly_readings,
    add_reading,
    build_scorecard_plan,
    make_indicator,
    month_end,
)
from tests.reports.conftest import counting_queries
from tracker.domain.enums import Rag
from tracker.domain.indicator_rules import Travel
from tracker.domain.indicator_terms import Polarity
from tracker.domain.indicator_values import month_period
from tracker.domain.scorecard import ALL_THEMES, scorecard_json
from tracker.extensions import db
from tracker.services.scorecard import UnknownPlan, build_scorecard

JANUARY_2017 = month_period(2017, 1)
TODAY = date(2017, 2, 10)


@pytest.fixture
def scorecard(app):
    build_scorecard_plan()
    return build_scorecard("scorecard", JANUARY_2017, today=TODAY)


def by_ref(scorecard):
    return {a.indicator.ref: a for a in scorecard.assessments}


def test_indicators_are_grouped_by_theme_in_position_order(scorecard):
    assert [theme.title for theme in scorecard.themes] == [EH_THEME, REFERRAL_THEME, LAC_THEME]
    assert [[a.indicator.ref for a in theme.assessments] for theme in scorecard.themes] == [
        ["EH 1.1", "EH 1.2", "EH 2.2"],
        ["1.2"],
        ["6.1", "8.2"],
    ]
    assert scorecard.plan_slug == "scorecard"
    assert scorecard.plan_title == "Children's Services Scorecard"
    assert scorecard.period == JANUARY_2017
    assert scorecard.generated_on == TODAY


def test_the_papers_rows_are_rated_as_the_paper_rates_them(scorecard):
    rows = by_ref(scorecard)
    # 004: 1.2 triage at 94.5% with amber >90% <100% and green 100% is amber.
    assert rows["EH 1.2"].rag is Rag.AMBER
    assert rows["EH 1.2"].travel is Travel.IMPROVING
    # 2.2 at 31.1% with amber >65% <75% and green 75% is red.
    assert rows["EH 2.2"].rag is Rag.RED
    # 8.2, low is good, 12.8% to 11.7% with red 12%+ and green 9.6%< is amber and improving.
    assert rows["8.2"].rag is Rag.AMBER
    assert rows["8.2"].travel is Travel.IMPROVING
    # An information-only count is not rated; its movement is up in numbers.
    assert rows["EH 1.1"].rag is None
    assert rows["EH 1.1"].travel is Travel.UP


def test_each_indicator_shows_its_last_three_periods_and_latest_reading(scorecard):
    rows = by_ref(scorecard)
    triage = rows["EH 1.2"]
    assert [p.label for p in triage.recent_periods] == ["Nov-16", "Dec-16", "Jan-17"]
    assert [r.value.value for r in triage.recent] == [
        Decimal("92.4"),
        Decimal("93.0"),
        Decimal("94.5"),
    ]
    assert triage.latest.value.value == Decimal("94.5")
    assert triage.tolerances.amber == ">90% <100%"


def test_a_quarterly_indicator_shows_the_quarter_ended_by_the_month(scorecard):
    centres = by_ref(scorecard)["6.1"]
    assert centres.latest.period.label == "Q3 2016/17"
    assert centres.latest.value.value == Decimal("93")
    assert centres.travel is Travel.IMPROVING


def test_year_on_year_outturns_and_benchmarks_come_with_the_indicator(scorecard):
    placements = by_ref(scorecard)["8.2"]
    assert [r.period.label for r in placements.outturns] == ["2013/14", "2014/15", "2015/16"]
    assert {b.kind.value: b.value for b in placements.benchmarks}["national_top_quartile"] == (
        Decimal("8.0")
    )
    assert placements.quartile is not None


def test_the_exception_report_lists_red_indicators_with_their_commentary(scorecard):
    assert [a.indicator.ref for a in scorecard.exceptions] == ["EH 2.2", "1.2"]
    assert scorecard.exceptions[0].latest.commentary == RED_COMMENTARY


def test_indicators_off_target_and_declining_at_quarter_ends_are_clinic_candidates(scorecard):
    assert [a.indicator.ref for a in scorecard.clinics] == ["1.2"]
    assert scorecard.clinics[0].clinic_quarters == ("Q2 2016/17", "Q3 2016/17")


def test_the_summary_counts_each_theme_and_all_themes(scorecard):
    summary = {s.theme: s for s in scorecard.summary}
    early_help = summary[EH_THEME]
    assert early_help.total == 3
    assert (early_help.red, early_help.amber, early_help.green) == (1, 1, 0)
    assert early_help.not_rated == 1
    assert early_help.information_only == 1
    assert early_help.improving == 2
    overall = scorecard.overall
    assert overall.theme == ALL_THEMES
    assert overall.total == 6
    assert overall.red == 2
    assert overall.amber == 3
    assert overall.on_target + overall.off_target + overall.no_target == 6
    assert overall.ytd_above + overall.ytd_on + overall.ytd_below + overall.ytd_none == 6
    counted = overall.improving + overall.maintained + overall.declining
    assert counted + overall.no_travel + overall.information_only == 6


def test_a_correction_supersedes_the_reading_it_corrects(app):
    plan = build_scorecard_plan()
    triage = next(i for i in plan_indicators(plan) if i.ref == "EH 1.2")
    first = add_reading(triage, date(2017, 2, 1), month_end(2017, 2), "50")
    add_reading(
        triage, date(2017, 2, 1), month_end(2017, 2), "100", supersedes=first, commentary="Fixed"
    )
    db.session.commit()
    row = by_ref(build_scorecard("scorecard", month_period(2017, 2), today=TODAY))["EH 1.2"]
    assert row.latest.value.value == Decimal("100")
    assert row.latest.corrected
    assert row.rag is Rag.GREEN


def plan_indicators(plan):
    from sqlalchemy import select

    from tracker.models import Indicator

    return db.session.scalars(select(Indicator).where(Indicator.plan_id == plan.id)).all()


def test_readings_after_the_month_are_not_shown(app):
    build_scorecard_plan()
    row = by_ref(build_scorecard("scorecard", month_period(2016, 12), today=TODAY))["EH 1.2"]
    assert row.latest.value.value == Decimal("93.0")
    assert [p.label for p in row.recent_periods] == ["Oct-16", "Nov-16", "Dec-16"]


def test_an_archived_indicator_is_left_out(app):
    from tracker.models import utcnow

    plan = build_scorecard_plan()
    for indicator in plan_indicators(plan):
        if indicator.ref == "8.2":
            indicator.archived_at = utcnow()
    db.session.commit()
    refs = by_ref(build_scorecard("scorecard", JANUARY_2017, today=TODAY))
    assert "8.2" not in refs
    assert "6.1" in refs


def test_an_unknown_plan_is_refused(app):
    with pytest.raises(UnknownPlan):
        build_scorecard("no-such-plan", JANUARY_2017)


def test_the_json_has_the_issues_fields_with_numbers_and_iso_dates(scorecard):
    data = json.loads(json.dumps(scorecard_json(scorecard)))
    assert data["plan"] == {
        "slug": "scorecard",
        "title": "Children's Services Scorecard",
        "organisation": data["plan"]["organisation"],
    }
    assert data["period"] == {"label": "Jan-17", "start": "2017-01-01", "end": "2017-01-31"}
    indicators = {row["ref"]: row for row in data["indicators"]}
    triage = indicators["EH 1.2"]
    for field in (
        "ref",
        "title",
        "theme",
        "polarity",
        "unit",
        "frequency",
        "readings",
        "latest",
        "ytd",
        "rag",
        "rag_method",
        "dot",
        "dot_text",
        "on_target",
        "target",
        "ytd_symbol",
        "benchmarks",
        "quartile",
        "clinic_candidate",
        "clinic_quarters",
        "movement",
        "top_performance",
    ):
        assert field in triage, field
    assert triage["polarity"] == "high"
    assert triage["unit"] == "percentage"
    assert triage["rag"] == "amber"
    assert triage["rag_method"] == "tolerance"
    assert triage["dot"] == "improving"
    assert triage["latest"]["value"] == 94.5
    assert triage["latest"]["start"] == "2017-01-01"
    assert [r["period"] for r in triage["readings"]] == ["Nov-16", "Dec-16", "Jan-17"]
    assert [r["value"] for r in triage["readings"]] == [92.4, 93, 94.5]
    placements = indicators["8.2"]
    assert placements["polarity"] == Polarity.LOW.value
    assert {"kind": "national_top_quartile", "value": 8, "period": "2014/15"} in (
        placements["benchmarks"]
    )
    assert [e["ref"] for e in data["exceptions"]] == ["EH 2.2", "1.2"]
    assert data["exceptions"][0]["commentary"] == RED_COMMENTARY
    assert [c["ref"] for c in data["clinics"]] == ["1.2"]
    assert data["clinics"][0]["clinic_quarters"] == ["Q2 2016/17", "Q3 2016/17"]
    assert indicators["1.2"]["clinic_candidate"] is True
    assert [s["theme"] for s in data["summary"]] == [EH_THEME, REFERRAL_THEME, LAC_THEME]
    assert data["summary_all_themes"]["red"] == 2


def test_a_plan_without_indicators_has_an_empty_scorecard(app):
    from tests.factories import make_plan

    make_plan(slug="empty")
    db.session.commit()
    empty = build_scorecard("empty", JANUARY_2017, today=TODAY)
    assert empty.themes == ()
    assert empty.overall.total == 0
    assert scorecard_json(empty)["indicators"] == []


def test_no_figure_readings_keep_why_there_is_none(app):
    from tests.factories import make_plan

    plan = make_plan(slug="gaps")
    indicator = make_indicator(plan, "4.4", "% of CIN with a plan")
    add_monthly_readings(indicator, (2016, 11), [None, "79.5", "87.6"])
    db.session.commit()
    row = by_ref(build_scorecard("gaps", JANUARY_2017, today=TODAY))["4.4"]
    first = row.recent[0]
    assert first.value.value is None
    assert first.value.no_data


def test_the_scorecard_is_built_in_six_queries_whatever_the_number_of_indicators(app):
    plan = build_scorecard_plan()
    counts = []
    for extra in range(2):
        for number in range(20):
            indicator = make_indicator(plan, f"X {extra}.{number}")
            add_monthly_readings(indicator, (2016, 11), ["1", "2", "3"])
        db.session.commit()
        with counting_queries() as statements:
            build_scorecard("scorecard", JANUARY_2017, today=TODAY)
        # The database's own BEGIN is no query of the scorecard's.
        counts.append(sum(statement.lstrip().startswith("SELECT") for statement in statements))
    assert counts == [6, 6]


def test_the_exception_report_groups_red_indicators_by_theme(scorecard):
    assert [
        (theme.title, [a.indicator.ref for a in theme.assessments])
        for theme in scorecard.exceptions_by_theme
    ] == [(EH_THEME, ["EH 2.2"]), (REFERRAL_THEME, ["1.2"])]


def test_a_top_performer_that_stays_at_the_top_counts_with_the_improvers(app):
    from tests.factories import make_plan
    from tests.indicator_factories import add_tolerance

    plan = make_plan(slug="top")
    reviews = make_indicator(plan, "5.13", "% of CP cases reviewed within timescales")
    add_monthly_readings(reviews, (2016, 11), ["100", "100", "100"])
    add_tolerance(reviews, date(2016, 4, 1), "<95%", "95%>", "98%+")
    db.session.commit()
    built = build_scorecard("top", JANUARY_2017, today=TODAY)
    row = by_ref(built)["5.13"]
    assert row.travel is Travel.MAINTAINED
    assert row.top_performance
    assert (built.overall.improving, built.overall.maintained) == (1, 0)
    data = scorecard_json(built)["indicators"][0]
    assert data["top_performance"] is True
    assert data["dot"] == "maintained"


def test_the_trend_chart_has_the_own_periods_and_the_json_every_reading(scorecard):
    placements = by_ref(scorecard)["8.2"]
    detail = scorecard.detail(placements)
    assert [r.period.label for r in detail.history] == ["Nov-16", "Dec-16", "Jan-17"]
    row = next(r for r in scorecard_json(scorecard)["indicators"] if r["ref"] == "8.2")
    assert [r["period"] for r in row["readings"]] == [
        "2013/14",
        "2014/15",
        "2015/16",
        "Nov-16",
        "Dec-16",
        "Jan-17",
    ]

"""The scorecard page and its JSON: content, escaping, bad periods and a fixed number of queries."""

from __future__ import annotations

from datetime import date

import pytest

from tests.factories import make_plan
from tests.indicator_factories import (
    RED_COMMENTARY,
    add_benchmark,
    add_monthly_readings,
    add_target,
    add_tolerance,
    build_scorecard_plan,
    make_indicator,
)
from tests.reports.conftest import counting_queries
from tracker import clock
from tracker.domain.indicator_terms import BenchmarkKind, Polarity
from tracker.extensions import db

HOSTILE_TITLE = '<script>alert("title")</script> & =HYPERLINK("http://evil")'
HOSTILE_COMMENTARY = "<img src=x onerror=alert(1)> fell <b>sharply</b>"


@pytest.fixture
def scorecard_plan(app):
    build_scorecard_plan()
    db.session.close()
    return "scorecard"


def test_the_page_shows_each_theme_with_rag_and_dot_in_words(panel_client, scorecard_plan):
    response = panel_client.get("/reports/scorecard/scorecard?period=2017-01")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Children&#39;s Services Scorecard – Performance Scorecard, January 2017" in page
    for text in (
        "Early Help triage and assessment",
        "Contact and referral",
        "Looked after children",
        "Triaged within five working days of receipt",
        "Nov-16: 92.4%",
        "Jan-17: 94.5%",
        "Amber &gt;90% &lt;100%; Green 100%",
        "↑ Improving",
        ">Amber</strong>",
        ">Red</strong>",
        "2013/14: 11.2%",
        "National top quartile threshold (2014/15): 8%",
        "Performance against targets",
        "Year to date performance",
        "Exception report (RAG rated red)",
        "Performance clinic candidates",
        "Q2 2016/17, Q3 2016/17",
        "Trend of 8.2",
    ):
        assert text in page, text
    assert "contacts rose by 51% since the previous month." in page
    assert "Measure (EH 2.2): Initial contacts made within three working days" in page
    assert 'value="2017-01"' in page


def test_the_json_route_returns_the_scorecard(panel_client, scorecard_plan):
    response = panel_client.get("/reports/scorecard/scorecard.json?period=2017-01")
    assert response.status_code == 200
    data = response.get_json()
    assert data["period"]["label"] == "Jan-17"
    rows = {row["ref"]: row for row in data["indicators"]}
    assert rows["EH 2.2"]["rag"] == "red"
    assert rows["EH 2.2"]["latest"]["value"] == 31.1
    assert data["exceptions"][0]["commentary"] == RED_COMMENTARY


@pytest.mark.parametrize(
    "period", ["2017-13", "January", "2017-1-1", "0000-01", "9999-01", "<script>"]
)
@pytest.mark.parametrize("suffix", ["", ".json"])
def test_a_bad_period_is_refused_naming_it(panel_client, scorecard_plan, period, suffix):
    response = panel_client.get(
        f"/reports/scorecard/scorecard{suffix}", query_string={"period": period}
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "period" in page
    assert "<script>" not in page.replace("&lt;script&gt;", "")


def test_without_a_period_the_last_complete_month_is_shown(
    monkeypatch, panel_client, scorecard_plan
):
    monkeypatch.setattr(clock, "today", lambda: date(2017, 2, 10))
    data = panel_client.get("/reports/scorecard/scorecard.json").get_json()
    assert data["period"]["label"] == "Jan-17"


def test_an_unknown_plan_is_not_found(panel_client, scorecard_plan):
    assert panel_client.get("/reports/nothing/scorecard").status_code == 404


def test_hostile_titles_and_commentary_are_escaped(app, panel_client):
    plan = make_plan(slug="hostile", title="<b>Plan</b>")
    indicator = make_indicator(plan, "<i>1</i>", HOSTILE_TITLE, theme="<em>Theme</em>")
    add_monthly_readings(indicator, (2016, 12), ["50", "40"], HOSTILE_COMMENTARY)
    add_tolerance(indicator, date(2016, 4, 1), "<90%", "90%>", "95%+")
    db.session.commit()
    db.session.close()
    page = panel_client.get("/reports/hostile/scorecard?period=2017-01").get_data(as_text=True)
    assert "<script>alert" not in page
    assert "<img src=x" not in page
    assert "<em>Theme</em>" not in page
    assert "<i>1</i>" not in page
    assert "&lt;script&gt;alert(&#34;title&#34;)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt; fell &lt;b&gt;sharply&lt;/b&gt;" in page
    data = panel_client.get("/reports/hostile/scorecard.json?period=2017-01").get_json()
    assert data["indicators"][0]["title"] == HOSTILE_TITLE
    assert data["exceptions"][0]["commentary"] == HOSTILE_COMMENTARY


def test_a_plan_without_indicators_says_so(app, panel_client):
    make_plan(slug="none")
    db.session.commit()
    db.session.close()
    page = panel_client.get("/reports/none/scorecard?period=2017-01").get_data(as_text=True)
    assert "This plan has no performance indicators yet." in page


def test_the_dashboard_links_the_scorecard_only_when_the_plan_has_indicators(
    app, panel_client, scorecard_plan
):
    make_plan(slug="bare")
    db.session.commit()
    db.session.close()
    linked = panel_client.get("/reports/scorecard/").get_data(as_text=True)
    assert "/reports/scorecard/scorecard" in linked
    bare = panel_client.get("/reports/bare/").get_data(as_text=True)
    assert "/reports/bare/scorecard" not in bare


def plan_with(count: int) -> str:
    """Make a plan of count indicators over three themes, each with a year of readings."""
    slug = f"indicators-{count}"
    plan = make_plan(slug=slug)
    for number in range(count):
        indicator = make_indicator(
            plan,
            f"{number % 3 + 1}.{number}",
            theme=f"Theme {number % 3}",
            polarity=(Polarity.HIGH, Polarity.LOW, Polarity.INFO)[number % 3],
            position=number,
        )
        add_monthly_readings(
            indicator, (2016, 2), [str(50 + (number + m) % 40) for m in range(12)], "Comment"
        )
        add_tolerance(indicator, date(2016, 4, 1), "<60%", "60%>", "70%+")
        add_target(indicator, "70", date(2017, 3, 31), date(2016, 4, 1))
        add_benchmark(indicator, BenchmarkKind.NATIONAL_AVERAGE, "65")
    db.session.commit()
    return slug


@pytest.mark.parametrize(
    "url", ["/reports/{slug}/scorecard?period=2017-01", "/reports/{slug}/scorecard.json"]
)
def test_the_scorecard_issues_the_same_queries_for_5_and_50_indicators(app, panel_client, url):
    small, large = plan_with(5), plan_with(50)
    counts = []
    for slug in (small, large):
        db.session.close()
        with counting_queries() as statements:
            response = panel_client.get(url.format(slug=slug))
        assert response.status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1], counts


def test_the_target_cell_names_the_target_or_the_bands_that_stand_for_it(app, panel_client):
    plan = make_plan(slug="targets")
    banded = make_indicator(plan, "1", "Banded only")
    add_monthly_readings(banded, (2017, 1), ["94"])
    add_tolerance(banded, date(2016, 4, 1), "<90%", "90%>", "95%+")
    targeted = make_indicator(plan, "2", "Targeted")
    add_monthly_readings(targeted, (2017, 1), ["94"])
    add_target(targeted, "96", date(2017, 3, 31), date(2016, 4, 1), "96% March 2017")
    bare = make_indicator(plan, "3", "Neither")
    add_monthly_readings(bare, (2017, 1), ["94"])
    db.session.commit()
    db.session.close()
    page = panel_client.get("/reports/targets/scorecard?period=2017-01").get_data(as_text=True)
    assert page.count("Target: No target set") == 1
    assert "Target: 96% March 2017" in page
    assert "Red &lt;90%; Amber 90%&gt;; Green 95%+" in page

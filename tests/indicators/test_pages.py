"""Indicator pages, the action page and the highlight report show readings, RAG and history."""

from datetime import UTC, date, datetime

from tests.factories import add_update, make_action
from tests.indicators.conftest import add_reading, make_indicator
from tests.reports.conftest import counting_queries
from tracker.extensions import db
from tracker.models import IndicatorAction


def _year_of_readings(indicator, values: list[str]) -> None:
    """Record monthly readings from April 2016 on, one per value."""
    for month, value in enumerate(values, start=4):
        end = date(2016, month + 1, 1).replace(day=1) if month < 12 else date(2017, 1, 1)
        last_day = date.fromordinal(end.toordinal() - 1)
        add_reading(indicator, date(2016, month, 1), last_day, f"{value}%", value)


def test_the_plan_lists_its_indicators_with_latest_reading_rag_and_direction(card, as_user):
    add_reading(card.indicator, date(2016, 10, 1), date(2016, 10, 31), "96%", "96")
    add_reading(card.indicator, date(2016, 11, 1), date(2016, 11, 30), "94.5%", "94.5")
    db.session.commit()
    client = as_user(card.panel)

    plan_page = client.get("/plans/cyps").get_data(as_text=True)
    assert 'href="/indicators/?plan=cyps"' in plan_page
    page = client.get("/indicators/?plan=cyps")

    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Early Help" in html
    assert "1.2 Percentage of contacts triaged within 24 hours" in html
    assert "94.5%" in html and "(Nov-16)" in html
    # 94.5% against amber >90% <100% and green 100% is amber, as the paper has it.
    assert "Amber</strong>" in html
    assert "Declining" in html


def test_a_plan_that_is_not_named_or_not_readable_is_refused(card, as_user):
    assert as_user(card.panel).get("/indicators/").status_code == 404
    assert as_user(card.panel).get("/indicators/?plan=nope").status_code == 404
    assert as_user(card.other_lead).get("/indicators/?plan=cyps").status_code == 403
    assert as_user(card.other_lead).get(f"/indicators/{card.indicator.id}").status_code == 403


def test_the_indicator_page_shows_how_it_is_judged_its_figures_links_and_chart(card, as_user):
    _year_of_readings(card.indicator, ["91", "92", "95", "97", "96", "93.5", "100", "94.5"])
    db.session.commit()

    page = as_user(card.owner).get(f"/indicators/{card.indicator.id}")

    assert page.status_code == 200
    html = page.get_data(as_text=True)
    for shown in (
        "Good performance is",
        "High",
        "Monthly",
        "Financial year (April to March)",
        "Red &lt;90%, Amber &gt;90% &lt;100%, Green 100%",
        "National average: 88.1% (2015/16)",
        "1.01 Triage every contact",
        "Record a reading",
        '<svg class="tracker-chart__svg',
        "Readings, newest period first",
    ):
        assert shown in html, shown
    history = html[html.index("Readings, newest period first") :]
    assert history.index("Nov-16") < history.index("Apr-16")
    assert html.count('<rect class="tracker-chart__bar"') == 8


def test_the_indicator_page_escapes_what_was_typed(card, as_user):
    add_reading(
        card.indicator,
        date(2016, 11, 1),
        date(2016, 11, 30),
        "95%",
        "95",
        commentary="<script>alert(1)</script>",
    )
    db.session.commit()

    html = as_user(card.owner).get(f"/indicators/{card.indicator.id}").get_data(as_text=True)

    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_the_action_page_shows_the_latest_reading_and_rag_of_its_indicators(card, as_user):
    add_reading(card.indicator, date(2016, 10, 1), date(2016, 10, 31), "80%", "80")
    add_reading(card.indicator, date(2016, 11, 1), date(2016, 11, 30), "100%", "100")
    db.session.commit()

    html = as_user(card.owner).get(f"/actions/{card.action.id}").get_data(as_text=True)

    assert "Performance indicators this action works towards" in html
    assert f'href="/indicators/{card.indicator.id}"' in html
    assert "100%" in html and "(Nov-16)" in html
    assert "Green</strong>" in html
    assert "Improving" in html


def test_the_action_page_asks_as_many_queries_for_three_linked_indicators_as_for_one(card, as_user):
    client = as_user(card.owner)
    url = f"/actions/{card.action.id}"
    client.get(url)
    with counting_queries() as one:
        client.get(url)
    for number in (2, 3):
        more = make_indicator(card.plan, card.owner, ref=f"1.{number + 2}")
        add_reading(more, date(2016, 11, 1), date(2016, 11, 30), "97%", "97")
        db.session.add(IndicatorAction(indicator_id=more.id, action_id=card.action.id))
    db.session.commit()
    with counting_queries() as three:
        html = client.get(url).get_data(as_text=True)

    assert html.count('href="/indicators/') == 3
    assert len(three) == len(one)


def test_the_highlight_report_carries_the_linked_indicators_in_json_and_html(card, as_user):
    add_reading(card.indicator, date(2016, 10, 1), date(2016, 10, 31), "96%", "96")
    add_reading(card.indicator, date(2016, 11, 1), date(2016, 11, 30), "94.5%", "94.5")
    unlinked = make_action(card.plan, ref="1.02", text="Unlinked action")
    db.session.commit()
    client = as_user(card.panel)

    data = client.get("/reports/cyps/highlight.json?month=2016-11").get_json()

    assert data["indicators"] == [
        {
            "action_id": card.action.id,
            "action_ref": "1.01",
            "indicator_id": card.indicator.id,
            "ref": "1.2",
            "title": "Percentage of contacts triaged within 24 hours",
            "period": "Nov-16",
            "latest": "94.5%",
            "rag": "amber",
            "dot": "↓ Declining",
        }
    ]
    assert unlinked.id not in {line["action_id"] for line in data["indicators"]}
    html = client.get("/reports/cyps/highlight?month=2016-11").get_data(as_text=True)
    assert "Performance indicators of the actions (1)" in html
    assert "1.2 Percentage of contacts triaged within 24 hours" in html
    docx = client.get("/reports/cyps/highlight.docx?month=2016-11")
    assert docx.status_code == 200
    pdf = client.get("/reports/cyps/highlight.pdf?month=2016-11")
    assert pdf.status_code == 200


def test_a_highlight_report_for_an_earlier_month_shows_the_reading_of_that_time(card, as_user):
    add_update(card.action, as_at=date(2016, 9, 30), commentary="Planned")
    add_reading(card.indicator, date(2016, 9, 1), date(2016, 9, 30), "91%", "91")
    add_reading(card.indicator, date(2016, 11, 1), date(2016, 11, 30), "100%", "100")
    db.session.commit()

    data = as_user(card.panel).get("/reports/cyps/highlight.json?month=2016-10").get_json()

    [line] = data["indicators"]
    assert (line["period"], line["latest"], line["rag"]) == ("Sep-16", "91%", "amber")


def test_the_list_and_indicator_pages_ask_as_many_queries_for_many_readings_as_for_few(
    card, as_user
):
    client = as_user(card.panel)
    add_reading(card.indicator, date(2016, 11, 1), date(2016, 11, 30), "94.5%", "94.5")
    db.session.commit()
    pages = ("/indicators/?plan=cyps", f"/indicators/{card.indicator.id}")
    for page in pages:
        client.get(page)
    few = {}
    for page in pages:
        with counting_queries() as statements:
            client.get(page)
        few[page] = len(statements)
    _year_of_readings(card.indicator, ["91", "92", "95", "97", "96", "93.5", "100"])
    for number in range(3, 8):
        more = make_indicator(card.plan, card.owner, ref=f"2.{number}")
        _year_of_readings(more, ["91", "92", "95"])
    db.session.commit()

    many = {}
    for page in pages:
        with counting_queries() as statements:
            assert client.get(page).status_code == 200
        many[page] = len(statements)

    assert many == few


def test_of_two_readings_of_one_period_imported_twice_the_later_recorded_is_in_force(card, as_user):
    add_reading(
        card.indicator,
        date(2016, 11, 1),
        date(2016, 11, 30),
        "80%",
        "80",
        recorded_at=datetime(2016, 12, 1, 9, tzinfo=UTC),
    )
    add_reading(
        card.indicator,
        date(2016, 11, 1),
        date(2016, 11, 30),
        "100%",
        "100",
        recorded_at=datetime(2016, 12, 2, 9, tzinfo=UTC),
    )
    db.session.commit()
    client = as_user(card.owner)

    listed = client.get("/indicators/?plan=cyps").get_data(as_text=True)
    form = client.get(f"/indicators/{card.indicator.id}/reading").get_data(as_text=True)

    assert "100%" in listed and "Green</strong>" in listed
    assert "This corrects the reading of Nov-16: 100%," in form


def test_a_reading_that_could_not_be_read_shows_its_text_and_why(card, as_user):
    add_reading(card.indicator, date(2016, 11, 1), date(2016, 11, 30), "(Nov, Dec ave)", None)
    add_reading(card.indicator, date(2016, 10, 1), date(2016, 10, 31), "-", None)
    db.session.commit()

    html = as_user(card.owner).get(f"/indicators/{card.indicator.id}").get_data(as_text=True)

    assert '(Nov, Dec ave)<br><span class="govuk-body-s">Not read: ' in html
    assert html.count("Not read: ") == 1

"""The panel dashboard, the highlight report page and the exception report page."""

import re
from datetime import date

import pytest

from tests.factories import add_update, make_action, make_person, make_plan, make_user
from tracker.domain.enums import Completion, Rag, Role
from tracker.extensions import db
from tracker.models import Achievement, Risk

HOSTILE = '<b>bold</b> & <img src="http://127.0.0.1:9/x.png"> <font color="[[[1]]]">x</font>'


@pytest.fixture
def small_plan(app):
    """Return a plan with one action completed in March 2011 and one red action."""
    plan = make_plan(slug="rmbc", title="RMBC Notice to Improve Action Plan")
    lead = make_person("Howard Woolfenden")
    done = make_action(
        plan, ref="1.01", text="Audit files", leads=[lead], target_date=date(2011, 3, 31)
    )
    red = make_action(
        plan, ref="1.02", text="Review NFA cases", leads=[lead], target_date=date(2011, 2, 28)
    )
    add_update(done, as_at=date(2011, 2, 20), completion=Completion.PARTIALLY_COMPLETED)
    add_update(
        done,
        as_at=date(2011, 3, 30),
        completion=Completion.COMPLETED,
        rag=Rag.COMPLETE,
        completed_on=date(2011, 3, 29),
    )
    add_update(
        red,
        as_at=date(2011, 3, 30),
        completion=Completion.NOT_COMPLETED,
        rag=Rag.RED,
        commentary=HOSTILE,
    )
    db.session.add(
        Risk(plan_id=plan.id, description="Caseloads too high <script>", raised_on=date(2011, 1, 5))
    )
    db.session.add(
        Achievement(
            plan_id=plan.id, text="87.5% of care leavers in EET", achieved_on=date(2011, 3, 30)
        )
    )
    db.session.commit()
    return plan


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_dashboard_shows_tallies_trend_and_links_to_each_month(small_plan, panel_client):
    response = panel_client.get("/reports/rmbc/")

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    text = text_of(html)
    assert "Overall Completion Status" in text
    assert "Actions 2 1 1 0 0" in text
    assert "Percentage of all actions 50.00% 50.00% 0.00% 0.00%" in text
    assert "February 2011 0.00% 1" in text and "March 2011 50.00% 2" in text
    assert html.count('class="tracker-chart__bar"') == 2
    assert 'href="/reports/rmbc/highlight?month=2011-03"' in html
    assert 'href="/reports/rmbc/highlight.pdf?month=2011-02"' in html
    assert 'action="/reports/rmbc/plan.pdf"' in html
    assert 'action="/reports/rmbc/exceptions"' in html


def test_the_highlight_page_defaults_to_the_latest_month_with_updates(small_plan, panel_client):
    html = panel_client.get("/reports/rmbc/highlight").get_data(as_text=True)
    text = text_of(html)

    assert "RMBC Notice to Improve Action Plan – March Highlight Report" in text
    assert "Overall Completion Status 31 March 2011" in text
    assert '<option value="2011-03" selected>March 2011</option>' in html
    assert '<option value="2011-02">February 2011</option>' in html
    assert "Completed in March 2011 (1)" in text
    assert "Audit files Howard Woolfenden 31 March 2011 29 March 2011" in text
    assert "Overdue actions (1)" in text
    assert "Review NFA cases Howard Woolfenden 28 February 2011 31" in text
    assert "Caseloads too high &lt;script&gt;" in html
    assert "87.5% of care leavers in EET" in text
    assert "Change since then (percentage points) +1 +50.00 +50.00 -100.00 0.00" in text


def test_a_chosen_month_shows_that_months_report(small_plan, panel_client):
    text = text_of(panel_client.get("/reports/rmbc/highlight?month=2011-02").get_data(as_text=True))

    assert "February Highlight Report" in text
    assert "Overall Completion Status 28 February 2011" in text
    assert "No actions were completed in the month." in text


def test_user_text_is_escaped_and_pages_carry_no_inline_style(small_plan, panel_client):
    for url in ("/reports/rmbc/", "/reports/rmbc/highlight", "/reports/rmbc/exceptions"):
        response = panel_client.get(url)
        html = response.get_data(as_text=True)
        assert "style=" not in html
        assert "<script>" not in html
        assert "<style" not in html
        assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]
    html = panel_client.get("/reports/rmbc/highlight").get_data(as_text=True)
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; &lt;img src=" in html
    assert "<img" not in html and "<font" not in html


def test_the_exception_report_lists_red_actions_with_their_commentary(small_plan, panel_client):
    html = panel_client.get("/reports/rmbc/exceptions?as_at=2011-03-31").get_data(as_text=True)
    text = text_of(html)

    assert "1 action rated red as at 31 March 2011." in text
    assert "Review NFA cases" in text and "Audit files" not in text
    assert "&lt;font color=&#34;[[[1]]]&#34;&gt;" in html
    before = text_of(
        panel_client.get("/reports/rmbc/exceptions?as_at=2011-01-31").get_data(as_text=True)
    )
    assert "No actions were rated red as at 31 January 2011." in before


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/reports/rmbc/highlight?month=2011-13", "Write it as YYYY-MM"),
        ("/reports/rmbc/highlight?month=March", "Write it as YYYY-MM"),
        ("/reports/rmbc/highlight.pdf?month=2011-3", "Write it as YYYY-MM"),
        ("/reports/rmbc/highlight.json?month=0000-01", "Write it as YYYY-MM"),
        ("/reports/rmbc/highlight?month=9999-12", "Choose a month from 1900-01 to 2200-12"),
        ("/reports/rmbc/plan.pdf?as_at=2011-02-30", "Write it as YYYY-MM-DD"),
        ("/reports/rmbc/exceptions?as_at=31/03/2011", "Write it as YYYY-MM-DD"),
        ("/reports/rmbc/exceptions.pdf?as_at=20110331", "Write it as YYYY-MM-DD"),
    ],
)
def test_a_malformed_month_or_date_gives_a_400_saying_what_to_fix(
    small_plan, panel_client, url: str, message: str
):
    response = panel_client.get(url)

    assert response.status_code == 400
    assert message in text_of(response.get_data(as_text=True))


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/highlight",
        "/highlight.pdf",
        "/highlight.json",
        "/plan.pdf",
        "/exceptions",
        "/exceptions.pdf",
    ],
)
def test_an_unknown_plan_is_not_found(app, panel_client, path: str):
    assert panel_client.get(f"/reports/no-such-plan{path}").status_code == 404


def test_a_lead_reads_the_reports_of_plans_they_lead_and_no_others(small_plan, client, sign_in):
    other = make_plan(slug="other")
    outsider = make_user(Role.LEAD)
    make_action(other, leads=[outsider.person])
    insider = make_user(Role.LEAD, person=make_person("A lead"))
    make_action(small_plan, leads=[insider.person])
    db.session.commit()

    sign_in(client, outsider)
    assert client.get("/reports/rmbc/").status_code == 403
    assert client.get("/reports/rmbc/highlight.json").status_code == 403
    assert client.get("/reports/other/").status_code == 200
    sign_in(client, insider)
    assert client.get("/reports/rmbc/highlight").status_code == 200


def test_signed_out_visitors_are_sent_to_sign_in(small_plan, client):
    response = client.get("/reports/rmbc/highlight.pdf")

    assert response.status_code == 302
    assert "/auth/sign-in" in response.headers["Location"]


def test_an_admin_reads_every_plan(small_plan, client, sign_in):
    sign_in(client, make_user(Role.ADMIN))
    db.session.commit()

    assert client.get("/reports/rmbc/").status_code == 200


def test_a_plan_without_updates_has_an_empty_dashboard_and_a_report_for_this_month(
    app, panel_client
):
    make_plan(slug="empty")
    db.session.commit()

    dashboard = text_of(panel_client.get("/reports/empty/").get_data(as_text=True))
    assert "No updates have been recorded for this plan yet" in dashboard
    assert "Actions 0 0 0 0 0" in dashboard
    report = panel_client.get("/reports/empty/highlight.json").get_json()
    assert report["tallies"]["overall"]["total"] == 0
    assert report["tallies"]["overall"]["percent"]["completed"] == "0.00"


def test_the_plan_page_links_to_the_dashboard(small_plan, panel_client):
    html = panel_client.get("/plans/rmbc").get_data(as_text=True)

    assert 'href="/reports/rmbc/"' in html

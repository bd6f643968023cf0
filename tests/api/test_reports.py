"""The API answers a plan's tallies, highlight report and scorecard, and the cross-plan tallies."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.api.conftest import bearer
from tests.factories import make_action, make_person, make_plan, make_user
from tests.reports.conftest import counting_queries
from tests.reports.test_query_counts import plan_with
from tracker import clock
from tracker.domain.as_at import Month
from tracker.domain.enums import Role
from tracker.extensions import db
from tracker.models import Plan, User
from tracker.reports.report_json import plan_tallies_json
from tracker.services import reports

EXAMPLE = "example-improvement-plan"
RMBC = "rmbc-notice-to-improve"
CYPS = "cyps-immediate-priorities-2009"


@pytest.fixture
def admin(demo_seed) -> User:
    """Return the demo seed's administrator."""
    user = db.session.scalar(select(User).where(User.email == "admin@example.org"))
    assert user is not None
    return user


@pytest.fixture
def admin_headers(admin, make_token) -> dict[str, str]:
    """Return the headers of a request with the demo administrator's token."""
    return bearer(make_token(admin))


def field_errors(answer) -> dict[str, str]:
    """Return a 422 problem's message for each field it names."""
    assert answer.status_code == 422
    assert answer.mimetype == "application/problem+json"
    return {error["field"]: error["detail"] for error in answer.json["errors"]}


def test_tallies_as_at_a_date_count_the_plan_as_the_october_report_does(client, admin_headers):
    answer = client.get(f"/api/v1/plans/{CYPS}/tallies?as_at=2009-11-02", headers=admin_headers)

    assert answer.status_code == 200
    assert answer.json["as_at"] == "2009-11-02"
    assert answer.json["plan"]["slug"] == CYPS
    overall = answer.json["overall"]
    assert (overall["total"], overall["completed"], overall["not_known"]) == (37, 1, 36)
    assert overall["percent"]["completed"] == "2.70"
    assert [band["number"] for band in answer.json["bands"]] == [1, 2, 3]


def test_tallies_without_a_date_are_today_s_as_the_dashboard_counts_them(client, admin_headers):
    answer = client.get(f"/api/v1/plans/{EXAMPLE}/tallies", headers=admin_headers)

    plan = db.session.scalar(select(Plan).where(Plan.slug == EXAMPLE))
    expected = plan_tallies_json(
        plan.slug, plan.title, reports.current_tallies(plan.id, clock.today())
    )
    assert answer.json == expected


@pytest.mark.parametrize(
    ("query", "errors"),
    [
        (
            "as_at=2009-13-01",
            {
                "as_at": "The as-at date '2009-13-01' is not a date. Write it as YYYY-MM-DD, "
                "for example 2009-10-31."
            },
        ),
        (
            "as_at=1800-01-01",
            {
                "as_at": "The as-at date '1800-01-01' is out of range. Choose a date from "
                "1900-01-01 to 2200-12-31."
            },
        ),
    ],
)
def test_a_wrong_date_is_a_422_naming_it_with_the_web_s_words(client, admin_headers, query, errors):
    answer = client.get(f"/api/v1/plans/{CYPS}/tallies?{query}", headers=admin_headers)

    assert field_errors(answer) == errors


@pytest.mark.parametrize(
    ("slug", "query"),
    [
        (CYPS, "?month=2009-10"),
        (CYPS, "?month=2009-10&as_at=2009-11-20"),
        (CYPS, "?month=2009-10&as_at=2009-10-31"),
        (CYPS, ""),
        (RMBC, "?month=2011-03"),
        (EXAMPLE, ""),
    ],
)
def test_the_highlight_report_is_the_web_s_highlight_json(
    client, admin, admin_headers, sign_in, slug, query
):
    sign_in(client, admin)

    from_api = client.get(f"/api/v1/plans/{slug}/highlight{query}", headers=admin_headers)
    from_web = client.get(f"/reports/{slug}/highlight.json{query}")

    assert from_api.status_code == from_web.status_code == 200
    assert from_api.json == from_web.json


def test_the_highlight_report_is_of_the_month_and_cut_off_asked_for(client, admin_headers):
    answer = client.get(
        f"/api/v1/plans/{CYPS}/highlight?month=2009-10&as_at=2009-11-20", headers=admin_headers
    )

    assert (answer.json["month"], answer.json["cut_off"]) == ("2009-10", "2009-11-20")
    assert answer.json["title"].endswith("October Highlight Report")
    assert answer.json["tallies"]["overall"]["total"] == 37


@pytest.mark.parametrize(
    ("query", "errors"),
    [
        (
            "month=2009-1",
            {
                "month": "The month '2009-1' is not a month. Write it as YYYY-MM, for example "
                "2009-10."
            },
        ),
        (
            "month=2999-01",
            {
                "month": "The month '2999-01' is out of range. Choose a month from 1900-01 to "
                "2200-12."
            },
        ),
        (
            "month=2200-01",
            {"month": "The month January 2200 has not begun. Choose a month up to {current}."},
        ),
        (
            "month=2009-10&as_at=2010-10-10",
            {
                "as_at": "The cut-off date 10 October 2010 is after the end of November 2009. "
                "A report for October 2009 can be as at any date from 31 October 2009 to "
                "30 November 2009."
            },
        ),
        (
            "month=2009-10&as_at=31-10-2009",
            {
                "as_at": "The as-at date '31-10-2009' is not a date. Write it as YYYY-MM-DD, "
                "for example 2009-10-31."
            },
        ),
    ],
)
def test_a_wrong_month_or_cut_off_is_a_422_naming_it(client, admin_headers, query, errors):
    answer = client.get(f"/api/v1/plans/{CYPS}/highlight?{query}", headers=admin_headers)

    current = Month.of(clock.today()).label
    assert field_errors(answer) == {
        name: message.format(current=current) for name, message in errors.items()
    }


def test_the_portfolio_is_the_web_s_cross_plan_tallies(client, demo_seed, make_token, sign_in):
    panel = db.session.scalar(select(User).where(User.email == "panel@example.org"))
    sign_in(client, panel)
    headers = bearer(make_token(panel))

    for query in ("", "?as_at=2010-12-31"):
        from_api = client.get(f"/api/v1/portfolio{query}", headers=headers)
        from_web = client.get(f"/plans/tallies.json{query}")
        assert from_api.status_code == 200
        assert from_api.json == from_web.json
    assert len(from_api.json["plans"]) == 3
    assert from_api.json["as_at"] == "2010-12-31"


def test_a_lead_may_not_read_the_portfolio(client, make_token):
    answer = client.get("/api/v1/portfolio", headers=bearer(make_token(make_user(Role.LEAD))))

    assert answer.status_code == 403
    assert answer.json["type"] == "/help/api#problem-forbidden"


def test_a_wrong_portfolio_date_is_a_422(client, make_token):
    headers = bearer(make_token(make_user(Role.PANEL)))

    answer = client.get("/api/v1/portfolio?as_at=yesterday", headers=headers)

    assert list(field_errors(answer)) == ["as_at"]


@pytest.mark.parametrize("slug", [EXAMPLE, RMBC])
@pytest.mark.parametrize("query", ["", "?period=2010-12"])
def test_the_scorecard_is_the_web_s_scorecard_json(
    client, admin, admin_headers, sign_in, slug, query
):
    sign_in(client, admin)

    from_api = client.get(f"/api/v1/plans/{slug}/scorecard{query}", headers=admin_headers)
    from_web = client.get(f"/reports/{slug}/scorecard.json{query}")

    assert from_api.status_code == 200
    assert from_api.json == from_web.json
    assert from_api.json["indicators"]


def test_a_plan_without_indicators_has_no_scorecard(client, admin_headers):
    answer = client.get(f"/api/v1/plans/{CYPS}/scorecard", headers=admin_headers)

    assert answer.status_code == 404
    assert answer.json["type"] == "/help/api#problem-no-indicators"
    assert answer.json["detail"] == (
        f"The plan '{CYPS}' has no live indicators, so it has no scorecard."
    )


def test_a_wrong_period_is_a_422_naming_it(client, admin_headers):
    answer = client.get(f"/api/v1/plans/{EXAMPLE}/scorecard?period=Oct-10", headers=admin_headers)

    assert field_errors(answer) == {
        "period": "The period 'Oct-10' is not a month. Write it as YYYY-MM, for example 2009-10."
    }


@pytest.mark.parametrize("report", ["tallies", "highlight", "scorecard"])
def test_a_lead_reads_the_reports_of_their_own_plan_only(client, make_token, report):
    lead = make_person("Lee Lead")
    make_action(make_plan(slug="theirs"), leads=[lead])
    make_plan(slug="other")
    headers = bearer(make_token(make_user(Role.LEAD, person=lead)))

    refused = client.get(f"/api/v1/plans/other/{report}", headers=headers)
    own = client.get(f"/api/v1/plans/theirs/{report}", headers=headers)

    assert refused.status_code == 403
    # Their own plan has no indicators, so its scorecard is the 404 that says so.
    assert own.status_code == (404 if report == "scorecard" else 200)


def test_an_unknown_plan_s_report_is_a_404(client, admin_headers):
    assert client.get("/api/v1/plans/nothing/highlight", headers=admin_headers).status_code == 404


@pytest.mark.parametrize(
    "address",
    [
        "/api/v1/plans/{slug}/tallies",
        "/api/v1/plans/{slug}/tallies?as_at=2010-03-31",
        "/api/v1/plans/{slug}/highlight?month=2010-02",
        "/api/v1/portfolio?as_at=2010-03-31",
    ],
)
def test_a_report_issues_the_same_queries_for_5_and_50_actions(client, make_token, address):
    headers = bearer(make_token(make_user(Role.ADMIN)))
    counts = []
    for slug in (plan_with(5), plan_with(50)):
        db.session.commit()
        with counting_queries() as statements:
            answer = client.get(address.format(slug=slug), headers=headers)
        assert answer.status_code == 200
        counts.append(len(statements))

    assert counts[0] == counts[1]

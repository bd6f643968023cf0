"""The plans overview and cross-plan tallies agree with each plan's own figures, in few queries."""

import csv
import io
import json
from datetime import date, timedelta

import pytest

from tests.factories import add_update, make_action, make_person, make_plan, make_theme, make_user
from tests.reports.conftest import counting_queries
from tracker.domain.as_at import state_as_at
from tracker.domain.due import DueKind, assess_due
from tracker.domain.enums import Completion, Rag, Role
from tracker.domain.portfolio import SortKey, matching, sorted_plans
from tracker.domain.working_days import WorkingCalendar
from tracker.extensions import db
from tracker.models import Action, ActionLead
from tracker.services import reports
from tracker.services.facts import load_action_facts, load_update_facts
from tracker.services.portfolio import load_overview, load_portfolio

C = Completion.COMPLETED
N = Completion.NOT_COMPLETED
P = Completion.PARTIALLY_COMPLETED
AS_AT = date(2010, 3, 15)


def build_plan(slug: str, title: str, owner: str = "Julie Westwood") -> int:
    """Make a plan whose actions change status across February and March 2010."""
    plan = make_plan(slug=slug, title=title)
    plan.owner = owner
    theme = make_theme(plan, 1)
    lead = make_person(f"Lead of {slug}")
    done = make_action(plan, ref="1.1", theme=theme, leads=[lead], target_date=date(2010, 2, 1))
    add_update(done, as_at=date(2010, 1, 31), completion=N)
    add_update(done, as_at=date(2010, 3, 5), completion=C, completed_on=date(2010, 3, 4))
    late = make_action(plan, ref="1.2", theme=theme, leads=[lead], target_date=date(2010, 3, 1))
    add_update(late, as_at=date(2010, 2, 20), completion=P, rag=Rag.RED)
    # Dated after the as-at date: the figures as at 15 March use the February update.
    add_update(late, as_at=date(2010, 3, 20), completion=C, completed_on=date(2010, 3, 20))
    due_on_the_day = make_action(plan, ref="1.3", theme=theme, target_date=AS_AT)
    add_update(due_on_the_day, as_at=date(2010, 2, 10), completion=N)
    # Never updated, past its date: overdue though not in the tally.
    make_action(plan, ref="1.4", theme=theme, target_date=date(2010, 1, 1))
    earlier = make_action(plan, ref="1.5", theme=theme)
    add_update(earlier, as_at=date(2009, 12, 1), completion=C, completed_on=date(2009, 11, 30))
    db.session.commit()
    return plan.id


@pytest.fixture
def two_plans(app) -> tuple[int, int]:
    return build_plan("north", "North Council Plan"), build_plan("south", "South Council Plan")


def test_each_plans_tally_is_the_plans_own_tally_as_at_the_date_and_last_month_end(two_plans):
    portfolio = load_portfolio(AS_AT)

    assert [plan.slug for plan in portfolio.plans] == ["north", "south"]
    for plan in portfolio.plans:
        assert plan.tally == reports.tallies_as_at(plan.plan_id, AS_AT).overall
        assert plan.previous == reports.tallies_as_at(plan.plan_id, date(2010, 2, 28)).overall
        assert (plan.tally.total, plan.tally.completed, plan.tally.partially_completed) == (4, 2, 1)
        assert plan.previous.completed == 1
        assert str(plan.change) == "25.00"
        assert plan.last_update_on == date(2010, 3, 5)
        assert plan.exceptions == 1
    assert portfolio.overall.total == 8
    assert portfolio.overall.completed == 4


def test_overdue_counts_what_the_due_rule_calls_overdue(two_plans):
    portfolio = load_portfolio(AS_AT)

    calendar = WorkingCalendar()
    for plan in portfolio.plans:
        states = state_as_at(load_update_facts(plan.plan_id, AS_AT), AS_AT)
        expected = sum(
            assess_due(action, states.get(action.action_id), today=AS_AT, calendar=calendar).kind
            is DueKind.OVERDUE
            for action in load_action_facts([plan.plan_id])
        )
        # 1.2 (partially completed, due 1 March) and 1.4 (never updated, due 1 January);
        # 1.3 is due on the day itself, so not overdue.
        assert plan.overdue == expected == 2


def test_the_small_trend_counts_completions_by_month(two_plans):
    plan = load_portfolio(AS_AT).plans[0]

    assert [(month.isoformat(), count) for month, count in plan.completed_by_month] == [
        ("2009-10", 0),
        ("2009-11", 1),
        ("2009-12", 0),
        ("2010-01", 0),
        ("2010-02", 0),
        ("2010-03", 1),
    ]


def test_a_lead_sees_only_their_plans_and_no_cross_plan_tallies(app, client, sign_in, two_plans):
    lead = make_user(Role.LEAD, person=make_person("Lead Only"))
    north = two_plans[0]
    action_id = db.session.query(Action.id).filter_by(plan_id=north, ref="1.1").scalar()
    db.session.add(ActionLead(action_id=action_id, person_id=lead.person_id, position=1))
    db.session.commit()
    sign_in(client, lead)

    page = client.get("/plans/?as_at=2010-03-15").get_data(as_text=True)
    assert "North Council Plan" in page
    assert "South Council Plan" not in page
    assert "Cross-plan tallies" not in page
    assert client.get("/plans/tallies.json").status_code == 403


def test_the_overview_filters_sorts_and_pages(app, panel_client):
    for number in range(60):
        plan = make_plan(slug=f"plan-{number:02d}", title=f"Plan {number:02d} of the region")
        action = make_action(plan, ref="1")
        add_update(action, as_at=date.today() - timedelta(days=number), completion=N)
    db.session.commit()

    first = panel_client.get("/plans/").get_data(as_text=True)
    assert "Plan 00 of the region" in first and "Plan 49 of the region" in first
    assert "Plan 50 of the region" not in first
    assert "page 1 of 2" in first
    second = panel_client.get("/plans/?page=2").get_data(as_text=True)
    assert "Plan 59 of the region" in second and "Plan 00 of the region" not in second

    newest_last = panel_client.get("/plans/?sort=updated&order=asc").get_data(as_text=True)
    assert newest_last.index("Plan 49 of") < newest_last.index("Plan 10 of")
    filtered = panel_client.get("/plans/?q=PLAN+07").get_data(as_text=True)
    assert "Plan 07 of the region" in filtered and "Plan 08 of the region" not in filtered
    assert 'aria-sort="ascending"' in first


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("key", list(SortKey))
def test_the_overview_page_holds_the_figures_the_whole_portfolio_gives(two_plans, key, descending):
    build_plan("east", "east council plan", owner="North Owner")
    north, _ = two_plans
    for plan_ids, text in ((None, ""), (None, "north"), ({north}, ""), (set(), "")):
        whole = load_portfolio(AS_AT, plan_ids).plans
        expected = sorted_plans(matching(whole, text), key, descending=descending)

        overview = load_overview(
            AS_AT, plan_ids, text=text, sort=key, descending=descending, number=1
        )

        assert list(overview.page.plans) == expected
        assert overview.page.matched == len(expected)
        assert overview.any_plans == bool(whole)
        assert (overview.as_at, overview.previous_as_at) == (AS_AT, date(2010, 2, 28))


@pytest.mark.parametrize(
    "url",
    ["/plans/?sort=owner", "/plans/?order=up", "/plans/?page=0", "/plans/tallies?as_at=2010-13-01"],
)
def test_bad_overview_parameters_are_refused_with_a_message(app, panel_client, url):
    response = panel_client.get(url)
    assert response.status_code == 400
    assert "is not" in response.get_data(as_text=True)


def test_tallies_page_csv_and_json_give_the_same_figures(two_plans, panel_client):
    page = panel_client.get("/plans/tallies?as_at=2010-03-15").get_data(as_text=True)
    assert "Tallies as at 15 March 2010" in page
    assert 'role="region"' in page

    response = panel_client.get("/plans/tallies.csv?as_at=2010-03-15")
    assert response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0][:4] == ["Plan", "Short name", "Owner", "Actions"]
    assert rows[1][:5] == ["North Council Plan", "north", "Julie Westwood", "4", "2"]
    assert rows[-1][:5] == ["All plans", "", "", "8", "4"]

    data = panel_client.get("/plans/tallies.json?as_at=2010-03-15").get_json()
    assert data["as_at"] == "2010-03-15"
    assert data["overall"]["total"] == 8
    assert data["overall"]["percent"]["completed"] == "50.00"
    assert data["overall"]["change"] == "+25.00"
    assert data["overall"]["overdue"] == 4
    assert [plan["slug"] for plan in data["plans"]] == ["north", "south"]


def test_csv_keeps_a_formula_like_title_as_text(app, panel_client):
    make_plan(slug="formula", title='=HYPERLINK("http://evil")')
    db.session.commit()
    text = panel_client.get("/plans/tallies.csv").get_data(as_text=True)
    assert "'=HYPERLINK" in text


def test_report_portfolio_command_prints_json_csv_and_text(app, two_plans):
    runner = app.test_cli_runner()
    printed = runner.invoke(args=["report", "portfolio", "--as-at", "2010-03-15"])
    assert printed.exit_code == 0, printed.output
    assert json.loads(printed.output)["overall"]["completed"] == 4
    as_csv = runner.invoke(args=["report", "portfolio", "--as-at", "2010-03-15", "--format", "csv"])
    assert as_csv.output.splitlines()[-1].startswith("All plans,,,8,4")
    as_text = runner.invoke(
        args=["report", "portfolio", "--as-at", "2010-03-15", "--format", "text"]
    )
    assert "Cross-plan tallies as at 15 March 2010" in as_text.output
    refused = runner.invoke(args=["report", "portfolio", "--as-at", "15/03/2010"])
    assert refused.exit_code == 1
    assert "is not a date" in refused.output


@pytest.mark.parametrize("url", ["/plans/", "/plans/tallies", "/plans/tallies.json"])
def test_overview_and_tallies_issue_the_same_queries_for_5_and_40_plans(app, panel_client, url):
    counts: list[int] = []
    for plans in (5, 40):
        for number in range(plans):
            build_plan(f"p{plans}-{number}", f"Plan {plans}-{number}")
        db.session.commit()
        with counting_queries() as statements:
            response = panel_client.get(url + "?as_at=2010-03-15" if "tallies" in url else url)
        assert response.status_code == 200
        counts.append(sum(not statement.startswith("BEGIN") for statement in statements))

    assert counts[0] == counts[1]
    # Loading the signed-in account, then one grouped query for every plan's figures; the
    # overview, ordered by title, reads the plans' names, then its page's plans' figures.
    assert counts[0] == (3 if url == "/plans/" else 2)


@pytest.mark.parametrize("sort", ["completed", "change"])
def test_the_overview_ordered_by_a_figure_issues_the_same_queries_for_5_and_40_plans(
    app, panel_client, sort
):
    counts: list[int] = []
    for plans in (5, 40):
        for number in range(plans):
            build_plan(f"p{plans}-{number}", f"Plan {plans}-{number}")
        db.session.commit()
        with counting_queries() as statements:
            response = panel_client.get(f"/plans/?sort={sort}&order=desc&as_at=2010-03-15")
        assert response.status_code == 200
        counts.append(sum(not statement.startswith("BEGIN") for statement in statements))

    # Loading the signed-in account, then one grouped query for every plan's figures.
    assert counts == [2, 2]

"""Read actions through the API: the web list's filters and messages, pages, CSV and one action."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from tests.action_list_cases import BAD_FILTER_CASES, FILTER_CASES, build_example_plan, dated
from tests.api.conftest import bearer
from tests.factories import add_update, make_action, make_person, make_plan, make_theme, make_user
from tests.reports.conftest import counting_queries
from tracker import clock
from tracker.domain.enums import Completion, Rag, Role
from tracker.domain.paging import LARGEST_PAGE
from tracker.extensions import db
from tracker.models import Action, ActionRecommendation, Milestone, Person, Recommendation


@pytest.fixture
def plan(app):
    return build_example_plan()


@pytest.fixture
def panel(app, make_token):
    return bearer(make_token(make_user(Role.PANEL, person=make_person("Pat Panel"))))


def refs(answer) -> list[str]:
    assert answer.status_code == 200, answer.get_data(as_text=True)
    return [item["ref"] for item in answer.json["items"]]


def person_id(name: str) -> int:
    return db.session.scalar(select(Person.id).where(Person.name == name))


@pytest.mark.parametrize(("query", "expected"), FILTER_CASES)
def test_a_plans_actions_are_filtered_and_sorted_as_the_web_list_is(
    client, plan, panel, query, expected
):
    answer = client.get(f"/api/v1/plans/p/actions{dated(query, clock.today())}", headers=panel)
    assert refs(answer) == expected
    assert answer.json["total"] == len(expected)


@pytest.mark.parametrize(("query", "parameter", "says"), BAD_FILTER_CASES)
def test_a_refused_filter_is_a_422_with_the_web_lists_message(
    client, plan, panel, query, parameter, says
):
    answer = client.get(f"/api/v1/plans/p/actions{query}", headers=panel)
    assert answer.status_code == 422
    assert answer.mimetype == "application/problem+json"
    assert answer.json["type"] == "/help/api#problem-invalid"
    assert {"field": parameter, "pointer": f"/{parameter}", "detail": says} in answer.json["errors"]


def test_every_bad_parameter_is_named_at_once(client, plan, panel):
    answer = client.get(
        "/api/v1/plans/p/actions?lead=x&due_before=soon&per_page=500", headers=panel
    )
    assert answer.status_code == 422
    assert [error["field"] for error in answer.json["errors"]] == ["lead", "due_before", "per_page"]


def test_a_lead_filter_takes_a_person_id(client, plan, panel):
    answer = client.get(f"/api/v1/plans/p/actions?lead={person_id('Deb Johnson')}", headers=panel)
    assert refs(answer) == ["1.9", "1.10", "2.1"]


def test_an_action_says_its_state_leads_dates_and_where_it_is(client, plan, panel):
    today = clock.today()
    [item] = client.get("/api/v1/plans/p/actions?q=audit", headers=panel).json["items"]
    assert item["plan"] == "p"
    assert item["text"] == "Audit case files"
    assert item["theme"] == {"number": 1, "title": "Staying safe"}
    assert item["objective"]["text"] == "Objective"
    assert item["band"] == {"number": 1, "label": "Priority 1 Band 1"}
    assert item["leads"] == [{"person_id": person_id("Deb Johnson"), "name": "Deb Johnson"}]
    assert item["target_date"] == (today - timedelta(days=40)).isoformat()
    assert item["target_date_text"] == f"{today - timedelta(days=40):%B %Y}"
    assert (item["completion"], item["status_label"], item["status_colour"], item["rag"]) == (
        "not_completed",
        "Red",
        "red",
        "red",
    )
    assert item["commentary"] == "Behind: 50% of files audited"
    assert item["as_at"] == (today - timedelta(days=3)).isoformat()
    assert item["days_overdue"] == 40
    assert item["updated_at"].startswith(str(today.year))
    assert item["links"] == {"self": f"/api/v1/actions/{item['id']}"}
    unfinished = client.get("/api/v1/plans/p/actions?q=rebuild", headers=panel).json["items"][0]
    assert unfinished["days_overdue"] is None
    assert unfinished["updated_at"] is None
    assert unfinished["status_label"] is None


def test_pages_carry_their_links_and_totals(client, plan, panel):
    answer = client.get("/api/v1/plans/p/actions?per_page=2&page=2", headers=panel)
    assert refs(answer) == ["1.10", "2.1"]
    assert (answer.json["page"], answer.json["per_page"], answer.json["total"]) == (2, 2, 6)
    assert answer.json["pages"] == 3
    assert answer.headers["X-Total-Count"] == "6"
    links = dict(
        (relation, address)
        for address, relation in re.findall(r'<([^>]+)>; rel="(\w+)"', answer.headers["Link"])
    )
    assert set(links) == {"first", "prev", "next", "last"}
    assert "page=3" in links["next"] and "per_page=2" in links["next"]
    assert refs(client.get(links["next"], headers=panel)) == ["2.2", "2.10"]
    past_the_end = client.get("/api/v1/plans/p/actions?per_page=2&page=9", headers=panel)
    assert refs(past_the_end) == []


@pytest.mark.parametrize(
    ("per_page", "status"), [("1", 200), (str(LARGEST_PAGE), 200), ("0", 422), ("201", 422)]
)
def test_a_page_holds_one_to_two_hundred_actions(client, plan, panel, per_page, status):
    answer = client.get(f"/api/v1/plans/p/actions?per_page={per_page}", headers=panel)
    assert answer.status_code == status


def test_csv_answers_every_matching_action_with_formulas_kept_as_text(client, plan, panel):
    rebuild = db.session.scalar(
        select(Action).where(Action.plan_id == plan.id, Action.ref == "2.10")
    )
    rebuild.text = '=HYPERLINK("http://evil")'
    db.session.commit()
    answer = client.get("/api/v1/plans/p/actions?format=csv&per_page=1", headers=panel)
    assert answer.status_code == 200
    assert answer.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(answer.get_data(as_text=True).lstrip("\ufeff"))))
    assert [row["ref"] for row in rows] == ["1.2a", "1.9", "1.10", "2.1", "2.2", "2.10"]
    assert {"theme.number", "band.label", "links.self", "days_overdue"} <= set(rows[0])
    assert rows[-1]["text"] == '\'=HYPERLINK("http://evil")'
    assert rows[2]["leads"] == f'{{"name": "Deb Johnson", "person_id": {person_id("Deb Johnson")}}}'


def test_a_plan_that_is_not_there_is_a_404_and_one_a_lead_may_not_read_a_403(
    client, plan, make_token
):
    outsider = make_user(Role.LEAD, person=make_person("Olive Outsider"))
    headers = bearer(make_token(outsider))
    assert client.get("/api/v1/plans/nowhere/actions", headers=headers).status_code == 404
    refused = client.get("/api/v1/plans/p/actions", headers=headers)
    assert refused.status_code == 403
    assert refused.mimetype == "application/problem+json"


@pytest.fixture
def two_plans(app):
    """Return the people of two plans: Deb leads in north only, Warren in both."""
    deb, warren = make_person("Deb Johnson"), make_person("Warren Carratt")
    north, south = make_plan(slug="north", title="North"), make_plan(slug="south", title="South")
    first = make_action(north, ref="1.1", leads=[deb], target_date=date(2030, 1, 31))
    make_action(north, ref="1.2", leads=[warren])
    south_action = make_action(south, ref="1.1", leads=[warren])
    add_update(first, as_at=date(2024, 5, 1), rag=Rag.RED)
    add_update(south_action, as_at=date(2024, 5, 2), rag=Rag.GREEN)
    archived = make_plan(slug="old", title="Old")
    make_action(archived, ref="9.9", leads=[deb])
    archived.archived_at = clock.now()
    db.session.commit()
    return deb, warren


def test_actions_across_plans_are_those_of_the_live_plans_the_account_may_read(
    client, two_plans, make_token, panel
):
    deb, _warren = two_plans
    everything = client.get("/api/v1/actions", headers=panel)
    assert [(item["plan"], item["ref"]) for item in everything.json["items"]] == [
        ("north", "1.1"),
        ("north", "1.2"),
        ("south", "1.1"),
    ]
    deb_token = bearer(make_token(make_user(Role.LEAD, person=deb)))
    assert [
        item["plan"] for item in client.get("/api/v1/actions", headers=deb_token).json["items"]
    ] == ["north", "north"]
    refused = client.get("/api/v1/actions?plan=south", headers=deb_token)
    assert refused.status_code == 422
    assert refused.json["errors"][0] == {
        "field": "plan",
        "pointer": "/plan",
        "detail": "Choose a plan from the list; 'south' is not one of them.",
    }
    south = client.get("/api/v1/actions?plan=south", headers=panel)
    assert [item["plan"] for item in south.json["items"]] == ["south"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        pytest.param("?status=Green", [("south", "1.1")], id="a label of any plan's key"),
        pytest.param("?status=none", [("north", "1.2")], id="no status yet"),
        pytest.param("?lead={warren}", [("north", "1.2"), ("south", "1.1")], id="a lead"),
        pytest.param("?lead=987654", [], id="anyone's id is a whole number"),
        pytest.param("?theme=1&band=3", [], id="any theme and band number"),
        pytest.param("?due_after=2030-01-31", [("north", "1.1")], id="due after"),
    ],
)
def test_filters_across_plans_take_any_plans_choices(client, two_plans, panel, query, expected):
    _deb, warren = two_plans
    answer = client.get(f"/api/v1/actions{query.format(warren=warren.id)}", headers=panel)
    assert [(item["plan"], item["ref"]) for item in answer.json["items"]] == expected


@pytest.mark.parametrize(
    ("query", "parameter", "says"),
    [
        ("?lead=someone", "lead", "Choose a lead from the list; 'someone' is not one of them."),
        ("?status=Purple", "status", "Choose a status from the plan's key; 'Purple' is not in it."),
        ("?theme=-1", "theme", "Choose a theme from the list; '-1' is not one of them."),
    ],
)
def test_filters_across_plans_refuse_what_no_plan_offers(
    client, two_plans, panel, query, parameter, says
):
    answer = client.get(f"/api/v1/actions{query}", headers=panel)
    assert answer.status_code == 422
    assert answer.json["errors"][0]["field"] == parameter
    assert answer.json["errors"][0]["detail"] == says


def test_one_action_shows_its_milestones_recommendations_and_history_newest_first(
    client, app, make_token
):
    lead = make_user(Role.LEAD, person=make_person("Lee Lead"))
    plan = make_plan(slug="p")
    action = make_action(plan, ref="1.1", leads=[lead.person])
    add_update(action, as_at=date(2024, 1, 31), rag=Rag.AMBER, commentary="Started", author=lead)
    add_update(
        action,
        as_at=date(2024, 2, 29),
        rag=Rag.GREEN,
        commentary="Going well",
        report_note="Dependent upon the review",
    )
    db.session.add(Milestone(action_id=action.id, ref="M1", text="Draft", due_on=date(2024, 3, 1)))
    recommendation = Recommendation(plan_id=plan.id, ref="R3", text="Audit more")
    db.session.add(recommendation)
    db.session.flush()
    db.session.add(ActionRecommendation(action_id=action.id, recommendation_id=recommendation.id))
    db.session.commit()
    headers = bearer(make_token(lead))

    answer = client.get(f"/api/v1/actions/{action.id}", headers=headers)
    assert answer.status_code == 200
    body = answer.json
    assert body["archived"] is False
    assert body["recommendations"] == ["R3"]
    assert [(m["ref"], m["due_on"], m["done_on"]) for m in body["milestones"]] == [
        ("M1", "2024-03-01", None)
    ]
    history = body["status_updates"]
    assert [update["commentary"] for update in history] == ["Going well", "Started"]
    assert history[0]["report_note"] == "Dependent upon the review"
    assert history[0]["author"] is None
    assert history[1]["author"] == "Lee Lead"
    assert history[1]["links"] == {
        "self": f"/api/v1/status-updates/{history[1]['id']}",
        "action": f"/api/v1/actions/{action.id}",
    }
    assert re.fullmatch(rf'"{body["version"]}-[0-9a-f]{{12}}"', answer.headers["ETag"])

    same = client.get(
        f"/api/v1/actions/{action.id}", headers={**headers, "If-None-Match": answer.headers["ETag"]}
    )
    assert same.status_code == 304
    db.session.execute(
        Milestone.__table__.update()
        .where(Milestone.action_id == action.id)
        .values(done_on=date(2024, 2, 20))
    )
    db.session.commit()
    changed = client.get(
        f"/api/v1/actions/{action.id}", headers={**headers, "If-None-Match": answer.headers["ETag"]}
    )
    assert changed.status_code == 200
    assert changed.json["version"] == body["version"]
    assert changed.headers["ETag"] != answer.headers["ETag"]


def test_an_action_is_a_404_when_not_there_and_a_403_to_a_lead_of_another_plan(
    client, two_plans, make_token
):
    deb, _warren = two_plans
    south_action = client.get(
        "/api/v1/actions?plan=south",
        headers=bearer(make_token(make_user(Role.ADMIN, person=make_person("Ada Admin")))),
    ).json["items"][0]["id"]
    headers = bearer(make_token(make_user(Role.LEAD, person=deb)))
    assert client.get("/api/v1/actions/999999", headers=headers).status_code == 404
    assert client.get(f"/api/v1/actions/{south_action}", headers=headers).status_code == 403
    updates = client.get(f"/api/v1/actions/{south_action}/status-updates", headers=headers)
    assert updates.status_code == 403


def _plan_of(size: int, slug: str) -> None:
    plan = make_plan(slug=slug, bands=1)
    theme = make_theme(plan)
    people = [make_person(f"Lead {slug} {number}") for number in range(3)]
    for number in range(size):
        action = make_action(
            plan,
            ref=f"1.{number}",
            theme=theme,
            leads=people[: number % 3 + 1],
            band_number=1,
            target_date=clock.today() - timedelta(days=number % 7),
        )
        add_update(action, as_at=date(2024, 1, 1), completion=Completion.NOT_COMPLETED)
        add_update(action, as_at=date(2024, 2, 1), rag=Rag.GREEN)
    db.session.commit()


@pytest.mark.parametrize(
    "address",
    [
        "/api/v1/plans/{slug}/actions?per_page=200&band=1&sort=days_overdue",
        "/api/v1/plans/{slug}/actions?format=csv",
        "/api/v1/actions?plan={slug}&per_page=200&status=Green",
        "/api/v1/actions?plan={slug}&format=csv",
        "/api/v1/status-updates?plan={slug}&per_page=200",
        "/api/v1/status-updates?plan={slug}&format=csv",
    ],
)
def test_a_list_costs_the_same_queries_for_five_actions_as_for_sixty(client, app, panel, address):
    _plan_of(5, "small")
    _plan_of(60, "large")
    counts = []
    for slug in ("small", "large"):
        db.session.commit()
        with counting_queries() as statements:
            answer = client.get(address.format(slug=slug), headers=panel)
        assert answer.status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1]
    # The token's checks, the plan and its filter choices, then the count, the rows and leads.
    assert counts[0] <= 14

"""A plan's action list: filters that combine, natural ref order, pages of 50, clear 400s."""

import html
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.action_list_cases import BAD_FILTER_CASES, FILTER_CASES, build_example_plan, dated
from tests.factories import add_update, make_action, make_person, make_plan, make_theme
from tracker import clock
from tracker.domain.due import DueKind, assess_due
from tracker.domain.enums import Recurrence
from tracker.domain.working_days import WorkingCalendar
from tracker.extensions import db
from tracker.models import AuditEvent, Objective, Person
from tracker.services.facts import load_action_facts, load_update_facts

ROW = re.compile(r'<tr class="govuk-table__row">\s*<td class="govuk-table__cell">([^<]*)</td>')


def listed(response) -> list[str]:
    assert response.status_code == 200, response.get_data(as_text=True)
    return ROW.findall(response.get_data(as_text=True))


@pytest.fixture
def plan(app):
    """Return plan "p" with two themes, two bands and actions in several states."""
    return build_example_plan()


def test_the_plan_page_links_to_its_action_list(reader, plan):
    page = reader.get("/plans/p").get_data(as_text=True)
    assert 'href="/plans/p/actions"' in page


@pytest.mark.parametrize(("query", "refs"), FILTER_CASES)
def test_filters_and_sorts(reader, plan, query, refs):
    assert listed(reader.get(f"/plans/p/actions{dated(query, clock.today())}")) == refs


def test_a_lead_filter_finds_every_action_they_lead(reader, plan):
    lead_id = db.session.scalar(select(Person.id).where(Person.name == "Deb Johnson"))
    assert listed(reader.get(f"/plans/p/actions?lead={lead_id}")) == ["1.9", "1.10", "2.1"]
    assert listed(reader.get(f"/plans/p/actions?lead={lead_id}&overdue=yes")) == ["1.9", "1.10"]


def test_the_overdue_and_due_filters_agree_with_assess_due(reader, plan):
    today, calendar = clock.today(), WorkingCalendar()
    latest = {}
    for update in load_update_facts(plan.id):
        if update.action_id not in latest or update.order_key > latest[update.action_id].order_key:
            latest[update.action_id] = update
    kinds = {
        facts.ref: assess_due(facts, latest.get(facts.action_id), today=today, calendar=calendar)
        for facts in load_action_facts([plan.id])
    }
    overdue = sorted(ref for ref, due in kinds.items() if due.kind is DueKind.OVERDUE)
    due_soon = sorted(ref for ref, due in kinds.items() if due.kind is DueKind.DUE_SOON)
    assert sorted(listed(reader.get("/plans/p/actions?overdue=yes"))) == overdue
    assert sorted(listed(reader.get("/plans/p/actions?due_within=5"))) == due_soon


def test_the_page_says_how_many_match_and_offers_to_clear_them(reader, plan):
    page = reader.get("/plans/p/actions?theme=2").get_data(as_text=True)
    assert "3 actions match the filters" in page
    assert "Clear filters" in page
    assert '<option value="2" selected>2. Being healthy</option>' in page
    assert "Priority 1 Band 1" in reader.get("/plans/p/actions").get_data(as_text=True)


@pytest.mark.parametrize(("query", "parameter", "says"), BAD_FILTER_CASES)
def test_a_bad_parameter_is_a_400_naming_it(reader, plan, query, parameter, says):
    response = reader.get(f"/plans/p/actions{query}")
    assert response.status_code == 400
    page = html.unescape(response.get_data(as_text=True))
    assert "There is a problem with the filters" in page
    assert f'<a href="#filter-{parameter}">{says}</a>' in page
    assert db.session.query(AuditEvent).count() == 0


def test_pages_of_fifty_keep_the_filters_in_their_links(reader, app):
    plan = make_plan(slug="big")
    theme = make_theme(plan)
    for number in range(1, 121):
        make_action(plan, ref=f"1.{number}", theme=theme, recurrence=Recurrence.MONTHLY)
    db.session.commit()
    first = reader.get("/plans/big/actions?recurring=yes")
    assert listed(first)[:3] == ["1.1", "1.2", "1.3"]
    assert len(listed(first)) == 50
    assert "page=2" in first.get_data(as_text=True)
    assert "recurring=yes" in first.get_data(as_text=True).split("page=2")[0].rsplit("href", 1)[1]
    third = listed(reader.get("/plans/big/actions?recurring=yes&page=3"))
    assert third == [f"1.{number}" for number in range(101, 121)]
    # A page past the end shows the last page rather than an empty one.
    assert listed(reader.get("/plans/big/actions?page=99")) == third


def _plan_of(size: int, slug: str) -> None:
    plan = make_plan(slug=slug, bands=1)
    theme = make_theme(plan)
    people = [make_person(f"Lead {slug} {number}") for number in range(3)]
    for number in range(size):
        action = make_action(
            plan,
            ref=f"1.{number}",
            theme=theme,
            leads=[people[number % 3]],
            band_number=1,
            target_date=clock.today() - timedelta(days=number % 7),
        )
        if number % 2:
            add_update(action, as_at=clock.today(), commentary="Some words")
    db.session.commit()


def test_the_list_costs_the_same_queries_for_ten_actions_as_for_five_hundred(
    reader, app, statements
):
    _plan_of(10, "small")
    _plan_of(500, "large")
    counts = {}
    for slug in ("small", "large"):
        statements.clear()
        response = reader.get(
            f"/plans/{slug}/actions?q=1&sort=days_overdue&order=desc&band=1&page=2"
        )
        assert response.status_code == 200
        counts[slug] = len([s for s in statements if s.lstrip().upper().startswith("SELECT")])
    assert counts["small"] == counts["large"]
    listing = [s for s in statements if "LIMIT" in s.upper() and "FROM action" in s]
    assert len(listing) == 1, "one query fetches the page's rows"


def test_objectives_keep_their_place_before_refs(reader, app):
    plan = make_plan(slug="o")
    theme = make_theme(plan)
    places = {"1.1": 2, "1.9": 1, "1.10": 1}
    for ref, position in places.items():
        action = make_action(plan, ref=ref, theme=theme)
        db.session.get(Objective, action.objective_id).position = position
    db.session.commit()
    assert listed(reader.get("/plans/o/actions")) == ["1.9", "1.10", "1.1"]
    assert listed(reader.get("/plans/o/actions?order=desc")) == ["1.1", "1.10", "1.9"]


HOSTILE = [
    "<script>alert(1)</script>",
    "=cmd|'/c calc'!A0",
    "nul\x00byte",
    "\u202eevil\u202c",
    "' OR 1=1 --",
    "%_%\\",
    "-1",
    "99999999999999999999",
    "1e3",
    "x" * 10_000,
]
PARAMETERS = [
    "lead", "status", "completion", "overdue", "due_within", "theme", "band", "recurring", "q",
    "sort", "order", "page",
]  # fmt: skip


def test_hostile_values_in_any_parameter_give_the_list_or_a_400(reader, plan):
    answers = {}
    for name in PARAMETERS:
        for value in HOSTILE:
            for path in ("/plans/p/actions", "/plans/p/actions/download"):
                response = reader.get(path, query_string={name: value, "format": "csv"})
                answers[(path, name, value[:20])] = response.status_code
                response.close()
    assert {status for status in answers.values()} <= {200, 400}
    assert answers[("/plans/p/actions", "q", HOSTILE[0][:20])] == 200
    page = reader.get("/plans/p/actions", query_string={"q": "<script>"}).get_data(as_text=True)
    assert "<script>" not in page
    assert "&lt;script&gt;" in page

"""My actions filtered by plan and by status, in the address, in a fixed number of queries."""

from datetime import timedelta

import pytest

from tests.actions.test_my_actions import count_queries, listed_refs
from tests.factories import add_update, make_action, make_plan, make_user
from tracker import clock
from tracker.domain.enums import Rag, Role
from tracker.extensions import db


@pytest.fixture
def lead(app):
    user = make_user(Role.LEAD)
    db.session.commit()
    return user


@pytest.fixture
def two_plans(lead):
    today = clock.today()
    housing = make_plan(slug="housing", title="Housing plan")
    care = make_plan(slug="care", title="Care plan")
    for ref, plan, rag in (
        ("1.10", housing, Rag.RED),
        ("1.9", housing, Rag.GREEN),
        ("1.2", housing, None),
        ("2.1", care, Rag.RED),
        ("2.2", care, None),
    ):
        action = make_action(plan, ref=ref, leads=[lead.person])
        if rag is not None:
            add_update(action, as_at=today - timedelta(days=3), rag=rag)
    db.session.commit()
    return housing, care


def test_without_filters_each_plan_is_a_heading_once_with_its_actions_in_natural_ref_order(
    client, sign_in, lead, two_plans
):
    sign_in(client, lead)
    page = client.get("/actions/mine").get_data(as_text=True)
    assert listed_refs(page) == ["2.1", "2.2", "1.2", "1.9", "1.10"]
    assert page.count("Care plan</h2>") == page.count("Housing plan</h2>") == 1


@pytest.mark.parametrize(
    ("query", "refs"),
    [
        pytest.param("plan=housing", ["1.2", "1.9", "1.10"], id="one plan"),
        pytest.param("status=Red", ["2.1", "1.10"], id="one status across plans"),
        pytest.param("status=red", ["2.1", "1.10"], id="status in any case"),
        pytest.param("status=none", ["2.2", "1.2"], id="no status yet"),
        pytest.param("plan=housing&status=Red", ["1.10"], id="both combine"),
        pytest.param("plan=&status=", ["2.1", "2.2", "1.2", "1.9", "1.10"], id="empty is all"),
        pytest.param("plan=care&status=Green", [], id="nothing matches"),
    ],
)
def test_filters_in_the_address_keep_the_matching_actions(
    client, sign_in, lead, two_plans, query, refs
):
    sign_in(client, lead)
    response = client.get(f"/actions/mine?{query}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert listed_refs(page) == refs
    assert f"Showing {len(refs)} of 5 actions." in page or "plan=&" in query
    if not refs:
        assert "None of your actions match." in page


def test_the_filter_form_is_a_get_form_that_shows_the_choices_made(
    client, sign_in, lead, two_plans
):
    sign_in(client, lead)
    page = client.get("/actions/mine?plan=care&status=none").get_data(as_text=True)
    assert '<form method="get" action="/actions/mine"' in page
    assert '<option value="care" selected>Care plan</option>' in page
    assert '<option value="none" selected>No status yet</option>' in page
    for label in ("Red", "Amber", "Green"):
        assert f'<option value="{label}">{label}</option>' in page
    assert 'href="/actions/mine">Clear filters</a>' in page
    lower_case = client.get("/actions/mine?status=red").get_data(as_text=True)
    assert '<option value="Red" selected>Red</option>' in lower_case


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("plan=no-such-plan", "plan", "Choose one of your plans from the list"),
        ("status=Purple", "status", "Choose a status from the list"),
        ("plan=housing&status=%3Cb%3EPurple", "status", "Choose a status from the list"),
    ],
)
def test_an_unknown_plan_or_status_is_a_400_saying_what_to_choose(
    client, sign_in, lead, two_plans, query, field, message
):
    sign_in(client, lead)
    response = client.get(f"/actions/mine?{query}")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "There is a problem" in page
    assert f'href="#{field}">{message}</a>' in page
    assert "<b>Purple" not in page
    assert len(listed_refs(page)) == 5


def test_a_plan_the_lead_has_no_actions_in_is_refused(client, sign_in, lead, two_plans):
    make_plan(slug="elsewhere", title="Someone else's plan")
    db.session.commit()
    sign_in(client, lead)
    assert client.get("/actions/mine?plan=elsewhere").status_code == 400


def make_filtered_actions(lead, count: int) -> None:
    today = clock.today()
    plans = [make_plan(), make_plan()]
    for number in range(count):
        action = make_action(plans[number % 2], ref=f"R{number}", leads=[lead.person])
        add_update(action, as_at=today - timedelta(days=number), rag=Rag.RED)
    db.session.commit()


def test_filtered_my_actions_issues_the_same_number_of_queries_for_2_or_40_actions(app, sign_in):
    counts = []
    for count in (2, 40):
        lead = make_user(Role.LEAD)
        make_filtered_actions(lead, count)
        client = app.test_client()
        sign_in(client, lead)
        with count_queries() as statements:
            response = client.get("/actions/mine?status=Red")
        assert response.status_code == 200
        assert len(listed_refs(response.get_data(as_text=True))) == count
        counts.append(len(statements))
    # The account, leads, milestones, approved target-date revisions, actions, latest updates
    # and the person whose actions they are.
    assert counts[0] == counts[1] == 7

"""The seven busiest pages send the same number of statements for a small and a bigger portfolio."""

from datetime import timedelta

import pytest

from tests.actions.test_my_actions import count_queries
from tests.factories import add_update, make_action, make_person, make_plan, make_theme, make_user
from tracker import clock
from tracker.domain.enums import Completion, Role
from tracker.extensions import db
from tracker.models import Milestone, User

UPDATES_PER_ACTION = 3

PAGES = {
    "plans overview": lambda world: "/plans/",
    "plan": lambda world: f"/plans/{world['slug']}",
    "overdue actions": lambda world: f"/plans/{world['slug']}/actions?overdue=yes",
    "my actions": lambda world: "/actions/mine",
    "dashboard": lambda world: f"/reports/{world['slug']}/",
    "highlight": lambda world: f"/reports/{world['slug']}/highlight",
    "action": lambda world: f"/actions/{world['action_id']}",
}


def _portfolio(name: str, plans: int, actions_per_plan: int) -> dict:
    """Add plans of actions with updates, led by a lead who signs in; return what to ask for."""
    today = clock.today()
    lead = make_user(Role.LEAD)
    co_lead = make_person()
    slugs, action_ids = [], []
    for plan_number in range(plans):
        plan = make_plan(slug=f"{name}-{plan_number}", bands=2)
        themes = [make_theme(plan, number) for number in (1, 2)]
        for number in range(actions_per_plan):
            action = make_action(
                plan,
                ref=f"{number % 2 + 1}.{number}",
                theme=themes[number % 2],
                leads=[lead.person, co_lead] if number % 3 else [co_lead, lead.person],
                band_number=None if number % 4 == 3 else number % 2 + 1,
                target_date=today + timedelta(days=30 * (number % 3) - 40),
            )
            db.session.add(Milestone(action_id=action.id, due_on=today + timedelta(days=number)))
            for step in range(UPDATES_PER_ACTION):
                add_update(
                    action,
                    as_at=today - timedelta(days=20 * (UPDATES_PER_ACTION - step)),
                    completion=Completion.COMPLETED
                    if number % 5 == 0 and step == UPDATES_PER_ACTION - 1
                    else Completion.NOT_COMPLETED,
                    completed_on=today - timedelta(days=20)
                    if number % 5 == 0 and step == UPDATES_PER_ACTION - 1
                    else None,
                    commentary=f"Progress {step}",
                    author=lead,
                )
            action_ids.append(action.id)
        slugs.append(plan.slug)
    db.session.commit()
    return {"slug": slugs[-1], "action_id": action_ids[-1], "lead": lead}


def _statements(app, sign_in, user: User, address: str) -> int:
    client = app.test_client()
    sign_in(client, user)
    assert client.get(address).status_code == 200
    with count_queries() as statements:
        response = client.get(address)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return len(statements)


@pytest.mark.parametrize("page", PAGES)
def test_a_page_sends_as_many_statements_for_six_plans_of_twelve_actions_as_for_two_of_three(
    app, sign_in, page
):
    reader = make_user(Role.PANEL)
    small = _portfolio("small", plans=2, actions_per_plan=3)
    viewer = small["lead"] if page == "my actions" else reader
    before = _statements(app, sign_in, viewer, PAGES[page](small))
    big = _portfolio("big", plans=6, actions_per_plan=12)
    viewer = big["lead"] if page == "my actions" else reader
    after = _statements(app, sign_in, viewer, PAGES[page](big))
    assert before == after

"""The list of plans, a plan page and an action page render what was imported."""

from datetime import date

import pytest
from sqlalchemy import select

from tests.factories import add_update, make_action, make_person, make_plan, make_user
from tracker.domain.enums import Completion, Direction, Rag, Role
from tracker.extensions import db
from tracker.models import Action


@pytest.fixture
def admin_client(app, client, sign_in):
    sign_in(client, make_user(Role.ADMIN))
    db.session.commit()
    return client


def test_seeded_plans_are_listed_with_their_counts(demo_seed, admin_client):
    page = admin_client.get("/plans/").get_data(as_text=True)
    assert "RMBC Notice to Improve Action Plan" in page
    assert "Children&#39;s Improvement Plan 2009/10: Immediate High Priority Actions" in page


def test_plan_page_lists_themes_objectives_and_actions_with_status(demo_seed, admin_client):
    response = admin_client.get("/plans/rmbc-notice-to-improve")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Staying Safe" in page
    assert "Implement an improved quality assurance framework" in page
    assert "Howard Woolfenden" in page
    assert "Amber" in page


def test_action_page_shows_the_whole_history_newest_first(app, admin_client):
    plan = make_plan()
    lead = make_person("Howard Woolfenden")
    action = make_action(
        plan, text="Audit three files a month", leads=[lead], target_date=date(2011, 3, 31)
    )
    add_update(action, as_at=date(2010, 8, 20), commentary="Started audits")
    add_update(
        action,
        as_at=date(2011, 3, 30),
        rag=Rag.GREEN,
        direction=Direction.IMPROVING,
        completion=Completion.PARTIALLY_COMPLETED,
        commentary="Most teams audit",
    )
    db.session.commit()
    page = admin_client.get(f"/actions/{action.id}").get_data(as_text=True)
    assert page.index("Most teams audit") < page.index("Started audits")
    assert "30 March 2011" in page
    assert "Howard Woolfenden" in page


def test_user_text_is_escaped_in_pages(app, admin_client):
    plan = make_plan(title="<script>alert(1)</script> plan")
    action = make_action(plan, text="<img src=x onerror=alert(1)>")
    add_update(action, as_at=date(2010, 8, 20), commentary="<b>bold</b> & co")
    db.session.commit()
    plan_page = admin_client.get(f"/plans/{plan.slug}").get_data(as_text=True)
    action_page = admin_client.get(f"/actions/{action.id}").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in plan_page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; plan" in plan_page
    assert "<img src=x" not in action_page
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; co" in action_page


def test_unknown_plan_and_action_give_not_found_pages(admin_client):
    assert admin_client.get("/plans/no-such-plan").status_code == 404
    assert admin_client.get("/actions/999999").status_code == 404


def test_pages_use_the_service_name_and_not_the_gov_uk_brand(demo_seed, admin_client):
    page = admin_client.get("/plans/rmbc-notice-to-improve").get_data(as_text=True)
    assert "Improvement Tracker" in page
    assert "govuk-header__logotype" not in page
    assert "GDS Transport" not in page
    assert "Crown copyright" not in page


def test_flagged_target_date_is_shown_as_written_with_a_warning(app, admin_client):
    plan = make_plan()
    action = make_action(plan, target_date_text="Completion of 4 actions")
    action.target_date_problem = "no month or date found in 'Completion of 4 actions'"
    add_update(action, as_at=date(2010, 8, 20))
    db.session.commit()
    page = admin_client.get(f"/actions/{action.id}").get_data(as_text=True)
    assert "Completion of 4 actions" in page
    assert "Needs a date" in page
    assert db.session.scalar(select(Action.target_date).where(Action.id == action.id)) is None

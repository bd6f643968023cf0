"""After saving an update: where to go next, and the update in the audit trail."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from tests.factories import add_update, make_action, make_plan, make_user
from tracker import clock
from tracker.domain.audit import AuditEntity, AuditVerb
from tracker.domain.enums import Completion, Rag, Role
from tracker.extensions import db
from tracker.models import AuditEvent


@pytest.fixture
def lead(app):
    user = make_user(Role.LEAD)
    db.session.commit()
    return user


def update_form(version: int, as_at: date) -> dict:
    return {
        "version": str(version),
        "completion": "partially_completed",
        "rag": "green",
        "direction": "improving",
        "current_performance": "68%",
        "commentary": "Nine of ten teams audit monthly.",
        "completed_on": ["", "", ""],
        "as_at": [str(as_at.day), str(as_at.month), str(as_at.year)],
    }


def save(client, action) -> str:
    response = client.post(
        f"/actions/{action.id}/update", data=update_form(action.version, clock.today())
    )
    assert response.status_code == 302
    return client.get(response.headers["Location"]).get_data(as_text=True)


def test_after_saving_the_lead_is_offered_my_actions_and_the_next_overdue_action(
    client, sign_in, lead
):
    today = clock.today()
    plan = make_plan()
    first = make_action(plan, ref="1.1", leads=[lead.person], target_date=today - timedelta(days=9))
    make_action(plan, ref="1.2", leads=[lead.person], target_date=today + timedelta(days=300))
    after = make_action(
        plan,
        ref="1.3",
        text="Audit the rota",
        leads=[lead.person],
        target_date=today - timedelta(days=2),
    )
    db.session.commit()
    sign_in(client, lead)

    page = save(client, first)

    assert "has been recorded" in page
    assert '<a class="govuk-link" href="/actions/mine">Back to My actions</a>' in page
    assert (
        f'<a class="govuk-link" href="/actions/{after.id}/update">'
        "Next action needing an update: 1.3 Audit the rota</a>"
    ) in page


def test_the_next_action_link_is_left_out_when_nothing_else_needs_an_update(client, sign_in, lead):
    today = clock.today()
    plan = make_plan()
    only = make_action(plan, ref="1.1", leads=[lead.person], target_date=today - timedelta(days=9))
    done = make_action(plan, ref="1.2", leads=[lead.person], target_date=today - timedelta(days=9))
    add_update(
        done,
        as_at=today - timedelta(days=1),
        completion=Completion.COMPLETED,
        rag=Rag.COMPLETE,
        completed_on=today - timedelta(days=1),
    )
    db.session.commit()
    sign_in(client, lead)

    page = save(client, only)

    assert "Back to My actions" in page
    assert "Next action needing an update" not in page


def test_the_action_page_opened_directly_offers_no_next_steps(client, sign_in, lead):
    action = make_action(make_plan(), ref="1.1", leads=[lead.person])
    db.session.commit()
    sign_in(client, lead)
    assert "Back to My actions" not in client.get(f"/actions/{action.id}").get_data(as_text=True)


@pytest.mark.parametrize("role", [Role.LEAD, Role.ADMIN])
def test_a_saved_update_is_in_the_audit_trail_naming_the_action_status_and_as_at(
    app, client, sign_in, lead, role
):
    action = make_action(make_plan(), ref="4.07", leads=[lead.person])
    author = lead if role is Role.LEAD else make_user(Role.ADMIN)
    db.session.commit()
    sign_in(client, author)

    save(client, action)

    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.entity == AuditEntity.STATUS_UPDATE)
    ).all()
    assert len(events) == 1
    event = events[0]
    today = clock.today()
    long_today = f"{today.day} {today:%B %Y}"
    assert event.verb == AuditVerb.CREATE
    assert event.user_id == author.id
    assert event.summary == (
        f"Recorded an update to action 4.07: Green, Partially completed, as at {long_today}"
    )
    assert event.details["action_id"] == action.id

    admin = make_user(Role.ADMIN)
    db.session.commit()
    sign_in(client, admin)
    audit_page = client.get("/admin/audit?entity=status_update").get_data(as_text=True)
    assert f"Recorded an update to action 4.07: Green, Partially completed, as at {long_today}" in (
        audit_page
    )

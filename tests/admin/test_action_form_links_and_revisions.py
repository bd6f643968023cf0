"""On the admin action form, administrators tick the recommendations an action answers, and a new
target date for an action with status updates is kept as an approved revision with its reason."""

from datetime import date

import pytest
from sqlalchemy import select

from tests.admin.test_actions import _action, _form, _plan_with_objective
from tests.factories import add_update
from tracker import clock
from tracker.domain.assurance import RevisionStatus
from tracker.domain.date_revisions import SET_DIRECTLY
from tracker.extensions import db
from tracker.models import (
    ActionRecommendation,
    AuditEvent,
    Milestone,
    Objective,
    Recommendation,
    TargetDateRevision,
)

NOV_2 = date(2010, 11, 2)


@pytest.fixture
def today(monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: NOV_2)
    return NOV_2


def _recommendations(plan) -> list[Recommendation]:
    made = [
        Recommendation(plan_id=plan.id, ref=ref, text=text, position=position)
        for position, (ref, text) in enumerate(
            [("R1", "Audit <b>case</b> files"), ("R2", "Train managers"), ("R3", "Old one")], 1
        )
    ]
    db.session.add_all(made)
    db.session.flush()
    made[2].archived_at = clock.now()
    db.session.commit()
    return made


def _linked(action_id: int) -> set[int]:
    db.session.expire_all()
    return set(
        db.session.scalars(
            select(ActionRecommendation.recommendation_id).where(
                ActionRecommendation.action_id == action_id
            )
        )
    )


def _edit(client, action, **overrides):
    return client.post(
        f"/admin/plans/p/actions/{action.id}/edit",
        data=_form(_objective(), version=str(action.version), **overrides),
    )


def _objective():
    return db.session.scalar(select(Objective))


def test_the_form_lists_live_recommendations_and_saves_the_ticked_ones(admin_client, admin):
    plan, objective = _plan_with_objective()
    r1, r2, r3 = _recommendations(plan)
    page = admin_client.get("/admin/plans/p/actions/new").get_data(as_text=True)
    assert "Recommendations this action answers" in page
    assert "R1: Audit &lt;b&gt;case&lt;/b&gt; files" in page
    assert "R2: Train managers" in page
    assert "Old one" not in page

    response = admin_client.post(
        "/admin/plans/p/actions/new",
        data={**_form(objective), "recommendation_ids": [str(r1.id), str(r2.id)]},
    )
    assert response.status_code == 302
    action = _action()
    assert _linked(action.id) == {r1.id, r2.id}
    form = admin_client.get(f"/admin/plans/p/actions/{action.id}/edit").get_data(as_text=True)
    assert f'value="{r1.id}" checked' in form

    # Unticking R1 keeps R2 and any link to an archived recommendation.
    db.session.add(ActionRecommendation(action_id=action.id, recommendation_id=r3.id))
    db.session.commit()
    assert _edit(admin_client, action, recommendation_ids=[str(r2.id)]).status_code == 302
    assert _linked(action.id) == {r2.id, r3.id}
    event = db.session.scalar(
        select(AuditEvent)
        .where(AuditEvent.entity == "recommendation", AuditEvent.entity_id == r1.id)
        .order_by(AuditEvent.id.desc())
    )
    assert (event.user_id, event.details["actions"]) == (admin.id, ["1.02", ""])


def test_a_plan_without_recommendations_shows_no_checkboxes(admin_client):
    _plan_with_objective()
    page = admin_client.get("/admin/plans/p/actions/new").get_data(as_text=True)
    assert "Recommendations this action answers" not in page


@pytest.mark.parametrize("value", ["abc", "999999999999999999999999", "-1", "<script>"])
def test_a_recommendation_not_offered_is_refused_and_what_was_typed_kept(admin_client, value):
    plan, objective = _plan_with_objective()
    r1, _, r3 = _recommendations(plan)
    for bad in (value, str(r3.id)):
        response = admin_client.post(
            "/admin/plans/p/actions/new",
            data={**_form(objective, text="Typed words"), "recommendation_ids": [str(r1.id), bad]},
        )
        assert response.status_code == 422
        page = response.get_data(as_text=True)
        assert "There is a problem" in page
        assert "Typed words" in page
    assert _action() is None


def _action_with_updates(admin_client, today):
    _, objective = _plan_with_objective()
    admin_client.post(
        "/admin/plans/p/actions/new",
        data=_form(objective, target_date_text="August } Sept } October 2010"),
    )
    action = _action()
    add_update(action, as_at=date(2010, 9, 30))
    db.session.commit()
    return _action()


def _revisions(action_id: int) -> list[TargetDateRevision]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            select(TargetDateRevision).where(TargetDateRevision.action_id == action_id)
        )
    )


def test_a_new_target_date_needs_a_reason_once_the_action_has_updates(admin_client, today):
    action = _action_with_updates(admin_client, today)
    form = admin_client.get(f"/admin/plans/p/actions/{action.id}/edit").get_data(as_text=True)
    assert "Reason for the new target date" in form

    response = _edit(admin_client, action, target_date_text="December 2010", text="Kept words")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Enter the reason for the new target date" in page
    assert "Kept words" in page and "December 2010" in page
    action = _action()
    assert action.target_date == date(2010, 10, 31)
    assert _revisions(action.id) == []


def test_an_action_without_updates_changes_its_date_with_no_reason(admin_client, today):
    _, objective = _plan_with_objective()
    admin_client.post("/admin/plans/p/actions/new", data=_form(objective))
    action = _action()
    form = admin_client.get(f"/admin/plans/p/actions/{action.id}/edit").get_data(as_text=True)
    assert "Reason for the new target date" not in form
    assert _edit(admin_client, action, target_date_text="December 2010").status_code == 302
    action = _action()
    assert (action.target_date, action.target_date_text) == (date(2010, 12, 31), "December 2010")
    assert _revisions(action.id) == []


def test_the_new_date_is_an_approved_revision_and_past_reports_keep_theirs(
    admin_client, admin, today
):
    action = _action_with_updates(admin_client, today)
    db.session.execute(
        Milestone.__table__.update()
        .where(Milestone.action_id == action.id, Milestone.due_on == date(2010, 8, 31))
        .values(done_on=date(2010, 8, 20))
    )
    db.session.commit()
    october = admin_client.get("/reports/p/highlight.json?month=2010-10").get_json()
    assert october["planned"][0]["target_date"] == "2010-10-31"

    response = _edit(
        admin_client,
        action,
        target_date_text="August } Sept } Nov } December 2010",
        target_date_reason="Waiting for the audit",
    )
    assert response.status_code == 302
    shown = admin_client.get(response.location).get_data(as_text=True)
    assert "The target date is now 31 December 2010, recorded as a revision" in shown

    action = _action()
    assert action.target_date == date(2010, 12, 31)
    assert action.target_date_text == "August } Sept } October 2010"
    [revision] = _revisions(action.id)
    assert (revision.from_date, revision.to_date, revision.reason) == (
        date(2010, 10, 31),
        date(2010, 12, 31),
        "Waiting for the audit",
    )
    assert (revision.status, revision.source, revision.decided_on) == (
        RevisionStatus.APPROVED,
        SET_DIRECTLY,
        NOV_2,
    )
    assert (revision.proposed_by_user_id, revision.decided_by_user_id) == (admin.id, admin.id)
    assert db.session.scalar(
        select(AuditEvent).where(
            AuditEvent.entity == "target_date_revision", AuditEvent.verb == "approve"
        )
    )
    # October's report is as it was; November's shows the revision.
    assert admin_client.get("/reports/p/highlight.json?month=2010-10").get_json() == october
    november = admin_client.get("/reports/p/highlight.json?month=2010-11").get_json()
    [planned] = november["planned"]
    assert (planned["target_date"], planned["baseline_target_date"]) == ("2010-12-31", "2010-10-31")
    # The milestones are read again from the new words; the one done stays done.
    milestones = db.session.execute(
        select(Milestone.due_on, Milestone.done_on)
        .where(Milestone.action_id == action.id)
        .order_by(Milestone.position)
    ).all()
    assert (date(2010, 8, 31), date(2010, 8, 20)) in milestones
    assert max(due for due, _ in milestones) == date(2010, 11, 30)


def test_a_waiting_proposal_must_be_decided_before_the_admin_changes_the_date(
    admin_client, admin, today
):
    action = _action_with_updates(admin_client, today)
    db.session.add(
        TargetDateRevision(
            action_id=action.id,
            from_date=date(2010, 10, 31),
            to_date=date(2011, 1, 31),
            reason="Asked",
            status=RevisionStatus.PENDING,
            proposed_by_user_id=admin.id,
            proposed_at=clock.now(),
            decision_note="",
            source="",
        )
    )
    db.session.commit()
    response = _edit(
        admin_client, action, target_date_text="December 2010", target_date_reason="Because"
    )
    assert response.status_code == 422
    assert "waiting for a decision" in response.get_data(as_text=True)
    assert _action().target_date == date(2010, 10, 31)

"""Leads ask for a new target date; the plan's owner or an administrator approves or declines it."""

import io
from datetime import date

import pytest
from docx import Document
from pypdf import PdfReader
from sqlalchemy import select

from tests.factories import add_update, make_action, make_plan, make_user
from tracker import clock
from tracker.domain.as_at import Month
from tracker.domain.assurance import RevisionStatus
from tracker.domain.date_revisions import SET_DIRECTLY
from tracker.domain.enums import Role
from tracker.extensions import db
from tracker.models import Action, AuditEvent, OutboxMessage, Plan, TargetDateRevision
from tracker.services import reports

OCT_31 = date(2010, 10, 31)
NOV_2 = date(2010, 11, 2)
DEC_31 = date(2010, 12, 31)


@pytest.fixture
def world(app, monkeypatch):
    """A plan with an owner, an administrator, a panel member and a lead of one action."""
    monkeypatch.setattr(clock, "today", lambda: NOV_2)
    plan = make_plan()
    owner = make_user(Role.LEAD)
    admin = make_user(Role.ADMIN)
    panel = make_user(Role.PANEL)
    lead = make_user(Role.LEAD)
    plan.owner_person_id = owner.person_id
    action = make_action(plan, ref="1.1", leads=[lead.person], target_date=OCT_31)
    add_update(action, as_at=date(2010, 9, 30))
    db.session.commit()
    return {
        "plan": plan,
        "owner": owner,
        "admin": admin,
        "panel": panel,
        "lead": lead,
        "action": action,
    }


def version_of(action_id: int) -> int:
    db.session.expire_all()
    return db.session.scalar(select(Action.version).where(Action.id == action_id))


def revisions_of(action_id: int) -> list[TargetDateRevision]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            select(TargetDateRevision)
            .where(TargetDateRevision.action_id == action_id)
            .order_by(TargetDateRevision.id)
        )
    )


def propose(client, action_id: int, day: date | None = DEC_31, reason="Waiting for the audit"):
    parts = [str(day.day), str(day.month), str(day.year)] if day else ["", "", ""]
    return client.post(
        f"/actions/{action_id}/target-date",
        data={"version": str(version_of(action_id)), "to_date": parts, "reason": reason},
    )


def decide(client, action_id: int, revision_id: int, verb: str, note: str = ""):
    return client.post(
        f"/actions/{action_id}/target-date/{revision_id}/{verb}",
        data={"version": str(version_of(action_id)), "note": note},
    )


def test_a_lead_asks_and_the_owner_is_emailed_a_link_to_decide(client, sign_in, world):
    action = world["action"]
    sign_in(client, world["lead"])
    assert "Ask for a new target date" in client.get(f"/actions/{action.id}").get_data(True)
    assert "Ask for a new target date" in client.get(f"/actions/{action.id}/update").get_data(True)
    before = version_of(action.id)

    response = propose(client, action.id)

    assert response.status_code == 302
    [revision] = revisions_of(action.id)
    assert (revision.status, revision.from_date, revision.to_date) == (
        RevisionStatus.PENDING,
        OCT_31,
        DEC_31,
    )
    assert revision.proposed_by_user_id == world["lead"].id
    assert revision.reason == "Waiting for the audit"
    # The date stays until approved, but the version moves on so a stale form is refused.
    assert db.session.get(Action, action.id).target_date == OCT_31
    assert version_of(action.id) == before + 1
    mail = {m.recipient: m for m in db.session.scalars(select(OutboxMessage))}
    assert set(mail) == {world["owner"].email, world["admin"].email}
    link = f"/actions/{action.id}/target-date/{revision.id}"
    assert link in mail[world["owner"].email].body_text
    assert link in mail[world["owner"].email].body_html
    assert "Waiting for the audit" in mail[world["owner"].email].body_text
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.verb == "propose"))
    assert event.entity == "target_date_revision" and event.entity_id == revision.id


def test_the_emailed_link_reaches_the_decision_after_sign_in(client, sign_in, world):
    action = world["action"]
    sign_in(client, world["lead"])
    propose(client, action.id)
    [revision] = revisions_of(action.id)
    link = f"/actions/{action.id}/target-date/{revision.id}"
    anonymous = client.application.test_client()

    response = anonymous.get(link)

    assert response.status_code == 302
    assert "/auth/sign-in" in response.headers["Location"]
    assert "next=" in response.headers["Location"]
    sign_in(anonymous, world["owner"])
    page = anonymous.get(link).get_data(as_text=True)
    assert "Approve the new date" in page and "Decline it" in page


def test_the_owner_approves_and_the_baseline_is_kept(client, sign_in, world):
    action = world["action"]
    sign_in(client, world["lead"])
    propose(client, action.id)
    [revision] = revisions_of(action.id)
    sign_in(client, world["owner"])

    response = decide(client, action.id, revision.id, "approve", note="Agreed at the board")

    assert response.status_code == 302
    [revision] = revisions_of(action.id)
    assert revision.status is RevisionStatus.APPROVED
    assert (revision.decided_by_user_id, revision.decided_on) == (world["owner"].id, NOV_2)
    assert revision.decision_note == "Agreed at the board"
    assert db.session.get(Action, action.id).target_date == DEC_31
    sign_in(client, world["lead"])
    page = client.get(f"/actions/{action.id}").get_data(as_text=True)
    assert (
        "31 December 2010, revised from 31 October 2010 (approved 2 November 2010); 1 revision"
        in " ".join(page.split())
    )
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.verb == "approve")) is not None
    told = db.session.scalar(
        select(OutboxMessage).where(OutboxMessage.recipient == world["lead"].email)
    )
    assert "approved" in told.subject


def test_a_decline_keeps_the_date(client, sign_in, world):
    action = world["action"]
    sign_in(client, world["lead"])
    propose(client, action.id)
    [revision] = revisions_of(action.id)
    sign_in(client, world["admin"])

    assert decide(client, action.id, revision.id, "decline", note="Not agreed").status_code == 302

    [revision] = revisions_of(action.id)
    assert revision.status is RevisionStatus.DECLINED
    assert db.session.get(Action, action.id).target_date == OCT_31


@pytest.mark.parametrize("who", ["lead", "panel"])
def test_the_lead_and_the_panel_cannot_decide(client, sign_in, world, who):
    action = world["action"]
    sign_in(client, world["lead"])
    propose(client, action.id)
    [revision] = revisions_of(action.id)
    sign_in(client, world[who])

    page = client.get(f"/actions/{action.id}/target-date/{revision.id}")
    assert page.status_code == 200 and "Approve the new date" not in page.get_data(True)
    assert decide(client, action.id, revision.id, "approve").status_code == 403
    assert revisions_of(action.id)[0].status is RevisionStatus.PENDING


def test_an_owner_who_leads_the_action_cannot_approve_their_own_date(client, sign_in, world):
    action, owner = world["action"], world["owner"]
    db.session.get(Action, action.id).leads[0].person_id = owner.person_id
    db.session.commit()
    sign_in(client, owner)
    propose(client, action.id)
    [revision] = revisions_of(action.id)

    assert decide(client, action.id, revision.id, "approve").status_code == 403
    # Nor is the proposer emailed to approve their own request.
    assert owner.email not in {m.recipient for m in db.session.scalars(select(OutboxMessage))}


def test_a_second_decision_and_a_stale_form_are_refused_with_409(client, sign_in, world):
    action = world["action"]
    sign_in(client, world["lead"])
    propose(client, action.id)
    [revision] = revisions_of(action.id)
    sign_in(client, world["owner"])
    stale = version_of(action.id)
    assert decide(client, action.id, revision.id, "approve").status_code == 302

    again = client.post(
        f"/actions/{action.id}/target-date/{revision.id}/decline",
        data={"version": str(stale), "note": ""},
    )

    assert again.status_code == 409
    assert revisions_of(action.id)[0].status is RevisionStatus.APPROVED
    sign_in(client, world["lead"])
    old_form = client.post(
        f"/actions/{action.id}/target-date",
        data={"version": str(stale), "to_date": ["1", "3", "2011"], "reason": "Again"},
    )
    assert old_form.status_code == 409
    assert len(revisions_of(action.id)) == 1


@pytest.mark.parametrize(
    ("day", "reason", "message"),
    [
        (None, "Why", "Enter the new target date"),
        (date(2010, 10, 1), "Why", "today or in the future"),
        (OCT_31, "Why", "must differ from the current target date"),
        (DEC_31, "   ", "Enter why a new target date is needed"),
        (DEC_31, "x" * 2_001, "2,000 characters or fewer"),
    ],
)
def test_bad_proposals_say_what_to_fix_and_save_nothing(
    client, sign_in, world, day, reason, message
):
    action = world["action"]
    sign_in(client, world["lead"])
    before = version_of(action.id)

    response = propose(client, action.id, day, reason)

    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "There is a problem" in page and message in page
    assert revisions_of(action.id) == [] and version_of(action.id) == before


def test_only_one_proposal_waits_at_a_time(client, sign_in, world):
    action = world["action"]
    sign_in(client, world["lead"])
    propose(client, action.id)

    response = propose(client, action.id, date(2011, 1, 31))

    assert response.status_code == 400
    assert "already waiting for a decision" in response.get_data(as_text=True)


def test_administrators_set_dates_directly_where_the_plan_allows(client, sign_in, world):
    action = world["action"]
    db.session.get(Plan, world["plan"].id).revised_dates_need_approval = False
    db.session.commit()
    sign_in(client, world["admin"])
    assert "Set a new target date" in client.get(f"/actions/{action.id}/target-date").get_data(True)

    assert propose(client, action.id).status_code == 302

    [revision] = revisions_of(action.id)
    assert (revision.status, revision.source, revision.decided_on) == (
        RevisionStatus.APPROVED,
        SET_DIRECTLY,
        NOV_2,
    )
    assert db.session.get(Action, action.id).target_date == DEC_31
    assert db.session.scalars(select(OutboxMessage)).all() == []
    # A lead of the same plan still asks for approval.
    sign_in(client, world["lead"])
    propose(client, action.id, date(2011, 1, 31))
    assert revisions_of(action.id)[-1].status is RevisionStatus.PENDING


def test_past_reports_keep_the_date_in_force_at_their_cut_off(client, sign_in, world):
    """October's report keeps 31 October after the approval; November's uses the new date."""
    action, plan = world["action"], world["plan"]
    october = reports.load_highlight_report(plan, Month(2010, 10), today=date(2011, 3, 1))
    sign_in(client, world["lead"])
    propose(client, action.id)
    [revision] = revisions_of(action.id)
    sign_in(client, world["owner"])
    decide(client, action.id, revision.id, "approve")
    db.session.expire_all()
    plan = db.session.get(Plan, plan.id)

    october_again = reports.load_highlight_report(plan, Month(2010, 10), today=date(2011, 3, 1))
    november = reports.load_highlight_report(plan, Month(2010, 11), today=date(2011, 3, 1))

    assert october_again == october
    # October, as at its end: due on the baseline that day, not yet revised.
    [due] = october.planned
    assert (due.target_date, due.due_in_month, due.revision_count) == (OCT_31, OCT_31, 0)
    assert due.target_date_text == "October 2010"
    # November without the approval would list it overdue against 31 October.
    # November's report, cut off after the approval: not overdue, due next month, revised.
    assert november.overdue == ()
    [planned] = november.planned
    assert (planned.target_date, planned.baseline_target_date) == (DEC_31, OCT_31)
    assert (planned.revision_count, planned.revised_on) == (1, NOV_2)
    wording = "revised from 31 October 2010 (approved 2 November 2010); 1 revision"
    sign_in(client, world["panel"])
    page = client.get(f"/reports/{plan.slug}/highlight?month=2010-11").get_data(as_text=True)
    assert wording in page
    pdf = client.get(f"/reports/{plan.slug}/highlight.pdf?month=2010-11").data
    text = " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages
    )
    assert wording in text
    docx = client.get(f"/reports/{plan.slug}/highlight.docx?month=2010-11").data
    cells = " ".join(
        cell.text
        for table in Document(io.BytesIO(docx)).tables
        for row in table.rows
        for cell in row.cells
    )
    assert wording in cells
    data = client.get(f"/reports/{plan.slug}/highlight.json?month=2010-11").get_json()
    assert data["planned"][0]["revision_note"] == wording
    assert data["planned"][0]["baseline_target_date"] == "2010-10-31"


def test_the_overdue_list_gives_a_revised_action_its_new_date_alone(client, sign_in, world):
    action = db.session.get(Action, world["action"].id)
    db.session.add(
        TargetDateRevision(
            action_id=action.id,
            from_date=OCT_31,
            to_date=date(2010, 11, 1),
            reason="Imported",
            status=RevisionStatus.APPROVED,
        )
    )
    action.target_date = date(2010, 11, 1)
    db.session.commit()
    sign_in(client, world["admin"])

    page = client.get("/plans/overdue").get_data(as_text=True)

    assert "1 November 2010" in page
    assert "October 2010" not in page


HOSTILE = ["nul\x00byte", "line\r\nbreak", "<script>alert(1)</script>", "y" * 1_048_576, "-1"]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_values_are_refused_or_kept_safely_never_a_5xx(client, sign_in, world, value):
    action = world["action"]
    sign_in(client, world["lead"])
    proposed = client.post(
        f"/actions/{action.id}/target-date",
        data={
            "version": str(version_of(action.id)),
            "to_date": [value, value, value],
            "reason": value,
        },
    )
    assert proposed.status_code == 400
    propose(client, action.id, reason="<script>alert(1)</script>")
    [revision] = revisions_of(action.id)
    page = client.get(f"/actions/{action.id}").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    sign_in(client, world["admin"])
    decided = decide(client, action.id, revision.id, "approve", note=value)
    assert decided.status_code < 500
    assert revisions_of(action.id)[0].decision_note in ("", value)

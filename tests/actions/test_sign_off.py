"""A lead's Completed waits for sign-off; the plan owner or an administrator decides."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
from docx import Document
from pypdf import PdfReader
from sqlalchemy import select

from tests.errors.test_fuzz import CONTROL, HOSTILE_TEXT, SWEEP
from tests.factories import add_update, make_action, make_person, make_plan, make_user
from tracker import clock
from tracker.domain.as_at import Month
from tracker.domain.assurance import SignOff
from tracker.domain.audit import AuditEntity, AuditVerb
from tracker.domain.enums import Completion, Rag, Role
from tracker.domain.status_key import DEFAULT_STATUS_KEY, StatusColour, StatusKey, StatusKeyEntry
from tracker.extensions import db
from tracker.models import Action, AuditEvent, OutboxMessage, Plan, StatusUpdate
from tracker.services import reports
from tracker.services.status_keys import stored_key

ASSURED = StatusKeyEntry(
    "Complete & assured", StatusColour.BLUE, Completion.COMPLETED, signed_off=True
)


@pytest.fixture
def world(app):
    """A plan asking for sign-off, its owner (a lead's account), a lead, a panel member."""
    lead = make_user(Role.LEAD, person=make_person("Warren Carratt", email="warren@example.org"))
    owner = make_user(Role.LEAD, person=make_person("Joyce Thacker"))
    panel = make_user(Role.PANEL)
    admin = make_user(Role.ADMIN)
    leading_admin = make_user(Role.ADMIN)
    plan = make_plan(slug="assured", title="Notice to Improve Action Plan")
    plan.sign_off_required = True
    plan.owner_person_id = owner.person_id
    plan.status_key = stored_key(StatusKey((*DEFAULT_STATUS_KEY.entries, ASSURED)))
    action = make_action(
        plan,
        ref="1.02",
        text="Implement a quality assurance framework",
        leads=[lead.person, leading_admin.person],
        target_date=date(2009, 10, 31),
    )
    add_update(action, as_at=date(2009, 9, 30), completion=Completion.PARTIALLY_COMPLETED)
    db.session.commit()
    return {
        "lead": lead,
        "owner": owner,
        "panel": panel,
        "admin": admin,
        "leading_admin": leading_admin,
        "plan_id": plan.id,
        "action_id": action.id,
    }


def client_as(app, sign_in, user):
    client = app.test_client()
    sign_in(client, user)
    return client


def action_of(action_id: int) -> Action:
    db.session.expire_all()
    return db.session.get(Action, action_id)


def updates_of(action_id: int) -> list[StatusUpdate]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            select(StatusUpdate)
            .where(StatusUpdate.action_id == action_id)
            .order_by(StatusUpdate.id)
        )
    )


def complete(app, sign_in, world, *, as_at: date | None = None) -> None:
    """Record the lead's Completed update through the form."""
    day = as_at or clock.today()
    client = client_as(app, sign_in, world["lead"])
    response = client.post(
        f"/actions/{world['action_id']}/update",
        data={
            "version": str(action_of(world["action_id"]).version),
            "completion": "completed",
            "completed_on": [str(day.day), str(day.month), str(day.year)],
            "rag": "complete",
            "commentary": "Framework agreed by the <b>board</b>.",
            "as_at": [str(day.day), str(day.month), str(day.year)],
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)


def test_a_leads_completed_waits_for_sign_off_and_counts_as_partially_completed(
    app, sign_in, world
):
    complete(app, sign_in, world)

    action = action_of(world["action_id"])
    assert (action.current_completion, action.current_sign_off) == (
        Completion.COMPLETED,
        SignOff.AWAITING,
    )
    assert updates_of(action.id)[-1].sign_off is SignOff.AWAITING
    overall = reports.current_tallies(world["plan_id"], clock.today()).overall
    assert (overall.completed, overall.partially_completed) == (0, 1)
    lead = client_as(app, sign_in, world["lead"])
    assert "Completed – awaiting sign-off" in lead.get("/actions/mine").get_data(as_text=True)
    page = lead.get(f"/actions/{action.id}").get_data(as_text=True)
    assert "Completed – awaiting sign-off" in page
    assert "You lead this action, so someone else signs it off." in page
    assert 'id="sign-off-button"' not in page
    for listing in ("/plans/assured", "/plans/assured/actions"):
        assert "Completed – awaiting sign-off" in lead.get(listing).get_data(as_text=True)


SIGN_OFF_HINT = "In this plan, Completed waits for sign-off"


@pytest.mark.parametrize("required", [True, False])
def test_the_update_form_hints_that_completed_waits_for_sign_off_only_where_it_does(
    app, sign_in, world, required
):
    db.session.get(Plan, world["plan_id"]).sign_off_required = required
    db.session.commit()
    lead = client_as(app, sign_in, world["lead"])

    page = lead.get(f"/actions/{world['action_id']}/update").get_data(as_text=True)

    hint = page.split('id="completion-hint"', 1)[1].split("</div>", 1)[0]
    assert (SIGN_OFF_HINT in hint) is required
    assert "How far the action has got by the as-at date." in hint


def test_a_plan_without_sign_off_counts_a_leads_completed_at_once(app, sign_in, world):
    db.session.get(Plan, world["plan_id"]).sign_off_required = False
    db.session.commit()
    complete(app, sign_in, world)

    assert action_of(world["action_id"]).current_sign_off is None
    overall = reports.current_tallies(world["plan_id"], clock.today()).overall
    assert overall.completed == 1


def test_the_plan_owner_signs_off_as_a_new_update_in_the_status_keys_signed_off_entry(
    app, sign_in, world
):
    complete(app, sign_in, world)
    owner = client_as(app, sign_in, world["owner"])
    listed = owner.get("/plans/assured/sign-off").get_data(as_text=True)
    assert "1.02 Implement a quality assurance framework" in listed

    response = owner.post(
        f"/actions/{world['action_id']}/sign-off",
        data={"version": str(action_of(world["action_id"]).version), "back": "list"},
    )

    assert response.status_code == 302
    assert response.headers["Location"].endswith("/plans/assured/sign-off")
    _, awaiting, signed = updates_of(world["action_id"])
    assert awaiting.sign_off is SignOff.AWAITING
    assert (signed.sign_off, signed.author_user_id, signed.as_at) == (
        SignOff.SIGNED_OFF,
        world["owner"].id,
        clock.today(),
    )
    assert (signed.status_label, signed.status_colour) == ("Complete & assured", StatusColour.BLUE)
    assert signed.commentary == awaiting.commentary
    action = action_of(world["action_id"])
    assert action.current_sign_off is SignOff.SIGNED_OFF
    assert reports.current_tallies(world["plan_id"], clock.today()).overall.completed == 1
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.verb == AuditVerb.SIGN_OFF))
    assert (event.entity, event.entity_id, event.user_id) == (
        AuditEntity.STATUS_UPDATE,
        signed.id,
        world["owner"].id,
    )
    page = owner.get(f"/actions/{world['action_id']}").get_data(as_text=True)
    assert page.count("tracker-history__entry") == 3
    assert "Signed off" in page
    assert "No actions are waiting for sign-off." in owner.get("/plans/assured/sign-off").get_data(
        as_text=True
    )


def test_returning_asks_for_a_reason_then_records_it_and_emails_the_lead(app, sign_in, world):
    complete(app, sign_in, world)
    admin = client_as(app, sign_in, world["admin"])
    version = action_of(world["action_id"]).version
    assert "Why are you returning it?" in admin.get(
        f"/actions/{world['action_id']}/return"
    ).get_data(as_text=True)

    refused = admin.post(
        f"/actions/{world['action_id']}/return", data={"version": str(version), "reason": "  "}
    )
    assert refused.status_code == 422
    assert "Enter why you are returning the action" in refused.get_data(as_text=True)
    assert len(updates_of(world["action_id"])) == 2

    reason = "The evidence does not show <script>the audit</script> was done."
    response = admin.post(
        f"/actions/{world['action_id']}/return", data={"version": str(version), "reason": reason}
    )

    assert response.status_code == 302
    returned = updates_of(world["action_id"])[-1]
    assert (returned.completion, returned.sign_off, returned.commentary) == (
        Completion.PARTIALLY_COMPLETED,
        SignOff.RETURNED,
        reason,
    )
    assert returned.completed_on is None
    action = action_of(world["action_id"])
    assert (action.current_completion, action.current_sign_off) == (
        Completion.PARTIALLY_COMPLETED,
        SignOff.RETURNED,
    )
    message = db.session.scalar(select(OutboxMessage))
    assert message.recipient == "warren@example.org"
    assert message.subject == "Action 1.02 was returned at sign-off"
    assert reason in message.body_text
    assert "&lt;script&gt;the audit&lt;/script&gt;" in message.body_html
    assert "<script>" not in message.body_html
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.verb == AuditVerb.RETURN))
    assert event.details["reason"] == reason
    page = admin.get(f"/actions/{world['action_id']}").get_data(as_text=True)
    assert "Returned at sign-off" in page
    assert "&lt;script&gt;the audit&lt;/script&gt;" in page


@pytest.mark.parametrize(
    ("who", "panel_may", "status"),
    [
        pytest.param("lead", False, 403, id="the action's lead"),
        pytest.param("leading_admin", False, 403, id="an administrator who leads the action"),
        pytest.param("panel", False, 403, id="panel, plan does not allow"),
        pytest.param("panel", True, 302, id="panel, plan allows"),
        pytest.param("owner", False, 302, id="the plan owner"),
        pytest.param("admin", False, 302, id="an administrator"),
    ],
)
def test_who_may_sign_off(app, sign_in, world, who, panel_may, status):
    db.session.get(Plan, world["plan_id"]).panel_may_sign_off = panel_may
    db.session.commit()
    complete(app, sign_in, world)
    client = client_as(app, sign_in, world[who])
    version = str(action_of(world["action_id"]).version)

    listed = client.get("/plans/assured/sign-off").status_code
    shown = client.get(f"/actions/{world['action_id']}").get_data(as_text=True)
    response = client.post(f"/actions/{world['action_id']}/sign-off", data={"version": version})

    assert response.status_code == status
    assert ('id="sign-off-button"' in shown) is (status == 302)
    signed = action_of(world["action_id"]).current_sign_off is SignOff.SIGNED_OFF
    assert signed is (status == 302)
    if who != "leading_admin":
        assert listed == (200 if status == 302 else 403)


def test_a_stale_or_finished_sign_off_changes_nothing(app, sign_in, world):
    complete(app, sign_in, world)
    admin = client_as(app, sign_in, world["admin"])
    version = action_of(world["action_id"]).version

    stale = admin.post(f"/actions/{world['action_id']}/sign-off", data={"version": version - 1})
    assert stale.status_code == 302
    assert len(updates_of(world["action_id"])) == 2
    admin.post(f"/actions/{world['action_id']}/sign-off", data={"version": version})
    again = admin.post(
        f"/actions/{world['action_id']}/sign-off",
        data={"version": action_of(world["action_id"]).version},
    )
    assert again.status_code == 302
    assert len(updates_of(world["action_id"])) == 3
    page = admin.get(f"/actions/{world['action_id']}").get_data(as_text=True)
    assert "no longer waiting for sign-off" in page


def _october_report(world) -> reports.HighlightReport:
    plan = db.session.get(Plan, world["plan_id"])
    return reports.load_highlight_report(plan, Month(2009, 10), today=date(2011, 1, 1))


def test_the_highlight_report_lists_awaiting_actions_in_their_own_section_everywhere(
    app, sign_in, world
):
    complete(app, sign_in, world, as_at=date(2009, 10, 20))
    report = _october_report(world)
    assert [item.ref for item in report.awaiting_sign_off] == ["1.02"]
    assert report.completed == () and report.overdue == ()

    admin = client_as(app, sign_in, world["admin"])
    html = admin.get("/reports/assured/highlight?month=2009-10").get_data(as_text=True)
    data = json.loads(admin.get("/reports/assured/highlight.json?month=2009-10").data)
    pdf = admin.get("/reports/assured/highlight.pdf?month=2009-10").data
    docx = admin.get("/reports/assured/highlight.docx?month=2009-10").data

    heading = "Completed – awaiting sign-off"
    assert f"{heading} (1)" in html
    assert [item["ref"] for item in data["awaiting_sign_off"]] == ["1.02"]
    assert data["awaiting_sign_off"][0]["completed_on"] == "2009-10-20"
    pdf_text = " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages
    )
    assert f"{heading} (1)" in pdf_text
    document = Document(io.BytesIO(docx))
    assert f"{heading} (1)" in [paragraph.text for paragraph in document.paragraphs]


def test_a_signed_off_action_is_in_the_completed_box_of_the_month_it_was_signed_off(
    app, sign_in, world
):
    complete(app, sign_in, world, as_at=date(2009, 10, 20))
    action = action_of(world["action_id"])
    awaiting = updates_of(action.id)[-1]
    signed = StatusUpdate(
        action_id=action.id,
        as_at=date(2009, 11, 4),
        recorded_at=clock.now(),
        author_user_id=world["owner"].id,
        source="",
        completion=Completion.COMPLETED,
        rag=Rag.COMPLETE,
        commentary=awaiting.commentary,
        completed_on=awaiting.completed_on,
        sign_off=SignOff.SIGNED_OFF,
    )
    db.session.add(signed)
    db.session.commit()

    october = _october_report(world)
    plan = db.session.get(Plan, world["plan_id"])
    november = reports.load_highlight_report(plan, Month(2009, 11), today=date(2011, 1, 1))

    assert [item.ref for item in october.awaiting_sign_off] == ["1.02"]
    assert october.completed == ()
    assert [(item.ref, item.signed_off_on) for item in november.completed] == [
        ("1.02", date(2009, 11, 4))
    ]
    admin = client_as(app, sign_in, world["admin"])
    html = admin.get("/reports/assured/highlight?month=2009-11").get_data(as_text=True)
    assert "20 October 2009 (signed off 4 November 2009)" in html


def test_the_admin_plan_form_sets_sign_off_and_approval(app, sign_in, world):
    admin = client_as(app, sign_in, world["admin"])
    form = admin.get("/admin/plans/assured/edit").get_data(as_text=True)
    for label in (
        "Completed actions need sign-off",
        "Panel members may sign off too",
        "New target dates need approval",
    ):
        assert label in form
    plan = db.session.get(Plan, world["plan_id"])
    response = admin.post(
        "/admin/plans/assured/edit",
        data={
            "title": plan.title,
            "slug": plan.slug,
            "owner": "",
            "owner_person_id": str(plan.owner_person_id),
            "reporting_cadence": "monthly",
            "due_soon_working_days": "5",
            "escalation_working_days": "10",
            "reminder_repeat_working_days": "5",
            "report_cut_off_working_days": "0",
            "reading_due_working_days": "10",
            "panel_may_sign_off": "y",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    db.session.expire_all()
    plan = db.session.get(Plan, world["plan_id"])
    assert (plan.sign_off_required, plan.panel_may_sign_off, plan.revised_dates_need_approval) == (
        False,
        True,
        False,
    )


def test_an_administrator_marks_a_status_key_entry_as_the_signed_off_one(app, sign_in, world):
    plan = db.session.get(Plan, world["plan_id"])
    plan.status_key = None
    db.session.commit()
    admin = client_as(app, sign_in, world["admin"])
    response = admin.post(
        "/admin/plans/assured/status-key/new",
        data={
            "label": "Complete & assured",
            "colour": "blue",
            "completion": "completed",
            "words": "",
            "signed_off": "y",
        },
    )
    assert response.status_code == 302
    again = admin.post(
        "/admin/plans/assured/status-key/new",
        data={"label": "Assured", "colour": "blue", "completion": "completed", "signed_off": "y"},
    )
    assert again.status_code == 422
    assert "is already shown for signed-off actions" in again.get_data(as_text=True)
    page = admin.get("/admin/plans/assured/status-key").get_data(as_text=True)
    assert "Shown for actions signed off" in page


@pytest.mark.parametrize("value", [*SWEEP, *HOSTILE_TEXT[:-2]])
def test_hostile_reasons_and_versions_never_give_a_5xx_or_store_control_characters(
    app, sign_in, world, value
):
    complete(app, sign_in, world)
    admin = client_as(app, sign_in, world["admin"])
    version = str(action_of(world["action_id"]).version)

    returned = admin.post(
        f"/actions/{world['action_id']}/return",
        data={"version": version, "reason": value, "back": value},
    )
    signed = admin.post(
        f"/actions/{world['action_id']}/sign-off", data={"version": value, "back": value}
    )

    assert returned.status_code in (302, 422)
    assert signed.status_code in (302, 400)
    for update in updates_of(world["action_id"]):
        assert not CONTROL.search(update.commentary)
    if returned.status_code == 302:
        assert updates_of(world["action_id"])[-1].commentary == value.strip()

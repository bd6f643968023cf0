"""Merging two records of one person: what moves, what is remembered, and when it is refused."""

from datetime import date, timedelta

from sqlalchemy import func, select

from tests.factories import add_update, make_action, make_person, make_plan, make_user
from tracker import clock
from tracker.domain.api_tokens import TokenScope
from tracker.domain.assurance import RevisionStatus
from tracker.domain.enums import Role
from tracker.domain.prepared_documents import JobStatus
from tracker.extensions import Base, db
from tracker.models import (
    ActionLead,
    ApiToken,
    AuditEvent,
    OutboxMessage,
    Person,
    PersonAlias,
    Plan,
    PreparedDocument,
    StatusUpdate,
    TargetDateRevision,
    User,
)
from tracker.services.admin_people import MERGED_REFERENCES
from tracker.services.api_tokens import create_token


def _message(person: Person, plan: Plan) -> OutboxMessage:
    message = OutboxMessage(
        idempotency_key=f"lead:{person.id}:2011-03-30",
        message_id="<m@tracker.test>",
        kind="lead",
        for_date=date(2011, 3, 30),
        plan_id=plan.id,
        person_id=person.id,
        recipient="lynn@example.org",
        subject="1 overdue action",
        body_text="x",
        body_html="x",
    )
    db.session.add(message)
    return message


def _lead(action, person, position=0):
    db.session.add(ActionLead(action_id=action.id, person_id=person.id, position=position))


def test_every_column_pointing_at_a_person_or_account_is_moved_by_a_merge():
    pointing = {
        f"{table.name}.{fk.parent.name}"
        for table in Base.metadata.tables.values()
        for fk in table.foreign_keys
        if fk.column.table.name in ("person", "user_account")
    }
    assert pointing == MERGED_REFERENCES


def test_a_merge_moves_leads_account_reminders_and_plans_and_remembers_the_name(
    admin_client, admin
):
    keep = make_person("Lyn Burns")
    remove = make_person("Lynn Burns", email="lynn@example.org")
    account = make_user(Role.LEAD, person=remove)
    plan = make_plan(slug="p", title="Plan")
    plan.owner_person_id = remove.id
    shared, own = make_action(plan, ref="1.1"), make_action(plan, ref="1.2")
    _lead(shared, keep)
    _lead(shared, remove, 1)
    _lead(own, remove)
    add_update(own, as_at=date(2011, 3, 1), author=account)
    _message(remove, plan)
    db.session.commit()
    keep_id, remove_id = keep.id, remove.id

    page = admin_client.get(f"/admin/people/{keep_id}/merge/{remove_id}").get_data(as_text=True)
    assert "Merge Lynn Burns into Lyn Burns?" in page
    response = admin_client.post(f"/admin/people/{keep_id}/merge/{remove_id}")
    assert response.status_code == 302

    db.session.expire_all()
    assert db.session.get(Person, remove_id) is None
    assert sorted(
        db.session.execute(select(ActionLead.action_id, ActionLead.person_id)).all()
    ) == sorted([(shared.id, keep_id), (own.id, keep_id)])
    assert db.session.scalar(select(User.person_id).where(User.id == account.id)) == keep_id
    assert db.session.scalar(select(StatusUpdate.author_user_id)) == account.id
    assert db.session.scalar(select(OutboxMessage.person_id)) == keep_id
    assert db.session.scalar(select(Plan.owner_person_id)) == keep_id
    assert db.session.get(Person, keep_id).email == "lynn@example.org"
    alias = db.session.scalar(select(PersonAlias))
    assert (alias.alias, alias.alias_key, alias.person_id) == ("Lynn Burns", "lynn burns", keep_id)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.verb == "merge"))
    assert (event.entity, event.entity_id, event.user_id) == ("person", keep_id, admin.id)
    assert event.details["leads_moved"] == 1
    assert event.details["leads_already_shared"] == 1
    assert event.details["reminders_moved"] == 1
    assert event.details["plans_owned_moved"] == 1
    assert event.details["account_moved"] is True
    assert event.details["status_updates_moved"] == 1


def test_a_merge_of_two_people_with_active_accounts_is_refused_saying_which_to_deactivate(
    admin_client,
):
    keep, remove = make_person("Lyn Burns"), make_person("Lynn Burns")
    make_user(Role.LEAD, person=keep)
    make_user(Role.LEAD, person=remove, email="lynn@example.org")
    db.session.commit()
    before = db.session.scalar(select(func.count()).select_from(AuditEvent))

    response = admin_client.post(f"/admin/people/{keep.id}/merge/{remove.id}")

    assert response.status_code == 409
    assert "Deactivate Lynn Burns&#39;s account (lynn@example.org) first" in response.get_data(
        as_text=True
    )
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(Person)) == 3
    assert db.session.scalar(select(func.count()).select_from(PersonAlias)) == 0
    assert db.session.scalar(select(func.count()).select_from(AuditEvent)) == before


def test_once_the_removed_persons_account_is_deactivated_its_updates_become_the_kept_ones(
    admin_client,
):
    keep, remove = make_person("Lyn Burns"), make_person("Lynn Burns")
    kept_account = make_user(Role.LEAD, person=keep)
    old_account = make_user(Role.LEAD, person=remove, email="lynn@example.org")
    old_account.active = False
    action = make_action(make_plan(slug="p", title="Plan"), ref="1.1")
    add_update(action, as_at=date(2011, 3, 1), author=old_account)
    db.session.flush()
    db.session.add(
        PreparedDocument(
            token="t" * 32,
            key="k" * 32,
            kind="plan_pdf",
            user_id=old_account.id,
            filename="plan.pdf",
            status=JobStatus.READY,
            content=b"%PDF-",
        )
    )
    db.session.commit()
    old_id = old_account.id

    assert admin_client.post(f"/admin/people/{keep.id}/merge/{remove.id}").status_code == 302

    db.session.expire_all()
    assert db.session.get(User, old_id) is None
    assert db.session.scalar(select(StatusUpdate.author_user_id)) == kept_account.id
    # A document prepared for the removed account goes with it, as its unfinished imports do.
    assert db.session.scalar(select(PreparedDocument.id)) is None


def test_choosing_whom_to_keep_leads_to_the_confirmation(admin_client):
    first, second = make_person("John Dunn, RBT"), make_person("John Dunn")
    db.session.commit()
    response = admin_client.post(
        f"/admin/people/{first.id}/merge", data={"other_id": str(second.id), "keep": "other"}
    )
    assert response.headers["Location"].endswith(f"/admin/people/{second.id}/merge/{first.id}")


def test_the_merge_form_says_what_to_fix(admin_client):
    person = make_person("John Dunn")
    db.session.commit()
    response = admin_client.post(f"/admin/people/{person.id}/merge", data={})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Choose the person to merge with" in page
    assert "Choose which person to keep" in page


def test_people_without_an_email_address_are_listed_with_the_actions_they_lead(admin_client):
    nobody = make_person("Head of QA")
    make_person("Sue Wilson", email="sue@example.org")
    action = make_action(make_plan(slug="p", title="Plan"), ref="2.3", text="Audit the cases")
    _lead(action, nobody)
    db.session.commit()
    page = admin_client.get("/admin/people").get_data(as_text=True)
    section = page.split("People without an email address", 1)[1]
    assert "Head of QA" in section
    assert f'href="/admin/plans/p/actions/{action.id}"' in section
    assert "2.3 Audit the cases" in section
    assert "Sue Wilson" not in section


def test_a_merge_moves_who_asked_for_and_who_decided_a_new_target_date(admin_client):
    keep, remove = make_person("Lyn Burns"), make_person("Lynn Burns")
    kept_account = make_user(Role.LEAD, person=keep)
    old_account = make_user(Role.ADMIN, person=remove, email="lynn@example.org")
    old_account.active = False
    action = make_action(make_plan(slug="p", title="Plan"), ref="1.1")
    db.session.add_all(
        [
            TargetDateRevision(
                action_id=action.id,
                to_date=date(2011, 6, 30),
                reason="Audit late",
                status=RevisionStatus.APPROVED,
                proposed_by_user_id=old_account.id,
                decided_by_user_id=old_account.id,
            ),
        ]
    )
    db.session.commit()

    assert admin_client.post(f"/admin/people/{keep.id}/merge/{remove.id}").status_code == 302

    db.session.expire_all()
    revision = db.session.scalar(select(TargetDateRevision))
    assert (revision.proposed_by_user_id, revision.decided_by_user_id) == (
        kept_account.id,
        kept_account.id,
    )


def test_a_merge_keeps_the_removed_accounts_tokens_revoked_with_the_kept_account(admin_client):
    keep, remove = make_person("Lyn Burns"), make_person("Lynn Burns")
    kept_account = make_user(Role.LEAD, person=keep)
    old_account = make_user(Role.LEAD, person=remove, email="lynn@example.org")
    used, _text = create_token(
        old_account.id,
        "Power BI",
        TokenScope.WRITE,
        clock.today() + timedelta(days=30),
        acting_user_id=old_account.id,
        now=clock.now(),
    )
    old_account.active = False
    db.session.commit()
    used_id = used.id

    assert admin_client.post(f"/admin/people/{keep.id}/merge/{remove.id}").status_code == 302

    db.session.expire_all()
    token = db.session.get(ApiToken, used_id)
    assert token.user_id == kept_account.id
    assert token.revoked_at is not None
    made = db.session.scalar(select(AuditEvent).where(AuditEvent.entity == "api_token"))
    assert made.user_id == kept_account.id
    merged = db.session.scalar(select(AuditEvent).where(AuditEvent.verb == "merge"))
    assert merged.details["api_tokens_revoked"] == 1

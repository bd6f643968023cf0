"""People and sign-in accounts: details, roles, deactivation that ends sessions, and one-time
password links of which only a hash is kept."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from tests.factories import make_person, make_user
from tracker.domain.enums import Role
from tracker.domain.passwords import password_problem
from tracker.domain.reset_tokens import hash_reset_token
from tracker.extensions import db
from tracker.models import AuditEvent, Person, User
from tracker.services import accounts
from tracker.services.validation import Invalid


def test_adding_a_person_with_a_valid_email(admin_client, admin):
    response = admin_client.post(
        "/admin/people/new",
        data={"name": "Deb Johnson", "email": "Deb.Johnson@Example.org", "active": "y"},
    )
    assert response.status_code == 302
    person = db.session.scalar(select(Person).where(Person.name == "Deb Johnson"))
    assert (person.email, person.name_key, person.active) == (
        "deb.johnson@example.org",
        "deb johnson",
        True,
    )
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.entity == "person"))
    assert (event.verb, event.user_id, event.entity_id) == ("create", admin.id, person.id)


def test_an_invalid_email_is_refused_and_keeps_what_was_typed(admin_client):
    page = admin_client.post(
        "/admin/people/new", data={"name": "Deb Johnson", "email": "deb at example"}
    ).get_data(as_text=True)
    assert "Enter an email address in the correct format" in page
    assert 'value="deb at example"' in page
    assert 'value="Deb Johnson"' in page
    assert db.session.query(Person).filter_by(name="Deb Johnson").count() == 0
    assert db.session.query(AuditEvent).count() == 0


def test_a_name_matching_someone_already_known_is_refused(admin_client):
    make_person("Warren Carratt")
    db.session.commit()
    page = admin_client.post("/admin/people/new", data={"name": "warren  CARRATT"})
    assert "There is already a person called Warren Carratt" in page.get_data(as_text=True)


def test_changing_reminder_settings_and_deactivating_a_person(admin_client, admin):
    person = make_person("Sue Wilson", email="sue@example.org")
    db.session.commit()
    admin_client.post(
        f"/admin/people/{person.id}/edit",
        data={"name": "Sue Wilson", "email": "sue@example.org", "due_soon_opt_out": "y"},
    )
    db.session.expire_all()
    person = db.session.get(Person, person.id)
    assert (person.due_soon_opt_out, person.active) == (True, False)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.verb == "update"))
    assert event.details == {
        "due_soon_opt_out": {"old": False, "new": True},
        "active": {"old": True, "new": False},
    }


def test_creating_an_account_shows_a_one_time_link_and_keeps_only_its_hash(admin_client, admin):
    person = make_person("Deb Johnson", email="deb@example.org")
    db.session.commit()
    form = admin_client.get(f"/admin/accounts/new?person={person.id}").get_data(as_text=True)
    assert 'value="deb@example.org"' in form
    response = admin_client.post(
        "/admin/accounts/new",
        data={"person_id": str(person.id), "email": "deb@example.org", "role": "lead"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    user = db.session.scalar(select(User).where(User.person_id == person.id))
    assert user.role is Role.LEAD
    link = page.split('id="reset-link">', 1)[1].split("<", 1)[0]
    assert link.startswith("http://tracker.test/auth/reset")
    token = link.rsplit("/", 1)[1]
    assert user.password_reset_token_hash == hash_reset_token(token)
    assert token not in user.password_reset_token_hash
    assert user.password_reset_expires_at > datetime.now(UTC)
    stored = [str(event.details) for event in db.session.scalars(select(AuditEvent))]
    assert all(token not in details for details in stored)
    assert token not in admin_client.get(f"/admin/accounts/{user.id}").get_data(as_text=True)


def test_an_account_needs_a_person_without_one_and_an_unused_email(admin_client, admin):
    person = make_person("Deb Johnson")
    db.session.commit()
    page = admin_client.post(
        "/admin/accounts/new",
        data={"person_id": str(person.id), "email": admin.email.upper(), "role": "panel"},
    ).get_data(as_text=True)
    assert "Another account already uses this email address" in page
    assert db.session.query(User).count() == 1


def test_changing_an_account_s_role(admin_client, admin):
    lead = make_user(Role.LEAD)
    db.session.commit()
    admin_client.post(f"/admin/accounts/{lead.id}/role", data={"role": "panel"})
    db.session.expire_all()
    assert db.session.get(User, lead.id).role is Role.PANEL
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.entity_id == lead.id))
    assert event.user_id == admin.id
    assert "panel" in str(event.details)


def test_deactivating_an_account_ends_its_existing_sessions(app, admin_client, sign_in):
    lead = make_user(Role.LEAD)
    db.session.commit()
    lead_client = app.test_client()
    sign_in(lead_client, lead)
    assert lead_client.get("/plans/").status_code == 200
    version = lead.session_version

    response = admin_client.post(f"/admin/accounts/{lead.id}/deactivate")
    assert response.status_code == 302
    db.session.expire_all()
    lead = db.session.get(User, lead.id)
    assert lead.active is False
    assert lead.session_version == version + 1
    assert not 200 <= lead_client.get("/plans/").status_code < 300
    assert db.session.scalar(
        select(AuditEvent.verb).where(
            AuditEvent.entity_id == lead.id, AuditEvent.entity == "user_account"
        )
    )

    admin_client.post(f"/admin/accounts/{lead.id}/reactivate")
    db.session.expire_all()
    assert db.session.get(User, lead.id).active is True
    assert not 200 <= lead_client.get("/plans/").status_code < 300


def test_an_administrator_cannot_deactivate_or_demote_their_own_account(admin_client, admin):
    admin_client.post(f"/admin/accounts/{admin.id}/deactivate")
    admin_client.post(f"/admin/accounts/{admin.id}/role", data={"role": "lead"})
    db.session.expire_all()
    user = db.session.get(User, admin.id)
    assert (user.active, user.role) == (True, Role.ADMIN)
    page = admin_client.get(f"/admin/accounts/{admin.id}").get_data(as_text=True)
    assert "You cannot deactivate your own account" in page


def test_a_password_link_replaces_the_previous_one(admin_client):
    lead = make_user(Role.LEAD)
    db.session.commit()
    first = admin_client.post(f"/admin/accounts/{lead.id}/reset-password")
    db.session.expire_all()
    first_hash = db.session.get(User, lead.id).password_reset_token_hash
    second = admin_client.post(f"/admin/accounts/{lead.id}/reset-password")
    db.session.expire_all()
    second_hash = db.session.get(User, lead.id).password_reset_token_hash
    assert first.status_code == second.status_code == 200
    assert first_hash != second_hash
    assert "This is the only time the link is shown" in second.get_data(as_text=True)


def test_a_deactivated_account_gets_no_password_link(admin_client):
    lead = make_user(Role.LEAD)
    lead.active = False
    db.session.commit()
    response = admin_client.post(f"/admin/accounts/{lead.id}/reset-password")
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, lead.id).password_reset_token_hash is None


def test_the_accounts_service_refuses_an_administrator_s_change_to_their_own_account(admin):
    with pytest.raises(accounts.AccountProblem, match="change the role of your own account"):
        accounts.set_role(admin, Role.LEAD, actor_user_id=admin.id)
    with pytest.raises(accounts.AccountProblem, match="deactivate your own account"):
        accounts.set_active(admin, False, actor_user_id=admin.id)
    assert (admin.role, admin.active) == (Role.ADMIN, True)
    # The command line acts as no account, so it may change any.
    accounts.set_role(admin, Role.PANEL)
    assert admin.role is Role.PANEL


def test_opening_an_account_sets_an_unknown_password_and_issues_a_reset_link(admin):
    person = make_person("Deb Johnson", "deb@example.org")
    db.session.flush()
    now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    user, token = accounts.open_account(
        person.id, "deb@example.org", Role.LEAD, now=now, actor_user_id=admin.id
    )
    assert (user.person_id, user.role, user.email) == (person.id, Role.LEAD, "deb@example.org")
    assert user.password_hash
    assert accounts.account_for_reset_token(token, now=now) is user
    with pytest.raises(Invalid) as refused:
        accounts.open_account(
            person.id, "deb2@example.org", Role.LEAD, now=now, actor_user_id=admin.id
        )
    assert refused.value.problems == {"person_id": "Choose a person who has no account yet"}


@pytest.mark.parametrize("email", ["deb@example.org", "someone@example.org"])
def test_an_unguessable_password_passes_the_password_rules(email):
    password = accounts.unguessable_password(email)
    assert password_problem(password, email=email) == ""
    assert password != accounts.unguessable_password(email)

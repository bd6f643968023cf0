"""flask users create|set-role|deactivate|activate|reset-link|list."""

from sqlalchemy import select

from tests.factories import PASSWORD, make_person, make_user
from tracker.domain.enums import Role
from tracker.extensions import db
from tracker.models import AuditEvent, Person, User
from tracker.services import accounts


def create(runner, *, email="deb.johnson@example.org", name="Deb Johnson", role="lead", stdin):
    return runner.invoke(
        args=["users", "create", "--email", email, "--name", name, "--role", role], input=stdin
    )


def test_create_reads_the_password_from_standard_input_and_hashes_it_with_scrypt(runner, client):
    result = create(runner, stdin="a long enough passphrase\n")
    assert result.exit_code == 0, result.output
    assert "Created the lead account deb.johnson@example.org for Deb Johnson." in result.output
    user = db.session.scalar(select(User).where(User.email == "deb.johnson@example.org"))
    assert user.role is Role.LEAD
    assert user.password_hash.startswith("scrypt:")
    assert "a long enough passphrase" not in user.password_hash
    response = client.post(
        "/auth/sign-in",
        data={"email": "deb.johnson@example.org", "password": "a long enough passphrase"},
    )
    assert response.status_code == 302


def test_create_links_the_account_to_the_person_already_named_in_a_plan(runner):
    person = make_person("Warren Carratt")
    db.session.commit()
    result = create(
        runner, email="warren@example.org", name="warren  carratt", stdin="another passphrase\n"
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.email == "warren@example.org"))
    assert user.person_id == person.id
    assert db.session.scalar(select(Person.email).where(Person.id == person.id)) == (
        "warren@example.org"
    )


def test_create_refuses_a_short_password_and_writes_nothing(runner):
    result = create(runner, stdin="short\n")
    assert result.exit_code == 1
    assert "Password must be 12 characters or more" in result.output
    assert db.session.scalar(select(User.id)) is None


def test_create_refuses_an_email_already_in_use(runner):
    make_user(email="deb.johnson@example.org")
    db.session.commit()
    result = create(runner, email="Deb.Johnson@example.org", stdin="a long enough passphrase\n")
    assert result.exit_code == 1
    assert "There is already an account for deb.johnson@example.org." in result.output


def test_create_refuses_a_second_account_for_one_person(runner):
    make_user(person=make_person("Deb Johnson"), email="deb@example.org")
    db.session.commit()
    result = create(runner, stdin="a long enough passphrase\n")
    assert result.exit_code == 1
    assert "Deb Johnson already has an account." in result.output


def test_create_refuses_an_unknown_role(runner):
    result = create(runner, role="superuser", stdin="a long enough passphrase\n")
    assert result.exit_code == 2


def test_set_role_changes_the_role_ends_sessions_and_is_audited(runner):
    user = make_user(Role.LEAD, email="pat@example.org")
    db.session.commit()
    result = runner.invoke(
        args=["users", "set-role", "--email", "pat@example.org", "--role", "panel"]
    )
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    user = db.session.get(User, user.id)
    assert user.role is Role.PANEL
    assert user.session_version == 2
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.entity == "user_account"))
    assert event.summary == "Changed the role of pat@example.org to panel"
    assert event.details["role"] == ["lead", "panel"]


def test_deactivate_stops_sign_in_and_activate_allows_it_again(runner, client, sign_in):
    user = make_user(Role.LEAD, email="pat@example.org")
    db.session.commit()
    sign_in(client, user)
    assert client.get("/actions/mine").status_code == 200
    assert runner.invoke(args=["users", "deactivate", "--email", "pat@example.org"]).exit_code == 0
    assert client.get("/actions/mine").status_code == 302
    signing_in = {"email": "pat@example.org", "password": PASSWORD}
    assert client.post("/auth/sign-in", data=signing_in).status_code == 422
    assert runner.invoke(args=["users", "activate", "--email", "pat@example.org"]).exit_code == 0
    assert client.post("/auth/sign-in", data=signing_in).status_code == 302


def test_reset_link_prints_a_one_time_link_that_sets_a_password(runner, client):
    make_user(Role.LEAD, email="pat@example.org")
    db.session.commit()
    result = runner.invoke(args=["users", "reset-link", "--email", "pat@example.org"])
    assert result.exit_code == 0, result.output
    assert "it works once, for 24 hours" in result.output
    link = result.output.strip().splitlines()[-1]
    assert link.startswith("http://tracker.test/auth/reset-password/")
    path = link.removeprefix("http://tracker.test")
    new = {"new_password": "my own new passphrase", "confirm_password": "my own new passphrase"}
    assert client.post(path, data=new).status_code == 302
    assert client.post(path, data=new).status_code == 404


def test_reset_link_is_refused_for_a_deactivated_account(runner):
    user = make_user(Role.LEAD, email="pat@example.org")
    accounts.set_active(user, False)
    db.session.commit()
    result = runner.invoke(args=["users", "reset-link", "--email", "pat@example.org"])
    assert result.exit_code == 1
    assert "pat@example.org is deactivated; reactivate it first." in result.output


def test_commands_name_an_unknown_account(runner):
    result = runner.invoke(args=["users", "deactivate", "--email", "ghost@example.org"])
    assert result.exit_code == 1
    assert "There is no account for ghost@example.org." in result.output


def test_list_shows_role_email_name_and_state(runner):
    make_user(Role.ADMIN, person=make_person("Ada Administrator"), email="ada@example.org")
    user = make_user(Role.PANEL, person=make_person("Pat Panel"), email="pat@example.org")
    accounts.set_active(user, False)
    db.session.commit()
    lines = runner.invoke(args=["users", "list"]).output.splitlines()
    assert lines[0].split() == ["admin", "ada@example.org", "Ada", "Administrator"]
    assert lines[1].split() == ["panel", "pat@example.org", "Pat", "Panel", "(deactivated)"]

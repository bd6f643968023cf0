"""flask tokens create|list|revoke: the token printed once, bad options refused, nothing written."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tests.api.conftest import bearer
from tests.factories import make_person, make_user
from tracker import clock
from tracker.domain.api_tokens import PREFIX, TokenScope, add_years, token_digest
from tracker.domain.as_at import long_day
from tracker.domain.audit import AuditEntity, AuditVerb
from tracker.domain.enums import Role
from tracker.extensions import db
from tracker.models import ApiToken, AuditEvent
from tracker.services import accounts

EMAIL = "bi.service@example.org"


@pytest.fixture
def account(app):
    user = make_user(Role.PANEL, person=make_person("BI Service"), email=EMAIL)
    db.session.commit()
    return user


def create(runner, *extra: str, email: str = EMAIL, name: str = "Power BI", scope: str = "read"):
    return runner.invoke(
        args=["tokens", "create", "--email", email, "--name", name, "--scope", scope, *extra]
    )


def printed_token(output: str) -> str:
    (token,) = [line for line in output.splitlines() if line.startswith(PREFIX)]
    return token


def token_count() -> int:
    return db.session.scalar(select(func.count(ApiToken.id))) or 0


def test_create_prints_the_token_once_with_how_to_send_it(runner, client, account):
    result = create(runner)
    assert result.exit_code == 0, result.output
    token = printed_token(result.output)
    expires_on = clock.today() + timedelta(days=90)
    assert f"'Power BI' for {EMAIL}: read only, until {long_day(expires_on)}" in result.output
    assert "it will not be shown again" in result.output
    assert f"Authorization: Bearer {token}" in result.output
    stored = db.session.scalar(select(ApiToken))
    assert (stored.name, stored.scope) == ("Power BI", TokenScope.READ)
    assert stored.expires_on == expires_on
    assert stored.token_hash == token_digest(token)
    answer = client.get("/api/v1/me", headers=bearer(token))
    assert (answer.status_code, answer.json["email"]) == (200, EMAIL)
    created = db.session.scalar(select(AuditEvent).where(AuditEvent.entity == "api_token"))
    assert (created.verb, created.user_id) == ("create", None)


def test_create_takes_an_expiry_date_up_to_a_year_on(runner, account):
    last_day = add_years(clock.today(), 1)
    result = create(runner, "--expires", last_day.isoformat(), scope="write")
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(ApiToken.expires_on)) == last_day
    assert db.session.scalar(select(ApiToken.scope)) is TokenScope.WRITE


@pytest.mark.parametrize(
    ("extra", "options", "message"),
    [
        ((), {"scope": "admin"}, "Invalid value for '--scope': The scope is 'read'"),
        ((), {"scope": ""}, "Invalid value for '--scope': Choose the token's scope"),
        ((), {"name": "  "}, "Invalid value for '--name': Enter a name for the token"),
        ((), {"name": "x" * 101}, "The token's name must be 100 characters or fewer"),
        ((), {"name": "Power\tBI"}, "The token's name contains a tab at character 6"),
        (("--expires", "31/12/2030"), {}, "Invalid value for '--expires'"),
        (("--expires", "2020-01-01"), {}, "The expiry date must be after today."),
        (("--expires", "2999-01-01"), {}, "A token lasts at most a year"),
    ],
)
def test_create_refuses_bad_options_naming_the_option_and_writes_nothing(
    runner, account, extra, options, message
):
    result = create(runner, *extra, **options)
    assert result.exit_code == 2
    assert message in result.output
    assert PREFIX not in result.output
    assert token_count() == 0


def test_create_refuses_an_unknown_or_deactivated_account(runner, account):
    result = create(runner, email="nobody@example.org")
    assert result.exit_code == 1
    assert "There is no account for nobody@example.org." in result.output
    accounts.set_active(account, False)
    db.session.commit()
    result = create(runner)
    assert result.exit_code == 1
    assert f"{EMAIL} is deactivated" in result.output
    assert token_count() == 0


def test_list_shows_each_token_without_its_text(runner, account):
    token = printed_token(create(runner, name="Power BI").output)
    create(runner, name="Excel", scope="write")
    other = make_user(Role.LEAD, email="lee@example.org")
    db.session.commit()
    create(runner, email=other.email, name="Case system")
    result = runner.invoke(args=["tokens", "list", "--email", EMAIL])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split("\t") == [
        "id",
        "account",
        "name",
        "scope",
        "starts",
        "created",
        "expires",
        "last used",
        "status",
    ]
    assert [line.split("\t")[2:5] for line in lines[1:]] == [
        ["Excel", "write", lines[1].split("\t")[4]],
        ["Power BI", "read", f"{token[:8]}…"],
    ]
    assert all(line.endswith("\tnever\tactive") for line in lines[1:])
    assert token not in result.output
    everyone = runner.invoke(args=["tokens", "list"])
    assert "Case system" in everyone.output and "lee@example.org" in everyone.output


def test_list_says_when_there_are_none(runner, account):
    assert runner.invoke(args=["tokens", "list"]).output == "There are no tokens.\n"


def test_revoke_by_id_refuses_the_token_and_says_so_again_harmlessly(runner, client, account):
    token = printed_token(create(runner).output)
    token_id = db.session.scalar(select(ApiToken.id))
    result = runner.invoke(args=["tokens", "revoke", str(token_id)])
    assert result.exit_code == 0, result.output
    assert f"Revoked token {token_id} 'Power BI' of {EMAIL}." in result.output
    assert client.get("/api/v1/me", headers=bearer(token)).status_code == 401
    again = runner.invoke(args=["tokens", "revoke", str(token_id)])
    assert again.exit_code == 0
    assert f"Token {token_id} 'Power BI' was already revoked." in again.output
    revocations = db.session.scalars(
        select(AuditEvent).where(AuditEvent.verb == AuditVerb.REVOKE)
    ).all()
    assert [(event.entity, event.entity_id) for event in revocations] == [
        (AuditEntity.API_TOKEN, token_id)
    ]
    listed = runner.invoke(args=["tokens", "list"]).output
    assert listed.splitlines()[1].endswith("\trevoked")


def test_revoke_by_email_and_name(runner, account):
    create(runner, name="Power BI")
    create(runner, name="Excel")
    result = runner.invoke(args=["tokens", "revoke", "--email", EMAIL.upper(), "--name", "Excel"])
    assert result.exit_code == 0, result.output
    assert "'Excel'" in result.output
    revoked = db.session.scalars(select(ApiToken.name).where(ApiToken.revoked_at.is_not(None)))
    assert list(revoked) == ["Excel"]


@pytest.mark.parametrize(
    ("args", "status", "message"),
    [
        (["999"], 1, "There is no token 999. Run 'flask tokens list' to see them."),
        (["--email", EMAIL, "--name", "Tableau"], 1, "has no unrevoked token named 'Tableau'"),
        ([], 2, "Give either the token's id, or --email and --name, not both."),
        (["1", "--email", EMAIL], 2, "Give either the token's id, or --email and --name"),
        (["--email", EMAIL], 2, "Give both --email and --name to revoke a token by name."),
        (["x"], 2, "Invalid value for '[TOKEN_ID]': 'x' is not a valid integer."),
    ],
)
def test_revoke_refuses_what_it_cannot_find_and_changes_nothing(
    runner, account, args, status, message
):
    create(runner)
    result = runner.invoke(args=["tokens", "revoke", *args])
    assert result.exit_code == status
    assert message in result.output
    assert db.session.scalar(select(ApiToken.revoked_at)) is None

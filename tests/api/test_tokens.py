"""A token is refused once revoked, expired or its account deactivated; only its hash is kept."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select, text

from tests.api.conftest import bearer
from tests.factories import make_person, make_user
from tests.reports.conftest import counting_queries
from tracker import clock
from tracker.domain.api_tokens import TokenScope, TokenStatus
from tracker.domain.audit import AuditEntity, AuditVerb
from tracker.domain.enums import Role
from tracker.extensions import db
from tracker.models import ApiToken, AuditEvent, User
from tracker.services import accounts
from tracker.services.api_tokens import (
    TokenNotFound,
    TokenRefused,
    account_tokens,
    create_token,
    listed_tokens,
    revoke_token,
    token_named,
    use_token,
)


@pytest.fixture
def panel(app) -> User:
    user = make_user(Role.PANEL, person=make_person("Pat Panel"), email="pat@example.org")
    db.session.commit()
    return user


def refusal(answer) -> str:
    assert answer.status_code == 401
    assert answer.mimetype == "application/problem+json"
    assert answer.json["type"] == "/help/api#problem-invalid-token"
    assert 'error="invalid_token"' in answer.headers["WWW-Authenticate"]
    return answer.json["detail"]


def test_a_revoked_token_is_refused(client, panel, make_token):
    token = make_token(panel)
    assert client.get("/api/v1/me", headers=bearer(token)).status_code == 200
    token_id = db.session.scalar(select(ApiToken.id))
    revoke_token(token_id, owner_user_id=panel.id, acting_user_id=panel.id, now=clock.now())
    db.session.commit()
    assert refusal(client.get("/api/v1/me", headers=bearer(token))) == (
        "The token has been revoked."
    )


def test_a_token_is_refused_from_its_expiry_date(client, panel, make_token):
    today = clock.today()
    expired = make_token(panel, name="Old", expires_on=today)
    lasting = make_token(panel, name="New", expires_on=today + timedelta(days=1))
    assert refusal(client.get("/api/v1/me", headers=bearer(expired))) == (
        f"The token expired on {today.isoformat()}."
    )
    assert client.get("/api/v1/me", headers=bearer(lasting)).status_code == 200


def test_a_deactivated_accounts_token_is_refused_and_works_again_once_reactivated(
    client, panel, make_token
):
    token = make_token(panel)
    accounts.set_active(panel, False)
    db.session.commit()
    assert refusal(client.get("/api/v1/me", headers=bearer(token))) == (
        "The token's account has been deactivated."
    )
    accounts.set_active(panel, True)
    db.session.commit()
    assert client.get("/api/v1/me", headers=bearer(token)).status_code == 200


def test_an_unknown_token_is_refused(client, panel, make_token):
    token = make_token(panel)
    assert refusal(client.get("/api/v1/me", headers=bearer(token + "x"))) == (
        "The token is not one this tracker made."
    )


def test_a_request_sets_the_tokens_last_use(client, panel, make_token):
    token = make_token(panel)
    assert db.session.scalar(select(ApiToken.last_used_at)) is None
    before = clock.now()
    assert client.get("/api/v1/me", headers=bearer(token)).status_code == 200
    db.session.expire_all()
    used = db.session.scalar(select(ApiToken.last_used_at))
    assert used is not None and before <= used <= clock.now()


def test_only_a_hash_of_the_token_is_stored(app, panel, make_token):
    token = make_token(panel)
    stored = db.session.execute(text("SELECT * FROM api_token")).one()
    assert token not in [str(value) for value in stored]
    assert token[8:] not in " ".join(str(value) for value in stored)
    assert stored.shown_prefix == token[:8]
    events = db.session.execute(text("SELECT summary, details FROM audit_event")).all()
    assert token[8:] not in str(events)


def test_a_session_cookie_alone_does_not_sign_in_to_the_api(client, panel, sign_in):
    sign_in(client, panel)
    assert client.get("/auth/tokens").status_code == 200
    answer = client.get("/api/v1/me")
    assert answer.status_code == 401
    assert answer.json["type"] == "/help/api#problem-no-token"
    assert "Set-Cookie" not in answer.headers


def test_api_answers_set_no_cookie_even_with_a_session(client, panel, sign_in, make_token):
    sign_in(client, panel)
    answer = client.get("/api/v1/me", headers=bearer(make_token(panel)))
    assert answer.status_code == 200
    assert answer.json["email"] == "pat@example.org"
    assert "Set-Cookie" not in answer.headers


def test_a_token_acts_for_its_own_account_not_the_session_one(client, panel, sign_in, make_token):
    admin = make_user(Role.ADMIN, email="ada@example.org")
    db.session.commit()
    sign_in(client, admin)
    answer = client.get("/api/v1/me", headers=bearer(make_token(panel)))
    assert (answer.json["email"], answer.json["role"]) == ("pat@example.org", "panel")


def test_the_accounts_tokens_are_listed_newest_first_with_their_status(app, panel, make_token):
    today = clock.today()
    make_token(panel, name="Expired", expires_on=today)
    make_token(panel, name="Revoked")
    make_token(panel, name="Active", scope=TokenScope.READ)
    make_token(make_user(Role.LEAD), name="Someone else's")
    revoked = token_named("pat@example.org", "Revoked")
    revoke_token(revoked, owner_user_id=panel.id, acting_user_id=panel.id, now=clock.now())
    user_id = panel.id
    db.session.commit()
    with counting_queries() as statements:
        rows = account_tokens(user_id, today=today)
    assert [s for s in statements if s.startswith("SELECT")] == [statements[-1]]
    assert [(row.name, row.status, row.scope) for row in rows] == [
        ("Active", TokenStatus.ACTIVE, TokenScope.READ),
        ("Revoked", TokenStatus.REVOKED, TokenScope.WRITE),
        ("Expired", TokenStatus.EXPIRED, TokenScope.WRITE),
    ]
    assert [row.name for row in listed_tokens("PAT@example.org ", today=today)] == [
        "Active",
        "Revoked",
        "Expired",
    ]
    assert len(listed_tokens(None, today=today)) == 4


def test_revoking_records_it_once_and_a_second_revoke_says_it_was_already(app, panel, make_token):
    make_token(panel)
    token_id = db.session.scalar(select(ApiToken.id))
    first = revoke_token(token_id, owner_user_id=None, acting_user_id=None, now=clock.now())
    second = revoke_token(token_id, owner_user_id=None, acting_user_id=None, now=clock.now())
    db.session.commit()
    assert (first.already, second.already) == (False, True)
    revocations = db.session.scalars(
        select(AuditEvent).where(AuditEvent.verb == AuditVerb.REVOKE)
    ).all()
    assert [(event.entity, event.entity_id, event.summary) for event in revocations] == [
        (AuditEntity.API_TOKEN, token_id, "Revoked the API token 'Power BI' of pat@example.org")
    ]


def test_only_the_owner_may_revoke_a_token_as_themselves(app, panel, make_token):
    make_token(panel)
    token_id = db.session.scalar(select(ApiToken.id))
    other = make_user(Role.ADMIN)
    with pytest.raises(TokenNotFound):
        revoke_token(token_id, owner_user_id=other.id, acting_user_id=other.id, now=clock.now())
    with pytest.raises(TokenNotFound):
        revoke_token(token_id + 1, owner_user_id=None, acting_user_id=None, now=clock.now())
    assert db.session.scalar(select(ApiToken.revoked_at)) is None


def test_a_token_is_found_by_name_only_when_one_unrevoked_token_has_it(app, panel, make_token):
    make_token(panel, name="Power BI")
    make_token(panel, name="Power BI")
    ids = db.session.scalars(select(ApiToken.id).order_by(ApiToken.id)).all()
    expected = rf"has 2 tokens named 'Power BI': revoke one by its id \({ids[0]}, {ids[1]}\)"
    with pytest.raises(TokenNotFound, match=expected):
        token_named("pat@example.org", "Power BI")
    revoke_token(ids[0], owner_user_id=None, acting_user_id=None, now=clock.now())
    assert token_named("pat@example.org", " Power BI ") == ids[1]
    with pytest.raises(TokenNotFound, match="has no unrevoked token named 'Excel'"):
        token_named("pat@example.org", "Excel")


def test_a_token_expires_as_its_uk_day_begins(app, panel):
    _token, text = create_token(
        panel.id, "BI", TokenScope.READ, date(2031, 7, 2), acting_user_id=None, now=clock.now()
    )
    # 23:59 on 1 July in British Summer Time, and then 00:30 on 2 July.
    assert use_token(text, now=datetime(2031, 7, 1, 22, 59, tzinfo=UTC), limit=10).user.id == (
        panel.id
    )
    with pytest.raises(TokenRefused, match="expired on 2031-07-02"):
        use_token(text, now=datetime(2031, 7, 1, 23, 30, tzinfo=UTC), limit=10)

"""With CSRF protection on and a low rate limit: token requests need no form token, and are
counted per token, a 429 with Retry-After once over the limit."""

from __future__ import annotations

import pytest
from flask import jsonify
from flask_login import current_user
from sqlalchemy import select

from tests.api.conftest import bearer
from tests.conftest import make_config
from tests.factories import make_person, make_user
from tracker.domain.api_tokens import TokenScope
from tracker.domain.enums import Role
from tracker.extensions import db
from tracker.models import AuditEvent
from tracker.services.audit import record_change

LIMIT = 3


@pytest.fixture
def app_config(database_url, tmp_path) -> type:
    return make_config(
        database_url,
        EVIDENCE_FOLDER=str(tmp_path / "evidence"),
        TRACKER_API_RATE_LIMIT=LIMIT,
        WTF_CSRF_ENABLED=True,
    )


def _note_change():
    """Record a change as the token's account, as the API's writes do."""
    record_change(
        user_id=current_user.id, verb="update", entity="plan", entity_id=1, summary="Noted"
    )
    return jsonify(noted=True), 201


@pytest.fixture
def writing_route(app) -> str:
    """Add a POST route to the API, as the API's writes are added, and return its path."""
    # No write operation is on the API yet: this one stands for them, under the API's rules.
    app.add_url_rule("/api/v1/test-notes", "api.test_note", _note_change, methods=["POST"])
    return "/api/v1/test-notes"


@pytest.fixture
def admin(app):
    user = make_user(Role.ADMIN, person=make_person("Ada Admin"), email="ada@example.org")
    db.session.commit()
    return user


def test_a_token_over_its_limit_gets_429_with_retry_after(client, admin, make_token):
    token = make_token(admin)
    other = make_token(admin, name="Excel")
    for _ in range(LIMIT):
        assert client.get("/api/v1/me", headers=bearer(token)).status_code == 200
    answer = client.get("/api/v1/me", headers=bearer(token))
    assert answer.status_code == 429
    assert answer.mimetype == "application/problem+json"
    assert answer.json["type"] == "/help/api#problem-rate-limited"
    assert 1 <= int(answer.headers["Retry-After"]) <= 60
    # Each token has its own count.
    assert client.get("/api/v1/me", headers=bearer(other)).status_code == 200


def test_a_token_post_needs_no_form_token_where_a_page_post_does(
    client, admin, make_token, writing_route, sign_in
):
    answer = client.post(writing_route, json={}, headers=bearer(make_token(admin)))
    assert answer.status_code == 201
    assert answer.json == {"noted": True}
    sign_in(client, admin)
    assert client.post("/auth/tokens", data={"name": "No form token"}).status_code == 400


def test_a_read_only_token_may_not_post(client, admin, make_token, writing_route):
    answer = client.post(writing_route, json={}, headers=bearer(make_token(admin, TokenScope.READ)))
    assert answer.status_code == 403
    assert answer.json["type"] == "/help/api#problem-read-only-token"
    assert db.session.scalar(select(AuditEvent.id).where(AuditEvent.summary == "Noted")) is None


def test_a_change_made_with_a_token_names_the_token_in_the_audit_trail(
    client, admin, make_token, writing_route, sign_in
):
    assert client.post(writing_route, headers=bearer(make_token(admin))).status_code == 201
    sign_in(client, admin)
    page = client.get("/admin/audit").get_data(as_text=True)
    rows = {row.split("<br>")[-1].split("</td>")[0].strip(): row for row in page.split("<tr")}
    assert "Ada Admin<br>" in rows["Noted"]
    assert "with the API token ‘Power BI’" in rows["Noted"]
    # Made on the account page, not with a token.
    assert "with the API token" not in rows["Created the API token &#39;Power BI&#39;"]

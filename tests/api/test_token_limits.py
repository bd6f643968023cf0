"""With CSRF protection on and a low rate limit: token requests need no form token, and are
counted per token, a 429 with Retry-After once over the limit."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.api.conftest import bearer
from tests.conftest import make_config
from tests.factories import make_action, make_person, make_plan, make_user
from tracker import clock
from tracker.domain.api_tokens import TokenScope
from tracker.domain.audit import AuditEntity
from tracker.domain.enums import Role
from tracker.extensions import db
from tracker.models import AuditEvent

LIMIT = 3


@pytest.fixture
def app_config(database_url, tmp_path) -> type:
    return make_config(
        database_url,
        EVIDENCE_FOLDER=str(tmp_path / "evidence"),
        TRACKER_API_RATE_LIMIT=LIMIT,
        WTF_CSRF_ENABLED=True,
    )


@pytest.fixture
def writing_route(app, admin) -> str:
    """Return the address that records a status update on an action the administrator may update."""
    action = make_action(make_plan(title="Notice to Improve Action Plan"), ref="1.02")
    db.session.commit()
    return f"/api/v1/actions/{action.id}/status-updates"


def an_update(client, writing_route: str, token: str):
    """Send a status update with the action's current version, as a client that read it does."""
    version = client.get(writing_route.rsplit("/", 1)[0], headers=bearer(token)).json["version"]
    return client.post(
        writing_route,
        json={
            "as_at": clock.today().isoformat(),
            "completion": "not_completed",
            "status": "Amber",
            "commentary": "Two of the three teams audited.",
        },
        headers={**bearer(token), "If-Match": f'"{version}"'},
    )


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
    answer = an_update(client, writing_route, make_token(admin))
    assert answer.status_code == 201
    assert answer.json["commentary"] == "Two of the three teams audited."
    sign_in(client, admin)
    assert client.post("/auth/tokens", data={"name": "No form token"}).status_code == 400


def test_a_read_only_token_may_not_post(client, admin, make_token, writing_route):
    answer = an_update(client, writing_route, make_token(admin, TokenScope.READ))
    assert answer.status_code == 403
    assert answer.json["type"] == "/help/api#problem-read-only-token"
    recorded = select(AuditEvent.id).where(AuditEvent.entity == AuditEntity.STATUS_UPDATE)
    assert db.session.scalar(recorded) is None


def test_a_change_made_with_a_token_names_the_token_in_the_audit_trail(
    client, admin, make_token, writing_route, sign_in
):
    assert an_update(client, writing_route, make_token(admin)).status_code == 201
    sign_in(client, admin)
    page = client.get("/admin/audit").get_data(as_text=True)
    rows = {row.split("<br>")[-1].split("</td>")[0].strip(): row for row in page.split("<tr")}
    [update_row] = [row for row in page.split("<tr")[1:] if "Recorded an update to action" in row]
    assert "Ada Admin<br>" in update_row
    assert "with the API token ‘Power BI’" in update_row
    # Made on the account page, not with a token.
    assert "with the API token" not in rows["Created the API token &#39;Power BI&#39;"]

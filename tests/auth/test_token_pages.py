"""The account's API tokens page: made there and shown once, listed, revoked by their owner only."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.api.conftest import bearer
from tests.factories import make_person, make_user
from tests.reports.conftest import counting_queries
from tracker import clock
from tracker.domain.api_tokens import PREFIX, TokenScope, add_years, token_digest
from tracker.domain.as_at import long_day
from tracker.domain.enums import Role
from tracker.extensions import db
from tracker.models import ApiToken, AuditEvent


@pytest.fixture
def lead(app):
    user = make_user(Role.LEAD, person=make_person("Deb Johnson"), email="deb@example.org")
    db.session.commit()
    return user


@pytest.fixture
def lead_client(app, lead, sign_in):
    client = app.test_client()
    sign_in(client, lead)
    return client


def date_boxes(day) -> dict[str, list[str]]:
    return {"expires_on": [str(day.day), str(day.month), str(day.year)]}


def make(client, name="Power BI", scope="read", expires_on=None):
    expires_on = expires_on or clock.today() + timedelta(days=30)
    return client.post(
        "/auth/tokens", data={"name": name, "scope": scope, **date_boxes(expires_on)}
    )


def shown_token(page: str) -> str:
    return re.search(r'<code id="made-token">([^<]+)</code>', page).group(1)


def test_the_page_offers_a_token_expiring_in_90_days(lead_client):
    answer = lead_client.get("/auth/tokens")
    assert answer.status_code == 200
    page = answer.get_data(as_text=True)
    assert "You have no tokens." in page
    offered = clock.today() + timedelta(days=90)
    for box, value in (("day", offered.day), ("month", offered.month), ("year", offered.year)):
        assert re.search(rf'id="expires_on-{box}"[^>]*value="0?{value}"', page.replace("\n", " "))
    assert 'value="read"' in page and 'value="write"' in page


def test_a_made_token_is_shown_once_with_the_header_to_send(lead_client, lead):
    answer = make(lead_client, scope="write")
    assert answer.status_code == 200
    assert answer.headers["Cache-Control"] == "no-store"
    page = answer.get_data(as_text=True)
    token = shown_token(page)
    assert token.startswith(PREFIX)
    assert f'<code id="made-header">Authorization: Bearer {token}</code>' in page
    assert "it cannot be shown again" in page
    assert "Token ‘Power BI’ made" in page
    stored = db.session.scalar(select(ApiToken))
    assert (stored.user_id, stored.scope) == (lead.id, TokenScope.WRITE)
    assert stored.token_hash == token_digest(token)
    # The form is offered empty again for another token.
    assert 'value="Power BI"' not in page
    again = lead_client.get("/auth/tokens").get_data(as_text=True)
    assert token not in again
    assert token[:8] in again
    assert "Power BI" in again
    with lead_client.session_transaction() as session:
        assert token not in str(dict(session))


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"scope": "read"}, "name", "Enter a name for the token"),
        ({"name": "Power\x07BI", "scope": "read"}, "name", "control character (U+0007)"),
        ({"name": "x" * 101, "scope": "read"}, "name", "must be 100 characters or fewer"),
        ({"name": "Power BI"}, "scope", "Choose the token&#39;s scope"),
        ({"name": "Power BI", "scope": "admin"}, "scope", "The scope is &#39;read&#39;"),
        (
            {"name": "Power BI", "scope": "read", "expires_on": ["", "", ""]},
            "expires_on-day",
            "Enter the date the token expires.",
        ),
        (
            {"name": "Power BI", "scope": "read", "expires_on": ["31", "2", "2030"]},
            "expires_on-day",
            "The expiry date must be a real date",
        ),
        (
            {"name": "Power BI", "scope": "read", **date_boxes(clock.today())},
            "expires_on-day",
            "The expiry date must be after today.",
        ),
    ],
)
def test_a_refused_form_answers_422_with_an_error_summary_keeping_what_was_typed(
    lead_client, data, field, message
):
    data = {**date_boxes(clock.today() + timedelta(days=5)), **data}
    answer = lead_client.post("/auth/tokens", data=data)
    assert answer.status_code == 422
    page = answer.get_data(as_text=True)
    assert "govuk-error-summary" in page
    assert f'href="#{field}"' in page
    assert message in page
    assert 'id="made-token"' not in page
    if data.get("name") == "Power BI":
        assert 'value="Power BI"' in page
    assert db.session.scalar(select(ApiToken.id)) is None


def test_a_token_longer_than_a_year_is_refused(lead_client):
    too_late = add_years(clock.today(), 1) + timedelta(days=1)
    answer = make(lead_client, expires_on=too_late)
    assert answer.status_code == 422
    assert f"choose a date up to {long_day(add_years(clock.today(), 1))}" in answer.get_data(
        as_text=True
    )


def test_the_page_lists_the_accounts_tokens_with_use_and_status(
    lead_client, lead, client, make_token
):
    used = make_token(lead, TokenScope.READ, name="Power BI")
    make_token(lead, name="Excel <sheet>")
    make_token(lead, name="Old", expires_on=clock.today())
    make_token(make_user(Role.ADMIN), name="Not Deb's")
    assert client.get("/api/v1/me", headers=bearer(used)).status_code == 200
    with counting_queries() as statements:
        page = lead_client.get("/auth/tokens").get_data(as_text=True)
    assert sum("api_token" in statement for statement in statements) == 1
    assert "Not Deb" not in page
    assert "Excel &lt;sheet&gt;" in page and "<sheet>" not in page
    cards = {
        re.search(r'<h3 class="govuk-summary-card__title[^"]*">([^<]+)</h3>', card).group(1): card
        for card in page.split('<div class="govuk-summary-card"')[1:]
    }
    assert list(cards) == ["Old", "Excel &lt;sheet&gt;", "Power BI"]
    power_bi = cards["Power BI"]
    assert "Read only" in power_bi
    assert f"{long_day(clock.today())} at" in power_bi.split("Last used")[1]
    assert "Never used" not in power_bi
    assert "Never used" in cards["Excel &lt;sheet&gt;"]
    assert "Read and write" in cards["Excel &lt;sheet&gt;"]
    assert "Active" in power_bi and "Revoke" in power_bi
    assert "Expired" in cards["Old"] and "Revoke" not in cards["Old"]


def test_the_owner_revokes_a_token_and_it_stops_working(lead_client, lead, client, make_token):
    token = make_token(lead)
    token_id = db.session.scalar(select(ApiToken.id))
    answer = lead_client.post(f"/auth/tokens/{token_id}/revoke")
    assert (answer.status_code, answer.headers["Location"]) == (302, "/auth/tokens")
    page = lead_client.get("/auth/tokens").get_data(as_text=True)
    assert "The token ‘Power BI’ is revoked" in page
    assert "Revoked" in page
    assert client.get("/api/v1/me", headers=bearer(token)).status_code == 401
    again = lead_client.post(f"/auth/tokens/{token_id}/revoke", follow_redirects=True)
    assert "The token ‘Power BI’ was already revoked." in again.get_data(as_text=True)
    assert db.session.query(AuditEvent).filter_by(verb="revoke").count() == 1


def test_no_one_else_may_revoke_a_token(app, sign_in, lead, make_token):
    make_token(lead)
    token_id = db.session.scalar(select(ApiToken.id))
    admin = make_user(Role.ADMIN)
    db.session.commit()
    admin_client = app.test_client()
    sign_in(admin_client, admin)
    assert admin_client.post(f"/auth/tokens/{token_id}/revoke").status_code == 404
    assert admin_client.post(f"/auth/tokens/{token_id + 1}/revoke").status_code == 404
    assert app.test_client().post(f"/auth/tokens/{token_id}/revoke").status_code == 302
    assert db.session.scalar(select(ApiToken.revoked_at)) is None


def test_every_page_links_to_the_tokens_page_for_a_signed_in_account(lead_client):
    page = lead_client.get("/auth/password").get_data(as_text=True)
    assert 'href="/auth/tokens">API tokens</a>' in page

"""Signing in and out, password changes and resets, rate limits and session cookies."""

import logging
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tests.factories import PASSWORD, make_user
from tracker import clock
from tracker.domain.enums import Role
from tracker.domain.sign_in_limits import PER_ACCOUNT, PER_ACCOUNT_AND_ADDRESS
from tracker.extensions import db
from tracker.models import RateLimitEvent, User
from tracker.services import accounts

NEW_PASSWORD = "a brand new passphrase"


def post_sign_in(client, email, password, next_path=None, address="203.0.113.5"):
    url = "/auth/sign-in" + (f"?next={next_path}" if next_path else "")
    return client.post(
        url,
        data={"email": email, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )


@pytest.fixture
def lead(app):
    user = make_user(Role.LEAD, email="lead@example.org")
    db.session.commit()
    return user


def test_correct_password_signs_in_and_goes_home(client, lead):
    response = post_sign_in(client, "lead@example.org", PASSWORD)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert client.get("/actions/mine").status_code == 200
    assert db.session.get(User, lead.id).last_sign_in_at is not None


def test_email_is_matched_ignoring_case_and_spaces(client, lead):
    assert post_sign_in(client, "  Lead@Example.ORG ", PASSWORD).status_code == 302


@pytest.mark.parametrize(
    ("email", "password"),
    [("lead@example.org", "wrong password entirely"), ("nobody@example.org", PASSWORD)],
)
def test_wrong_password_and_unknown_email_get_the_same_generic_message(
    client, lead, email, password
):
    response = post_sign_in(client, email, password)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Enter a correct email address and password" in page
    assert "<title>Error: Sign in" in page
    assert client.get("/actions/mine").status_code == 302


def test_deactivated_account_cannot_sign_in(client, lead):
    accounts.set_active(lead, False)
    db.session.commit()
    response = post_sign_in(client, "lead@example.org", PASSWORD)
    assert "Enter a correct email address and password" in response.get_data(as_text=True)


def test_empty_form_asks_for_both_fields_without_counting_a_failure(client, lead):
    page = client.post("/auth/sign-in", data={}).get_data(as_text=True)
    assert "Enter your email address" in page
    assert "Enter your password" in page
    assert db.session.scalar(select(func.count(RateLimitEvent.id))) == 0


def test_failed_sign_in_is_logged_with_email_and_address(client, lead, caplog):
    with caplog.at_level(logging.WARNING, logger="tracker"):
        post_sign_in(client, "lead@example.org", "not the password", address="198.51.100.7")
    assert "Failed sign-in: email 'lead@example.org' from 198.51.100.7" in caplog.text


def test_too_many_failures_on_one_account_from_many_addresses_refuse_it_everywhere(client, lead):
    for attempt in range(PER_ACCOUNT.free_failures):
        response = post_sign_in(client, "lead@example.org", "wrong", address=f"10.0.0.{attempt}")
        assert response.status_code == 422
    response = post_sign_in(client, "lead@example.org", PASSWORD, address="10.0.1.1")
    assert response.status_code == 429
    assert "Too many attempts" in response.get_data(as_text=True)
    assert post_sign_in(client, "other@example.org", "wrong", address="10.0.1.1").status_code == 422


def test_rate_limit_refusal_is_logged(client, lead, caplog):
    for _ in range(PER_ACCOUNT_AND_ADDRESS.free_failures):
        post_sign_in(client, "lead@example.org", "wrong")
    with caplog.at_level(logging.WARNING, logger="tracker"):
        post_sign_in(client, "lead@example.org", "wrong")
    assert "Sign-in refused after too many failures" in caplog.text


@pytest.mark.parametrize(
    ("next_path", "expected"),
    [
        ("/actions/mine", "/actions/mine"),
        ("/plans/some-plan?as_at=2011-03-30", "/plans/some-plan?as_at=2011-03-30"),
        ("https://evil.example/", "/"),
        ("//evil.example/", "/"),
        ("/\\evil.example", "/"),
    ],
)
def test_next_is_followed_only_to_paths_on_this_site(client, lead, next_path, expected):
    from urllib.parse import quote

    response = post_sign_in(client, "lead@example.org", PASSWORD, next_path=quote(next_path))
    assert response.headers["Location"] == expected


def test_protected_page_sends_anonymous_visitor_to_sign_in_and_back(client, lead):
    response = client.get("/actions/mine")
    assert response.status_code == 302
    assert response.headers["Location"] == "/auth/sign-in?next=%2Factions%2Fmine"
    signed_in = client.post(
        response.headers["Location"], data={"email": "lead@example.org", "password": PASSWORD}
    )
    assert signed_in.headers["Location"] == "/actions/mine"


def test_signed_in_visitor_to_sign_in_page_is_sent_on(client, lead, sign_in):
    sign_in(client, lead)
    assert client.get("/auth/sign-in").headers["Location"] == "/"


def test_session_cookie_is_httponly_and_samesite_lax(client, lead):
    response = post_sign_in(client, "lead@example.org", PASSWORD)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_secure_cookie_setting_marks_the_session_cookie_secure(app, client, lead):
    app.config["SESSION_COOKIE_SECURE"] = True
    response = post_sign_in(client, "lead@example.org", PASSWORD)
    assert "Secure" in response.headers["Set-Cookie"]
    assert "max-age=31536000" in response.headers["Strict-Transport-Security"]


def test_cookie_replayed_after_sign_out_is_refused(client, lead):
    post_sign_in(client, "lead@example.org", PASSWORD)
    replayed = client.get_cookie("session").value
    response = client.post("/auth/sign-out")
    assert response.headers["Location"] == "/auth/sign-in"
    assert client.get("/actions/mine").status_code == 302

    thief = client.application.test_client()
    thief.set_cookie("session", replayed)
    assert thief.get("/actions/mine").status_code == 302


def test_sign_out_ends_the_accounts_other_sessions_too(app, lead):
    laptop, phone = app.test_client(), app.test_client()
    post_sign_in(laptop, "lead@example.org", PASSWORD)
    post_sign_in(phone, "lead@example.org", PASSWORD)
    laptop.post("/auth/sign-out")
    assert phone.get("/actions/mine").status_code == 302


def test_sign_out_needs_post(client, lead, sign_in):
    sign_in(client, lead)
    assert client.get("/auth/sign-out").status_code == 405


def change_password(client, current, new, confirm=None, address="203.0.113.5"):
    return client.post(
        "/auth/password",
        data={
            "current_password": current,
            "new_password": new,
            "confirm_password": confirm or new,
        },
        environ_base={"REMOTE_ADDR": address},
    )


def test_password_change_keeps_this_browser_and_refuses_old_cookies(app, client, lead):
    post_sign_in(client, "lead@example.org", PASSWORD)
    old_cookie = client.get_cookie("session").value
    response = change_password(client, PASSWORD, NEW_PASSWORD)
    assert response.status_code == 302
    assert client.get("/actions/mine").status_code == 200

    thief = app.test_client()
    thief.set_cookie("session", old_cookie)
    assert thief.get("/actions/mine").status_code == 302

    fresh = app.test_client()
    assert post_sign_in(fresh, "lead@example.org", PASSWORD).status_code == 422
    assert post_sign_in(fresh, "lead@example.org", NEW_PASSWORD).status_code == 302


def test_password_change_with_wrong_current_password_is_refused_and_counted(client, lead):
    post_sign_in(client, "lead@example.org", PASSWORD)
    response = change_password(client, "not my password", NEW_PASSWORD)
    assert "Your current password is not right" in response.get_data(as_text=True)
    assert accounts.password_matches(db.session.get(User, lead.id), PASSWORD)


@pytest.mark.parametrize(
    ("new", "confirm", "message"),
    [
        ("too short", "too short", "Password must be 12 characters or more"),
        (NEW_PASSWORD, "something else entirely", "The passwords do not match"),
    ],
)
def test_password_change_applies_the_password_rules(client, lead, new, confirm, message):
    post_sign_in(client, "lead@example.org", PASSWORD)
    page = change_password(client, PASSWORD, new, confirm).get_data(as_text=True)
    assert message in page


def test_eleventh_wrong_current_password_in_a_minute_gets_429(client, lead):
    post_sign_in(client, "lead@example.org", PASSWORD)
    for _ in range(PER_ACCOUNT_AND_ADDRESS.free_failures):
        assert change_password(client, "not my password", NEW_PASSWORD).status_code == 422
    assert change_password(client, PASSWORD, NEW_PASSWORD).status_code == 429


def test_reset_link_sets_a_password_once_and_ends_sessions(app, client, lead):
    other_browser = app.test_client()
    post_sign_in(other_browser, "lead@example.org", PASSWORD)
    token = accounts.issue_password_reset(lead, now=clock.now())
    db.session.commit()
    link = accounts.reset_link(token)
    assert link == f"http://tracker.test/auth/reset-password/{token}"
    path = f"/auth/reset-password/{token}"

    page = client.get(path)
    assert page.status_code == 200
    # Its address holds the token: no browser or shared cache may keep the page.
    assert page.headers["Cache-Control"] == "no-store"
    response = client.post(
        path, data={"new_password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD}
    )
    assert response.headers["Location"] == "/auth/sign-in"
    assert other_browser.get("/actions/mine").status_code == 302
    assert post_sign_in(client, "lead@example.org", NEW_PASSWORD).status_code == 302

    again = app.test_client().get(path)
    assert again.status_code == 404
    assert "This link does not work" in again.get_data(as_text=True)


def test_only_a_hash_of_the_reset_token_is_stored(lead):
    token = accounts.issue_password_reset(lead, now=clock.now())
    db.session.commit()
    stored = db.session.get(User, lead.id).password_reset_token_hash
    assert token not in stored
    assert len(stored) == 64


def test_expired_reset_link_does_not_work(client, lead):
    token = accounts.issue_password_reset(lead, now=clock.now() - timedelta(hours=25))
    db.session.commit()
    assert client.get(f"/auth/reset-password/{token}").status_code == 404


def test_unknown_reset_token_does_not_work(client, lead):
    assert client.get("/auth/reset-password/made-up").status_code == 404


def test_reset_link_issued_before_deactivation_stays_dead_after_reactivation(app, lead, sign_in):
    admin = make_user(Role.ADMIN, email="admin@example.org")
    db.session.commit()
    token = accounts.issue_password_reset(lead, now=clock.now())
    db.session.commit()
    administrator = app.test_client()
    sign_in(administrator, admin)
    path = f"/auth/reset-password/{token}"
    assert app.test_client().get(path).status_code == 200

    administrator.post(f"/admin/accounts/{lead.id}/deactivate")
    administrator.post(f"/admin/accounts/{lead.id}/reactivate")
    assert db.session.get(User, lead.id).active

    visitor = app.test_client()
    assert visitor.get(path).status_code == 404
    response = visitor.post(
        path, data={"new_password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD}
    )
    assert response.status_code == 404
    assert post_sign_in(visitor, "lead@example.org", PASSWORD).status_code == 302

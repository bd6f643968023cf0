"""Password links by email: same answer for any address, limits, expiry, and a real SMTP server."""

import re
import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event, select

from tests.conftest import make_config
from tests.factories import PASSWORD, make_user
from tests.reminders.conftest import SmtpServer, free_port
from tracker import clock
from tracker.auth.reset_mail import wait_for_links
from tracker.domain.audit import AuditEntity, AuditVerb
from tracker.domain.enums import Role
from tracker.domain.sign_in_limits import RESET_REQUESTS_ALLOWED
from tracker.extensions import db
from tracker.models import AuditEvent, User
from tracker.services import accounts

NEW_PASSWORD = "a brand new passphrase"
LINK = re.compile(r"http://tracker\.test/auth/reset-password/[A-Za-z0-9_-]+")
# Made afresh for every response: the form token, and the nonce of the page's one inline script.
PER_RESPONSE = re.compile(r'name="csrf_token" type="hidden" value="[^"]*"|nonce="[^"]*"')
PER_RESPONSE_HEADERS = ("X-Request-ID", "Content-Security-Policy", "Set-Cookie")


@pytest.fixture
def app_config(database_url: str, smtp_server: SmtpServer) -> type:
    """Point the app's mail settings at the test server."""
    return make_config(
        database_url, MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp_server.port, MAIL_TIMEOUT=2
    )


@pytest.fixture
def lead(app):
    user = make_user(Role.LEAD, email="lead@example.org")
    db.session.commit()
    return user


@pytest.fixture
def frozen(monkeypatch):
    """Return a clock the test moves by hand; the app and its background sender both read it."""

    class Clock:
        at = datetime(2026, 3, 31, 9, 0, tzinfo=UTC)

    monkeypatch.setattr(clock, "now", lambda: Clock.at)
    return Clock


def ask(client, email: str, address: str = "203.0.113.5"):
    """Post the forgot-password form, then wait for the background sender to finish."""
    response = client.post(
        "/auth/forgot-password", data={"email": email}, environ_base={"REMOTE_ADDR": address}
    )
    wait_for_links()
    return response


def links_sent_to(server: SmtpServer, address: str) -> list[str]:
    """Return the links in the messages the server received for an address, oldest first."""
    return [
        LINK.search(received.message.get_body(("plain",)).get_content()).group(0)
        for received in server.by_recipient().get(address, [])
    ]


def path_of(link: str) -> str:
    return link.removeprefix("http://tracker.test")


def test_sign_in_page_links_to_forgot_password(client):
    page = client.get("/auth/sign-in").get_data(as_text=True)
    assert 'href="/auth/forgot-password"' in page
    assert "Forgot your password?" in page


def test_known_address_gets_a_link_that_sets_a_password_and_signs_in(
    app, client, lead, smtp_server
):
    response = ask(client, "  Lead@Example.org ")

    assert response.status_code == 302
    assert response.headers["Location"] == "/auth/forgot-password/sent"
    (received,) = smtp_server.received
    assert received.recipients == ["lead@example.org"]
    assert received.message["Subject"] == "Set your Improvement Tracker password"
    (link,) = links_sent_to(smtp_server, "lead@example.org")
    assert link in received.message.get_body(("html",)).get_content()
    visitor = app.test_client()
    assert visitor.get(path_of(link)).status_code == 200
    set_it = visitor.post(
        path_of(link), data={"new_password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD}
    )
    assert set_it.headers["Location"] == "/auth/sign-in"
    signed_in = visitor.post(
        "/auth/sign-in", data={"email": "lead@example.org", "password": NEW_PASSWORD}
    )
    assert signed_in.status_code == 302
    assert visitor.get("/actions/mine").status_code == 200


def test_a_used_link_is_refused_when_replayed(app, client, lead, smtp_server):
    ask(client, "lead@example.org")
    (link,) = links_sent_to(smtp_server, "lead@example.org")
    data = {"new_password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD}
    assert app.test_client().post(path_of(link), data=data).status_code == 302

    replay = app.test_client().post(path_of(link), data=data)

    assert replay.status_code == 404
    assert "This link does not work" in replay.get_data(as_text=True)


@pytest.mark.parametrize("who", ["unknown", "deactivated"])
def test_unknown_or_deactivated_address_gets_nothing_and_the_same_page(
    app, client, lead, smtp_server, who
):
    if who == "deactivated":
        make_user(Role.LEAD, email="gone@example.org").active = False
        db.session.commit()
    email = "nobody@example.org" if who == "unknown" else "gone@example.org"

    response = ask(client, email)

    assert response.status_code == 302
    assert response.headers["Location"] == "/auth/forgot-password/sent"
    assert smtp_server.received == []
    stored = db.session.scalars(select(User.password_reset_token_hash)).all()
    assert stored == [None] * len(stored)


def _comparable(response) -> tuple:
    """Return status, headers and body, with what every response makes afresh left blank."""
    headers = [
        (name, "" if name in PER_RESPONSE_HEADERS else value)
        for name, value in response.headers.items()
    ]
    return response.status_code, headers, PER_RESPONSE.sub("", response.get_data(as_text=True))


def test_known_and_unknown_addresses_get_identical_responses(app, lead, smtp_server):
    answers = []
    for email in ("lead@example.org", "nobody@example.org"):
        browser = app.test_client()
        form = browser.get("/auth/forgot-password")
        posted = ask(browser, email)
        followed = browser.get(posted.headers["Location"])
        answers.append((_comparable(form), _comparable(posted), _comparable(followed)))

    assert answers[0] == answers[1]
    assert "Check your email" in answers[0][2][2]
    assert len(smtp_server.received) == 1


def test_every_request_is_audited_without_saying_whether_the_address_is_known(
    client, lead, smtp_server
):
    ask(client, "lead@example.org")
    ask(client, "nobody@example.org")

    requests = db.session.scalars(
        select(AuditEvent).where(AuditEvent.verb == AuditVerb.REQUEST).order_by(AuditEvent.id)
    ).all()
    assert [(event.entity, event.entity_id, event.summary) for event in requests] == [
        (AuditEntity.USER_ACCOUNT, None, "Someone asked for a password link by email")
    ] * 2
    (sent,) = db.session.scalars(select(AuditEvent).where(AuditEvent.verb == AuditVerb.SEND))
    assert (sent.entity, sent.entity_id) == (AuditEntity.USER_ACCOUNT, lead.id)
    assert sent.details["message_id"] == smtp_server.received[0].message_id


def test_a_new_link_voids_the_earlier_one(app, client, lead, smtp_server):
    ask(client, "lead@example.org")
    ask(client, "lead@example.org")
    first, second = links_sent_to(smtp_server, "lead@example.org")

    assert app.test_client().get(path_of(first)).status_code == 404
    assert app.test_client().get(path_of(second)).status_code == 200


def test_setting_the_password_voids_an_unused_link(app, client, lead, smtp_server):
    ask(client, "lead@example.org")
    (link,) = links_sent_to(smtp_server, "lead@example.org")
    accounts.set_password(db.session.get(User, lead.id), NEW_PASSWORD, actor_user_id=lead.id)
    db.session.commit()

    assert app.test_client().get(path_of(link)).status_code == 404


def test_the_emailed_link_works_for_one_hour(app, client, lead, smtp_server, frozen):
    ask(client, "lead@example.org")
    (link,) = links_sent_to(smtp_server, "lead@example.org")

    frozen.at += timedelta(minutes=59)
    assert app.test_client().get(path_of(link)).status_code == 200
    frozen.at += timedelta(minutes=1)
    assert app.test_client().get(path_of(link)).status_code == 404


def test_the_sixth_request_for_one_address_within_an_hour_gets_429(
    client, lead, smtp_server, frozen
):
    for number in range(RESET_REQUESTS_ALLOWED):
        # From different places, so only the address's own limit can apply.
        assert ask(client, "lead@example.org", f"203.0.113.{number}").status_code == 302
        frozen.at += timedelta(minutes=1)

    refused = ask(client, "lead@example.org", "198.51.100.1")

    assert refused.status_code == 429
    # The first request ages out of the hour 55 minutes from now.
    assert refused.headers["Retry-After"] == str(55 * 60)
    assert "Try again in 55 minutes" in refused.get_data(as_text=True)
    assert len(smtp_server.received) == RESET_REQUESTS_ALLOWED
    frozen.at += timedelta(minutes=55)
    assert ask(client, "lead@example.org", "198.51.100.1").status_code == 302


def test_the_sixth_request_from_one_client_within_an_hour_gets_429(client, lead, smtp_server):
    for number in range(RESET_REQUESTS_ALLOWED):
        assert ask(client, f"someone{number}@example.org").status_code == 302

    refused = ask(client, "lead@example.org")

    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) > 0
    assert "Too many requests for a password link" in refused.get_data(as_text=True)
    assert smtp_server.received == []


@pytest.mark.parametrize(
    "email",
    [
        "lead@example.org\r\nBcc: victim@example.org",
        "lead@example.org\nBcc: victim@example.org",
        "lead@example.org, victim@example.org",
        "victim@example.org\r\n.\r\nMAIL FROM:<x@example.org>",
    ],
)
def test_header_injection_in_the_address_is_refused(client, lead, smtp_server, email):
    response = ask(client, email)

    assert 400 <= response.status_code < 500
    assert smtp_server.received == []
    assert db.session.get(User, lead.id).password_reset_token_hash is None


def test_an_unreachable_mail_server_leaves_the_page_unchanged(app, client, lead, smtp_server):
    app.config["MAIL_PORT"] = free_port()

    response = ask(client, "lead@example.org")

    assert response.status_code == 302
    assert not db.session.scalars(select(AuditEvent).where(AuditEvent.verb == AuditVerb.SEND)).all()


def test_an_administrator_emails_a_new_account_its_set_password_link(
    app, client, sign_in, smtp_server
):
    admin = make_user(Role.ADMIN, email="admin@example.org")
    newcomer = make_user(Role.LEAD, email="new.lead@example.org")
    db.session.commit()
    sign_in(client, admin)
    page = client.get(f"/admin/accounts/{newcomer.id}").get_data(as_text=True)
    assert "Email a set-password link" in page

    response = client.post(f"/admin/accounts/{newcomer.id}/email-password-link")
    wait_for_links()

    assert response.headers["Location"] == f"/admin/accounts/{newcomer.id}"
    (link,) = links_sent_to(smtp_server, "new.lead@example.org")
    stored = db.session.get(User, newcomer.id)
    db.session.refresh(stored)
    # As an administrator's link made by hand: a day.
    assert stored.password_reset_expires_at - clock.now() > timedelta(hours=23)
    visitor = app.test_client()
    data = {"new_password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD}
    assert visitor.post(path_of(link), data=data).status_code == 302
    signed_in = visitor.post(
        "/auth/sign-in", data={"email": "new.lead@example.org", "password": NEW_PASSWORD}
    )
    assert signed_in.status_code == 302
    (sent,) = db.session.scalars(select(AuditEvent).where(AuditEvent.verb == AuditVerb.SEND))
    assert (sent.user_id, sent.entity_id) == (admin.id, newcomer.id)


def test_only_administrators_can_email_a_set_password_link(client, lead, sign_in, smtp_server):
    sign_in(client, lead)

    assert client.post(f"/admin/accounts/{lead.id}/email-password-link").status_code == 403
    wait_for_links()
    assert smtp_server.received == []


def test_password_still_works_after_an_unused_link_is_sent(app, client, lead, smtp_server):
    ask(client, "lead@example.org")

    signed_in = app.test_client().post(
        "/auth/sign-in", data={"email": "lead@example.org", "password": PASSWORD}
    )
    assert signed_in.status_code == 302


def _statements_on_the_request_thread(client, email: str) -> list[str]:
    """Return the SQL the request itself ran, leaving out the background sender's."""
    request_thread = threading.current_thread()
    statements: list[str] = []

    def note(conn, cursor, statement, parameters, context, executemany):
        if threading.current_thread() is request_thread:
            statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        client.post("/auth/forgot-password", data={"email": email})
    finally:
        event.remove(db.engine, "before_cursor_execute", note)
    wait_for_links()
    return statements


def test_the_request_does_the_same_database_work_for_known_and_unknown_addresses(
    app, lead, smtp_server
):
    known = _statements_on_the_request_thread(app.test_client(), "lead@example.org")
    unknown = _statements_on_the_request_thread(app.test_client(), "nobody@example.org")

    assert known == unknown
    assert not any("user_account" in statement for statement in known)
    assert len(smtp_server.received) == 1

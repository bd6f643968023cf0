"""Administrators see the outbox, send messages again and see who reminders cannot reach."""

import pytest
from sqlalchemy import select

from tests.factories import make_user
from tests.reminders.conftest import SATURDAY, TUESDAY, children_plan, row_for, send
from tracker import clock
from tracker.domain.enums import Role
from tracker.extensions import db
from tracker.models import AuditEvent


def test_the_outbox_lists_sent_failed_and_unknown_messages_with_resend_for_the_last_two(
    app, client, sign_in, admin, troubled_outbox
):
    sign_in(client, admin)

    page = client.get("/reminders/outbox").get_data(as_text=True)

    assert "lead1@example.org" in page
    assert "550 5.1.1 No such mailbox" in page
    assert "Fate unknown" in page
    assert "It is never sent again by itself" in page
    assert page.count('action="/reminders/outbox/') == 2
    assert f'action="/reminders/outbox/{row_for("lead2@example.org").id}/resend"' in page
    assert f'action="/reminders/outbox/{row_for("lead3@example.org").id}/resend"' in page


def test_the_outbox_can_be_filtered_by_status(app, client, sign_in, admin, troubled_outbox):
    sign_in(client, admin)

    page = client.get("/reminders/outbox?status=failed").get_data(as_text=True)

    assert "lead2@example.org" in page
    assert "lead1@example.org" not in page
    assert "lead3@example.org" not in page
    assert client.get("/reminders/outbox?status=lost").status_code == 404


def test_the_overview_counts_messages_by_status(app, client, sign_in, admin, troubled_outbox):
    sign_in(client, admin)

    page = client.get("/reminders/").get_data(as_text=True)

    assert "Emails in the outbox" in page
    assert page.count('govuk-table__cell--numeric">1<') == 3


@pytest.mark.parametrize("recipient", ["lead2@example.org", "lead3@example.org"])
def test_a_message_sent_again_by_an_administrator_goes_once_with_the_next_run(
    app, client, runner, sign_in, admin, troubled_outbox, smtp_server, recipient
):
    row = row_for(recipient)
    message_id, row_id = row.message_id, row.id
    db.session.commit()
    sign_in(client, admin)

    response = client.post(f"/reminders/outbox/{row_id}/resend")

    assert response.status_code == 302
    row = row_for(recipient)
    assert (row.status, row.attempts, row.next_attempt_at) == ("pending", 0, None)
    audit = db.session.scalar(select(AuditEvent).where(AuditEvent.entity == "outbox_message"))
    assert (audit.user_id, audit.verb, audit.entity_id) == (admin.id, "resend", row_id)
    db.session.commit()
    app.config["MAIL_PORT"] = smtp_server.port

    summary = send(runner, TUESDAY)

    assert summary["sent"] == 1
    assert [received.message_id for received in smtp_server.received] == [message_id]
    assert row_for(recipient).status == "sent"
    assert send(runner, TUESDAY)["sent"] == 0


def test_a_sent_message_cannot_be_sent_again(app, client, sign_in, admin, troubled_outbox):
    row_id = row_for("lead1@example.org").id
    db.session.commit()
    sign_in(client, admin)

    response = client.post(f"/reminders/outbox/{row_id}/resend", follow_redirects=True)

    assert "is sent: nothing was changed" in response.get_data(as_text=True)
    assert row_for("lead1@example.org").status == "sent"
    assert client.post("/reminders/outbox/999999/resend").status_code == 404


def test_sending_again_needs_the_forms_csrf_token(app, client, sign_in, admin, troubled_outbox):
    row_id = row_for("lead2@example.org").id
    db.session.commit()
    app.config["WTF_CSRF_ENABLED"] = True
    sign_in(client, admin)

    assert client.post(f"/reminders/outbox/{row_id}/resend").status_code == 400
    assert row_for("lead2@example.org").status == "failed"


@pytest.mark.parametrize("role", [None, Role.LEAD, Role.PANEL])
@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/reminders/"),
        ("get", "/reminders/outbox"),
        ("get", "/reminders/unreachable"),
        ("post", "/reminders/outbox/1/resend"),
    ],
)
def test_only_administrators_may_use_the_reminder_pages(app, client, sign_in, role, method, url):
    if role is not None:
        user = make_user(role)
        db.session.commit()
        sign_in(client, user)

    status = getattr(client, method)(url).status_code

    assert status == (403 if role else 302)


def test_the_unreachable_page_lists_leads_with_something_to_report_and_no_address(
    app, client, sign_in, admin, monkeypatch
):
    children_plan(title="Plan <b>bold</b> & co")
    monkeypatch.setattr(clock, "today", lambda: TUESDAY)
    sign_in(client, admin)

    page = client.get("/reminders/unreachable").get_data(as_text=True)

    assert "Deb Johnson" in page
    assert "No email address" in page
    assert "Plan &lt;b&gt;bold&lt;/b&gt; &amp; co" in page
    assert "Howard Woolfenden" not in page
    assert "31 March 2026" in page


def test_on_a_weekend_the_unreachable_page_looks_at_the_next_working_day(
    app, client, sign_in, admin, monkeypatch
):
    children_plan()
    monkeypatch.setattr(clock, "today", lambda: SATURDAY)
    sign_in(client, admin)

    page = client.get("/reminders/unreachable").get_data(as_text=True)

    # Easter Monday is a bank holiday, so the next working day is Tuesday 7 April.
    assert "7 April 2026" in page
    assert "Deb Johnson" in page


def test_administrators_reach_the_reminder_pages_from_the_header_and_the_admin_page(
    app, client, sign_in, admin
):
    sign_in(client, admin)

    page = client.get("/admin/").get_data(as_text=True)

    assert 'class="govuk-service-navigation__link" href="/reminders/"' in page
    for href in (
        "/reminders/",
        "/reminders/outbox",
        "/reminders/preview",
        "/reminders/unreachable",
    ):
        assert f'href="{href}"' in page


@pytest.mark.parametrize("role", [Role.LEAD, Role.PANEL])
def test_no_one_else_is_shown_the_reminders_link(app, client, sign_in, role):
    user = make_user(role)
    db.session.commit()
    sign_in(client, user)

    page = client.get("/plans/", follow_redirects=True).get_data(as_text=True)

    assert 'href="/reminders/"' not in page

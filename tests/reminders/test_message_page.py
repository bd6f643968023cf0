"""Administrators open each outbox message as it was sent, with every attempt and reply."""

import re
from datetime import date

from sqlalchemy import func, select, update

from tests.reminders.conftest import TUESDAY, children_plan, many_leads, row_for, send
from tracker.extensions import db
from tracker.models import OutboxAttempt, OutboxMessage
from tracker.services.outbox import INTERRUPTED

AT_TIME = re.compile(
    r"\d{1,2} (January|February|March|April|May|June|July|August|September|"
    r"October|November|December) \d{4} at \d{2}:\d{2}"
)


def attempts_of(recipient: str) -> list[tuple[str, str]]:
    row_id = row_for(recipient).id
    return [
        (outcome.value, reply)
        for outcome, reply in db.session.execute(
            select(OutboxAttempt.outcome, OutboxAttempt.reply)
            .where(OutboxAttempt.outbox_message_id == row_id)
            .order_by(OutboxAttempt.id)
        )
    ]


def test_each_outbox_row_opens_its_message(app, client, sign_in, admin, troubled_outbox):
    row_id = row_for("lead1@example.org").id
    db.session.commit()
    sign_in(client, admin)

    page = client.get("/reminders/outbox").get_data(as_text=True)

    assert f'href="/reminders/outbox/{row_id}"' in page


def test_a_sent_message_shows_its_headers_both_bodies_and_the_servers_reply(
    app, client, sign_in, admin, troubled_outbox
):
    row = row_for("lead1@example.org")
    row_id, message_id = row.id, row.message_id
    (received,) = [r for r in troubled_outbox.received if r.recipients == ["lead1@example.org"]]
    db.session.commit()
    sign_in(client, admin)

    page = client.get(f"/reminders/outbox/{row_id}").get_data(as_text=True)

    for header in ("From", "To", "Subject", "Date", "Message-ID"):
        assert f'<dt class="govuk-summary-list__key">{header}</dt>' in page
    assert message_id.replace("<", "&lt;").replace(">", "&gt;") in page
    assert received.message["Date"] in page
    assert "Accepted by the mail server" in page
    assert "250 OK: queued" in page
    assert AT_TIME.search(page)
    assert "Action 1" in page
    assert "http://tracker.test/actions/" in page
    # The HTML body is shown only inside a sandboxed frame, escaped into its srcdoc.
    assert re.search(r'<iframe [^>]*sandbox=""[^>]*srcdoc="&lt;!DOCTYPE html&gt;', page)
    assert "<li style=" not in page


def test_a_refused_and_an_unknown_message_show_what_the_server_said(
    app, client, sign_in, admin, troubled_outbox
):
    refused, unknown = row_for("lead2@example.org").id, row_for("lead3@example.org").id
    db.session.commit()
    sign_in(client, admin)

    refused_page = client.get(f"/reminders/outbox/{refused}").get_data(as_text=True)
    unknown_page = client.get(f"/reminders/outbox/{unknown}").get_data(as_text=True)

    assert "Refused for good" in refused_page
    assert "550 5.1.1 No such mailbox" in refused_page
    assert "Send again" in refused_page
    assert "Fate unknown" in unknown_page
    assert "no reply after the whole message was sent" in unknown_page


def test_each_attempt_is_kept_with_its_reply_in_the_order_made(
    app, client, runner, sign_in, admin, troubled_outbox, smtp_server
):
    row_id = row_for("lead2@example.org").id
    db.session.commit()
    sign_in(client, admin)
    client.post(f"/reminders/outbox/{row_id}/resend")
    app.config["MAIL_PORT"] = smtp_server.port

    send(runner, None)

    assert attempts_of("lead2@example.org") == [
        ("permanent", "550 5.1.1 No such mailbox"),
        ("delivered", "250 OK: queued"),
    ]
    page = client.get(f"/reminders/outbox/{row_id}").get_data(as_text=True)
    assert page.index("550 5.1.1 No such mailbox") < page.index("250 OK: queued")


def test_a_run_stopped_while_sending_leaves_an_attempt_of_unknown_fate(app, runner, smtp_server):
    many_leads(1)
    send(runner, TUESDAY)
    db.session.execute(update(OutboxMessage).values(status="sending"))
    db.session.commit()

    send(runner, None)

    assert attempts_of("lead1@example.org") == [
        ("delivered", "250 OK: queued"),
        ("unknown", INTERRUPTED),
    ]


def test_a_message_not_sent_yet_shows_what_it_will_send(app, client, sign_in, admin):
    plan = children_plan(title="Plan <b>bold</b> & co")
    db.session.add(
        OutboxMessage(
            idempotency_key="lead:1:1:2026-03-31",
            message_id="<waiting@tracker.test>",
            kind="lead",
            for_date=date(2026, 3, 31),
            plan_id=plan.plan.id,
            person_id=plan.howard.id,
            recipient="howard@example.org",
            subject="1 overdue action – Plan <b>bold</b> & co",
            body_text="Stored text body",
            body_html="<p>Stored <script>alert(1)</script></p>",
            status="pending",
        )
    )
    db.session.commit()
    row_id = db.session.scalar(select(func.max(OutboxMessage.id)))
    sign_in(client, admin)

    page = client.get(f"/reminders/outbox/{row_id}").get_data(as_text=True)

    assert "has not gone to the mail server yet" in page
    assert "No attempt has been made to send it yet" in page
    assert "Stored text body" in page
    assert "&lt;waiting@tracker.test&gt;" in page
    assert "Plan &lt;b&gt;bold&lt;/b&gt; &amp; co" in page
    assert "<script>alert(1)</script>" not in page
    assert "<b>bold</b>" not in page


def test_an_unknown_message_is_not_found(app, client, sign_in, admin):
    sign_in(client, admin)

    assert client.get("/reminders/outbox/999999").status_code == 404

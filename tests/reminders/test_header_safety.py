"""A line break stored in a plan title cannot stop a reminder, first time or sent again."""

import pytest
from sqlalchemy import select

from tests.factories import make_user
from tests.reminders.conftest import TUESDAY, RefuseRecipient, children_plan, send
from tracker.domain.enums import Role
from tracker.extensions import db
from tracker.models import OutboxMessage

BROKEN_TITLE = "Children's Improvement\r\nPlan\u20282009/10"
BUILD_FAILURE = (
    "could not build the message: Header values may not contain linefeed or carriage return "
    "characters"
)


@pytest.fixture
def admin(app):
    user = make_user(Role.ADMIN)
    db.session.commit()
    return user


def test_a_plan_title_with_line_breaks_stored_directly_still_gets_its_reminders_delivered(
    app, runner, smtp_server
):
    children_plan(title=BROKEN_TITLE)

    summary = send(runner, TUESDAY)

    assert (summary["sent"], summary["failed"]) == (2, 0)
    subjects = sorted(received.message["Subject"] for received in smtp_server.received)
    assert subjects == [
        "1 overdue action – Children's Improvement Plan 2009/10",
        "2 overdue actions and 1 due soon – Children's Improvement Plan 2009/10",
    ]
    stored = db.session.scalars(select(OutboxMessage.subject)).all()
    assert all("\n" not in subject and "\u2028" not in subject for subject in stored)


def test_send_again_rebuilds_a_message_whose_stored_subject_broke_its_headers(
    app, client, runner, sign_in, admin, start_smtp, smtp_server
):
    children_plan(title=BROKEN_TITLE)
    refusing = start_smtp(RefuseRecipient(refused="howard@example.org"))
    app.config["MAIL_PORT"] = refusing.port
    send(runner, TUESDAY)
    row = db.session.scalar(
        select(OutboxMessage).where(OutboxMessage.recipient == "howard@example.org")
    )
    # As a run before subjects were kept to one line left it: failed for good, subject broken.
    row.subject = f"2 overdue actions and 1 due soon – {BROKEN_TITLE}"
    row.last_error = BUILD_FAILURE
    row_id, message_id = row.id, row.message_id
    db.session.commit()
    assert row.status == "failed"
    sign_in(client, admin)

    response = client.post(f"/reminders/outbox/{row_id}/resend")
    app.config["MAIL_PORT"] = smtp_server.port
    summary = send(runner, TUESDAY)

    assert response.status_code == 302
    assert summary["sent"] == 1
    [received] = smtp_server.received
    assert received.recipients == ["howard@example.org"]
    assert received.message_id == message_id
    assert received.message["Subject"] == (
        "2 overdue actions and 1 due soon – Children's Improvement Plan 2009/10"
    )
    db.session.expire_all()
    row = db.session.get(OutboxMessage, row_id)
    assert (row.status, row.subject) == (
        "sent",
        "2 overdue actions and 1 due soon – Children's Improvement Plan 2009/10",
    )

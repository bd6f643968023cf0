"""Each digest reaches the server once: across reruns, failures, kills and concurrent runs."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.conftest import TestConfig
from tests.reminders.conftest import (
    TUESDAY,
    WEDNESDAY,
    AnswerAtMail,
    DropAfterData,
    DropBeforeData,
    HangAfterData,
    HangBeforeData,
    RefuseAfterData,
    RefuseRecipient,
    children_plan,
    free_port,
    many_leads,
    send,
)
from tracker import clock
from tracker.domain.outbox import MAX_ATTEMPTS
from tracker.extensions import db
from tracker.models import OutboxMessage
from tracker.reminders import jobs
from tracker.reminders.jobs import SEND_BATCH_SIZE, run_reminders

ROOT = Path(__file__).resolve().parents[2]
LEADS = 5


def outbox_rows() -> list[tuple[str, str, int, str]]:
    """Return (recipient, status, attempts, message_id) of every outbox row, in order."""
    rows = db.session.execute(
        select(
            OutboxMessage.recipient,
            OutboxMessage.status,
            OutboxMessage.attempts,
            OutboxMessage.message_id,
        ).order_by(OutboxMessage.id)
    ).all()
    db.session.commit()
    return [tuple(row) for row in rows]


def statuses() -> Counter:
    return Counter(status for _, status, _, _ in outbox_rows())


def counts(summary: dict) -> tuple[int, int, int, int]:
    return summary["sent"], summary["skipped"], summary["failed"], summary["unknown"]


def test_running_again_the_same_day_sends_nothing_new(app, runner, smtp_server):
    children_plan()

    first = send(runner, TUESDAY)
    second = send(runner, TUESDAY)

    assert counts(first) == (2, 0, 0, 0)
    assert counts(second) == (0, 2, 0, 0)
    assert len(smtp_server.received) == 2
    assert set(smtp_server.handler.message_ids().values()) == {1}


def test_the_next_working_day_sends_new_digests_with_new_message_ids(app, runner, smtp_server):
    children_plan()

    send(runner, TUESDAY)
    send(runner, WEDNESDAY)

    ids = smtp_server.handler.message_ids()
    assert len(ids) == 4
    assert set(ids.values()) == {1}
    assert statuses() == Counter(sent=4)


# Five leads, one digest each; message 3 meets the trouble, then the job runs again.
FAILURES = [
    pytest.param(
        lambda: DropBeforeData(at=3),
        (4, 0, 1, 0),
        Counter(sent=4, pending=1),
        (1, 4, 0, 0),
        LEADS,
        id="connection dropped before the data: retried",
    ),
    pytest.param(
        lambda: AnswerAtMail(at=3),
        (4, 0, 1, 0),
        Counter(sent=4, pending=1),
        (1, 4, 0, 0),
        LEADS,
        id="421 before the data: retried",
    ),
    pytest.param(
        lambda: HangBeforeData(at=3),
        (4, 0, 1, 0),
        Counter(sent=4, pending=1),
        (1, 4, 0, 0),
        LEADS,
        id="hang past the timeout before the data: retried",
    ),
    pytest.param(
        lambda: RefuseAfterData(at=3),
        (4, 0, 1, 0),
        Counter(sent=4, pending=1),
        (1, 4, 0, 0),
        LEADS,
        id="451 after the data: retried",
    ),
    pytest.param(
        lambda: RefuseRecipient(refused="lead3@example.org"),
        (4, 0, 1, 0),
        Counter(sent=4, failed=1),
        (0, 5, 0, 0),
        LEADS - 1,
        id="550 for a recipient: failed for good, not retried",
    ),
    pytest.param(
        lambda: DropAfterData(at=3),
        (4, 0, 0, 1),
        Counter(sent=4, unknown=1),
        (0, 5, 0, 0),
        LEADS,
        id="connection dropped after the data: unknown, not re-sent",
    ),
    pytest.param(
        lambda: HangAfterData(at=3),
        (4, 0, 0, 1),
        Counter(sent=4, unknown=1),
        (0, 5, 0, 0),
        LEADS,
        id="hang past the timeout after the data: unknown, not re-sent",
    ),
]


@pytest.mark.parametrize(
    ("handler", "first_counts", "after_first", "rerun_counts", "delivered"), FAILURES
)
def test_a_failure_part_way_then_a_rerun_loses_nothing_and_duplicates_nothing(
    app, runner, start_smtp, handler, first_counts, after_first, rerun_counts, delivered
):
    many_leads(LEADS)
    server = start_smtp(handler())
    app.config.update(MAIL_PORT=server.port, MAIL_TIMEOUT=1)

    first = send(runner, TUESDAY)
    assert counts(first) == first_counts
    assert statuses() == after_first

    rerun = send(runner, TUESDAY)
    assert counts(rerun) == rerun_counts

    received = server.handler.message_ids()
    assert set(received.values()) == {1}, "a digest reached the server twice"
    assert len(received) == delivered
    assert set(received) <= {message_id for *_, message_id in outbox_rows()}
    assert send(runner, TUESDAY)["sent"] == 0


def test_a_refused_recipient_is_failed_with_the_servers_reason(app, runner, start_smtp):
    many_leads(2)
    server = start_smtp(RefuseRecipient(refused="lead2@example.org"))
    app.config["MAIL_PORT"] = server.port

    send(runner, TUESDAY)

    failed = db.session.scalar(select(OutboxMessage).where(OutboxMessage.status == "failed"))
    assert failed.recipient == "lead2@example.org"
    assert failed.last_error.startswith("550")
    assert failed.next_attempt_at is None


def test_a_server_that_cannot_be_reached_leaves_everything_for_the_next_run(
    app, runner, smtp_server
):
    many_leads(3)
    app.config["MAIL_PORT"] = free_port()

    first = send(runner, TUESDAY)
    assert counts(first) == (0, 0, 3, 0)
    assert statuses() == Counter(pending=3)
    assert all(attempts == 1 for _, _, attempts, _ in outbox_rows())

    app.config["MAIL_PORT"] = smtp_server.port
    assert counts(send(runner, TUESDAY)) == (3, 0, 0, 0)
    assert set(smtp_server.handler.message_ids().values()) == {1}
    assert len(smtp_server.received) == 3


def test_a_scheduled_run_waits_for_the_backoff_before_trying_again(
    app, start_smtp, smtp_server, monkeypatch
):
    many_leads(2)
    refusing = start_smtp(AnswerAtMail(at=1))
    app.config["MAIL_PORT"] = refusing.port

    first = run_reminders(today=TUESDAY)
    assert (first.sent, first.failed) == (1, 1)
    waiting = db.session.scalar(select(OutboxMessage).where(OutboxMessage.status == "pending"))
    assert waiting.attempts == 1
    assert waiting.last_error.startswith("421")
    retry_at = waiting.next_attempt_at
    assert timedelta(minutes=4) < retry_at - clock.now() <= timedelta(minutes=5)
    db.session.commit()

    app.config["MAIL_PORT"] = smtp_server.port
    too_soon = run_reminders(today=None)
    assert (too_soon.sent, too_soon.skipped) == (0, 1)
    assert smtp_server.received == []

    monkeypatch.setattr(clock, "now", lambda: retry_at + timedelta(seconds=1))
    later = run_reminders(today=None)
    assert (later.sent, later.skipped) == (1, 0)
    assert [r.recipients for r in smtp_server.received] == [["lead1@example.org"]]


def test_temporary_failures_give_up_after_the_last_attempt(app, runner, start_smtp):
    many_leads(1)
    refusing = start_smtp(AnswerAtMail(at=None))
    app.config["MAIL_PORT"] = refusing.port

    for _ in range(MAX_ATTEMPTS):
        assert counts(send(runner, TUESDAY)) == (0, 0, 1, 0)

    assert [(status, attempts) for _, status, attempts, _ in outbox_rows()] == [
        ("failed", MAX_ATTEMPTS)
    ]
    assert counts(send(runner, TUESDAY)) == (0, 1, 0, 0)
    assert refusing.handler.mail_commands == MAX_ATTEMPTS


def flask_command(database_url: str, port: int, *args: str, timeout: int = 2) -> subprocess.Popen:
    """Start `flask --app wsgi ...` in a process of its own, against the test's database."""
    environment = {
        **os.environ,
        "DATABASE_URL": database_url,
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": str(port),
        "MAIL_TIMEOUT": str(timeout),
        "MAIL_DEFAULT_SENDER": "tracker@tracker.test",
        "TRACKER_BASE_URL": "http://tracker.test",
        # Plain HTTP outside this machine: the app refuses secure cookies it could not get back.
        "SESSION_COOKIE_SECURE": "0",
        # Not a local address, so the app needs a real key to start.
        "SECRET_KEY": TestConfig.SECRET_KEY,
    }
    return subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "wsgi", *args],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for(condition, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting")
        time.sleep(0.05)


def test_two_job_processes_at_once_send_each_digest_once(app, database_url, smtp_server):
    many_leads(8)

    processes = [
        flask_command(database_url, smtp_server.port, "reminders", "send", "--as-at", "2026-03-31")
        for _ in range(2)
    ]
    outputs = [process.communicate(timeout=120) for process in processes]

    assert [process.returncode for process in processes] == [0, 0], outputs
    summaries = [json.loads(stdout) for stdout, _ in outputs]
    assert sorted(summary["sent"] for summary in summaries) == [0, 8]
    assert sorted(summary["skipped"] for summary in summaries) == [0, 8]
    ids = smtp_server.handler.message_ids()
    assert len(ids) == 8
    assert set(ids.values()) == {1}
    assert statuses() == Counter(sent=8)


# A first batch goes through whole; the run is killed on message 2 of the second batch.
KILLED_AT = SEND_BATCH_SIZE + 2
LEFT_IN_BATCH = 5


@pytest.mark.parametrize(
    ("handler", "killed_after", "received_before_kill"),
    [
        pytest.param(
            lambda: HangBeforeData(at=KILLED_AT, seconds=60),
            lambda server: server.handler.mail_commands >= KILLED_AT,
            KILLED_AT - 1,
            id="killed before the data went",
        ),
        pytest.param(
            lambda: HangAfterData(at=KILLED_AT, seconds=60),
            lambda server: len(server.received) >= KILLED_AT,
            KILLED_AT,
            id="killed after the data went",
        ),
    ],
)
def test_a_run_killed_mid_send_leaves_at_most_its_batch_unknown_and_nothing_sent_twice(
    app, runner, database_url, start_smtp, handler, killed_after, received_before_kill
):
    leads = SEND_BATCH_SIZE + LEFT_IN_BATCH
    many_leads(leads)
    server = start_smtp(handler())
    process = flask_command(
        database_url, server.port, "reminders", "send", "--as-at", "2026-03-31", timeout=30
    )
    try:
        wait_for(lambda: killed_after(server))
    finally:
        process.send_signal(signal.SIGKILL)
        process.communicate()
    app.config["MAIL_PORT"] = server.port

    rerun = send(runner, TUESDAY)

    assert counts(rerun) == (0, SEND_BATCH_SIZE, 0, LEFT_IN_BATCH)
    assert statuses() == Counter(sent=SEND_BATCH_SIZE, unknown=LEFT_IN_BATCH)
    ids = server.handler.message_ids()
    assert len(ids) == received_before_kill
    assert set(ids.values()) == {1}
    sent = {message_id for _, status, _, message_id in outbox_rows() if status == "sent"}
    assert sent <= set(ids)
    assert send(runner, TUESDAY)["sent"] == 0


def test_a_batch_out_of_time_puts_its_untried_messages_back_and_they_go_once(
    app, smtp_server, monkeypatch
):
    many_leads(3)
    monkeypatch.setattr(jobs, "SEND_BATCH_SECONDS", 0.0)

    summary = run_reminders(today=TUESDAY)

    assert (summary.sent, summary.skipped, summary.failed, summary.unknown) == (3, 0, 0, 0)
    assert [(status, attempts) for _, status, attempts, _ in outbox_rows()] == [("sent", 1)] * 3
    assert set(smtp_server.handler.message_ids().values()) == {1}
    assert len(smtp_server.received) == 3

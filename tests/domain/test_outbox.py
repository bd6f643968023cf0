from datetime import UTC, datetime, timedelta

import pytest

from tracker.domain.outbox import (
    MAX_ATTEMPTS,
    RETRY_DELAYS,
    OutboxStatus,
    Outcome,
    Transition,
    after_attempt,
    final_reply_outcome,
    is_due,
    read_sent_message,
    refusal_outcome,
)

NOW = datetime(2026, 3, 31, 6, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        pytest.param(421, Outcome.TEMPORARY, id="421 service closing"),
        pytest.param(450, Outcome.TEMPORARY, id="450 mailbox busy"),
        pytest.param(452, Outcome.TEMPORARY, id="452 insufficient storage"),
        pytest.param(550, Outcome.PERMANENT, id="550 no such mailbox"),
        pytest.param(553, Outcome.PERMANENT, id="553 bad address"),
        pytest.param(-1, Outcome.TEMPORARY, id="garbled reply before the data"),
    ],
)
def test_a_refusal_before_the_end_of_the_message_is_retried_unless_it_is_5xx(code, expected):
    assert refusal_outcome(code) is expected


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        (250, Outcome.DELIVERED),
        (251, Outcome.DELIVERED),
        (421, Outcome.TEMPORARY),
        (451, Outcome.TEMPORARY),
        (552, Outcome.PERMANENT),
        (554, Outcome.PERMANENT),
        pytest.param(-1, Outcome.UNKNOWN, id="garbled reply after the data may still be kept"),
        pytest.param(354, Outcome.UNKNOWN, id="nonsense reply after the data"),
    ],
)
def test_the_reply_to_the_end_of_the_message_decides_its_fate(code, expected):
    assert final_reply_outcome(code) is expected


def test_the_retry_schedule_backs_off_and_ends_after_six_attempts():
    assert [delay.total_seconds() / 60 for delay in RETRY_DELAYS] == [5, 15, 45, 135, 405]
    assert MAX_ATTEMPTS == 6


@pytest.mark.parametrize(
    ("outcome", "attempts", "expected"),
    [
        pytest.param(
            Outcome.DELIVERED, 1, Transition(OutboxStatus.SENT, None, sent_at=NOW), id="sent"
        ),
        pytest.param(
            Outcome.TEMPORARY,
            1,
            Transition(OutboxStatus.PENDING, NOW + timedelta(minutes=5)),
            id="first temporary failure waits 5 minutes",
        ),
        pytest.param(
            Outcome.TEMPORARY,
            2,
            Transition(OutboxStatus.PENDING, NOW + timedelta(minutes=15)),
            id="second waits 15 minutes",
        ),
        pytest.param(
            Outcome.TEMPORARY,
            5,
            Transition(OutboxStatus.PENDING, NOW + timedelta(minutes=405)),
            id="fifth waits 405 minutes",
        ),
        pytest.param(
            Outcome.TEMPORARY,
            6,
            Transition(OutboxStatus.FAILED, None),
            id="sixth temporary failure gives up",
        ),
        pytest.param(
            Outcome.PERMANENT, 1, Transition(OutboxStatus.FAILED, None), id="permanent at once"
        ),
        pytest.param(
            Outcome.UNKNOWN,
            1,
            Transition(OutboxStatus.UNKNOWN, None),
            id="unknown is never retried by itself",
        ),
    ],
)
def test_after_attempt(outcome, attempts, expected):
    assert after_attempt(outcome, attempts, NOW) == expected


def test_after_attempt_counts_the_attempt_just_made():
    with pytest.raises(ValueError, match="at least 1"):
        after_attempt(Outcome.DELIVERED, 0, NOW)


@pytest.mark.parametrize(
    ("status", "next_attempt_at", "respect_backoff", "due"),
    [
        (OutboxStatus.PENDING, None, True, True),
        (OutboxStatus.PENDING, NOW, True, True),
        (OutboxStatus.PENDING, NOW + timedelta(seconds=1), True, False),
        (OutboxStatus.PENDING, NOW - timedelta(minutes=5), True, True),
        pytest.param(
            OutboxStatus.PENDING,
            NOW + timedelta(minutes=5),
            False,
            True,
            id="a run that ignores the backoff tries a waiting message",
        ),
        (OutboxStatus.SENDING, None, False, False),
        (OutboxStatus.SENDING, None, True, False),
        (OutboxStatus.FAILED, NOW - timedelta(minutes=5), True, False),
        (OutboxStatus.SENT, None, False, False),
        (OutboxStatus.FAILED, None, False, False),
        (OutboxStatus.UNKNOWN, None, False, False),
    ],
)
def test_only_pending_messages_are_due(status, next_attempt_at, respect_backoff, due):
    assert is_due(status, next_attempt_at, NOW, respect_backoff=respect_backoff) is due


MULTIPART = (
    "From: Improvement Tracker <tracker@council.example>\r\n"
    "To: howard@example.org\r\n"
    "Subject: =?utf-8?q?1_overdue_action_=E2=80=93_Children=27s_Plan?=\r\n"
    "Date: Tue, 31 Mar 2026 07:00:00 +0100\r\n"
    "Message-ID: <reminder-abc@council.example>\r\n"
    "MIME-Version: 1.0\r\n"
    'Content-Type: multipart/alternative; boundary="b"\r\n'
    "\r\n"
    "--b\r\n"
    'Content-Type: text/plain; charset="utf-8"\r\n'
    "Content-Transfer-Encoding: quoted-printable\r\n"
    "\r\n"
    "Hello Howard =E2=80=93 1.1: Recruit\r\n"
    "--b\r\n"
    'Content-Type: text/html; charset="utf-8"\r\n'
    "Content-Transfer-Encoding: quoted-printable\r\n"
    "\r\n"
    "<p>Stop &lt;script&gt; =3D 1</p>\r\n"
    "--b--\r\n"
)
TEXT_ONLY = "To: deb@example.org\r\nSubject: Plain\r\nContent-Type: text/plain\r\n\r\nJust text\r\n"


@pytest.mark.parametrize(
    ("raw", "headers", "text", "html"),
    [
        (
            MULTIPART,
            {
                "From": "Improvement Tracker <tracker@council.example>",
                "To": "howard@example.org",
                "Subject": "1 overdue action – Children's Plan",
                "Message-ID": "<reminder-abc@council.example>",
            },
            "Hello Howard – 1.1: Recruit",
            "<p>Stop &lt;script&gt; = 1</p>",
        ),
        (TEXT_ONLY, {"To": "deb@example.org", "Subject": "Plain"}, "Just text\n", ""),
    ],
    ids=["multipart with encoded words and quoted-printable", "plain text only"],
)
def test_a_sent_message_is_read_back_with_decoded_headers_and_bodies(raw, headers, text, html):
    sent = read_sent_message(raw)

    assert headers.items() <= dict(sent.headers).items()
    assert (sent.body_text, sent.body_html) == (text, html)


@pytest.mark.parametrize(
    ("outcome", "label"),
    [
        (Outcome.DELIVERED, "Accepted by the mail server"),
        (Outcome.TEMPORARY, "Failed for now"),
        (Outcome.PERMANENT, "Refused for good"),
        (Outcome.UNKNOWN, "Fate unknown"),
    ],
)
def test_each_attempt_outcome_has_the_wording_administrators_see(outcome, label):
    assert outcome.label == label

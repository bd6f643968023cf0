"""Decide what becomes of an outbox message after each attempt, and read a message as sent."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from email import message_from_string, policy
from email.message import EmailMessage
from enum import StrEnum

# Waits after the 1st, 2nd, ... temporary failure; the attempt after the last wait is the last.
RETRY_DELAYS: tuple[timedelta, ...] = tuple(
    timedelta(minutes=minutes) for minutes in (5, 15, 45, 135, 405)
)
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1


class OutboxStatus(StrEnum):
    """Say where an outbox message stands."""

    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    UNKNOWN = "unknown"

    @property
    def label(self) -> str:
        """Return the wording administrators see."""
        return _STATUS_LABELS[self]


_STATUS_LABELS = {
    OutboxStatus.PENDING: "Waiting to send",
    OutboxStatus.SENDING: "Sending",
    OutboxStatus.SENT: "Sent",
    OutboxStatus.FAILED: "Failed",
    OutboxStatus.UNKNOWN: "Fate unknown",
}

RESENDABLE = frozenset({OutboxStatus.FAILED, OutboxStatus.UNKNOWN})


class Outcome(StrEnum):
    """Say how one attempt to hand a message to the mail server ended."""

    DELIVERED = "delivered"
    TEMPORARY = "temporary"
    PERMANENT = "permanent"
    UNKNOWN = "unknown"

    @property
    def label(self) -> str:
        """Return the wording administrators see."""
        return _OUTCOME_LABELS[self]


_OUTCOME_LABELS = {
    Outcome.DELIVERED: "Accepted by the mail server",
    Outcome.TEMPORARY: "Failed for now",
    Outcome.PERMANENT: "Refused for good",
    Outcome.UNKNOWN: "Fate unknown",
}


@dataclass(frozen=True, slots=True)
class Transition:
    """Describe a message's state after an attempt."""

    status: OutboxStatus
    next_attempt_at: datetime | None
    sent_at: datetime | None = None


def refusal_outcome(code: int) -> Outcome:
    """Classify a refusal before the end of the message: 5xx is for good, anything else retries."""
    return Outcome.PERMANENT if 500 <= code < 600 else Outcome.TEMPORARY


def final_reply_outcome(code: int) -> Outcome:
    """Classify the server's reply to the end of the message."""
    if 200 <= code < 300:
        return Outcome.DELIVERED
    if 400 <= code < 500:
        return Outcome.TEMPORARY
    if 500 <= code < 600:
        return Outcome.PERMANENT
    # A garbled reply after the whole message went out may still mean the server kept it.
    return Outcome.UNKNOWN


def after_attempt(outcome: Outcome, attempts: int, now: datetime) -> Transition:
    """Return the state after attempt number attempts ended with outcome at now."""
    if attempts < 1:
        raise ValueError(f"attempts counts the attempt just made, so it is at least 1: {attempts}")
    if outcome is Outcome.DELIVERED:
        return Transition(OutboxStatus.SENT, None, sent_at=now)
    if outcome is Outcome.UNKNOWN:
        return Transition(OutboxStatus.UNKNOWN, None)
    if outcome is Outcome.TEMPORARY and attempts < MAX_ATTEMPTS:
        return Transition(OutboxStatus.PENDING, now + RETRY_DELAYS[attempts - 1])
    return Transition(OutboxStatus.FAILED, None)


def is_due(
    status: OutboxStatus, next_attempt_at: datetime | None, now: datetime, *, respect_backoff: bool
) -> bool:
    """Say whether a run at now should try to send the message."""
    if status is not OutboxStatus.PENDING:
        return False
    return not respect_backoff or next_attempt_at is None or next_attempt_at <= now


@dataclass(frozen=True, slots=True)
class SentMessage:
    """Hold an email as it went over the wire, taken apart for reading."""

    headers: tuple[tuple[str, str], ...]
    body_text: str
    body_html: str


def _body(message: EmailMessage, subtype: str) -> str:
    part = message.get_body(preferencelist=(subtype,))
    if part is None or part.get_content_subtype() != subtype:
        return ""
    return str(part.get_content())


def read_sent_message(raw: str) -> SentMessage:
    """Return the decoded headers and the plain-text and HTML bodies of a message as sent."""
    # The wire's CRLF line ends would otherwise stay in bodies that are not quoted-printable.
    message = message_from_string(raw.replace("\r\n", "\n"), policy=policy.default)
    if not isinstance(message, EmailMessage):
        raise TypeError("the default policy reads an EmailMessage")
    headers = tuple((name, str(value)) for name, value in message.items())
    return SentMessage(headers, _body(message, "plain"), _body(message, "html"))

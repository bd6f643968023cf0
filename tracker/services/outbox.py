"""Keep the reminder outbox: add digests as pending messages, claim them, record each attempt."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import CursorResult, Select, bindparam, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite

from tracker.domain.outbox import (
    RESENDABLE,
    OutboxStatus,
    Outcome,
    SentMessage,
    after_attempt,
    is_due,
    read_sent_message,
)
from tracker.domain.reminders import Digest, DigestKind, Recipient, message_id_for
from tracker.domain.single_line import single_line
from tracker.extensions import db
from tracker.models import OutboxAttempt, OutboxMessage, Person, Plan

_INSERTS: dict[str, Callable[..., postgresql.Insert | sqlite.Insert]] = {
    "postgresql": postgresql.insert,
    "sqlite": sqlite.insert,
}
INTERRUPTED = (
    "The run sending this message stopped after recording that it was sending and before the "
    "server replied; the server may or may not have it."
)


@dataclass(frozen=True, slots=True)
class OutboxWrite:
    """Say which of the day's digests were added to the outbox and which were there already."""

    new_ids: tuple[int, ...]
    existing_ids: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class OutgoingMessage:
    """Hold one outbox row as the sender needs it."""

    id: int
    recipient: str
    subject: str
    body_text: str
    body_html: str
    message_id: str
    attempts: int


@dataclass(frozen=True, slots=True)
class OutboxRow:
    """Hold one outbox row as the administrators' list shows it."""

    id: int
    for_date: date
    kind: str
    recipient: str
    person_name: str | None
    plan_title: str | None
    subject: str
    status: OutboxStatus
    attempts: int
    last_error: str
    next_attempt_at: datetime | None
    created_at: datetime
    sent_at: datetime | None

    @property
    def can_resend(self) -> bool:
        """Say whether an administrator may send it again."""
        return self.status in RESENDABLE


def existing_statuses(keys: Collection[str]) -> dict[str, tuple[int, OutboxStatus]]:
    """Return the outbox row id and status of each key already written."""
    if not keys:
        return {}
    rows = db.session.execute(
        select(OutboxMessage.idempotency_key, OutboxMessage.id, OutboxMessage.status).where(
            OutboxMessage.idempotency_key.in_(list(keys))
        )
    )
    return {key: (row_id, OutboxStatus(status)) for key, row_id, status in rows}


def add_digests(
    digests: Sequence[Digest],
    recipients: Mapping[int, Recipient],
    bodies: Callable[[Digest], tuple[str, str]],
    *,
    message_id_domain: str,
) -> OutboxWrite:
    """Add each digest not yet in the outbox as a pending message; leave the others alone.

    bodies returns a digest's plain-text and HTML bodies; it is called only for new digests.
    """
    existing = existing_statuses([digest.idempotency_key for digest in digests])
    existing_ids = [row_id for row_id, _ in existing.values()]
    keys: list[str] = []
    rows: list[dict[str, object]] = []
    for digest in digests:
        if digest.idempotency_key in existing:
            continue
        recipient = recipients[digest.person_id]
        body_text, body_html = bodies(digest)
        keys.append(digest.idempotency_key)
        rows.append(
            {
                "idempotency_key": digest.idempotency_key,
                "message_id": message_id_for(digest.idempotency_key, message_id_domain),
                "kind": digest.kind.value,
                "for_date": digest.for_date,
                "plan_id": digest.plan_id,
                "person_id": digest.person_id,
                "recipient": (recipient.email or "").strip(),
                "subject": digest.subject,
                "body_text": body_text,
                "body_html": body_html,
                "status": OutboxStatus.PENDING.value,
                "attempts": 0,
                "last_error": "",
            }
        )
    if not rows:
        return OutboxWrite((), tuple(existing_ids))
    # One statement for all the rows; the caller holds the reminders lock, so the keys that
    # were not there a moment ago are this run's rows.
    insert = _INSERTS[db.session.get_bind().dialect.name]
    db.session.execute(
        insert(OutboxMessage.__table__).on_conflict_do_nothing(index_elements=["idempotency_key"]),
        rows,
    )
    written = existing_statuses(keys)
    new_ids = [written[key][0] for key in keys]
    return OutboxWrite(tuple(new_ids), tuple(existing_ids))


def add_message(
    *,
    idempotency_key: str,
    kind: DigestKind,
    for_date: date,
    plan_id: int | None,
    person_id: int | None,
    recipient: str,
    subject: str,
    bodies: tuple[str, str],
    message_id_domain: str,
) -> None:
    """Add one pending message unless its key is in the outbox already; the sender sends it."""
    body_text, body_html = bodies
    insert = _INSERTS[db.session.get_bind().dialect.name]
    db.session.execute(
        insert(OutboxMessage.__table__).on_conflict_do_nothing(index_elements=["idempotency_key"]),
        [
            {
                "idempotency_key": idempotency_key,
                "message_id": message_id_for(idempotency_key, message_id_domain),
                "kind": kind.value,
                "for_date": for_date,
                "plan_id": plan_id,
                "person_id": person_id,
                "recipient": recipient.strip(),
                "subject": single_line(subject),
                "body_text": body_text,
                "body_html": body_html,
                "status": OutboxStatus.PENDING.value,
                "attempts": 0,
                "last_error": "",
            }
        ],
    )


def mark_interrupted(now: datetime) -> list[int]:
    """Mark messages a stopped run left in 'sending' as of unknown fate; return their ids.

    Each gets an attempt of unknown outcome, found at now, so its page says what happened.
    """
    ids = list(
        db.session.scalars(
            select(OutboxMessage.id).where(OutboxMessage.status == OutboxStatus.SENDING.value)
        )
    )
    if ids:
        db.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_(ids), OutboxMessage.status == OutboxStatus.SENDING.value)
            .values(status=OutboxStatus.UNKNOWN.value, last_error=INTERRUPTED)
            .execution_options(synchronize_session=False)
        )
        _add_attempts([(message_id, Outcome.UNKNOWN, INTERRUPTED, now, None) for message_id in ids])
    return ids


def pending_messages(
    now: datetime, *, respect_backoff: bool
) -> tuple[list[OutgoingMessage], list[int]]:
    """Return the pending messages to send now, oldest first, and the ids of those still waiting."""
    rows = db.session.execute(
        select(
            OutboxMessage.id,
            OutboxMessage.recipient,
            OutboxMessage.subject,
            OutboxMessage.body_text,
            OutboxMessage.body_html,
            OutboxMessage.message_id,
            OutboxMessage.attempts,
            OutboxMessage.status,
            OutboxMessage.next_attempt_at,
        )
        .where(OutboxMessage.status == OutboxStatus.PENDING.value)
        .order_by(OutboxMessage.id)
    )
    due: list[OutgoingMessage] = []
    waiting: list[int] = []
    for row in rows:
        status = OutboxStatus(row.status)
        if is_due(status, row.next_attempt_at, now, respect_backoff=respect_backoff):
            due.append(
                OutgoingMessage(
                    id=row.id,
                    recipient=row.recipient,
                    subject=row.subject,
                    body_text=row.body_text,
                    body_html=row.body_html,
                    message_id=row.message_id,
                    attempts=row.attempts,
                )
            )
        else:
            waiting.append(row.id)
    return due, waiting


def claim(messages: Sequence[OutgoingMessage]) -> list[OutgoingMessage]:
    """Mark pending messages as being sent and count their attempts; return those claimed."""
    if not messages:
        return []
    claimed = set(
        db.session.scalars(
            update(OutboxMessage)
            .where(
                OutboxMessage.id.in_([message.id for message in messages]),
                OutboxMessage.status == OutboxStatus.PENDING.value,
            )
            .values(status=OutboxStatus.SENDING.value, attempts=OutboxMessage.attempts + 1)
            .returning(OutboxMessage.id)
            .execution_options(synchronize_session=False)
        )
    )
    return [message for message in messages if message.id in claimed]


def release(messages: Collection[OutgoingMessage]) -> None:
    """Put claimed messages that were not tried back in the queue, as if never claimed."""
    if not messages:
        return
    db.session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.id.in_([message.id for message in messages]),
            OutboxMessage.status == OutboxStatus.SENDING.value,
        )
        .values(status=OutboxStatus.PENDING.value, attempts=OutboxMessage.attempts - 1)
        .execution_options(synchronize_session=False)
    )


@dataclass(frozen=True, slots=True)
class Attempt:
    """Say how one attempt at a claimed message ended, when, and what went on the wire.

    raw_message is None when the message could not be built.
    """

    message: OutgoingMessage
    outcome: Outcome
    detail: str
    at: datetime
    raw_message: bytes | None


_TABLE = OutboxMessage.__table__
_RECORD_OUTCOME = (
    update(_TABLE)
    .where(
        _TABLE.c.id == bindparam("row_id"),
        _TABLE.c.status == OutboxStatus.SENDING.value,
    )
    .values(
        status=bindparam("new_status"),
        attempts=bindparam("new_attempts"),
        next_attempt_at=bindparam("new_next_attempt_at"),
        sent_at=bindparam("new_sent_at"),
        last_error=bindparam("new_last_error"),
    )
)


def record_attempts(attempts: Sequence[Attempt]) -> None:
    """Store how each attempt at a claimed message ended, with the status it leads to.

    The caller holds the reminders lock, so every claimed message is still 'sending': no other
    run can have marked it as of unknown fate. Each attempt is kept with the server's reply and
    the message as sent, in the same transaction as the status it leads to.
    """
    if not attempts:
        return
    rows = []
    for attempt in attempts:
        count = attempt.message.attempts + 1
        transition = after_attempt(attempt.outcome, count, attempt.at)
        rows.append(
            {
                "row_id": attempt.message.id,
                "new_status": transition.status.value,
                "new_attempts": count,
                "new_next_attempt_at": transition.next_attempt_at,
                "new_sent_at": transition.sent_at,
                "new_last_error": "" if attempt.outcome is Outcome.DELIVERED else attempt.detail,
            }
        )
    db.session.execute(_RECORD_OUTCOME, rows)
    _add_attempts(
        [
            (attempt.message.id, attempt.outcome, attempt.detail, attempt.at, attempt.raw_message)
            for attempt in attempts
        ]
    )


def _add_attempts(
    attempts: Sequence[tuple[int, Outcome, str, datetime, bytes | None]],
) -> None:
    # The wire form is 7-bit (quoted-printable bodies, encoded headers), so ASCII holds it.
    db.session.execute(
        insert(OutboxAttempt),
        [
            {
                "outbox_message_id": message_id,
                "attempted_at": at,
                "outcome": outcome.value,
                "reply": reply,
                "raw_message": None if raw is None else raw.decode("ascii", "replace"),
            }
            for message_id, outcome, reply, at, raw in attempts
        ],
    )


def resend(row_id: int) -> bool:
    """Put a failed or unknown message back in the queue with a fresh set of attempts."""
    subject = db.session.scalar(select(OutboxMessage.subject).where(OutboxMessage.id == row_id))
    if subject is None:
        return False
    result = db.session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.id == row_id,
            OutboxMessage.status.in_([status.value for status in RESENDABLE]),
        )
        # A subject stored before subjects were kept to one line would fail again as it is.
        .values(
            status=OutboxStatus.PENDING.value,
            attempts=0,
            next_attempt_at=None,
            subject=single_line(subject),
        )
        .execution_options(synchronize_session=False)
    )
    return cast(CursorResult[Any], result).rowcount == 1


def outbox_counts() -> dict[OutboxStatus, int]:
    """Return how many messages have each status."""
    counts = dict.fromkeys(OutboxStatus, 0)
    for status, count in db.session.execute(
        select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)
    ):
        counts[OutboxStatus(status)] = count
    return counts


def _select_outbox_rows(*extra: Any) -> Select[*tuple[Any, ...]]:
    """Select the columns an OutboxRow holds, with the recipient's name and plan, and any extra."""
    return (
        select(
            OutboxMessage.id,
            OutboxMessage.for_date,
            OutboxMessage.kind,
            OutboxMessage.recipient,
            Person.name.label("person_name"),
            Plan.title.label("plan_title"),
            OutboxMessage.subject,
            OutboxMessage.status,
            OutboxMessage.attempts,
            OutboxMessage.last_error,
            OutboxMessage.next_attempt_at,
            OutboxMessage.created_at,
            OutboxMessage.sent_at,
            *extra,
        )
        .outerjoin(Person, Person.id == OutboxMessage.person_id)
        .outerjoin(Plan, Plan.id == OutboxMessage.plan_id)
    )


def list_outbox(status: OutboxStatus | None, limit: int) -> list[OutboxRow]:
    """Return the newest outbox messages, of one status or all."""
    query = (
        _select_outbox_rows()
        .order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc())
        .limit(limit)
    )
    if status is not None:
        query = query.where(OutboxMessage.status == status.value)
    return [OutboxRow(**row._mapping) for row in db.session.execute(query)]


def describe_outbox_row(row_id: int) -> tuple[str, str, OutboxStatus] | None:
    """Return the recipient, subject and status of an outbox message, or None if there is none."""
    row = db.session.execute(
        select(OutboxMessage.recipient, OutboxMessage.subject, OutboxMessage.status).where(
            OutboxMessage.id == row_id
        )
    ).one_or_none()
    return None if row is None else (row[0], row[1], OutboxStatus(row[2]))


@dataclass(frozen=True, slots=True)
class AttemptRow:
    """Hold one attempt to send a message as its page shows it."""

    id: int
    attempted_at: datetime
    outcome: Outcome
    reply: str
    raw_message: str | None


@dataclass(frozen=True, slots=True)
class MessageDetail:
    """Hold one outbox message, its attempts oldest first, and the message as last sent."""

    row: OutboxRow
    message_id: str
    body_text: str
    body_html: str
    attempts: tuple[AttemptRow, ...]
    sent: SentMessage | None

    @property
    def shown_text(self) -> str:
        """Return the plain-text body as sent, or as stored when it has not gone yet."""
        return self.sent.body_text if self.sent is not None else self.body_text

    @property
    def shown_html(self) -> str:
        """Return the HTML body as sent, or as stored when it has not gone yet."""
        return self.sent.body_html if self.sent is not None else self.body_html


def message_detail(row_id: int) -> MessageDetail | None:
    """Return an outbox message with its attempts, or None when there is no such message."""
    found = db.session.execute(
        _select_outbox_rows(
            OutboxMessage.message_id.label("rfc_message_id"),
            OutboxMessage.body_text,
            OutboxMessage.body_html,
        ).where(OutboxMessage.id == row_id)
    ).one_or_none()
    if found is None:
        return None
    values = dict(found._mapping)
    message_id = values.pop("rfc_message_id")
    body_text = values.pop("body_text")
    body_html = values.pop("body_html")
    attempts = tuple(
        AttemptRow(**attempt._mapping)
        for attempt in db.session.execute(
            select(
                OutboxAttempt.id,
                OutboxAttempt.attempted_at,
                OutboxAttempt.outcome,
                OutboxAttempt.reply,
                OutboxAttempt.raw_message,
            )
            .where(OutboxAttempt.outbox_message_id == row_id)
            .order_by(OutboxAttempt.attempted_at, OutboxAttempt.id)
        )
    )
    last_raw = next(
        (attempt.raw_message for attempt in reversed(attempts) if attempt.raw_message), None
    )
    return MessageDetail(
        row=OutboxRow(**values),
        message_id=message_id,
        body_text=body_text,
        body_html=body_html,
        attempts=attempts,
        sent=read_sent_message(last_raw) if last_raw is not None else None,
    )

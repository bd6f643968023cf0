"""Run the reminder job: plan the day's digests, commit them to the outbox, then send them.

All the committing is here, the one named exception to one commit per command or job (see
tracker.transactions), because the order of the commits is what makes each message go out
once: outbox rows are committed before anything is sent; a batch of messages is marked
'sending' and committed before any of their data goes to the server; their outcomes are
committed together once the batch is through. No transaction stays open while the server is
being talked to.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from flask import current_app

from tracker import clock
from tracker.domain.outbox import Outcome
from tracker.extensions import db
from tracker.reminders.emails import day_renderer
from tracker.services import job_lock, outbox
from tracker.services.mailer import Delivery, MailSettings, SmtpSession, build_message
from tracker.services.reminders import DayPlan, describe_unreachable, plan_day

LOCK_NAME = "reminders"
# Messages are claimed ('sending') in batches of this many, in one commit, and their outcomes
# stored in one commit after the batch: a run stopped mid-batch leaves at most this many
# messages of unknown fate, none of them sent twice.
SEND_BATCH_SIZE = 50
# No message of a batch is started after this long; the rest go back to pending. The lock,
# renewed per batch, must outlast this plus the longest one message can take (a few
# MAIL_TIMEOUTs).
SEND_BATCH_SECONDS = 30.0
LOCK_LEASE = timedelta(minutes=10)
LOCK_WAIT = timedelta(minutes=30)
_LOCK_POLL_SECONDS = 0.5


class LockBusy(Exception):
    """Say that another run held the reminders lock for longer than this one would wait."""

    def __init__(self, holder: str) -> None:
        """Remember who holds the lock."""
        super().__init__(f"another reminders run holds the lock: {holder}")
        self.holder = holder


@dataclass
class RunSummary:
    """Count what one run did, and list who should have had a digest but has no address."""

    sent: int = 0
    skipped: int = 0
    failed: int = 0
    unknown: int = 0
    unreachable: list[dict[str, object]] = field(default_factory=list)

    def count(self, outcome: Outcome) -> None:
        """Count one attempt's outcome."""
        if outcome is Outcome.DELIVERED:
            self.sent += 1
        elif outcome is Outcome.UNKNOWN:
            self.unknown += 1
        else:
            self.failed += 1

    def as_dict(self) -> dict[str, object]:
        """Return the summary the command prints."""
        return {
            "sent": self.sent,
            "skipped": self.skipped,
            "failed": self.failed,
            "unknown": self.unknown,
            "unreachable": self.unreachable,
        }


def _acquire(holder: str, wait: timedelta, on_wait: Callable[[str], None] | None) -> None:
    deadline = time.monotonic() + wait.total_seconds()
    told = False
    while True:
        current = job_lock.try_acquire(LOCK_NAME, holder, clock.now(), LOCK_LEASE)
        db.session.commit()
        if current is None:
            return
        if time.monotonic() >= deadline:
            raise LockBusy(current)
        if on_wait is not None and not told:
            on_wait(current)
            told = True
        time.sleep(_LOCK_POLL_SECONDS)


def write_outbox(day: DayPlan, *, base_url: str, message_id_domain: str) -> outbox.OutboxWrite:
    """Add the day's digests not in the outbox yet, worded as emails, as pending messages."""
    return outbox.add_digests(
        day.run.digests,
        day.recipients,
        day_renderer(day, base_url),
        message_id_domain=message_id_domain,
    )


def run_reminders(
    *,
    today: date | None,
    respect_backoff: bool = True,
    wait: timedelta = LOCK_WAIT,
    on_wait: Callable[[str], None] | None = None,
) -> RunSummary:
    """Plan today's digests (none when today is None), then send every pending message due.

    Without respect_backoff, messages waiting for a retry are tried at once.
    """
    settings = MailSettings.from_config(current_app.config)
    summary = RunSummary()
    holder = job_lock.new_holder()
    _acquire(holder, wait, on_wait)
    try:
        interrupted = outbox.mark_interrupted(clock.now())
        db.session.commit()
        summary.unknown += len(interrupted)
        skipped_ids: set[int] = set()
        if today is not None:
            day = plan_day(today)
            written = write_outbox(
                day,
                base_url=current_app.config["TRACKER_BASE_URL"],
                message_id_domain=settings.message_id_domain,
            )
            db.session.commit()
            skipped_ids.update(written.existing_ids)
            summary.unreachable = describe_unreachable(day)
        due, waiting = outbox.pending_messages(clock.now(), respect_backoff=respect_backoff)
        db.session.commit()
        skipped_ids.update(waiting)
        attempted = _send(due, settings, holder, summary)
        summary.skipped = len(skipped_ids - attempted - set(interrupted))
        return summary
    finally:
        db.session.rollback()
        job_lock.release(LOCK_NAME, holder)
        db.session.commit()


def _send(
    due: list[outbox.OutgoingMessage], settings: MailSettings, holder: str, summary: RunSummary
) -> set[int]:
    """Send the messages batch by batch over one connection, reconnecting after a drop.

    Return the ids of those tried.
    """
    session = SmtpSession(settings)
    attempted: set[int] = set()
    queue = deque(due)
    try:
        while queue:
            batch = [queue.popleft() for _ in range(min(SEND_BATCH_SIZE, len(queue)))]
            still_held = job_lock.renew(LOCK_NAME, holder, clock.now(), LOCK_LEASE)
            claimed = outbox.claim(batch) if still_held else []
            # From this commit on, a stop before the outcomes are stored leaves the batch in
            # 'sending', which the next run reports as unknown instead of sending it again.
            db.session.commit()
            if not still_held:
                break
            attempts, untried = _send_batch(session, settings, claimed)
            # Renewing first, in the same transaction, makes sure no other run has taken the
            # lock and marked this batch as of unknown fate.
            still_held = job_lock.renew(LOCK_NAME, holder, clock.now(), LOCK_LEASE)
            if still_held:
                outbox.record_attempts(attempts)
                outbox.release(untried)
            db.session.commit()
            if not still_held:
                break
            for attempt in attempts:
                attempted.add(attempt.message.id)
                summary.count(attempt.outcome)
            queue.extendleft(reversed(untried))
    finally:
        session.close()
    return attempted


def _send_batch(
    session: SmtpSession, settings: MailSettings, claimed: list[outbox.OutgoingMessage]
) -> tuple[list[outbox.Attempt], list[outbox.OutgoingMessage]]:
    """Try each claimed message until the batch's time is up; return the attempts and the rest."""
    deadline = time.monotonic() + SEND_BATCH_SECONDS
    attempts: list[outbox.Attempt] = []
    unreachable_server: str | None = None
    for position, message in enumerate(claimed):
        # The first message is always tried, so every batch makes progress.
        if position and time.monotonic() >= deadline:
            return attempts, claimed[position:]
        built: bytes | None = None
        try:
            built = build_message(
                settings,
                recipient=message.recipient,
                subject=message.subject,
                body_text=message.body_text,
                body_html=message.body_html,
                message_id=message.message_id,
                date=clock.now(),
            )
        except (ValueError, TypeError) as error:
            delivery = Delivery(Outcome.PERMANENT, f"could not build the message: {error}")
        else:
            # One failed connection is enough for this run: the rest wait for a retry.
            if unreachable_server is None and not session.is_open:
                unreachable_server = session.open()
            if unreachable_server is not None:
                delivery = Delivery(Outcome.TEMPORARY, unreachable_server)
            else:
                delivery = session.start(message.recipient) or session.finish(built)
        attempts.append(
            outbox.Attempt(message, delivery.outcome, delivery.detail, clock.now(), built)
        )
    return attempts, []

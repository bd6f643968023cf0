"""Run the reminder job: plan the day's digests, commit them to the outbox, then send them.

All the committing is here, the one named exception to one commit per command or job (see
tracker.transactions), because the order of the commits is what makes each message go out
once: outbox rows are committed before anything is sent; a message is marked 'sending' and
committed just before its data goes to the server; its outcome is committed right after the
server answers. No transaction stays open while the server is being talked to.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from flask import current_app

from tracker import clock
from tracker.domain.outbox import OutboxStatus, Outcome
from tracker.extensions import db
from tracker.reminders.emails import day_renderer
from tracker.services import job_lock, outbox
from tracker.services.mailer import Delivery, MailSettings, SmtpSession, build_message
from tracker.services.reminders import DayPlan, describe_unreachable, plan_day

LOCK_NAME = "reminders"
# Renewed before each message; it must outlast the longest a single message can take, which
# is a few MAIL_TIMEOUTs.
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
    """Send each message over one connection, reconnecting after a drop; return those tried."""
    session = SmtpSession(settings)
    unreachable_server: str | None = None
    attempted: set[int] = set()
    try:
        for message in due:
            attempted.add(message.id)
            built: bytes | None = None
            try:
                payload = build_message(
                    settings,
                    recipient=message.recipient,
                    subject=message.subject,
                    body_text=message.body_text,
                    body_html=message.body_html,
                    message_id=message.message_id,
                    date=clock.now(),
                )
            except (ValueError, TypeError) as error:
                failure: Delivery | None = Delivery(
                    Outcome.PERMANENT, f"could not build the message: {error}"
                )
            else:
                built = payload
                # One failed connection is enough for this run: the rest wait for a retry.
                if unreachable_server is None and not session.is_open:
                    unreachable_server = session.open()
                if unreachable_server is not None:
                    failure = Delivery(Outcome.TEMPORARY, unreachable_server)
                else:
                    failure = session.start(message.recipient)
            if failure is not None:
                still_held = job_lock.renew(LOCK_NAME, holder, clock.now(), LOCK_LEASE)
                if still_held:
                    outbox.record_attempt(
                        message,
                        failure.outcome,
                        failure.detail,
                        was=OutboxStatus.PENDING,
                        now=clock.now(),
                        raw_message=built,
                    )
                    summary.count(failure.outcome)
                db.session.commit()
                if not still_held:
                    break
                continue
            still_held = job_lock.renew(LOCK_NAME, holder, clock.now(), LOCK_LEASE)
            claimed = still_held and outbox.claim(message)
            # From this commit on, a stop before the outcome is stored leaves the row in
            # 'sending', which the next run reports as unknown instead of sending it again.
            db.session.commit()
            if not claimed:
                session.abandon()
                if not still_held:
                    break
                continue
            delivery = session.finish(payload)
            outbox.record_attempt(
                message,
                delivery.outcome,
                delivery.detail,
                was=OutboxStatus.SENDING,
                now=clock.now(),
                raw_message=payload,
            )
            db.session.commit()
            summary.count(delivery.outcome)
    finally:
        session.close()
    return attempted

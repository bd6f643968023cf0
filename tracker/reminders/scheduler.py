"""Run the reminder jobs on a schedule, in a process of their own (flask scheduler run).

Nothing here is started by the web app: the scheduler exists only in the process that runs
`flask --app wsgi scheduler run`, so gunicorn workers and the reloader never send reminders.
If two such processes run by mistake, the reminders lock and the outbox's unique keys still
let each digest out once.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from flask import Flask

from tracker import clock, transactions
from tracker.clock import LONDON
from tracker.config import reminder_send_time
from tracker.reminders.jobs import LockBusy, run_reminders

logger = logging.getLogger(__name__)

MISFIRE_GRACE = timedelta(hours=1)
RETRY_EVERY = timedelta(minutes=5)
DAILY_JOB_ID = "reminders-daily"
# A run late by less than the grace still happens; runs piled up while blocked happen once;
# a job never overlaps itself.
JOB_OPTIONS = {
    "misfire_grace_time": int(MISFIRE_GRACE.total_seconds()),
    "coalesce": True,
    "max_instances": 1,
}


def missed_within_grace(send_time: time, now: datetime) -> bool:
    """Say whether today's send time passed less than the misfire grace before now (London)."""
    local = now.astimezone(LONDON)
    due = datetime.combine(local.date(), send_time, tzinfo=LONDON)
    return due <= local < due + MISFIRE_GRACE


def _in_app_context(app: Flask, work: Callable[[], Any]) -> Any:
    """Run work in a fresh app context and one transaction, with a session that ends with it."""
    with app.app_context(), transactions.job():
        return work()


def _log_run(job: str, today: date | None, run: Callable[[], Any]) -> None:
    """Run one job, logging its summary; keep the scheduler alive whatever happens."""
    try:
        summary = run()
    except LockBusy as busy:
        logger.warning("%s: skipped, %s", job, busy)
    except Exception:
        logger.exception("%s: failed", job)
    else:
        result = {"job": job, "date": today.isoformat() if today else None, **summary.as_dict()}
        logger.info("%s: run finished %s", job, json.dumps(result))


def run_daily(app: Flask) -> None:
    """Plan and send today's digests for every plan."""

    def work() -> None:
        today = clock.today()
        _log_run(DAILY_JOB_ID, today, lambda: run_reminders(today=today, respect_backoff=True))

    _in_app_context(app, work)


def run_retries(app: Flask) -> None:
    """Send the messages whose retry time has come, and settle any a stopped run left."""
    _in_app_context(
        app,
        lambda: _log_run(
            "reminders-retry",
            None,
            lambda: run_reminders(today=None, respect_backoff=True, wait=timedelta(0)),
        ),
    )


def build_scheduler(app: Flask, now: datetime | None = None) -> BlockingScheduler:
    """Return a blocking scheduler with the daily and retry jobs, not yet started.

    The daily job runs at TRACKER_REMINDER_SEND_TIME; started within the grace after it, the
    scheduler runs it at once.
    """
    send_time = reminder_send_time(app.config["TRACKER_REMINDER_SEND_TIME"])
    now = now or datetime.now(LONDON)
    scheduler = BlockingScheduler(
        timezone=LONDON,
        # One worker: this process's jobs run one after another and never race each other.
        executors={"default": ThreadPoolExecutor(max_workers=1)},
    )
    catch_up = {"next_run_time": now} if missed_within_grace(send_time, now) else {}
    scheduler.add_job(
        run_daily,
        CronTrigger(hour=send_time.hour, minute=send_time.minute, timezone=LONDON),
        args=[app],
        id=DAILY_JOB_ID,
        name=f"reminders at {send_time:%H:%M}",
        **JOB_OPTIONS,
        **catch_up,
    )
    scheduler.add_job(
        run_retries,
        IntervalTrigger(seconds=int(RETRY_EVERY.total_seconds()), timezone=LONDON),
        args=[app],
        id="reminders-retry",
        name="send retries due",
        **JOB_OPTIONS,
    )
    return scheduler

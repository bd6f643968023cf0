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
from sqlalchemy import select

from tracker import clock, transactions
from tracker.clock import LONDON
from tracker.extensions import db
from tracker.models import Plan
from tracker.reminders.jobs import LockBusy, run_reminders

logger = logging.getLogger(__name__)

MISFIRE_GRACE = timedelta(hours=1)
RETRY_EVERY = timedelta(minutes=5)
SYNC_EVERY = timedelta(minutes=10)
DAILY_JOB_PREFIX = "reminders-daily-"
# A run late by less than the grace still happens; runs piled up while blocked happen once;
# a job never overlaps itself.
JOB_OPTIONS = {
    "misfire_grace_time": int(MISFIRE_GRACE.total_seconds()),
    "coalesce": True,
    "max_instances": 1,
}


def daily_job_id(send_time: time) -> str:
    """Return the id of the daily job for one send time."""
    return f"{DAILY_JOB_PREFIX}{send_time:%H:%M}"


def load_send_times() -> dict[time, list[int]]:
    """Return the live plans grouped by their reminder send time."""
    rows = db.session.execute(
        select(Plan.reminder_send_time, Plan.id).where(Plan.archived_at.is_(None))
    )
    times: dict[time, list[int]] = {}
    for send_time, plan_id in rows:
        times.setdefault(send_time.replace(second=0, microsecond=0), []).append(plan_id)
    return times


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


def run_daily(app: Flask, send_time: time) -> None:
    """Plan and send today's digests for the plans whose send time this is."""

    def work() -> None:
        today = clock.today()
        plan_ids = load_send_times().get(send_time, [])
        _log_run(
            daily_job_id(send_time),
            today,
            lambda: run_reminders(today=today, plan_ids=plan_ids, respect_backoff=True),
        )

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


def sync_daily_jobs(scheduler: BlockingScheduler, app: Flask, now: datetime | None = None) -> None:
    """Give each plan send time a daily job, catching up a time passed within the grace."""

    wanted = {
        daily_job_id(send_time): send_time for send_time in _in_app_context(app, load_send_times)
    }
    for job in scheduler.get_jobs():
        if job.id.startswith(DAILY_JOB_PREFIX) and job.id not in wanted:
            job.remove()
    now = now or datetime.now(LONDON)
    for job_id, send_time in sorted(wanted.items()):
        if scheduler.get_job(job_id) is not None:
            continue
        catch_up = {"next_run_time": now} if missed_within_grace(send_time, now) else {}
        scheduler.add_job(
            run_daily,
            CronTrigger(hour=send_time.hour, minute=send_time.minute, timezone=LONDON),
            args=[app, send_time],
            id=job_id,
            name=f"reminders at {send_time:%H:%M}",
            **JOB_OPTIONS,
            **catch_up,
        )


def build_scheduler(app: Flask, now: datetime | None = None) -> BlockingScheduler:
    """Return a blocking scheduler with the daily, retry and sync jobs, not yet started."""
    scheduler = BlockingScheduler(
        timezone=LONDON,
        # One worker: this process's jobs run one after another and never race each other.
        executors={"default": ThreadPoolExecutor(max_workers=1)},
    )
    sync_daily_jobs(scheduler, app, now)
    scheduler.add_job(
        run_retries,
        IntervalTrigger(seconds=int(RETRY_EVERY.total_seconds()), timezone=LONDON),
        args=[app],
        id="reminders-retry",
        name="send retries due",
        **JOB_OPTIONS,
    )
    scheduler.add_job(
        sync_daily_jobs,
        IntervalTrigger(seconds=int(SYNC_EVERY.total_seconds()), timezone=LONDON),
        args=[scheduler, app],
        id="reminders-sync",
        name="follow changes to plans' send times",
        **JOB_OPTIONS,
    )
    return scheduler

"""One scheduler process runs the reminder jobs; the web app never starts one."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from datetime import date, datetime, timedelta

from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy import select

from tests.conftest import TestConfig
from tests.factories import make_action, make_person
from tests.reminders.conftest import TUESDAY, daily_plan
from tests.reminders.test_exactly_once import ROOT, flask_command
from tracker import clock
from tracker.clock import LONDON
from tracker.domain.reminders import message_id_for
from tracker.extensions import db
from tracker.models import OutboxMessage
from tracker.reminders.jobs import write_outbox
from tracker.reminders.scheduler import build_scheduler, run_daily
from tracker.services.reminders import plan_day


def plan_with_overdue_action(slug: str, *, lead=None, archived: bool = False):
    lead = lead or make_person(f"Lead of {slug}", f"{slug}@example.org")
    plan = daily_plan(slug=slug, title=f"Plan {slug}")
    if archived:
        plan.archived_at = clock.now()
    make_action(plan, text=f"Overdue in {slug}", leads=[lead], target_date=date(2026, 3, 2))
    return plan


def jobs_by_id(scheduler) -> dict:
    return {job.id: job for job in scheduler.get_jobs()}


def test_one_daily_job_at_the_instance_send_time_in_london_with_grace_coalescing_and_one_instance(
    app,
):
    app.config["TRACKER_REMINDER_SEND_TIME"] = "08:30"

    scheduler = build_scheduler(app, datetime(2026, 3, 31, 5, 0, tzinfo=LONDON))

    jobs = jobs_by_id(scheduler)
    assert sorted(jobs) == ["reminders-daily", "reminders-retry"]
    trigger = jobs["reminders-daily"].trigger
    assert isinstance(trigger, CronTrigger)
    fields = {field.name: str(field) for field in trigger.fields}
    assert (fields["hour"], fields["minute"]) == ("8", "30")
    assert str(trigger.timezone) == "Europe/London"
    assert jobs["reminders-daily"].name == "reminders at 08:30"
    assert isinstance(jobs["reminders-retry"].trigger, IntervalTrigger)
    for job in jobs.values():
        assert job.misfire_grace_time >= 3600
        assert job.coalesce is True
        assert job.max_instances == 1
    assert str(scheduler.timezone) == "Europe/London"


def test_the_send_time_defaults_to_seven_in_the_morning(app):
    jobs = jobs_by_id(build_scheduler(app, datetime(2026, 3, 31, 5, 0, tzinfo=LONDON)))

    fields = {field.name: str(field) for field in jobs["reminders-daily"].trigger.fields}
    assert (fields["hour"], fields["minute"]) == ("7", "0")


def test_a_send_time_passed_within_the_hour_is_caught_up_at_start(app):
    started = datetime(2026, 3, 31, 7, 20, tzinfo=LONDON)

    jobs = jobs_by_id(build_scheduler(app, started))

    assert jobs["reminders-daily"].next_run_time == started


def test_a_send_time_passed_more_than_an_hour_ago_waits_for_tomorrow(app):
    jobs = jobs_by_id(build_scheduler(app, datetime(2026, 3, 31, 8, 1, tzinfo=LONDON)))

    assert not hasattr(jobs["reminders-daily"], "next_run_time")


def test_the_daily_job_sends_one_digest_per_person_across_every_live_plan(
    app, smtp_server, monkeypatch, caplog
):
    shared = make_person("Lead of both", "both@example.org")
    plan_with_overdue_action("first", lead=shared)
    plan_with_overdue_action("second", lead=shared)
    plan_with_overdue_action("other")
    plan_with_overdue_action("archived", archived=True)
    db.session.commit()
    monkeypatch.setattr(clock, "today", lambda: TUESDAY)
    caplog.set_level("INFO", logger="tracker.reminders.scheduler")

    run_daily(app)
    run_daily(app)

    assert sorted(received.recipients[0] for received in smtp_server.received) == [
        "both@example.org",
        "other@example.org",
    ]
    subjects = {r.recipients[0]: r.message["Subject"] for r in smtp_server.received}
    assert subjects["both@example.org"] == "2 overdue actions – 2 plans"
    finished = [r.getMessage() for r in caplog.records if "run finished" in r.getMessage()]
    assert len(finished) == 2
    assert json.loads(finished[-1].split("run finished ", 1)[1])["skipped"] == 2


def test_loading_the_web_app_starts_no_scheduler_thread(database_url):
    loaded = subprocess.run(
        [
            sys.executable,
            "-c",
            "import threading, wsgi; wsgi.app.test_client().get('/');"
            " print(threading.active_count())",
        ],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": TestConfig.SECRET_KEY},
        capture_output=True,
        text=True,
        check=True,
    )
    assert loaded.stdout.strip() == "1"


class LineReader:
    """Collect a process's standard error, line by line, as it comes."""

    def __init__(self, process: subprocess.Popen) -> None:
        self.lines: list[str] = []
        self._thread = threading.Thread(target=self._read, args=(process,), daemon=True)
        self._thread.start()

    def _read(self, process: subprocess.Popen) -> None:
        for line in process.stderr:
            self.lines.append(line)

    def close(self, process: subprocess.Popen) -> None:
        self._thread.join(timeout=30)
        process.stdout.close()
        process.stderr.close()

    def finished_runs(self) -> list[dict]:
        return [
            json.loads(line.split("run finished ", 1)[1])
            for line in list(self.lines)
            if "reminders-daily" in line and "run finished " in line
        ]


def test_two_scheduler_processes_started_by_mistake_send_each_digest_once(
    app, database_url, smtp_server, monkeypatch
):
    now = datetime.now(LONDON)
    moment = max(now - timedelta(minutes=2), now.replace(hour=0, minute=0))
    monkeypatch.setenv("TRACKER_REMINDER_SEND_TIME", f"{moment:%H:%M}")
    plan = daily_plan(slug="today", title="Today's plan")
    for name in ("Howard Woolfenden", "Warren Carratt", "Deb Johnson"):
        lead = make_person(name, f"{name.split()[0].lower()}@example.org")
        overdue_since = min(date(2026, 3, 2), clock.today() - timedelta(days=40))
        make_action(plan, leads=[lead], target_date=overdue_since)
    # Messages an earlier run left unsent, so that the processes have mail to race for even
    # when today is a weekend or bank holiday and so plans no digests.
    write_outbox(
        plan_day(TUESDAY), base_url="http://tracker.test", message_id_domain="tracker.test"
    )
    db.session.commit()
    todays = plan_day(clock.today()).run.digests
    expected = {message_id_for(digest.idempotency_key, "tracker.test") for digest in todays}
    expected |= set(db.session.scalars(select(OutboxMessage.message_id)))
    db.session.commit()
    assert len(expected) in (3, 6)

    processes = [flask_command(database_url, smtp_server.port, "scheduler", "run") for _ in (1, 2)]
    readers = [LineReader(process) for process in processes]
    try:
        deadline = time.monotonic() + 60
        while not all(reader.finished_runs() for reader in readers):
            assert time.monotonic() < deadline, [reader.lines for reader in readers]
            time.sleep(0.1)
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
        for process, reader in zip(processes, readers, strict=True):
            process.wait(timeout=30)
            reader.close(process)

    runs = [reader.finished_runs()[0] for reader in readers]
    assert sorted(run["sent"] for run in runs) == [0, len(expected)]
    received = smtp_server.handler.message_ids()
    assert set(received) == expected
    assert set(received.values()) == {1}
    assert [process.returncode for process in processes] == [0, 0]

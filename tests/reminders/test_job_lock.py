"""The reminders lock: one run at a time, and a dead holder does not block the next run."""

import os
import socket
import subprocess
import sys
from datetime import timedelta

import pytest

from tests.reminders.conftest import TUESDAY, children_plan
from tracker import clock
from tracker.extensions import db
from tracker.reminders.jobs import LOCK_NAME, LockBusy, run_reminders
from tracker.services import job_lock

LEASE = timedelta(minutes=10)


def acquire(holder, now=None):
    taken = job_lock.try_acquire(LOCK_NAME, holder, now or clock.now(), LEASE)
    db.session.commit()
    return taken


def dead_holder() -> str:
    finished = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    return f"{socket.gethostname()}:{finished.stdout.strip()}:deadbeef"


def test_a_live_holder_keeps_the_lock_until_it_releases_it(app):
    assert acquire("host-a:1:first") is None
    assert acquire("host-b:2:second") == "host-a:1:first"

    job_lock.release(LOCK_NAME, "host-b:2:second")
    db.session.commit()
    assert acquire("host-b:2:second") == "host-a:1:first"

    job_lock.release(LOCK_NAME, "host-a:1:first")
    db.session.commit()
    assert acquire("host-b:2:second") is None


def test_an_expired_lease_can_be_taken_and_the_old_holder_can_no_longer_renew(app):
    start = clock.now()
    assert acquire("host-a:1:first", start) is None

    assert acquire("host-b:2:second", start + LEASE + timedelta(seconds=1)) is None
    assert not job_lock.renew(LOCK_NAME, "host-a:1:first", clock.now(), LEASE)
    assert job_lock.renew(LOCK_NAME, "host-b:2:second", clock.now(), LEASE)


def test_a_lock_left_by_a_process_that_died_on_this_host_is_taken_at_once(app):
    assert acquire(dead_holder()) is None

    assert acquire("host-b:2:second") is None


def test_a_lock_held_by_a_live_process_on_this_host_is_not_taken(app):
    live = f"{socket.gethostname()}:{os.getpid()}:cafe"
    assert acquire(live) is None

    assert acquire("host-b:2:second") == live


def test_a_run_does_not_start_while_another_holds_the_lock(app, runner, smtp_server):
    children_plan()
    assert acquire("elsewhere:1:busy") is None

    with pytest.raises(LockBusy, match="elsewhere:1:busy"):
        run_reminders(today=TUESDAY, wait=timedelta(0))
    assert smtp_server.received == []

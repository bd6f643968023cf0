"""Hold a named lease in the job_lock table, so that one process at a time runs a job.

The same statements are correct on PostgreSQL, where a second UPDATE of the row waits for the
first transaction and then re-checks its WHERE clause, and on SQLite, where every transaction
of this app starts with BEGIN IMMEDIATE and so runs one at a time. Callers commit after each
call, keeping the transactions short.
"""

from __future__ import annotations

import os
import secrets
import socket
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite

from tracker.extensions import db
from tracker.models import JobLock

_INSERTS: dict[str, Callable[..., postgresql.Insert | sqlite.Insert]] = {
    "postgresql": postgresql.insert,
    "sqlite": sqlite.insert,
}


def new_holder() -> str:
    """Return a name for this process's claim: host, process id and a random token."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"


def process_is_gone(holder: str) -> bool:
    """Say whether the holder was a process on this host that no longer exists."""
    host, _, rest = holder.partition(":")
    pid = rest.partition(":")[0]
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def _update(name: str, *conditions):  # type: ignore[no-untyped-def]
    return (
        update(JobLock)
        .where(JobLock.name == name, *conditions)
        .execution_options(synchronize_session=False)
    )


def try_acquire(name: str, holder: str, now: datetime, lease: timedelta) -> str | None:
    """Take the lease if free, expired or left by a dead process here; else return its holder."""
    insert = _INSERTS[db.session.get_bind().dialect.name]
    db.session.execute(
        insert(JobLock).values(name=name, holder="").on_conflict_do_nothing(index_elements=["name"])
    )
    claim = {"holder": holder, "acquired_at": now, "expires_at": now + lease}
    taken = db.session.execute(
        _update(
            name, or_(JobLock.holder == "", JobLock.expires_at.is_(None), JobLock.expires_at <= now)
        ).values(**claim)
    )
    if cast(CursorResult[Any], taken).rowcount == 1:
        return None
    current = db.session.scalar(select(JobLock.holder).where(JobLock.name == name))
    if current and process_is_gone(current):
        taken = db.session.execute(_update(name, JobLock.holder == current).values(**claim))
        if cast(CursorResult[Any], taken).rowcount == 1:
            return None
    return current or "another process"


def renew(name: str, holder: str, now: datetime, lease: timedelta) -> bool:
    """Extend the lease; return False if this holder no longer has it."""
    renewed = db.session.execute(
        _update(name, JobLock.holder == holder).values(expires_at=now + lease)
    )
    return cast(CursorResult[Any], renewed).rowcount == 1


def release(name: str, holder: str) -> None:
    """Give the lease up, if this holder still has it."""
    db.session.execute(_update(name, JobLock.holder == holder).values(holder="", expires_at=None))

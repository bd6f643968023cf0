"""Record, claim, finish and hand out documents prepared outside the request that asked for them.

A request records a queued row; a builder claims it with a lease (one short transaction),
builds the document in a read-only transaction, and stores the result (another short one).
On SQLite every other transaction takes the write lock when it starts, so the build itself
must not hold one; on PostgreSQL a claim is a row update that a second claimer waits for and
then finds already taken.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, delete, func, select, update
from sqlalchemy.orm import defer, raiseload

from tracker.domain.prepared_documents import (
    REUSABLE,
    STOPPED_MESSAGE,
    JobStatus,
    document_key,
    may_reuse,
)
from tracker.extensions import db
from tracker.models import Action, Plan, PreparedDocument, StatusUpdate
from tracker.services import job_lock


@dataclass(frozen=True)
class Measure:
    """How many rows a document will hold, and a mark that changes when its data changes."""

    size: int
    state: str


@dataclass(frozen=True)
class JobToBuild:
    """What a builder needs to know of a claimed job."""

    kind: str
    plan_id: int | None
    user_id: int
    options: dict[str, str]
    filename: str


def measure_plan(plan: Plan) -> Measure:
    """Count the plan's actions and updates, and mark its state, in one query."""
    of_plan = Action.plan_id == plan.id
    counts = db.session.execute(
        select(
            select(func.count()).where(of_plan).scalar_subquery(),
            select(func.coalesce(func.sum(Action.version), 0)).where(of_plan).scalar_subquery(),
            select(func.count())
            .select_from(StatusUpdate)
            .join(Action, Action.id == StatusUpdate.action_id)
            .where(of_plan)
            .scalar_subquery(),
            select(func.coalesce(func.max(StatusUpdate.id), 0))
            .join(Action, Action.id == StatusUpdate.action_id)
            .where(of_plan)
            .scalar_subquery(),
        )
    ).one()
    actions, versions, updates, last_update = (int(value) for value in counts)
    # The plan's own settings that change its documents, beside its rows' counts and versions.
    settings = repr((plan.title, plan.owner, plan.status_key, plan.import_mapping))
    return Measure(actions + updates, f"{actions}:{versions}:{updates}:{last_update}:{settings}")


def ask_for(
    kind: str,
    *,
    plan_id: int | None,
    options: Mapping[str, str],
    filename: str,
    user_id: int,
    per_account: bool,
    state: str,
    now: datetime,
    reuse_for: timedelta,
    keep_for: timedelta,
) -> PreparedDocument:
    """Return the job already preparing or lately built for the same data, else queue a new one."""
    expire_lapsed(now)
    db.session.execute(
        delete(PreparedDocument)
        .where(PreparedDocument.created_at < now - keep_for)
        .execution_options(synchronize_session=False)
    )
    key = document_key(kind, plan_id, options, user_id if per_account else None, state)
    latest = db.session.scalar(
        select(PreparedDocument)
        .options(defer(PreparedDocument.content))
        .where(PreparedDocument.key == key, PreparedDocument.status.in_(REUSABLE))
        .order_by(PreparedDocument.id.desc())
        .limit(1)
    )
    if latest is not None and may_reuse(latest.status, latest.finished_at, now, reuse_for):
        return latest
    job = PreparedDocument(
        token=secrets.token_urlsafe(32),
        key=key,
        kind=kind,
        plan_id=plan_id,
        user_id=user_id,
        options=dict(options),
        filename=filename,
        status=JobStatus.QUEUED,
        created_at=now,
    )
    db.session.add(job)
    db.session.flush()
    return job


def find(token: str) -> PreparedDocument | None:
    """Return the job with this token, without its content, or None."""
    return db.session.scalar(
        select(PreparedDocument)
        .options(defer(PreparedDocument.content))
        .where(PreparedDocument.token == token)
    )


def queued_tokens() -> list[str]:
    """Return the tokens of the jobs waiting for a builder, oldest first."""
    return list(
        db.session.scalars(
            select(PreparedDocument.token)
            .where(PreparedDocument.status == JobStatus.QUEUED)
            .order_by(PreparedDocument.id)
        )
    )


def plan_slug(plan_id: int) -> str | None:
    """Return the slug of a job's plan, for the link back to it."""
    return db.session.scalar(select(Plan.slug).where(Plan.id == plan_id))


def content_of(job_id: int) -> bytes:
    """Return a ready job's content."""
    return (
        db.session.scalar(select(PreparedDocument.content).where(PreparedDocument.id == job_id))
        or b""
    )


def expire_lapsed(now: datetime) -> None:
    """Fail the jobs whose builder has died: its lease ran out, or its process here is gone."""
    building = db.session.execute(
        select(
            PreparedDocument.id, PreparedDocument.holder, PreparedDocument.lease_expires_at
        ).where(PreparedDocument.status == JobStatus.BUILDING)
    ).all()
    dead = [
        job.id
        for job in building
        if (job.lease_expires_at is not None and job.lease_expires_at <= now)
        or job_lock.process_is_gone(job.holder)
    ]
    if dead:
        db.session.execute(
            _update(
                PreparedDocument.id.in_(dead), PreparedDocument.status == JobStatus.BUILDING
            ).values(status=JobStatus.FAILED, problem=STOPPED_MESSAGE, holder="", finished_at=now)
        )


def claim(token: str, holder: str, now: datetime, lease: timedelta) -> JobToBuild | None:
    """Take a queued job for this holder until the lease ends; None when it is not queued."""
    taken = db.session.execute(
        _update(
            PreparedDocument.token == token, PreparedDocument.status == JobStatus.QUEUED
        ).values(
            status=JobStatus.BUILDING, holder=holder, started_at=now, lease_expires_at=now + lease
        )
    )
    if cast(CursorResult[Any], taken).rowcount != 1:
        return None
    row = db.session.execute(
        select(
            PreparedDocument.kind,
            PreparedDocument.plan_id,
            PreparedDocument.user_id,
            PreparedDocument.options,
            PreparedDocument.filename,
        ).where(PreparedDocument.token == token)
    ).one()
    return JobToBuild(row.kind, row.plan_id, row.user_id, dict(row.options), row.filename)


def plan_to_build(plan_id: int) -> Plan | None:
    """Return the plan a job is for, as the report services take it, or None if it is gone."""
    return db.session.scalar(select(Plan).options(raiseload("*")).where(Plan.id == plan_id))


def finish(token: str, holder: str, content: bytes, now: datetime) -> bool:
    """Store the built document, unless the job is no longer this holder's; say whether stored."""
    return _settle(token, holder, status=JobStatus.READY, content=content, finished_at=now)


def fail(token: str, holder: str, problem: str, now: datetime) -> bool:
    """Record why the job could not be built, unless it is no longer this holder's."""
    return _settle(token, holder, status=JobStatus.FAILED, problem=problem, finished_at=now)


def queue_again(job_id: int, now: datetime) -> None:
    """Put a failed job back in the queue, as it was asked for first."""
    db.session.execute(
        _update(PreparedDocument.id == job_id, PreparedDocument.status == JobStatus.FAILED).values(
            status=JobStatus.QUEUED,
            holder="",
            problem=None,
            started_at=None,
            finished_at=None,
            lease_expires_at=None,
            created_at=now,
        )
    )


def _settle(token: str, holder: str, **values: Any) -> bool:
    settled = db.session.execute(
        _update(
            PreparedDocument.token == token,
            PreparedDocument.holder == holder,
            PreparedDocument.status == JobStatus.BUILDING,
        ).values(holder="", lease_expires_at=None, **values)
    )
    return cast(CursorResult[Any], settled).rowcount == 1


def _update(*conditions):  # type: ignore[no-untyped-def]
    return update(PreparedDocument).where(*conditions).execution_options(synchronize_session=False)

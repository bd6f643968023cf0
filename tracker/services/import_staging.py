"""Keep an uploaded plan file in the database between the import's steps and its confirmation."""

# The file waits in the database rather than on one server's disk, so that the confirm can be
# answered by any of several app servers behind a load balancer.

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, delete, select, update

from tracker.extensions import db
from tracker.models import StagedImport

STAGING_LIFETIME = timedelta(hours=1)


@dataclass(frozen=True)
class StagedFile:
    """Hold a checked file's name as uploaded and its content."""

    filename: str
    content: bytes
    choices: dict[str, Any] | None = None


def stage_upload(content: bytes, filename: str, *, user_id: int, now: datetime) -> str:
    """Keep an upload for this user until it is confirmed or expires; return its token."""
    sweep_stale(now)
    token = secrets.token_urlsafe(24)
    db.session.add(
        StagedImport(
            token=token,
            user_id=user_id,
            filename=filename,
            content=content,
            created_at=now,
            expires_at=now + STAGING_LIFETIME,
        )
    )
    db.session.flush()
    return token


def take(token: str, *, user_id: int, now: datetime) -> StagedFile | None:
    """Remove this user's unexpired staged file and return it; None if it is gone or not theirs."""
    row = db.session.execute(
        select(StagedImport.filename, StagedImport.content, StagedImport.choices).where(
            StagedImport.token == token,
            StagedImport.user_id == user_id,
            StagedImport.expires_at > now,
        )
    ).one_or_none()
    if row is None:
        return None
    # The delete is the claim: of two confirms of one file, only one removes the row.
    removed = db.session.execute(
        delete(StagedImport)
        .where(StagedImport.token == token)
        .execution_options(synchronize_session=False)
    )
    return (
        StagedFile(row.filename, row.content, row.choices)
        if cast(CursorResult[Any], removed).rowcount == 1
        else None
    )


def peek(token: str, *, user_id: int, now: datetime) -> StagedFile | None:
    """Return this user's unexpired staged file and the choices kept with it, leaving it staged."""
    row = db.session.execute(
        select(StagedImport.filename, StagedImport.content, StagedImport.choices).where(
            StagedImport.token == token,
            StagedImport.user_id == user_id,
            StagedImport.expires_at > now,
        )
    ).one_or_none()
    return None if row is None else StagedFile(row.filename, row.content, row.choices)


def keep_choices(token: str, choices: dict[str, Any], *, user_id: int) -> None:
    """Keep what the user confirmed on an import step with their staged file."""
    db.session.execute(
        update(StagedImport)
        .where(StagedImport.token == token, StagedImport.user_id == user_id)
        .values(choices=choices)
        .execution_options(synchronize_session=False)
    )


def discard(token: str, *, user_id: int) -> None:
    """Delete this user's staged file, if it is still there."""
    db.session.execute(
        delete(StagedImport)
        .where(StagedImport.token == token, StagedImport.user_id == user_id)
        .execution_options(synchronize_session=False)
    )


def sweep_stale(now: datetime) -> int:
    """Delete staged files left behind by checks that were never confirmed; return how many."""
    result = db.session.execute(
        delete(StagedImport)
        .where(StagedImport.expires_at <= now)
        .execution_options(synchronize_session=False)
    )
    return cast(CursorResult[Any], result).rowcount

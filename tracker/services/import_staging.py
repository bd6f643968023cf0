"""Keep an uploaded plan file in the database between checking it and confirming its import."""

# The file waits in the database rather than on one server's disk, so that the confirm can be
# answered by any of several app servers behind a load balancer.

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select

from tracker.extensions import db
from tracker.models import StagedImport

STAGING_LIFETIME = timedelta(hours=1)


@dataclass(frozen=True)
class StagedFile:
    """Hold a checked file's name as uploaded and its content."""

    filename: str
    content: bytes


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
        select(StagedImport.filename, StagedImport.content).where(
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
    return StagedFile(row.filename, row.content) if removed.rowcount == 1 else None


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
    return result.rowcount

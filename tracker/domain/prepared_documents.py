"""Decide whether a document is built in the request or prepared aside, and where a job stands."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import datetime, timedelta
from enum import StrEnum


class JobStatus(StrEnum):
    """Say where a prepared document stands."""

    QUEUED = "queued"
    BUILDING = "building"
    READY = "ready"
    FAILED = "failed"


# Jobs a second request for the same document waits for, or takes, instead of starting another.
REUSABLE = frozenset({JobStatus.QUEUED, JobStatus.BUILDING, JobStatus.READY})
IN_PROGRESS = frozenset({JobStatus.QUEUED, JobStatus.BUILDING})

STOPPED_MESSAGE = "The document stopped being prepared before it was finished."
FAILED_MESSAGE = "Something went wrong while the document was being prepared."


def needs_preparing(size: int, threshold: int) -> bool:
    """Say whether a document of this many rows is built aside rather than in the request."""
    return size > threshold


def document_key(
    kind: str, plan_id: int | None, options: Mapping[str, str], owner_id: int | None, state: str
) -> str:
    """Return the key two requests for the same document of the same data have in common."""
    text = json.dumps(
        [kind, plan_id, sorted(options.items()), owner_id, state], separators=(",", ":")
    )
    return hashlib.sha256(text.encode()).hexdigest()


def may_reuse(
    status: JobStatus, finished_at: datetime | None, now: datetime, reuse_for: timedelta
) -> bool:
    """Say whether a job of the same key answers a new request: in progress, or lately built."""
    if status in IN_PROGRESS:
        return True
    return status is JobStatus.READY and finished_at is not None and now - finished_at < reuse_for


def refresh_seconds(started_at: datetime | None, now: datetime) -> int:
    """Return how long the preparing page waits before looking again: longer for longer jobs."""
    if started_at is None:
        return 2
    waited = (now - started_at).total_seconds()
    return 2 if waited < 10 else 5 if waited < 60 else 10

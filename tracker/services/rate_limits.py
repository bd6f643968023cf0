"""Count failed attempts per bucket (an account or an address) and say when to refuse more."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, func, select

from tracker.extensions import db
from tracker.models import RateLimitEvent

FAILURE_LIMIT = 10
WINDOW = timedelta(minutes=1)
_BUCKET_LENGTH = 400


def bucket(kind: str, key: str) -> str:
    """Return the bucket name for one kind of attempt by one account or address."""
    return f"{kind}:{key}"[:_BUCKET_LENGTH]


def is_limited(buckets: list[str], *, now: datetime) -> bool:
    """Tell whether any bucket has reached the failure limit within the window."""
    counts = db.session.execute(
        select(RateLimitEvent.bucket, func.count())
        .where(RateLimitEvent.bucket.in_(buckets), RateLimitEvent.occurred_at > now - WINDOW)
        .group_by(RateLimitEvent.bucket)
    )
    return any(count >= FAILURE_LIMIT for _, count in counts)


def record_failure(buckets: list[str], *, now: datetime) -> None:
    """Count one failure in each bucket, dropping the bucket's failures older than the window."""
    db.session.execute(
        delete(RateLimitEvent).where(
            RateLimitEvent.bucket.in_(buckets), RateLimitEvent.occurred_at <= now - WINDOW
        )
    )
    db.session.add_all(RateLimitEvent(bucket=name, occurred_at=now) for name in buckets)
    db.session.flush()

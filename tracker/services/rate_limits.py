"""Count failed sign-in and password attempts, refusing more atomically across processes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, select, text

from tracker.domain.sign_in_limits import (
    ADDRESS_WINDOW,
    FAILURE_MEMORY,
    RESET_REQUEST_WINDOW,
    RESET_REQUESTS_ALLOWED,
    FailureCount,
    is_refused,
    reset_request_refused_until,
)
from tracker.extensions import db
from tracker.models import RateLimitEvent

SIGN_IN = "sign-in"
PASSWORD = "password"
# A request for a password link by email; account is the address typed, known or not.
RESET_REQUEST = "reset-request"
_ACCOUNT_LENGTH = 400
_ADDRESS_LENGTH = 100
_FORGET_BATCH = 100


def reserve(kind: str, *, account: str, address: str, now: datetime) -> bool:
    """Count an attempt as failed until its password proves right; say False if it is refused."""
    # The caller commits at once, so that concurrent attempts count this one, and only then
    # checks the password: the check and the count cannot interleave.
    account, address = account[:_ACCOUNT_LENGTH], address[:_ADDRESS_LENGTH]
    _lock(kind, account, address)
    _forget_old_failures(now)
    of_kind = RateLimitEvent.kind == kind
    recent = RateLimitEvent.occurred_at > now - FAILURE_MEMORY
    by_account = RateLimitEvent.account == account
    by_address = RateLimitEvent.address == address
    address_accounts = db.session.scalar(
        select(func.count(func.distinct(RateLimitEvent.account))).where(
            of_kind, by_address, RateLimitEvent.occurred_at > now - ADDRESS_WINDOW
        )
    )
    refused = is_refused(
        pair=_count(of_kind, recent, by_account, by_address),
        account=_count(of_kind, recent, by_account),
        address_accounts=address_accounts or 0,
        now=now,
    )
    if refused:
        return False
    db.session.add(RateLimitEvent(kind=kind, account=account, address=address, occurred_at=now))
    db.session.flush()
    return True


def admit_reset_request(*, email: str, address: str, now: datetime) -> datetime | None:
    """Count a request for an emailed link, or return when one may be asked for again."""
    # The same queries whether or not an account has the address, so the answer tells nothing.
    email, address = email[:_ACCOUNT_LENGTH], address[:_ADDRESS_LENGTH]
    _lock(RESET_REQUEST, email, address)
    of_kind = RateLimitEvent.kind == RESET_REQUEST
    recent = RateLimitEvent.occurred_at > now - RESET_REQUEST_WINDOW
    waits = [
        reset_request_refused_until(
            db.session.scalars(
                select(RateLimitEvent.occurred_at)
                .where(of_kind, recent, bucket)
                .order_by(RateLimitEvent.occurred_at.desc())
                .limit(RESET_REQUESTS_ALLOWED)
            ),
            now=now,
        )
        for bucket in (RateLimitEvent.account == email, RateLimitEvent.address == address)
    ]
    refused = [until for until in waits if until is not None]
    if refused:
        return max(refused)
    db.session.add(
        RateLimitEvent(kind=RESET_REQUEST, account=email, address=address, occurred_at=now)
    )
    db.session.flush()
    return None


def succeeded(kind: str, *, account: str, address: str) -> None:
    """Forget the account's failures from this address, the attempt just checked included."""
    db.session.execute(
        delete(RateLimitEvent).where(
            RateLimitEvent.kind == kind,
            RateLimitEvent.account == account[:_ACCOUNT_LENGTH],
            RateLimitEvent.address == address[:_ADDRESS_LENGTH],
        )
    )


def _forget_old_failures(now: datetime) -> None:
    # A batch at a time, skipping rows another attempt is deleting: waiting for each other's
    # row locks could deadlock two attempts on PostgreSQL. Each attempt adds one row at most.
    stale = (
        select(RateLimitEvent.id)
        .where(RateLimitEvent.occurred_at <= now - FAILURE_MEMORY)
        .limit(_FORGET_BATCH)
        .with_for_update(skip_locked=True)
    )
    db.session.execute(delete(RateLimitEvent).where(RateLimitEvent.id.in_(stale)))


def _count(*conditions) -> FailureCount:  # type: ignore[no-untyped-def]
    failures, latest = db.session.execute(
        select(func.count(RateLimitEvent.id), func.max(RateLimitEvent.occurred_at)).where(
            *conditions
        )
    ).one()
    return FailureCount(failures=failures, latest=latest)


def _lock(kind: str, account: str, address: str) -> None:
    """Serialise the attempts on one account and from one address until the transaction ends."""
    # SQLite needs nothing here: every transaction of this app begins IMMEDIATE, taking the
    # database's write lock. On PostgreSQL, the account's lock is always taken before the
    # address's, so that two attempts cannot wait for each other.
    if db.session.get_bind().dialect.name != "postgresql":
        return
    for space, key in ((1, f"{kind}:{account}"), (2, f"{kind}:{address}")):
        db.session.execute(
            text("SELECT pg_advisory_xact_lock(:space, hashtext(:key))"),
            {"space": space, "key": key},
        )

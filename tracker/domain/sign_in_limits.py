"""Decide when a sign-in or password attempt is refused because of earlier failures."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class Backoff:
    """Allow some failures, then a wait after the latest that doubles with each further one."""

    free_failures: int
    first_wait: timedelta
    longest_wait: timedelta

    def wait_after(self, failures: int) -> timedelta:
        """Return how long to wait after the latest of this many failures (zero while free)."""
        if failures < self.free_failures:
            return timedelta(0)
        # Past 2**10 minutes every wait is the longest one; stop doubling before it overflows.
        doublings = min(failures - self.free_failures, 10)
        return min(self.first_wait * 2**doublings, self.longest_wait)


# One account from one address: a person mistyping their password, or one guesser.
PER_ACCOUNT_AND_ADDRESS = Backoff(
    free_failures=10, first_wait=timedelta(minutes=1), longest_wait=timedelta(hours=1)
)
# One account from any address: guessing spread over many addresses. Twice the limit above, so
# that a guesser at one other address is stopped before the account's owner is.
PER_ACCOUNT = Backoff(
    free_failures=20, first_wait=timedelta(minutes=1), longest_wait=timedelta(hours=1)
)
# Failures older than this are forgotten.
FAILURE_MEMORY = timedelta(hours=24)
# An address where sign-ins failed for this many different accounts within the window is
# attacking (a shared office sees a few mistyped passwords an hour), and is refused outright.
ATTACKING_ADDRESS_ACCOUNTS = 30
ADDRESS_WINDOW = timedelta(hours=1)


@dataclass(frozen=True)
class FailureCount:
    """How many failures a bucket holds within the memory, and when the latest happened."""

    failures: int
    latest: datetime | None


def refused_until(count: FailureCount, rule: Backoff, *, now: datetime) -> datetime | None:
    """Return when the rule next allows an attempt, or None when it allows one now."""
    wait = rule.wait_after(count.failures)
    if not wait or count.latest is None or count.latest + wait <= now:
        return None
    return count.latest + wait


def is_refused(
    *, pair: FailureCount, account: FailureCount, address_accounts: int, now: datetime
) -> bool:
    """Tell whether an attempt for an account from an address is refused."""
    return (
        address_accounts >= ATTACKING_ADDRESS_ACCOUNTS
        or refused_until(pair, PER_ACCOUNT_AND_ADDRESS, now=now) is not None
        or refused_until(account, PER_ACCOUNT, now=now) is not None
    )


# Asking for a password link by email ("Forgot your password?"): this many requests within the
# window for one address typed, and as many from one client, then 429 until the oldest ages out.
# Enough for a person who mistyped or lost the mail a few times; too few to flood an inbox.
RESET_REQUESTS_ALLOWED = 5
RESET_REQUEST_WINDOW = timedelta(hours=1)


def reset_request_refused_until(earlier: Iterable[datetime], *, now: datetime) -> datetime | None:
    """Return when one more link may be asked for, given earlier requests, or None for now."""
    recent = sorted((at for at in earlier if now - RESET_REQUEST_WINDOW < at <= now), reverse=True)
    if len(recent) < RESET_REQUESTS_ALLOWED:
        return None
    return recent[RESET_REQUESTS_ALLOWED - 1] + RESET_REQUEST_WINDOW

from datetime import UTC, datetime, timedelta

import pytest

from tracker.domain.sign_in_limits import (
    ATTACKING_ADDRESS_ACCOUNTS,
    PER_ACCOUNT,
    PER_ACCOUNT_AND_ADDRESS,
    Backoff,
    FailureCount,
    is_refused,
    refused_until,
)

NOW = datetime(2026, 3, 30, 9, 0, tzinfo=UTC)
RULE = Backoff(free_failures=10, first_wait=timedelta(minutes=1), longest_wait=timedelta(hours=1))
NONE = FailureCount(failures=0, latest=None)


def ago(**kwargs) -> datetime:
    return NOW - timedelta(**kwargs)


@pytest.mark.parametrize(
    ("failures", "wait"),
    [
        (0, timedelta(0)),
        (9, timedelta(0)),
        (10, timedelta(minutes=1)),
        (11, timedelta(minutes=2)),
        (12, timedelta(minutes=4)),
        (15, timedelta(minutes=32)),
        (16, timedelta(hours=1)),
        (10_000, timedelta(hours=1)),
    ],
)
def test_wait_doubles_after_the_free_failures_up_to_the_longest(failures, wait):
    assert RULE.wait_after(failures) == wait


@pytest.mark.parametrize(
    ("failures", "latest", "expected"),
    [
        (0, None, None),
        (9, ago(seconds=1), None),
        (10, ago(seconds=59), ago(seconds=-1)),
        (10, ago(seconds=60), None),
        (11, ago(seconds=90), ago(seconds=-30)),
        (11, ago(minutes=3), None),
        (40, ago(minutes=59), ago(minutes=-1)),
    ],
)
def test_refused_until_the_wait_after_the_latest_failure_has_passed(failures, latest, expected):
    assert refused_until(FailureCount(failures, latest), RULE, now=NOW) == expected


@pytest.mark.parametrize(
    ("pair", "account", "address_accounts", "refused"),
    [
        (NONE, NONE, 0, False),
        (NONE, NONE, ATTACKING_ADDRESS_ACCOUNTS - 1, False),
        (NONE, NONE, ATTACKING_ADDRESS_ACCOUNTS, True),
        (FailureCount(PER_ACCOUNT_AND_ADDRESS.free_failures, ago(seconds=5)), NONE, 1, True),
        (FailureCount(PER_ACCOUNT_AND_ADDRESS.free_failures - 1, ago(seconds=5)), NONE, 1, False),
        (NONE, FailureCount(PER_ACCOUNT.free_failures, ago(seconds=5)), 0, True),
        (NONE, FailureCount(PER_ACCOUNT.free_failures - 1, ago(seconds=5)), 0, False),
        (NONE, FailureCount(PER_ACCOUNT.free_failures, ago(minutes=2)), 0, False),
    ],
)
def test_an_attempt_is_refused_by_any_of_the_three_limits(pair, account, address_accounts, refused):
    assert (
        is_refused(pair=pair, account=account, address_accounts=address_accounts, now=NOW)
        is refused
    )


def test_a_guesser_at_one_address_is_stopped_before_the_account_is_locked_everywhere():
    assert PER_ACCOUNT_AND_ADDRESS.free_failures < PER_ACCOUNT.free_failures

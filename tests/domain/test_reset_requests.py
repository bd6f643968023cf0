from datetime import UTC, datetime, timedelta

import pytest

from tracker.domain.reset_tokens import (
    EMAILED_LINK_LIFETIME,
    RESET_LINK_LIFETIME,
    new_reset_token,
    reset_token_matches,
)
from tracker.domain.sign_in_limits import (
    RESET_REQUEST_WINDOW,
    RESET_REQUESTS_ALLOWED,
    reset_request_refused_until,
)

NOW = datetime(2026, 3, 31, 9, 0, tzinfo=UTC)


def minutes_ago(*minutes: int) -> list[datetime]:
    return [NOW - timedelta(minutes=m) for m in minutes]


def test_the_limit_is_five_an_hour():
    assert (5, timedelta(hours=1)) == (RESET_REQUESTS_ALLOWED, RESET_REQUEST_WINDOW)


@pytest.mark.parametrize(
    ("earlier", "until"),
    [
        ([], None),
        (minutes_ago(1, 2, 3, 4), None),
        # Five within the hour: the next waits until the oldest of them is an hour old.
        (minutes_ago(1, 2, 3, 4, 5), NOW + timedelta(minutes=55)),
        (minutes_ago(5, 4, 3, 2, 1), NOW + timedelta(minutes=55)),
        # One of the five is an hour old already: it no longer counts.
        (minutes_ago(1, 2, 3, 4, 60), None),
        (minutes_ago(1, 2, 3, 4, 61, 90), None),
        # More than five (made by concurrent requests): the fifth newest decides.
        (minutes_ago(1, 2, 3, 4, 10, 20), NOW + timedelta(minutes=50)),
        (minutes_ago(0, 0, 0, 0, 0), NOW + timedelta(hours=1)),
    ],
)
def test_a_request_is_refused_until_fewer_than_five_remain_within_the_hour(earlier, until):
    assert reset_request_refused_until(earlier, now=NOW) == until


@pytest.mark.parametrize(
    ("lifetime", "later", "works"),
    [
        (EMAILED_LINK_LIFETIME, timedelta(minutes=59, seconds=59), True),
        (EMAILED_LINK_LIFETIME, timedelta(hours=1), False),
        (RESET_LINK_LIFETIME, timedelta(hours=23, minutes=59), True),
        (RESET_LINK_LIFETIME, timedelta(hours=24), False),
    ],
)
def test_a_link_works_for_its_lifetime_only(lifetime, later, works):
    token, stored, expires_at = new_reset_token(NOW, lifetime)

    assert reset_token_matches(token, stored, expires_at, NOW + later) is works


def test_emailed_links_last_an_hour_and_links_made_by_hand_a_day():
    assert timedelta(hours=1) == EMAILED_LINK_LIFETIME
    assert timedelta(hours=24) == RESET_LINK_LIFETIME

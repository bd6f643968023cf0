"""The rules of personal access tokens: names, scopes, expiry, status and the rate limit."""

import hashlib
from datetime import UTC, date, datetime, timedelta

import pytest

from tracker.domain.api_tokens import (
    LONGEST_NAME,
    PREFIX,
    TokenScope,
    TokenStatus,
    add_years,
    counted_request,
    default_expiry,
    expiry_problem,
    name_problem,
    parse_scope,
    retry_after,
    token_digest,
    token_status,
    token_text,
)


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("Power BI", None),
        ("  Power BI  ", None),
        ("Tableau – north", None),
        ("x" * LONGEST_NAME, None),
        (" " + "x" * LONGEST_NAME + " ", None),
        ("", "Enter a name for the token, such as the system that will use it."),
        ("   ", "Enter a name for the token, such as the system that will use it."),
        ("x" * (LONGEST_NAME + 1), "The token's name must be 100 characters or fewer"),
        ("Power\tBI", "The token's name contains a tab at character 6: remove it"),
        ("Power\nBI", "The token's name contains a line break at character 6: remove it"),
        (
            "Power\x07BI",
            "The token's name contains a control character (U+0007) at character 6: remove it",
        ),
    ],
)
def test_name_problem(name, problem):
    assert name_problem(name) == problem


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("read", (TokenScope.READ, "")),
        ("write", (TokenScope.WRITE, "")),
        (" Write ", (TokenScope.WRITE, "")),
        ("READ", (TokenScope.READ, "")),
        (
            "",
            (None, "Choose the token's scope: 'read' (read only) or 'write' (read and write)."),
        ),
        (
            "admin",
            (
                None,
                "The scope is 'read' (read only) or 'write' (read and write); 'admin' is neither.",
            ),
        ),
        (
            "read-write",
            (
                None,
                "The scope is 'read' (read only) or 'write' (read and write); "
                "'read-write' is neither.",
            ),
        ),
    ],
)
def test_parse_scope(text, parsed):
    assert parse_scope(text) == parsed


@pytest.mark.parametrize(
    ("scope", "label"), [(TokenScope.READ, "Read only"), (TokenScope.WRITE, "Read and write")]
)
def test_scope_labels(scope, label):
    assert scope.label == label


TODAY = date(2024, 3, 1)


@pytest.mark.parametrize(
    ("expires_on", "today", "problem"),
    [
        (date(2024, 3, 2), TODAY, None),
        (date(2024, 5, 30), TODAY, None),
        (date(2025, 3, 1), TODAY, None),
        (None, TODAY, "Enter the date the token expires."),
        (TODAY, TODAY, "The expiry date must be after today."),
        (date(2024, 2, 1), TODAY, "The expiry date must be after today."),
        (
            date(2025, 3, 2),
            TODAY,
            "A token lasts at most a year: choose a date up to 1 March 2025.",
        ),
        # From 29 February a year on is 28 February, not 1 March.
        (date(2025, 2, 28), date(2024, 2, 29), None),
        (
            date(2025, 3, 1),
            date(2024, 2, 29),
            "A token lasts at most a year: choose a date up to 28 February 2025.",
        ),
        # A year on from 28 February, in the year before a leap year, is 28 February.
        (date(2024, 2, 28), date(2023, 2, 28), None),
        (
            date(2024, 2, 29),
            date(2023, 2, 28),
            "A token lasts at most a year: choose a date up to 28 February 2024.",
        ),
    ],
)
def test_expiry_problem(expires_on, today, problem):
    assert expiry_problem(expires_on, today) == problem


@pytest.mark.parametrize(
    ("day", "years", "later"),
    [
        (date(2024, 3, 1), 1, date(2025, 3, 1)),
        (date(2024, 2, 29), 1, date(2025, 2, 28)),
        (date(2024, 2, 29), 4, date(2028, 2, 29)),
        (date(2023, 12, 31), 1, date(2024, 12, 31)),
    ],
)
def test_add_years(day, years, later):
    assert add_years(day, years) == later


@pytest.mark.parametrize(
    ("today", "offered"),
    [(date(2024, 3, 1), date(2024, 5, 30)), (date(2024, 12, 1), date(2025, 3, 1))],
)
def test_a_new_token_is_offered_90_days(today, offered):
    assert default_expiry(today) == offered
    assert expiry_problem(offered, today) is None


MOMENT = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("revoked_at", "expires_on", "status"),
    [
        (None, date(2024, 3, 2), TokenStatus.ACTIVE),
        # Refused from its expiry date on.
        (None, date(2024, 3, 1), TokenStatus.EXPIRED),
        (None, date(2023, 3, 1), TokenStatus.EXPIRED),
        (MOMENT, date(2024, 6, 1), TokenStatus.REVOKED),
        # Revoked says more than expired: someone chose to stop it.
        (MOMENT, date(2024, 1, 1), TokenStatus.REVOKED),
    ],
)
def test_token_status(revoked_at, expires_on, status):
    assert token_status(revoked_at=revoked_at, expires_on=expires_on, today=MOMENT.date()) is status


@pytest.mark.parametrize(
    ("status", "label"),
    [
        (TokenStatus.ACTIVE, "Active"),
        (TokenStatus.EXPIRED, "Expired"),
        (TokenStatus.REVOKED, "Revoked"),
    ],
)
def test_status_labels(status, label):
    assert status.label == label


@pytest.mark.parametrize(
    ("window_started_at", "window_count", "now", "counted"),
    [
        (None, 0, MOMENT, (MOMENT, 1)),
        (MOMENT, 1, MOMENT + timedelta(seconds=30), (MOMENT, 2)),
        (MOMENT, 59, MOMENT + timedelta(seconds=59.999), (MOMENT, 60)),
        # A minute on, a new window starts.
        (MOMENT, 60, MOMENT + timedelta(minutes=1), (MOMENT + timedelta(minutes=1), 1)),
        (MOMENT, 60, MOMENT + timedelta(hours=3), (MOMENT + timedelta(hours=3), 1)),
        # A window that seems to start later than now (a clock set back) starts again.
        (MOMENT, 5, MOMENT - timedelta(seconds=1), (MOMENT - timedelta(seconds=1), 1)),
    ],
)
def test_counted_request(window_started_at, window_count, now, counted):
    assert counted_request(window_started_at, window_count, now) == counted


@pytest.mark.parametrize(
    ("now", "seconds"),
    [
        (MOMENT, 60),
        (MOMENT + timedelta(seconds=1), 59),
        (MOMENT + timedelta(seconds=59.2), 1),
        (MOMENT + timedelta(seconds=30.5), 30),
        (MOMENT + timedelta(seconds=59.999), 1),
        # Never 0, which would invite an immediate retry that is still refused.
        (MOMENT + timedelta(seconds=60), 1),
    ],
)
def test_retry_after(now, seconds):
    assert retry_after(MOMENT, now) == seconds


def test_a_token_begins_with_its_prefix_and_only_its_sha256_digest_is_kept():
    text = token_text("abc")
    assert text == f"{PREFIX}abc"
    assert token_digest(text) == hashlib.sha256(b"itk_abc").hexdigest()

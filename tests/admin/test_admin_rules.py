"""The pure rules behind administration, as tables of cases, without an app."""

from datetime import UTC, date, datetime, time, timedelta

import pytest

from tracker.domain.bands import band_window_problem
from tracker.domain.changes import audit_value, field_changes
from tracker.domain.enums import Rag, Recurrence
from tracker.domain.reset_tokens import (
    RESET_LINK_LIFETIME,
    hash_reset_token,
    new_reset_token,
    reset_token_matches,
)
from tracker.domain.retention import Removal, removal_for
from tracker.domain.risk_dates import RiskStatus, settle_risk_dates

TODAY = date(2011, 3, 30)


@pytest.mark.parametrize(
    ("value", "kept"),
    [
        (None, None),
        ("text", "text"),
        (5, 5),
        (True, True),
        (Rag.RED, "red"),
        (Recurrence.QUARTERLY, "quarterly"),
        (date(2010, 9, 15), "2010-09-15"),
        (datetime(2010, 9, 15, 8, 30, 5, 123, tzinfo=UTC), "2010-09-15T08:30:05+00:00"),
        (time(7, 0), "07:00"),
        (("Deb Johnson", "Warren Carratt"), ["Deb Johnson", "Warren Carratt"]),
        ([date(2010, 8, 31)], ["2010-08-31"]),
    ],
)
def test_audit_values_are_kept_as_json_can_hold_them(value, kept):
    assert audit_value(value) == kept


@pytest.mark.parametrize(
    ("before", "after", "changes"),
    [
        ({"title": "A"}, {"title": "A"}, {}),
        ({"title": "A"}, {"title": "B"}, {"title": {"old": "A", "new": "B"}}),
        ({}, {"title": "B"}, {"title": {"old": None, "new": "B"}}),
        ({}, {"title": None}, {}),
        ({"title": "A", "owner": "X"}, {"owner": "Y"}, {"owner": {"old": "X", "new": "Y"}}),
        (
            {"target_date": date(2010, 9, 15)},
            {"target_date": None},
            {"target_date": {"old": "2010-09-15", "new": None}},
        ),
        ({"rag": Rag.RED}, {"rag": "red"}, {}),
        ({"active": True}, {"active": False}, {"active": {"old": True, "new": False}}),
    ],
)
def test_field_changes_name_only_the_fields_that_differ(before, after, changes):
    assert field_changes(before, after) == changes


@pytest.mark.parametrize(
    ("has_history", "archivable", "removal"),
    [
        (False, True, Removal.DELETE),
        (False, False, Removal.DELETE),
        (True, True, Removal.ARCHIVE),
        (True, False, Removal.KEEP),
    ],
)
def test_what_has_history_is_archived_never_deleted(has_history, archivable, removal):
    assert removal_for(has_history=has_history, archivable=archivable) is removal


@pytest.mark.parametrize(
    ("status", "raised", "closed", "expected_closed", "problems"),
    [
        (RiskStatus.OPEN, date(2010, 3, 27), None, None, {}),
        (RiskStatus.OPEN, date(2010, 3, 27), date(2010, 6, 1), None, {}),
        (RiskStatus.CLOSED, date(2010, 3, 27), None, TODAY, {}),
        (RiskStatus.CLOSED, date(2010, 3, 27), date(2010, 6, 1), date(2010, 6, 1), {}),
        (RiskStatus.CLOSED, date(2010, 3, 27), date(2010, 3, 27), date(2010, 3, 27), {}),
        (
            RiskStatus.CLOSED,
            date(2010, 3, 27),
            date(2010, 3, 26),
            date(2010, 3, 26),
            {"closed_on": "The date closed must be the same as or after the date raised"},
        ),
        (
            RiskStatus.CLOSED,
            date(2010, 3, 27),
            TODAY + timedelta(days=1),
            TODAY + timedelta(days=1),
            {"closed_on": "The date closed must be today or in the past"},
        ),
        (
            RiskStatus.OPEN,
            TODAY + timedelta(days=1),
            None,
            None,
            {"raised_on": "The date raised must be today or in the past"},
        ),
    ],
)
def test_closing_a_risk_sets_its_closed_date_and_reopening_clears_it(
    status, raised, closed, expected_closed, problems
):
    settled = settle_risk_dates(status, raised, closed, TODAY)
    assert settled.closed_on == expected_closed
    assert settled.problems == problems


@pytest.mark.parametrize(
    ("start", "end", "problem"),
    [
        (None, None, None),
        (date(2009, 11, 1), None, None),
        (None, date(2009, 10, 31), None),
        (date(2009, 11, 1), date(2009, 12, 31), None),
        (date(2009, 11, 1), date(2009, 11, 1), None),
        (
            date(2009, 12, 1),
            date(2009, 11, 1),
            "The window end must be the same as or after its start",
        ),
    ],
)
def test_a_band_window_cannot_end_before_it_starts(start, end, problem):
    assert band_window_problem(start, end) == problem


def test_a_reset_token_is_random_and_only_its_hash_is_kept():
    now = datetime(2011, 3, 30, 9, 0, tzinfo=UTC)
    token, token_hash, expires_at = new_reset_token(now)
    other, other_hash, _ = new_reset_token(now)
    assert token != other and token_hash != other_hash
    assert len(token) >= 43
    assert token_hash == hash_reset_token(token) and token not in token_hash
    assert expires_at == now + RESET_LINK_LIFETIME


@pytest.mark.parametrize(
    ("token", "offset", "matches"),
    [
        ("right", timedelta(0), True),
        ("right", RESET_LINK_LIFETIME - timedelta(seconds=1), True),
        ("right", RESET_LINK_LIFETIME, False),
        ("wrong", timedelta(0), False),
    ],
)
def test_a_reset_token_works_only_as_issued_and_before_it_expires(token, offset, matches):
    issued = datetime(2011, 3, 30, 9, 0, tzinfo=UTC)
    expires_at = issued + RESET_LINK_LIFETIME
    assert reset_token_matches(token, hash_reset_token("right"), expires_at, issued + offset) is (
        matches
    )
    assert reset_token_matches("right", None, expires_at, issued) is False

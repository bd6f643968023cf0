from datetime import date

import pytest

from tracker.domain.action_filters import FilterProblems
from tracker.domain.update_filters import UpdateFilters, parse_update_filters

SLUGS = frozenset({"north", "south"})


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        pytest.param({}, UpdateFilters(), id="nothing asked is every update"),
        pytest.param(
            {"plan": "north", "action": "7"}, UpdateFilters("north", 7), id="plan, action"
        ),
        pytest.param(
            {"recorded_since": "2024-03-01", "as_at_from": "2024-01-01", "as_at_to": "2024-01-01"},
            UpdateFilters(
                recorded_since=date(2024, 3, 1),
                as_at_from=date(2024, 1, 1),
                as_at_to=date(2024, 1, 1),
            ),
            id="dates",
        ),
        pytest.param({"plan": "", "action": " "}, UpdateFilters(), id="empty is no filter"),
    ],
)
def test_update_filters_read_from_the_address(args, expected):
    assert parse_update_filters(args, SLUGS) == expected


@pytest.mark.parametrize(
    ("args", "problems"),
    [
        ({"plan": "east"}, {"plan": "Choose a plan from the list; 'east' is not one of them."}),
        (
            {"action": "-1"},
            {"action": "Give an action by its id, a whole number; '-1' is not."},
        ),
        (
            {"as_at_to": "March"},
            {
                "as_at_to": "The as-at-to date 'March' is not a date. Write it as YYYY-MM-DD, "
                "for example 2009-10-31."
            },
        ),
        (
            {"as_at_from": "2024-02-01", "as_at_to": "2024-01-01"},
            {"as_at_from": "The as-at-from date must be on or before the as-at-to date."},
        ),
        (
            {"plan": "x", "recorded_since": "soon"},
            {
                "plan": "Choose a plan from the list; 'x' is not one of them.",
                "recorded_since": "The recorded-since date 'soon' is not a date. Write it as "
                "YYYY-MM-DD, for example 2009-10-31.",
            },
        ),
    ],
)
def test_a_bad_update_filter_is_named_with_what_to_fix(args, problems):
    with pytest.raises(FilterProblems) as raised:
        parse_update_filters(args, SLUGS)
    assert raised.value.problems == problems

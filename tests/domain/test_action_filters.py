from datetime import UTC, date, datetime

import pytest

from tracker.domain.action_filters import (
    ActionFilters,
    FilterChoices,
    FilterProblems,
    ListSort,
    TargetWindow,
    day_start,
    like_pattern,
    page_count,
    parse_action_filters,
    target_window,
)
from tracker.domain.enums import Completion
from tracker.domain.working_days import WorkingCalendar

CHOICES = FilterChoices(
    lead_ids=frozenset({7, 9}),
    status_labels=("On track", "Off track"),
    theme_numbers=frozenset({1, 2}),
    band_numbers=frozenset({1}),
)
# A Friday, so working days skip the weekend; Christmas 2026 is a Friday, Boxing Day's holiday
# the Monday after.
FRIDAY = date(2026, 11, 27)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        pytest.param({}, ActionFilters(), id="nothing asked is the whole plan by ref"),
        pytest.param({"lead": "7"}, ActionFilters(lead=7), id="a lead of the plan"),
        pytest.param({"status": "On track"}, ActionFilters(status="On track"), id="a key entry"),
        pytest.param({"status": "none"}, ActionFilters(status="none"), id="no status yet"),
        pytest.param(
            {"completion": "partially_completed"},
            ActionFilters(completion=Completion.PARTIALLY_COMPLETED),
            id="a completion status",
        ),
        pytest.param({"overdue": "yes"}, ActionFilters(overdue=True), id="overdue"),
        pytest.param({"due_within": "1"}, ActionFilters(due_within=1), id="due within one day"),
        pytest.param({"due_within": "60"}, ActionFilters(due_within=60), id="due within sixty"),
        pytest.param({"theme": "2", "band": "1"}, ActionFilters(theme=2, band=1), id="theme, band"),
        pytest.param({"recurring": "no"}, ActionFilters(recurring=False), id="not recurring"),
        pytest.param({"q": "  50%  "}, ActionFilters(text="50%"), id="search trimmed"),
        pytest.param(
            {"sort": "days_overdue", "order": "desc", "page": "3"},
            ActionFilters(sort=ListSort.DAYS_OVERDUE, descending=True, page=3),
            id="sort, order and page",
        ),
        pytest.param(
            {"lead": "", "status": "", "theme": "", "q": "", "overdue": ""},
            ActionFilters(),
            id="empty boxes are no filter",
        ),
        pytest.param({"other": "x"}, ActionFilters(), id="unknown parameters ignored"),
        pytest.param(
            {"due_before": "2026-12-31", "due_after": " 2026-12-01 "},
            ActionFilters(due_before=date(2026, 12, 31), due_after=date(2026, 12, 1)),
            id="target dates between two days",
        ),
        pytest.param(
            {"due_before": "2026-12-01", "due_after": "2026-12-01"},
            ActionFilters(due_before=date(2026, 12, 1), due_after=date(2026, 12, 1)),
            id="target dates on one day",
        ),
        pytest.param(
            {"updated_since": "2026-11-01"},
            ActionFilters(updated_since=date(2026, 11, 1)),
            id="updated since a day",
        ),
        pytest.param({"plan": "north"}, ActionFilters(), id="a plan's list reads no plan"),
    ],
)
def test_filters_read_from_the_address(args, expected):
    assert parse_action_filters(args, CHOICES) == expected


@pytest.mark.parametrize(
    ("args", "parameter", "says"),
    [
        pytest.param({"lead": "8"}, "lead", "'8' is not one of them", id="not a lead of the plan"),
        pytest.param({"lead": "seven"}, "lead", "Choose a lead", id="lead not a number"),
        pytest.param({"status": "Green"}, "status", "'Green' is not in it", id="not in the key"),
        pytest.param({"completion": "done"}, "completion", "'done'", id="unknown completion"),
        pytest.param({"overdue": "no"}, "overdue", "'yes'", id="overdue other than yes"),
        pytest.param({"due_within": "0"}, "due_within", "from 1 to 60", id="due within none"),
        pytest.param({"due_within": "61"}, "due_within", "'61' is not", id="due within too many"),
        pytest.param({"due_within": "1.5"}, "due_within", "whole number", id="due within half"),
        pytest.param({"due_within": "-3"}, "due_within", "whole number", id="due within minus"),
        pytest.param({"due_within": "٣"}, "due_within", "whole number", id="not ASCII digits"),
        pytest.param({"theme": "3"}, "theme", "Choose a theme", id="no such theme"),
        pytest.param({"band": "2"}, "band", "priority band", id="no such band"),
        pytest.param({"recurring": "maybe"}, "recurring", "'yes', 'no'", id="recurring maybe"),
        pytest.param({"q": "x" * 201}, "q", "at most 200", id="search too long"),
        pytest.param({"q": "nul\x00byte"}, "q", "control characters", id="search with a NUL"),
        pytest.param({"q": "a\tb"}, "q", "control characters", id="search with a tab"),
        pytest.param({"sort": "title"}, "sort", "'ref'", id="unknown sort"),
        pytest.param({"order": "up"}, "order", "'asc' or 'desc'", id="unknown order"),
        pytest.param({"page": "0"}, "page", "'0' is not a page", id="page zero"),
        pytest.param({"page": "9" * 20}, "page", "not a page", id="page beyond any"),
        pytest.param({"due_before": "2026-13-01"}, "due_before", "is not a date", id="month 13"),
        pytest.param({"due_after": "1/12/2026"}, "due_after", "YYYY-MM-DD", id="British date"),
        pytest.param({"updated_since": "0999-01-01"}, "updated_since", "out of range", id="old"),
        pytest.param(
            {"due_before": "2026-12-01", "due_after": "2026-12-02"},
            "due_after",
            "on or before the due-before date",
            id="after later than before",
        ),
    ],
)
def test_a_bad_parameter_is_named_with_what_is_wrong(args, parameter, says):
    with pytest.raises(FilterProblems) as raised:
        parse_action_filters(args, CHOICES)
    assert list(raised.value.problems) == [parameter]
    assert says in raised.value.problems[parameter]


def test_every_bad_parameter_is_named_at_once():
    with pytest.raises(FilterProblems) as raised:
        parse_action_filters({"lead": "x", "due_within": "99", "sort": "?"}, CHOICES)
    assert set(raised.value.problems) == {"lead", "due_within", "sort"}


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        pytest.param(ActionFilters(), TargetWindow(), id="no due filter allows every date"),
        pytest.param(
            ActionFilters(overdue=True),
            TargetWindow(before=FRIDAY, exclude_completed=True),
            id="overdue is a target before today, not completed",
        ),
        pytest.param(
            ActionFilters(due_within=1),
            TargetWindow(from_day=FRIDAY, until=date(2026, 11, 30), exclude_completed=True),
            id="one working day after a Friday is the Monday",
        ),
        pytest.param(
            ActionFilters(due_within=20),
            TargetWindow(from_day=FRIDAY, until=date(2026, 12, 29), exclude_completed=True),
            id="twenty working days skip Christmas Day and Boxing Day's Monday",
        ),
        pytest.param(
            ActionFilters(overdue=True, due_within=5),
            TargetWindow(
                before=FRIDAY, from_day=FRIDAY, until=date(2026, 12, 4), exclude_completed=True
            ),
            id="overdue and due soon together match nothing",
        ),
    ],
)
def test_due_filters_give_the_target_dates_assess_due_would(filters, expected):
    assert target_window(filters, today=FRIDAY, calendar=WorkingCalendar()) == expected


@pytest.mark.parametrize(
    ("text", "pattern"),
    [
        pytest.param("Road", "%road%", id="lower case anywhere"),
        pytest.param("50%", "%50\\%%", id="percent taken literally"),
        pytest.param("a_b", "%a\\_b%", id="underscore taken literally"),
        pytest.param("c:\\x", "%c:\\\\x%", id="the escape character itself"),
    ],
)
def test_like_pattern_escapes_wildcards(text, pattern):
    assert like_pattern(text) == pattern


@pytest.mark.parametrize(
    ("total", "pages"), [(0, 1), (1, 1), (50, 1), (51, 2), (100, 2), (100_000, 2000)]
)
def test_pages_of_fifty(total, pages):
    assert page_count(total) == pages


@pytest.mark.parametrize(
    ("filters", "args"),
    [
        pytest.param(ActionFilters(), {}, id="no filters"),
        pytest.param(
            ActionFilters(lead=7, overdue=True, recurring=False, text="x", page=4),
            {"lead": "7", "overdue": "yes", "recurring": "no", "q": "x"},
            id="the filters in use, not the page",
        ),
    ],
)
def test_filters_write_back_to_the_address_they_were_read_from(filters, args):
    assert filters.filter_args() == args
    assert parse_action_filters(filters.address_args(), CHOICES) == filters


ACROSS_PLANS = FilterChoices(
    lead_ids=None,
    status_labels=("On track", "Red"),
    theme_numbers=None,
    band_numbers=None,
    plan_slugs=frozenset({"north", "south"}),
)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        pytest.param({"plan": "south"}, ActionFilters(plan="south"), id="a readable plan"),
        pytest.param({"lead": "123456"}, ActionFilters(lead=123456), id="any lead"),
        pytest.param({"theme": "9", "band": "4"}, ActionFilters(theme=9, band=4), id="any theme"),
        pytest.param({"status": "Red"}, ActionFilters(status="Red"), id="any plan's status"),
    ],
)
def test_across_plans_any_whole_number_is_a_lead_theme_or_band(args, expected):
    assert parse_action_filters(args, ACROSS_PLANS) == expected


@pytest.mark.parametrize(
    ("args", "parameter", "message"),
    [
        ({"plan": "east"}, "plan", "Choose a plan from the list; 'east' is not one of them."),
        ({"lead": "x"}, "lead", "Choose a lead from the list; 'x' is not one of them."),
        ({"status": "Blue"}, "status", "Choose a status from the plan's key; 'Blue' is not in it."),
    ],
)
def test_across_plans_a_choice_no_plan_offers_is_refused(args, parameter, message):
    with pytest.raises(FilterProblems) as raised:
        parse_action_filters(args, ACROSS_PLANS)
    assert raised.value.problems == {parameter: message}


@pytest.mark.parametrize(
    ("day", "moment"),
    [
        pytest.param(date(2026, 1, 15), datetime(2026, 1, 15, 0, tzinfo=UTC), id="winter: GMT"),
        pytest.param(date(2026, 7, 15), datetime(2026, 7, 14, 23, tzinfo=UTC), id="summer: BST"),
    ],
)
def test_a_uk_day_begins_at_midnight_uk_time(day, moment):
    assert day_start(day) == moment

"""Filter, sort and page the plans overview; sum plans; write changes in points."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from tracker.domain.as_at import Month
from tracker.domain.enums import Completion
from tracker.domain.portfolio import (
    PlanFigures,
    PlanName,
    Portfolio,
    SortKey,
    matching,
    overview_page,
    previous_month_end,
    sorted_plans,
    trend_months,
    with_figures,
)
from tracker.domain.tallies import Tally
from tracker.reports.portfolio_table import portfolio_rows
from tracker.reports.wording import points

C, N = Completion.COMPLETED, Completion.NOT_COMPLETED


def figures(slug: str, title: str, done: int, not_done: int, *, owner: str = "", was: int = 0):
    return PlanFigures(
        plan_id=len(slug),
        slug=slug,
        title=title,
        owner=owner,
        tally=Tally.from_counts({C: done, N: not_done}),
        previous=Tally.from_counts({C: was, N: done + not_done - was}),
        overdue=not_done,
        exceptions=0,
        last_update_on=date(2010, 3, done + 1),
        completed_by_month=(),
    )


NORTH = figures("north", "North Plan", 1, 3, owner="Julie Westwood")
SOUTH = figures("south", "south plan", 3, 1, was=3)
EAST = figures("east", "East Plan", 2, 2, was=1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", ["north", "south", "east"]),
        ("  ", ["north", "south", "east"]),
        ("PLAN", ["north", "south", "east"]),
        ("south", ["south"]),
        ("westwood", ["north"]),
        ("eas", ["east"]),
        ("west midlands", []),
    ],
)
def test_matching_looks_in_title_owner_and_short_name_ignoring_case(text, expected):
    assert [plan.slug for plan in matching([NORTH, SOUTH, EAST], text)] == expected


@pytest.mark.parametrize(
    ("key", "descending", "expected"),
    [
        (SortKey.TITLE, False, ["east", "north", "south"]),
        (SortKey.TITLE, True, ["south", "north", "east"]),
        (SortKey.COMPLETED, True, ["south", "east", "north"]),
        (SortKey.OVERDUE, False, ["south", "east", "north"]),
        (SortKey.CHANGE, True, ["east", "north", "south"]),
        (SortKey.UPDATED, False, ["north", "east", "south"]),
        (SortKey.ACTIONS, False, ["east", "north", "south"]),
    ],
)
def test_sorted_plans_orders_by_a_column_ties_by_title(key, descending, expected):
    assert [p.slug for p in sorted_plans([NORTH, SOUTH, EAST], key, descending=descending)] == (
        expected
    )


def named(plan: PlanFigures) -> PlanName:
    return PlanName(plan_id=plan.plan_id, slug=plan.slug, title=plan.title, owner=plan.owner)


# Two plans sharing a title (ignoring case) are told apart by their short names.
TWIN = figures("twin", "NORTH PLAN", 0, 1)


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("text", ["", "north", "westwood", "nowhere"])
def test_plans_named_only_filter_and_order_by_title_as_plans_with_figures(text, descending):
    plans = [NORTH, SOUTH, TWIN, EAST]
    with_their_figures = sorted_plans(matching(plans, text), SortKey.TITLE, descending=descending)
    named_only = sorted_plans(
        matching([named(plan) for plan in plans], text), SortKey.TITLE, descending=descending
    )
    assert named_only == [named(plan) for plan in with_their_figures]


@pytest.mark.parametrize("key", [key for key in SortKey if key is not SortKey.TITLE])
def test_ordering_plans_named_only_by_a_figure_is_refused(key):
    assert key.needs_figures
    with pytest.raises(TypeError, match=f"by {key.value} needs their figures"):
        sorted_plans([named(NORTH), named(SOUTH)], key, descending=False)


def test_a_page_of_names_takes_the_figures_in_its_own_order_without_a_plan_gone_since():
    south = replace(SOUTH, plan_id=50)
    page = overview_page([named(south), named(NORTH), named(EAST)], 1)
    # EAST has no figures: archived between reading the names and the figures.
    filled = with_figures(page, [NORTH, south])
    assert filled.plans == (south, NORTH)
    assert (filled.number, filled.pages, filled.matched) == (1, 1, 3)


@pytest.mark.parametrize(
    ("count", "number", "shown", "pages", "page_number"),
    [
        (0, 1, 0, 1, 1),
        (50, 1, 50, 1, 1),
        (51, 2, 1, 2, 2),
        (120, 3, 20, 3, 3),
        (120, 9, 20, 3, 3),
    ],
)
def test_overview_page_holds_fifty_plans(count, number, shown, pages, page_number):
    page = overview_page([NORTH] * count, number)
    assert (len(page.plans), page.pages, page.number, page.matched) == (
        shown,
        pages,
        page_number,
        count,
    )


@pytest.mark.parametrize(
    ("value", "text"),
    [(Decimal("0.00"), "0.00"), (Decimal("25"), "+25.00"), (Decimal("-1.5"), "-1.50")],
)
def test_points_carry_their_sign(value, text):
    assert points(value) == text


@pytest.mark.parametrize(
    ("as_at", "previous", "first_trend_month"),
    [
        (date(2010, 3, 15), date(2010, 2, 28), Month(2009, 10)),
        (date(2010, 1, 1), date(2009, 12, 31), Month(2009, 8)),
        (date(2012, 3, 31), date(2012, 2, 29), Month(2011, 10)),
    ],
)
def test_last_month_and_the_trend_months(as_at, previous, first_trend_month):
    assert previous_month_end(as_at) == previous
    months = trend_months(as_at)
    assert (months[0], months[-1], len(months)) == (first_trend_month, Month.of(as_at), 6)


def test_a_portfolio_sums_its_plans_and_prints_a_row_for_all_of_them():
    portfolio = Portfolio.of(date(2010, 3, 15), date(2010, 2, 28), (NORTH, SOUTH, EAST))

    assert portfolio.overall == Tally.from_counts({C: 6, N: 6})
    assert portfolio.change == Decimal("16.67")
    rows = portfolio_rows(portfolio)
    assert rows[0][:4] == ("North Plan", "north", "Julie Westwood", "4")
    assert rows[1][2] == "Not recorded"
    assert rows[-1][:5] == ("All plans", "", "", "12", "6")
    assert rows[-1][-1] == "2010-03-04"

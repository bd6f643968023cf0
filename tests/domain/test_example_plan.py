"""Dates and rows of the fictional example plan, counted from the day it is loaded."""

from datetime import date

import pytest

from tracker.domain.example_plan import (
    HEADERS,
    ActionDates,
    ExamplePlanError,
    offset_date,
    resolve_dates,
    snapshot_dates,
    snapshot_row,
    snapshots,
)
from tracker.domain.working_days import WorkingCalendar

WORKING = WorkingCalendar()
A_FRIDAY = date(2026, 11, 27)


@pytest.mark.parametrize(
    ("offset", "today", "expected"),
    [
        ({"days": 0}, date(2026, 11, 27), date(2026, 11, 27)),
        ({"days": -3}, date(2026, 11, 27), date(2026, 11, 24)),
        ({"months": -3}, date(2026, 11, 30), date(2026, 8, 30)),
        ({"months": -9}, date(2026, 11, 30), date(2026, 2, 28)),
        ({"months": 2}, date(2026, 12, 31), date(2027, 2, 28)),
        ({"working_days": 1}, date(2026, 11, 27), date(2026, 11, 30)),
        # Christmas Day, the weekend and the Boxing Day holiday moved to Monday 28 are skipped.
        ({"working_days": 2}, date(2026, 12, 24), date(2026, 12, 30)),
        ({"months": -1, "days": 2}, date(2026, 3, 31), date(2026, 3, 2)),
    ],
)
def test_an_offset_names_a_day_counted_from_the_load_day(offset, today, expected):
    assert offset_date(offset, today=today, working=WORKING) == expected


@pytest.mark.parametrize("offset", [{}, {"weeks": 2}, {"days": 1, "years": 1}])
def test_an_offset_in_other_units_is_refused(offset):
    with pytest.raises(ExamplePlanError, match="an offset takes months, days, working_days"):
        offset_date(offset, today=A_FRIDAY, working=WORKING)


@pytest.mark.parametrize(
    ("today", "months", "expected"),
    [
        (date(2026, 11, 27), 1, [date(2026, 11, 27)]),
        (date(2026, 11, 27), 3, [date(2026, 9, 30), date(2026, 10, 31), date(2026, 11, 27)]),
        (date(2026, 3, 31), 2, [date(2026, 2, 28), date(2026, 3, 31)]),
        (date(2027, 1, 5), 3, [date(2026, 11, 30), date(2026, 12, 31), date(2027, 1, 5)]),
    ],
)
def test_monthly_snapshots_fall_on_past_month_ends_then_today(today, months, expected):
    assert snapshot_dates(today, months) == expected


def test_a_plan_without_months_of_updates_is_refused():
    with pytest.raises(ExamplePlanError, match="at least one month"):
        snapshot_dates(A_FRIDAY, 0)


ACTION = {
    "ref": "2.4",
    "theme": "2. Safeguarding practice",
    "objective": "Improve assessments",
    "action": "Bring assessments in time to 85%",
    "priority": 3,
    "target": {"months": 2},
    "lead": "Tom Okafor",
    "rag": "↓ Red",
    "commentary": "Fell after three leavers.",
    "earlier": {"until": {"months": -2}, "rag": "→ Amber", "commentary": "Steady."},
    "completed_commentary": "Done.",
}
FIRST = date(2026, 1, 31)


def _row(as_at: date, dates: ActionDates, action=ACTION) -> dict[str, str] | None:
    row = snapshot_row(action, dates, as_at=as_at, first_as_at=FIRST)
    return None if row is None else dict(zip(HEADERS, row, strict=True))


OPEN = ActionDates(
    target=date(2027, 1, 27),
    completed_on=None,
    reported_until=None,
    earlier_until=date(2026, 9, 27),
)


@pytest.mark.parametrize(
    ("as_at", "dates", "expected"),
    [
        (FIRST, OPEN, ("→ Amber", "Steady.", "Not completed", "")),
        (date(2026, 8, 31), OPEN, ("→ Amber", "Steady.", "Partially completed", "")),
        (
            date(2026, 11, 27),
            OPEN,
            ("↓ Red", "Fell after three leavers.", "Partially completed", ""),
        ),
        (
            date(2026, 10, 31),
            ActionDates(date(2026, 10, 1), date(2026, 10, 2), None, None),
            ("Complete", "Done.", "Completed", "2026-10-02"),
        ),
        (
            date(2026, 9, 30),
            ActionDates(date(2026, 10, 1), date(2026, 10, 2), None, None),
            ("↓ Red", "Fell after three leavers.", "Partially completed", ""),
        ),
    ],
)
def test_a_snapshot_row_reports_the_actions_state_as_at_its_date(as_at, dates, expected):
    row = _row(as_at, dates)
    assert (row["RAG"], row["Performance Commentary"], row["Completion status"]) == expected[:3]
    assert row["Completed On"] == expected[3]
    assert row["Target Date"] == (
        "1 October 2026" if dates.target.month == 10 else "27 January 2027"
    )


@pytest.mark.parametrize(
    ("as_at", "reported"),
    [(date(2026, 7, 31), True), (date(2026, 8, 27), True), (date(2026, 8, 31), False)],
)
def test_an_action_is_left_out_of_the_snapshots_after_its_last_report(as_at, reported):
    recurring = {**ACTION, "target": "Monthly"}
    dates = ActionDates(None, None, reported_until=date(2026, 8, 27), earlier_until=None)
    row = _row(as_at, dates, recurring)
    assert (row is not None) == reported
    if row is not None:
        assert row["Target Date"] == "Monthly"


def test_snapshots_give_each_month_a_header_row_and_the_actions_reported_then():
    plan = {
        "months_of_updates": 3,
        "actions": [
            ACTION,
            {**ACTION, "ref": "2.5", "target": "Quarterly", "reported_until": {"months": -1}},
        ],
    }
    tables = snapshots(plan, today=date(2026, 11, 27), working=WORKING)
    assert [as_at for as_at, _ in tables] == [
        date(2026, 9, 30),
        date(2026, 10, 31),
        date(2026, 11, 27),
    ]
    assert all(rows[0] == HEADERS for _, rows in tables)
    assert [[row[0] for row in rows[1:]] for _, rows in tables] == [
        ["2.4", "2.5"],
        ["2.4"],
        ["2.4"],
    ]


def test_resolving_an_entrys_dates_keeps_its_other_values():
    risk = {"description": "Vacancies", "raised_on": {"months": -4}, "status": "open"}
    assert resolve_dates(risk, today=date(2026, 11, 27), working=WORKING) == {
        "description": "Vacancies",
        "raised_on": "2026-07-27",
        "status": "open",
    }

from datetime import date, datetime

import pytest

from tracker.domain.as_at import (
    Month,
    ReportDateError,
    default_cut_off,
    default_report_month,
    history_as_at,
    month_first_showing,
    report_dates,
    state_as_at,
)
from tracker.domain.enums import Completion
from tracker.domain.facts import UpdateFacts
from tracker.domain.working_days import WorkingCalendar


def update(
    update_id: int,
    action_id: int,
    as_at: date,
    recorded_at: datetime | None = None,
    completion: Completion = Completion.PARTIALLY_COMPLETED,
) -> UpdateFacts:
    return UpdateFacts(
        update_id=update_id,
        action_id=action_id,
        as_at=as_at,
        recorded_at=recorded_at or datetime.combine(as_at, datetime.min.time()),
        completion=completion,
        rag=None,
        direction=None,
        commentary="",
        completed_on=None,
    )


@pytest.mark.parametrize(
    ("text", "month"),
    [
        ("2009-10", Month(2009, 10)),
        ("2010-01", Month(2010, 1)),
        ("2011-12", Month(2011, 12)),
    ],
)
def test_parse_reads_year_dash_month(text: str, month: Month) -> None:
    assert Month.parse(text) == month
    assert str(month) == text
    assert month.isoformat() == text


@pytest.mark.parametrize(
    "text",
    ["2009-13", "2009-00", "0000-05", "2009-1", "09-10", "2009/10", "October 2009", "", " 2009-10"],
)
def test_parse_refuses_anything_but_a_real_yyyy_mm(text: str) -> None:
    with pytest.raises(ValueError, match=r"is not a month; use YYYY-MM") as raised:
        Month.parse(text)
    assert str(raised.value) == f"{text!r} is not a month; use YYYY-MM"


@pytest.mark.parametrize(("year", "month"), [(2009, 0), (2009, 13), (0, 1), (10000, 1)])
def test_a_month_cannot_be_made_out_of_range(year: int, month: int) -> None:
    with pytest.raises(ValueError, match="is not a month"):
        Month(year, month)


@pytest.mark.parametrize(
    ("month", "first_day", "last_day", "label"),
    [
        (Month(2009, 10), date(2009, 10, 1), date(2009, 10, 31), "October 2009"),
        (Month(2009, 11), date(2009, 11, 1), date(2009, 11, 30), "November 2009"),
        (Month(2010, 2), date(2010, 2, 1), date(2010, 2, 28), "February 2010"),
        (Month(2012, 2), date(2012, 2, 1), date(2012, 2, 29), "February 2012"),
        (Month(2009, 12), date(2009, 12, 1), date(2009, 12, 31), "December 2009"),
    ],
)
def test_month_knows_its_first_and_last_day_and_label(
    month: Month, first_day: date, last_day: date, label: str
) -> None:
    assert month.first_day == first_day
    assert month.last_day == last_day
    assert month.label == label


@pytest.mark.parametrize(
    ("month", "previous", "following"),
    [
        (Month(2009, 10), Month(2009, 9), Month(2009, 11)),
        (Month(2010, 1), Month(2009, 12), Month(2010, 2)),
        (Month(2009, 12), Month(2009, 11), Month(2010, 1)),
    ],
)
def test_month_steps_back_and_forward_across_years(
    month: Month, previous: Month, following: Month
) -> None:
    assert month.previous() == previous
    assert month.next() == following
    assert month.shifted(-1) == previous
    assert month.shifted(1) == following


@pytest.mark.parametrize(
    ("months", "shifted"),
    [(0, Month(2009, 10)), (15, Month(2011, 1)), (-35, Month(2006, 11)), (-10, Month(2008, 12))],
)
def test_month_shifts_by_any_number_of_months(months: int, shifted: Month) -> None:
    assert Month(2009, 10).shifted(months) == shifted


@pytest.mark.parametrize(
    ("earlier", "later"),
    [
        (Month(2009, 9), Month(2009, 10)),
        (Month(2009, 12), Month(2010, 1)),
        (Month(2009, 10), Month(2010, 2)),
    ],
)
def test_months_order_by_time(earlier: Month, later: Month) -> None:
    assert earlier < later
    assert max(later, earlier) == later


@pytest.mark.parametrize(
    ("first", "last", "months"),
    [
        (Month(2009, 10), Month(2009, 10), ("2009-10",)),
        (Month(2009, 11), Month(2010, 2), ("2009-11", "2009-12", "2010-01", "2010-02")),
        (Month(2009, 11), Month(2009, 10), ()),
    ],
)
def test_through_lists_months_inclusive(first: Month, last: Month, months: tuple[str, ...]) -> None:
    assert tuple(str(month) for month in first.through(last)) == months


@pytest.mark.parametrize(
    ("day", "inside"),
    [
        (date(2009, 10, 1), True),
        (date(2009, 10, 31), True),
        (date(2009, 9, 30), False),
        (date(2009, 11, 1), False),
        (date(2010, 10, 15), False),
    ],
)
def test_month_contains_only_its_own_days(day: date, inside: bool) -> None:
    assert Month(2009, 10).contains(day) is inside
    assert (Month.of(day) == Month(2009, 10)) is inside


OCT_31 = date(2009, 10, 31)


@pytest.mark.parametrize(
    ("updates", "expected_update_id"),
    [
        pytest.param(
            [update(1, 7, date(2009, 10, 5)), update(2, 7, date(2009, 10, 20))],
            2,
            id="latest as_at wins",
        ),
        pytest.param(
            [update(1, 7, date(2009, 10, 5)), update(2, 7, date(2009, 11, 1))],
            1,
            id="an update after the date is ignored",
        ),
        pytest.param(
            [update(1, 7, OCT_31), update(2, 7, date(2009, 11, 1))],
            1,
            id="an update on the date counts",
        ),
        pytest.param(
            [
                update(1, 7, date(2009, 10, 20), datetime(2009, 10, 20, 9)),
                update(2, 7, date(2009, 10, 25), datetime(2009, 11, 10, 9)),
            ],
            2,
            id="an update recorded later with an earlier as_at counts",
        ),
        pytest.param(
            [
                update(1, 7, date(2009, 10, 20), datetime(2009, 11, 10, 9)),
                update(2, 7, date(2009, 10, 25), datetime(2009, 10, 25, 9)),
            ],
            2,
            id="as_at decides before recorded_at",
        ),
        pytest.param(
            [
                update(1, 7, date(2009, 10, 20), datetime(2009, 10, 21, 9)),
                update(2, 7, date(2009, 10, 20), datetime(2009, 10, 20, 9)),
            ],
            1,
            id="same as_at: later recorded_at wins",
        ),
        pytest.param(
            [
                update(5, 7, date(2009, 10, 20), datetime(2009, 10, 20, 9)),
                update(4, 7, date(2009, 10, 20), datetime(2009, 10, 20, 9)),
            ],
            5,
            id="same as_at and recorded_at: higher id wins",
        ),
    ],
)
def test_state_as_at_takes_each_actions_latest_update_on_or_before_the_date(
    updates: list[UpdateFacts], expected_update_id: int
) -> None:
    for ordering in (updates, list(reversed(updates))):
        assert state_as_at(ordering, OCT_31)[7].update_id == expected_update_id


def test_state_as_at_leaves_out_actions_whose_first_update_is_after_the_date() -> None:
    updates = [
        update(1, 7, date(2009, 10, 5)),
        update(2, 8, date(2009, 11, 2)),
        update(3, 9, date(2009, 10, 12)),
    ]
    assert sorted(state_as_at(updates, OCT_31)) == [7, 9]
    assert state_as_at(updates, date(2009, 9, 30)) == {}
    assert state_as_at([], OCT_31) == {}


def test_history_as_at_lists_each_actions_updates_up_to_the_date_oldest_first() -> None:
    updates = [
        update(3, 7, date(2009, 10, 20)),
        update(1, 7, date(2009, 10, 5)),
        update(2, 8, date(2009, 10, 9)),
        update(4, 7, date(2009, 11, 3)),
        update(5, 9, date(2009, 11, 3)),
    ]
    history = history_as_at(updates, OCT_31)
    assert {action_id: [u.update_id for u in items] for action_id, items in history.items()} == {
        7: [1, 3],
        8: [2],
    }


WORKING = WorkingCalendar()
OCTOBER = Month(2009, 10)


# The default cut-off counts working days after the month's last day: weekends and England and
# Wales bank holidays are skipped. 31 October 2009 was a Saturday.
@pytest.mark.parametrize(
    ("month", "working_days", "expected"),
    [
        pytest.param(OCTOBER, 0, date(2009, 10, 31), id="0: the month's last day"),
        pytest.param(OCTOBER, 1, date(2009, 11, 2), id="1: the Monday after"),
        pytest.param(OCTOBER, 3, date(2009, 11, 4), id="3"),
        pytest.param(Month(2009, 12), 1, date(2010, 1, 4), id="over New Year's Day"),
        pytest.param(Month(2010, 4), 1, date(2010, 5, 4), id="over the May bank holiday"),
        pytest.param(Month(2009, 9), 1, date(2009, 10, 1), id="from a Wednesday"),
    ],
)
def test_default_cut_off_is_working_days_after_the_months_end(
    month: Month, working_days: int, expected: date
) -> None:
    assert default_cut_off(month, working_days, WORKING) == expected


@pytest.mark.parametrize(
    ("cut_off", "today", "expected"),
    [
        pytest.param(None, date(2026, 1, 1), (date(2009, 11, 2), date(2009, 11, 2), False)),
        pytest.param(
            date(2009, 10, 31), date(2026, 1, 1), (date(2009, 10, 31), date(2009, 10, 31), False)
        ),
        pytest.param(
            date(2009, 11, 30), date(2026, 1, 1), (date(2009, 11, 30), date(2009, 11, 30), False)
        ),
        pytest.param(
            None,
            date(2009, 11, 3),
            (date(2009, 11, 2), date(2009, 11, 2), False),
            id="the day after the cut-off: final",
        ),
        pytest.param(
            None,
            date(2009, 11, 1),
            (date(2009, 11, 2), date(2009, 11, 1), True),
            id="month ended, cut-off to come: so far",
        ),
        pytest.param(
            None,
            date(2009, 10, 15),
            (date(2009, 11, 2), date(2009, 10, 15), True),
            id="month not ended: so far, as at today",
        ),
        pytest.param(
            date(2009, 11, 2),
            date(2009, 11, 2),
            (date(2009, 11, 2), date(2009, 11, 2), True),
            id="cut-off today: so far",
        ),
    ],
)
def test_report_dates_take_the_position_at_the_cut_off_or_today_while_it_is_to_come(
    cut_off: date | None, today: date, expected: tuple
) -> None:
    dates = report_dates(OCTOBER, today=today, working_days=1, working=WORKING, cut_off=cut_off)
    assert (dates.month, (dates.cut_off, dates.as_at, dates.provisional)) == (OCTOBER, expected)


@pytest.mark.parametrize(
    ("month", "cut_off", "message"),
    [
        pytest.param(
            Month(2009, 12),
            None,
            "The month December 2009 has not begun. Choose a month up to November 2009.",
            id="a month after the current one",
        ),
        pytest.param(
            OCTOBER,
            date(2009, 10, 30),
            "The cut-off date 30 October 2009 is before the end of October 2009. A report for "
            "October 2009 can be as at any date from 31 October 2009 to 30 November 2009.",
            id="before the month's end",
        ),
        pytest.param(
            OCTOBER,
            date(2009, 12, 1),
            "The cut-off date 1 December 2009 is after the end of November 2009. A report for "
            "October 2009 can be as at any date from 31 October 2009 to 30 November 2009.",
            id="after the end of M+1",
        ),
    ],
)
def test_report_dates_refuse_a_future_month_and_a_cut_off_outside_the_window(
    month: Month, cut_off: date | None, message: str
) -> None:
    with pytest.raises(ReportDateError) as raised:
        report_dates(
            month, today=date(2009, 11, 20), working_days=0, working=WORKING, cut_off=cut_off
        )
    assert str(raised.value) == message


@pytest.mark.parametrize(
    ("day", "working_days", "expected"),
    [
        pytest.param(date(2009, 11, 2), 1, OCTOBER, id="inside October's cut-off"),
        pytest.param(date(2009, 11, 2), 0, Month(2009, 11), id="after a month-end cut-off"),
        pytest.param(date(2009, 11, 3), 1, Month(2009, 11), id="after October's cut-off"),
        pytest.param(date(2009, 10, 31), 1, OCTOBER, id="the month's last day"),
        pytest.param(date(2009, 10, 1), 1, Month(2009, 9), id="1 October 2009 is September's"),
    ],
)
def test_an_update_first_shows_in_the_report_whose_default_cut_off_reaches_it(
    day: date, working_days: int, expected: Month
) -> None:
    assert month_first_showing(day, working_days, WORKING) == expected


@pytest.mark.parametrize(
    ("months", "today", "expected"),
    [
        pytest.param((), date(2010, 5, 3), Month(2010, 5), id="no updates: this month"),
        pytest.param(
            (Month(2009, 11), Month(2009, 10)), date(2010, 5, 3), Month(2009, 11), id="latest"
        ),
        pytest.param(
            (Month(2010, 7), Month(2010, 6)),
            date(2010, 5, 3),
            Month(2010, 5),
            id="updates dated ahead: not after this month",
        ),
    ],
)
def test_a_report_without_a_month_shows_the_latest_with_updates_up_to_now(
    months: tuple[Month, ...], today: date, expected: Month
) -> None:
    assert default_report_month(months, today) == expected

from datetime import date

import pytest

from tracker.domain.working_days import WorkingCalendar

CALENDAR = WorkingCalendar()


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        pytest.param(date(2026, 4, 2), True, id="ordinary Thursday"),
        pytest.param(date(2026, 4, 3), False, id="Good Friday 2026"),
        pytest.param(date(2026, 4, 4), False, id="Saturday"),
        pytest.param(date(2026, 4, 5), False, id="Sunday"),
        pytest.param(date(2026, 4, 6), False, id="Easter Monday 2026"),
        pytest.param(date(2026, 4, 7), True, id="Tuesday after Easter Monday"),
        pytest.param(date(2026, 5, 4), False, id="Early May bank holiday 2026"),
        pytest.param(date(2026, 11, 30), True, id="St Andrew's Day is Scotland only"),
        pytest.param(date(2026, 12, 24), True, id="Christmas Eve is a working day"),
        pytest.param(date(2026, 12, 25), False, id="Christmas Day 2026 (Friday)"),
        pytest.param(date(2026, 12, 28), False, id="Boxing Day substitute 2026 (Monday)"),
        pytest.param(date(2026, 12, 29), True, id="Tuesday after Christmas 2026"),
        pytest.param(date(2009, 12, 28), False, id="Boxing Day substitute 2009"),
        pytest.param(date(2010, 5, 3), False, id="Early May bank holiday 2010"),
        pytest.param(date(2010, 12, 27), False, id="Christmas substitute 2010"),
        pytest.param(date(2010, 12, 28), False, id="Boxing Day substitute 2010"),
        pytest.param(date(2011, 1, 3), False, id="New Year substitute 2011"),
        pytest.param(date(2011, 4, 29), False, id="royal wedding 2011"),
        pytest.param(date(2012, 4, 27), True, id="the royal wedding did not recur"),
        pytest.param(date(2010, 3, 17), True, id="St Patrick's Day is Northern Ireland only"),
    ],
)
def test_working_day_excludes_weekends_and_england_and_wales_bank_holidays(day, expected):
    assert CALENDAR.is_working_day(day) is expected


@pytest.mark.parametrize(
    ("day", "count", "expected"),
    [
        pytest.param(date(2026, 4, 1), 0, date(2026, 4, 1), id="zero is the day itself"),
        pytest.param(date(2026, 4, 4), 0, date(2026, 4, 4), id="zero on a Saturday too"),
        pytest.param(date(2026, 3, 30), 1, date(2026, 3, 31), id="Monday plus one"),
        pytest.param(date(2026, 3, 27), 1, date(2026, 3, 30), id="Friday plus one skips weekend"),
        pytest.param(date(2026, 4, 2), 1, date(2026, 4, 7), id="skips Easter weekend"),
        pytest.param(date(2026, 4, 4), 1, date(2026, 4, 7), id="from Saturday before Easter"),
        pytest.param(date(2026, 3, 30), 5, date(2026, 4, 8), id="five across Easter"),
        pytest.param(date(2026, 12, 24), 1, date(2026, 12, 29), id="skips Christmas 2026"),
        pytest.param(date(2011, 4, 21), 4, date(2011, 5, 3), id="through Easter 2011 and wedding"),
    ],
)
def test_add_working_days_returns_the_nth_working_day_after(day, count, expected):
    assert CALENDAR.add_working_days(day, count) == expected


def test_adding_negative_working_days_is_refused():
    with pytest.raises(ValueError, match="negative"):
        CALENDAR.add_working_days(date(2026, 4, 1), -1)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        pytest.param(date(2026, 4, 1), date(2026, 4, 1), 0, id="same day"),
        pytest.param(date(2026, 4, 8), date(2026, 4, 1), 0, id="end before start"),
        pytest.param(date(2026, 3, 30), date(2026, 3, 31), 1, id="Monday to Tuesday"),
        pytest.param(date(2026, 3, 27), date(2026, 3, 30), 1, id="Friday to Monday"),
        pytest.param(date(2026, 3, 27), date(2026, 3, 29), 0, id="Friday to Sunday"),
        pytest.param(date(2026, 4, 2), date(2026, 4, 7), 1, id="across Easter"),
        pytest.param(date(2026, 4, 2), date(2026, 4, 6), 0, id="into Easter Monday"),
        pytest.param(date(2026, 12, 24), date(2027, 1, 4), 4, id="across Christmas and New Year"),
        pytest.param(
            date(2010, 12, 31),
            date(2011, 12, 31),
            251,
            id="2011: 260 weekdays less 9 bank holidays",
        ),
        pytest.param(
            date(2009, 12, 31),
            date(2010, 12, 31),
            253,
            id="2010: 261 weekdays less 8 bank holidays",
        ),
    ],
)
def test_working_days_between_counts_after_start_up_to_and_including_end(start, end, expected):
    assert CALENDAR.working_days_between(start, end) == expected


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (date(2009, 3, 31), date(2011, 6, 30)),
        (date(2010, 12, 24), date(2011, 1, 4)),
        (date(2026, 4, 3), date(2026, 5, 26)),
    ],
)
def test_working_days_between_agrees_with_adding_working_days(start, end):
    count = CALENDAR.working_days_between(start, end)
    reached = CALENDAR.add_working_days(start, count)
    assert reached <= end < CALENDAR.add_working_days(start, count + 1)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        pytest.param(date(2026, 3, 30), date(2026, 3, 30), id="ordinary Monday"),
        pytest.param(date(2026, 4, 3), date(2026, 3, 30), id="Good Friday's week"),
        pytest.param(date(2026, 4, 6), date(2026, 4, 7), id="Easter Monday itself"),
        pytest.param(date(2026, 4, 9), date(2026, 4, 7), id="Thursday after Easter"),
        pytest.param(date(2026, 4, 12), date(2026, 4, 7), id="Sunday ends the ISO week"),
        pytest.param(date(2026, 12, 30), date(2026, 12, 29), id="after Boxing Day substitute"),
        pytest.param(date(2010, 12, 29), date(2010, 12, 29), id="after two substitutes 2010"),
        pytest.param(date(2011, 5, 5), date(2011, 5, 3), id="after Early May 2011"),
    ],
)
def test_first_working_day_of_week_skips_bank_holidays(day, expected):
    assert CALENDAR.first_working_day_of_week(day) == expected

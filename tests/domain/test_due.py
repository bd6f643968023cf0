from datetime import date, datetime
from itertools import permutations

import pytest

from tracker.domain.due import (
    CADENCE_MONTHS,
    DueAssessment,
    DueKind,
    add_months,
    assess_due,
    days_overdue,
    order_for_my_actions,
)
from tracker.domain.enums import Completion, Recurrence
from tracker.domain.facts import ActionFacts, UpdateFacts
from tracker.domain.working_days import WorkingCalendar

CALENDAR = WorkingCalendar()
# Tuesday before Easter 2026: five working days on is Thursday 9 April, past Good Friday and
# Easter Monday.
TUESDAY = date(2026, 3, 31)


def make_action(
    action_id: int = 1,
    *,
    target_date: date | None = None,
    recurrence: Recurrence = Recurrence.NONE,
    plan_id: int = 1,
    theme_number: int = 1,
    position: int = 0,
    ref: str | None = None,
) -> ActionFacts:
    return ActionFacts(
        action_id=action_id,
        plan_id=plan_id,
        ref=ref,
        text=f"Action {action_id}",
        theme_number=theme_number,
        theme_title="Management arrangements",
        band_number=1,
        target_date_text=target_date.strftime("%B %Y") if target_date else recurrence.value,
        target_date=target_date,
        milestones=(),
        recurrence=recurrence,
        leads=("Warren Carratt",),
        lead_ids=(1,),
        position=position,
    )


def make_update(
    as_at: date, completion: Completion = Completion.PARTIALLY_COMPLETED, action_id: int = 1
) -> UpdateFacts:
    return UpdateFacts(
        update_id=1,
        action_id=action_id,
        as_at=as_at,
        recorded_at=datetime(as_at.year, as_at.month, as_at.day, 12),
        completion=completion,
        rag=None,
        direction=None,
        commentary="",
        completed_on=as_at if completion is Completion.COMPLETED else None,
    )


@pytest.mark.parametrize(
    ("target_date", "expected"),
    [
        pytest.param(
            date(2026, 3, 30),
            DueAssessment(DueKind.OVERDUE, days_overdue=1, working_days_overdue=1),
            id="yesterday is overdue",
        ),
        pytest.param(
            date(2026, 3, 27),
            DueAssessment(DueKind.OVERDUE, days_overdue=4, working_days_overdue=2),
            id="last Friday: four calendar days but two working days",
        ),
        pytest.param(
            date(2010, 3, 31),
            DueAssessment(DueKind.OVERDUE, days_overdue=5844, working_days_overdue=4041),
            id="a 2010 target still open",
        ),
        pytest.param(
            TUESDAY, DueAssessment(DueKind.DUE_SOON, due_in_working_days=0), id="due today"
        ),
        pytest.param(
            date(2026, 4, 3),
            DueAssessment(DueKind.DUE_SOON, due_in_working_days=2),
            id="Good Friday counts as no working day",
        ),
        pytest.param(
            date(2026, 4, 9),
            DueAssessment(DueKind.DUE_SOON, due_in_working_days=5),
            id="fifth working day is still due soon",
        ),
        pytest.param(
            date(2026, 4, 10),
            DueAssessment(DueKind.NONE, due_in_working_days=6),
            id="sixth working day is not yet due soon",
        ),
    ],
)
def test_target_date_decides_overdue_and_due_soon(target_date, expected):
    action = make_action(target_date=target_date)
    assert assess_due(action, None, today=TUESDAY, calendar=CALENDAR) == expected


@pytest.mark.parametrize(
    ("due_soon_working_days", "target_date", "expected_kind"),
    [
        (0, TUESDAY, DueKind.DUE_SOON),
        (0, date(2026, 4, 1), DueKind.NONE),
        (2, date(2026, 4, 2), DueKind.DUE_SOON),
        (2, date(2026, 4, 6), DueKind.NONE),
        (10, date(2026, 4, 16), DueKind.DUE_SOON),
    ],
)
def test_due_soon_window_is_a_number_of_working_days(
    due_soon_working_days, target_date, expected_kind
):
    assessment = assess_due(
        make_action(target_date=target_date),
        None,
        today=TUESDAY,
        calendar=CALENDAR,
        due_soon_working_days=due_soon_working_days,
    )
    assert assessment.kind is expected_kind


@pytest.mark.parametrize(
    ("completion", "expected_kind"),
    [
        (Completion.COMPLETED, DueKind.NONE),
        (Completion.PARTIALLY_COMPLETED, DueKind.OVERDUE),
        (Completion.NOT_COMPLETED, DueKind.OVERDUE),
        (Completion.NOT_KNOWN, DueKind.OVERDUE),
    ],
)
def test_only_a_completed_action_stops_being_overdue(completion, expected_kind):
    action = make_action(target_date=date(2026, 3, 1))
    latest = make_update(date(2026, 3, 20), completion)
    assessment = assess_due(action, latest, today=TUESDAY, calendar=CALENDAR)
    assert assessment.kind is expected_kind
    assert assessment.last_update_on == date(2026, 3, 20)


@pytest.mark.parametrize(
    ("recurrence", "last_update_on", "today", "expected_kind"),
    [
        pytest.param(Recurrence.MONTHLY, None, TUESDAY, DueKind.UPDATE_DUE, id="never updated"),
        pytest.param(
            Recurrence.MONTHLY, date(2026, 2, 28), TUESDAY, DueKind.UPDATE_DUE, id="over a month"
        ),
        pytest.param(
            Recurrence.MONTHLY,
            date(2026, 2, 28),
            date(2026, 3, 28),
            DueKind.NONE,
            id="exactly a month is not yet late",
        ),
        pytest.param(
            Recurrence.MONTHLY,
            date(2026, 1, 31),
            date(2026, 2, 28),
            DueKind.NONE,
            id="31 January plus a month is 28 February",
        ),
        pytest.param(
            Recurrence.MONTHLY,
            date(2026, 1, 31),
            date(2026, 3, 1),
            DueKind.UPDATE_DUE,
            id="late the day after the clamped month end",
        ),
        pytest.param(
            Recurrence.QUARTERLY,
            date(2025, 12, 31),
            TUESDAY,
            DueKind.NONE,
            id="exactly a quarter is not yet late",
        ),
        pytest.param(
            Recurrence.QUARTERLY,
            date(2025, 12, 30),
            TUESDAY,
            DueKind.UPDATE_DUE,
            id="over a quarter",
        ),
        pytest.param(
            Recurrence.QUARTERLY,
            date(2026, 2, 1),
            TUESDAY,
            DueKind.NONE,
            id="two months is fine for quarterly",
        ),
        pytest.param(
            Recurrence.ONGOING,
            date(2026, 2, 27),
            TUESDAY,
            DueKind.UPDATE_DUE,
            id="ongoing reports monthly",
        ),
        pytest.param(Recurrence.ONGOING, None, TUESDAY, DueKind.UPDATE_DUE, id="ongoing, none"),
        pytest.param(Recurrence.NONE, None, TUESDAY, DueKind.NONE, id="unresolved one-off target"),
    ],
)
def test_recurring_action_needs_an_update_once_its_cadence_has_passed(
    recurrence, last_update_on, today, expected_kind
):
    action = make_action(recurrence=recurrence)
    latest = make_update(last_update_on) if last_update_on else None
    assessment = assess_due(action, latest, today=today, calendar=CALENDAR)
    assert assessment == DueAssessment(expected_kind, last_update_on=last_update_on)


@pytest.mark.parametrize(
    ("target_date", "expected_kind"),
    [
        (date(2026, 3, 1), DueKind.OVERDUE),
        (date(2026, 4, 2), DueKind.DUE_SOON),
        (date(2026, 9, 30), DueKind.NONE),
    ],
)
def test_target_date_wins_over_recurrence(target_date, expected_kind):
    action = make_action(target_date=target_date, recurrence=Recurrence.MONTHLY)
    assert assess_due(action, None, today=TUESDAY, calendar=CALENDAR).kind is expected_kind


def test_completed_recurring_action_needs_no_update():
    action = make_action(recurrence=Recurrence.MONTHLY)
    latest = make_update(date(2025, 6, 30), Completion.COMPLETED)
    assert assess_due(action, latest, today=TUESDAY, calendar=CALENDAR).kind is DueKind.NONE


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2009, 12, 15), 1, date(2010, 1, 15)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2025, 11, 30), 3, date(2026, 2, 28)),
        (date(2010, 3, 31), 3, date(2010, 6, 30)),
        (date(2010, 3, 31), -1, date(2010, 2, 28)),
        (date(2010, 3, 31), 0, date(2010, 3, 31)),
    ],
)
def test_adding_months_keeps_the_day_or_clamps_to_month_end(day, months, expected):
    assert add_months(day, months) == expected


OVERDUE_LONG = DueAssessment(DueKind.OVERDUE, days_overdue=40, working_days_overdue=28)
OVERDUE_SHORT = DueAssessment(DueKind.OVERDUE, days_overdue=3, working_days_overdue=1)
DUE_TODAY = DueAssessment(DueKind.DUE_SOON, due_in_working_days=0)
DUE_LATER = DueAssessment(DueKind.NONE, due_in_working_days=30)
NEVER_UPDATED = DueAssessment(DueKind.UPDATE_DUE)
UPDATED_IN_JANUARY = DueAssessment(DueKind.UPDATE_DUE, last_update_on=date(2026, 1, 10))
NOTHING_DUE = DueAssessment(DueKind.NONE)

MY_ACTIONS = [
    (make_action(1, plan_id=2, theme_number=1), NOTHING_DUE),
    (make_action(2, plan_id=1, theme_number=3, position=1), NOTHING_DUE),
    (make_action(3, recurrence=Recurrence.MONTHLY), UPDATED_IN_JANUARY),
    (make_action(4, recurrence=Recurrence.ONGOING), NEVER_UPDATED),
    (make_action(5, target_date=date(2026, 5, 12)), DUE_LATER),
    (make_action(6, target_date=TUESDAY), DUE_TODAY),
    (make_action(7, target_date=date(2026, 3, 28), ref="2.1"), OVERDUE_SHORT),
    (make_action(8, target_date=date(2026, 3, 28), ref="1.4"), OVERDUE_SHORT),
    (make_action(9, target_date=date(2026, 2, 19)), OVERDUE_LONG),
    (make_action(10, plan_id=1, theme_number=3, position=0), NOTHING_DUE),
]


@pytest.mark.parametrize(
    ("ids", "expected_order"),
    [
        pytest.param((8, 9, 7), (9, 8, 7), id="most overdue first, then by ref"),
        pytest.param((5, 6, 7), (7, 6, 5), id="overdue, then due soon, then due later"),
        pytest.param((3, 4, 5), (5, 4, 3), id="dated before update due, never updated first"),
        pytest.param((1, 2, 3, 10), (3, 10, 2, 1), id="the rest in plan, theme, position order"),
        pytest.param(tuple(range(1, 11)), (9, 8, 7, 6, 5, 4, 3, 10, 2, 1), id="everything"),
    ],
)
def test_my_actions_order(ids, expected_order):
    items = [item for item in MY_ACTIONS if item[0].action_id in ids]
    ordered = order_for_my_actions(items)
    assert tuple(action.action_id for action, _ in ordered) == expected_order


def test_my_actions_order_does_not_depend_on_input_order():
    sample = [MY_ACTIONS[i] for i in (0, 2, 4, 6, 7, 9)]
    orders = {
        tuple(action.action_id for action, _ in order_for_my_actions(arrangement))
        for arrangement in permutations(sample)
    }
    assert orders == {(8, 7, 5, 3, 10, 1)}


def test_my_actions_ties_fall_back_to_action_id():
    twins = [(make_action(12), NOTHING_DUE), (make_action(11), NOTHING_DUE)]
    assert [action.action_id for action, _ in order_for_my_actions(twins)] == [11, 12]


@pytest.mark.parametrize(
    ("recurrence", "months"),
    [
        (Recurrence.MONTHLY, 1),
        (Recurrence.QUARTERLY, 3),
        (Recurrence.ONGOING, 1),
        (Recurrence.NONE, None),
    ],
)
def test_recurrence_is_due_an_update_every_cadence(recurrence, months):
    assert CADENCE_MONTHS.get(recurrence) == months


def test_my_actions_put_1_9_before_1_10():
    items = [
        (make_action(1, ref="1.10"), NOTHING_DUE),
        (make_action(2, ref="1.9"), NOTHING_DUE),
        (make_action(3, ref="1.2a"), NOTHING_DUE),
    ]
    assert [action.ref for action, _ in order_for_my_actions(items)] == ["1.2a", "1.9", "1.10"]


@pytest.mark.parametrize(
    ("target", "completion", "expected"),
    [
        (None, None, None),
        (TUESDAY, None, None),
        (date(2026, 3, 30), None, 1),
        (date(2026, 2, 28), Completion.PARTIALLY_COMPLETED, 31),
        (date(2026, 2, 28), Completion.COMPLETED, None),
        (date(2026, 4, 1), Completion.NOT_COMPLETED, None),
    ],
)
def test_days_overdue_counts_calendar_days_past_the_target_of_an_unfinished_action(
    target, completion, expected
):
    assert days_overdue(target, completion, TUESDAY) == expected

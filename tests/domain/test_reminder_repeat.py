"""An overdue action is listed in its lead's reminder on its first day overdue, then every N."""

from dataclasses import replace
from datetime import date, datetime

import pytest

from tests.domain.test_reminders import CHILDRENS_PLAN, HOWARD, OWNER, PEOPLE, make_action
from tracker.domain.enums import Completion
from tracker.domain.facts import UpdateFacts
from tracker.domain.reminders import DigestKind, overdue_reminder_due, plan_reminders
from tracker.domain.working_days import WorkingCalendar

CALENDAR = WorkingCalendar()

# 2026: Good Friday is 3 April and Easter Monday 6 April; 4 May is a bank holiday.
THURSDAY_BEFORE_EASTER = date(2026, 4, 2)
TUESDAY_AFTER_EASTER = date(2026, 4, 7)
WEDNESDAY_AFTER_EASTER = date(2026, 4, 8)
FRIDAY_AFTER_EASTER = date(2026, 4, 10)
MONDAY_13_APRIL = date(2026, 4, 13)
TUESDAY_14_APRIL = date(2026, 4, 14)
TUESDAY_21_APRIL = date(2026, 4, 21)
FRIDAY_1_MAY = date(2026, 5, 1)
TUESDAY_5_MAY = date(2026, 5, 5)


@pytest.mark.parametrize(
    ("target", "today", "recorded_on", "every", "listed"),
    [
        # Easter: the first working day after Thursday 2 April is Tuesday 7 April.
        (THURSDAY_BEFORE_EASTER, TUESDAY_AFTER_EASTER, None, 5, True),
        (THURSDAY_BEFORE_EASTER, WEDNESDAY_AFTER_EASTER, None, 5, False),
        (THURSDAY_BEFORE_EASTER, MONDAY_13_APRIL, None, 5, False),
        (THURSDAY_BEFORE_EASTER, TUESDAY_14_APRIL, None, 5, True),
        (THURSDAY_BEFORE_EASTER, TUESDAY_21_APRIL, None, 5, True),
        # Every working day, as before the rule.
        (THURSDAY_BEFORE_EASTER, WEDNESDAY_AFTER_EASTER, None, 1, True),
        # Every 3: 7, then 10 and 15 April.
        (THURSDAY_BEFORE_EASTER, FRIDAY_AFTER_EASTER, None, 3, True),
        (THURSDAY_BEFORE_EASTER, TUESDAY_14_APRIL, None, 3, False),
        # The May Day bank holiday is not counted: overdue from Thursday 30 April, the repeat
        # every 2 falls on Tuesday 5 May, not on Monday 4 May.
        (date(2026, 4, 29), date(2026, 4, 30), None, 2, True),
        (date(2026, 4, 29), FRIDAY_1_MAY, None, 2, False),
        (date(2026, 4, 29), TUESDAY_5_MAY, None, 2, True),
        (date(2026, 4, 30), TUESDAY_5_MAY, None, 2, False),
        # Updated the working day before: skipped although it is a repeat day.
        (THURSDAY_BEFORE_EASTER, TUESDAY_14_APRIL, MONDAY_13_APRIL, 5, False),
        # Updated today: skipped.
        (THURSDAY_BEFORE_EASTER, TUESDAY_14_APRIL, TUESDAY_14_APRIL, 5, False),
        # Updated 4 working days before: still within 5.
        (THURSDAY_BEFORE_EASTER, TUESDAY_14_APRIL, WEDNESDAY_AFTER_EASTER, 5, False),
        # Updated exactly 5 working days before: listed again.
        (THURSDAY_BEFORE_EASTER, TUESDAY_14_APRIL, TUESDAY_AFTER_EASTER, 5, True),
        # Updated before Easter: the bank holidays do not count towards the 5.
        (THURSDAY_BEFORE_EASTER, TUESDAY_AFTER_EASTER, THURSDAY_BEFORE_EASTER, 5, False),
        (THURSDAY_BEFORE_EASTER, TUESDAY_AFTER_EASTER, THURSDAY_BEFORE_EASTER, 1, True),
        # An update recorded after the day was not known on it.
        (THURSDAY_BEFORE_EASTER, TUESDAY_14_APRIL, TUESDAY_21_APRIL, 5, True),
    ],
)
def test_an_overdue_action_is_listed_on_its_first_day_then_every_n_unless_just_updated(
    target, today, recorded_on, every, listed
):
    assert (
        overdue_reminder_due(
            working_days_overdue=CALENDAR.working_days_between(target, today),
            last_recorded_on=recorded_on,
            today=today,
            calendar=CALENDAR,
            repeat_working_days=every,
        )
        is listed
    )


@pytest.mark.parametrize("every", [0, -1, 61])
def test_a_repeat_outside_1_to_60_working_days_is_refused(every):
    with pytest.raises(ValueError, match="1 to 60"):
        overdue_reminder_due(
            working_days_overdue=1,
            last_recorded_on=None,
            today=TUESDAY_AFTER_EASTER,
            calendar=CALENDAR,
            repeat_working_days=every,
        )


def updated(action_id: int, recorded_on: date) -> UpdateFacts:
    return UpdateFacts(
        update_id=action_id,
        action_id=action_id,
        as_at=recorded_on,
        recorded_at=datetime(recorded_on.year, recorded_on.month, recorded_on.day, 9),
        completion=Completion.NOT_COMPLETED,
        rag=None,
        direction=None,
        commentary="",
        completed_on=None,
    )


def contents(today, actions, latest=None, every=5):
    plan = replace(CHILDRENS_PLAN, repeat_working_days=every, escalation_working_days=2)
    run = plan_reminders(
        today=today,
        calendar=CALENDAR,
        plans=[plan],
        actions=actions,
        latest=latest or {},
        recipients=PEOPLE,
    )
    return {
        digest.kind: tuple(item.action_id for item in digest.items)
        for digest in run.digests
        if digest.person_id in (HOWARD, OWNER)
    }


def test_a_lead_digest_lists_only_the_overdue_actions_due_a_reminder_that_day():
    first_day = make_action(1, target_date=THURSDAY_BEFORE_EASTER)
    second_day = make_action(2, target_date=date(2026, 3, 26))
    due_soon = make_action(3, target_date=date(2026, 4, 9))

    assert contents(WEDNESDAY_AFTER_EASTER, [first_day, second_day, due_soon]) == {
        DigestKind.LEAD: (3,)
    }
    # Tuesday after Easter is also the week's first working day, so the owner hears of 1.2.
    assert contents(TUESDAY_AFTER_EASTER, [first_day, second_day]) == {
        DigestKind.LEAD: (2, 1),
        DigestKind.ESCALATION: (2,),
    }


def test_a_digest_with_nothing_left_after_the_repeat_rule_is_not_sent():
    assert (
        contents(WEDNESDAY_AFTER_EASTER, [make_action(1, target_date=THURSDAY_BEFORE_EASTER)]) == {}
    )


def test_a_recent_update_skips_an_overdue_action_but_not_a_due_soon_one():
    overdue = make_action(1, target_date=THURSDAY_BEFORE_EASTER)
    due_soon = make_action(2, target_date=date(2026, 4, 9))
    latest = {1: updated(1, TUESDAY_AFTER_EASTER), 2: updated(2, TUESDAY_AFTER_EASTER)}

    assert contents(TUESDAY_AFTER_EASTER, [overdue, due_soon], latest) == {DigestKind.LEAD: (2,)}


def test_the_weekly_escalation_still_lists_actions_the_repeat_rule_leaves_out():
    # Monday 13 April is the first working day of its week: an escalation day.
    long_overdue = make_action(1, target_date=date(2026, 3, 2))
    latest = {1: updated(1, FRIDAY_AFTER_EASTER)}

    assert contents(MONDAY_13_APRIL, [long_overdue], latest) == {DigestKind.ESCALATION: (1,)}

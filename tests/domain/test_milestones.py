from dataclasses import replace
from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.python_counts import tally_as_at
from tracker.domain.as_at import Month, ReportDates
from tracker.domain.due import DueKind, assess_due
from tracker.domain.enums import Completion, Recurrence
from tracker.domain.facts import ActionFacts, UpdateFacts
from tracker.domain.highlight import build_highlight_report
from tracker.domain.milestones import (
    MILESTONE_OVERDUE,
    MilestoneFacts,
    due_within,
    first_missed,
    missed_milestones,
    next_due,
)
from tracker.domain.reminder_wording import describe_due
from tracker.domain.reminders import PlanReminderSettings, Recipient, plan_reminders
from tracker.domain.working_days import WorkingCalendar

AUG = MilestoneFacts(1, "QS1.1.1", "August", date(2010, 8, 31))
SEPT = MilestoneFacts(2, "QS1.1.2", "Sept", date(2010, 9, 30))
OCT = MilestoneFacts(3, "QS1.1.3", "Oct", date(2010, 10, 31))
DONE_EARLY = replace(SEPT, done_on=date(2010, 9, 20))
DONE_LATE = replace(SEPT, done_on=date(2010, 10, 5))


@pytest.mark.parametrize(
    ("milestone", "day", "missed"),
    [
        pytest.param(SEPT, date(2010, 9, 30), False, id="due on the day is not yet missed"),
        pytest.param(SEPT, date(2010, 10, 1), True, id="the day after, undone, is missed"),
        pytest.param(DONE_EARLY, date(2010, 10, 1), False, id="done before due"),
        pytest.param(DONE_LATE, date(2010, 10, 1), True, id="done after the day asked about"),
        pytest.param(DONE_LATE, date(2010, 10, 5), False, id="done on the day asked about"),
        pytest.param(DONE_LATE, date(2010, 11, 1), False, id="done late, asked later"),
    ],
)
def test_a_milestone_is_missed_when_due_before_the_day_and_not_done_by_it(milestone, day, missed):
    assert milestone.missed_at(day) is missed


@pytest.mark.parametrize(
    ("milestones", "day", "first", "coming"),
    [
        pytest.param((), date(2010, 9, 1), None, None, id="none"),
        pytest.param((OCT, AUG, SEPT), date(2010, 9, 1), AUG, SEPT, id="one missed, next Sept"),
        pytest.param((OCT, AUG, SEPT), date(2010, 11, 1), AUG, None, id="all missed"),
        pytest.param(
            (replace(AUG, done_on=date(2010, 8, 30)), SEPT, OCT),
            date(2010, 10, 2),
            SEPT,
            OCT,
            id="done ones are not missed",
        ),
        pytest.param(
            (AUG, replace(SEPT, done_on=date(2010, 9, 1)), OCT),
            date(2010, 8, 31),
            None,
            AUG,
            id="done early is not next",
        ),
    ],
)
def test_first_missed_and_next_due(milestones, day, first, coming):
    assert (first_missed(milestones, day), next_due(milestones, day)) == (first, coming)


@pytest.mark.parametrize(
    ("milestone", "day", "listed"),
    [
        pytest.param(SEPT, date(2010, 10, 1), SEPT, id="not done"),
        pytest.param(DONE_LATE, date(2010, 10, 1), SEPT, id="done after the day: not yet done"),
        pytest.param(DONE_LATE, date(2010, 10, 4), SEPT, id="done the day after the day"),
        pytest.param(DONE_LATE, date(2010, 10, 5), None, id="done on the day: not missed"),
    ],
)
def test_a_missed_milestone_is_listed_as_known_at_the_day(milestone, day, listed):
    assert first_missed((milestone,), day) == listed


def test_missed_milestones_come_longest_missed_first():
    assert missed_milestones((OCT, SEPT, AUG), date(2010, 11, 1)) == (AUG, SEPT, OCT)


@pytest.mark.parametrize(
    ("milestones", "as_at", "expected"),
    [
        pytest.param((AUG, SEPT, OCT), date(2010, 8, 31), (AUG, SEPT), id="from the day on"),
        pytest.param((DONE_EARLY, OCT), date(2010, 9, 25), (), id="done by as_at is out"),
        pytest.param((DONE_LATE,), date(2010, 9, 25), (DONE_LATE,), id="done after as_at is in"),
    ],
)
def test_due_within_a_window_leaves_out_milestones_done_by_as_at(milestones, as_at, expected):
    assert due_within(milestones, as_at, date(2010, 9, 30), as_at=as_at) == expected


@pytest.mark.parametrize(
    ("milestone", "name"),
    [
        (AUG, "QS1.1.1 August"),
        (MilestoneFacts(None, None, "  Review\n panel ", date(2010, 1, 1)), "Review panel"),
        (MilestoneFacts(None, None, "", date(2010, 1, 1)), "Milestone"),
    ],
)
def test_a_milestone_is_named_by_its_ref_and_words(milestone, name):
    assert milestone.name == name


milestone_dates = st.dates(min_value=date(2009, 1, 1), max_value=date(2012, 12, 31))


@given(
    due_on=milestone_dates,
    done_on=st.none() | milestone_dates,
    day=milestone_dates,
)
def test_a_milestone_is_either_missed_done_or_not_yet_due(due_on, done_on, day):
    milestone = MilestoneFacts(None, None, "Step", due_on, done_on)
    states = [milestone.missed_at(day), milestone.done_by(day), due_on >= day]
    assert any(states)
    assert not (milestone.missed_at(day) and milestone.done_by(day))


# The highlight report for October 2010, as at its cut-off 2 November 2010.
OCTOBER = Month(2010, 10)
CUT_OFF = date(2010, 11, 2)
P = Completion.PARTIALLY_COMPLETED


def action(
    action_id: int, target: date | None, milestones: tuple[MilestoneFacts, ...]
) -> ActionFacts:
    return ActionFacts(
        action_id=action_id,
        plan_id=1,
        ref=f"QS1.{action_id}",
        text=f"Action {action_id}",
        theme_number=1,
        theme_title="Quality and safety",
        band_number=None,
        target_date_text="",
        target_date=target,
        milestones=milestones,
        recurrence=Recurrence.NONE,
        leads=("Deb Johnson",),
        lead_ids=(7,),
    )


def update(action_id: int, completion: Completion = P) -> UpdateFacts:
    return UpdateFacts(
        update_id=action_id,
        action_id=action_id,
        as_at=date(2010, 9, 1),
        recorded_at=datetime(2010, 9, 1, 9),
        completion=completion,
        rag=None,
        direction=None,
        commentary="",
        completed_on=date(2010, 9, 1) if completion is Completion.COMPLETED else None,
    )


def report_for(actions: list[ActionFacts], completions: dict[int, Completion] | None = None):
    updates = [update(a.action_id, (completions or {}).get(a.action_id, P)) for a in actions]
    tallies = tally_as_at(actions, updates, CUT_OFF, bands=(), themes=((1, "Quality"),))
    return build_highlight_report(
        plan_slug="qsip",
        plan_title="Quality and safety improvement plan",
        month=OCTOBER,
        actions=actions,
        updates=updates,
        tallies=tallies,
        previous_tallies=tallies,
        trend=(),
        risks=(),
        achievements=(),
        dates=ReportDates(OCTOBER, CUT_OFF, CUT_OFF, provisional=False),
    )


@pytest.mark.parametrize(
    ("milestones", "target", "overdue", "milestone", "days"),
    [
        pytest.param((), date(2011, 3, 31), [], None, None, id="no milestone, not overdue"),
        pytest.param((SEPT,), date(2011, 3, 31), [], SEPT, 33, id="missed Sept, 33 days"),
        pytest.param((AUG, SEPT), date(2011, 3, 31), [], AUG, 63, id="longest missed is shown"),
        pytest.param((DONE_LATE,), date(2011, 3, 31), [], None, None, id="done by the cut-off"),
        pytest.param(
            (replace(SEPT, done_on=date(2010, 11, 10)),),
            date(2011, 3, 31),
            [],
            SEPT.due_on,
            33,
            id="done after the cut-off is still missed at it",
        ),
        pytest.param((SEPT,), date(2010, 10, 31), [2], None, None, id="overdue itself: once"),
    ],
)
def test_a_missed_milestone_lists_the_action_marked_without_making_it_overdue(
    milestones, target, overdue, milestone, days
):
    report = report_for([action(2, target, milestones)])
    assert [item.action_id for item in report.overdue_actions] == overdue
    marked = report.milestones_overdue
    if milestone is None:
        assert marked == ()
        return
    (item,) = marked
    assert item.days_overdue is None
    due_on = milestone if isinstance(milestone, date) else milestone.due_on
    assert (item.milestone.due_on, item.milestone_days_overdue) == (due_on, days)
    assert report.overdue_box.lines == (f"QS1.2 Action 2 ({MILESTONE_OVERDUE})",)


def test_overdue_actions_come_first_then_actions_with_a_milestone_overdue():
    report = report_for(
        [
            action(1, date(2011, 3, 31), (OCT,)),
            action(2, date(2010, 10, 1), ()),
            action(3, date(2011, 3, 31), (AUG,)),
            action(4, date(2011, 3, 31), (AUG,)),
        ],
        {4: Completion.COMPLETED},
    )
    assert [(item.action_id, item.milestone is not None) for item in report.overdue] == [
        (2, False),
        (3, True),
        (1, True),
    ]
    assert [item.action_id for item in report.overdue_actions] == [2]


@pytest.mark.parametrize(
    ("milestones", "planned"),
    [
        pytest.param((replace(OCT, due_on=date(2010, 11, 20)),), date(2010, 11, 20), id="undone"),
        pytest.param(
            (replace(OCT, due_on=date(2010, 11, 20), done_on=date(2010, 11, 1)),),
            None,
            id="done by the cut-off is not planned",
        ),
        pytest.param(
            (replace(OCT, due_on=date(2010, 11, 20), done_on=date(2010, 11, 5)),),
            date(2010, 11, 20),
            id="done after the cut-off is still planned at it",
        ),
    ],
)
def test_planned_counts_only_milestones_not_done_at_the_cut_off(milestones, planned):
    report = report_for([action(1, date(2011, 3, 31), milestones)])
    assert [item.due_in_month for item in report.planned] == ([] if planned is None else [planned])


CALENDAR = WorkingCalendar()
# Thursday 7 October 2010: Sept (30 September) was missed five working days ago.
THURSDAY = date(2010, 10, 7)


@pytest.mark.parametrize(
    ("target", "milestones", "today", "kind", "days", "milestone"),
    [
        pytest.param(date(2011, 3, 31), (SEPT,), THURSDAY, DueKind.MILESTONE_OVERDUE, 7, SEPT),
        pytest.param(
            date(2010, 10, 1), (SEPT,), THURSDAY, DueKind.OVERDUE, 6, None, id="own date wins"
        ),
        pytest.param(date(2011, 3, 31), (DONE_EARLY,), THURSDAY, DueKind.NONE, None, None),
        pytest.param(
            date(2011, 3, 31),
            (replace(OCT, due_on=date(2010, 10, 11)),),
            THURSDAY,
            DueKind.DUE_SOON,
            None,
            replace(OCT, due_on=date(2010, 10, 11)),
            id="milestone due soon",
        ),
        pytest.param(
            None,
            (SEPT,),
            THURSDAY,
            DueKind.MILESTONE_OVERDUE,
            7,
            SEPT,
            id="no target date",
        ),
    ],
)
def test_due_treats_a_missed_milestone_as_a_late_date(
    target, milestones, today, kind, days, milestone
):
    assessment = assess_due(action(1, target, milestones), None, today=today, calendar=CALENDAR)
    assert (assessment.kind, assessment.days_overdue, assessment.milestone) == (
        kind,
        days,
        milestone,
    )


def test_a_completed_action_has_no_milestone_overdue():
    assessment = assess_due(
        action(1, date(2011, 3, 31), (SEPT,)),
        update(1, Completion.COMPLETED),
        today=THURSDAY,
        calendar=CALENDAR,
    )
    assert assessment.kind is DueKind.NONE


PLAN = PlanReminderSettings(
    plan_id=1,
    plan_title="Quality and safety improvement plan",
    plan_slug="qsip",
    archived=False,
    owner_person_id=90,
    escalation_working_days=1,
    repeat_working_days=1,
)
PEOPLE = {
    7: Recipient(7, "Deb Johnson", "deb@example.org", True),
    90: Recipient(90, "Plan Owner", "owner@example.org", True),
}


def test_a_lead_is_reminded_of_a_missed_milestone_but_it_never_escalates():
    # Monday 11 October 2010 is an escalation day, Sept missed seven working days before.
    reminder_run = plan_reminders(
        today=date(2010, 10, 11),
        calendar=CALENDAR,
        plans=(PLAN,),
        actions=(action(1, date(2011, 3, 31), (SEPT,)),),
        latest={},
        recipients=PEOPLE,
    )
    (digest,) = reminder_run.digests
    assert digest.person_id == 7
    assert digest.subject == (
        "1 action with a milestone overdue – Quality and safety improvement plan"
    )
    (item,) = digest.items
    assert item.kind is DueKind.MILESTONE_OVERDUE
    assert describe_due(item) == (
        f"{MILESTONE_OVERDUE}: QS1.1.2 Sept, due 30 September 2010, 11 days late (7 working days)"
    )


def test_an_overdue_action_with_a_missed_milestone_is_counted_overdue_once():
    reminder_run = plan_reminders(
        today=date(2010, 10, 11),
        calendar=CALENDAR,
        plans=(PLAN,),
        actions=(action(1, date(2010, 10, 1), (SEPT,)),),
        latest={},
        recipients=PEOPLE,
    )
    lead, owner = reminder_run.digests
    assert lead.subject.startswith("1 overdue action –")
    assert owner.person_id == 90
    assert [item.kind for item in owner.items] == [DueKind.OVERDUE]

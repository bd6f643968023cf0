import json
import random
from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal
from itertools import count

import pytest

from tests.python_counts import tally_as_at, trend_as_at
from tracker.domain.as_at import Month, ReportDates
from tracker.domain.enums import Completion, Rag, Recurrence
from tracker.domain.facts import ActionFacts, UpdateFacts
from tracker.domain.highlight import (
    SHORT_TITLE_LENGTH,
    AchievementFacts,
    AchievementItem,
    HighlightReport,
    ReportItem,
    RiskFacts,
    RiskItem,
    build_highlight_report,
    short_title,
)
from tracker.domain.milestones import MilestoneFacts
from tracker.domain.status_key import DEFAULT_STATUS_KEY, StatusColour, StatusKeyEntry
from tracker.reports import wording
from tracker.reports.report_json import highlight_json

C = Completion.COMPLETED
N = Completion.NOT_COMPLETED
P = Completion.PARTIALLY_COMPLETED
K = Completion.NOT_KNOWN

OCTOBER = Month(2009, 10)
BANDS = ((1, "Priority 1"), (2, "Priority 2"))
THEMES = ((1, "Management arrangements"), (2, "Resource management"))


def day(month: int, day_of_month: int, year: int = 2009) -> date:
    return date(year, month, day_of_month)


def make_action(
    action_id: int = 1,
    *,
    theme: int = 1,
    band: int | None = 1,
    ref: str | None = None,
    position: int = 0,
    target: date | None = None,
    milestones: tuple[date, ...] = (),
    recurrence: Recurrence = Recurrence.NONE,
) -> ActionFacts:
    return ActionFacts(
        action_id=action_id,
        plan_id=1,
        ref=ref if ref is not None else f"{theme}.{action_id}",
        text=f"Action {action_id}",
        theme_number=theme,
        theme_title=dict(THEMES)[theme],
        band_number=band,
        target_date_text="" if target is None else target.strftime("%B %Y"),
        target_date=target,
        milestones=tuple(
            MilestoneFacts(index, None, f"Milestone {index}", due_on)
            for index, due_on in enumerate(milestones, start=1)
        ),
        recurrence=recurrence,
        leads=("Howard Woolfenden", "Warren Carratt"),
        position=position,
    )


_update_ids = count(1)
# Marks an update as complete when the plan came in, its completion date not known.
UNKNOWN = True


def make_update(
    as_at: date,
    completion: Completion,
    completed_on: date | None = None,
    *,
    action_id: int = 1,
    rag: Rag | None = None,
    status: StatusKeyEntry | None = None,
    commentary: str = "",
    recorded_at: datetime | None = None,
    completed_on_unknown: bool = False,
) -> UpdateFacts:
    entry = status or (DEFAULT_STATUS_KEY.entry_named(rag.label) if rag else None)
    return UpdateFacts(
        update_id=next(_update_ids),
        action_id=action_id,
        as_at=as_at,
        recorded_at=recorded_at or datetime.combine(as_at, datetime.min.time()),
        completion=completion,
        rag=rag,
        direction=None,
        commentary=commentary,
        completed_on=completed_on,
        completed_on_unknown=completed_on_unknown,
        status_label=entry.label if entry else None,
        status_colour=entry.colour if entry else None,
        status_exception=entry.exception if entry else False,
    )


def make_report(
    actions: list[ActionFacts],
    updates: list[UpdateFacts],
    *,
    month: Month = OCTOBER,
    risks: tuple[RiskFacts, ...] = (),
    achievements: tuple[AchievementFacts, ...] = (),
    dates: ReportDates | None = None,
    previous_as_at: date | None = None,
) -> HighlightReport:
    as_at = month.last_day if dates is None else dates.as_at
    previous_as_at = previous_as_at or month.previous().last_day
    return build_highlight_report(
        plan_slug="cyps-2009",
        plan_title="Children and Young People's Services Improvement Plan 2009/10",
        month=month,
        actions=actions,
        updates=updates,
        tallies=tally_as_at(actions, updates, as_at, bands=BANDS, themes=THEMES),
        previous_tallies=tally_as_at(actions, updates, previous_as_at, bands=BANDS, themes=THEMES),
        trend=trend_as_at(actions, [update for update in updates if update.as_at <= as_at], month),
        risks=risks,
        achievements=achievements,
        dates=dates,
    )


def make_risk(
    raised_on: date, closed_on: date | None = None, description: str = "Caseloads too high"
) -> RiskFacts:
    return RiskFacts(
        description=description,
        likelihood="High",
        consequences="Potential loss of provision",
        mitigation="Work with all providers",
        owner="Warren Carratt",
        status="open" if closed_on is None else "closed",
        raised_on=raised_on,
        closed_on=closed_on,
    )


def test_the_report_is_as_at_the_last_day_of_the_month() -> None:
    report = make_report([make_action()], [make_update(day(10, 5), P)])
    assert (report.plan_slug, report.month, report.as_at) == ("cyps-2009", OCTOBER, day(10, 31))
    assert report.tallies.as_at == day(10, 31)
    assert report.previous_tallies.as_at == day(9, 30)


# Completed in M: the state at the end of M is Completed, the current unbroken run of Completed
# updates began after the end of M-1, and the completion date lies inside M. The completion date
# is the newest completed_on a lead gave within that run, else the as_at of the run's first update.
@pytest.mark.parametrize(
    ("history", "completed_on"),
    [
        pytest.param([(day(10, 1), C, day(10, 1))], day(10, 1), id="on the 1st of M"),
        pytest.param([(day(10, 31), C, day(10, 31))], day(10, 31), id="on the last day of M"),
        pytest.param(
            [(day(9, 30), P, None), (day(10, 20), C, None)],
            day(10, 20),
            id="no completed_on: as_at of the update that made it Completed",
        ),
        pytest.param(
            [(day(10, 5), C, None), (day(10, 20), C, None)],
            day(10, 5),
            id="no completed_on: the first Completed update of the run",
        ),
        pytest.param(
            [(day(10, 5), C, day(10, 3)), (day(10, 20), C, None)],
            day(10, 3),
            id="a stated completed_on survives later updates that omit it",
        ),
        pytest.param(
            [(day(10, 5), C, day(10, 3)), (day(10, 20), C, day(10, 8))],
            day(10, 8),
            id="the newest stated completed_on wins",
        ),
        pytest.param(
            [(day(9, 10), C, day(9, 10)), (day(10, 5), P, None), (day(10, 20), C, None)],
            day(10, 20),
            id="reopened in M and completed again in M",
        ),
        pytest.param(
            [(day(9, 20), C, day(9, 20)), (day(10, 15), C, None)],
            None,
            id="completed the month before",
        ),
        pytest.param([(day(9, 20), C, None)], None, id="completed the month before, no date"),
        pytest.param(
            [(day(9, 20), C, None), (day(10, 15), C, day(10, 10))],
            None,
            id="already Completed at the end of M-1 though later dated inside M",
        ),
        pytest.param(
            [(day(10, 2), C, day(9, 29))],
            None,
            id="reported in M but completed_on before M",
        ),
        pytest.param([(day(10, 31), C, day(11, 3))], None, id="completed_on after M"),
        pytest.param(
            [(day(10, 10), C, day(10, 10)), (day(10, 25), P, None)],
            None,
            id="completed in M then reopened in M",
        ),
        pytest.param(
            [(day(10, 10), P, None), (day(11, 2), C, day(10, 30))],
            None,
            id="an update with an as_at after M is ignored for M",
        ),
        pytest.param([(day(10, 10), N, None)], None, id="not completed"),
        pytest.param(
            [(day(10, 5), C, None, UNKNOWN)],
            None,
            id="complete when the plan came in in M, date not known",
        ),
        pytest.param(
            [(day(10, 5), C, None, UNKNOWN), (day(10, 20), C, None)],
            None,
            id="complete when the plan came in, still complete later in M",
        ),
        pytest.param(
            [(day(9, 5), C, None, UNKNOWN), (day(10, 5), C, None)],
            None,
            id="complete when the plan came in the month before",
        ),
        pytest.param(
            [(day(10, 5), C, None, UNKNOWN), (day(10, 20), C, day(10, 2))],
            day(10, 2),
            id="complete when the plan came in, later dated inside M",
        ),
        pytest.param(
            [(day(10, 5), C, None, UNKNOWN), (day(10, 12), P, None), (day(10, 20), C, None)],
            day(10, 20),
            id="complete when the plan came in, reopened and completed again in M",
        ),
    ],
)
def test_completed_in_month(history: list[tuple], completed_on: date | None) -> None:
    updates = [
        make_update(as_at, completion, stated, completed_on_unknown=bool(unknown))
        for as_at, completion, stated, *unknown in history
    ]
    report = make_report([make_action(target=day(10, 31))], updates)
    assert [item.completed_on for item in report.completed] == (
        [] if completed_on is None else [completed_on]
    )


def test_a_completion_reported_after_m_with_a_date_inside_m_shows_in_neither_month() -> None:
    updates = [make_update(day(10, 10), P), make_update(day(11, 2), C, day(10, 30))]
    actions = [make_action()]
    assert make_report(actions, updates, month=OCTOBER).completed == ()
    assert make_report(actions, updates, month=OCTOBER.next()).completed == ()


# Planned for M+1: in the plan and not Completed at the cut-off (here the end of M), with the
# target date or a milestone from the cut-off to the end of M+1; due_in_month is the earliest.
@pytest.mark.parametrize(
    ("target", "milestones", "recurrence", "history", "due"),
    [
        pytest.param(day(11, 1), (), Recurrence.NONE, [(day(10, 10), P)], day(11, 1), id="1st"),
        pytest.param(day(11, 30), (), Recurrence.NONE, [(day(10, 10), N)], day(11, 30), id="last"),
        pytest.param(
            day(11, 30), (), Recurrence.NONE, [(day(10, 10), K)], day(11, 30), id="status unknown"
        ),
        pytest.param(
            day(10, 31), (), Recurrence.NONE, [(day(10, 10), P)], day(10, 31), id="due on cut-off"
        ),
        pytest.param(day(10, 30), (), Recurrence.NONE, [(day(10, 10), P)], None, id="due in M"),
        pytest.param(day(12, 1), (), Recurrence.NONE, [(day(10, 10), P)], None, id="due in M+2"),
        pytest.param(
            day(3, 31, 2010),
            (day(11, 15),),
            Recurrence.NONE,
            [(day(10, 10), P)],
            day(11, 15),
            id="milestone in M+1",
        ),
        pytest.param(
            day(11, 10),
            (day(10, 15), day(11, 20)),
            Recurrence.NONE,
            [(day(10, 10), P)],
            day(11, 10),
            id="earliest of target and milestones in M+1",
        ),
        pytest.param(
            day(11, 30), (), Recurrence.NONE, [(day(10, 10), C)], None, id="already completed"
        ),
        pytest.param(
            day(11, 30), (), Recurrence.NONE, [(day(11, 3), P)], None, id="not in the plan yet"
        ),
        pytest.param(
            day(11, 30),
            (),
            Recurrence.NONE,
            [(day(10, 10), C), (day(11, 3), P)],
            None,
            id="reopened after M",
        ),
        pytest.param(None, (), Recurrence.MONTHLY, [(day(10, 10), P)], None, id="recurring"),
    ],
)
def test_planned_for_next_month(
    target: date | None,
    milestones: tuple[date, ...],
    recurrence: Recurrence,
    history: list[tuple],
    due: date | None,
) -> None:
    action = make_action(target=target, milestones=milestones, recurrence=recurrence)
    updates = [make_update(as_at, completion) for as_at, completion in history]
    report = make_report([action], updates)
    assert [item.due_in_month for item in report.planned] == ([] if due is None else [due])


# Overdue: in the plan and not Completed at the cut-off (here the end of M), with a target date
# strictly before it; days_overdue counts calendar days from the target date to the cut-off.
@pytest.mark.parametrize(
    ("target", "recurrence", "history", "days_overdue"),
    [
        pytest.param(day(10, 31), Recurrence.NONE, [(day(10, 10), P)], None, id="due on cut-off"),
        pytest.param(day(10, 30), Recurrence.NONE, [(day(10, 10), P)], 1, id="due the day before"),
        pytest.param(day(10, 1), Recurrence.NONE, [(day(10, 10), N)], 30, id="due on the 1st"),
        pytest.param(
            day(9, 30), Recurrence.NONE, [(day(10, 10), K)], 31, id="due the month before"
        ),
        pytest.param(day(3, 31), Recurrence.NONE, [(day(10, 10), P)], 214, id="due in March"),
        pytest.param(day(11, 1), Recurrence.NONE, [(day(10, 10), P)], None, id="due after M"),
        pytest.param(day(9, 30), Recurrence.NONE, [(day(10, 10), C)], None, id="completed"),
        pytest.param(None, Recurrence.QUARTERLY, [(day(10, 10), P)], None, id="recurring"),
        pytest.param(day(9, 30), Recurrence.NONE, [(day(11, 3), P)], None, id="not in plan yet"),
        pytest.param(
            day(9, 30),
            Recurrence.NONE,
            [(day(10, 10), C), (day(11, 5), P)],
            None,
            id="reopened after M",
        ),
        pytest.param(
            day(9, 30),
            Recurrence.NONE,
            [(day(10, 10), P), (day(11, 2), C)],
            31,
            id="completed after M",
        ),
    ],
)
def test_overdue_at_end_of_month(
    target: date | None, recurrence: Recurrence, history: list[tuple], days_overdue: int | None
) -> None:
    action = make_action(target=target, recurrence=recurrence)
    updates = [make_update(as_at, completion) for as_at, completion in history]
    report = make_report([action], updates)
    assert [item.days_overdue for item in report.overdue] == (
        [] if days_overdue is None else [days_overdue]
    )


def test_overdue_lists_the_most_overdue_first_then_in_plan_order() -> None:
    actions = [
        make_action(1, theme=2, position=1, target=day(10, 1)),
        make_action(2, theme=1, position=2, ref="1.10", target=day(9, 1)),
        make_action(3, theme=1, position=2, ref="1.9", target=day(10, 1)),
        make_action(4, theme=1, position=1, target=day(10, 30)),
        make_action(5, theme=1, position=3, target=day(10, 1)),
    ]
    updates = [make_update(day(10, 5), P, action_id=action.action_id) for action in actions]
    report = make_report(actions, updates)
    assert [(item.action_id, item.days_overdue) for item in report.overdue] == [
        (2, 60),
        (5, 30),
        (3, 30),
        (1, 30),
        (4, 1),
    ]


def test_boxes_list_actions_by_theme_then_natural_ref_then_position() -> None:
    actions = [
        make_action(1, theme=2, position=1, ref="2.1"),
        make_action(2, theme=1, position=5, ref="1.10"),
        make_action(3, theme=1, position=5, ref="1.9"),
        make_action(4, theme=1, position=1, ref="1.20"),
        replace(make_action(5, theme=1, position=5), ref=None),
    ]
    updates = [
        make_update(day(10, 5), C, day(10, 5), action_id=action.action_id, rag=Rag.RED)
        for action in actions
    ]
    report = make_report(actions, updates)
    assert [item.action_id for item in report.completed] == [3, 2, 4, 5, 1]
    assert [item.action_id for item in report.red_actions] == [3, 2, 4, 5, 1]


def test_a_report_item_carries_the_action_and_its_state_at_the_end_of_m() -> None:
    action = make_action(7, theme=2, ref="2.3", target=day(9, 30))
    updates = [
        make_update(day(10, 5), P, action_id=7, rag=Rag.AMBER, commentary="Audit under way"),
        make_update(day(10, 25), P, action_id=7, rag=Rag.RED, commentary="Audit delayed"),
        make_update(day(11, 5), P, action_id=7, rag=Rag.GREEN, commentary="Back on track"),
    ]
    report = make_report([action], updates)
    assert report.overdue == (
        ReportItem(
            action_id=7,
            ref="2.3",
            action="Action 7",
            theme_number=2,
            leads=("Howard Woolfenden", "Warren Carratt"),
            target_date=day(9, 30),
            target_date_text="September 2009",
            days_overdue=31,
            rag=Rag.RED,
            status_label="Red",
            status_colour=StatusColour.RED,
            commentary="Audit delayed",
        ),
    )
    assert report.red_actions == (
        ReportItem(
            action_id=7,
            ref="2.3",
            action="Action 7",
            theme_number=2,
            leads=("Howard Woolfenden", "Warren Carratt"),
            target_date=day(9, 30),
            target_date_text="September 2009",
            rag=Rag.RED,
            status_label="Red",
            status_colour=StatusColour.RED,
            commentary="Audit delayed",
        ),
    )


# Risks and issues: open at the end of M means raised on or before its last day and not closed
# on or before it.
@pytest.mark.parametrize(
    ("raised_on", "closed_on", "shown"),
    [
        pytest.param(day(10, 10), None, True, id="open, raised in M"),
        pytest.param(day(10, 31), None, True, id="raised on the last day of M"),
        pytest.param(day(6, 1), None, True, id="raised months before"),
        pytest.param(day(11, 1), None, False, id="raised after M"),
        pytest.param(day(9, 1), day(10, 20), False, id="closed in M"),
        pytest.param(day(9, 1), day(10, 31), False, id="closed on the last day of M"),
        pytest.param(day(9, 1), day(11, 3), True, id="closed after M"),
    ],
)
def test_risks_open_at_the_end_of_month(
    raised_on: date, closed_on: date | None, shown: bool
) -> None:
    report = make_report([], [], risks=(make_risk(raised_on, closed_on),))
    assert report.risks == (
        (
            RiskItem(
                description="Caseloads too high",
                likelihood="High",
                consequences="Potential loss of provision",
                mitigation="Work with all providers",
                owner="Warren Carratt",
                raised_on=raised_on,
            ),
        )
        if shown
        else ()
    )


def test_risks_are_listed_oldest_first() -> None:
    risks = (
        make_risk(day(10, 2), description="B"),
        make_risk(day(9, 1), description="C"),
        make_risk(day(10, 2), description="A"),
    )
    report = make_report([], [], risks=risks)
    assert [risk.description for risk in report.risks] == ["C", "A", "B"]


@pytest.mark.parametrize(
    ("status", "closed_on", "message"),
    [
        ("closed", None, "closed risk needs the date"),
        ("open", day(10, 1), "open one has none"),
        ("resolved", None, "'open' or 'closed'"),
    ],
)
def test_a_risk_must_say_when_it_closed_exactly_when_it_is_closed(
    status: str, closed_on: date | None, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        RiskFacts("Risk", "High", "Harm", "Act", "Owner", status, day(9, 1), closed_on)


@pytest.mark.parametrize(
    ("history", "shown"),
    [
        pytest.param([(day(10, 10), Rag.RED)], True, id="red at the end of M"),
        pytest.param([(day(9, 10), Rag.RED)], True, id="still red from an earlier month"),
        pytest.param([(day(9, 10), Rag.RED), (day(10, 5), Rag.AMBER)], False, id="was red"),
        pytest.param([(day(10, 5), Rag.AMBER), (day(11, 2), Rag.RED)], False, id="red after M"),
        pytest.param([(day(11, 2), Rag.RED)], False, id="not in the plan yet"),
        pytest.param([(day(10, 5), None)], False, id="no rating"),
    ],
)
def test_red_actions_are_those_rated_red_at_the_end_of_month(
    history: list[tuple], shown: bool
) -> None:
    updates = [make_update(as_at, P, rag=rag, commentary="Why") for as_at, rag in history]
    report = make_report([make_action()], updates)
    assert [(item.action_id, item.rag, item.commentary) for item in report.red_actions] == (
        [(1, Rag.RED, "Why")] if shown else []
    )


@pytest.mark.parametrize(
    ("achieved_on", "shown"),
    [
        (day(10, 1), True),
        (day(10, 31), True),
        (day(9, 30), False),
        (day(11, 1), False),
        (day(10, 15, 2008), False),
    ],
)
def test_achievements_dated_inside_the_month(achieved_on: date, shown: bool) -> None:
    achievement = AchievementFacts("Improved KS1 points score by 6.4%", achieved_on)
    report = make_report([], [], achievements=(achievement,))
    expected = (AchievementItem(achievement.text, achieved_on),) if shown else ()
    assert report.achievements == expected


def test_achievements_are_listed_by_date_then_text() -> None:
    achievements = (
        AchievementFacts("Value for Money Panel", day(10, 20)),
        AchievementFacts("EWOs linked to Localities", day(10, 20)),
        AchievementFacts("Directors have clearly defined targets", day(10, 2)),
    )
    report = make_report([], [], achievements=achievements)
    assert [item.text for item in report.achievements] == [
        "Directors have clearly defined targets",
        "EWOs linked to Localities",
        "Value for Money Panel",
    ]


def test_tallies_compare_the_end_of_m_with_the_end_of_the_month_before() -> None:
    actions = [
        make_action(action_id, band=2 if action_id == 4 else 1) for action_id in (1, 2, 3, 4)
    ]
    updates = [
        make_update(day(9, 10), C, day(9, 10), action_id=1),
        make_update(day(9, 10), P, action_id=2),
        make_update(day(9, 10), N, action_id=3),
        make_update(day(10, 12), C, day(10, 12), action_id=2),
        make_update(day(10, 12), P, action_id=3),
        make_update(day(10, 12), N, action_id=4),
    ]
    report = make_report(actions, updates)
    assert report.previous_tallies.overall.total == 3
    assert report.previous_tallies.overall.percentages == {
        C: Decimal("33.33"),
        N: Decimal("33.33"),
        P: Decimal("33.33"),
        K: Decimal("0.00"),
    }
    assert report.tallies.overall.percentages == {
        C: Decimal("50.00"),
        N: Decimal("25.00"),
        P: Decimal("25.00"),
        K: Decimal("0.00"),
    }
    assert report.change == {
        C: Decimal("16.67"),
        N: Decimal("-8.33"),
        P: Decimal("-8.33"),
        K: Decimal("0.00"),
    }
    assert [band.tally.total for band in report.tallies.bands] == [3, 1]
    assert [theme.tally.total for theme in report.tallies.themes] == [4, 0]


def rich_plan() -> dict:
    actions = [
        make_action(1, theme=1, position=1, target=day(10, 31)),
        make_action(2, theme=1, position=2, target=day(11, 30)),
        make_action(3, theme=2, position=1, band=2, target=day(9, 30)),
        make_action(4, theme=2, position=2, band=None, target=None, recurrence=Recurrence.ONGOING),
    ]
    updates = [
        make_update(day(9, 20), P, action_id=1),
        make_update(day(10, 14), C, day(10, 13), action_id=1, rag=Rag.COMPLETE),
        make_update(day(10, 2), N, action_id=2, rag=Rag.AMBER),
        make_update(day(9, 25), P, action_id=3, rag=Rag.RED, commentary="Needs funding*"),
        make_update(day(10, 3), P, action_id=4, rag=Rag.GREEN),
    ]
    return {
        "actions": actions,
        "updates": updates,
        "risks": (make_risk(day(9, 1)), make_risk(day(8, 1), day(9, 15), "Closed one")),
        "achievements": (AchievementFacts("Value for Money Panel", day(10, 9)),),
    }


def test_regenerating_a_past_month_gives_an_equal_report() -> None:
    plan = rich_plan()
    first = make_report(**plan)
    later_updates = [
        make_update(day(11, 3), P, action_id=1, rag=Rag.RED),
        make_update(day(12, 1), C, day(12, 1), action_id=3),
        make_update(day(11, 20), N, action_id=5),
    ]
    shuffled_updates = plan["updates"] + later_updates
    random.Random(2009).shuffle(shuffled_updates)
    regenerated = make_report(
        actions=[*reversed(plan["actions"]), make_action(5, target=day(11, 30))],
        updates=shuffled_updates,
        risks=(*plan["risks"], make_risk(day(11, 2), description="Raised later")),
        achievements=(*plan["achievements"], AchievementFacts("Later", day(11, 4))),
    )
    assert regenerated == first
    assert highlight_json(regenerated) == highlight_json(first)


def test_an_update_recorded_later_with_an_as_at_inside_m_changes_that_months_report() -> None:
    plan = rich_plan()
    before = make_report(**plan)
    correction = make_update(
        day(10, 30), C, day(10, 29), action_id=3, recorded_at=datetime(2009, 11, 12, 10)
    )
    after = make_report(**{**plan, "updates": [*plan["updates"], correction]})
    assert after != before
    assert [item.action_id for item in before.completed] == [1]
    assert [item.action_id for item in after.completed] == [1, 3]
    assert [item.action_id for item in before.overdue] == [3]
    assert after.overdue == ()


def test_the_rich_plan_fills_every_box() -> None:
    report = make_report(**rich_plan())
    assert [item.action_id for item in report.completed] == [1]
    assert [item.action_id for item in report.planned] == [2]
    assert [(item.action_id, item.days_overdue) for item in report.overdue] == [(3, 31)]
    assert [item.action_id for item in report.red_actions] == [3]
    assert [risk.description for risk in report.risks] == ["Caseloads too high"]
    assert [item.text for item in report.achievements] == ["Value for Money Panel"]


TALLY_KEYS = {"total", "completed", "not_completed", "partially_completed", "not_known", "percent"}
ITEM_KEYS = {
    "action_id",
    "ref",
    "action",
    "theme",
    "leads",
    "target_date",
    "target_date_text",
    "baseline_target_date",
    "revision_count",
    "revised_on",
    "revision_note",
    "rag",
    "status",
    "status_colour",
    "commentary",
    "short_title",
    "report_note",
}


def test_json_dict_has_the_documented_shape_and_dumps() -> None:
    data = json.loads(json.dumps(highlight_json(make_report(**rich_plan()))))
    assert set(data) == {
        "plan",
        "month",
        "as_at",
        "cut_off",
        "provisional",
        "title",
        "tallies",
        "previous_tallies",
        "change",
        "completed",
        "awaiting_sign_off",
        "planned",
        "overdue",
        "milestones_overdue",
        "risks",
        "red_actions",
        "achievements",
        "indicators",
        "recommendations",
        "trend",
    }
    assert data["indicators"] == []
    assert data["recommendations"] is None
    assert data["plan"] == {
        "slug": "cyps-2009",
        "title": "Children and Young People's Services Improvement Plan 2009/10",
    }
    assert (data["month"], data["as_at"], data["cut_off"]) == (
        "2009-10",
        "2009-10-31",
        "2009-10-31",
    )
    assert data["provisional"] is False
    assert data["title"] == (
        "Children and Young People's Services Improvement Plan 2009/10 – October Highlight Report"
    )
    for key, as_at in (("tallies", "2009-10-31"), ("previous_tallies", "2009-09-30")):
        tallies = data[key]
        assert set(tallies) == {"as_at", "overall", "bands", "themes"}
        assert tallies["as_at"] == as_at
        assert set(tallies["overall"]) == TALLY_KEYS
        for band in tallies["bands"]:
            assert set(band) == TALLY_KEYS | {"number", "label"}
        for theme in tallies["themes"]:
            assert set(theme) == TALLY_KEYS | {"number", "title", "bands"}
            for band in theme["bands"]:
                assert set(band) == TALLY_KEYS | {"number", "label"}
    assert data["completed"] == [
        {
            "action_id": 1,
            "ref": "1.1",
            "action": "Action 1",
            "theme": 1,
            "leads": ["Howard Woolfenden", "Warren Carratt"],
            "target_date": "2009-10-31",
            "target_date_text": "October 2009",
            "baseline_target_date": None,
            "revision_count": 0,
            "revised_on": None,
            "revision_note": "",
            "rag": "complete",
            "status": "Complete",
            "status_colour": "blue",
            "commentary": "",
            "short_title": "1.1 Action 1",
            "report_note": "",
            "completed_on": "2009-10-13",
            "signed_off_on": None,
        }
    ]
    assert [set(item) for item in data["planned"]] == [ITEM_KEYS | {"due"}]
    assert data["planned"][0]["due"] == "2009-11-30"
    assert [set(item) for item in data["overdue"]] == [ITEM_KEYS | {"days_overdue"}]
    assert data["overdue"][0]["days_overdue"] == 31
    assert [set(item) for item in data["red_actions"]] == [ITEM_KEYS]
    assert data["red_actions"][0]["commentary"] == "Needs funding*"
    assert data["risks"] == [
        {
            "description": "Caseloads too high",
            "likelihood": "High",
            "consequences": "Potential loss of provision",
            "mitigation": "Work with all providers",
            "owner": "Warren Carratt",
            "raised_on": "2009-09-01",
        }
    ]
    assert data["achievements"] == [{"text": "Value for Money Panel", "achieved_on": "2009-10-09"}]
    assert data["trend"] == [
        {"month": "2009-09", "percent_completed": "0.00", "total": 2},
        {"month": "2009-10", "percent_completed": "25.00", "total": 4},
    ]


def test_json_percentages_are_strings_with_two_decimals() -> None:
    data = highlight_json(make_report(**rich_plan()))
    percent_keys = ["completed", "not_completed", "partially_completed", "not_known"]
    assert data["tallies"]["overall"] == {
        "total": 4,
        "completed": 1,
        "not_completed": 1,
        "partially_completed": 2,
        "not_known": 0,
        "percent": dict(zip(percent_keys, ["25.00", "25.00", "50.00", "0.00"], strict=True)),
    }
    assert data["previous_tallies"]["overall"]["percent"] == dict(
        zip(percent_keys, ["0.00", "0.00", "100.00", "0.00"], strict=True)
    )
    assert data["change"] == dict(
        zip(percent_keys, ["25.00", "25.00", "-50.00", "0.00"], strict=True)
    )
    no_priority = data["tallies"]["bands"][-1]
    assert (no_priority["number"], no_priority["label"], no_priority["total"]) == (
        None,
        "No priority",
        1,
    )
    assert [band["number"] for band in data["previous_tallies"]["bands"]] == [1, 2]


def test_red_actions_are_those_whose_recorded_status_is_an_exception_under_the_plans_key() -> None:
    off_track = StatusKeyEntry("Off track", StatusColour.RED, exception=True)
    complete_assured = StatusKeyEntry(
        "Complete & CSPI", StatusColour.BLUE, Completion.COMPLETED, words=("Blue",)
    )
    updates = [
        make_update(day(10, 10), P, action_id=1, status=off_track, commentary="Funding cut"),
        make_update(day(10, 10), C, day(10, 9), action_id=2, status=complete_assured),
    ]
    report = make_report([make_action(1), make_action(2)], updates)
    assert [
        (item.action_id, item.status_label, item.status_colour, item.commentary)
        for item in report.red_actions
    ] == [(1, "Off track", StatusColour.RED, "Funding cut")]
    assert [(item.action_id, item.status_label) for item in report.completed] == [
        (2, "Complete & CSPI")
    ]
    assert highlight_json(report)["red_actions"][0]["status"] == "Off track"


NOVEMBER_2 = ReportDates(OCTOBER, day(11, 2), day(11, 2), provisional=False)


def test_the_report_is_as_at_its_cut_off_and_compares_with_the_previous_cut_off() -> None:
    updates = [make_update(day(10, 1), P), make_update(day(11, 2), C, day(10, 30))]
    report = make_report([make_action()], updates, dates=NOVEMBER_2, previous_as_at=day(10, 1))
    assert (report.as_at, report.cut_off, report.provisional) == (day(11, 2), day(11, 2), False)
    assert report.tallies.as_at == day(11, 2)
    assert report.previous_tallies.as_at == day(10, 1)
    assert report.tallies.overall.completed == 1
    assert report.previous_tallies.overall.partially_completed == 1


# Completed in M, with the cut-off two days into M+1: an update given by the cut-off counts, and
# the completion date still has to fall inside M.
@pytest.mark.parametrize(
    ("history", "completed_on"),
    [
        pytest.param([(day(11, 2), C, day(10, 30))], day(10, 30), id="reported on the cut-off"),
        pytest.param([(day(11, 2), C, None)], None, id="no date: completed on the cut-off"),
        pytest.param([(day(11, 3), C, day(10, 30))], None, id="reported after the cut-off"),
        pytest.param([(day(11, 1), C, day(11, 1))], None, id="completed in M+1"),
        pytest.param(
            [(day(10, 1), C, None), (day(11, 2), C, day(10, 20))],
            day(10, 20),
            id="the run began in M",
        ),
        pytest.param(
            [(day(9, 30), C, None), (day(11, 2), C, day(10, 20))],
            None,
            id="already Completed at the end of M-1",
        ),
    ],
)
def test_completed_in_month_at_a_cut_off_after_the_month(
    history: list[tuple], completed_on: date | None
) -> None:
    updates = [make_update(as_at, completion, stated) for as_at, completion, stated in history]
    report = make_report([make_action(target=day(10, 31))], updates, dates=NOVEMBER_2)
    assert [item.completed_on for item in report.completed] == (
        [] if completed_on is None else [completed_on]
    )


# Overdue is strictly before the cut-off; planned runs from the cut-off to the end of M+1.
@pytest.mark.parametrize(
    ("target", "days_overdue", "due"),
    [
        pytest.param(day(10, 31), 2, None, id="due on the month's last day"),
        pytest.param(day(11, 1), 1, None, id="due the day before the cut-off"),
        pytest.param(day(11, 2), None, day(11, 2), id="due on the cut-off: planned"),
        pytest.param(day(11, 30), None, day(11, 30), id="due on the last day of M+1"),
        pytest.param(day(12, 1), None, None, id="due after M+1"),
        pytest.param(None, None, None, id="no target date"),
    ],
)
def test_overdue_and_planned_at_a_cut_off_after_the_month(
    target: date | None, days_overdue: int | None, due: date | None
) -> None:
    report = make_report(
        [make_action(target=target)], [make_update(day(10, 5), P)], dates=NOVEMBER_2
    )
    assert [item.days_overdue for item in report.overdue] == (
        [] if days_overdue is None else [days_overdue]
    )
    assert [item.due_in_month for item in report.planned] == ([] if due is None else [due])


def test_an_update_after_the_cut_off_does_not_change_the_report() -> None:
    action = make_action(target=day(10, 15))
    updates = [make_update(day(10, 5), P)]
    report = make_report([action], updates, dates=NOVEMBER_2)
    later = make_report([action], [*updates, make_update(day(11, 3), C)], dates=NOVEMBER_2)
    assert later == report
    assert [item.days_overdue for item in later.overdue] == [18]


@pytest.mark.parametrize(
    ("dates", "title", "status", "bands", "note"),
    [
        pytest.param(
            NOVEMBER_2,
            "Plan – October Highlight Report",
            "Overall Completion Status 2 November 2009",
            "Actions as at October 2009",
            "",
            id="final",
        ),
        pytest.param(
            ReportDates(OCTOBER, day(11, 2), day(10, 20), provisional=True),
            "Plan – October Highlight Report (provisional, so far)",
            "Overall Completion Status 20 October 2009 (so far)",
            "Actions as at October 2009",
            "This report is provisional: October 2009 has not ended. It shows the position so "
            "far, as at 20 October 2009, and may change as updates arrive.",
            id="provisional",
        ),
    ],
)
def test_the_report_is_headed_as_the_paper(
    dates: ReportDates, title: str, status: str, bands: str, note: str
) -> None:
    report = replace(make_report([make_action()], [], dates=dates), plan_title="Plan")
    assert (
        wording.highlight_title(report),
        wording.highlight_status_heading(report),
        wording.highlight_bands_heading(report),
    ) == (title, status, bands)
    assert highlight_json(report)["provisional"] is dates.provisional
    assert wording.provisional_note(report) == note


@pytest.mark.parametrize(
    ("dates", "note"),
    [
        pytest.param(
            ReportDates(OCTOBER, day(11, 2), day(10, 20), provisional=True),
            "This report is provisional: October 2009 has not ended. It shows the position so "
            "far, as at 20 October 2009, and may change as updates arrive.",
            id="month not ended",
        ),
        pytest.param(
            ReportDates(OCTOBER, day(11, 2), day(11, 1), provisional=True),
            "This report is provisional: its cut-off date, 2 November 2009, is not over. It shows "
            "the position so far, as at 1 November 2009, and may change as updates arrive.",
            id="cut-off to come",
        ),
    ],
)
def test_a_provisional_report_says_why(dates: ReportDates, note: str) -> None:
    assert wording.provisional_note(make_report([make_action()], [], dates=dates)) == note


@pytest.mark.parametrize(
    ("ref", "text", "expected"),
    [
        pytest.param("2.03", "Review of thresholds", "2.03 Review of thresholds", id="short"),
        pytest.param(None, "Review of thresholds", "Review of thresholds", id="no ref"),
        pytest.param("1", "Audit\n  of   caseloads", "1 Audit of caseloads", id="spaces joined"),
        pytest.param(
            "2.03",
            "Conduct a review on all NFA cases to quality assure the high level of 'no further "
            "action' decisions being taken",
            "2.03 Conduct a review on all NFA cases to quality assure the high level of 'no…",
            id="cut at a word boundary",
        ),
        pytest.param(
            None,
            "Reduce the vacancy rate of qualified social workers from the 2008/09 baseline, to 10 "
            "per cent",
            "Reduce the vacancy rate of qualified social workers from the 2008/09 baseline…",
            id="punctuation before the cut dropped",
        ),
        pytest.param(None, "x" * 100, "x" * 79 + "…", id="one long word"),
    ],
)
def test_a_short_title_is_the_ref_and_the_first_words_of_the_text(
    ref: str | None, text: str, expected: str
) -> None:
    assert short_title(ref, text) == expected
    assert len(short_title(None, text)) <= SHORT_TITLE_LENGTH

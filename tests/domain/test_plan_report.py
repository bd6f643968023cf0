from datetime import UTC, date, datetime

from tracker.domain.enums import Completion, Direction, Rag
from tracker.domain.facts import UpdateFacts
from tracker.domain.plan_report import MeasureFacts, build_plan_report
from tracker.domain.status_key import DEFAULT_STATUS_KEY, StatusColour, StatusKeyEntry

C = Completion.COMPLETED
N = Completion.NOT_COMPLETED


def measure(action_id: int, theme: int, objective: int, position: int) -> MeasureFacts:
    return MeasureFacts(
        action_id=action_id,
        ref=f"{theme}.{action_id:02d}",
        theme_number=theme,
        theme_title=f"Theme {theme}",
        objective_id=objective,
        objective_position=objective,
        objective=f"Objective {objective}",
        position=position,
        text=f"Action {action_id}",
        baseline="",
        targets="",
        target_date_text="March 2011",
        target_date=date(2011, 3, 31),
        lead_text="Howard Woolfenden",
        workstreams="Social Work",
        band_number=None,
    )


def update(
    action_id: int,
    as_at: date,
    rag: Rag | None,
    commentary: str = "",
    *,
    status: StatusKeyEntry | None = None,
) -> UpdateFacts:
    entry = status or (DEFAULT_STATUS_KEY.entry_named(rag.label) if rag else None)
    return UpdateFacts(
        update_id=action_id * 100 + as_at.month,
        action_id=action_id,
        as_at=as_at,
        recorded_at=datetime(2011, 4, 1, tzinfo=UTC),
        completion=C if rag is Rag.COMPLETE else N,
        rag=rag,
        direction=Direction.DECLINING,
        commentary=commentary,
        completed_on=None,
        current_performance="80.23%",
        status_label=entry.label if entry else None,
        status_colour=entry.colour if entry else None,
        status_exception=entry.exception if entry else False,
    )


MEASURES = [measure(4, 2, 3, 1), measure(1, 1, 1, 2), measure(2, 1, 1, 1), measure(3, 1, 2, 1)]
UPDATES = [
    update(1, date(2010, 8, 20), Rag.AMBER, "August"),
    update(1, date(2011, 3, 30), Rag.RED, "March"),
    update(2, date(2010, 8, 20), Rag.RED, "Red since August"),
    update(3, date(2011, 3, 30), Rag.GREEN),
    update(4, date(2010, 8, 20), Rag.COMPLETE),
]


def layout(report) -> list:
    return [
        (theme.number, [(o.objective, [row.action_id for row in o.rows]) for o in theme.objectives])
        for theme in report.themes
    ]


def test_the_plan_is_laid_out_by_theme_then_objective_then_ref() -> None:
    report = build_plan_report(
        plan_slug="p", plan_title="P", as_at=date(2011, 3, 30), measures=MEASURES, updates=UPDATES
    )

    assert layout(report) == [
        (1, [("Objective 1", [1, 2]), ("Objective 2", [3])]),
        (2, [("Objective 3", [4])]),
    ]
    assert [row.action_id for row in report.rows] == [1, 2, 3, 4]


def test_each_row_shows_the_state_as_at_the_date() -> None:
    august = build_plan_report(
        plan_slug="p", plan_title="P", as_at=date(2010, 8, 31), measures=MEASURES, updates=UPDATES
    )

    assert layout(august) == [(1, [("Objective 1", [1, 2])]), (2, [("Objective 3", [4])])]
    row = august.rows[0]
    assert (row.status_label, row.status_colour, row.commentary, row.updated_on) == (
        "Amber",
        StatusColour.AMBER,
        "August",
        date(2010, 8, 20),
    )
    assert (row.direction, row.current_performance) == (Direction.DECLINING, "80.23%")


def test_the_exception_report_keeps_only_red_rated_actions() -> None:
    report = build_plan_report(
        plan_slug="p",
        plan_title="P",
        as_at=date(2011, 3, 30),
        measures=MEASURES,
        updates=UPDATES,
        red_only=True,
    )

    assert report.red_only
    assert [(row.action_id, row.commentary) for row in report.rows] == [
        (1, "March"),
        (2, "Red since August"),
    ]
    assert layout(report) == [(1, [("Objective 1", [1, 2])])]


def test_a_date_before_any_update_gives_an_empty_report() -> None:
    report = build_plan_report(
        plan_slug="p", plan_title="P", as_at=date(2009, 1, 1), measures=MEASURES, updates=UPDATES
    )

    assert report.themes == ()


OFF_TRACK = StatusKeyEntry("Off track", StatusColour.RED, Completion.NOT_COMPLETED, exception=True)
AT_RISK = StatusKeyEntry("At risk", StatusColour.AMBER, Completion.NOT_COMPLETED)
ESCALATED = StatusKeyEntry("Escalated", StatusColour.GREY, exception=True)


def test_the_exception_report_keeps_the_actions_whose_recorded_status_is_an_exception() -> None:
    # Under this plan's key Off track and a grey Escalated are exceptions, whatever their RAG.
    updates = [
        update(1, date(2011, 3, 30), Rag.RED, "Off", status=OFF_TRACK),
        update(2, date(2011, 3, 30), Rag.AMBER, "Risk", status=AT_RISK),
        update(3, date(2011, 3, 30), None, "Escalated", status=ESCALATED),
    ]
    report = build_plan_report(
        plan_slug="p",
        plan_title="P",
        as_at=date(2011, 3, 30),
        measures=MEASURES,
        updates=updates,
        red_only=True,
    )

    assert [(row.action_id, row.status_label, row.status_colour) for row in report.rows] == [
        (1, "Off track", StatusColour.RED),
        (3, "Escalated", StatusColour.GREY),
    ]

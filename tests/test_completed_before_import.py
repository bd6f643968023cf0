"""A row complete when the plan first comes in, with no date, was completed before, date unknown."""

from datetime import UTC, date, datetime

from sqlalchemy import select

from tracker.domain.as_at import Month
from tracker.domain.enums import Completion
from tracker.extensions import db
from tracker.models import Action, Plan, StatusUpdate
from tracker.services.plan_import import import_plan_rows
from tracker.services.reports import load_highlight_report

# Long after every month these tests report on, so no report is provisional.
LATER = date(2026, 1, 1)

HEADER = ["Ref", "Theme", "Key Actions", "Completion status", "Date completed"]
MARCH = date(2016, 3, 15)
APRIL = date(2016, 4, 20)


def rows(*lines: list[str]) -> list[list[str]]:
    return [HEADER, *[["", "1. Early help", *line] for line in lines]]


def import_as_at(table: list[list[str]], as_at: date, slug: str = "early-help"):
    for index, line in enumerate(table[1:], start=1):
        line[0] = str(index)
    summary = import_plan_rows(
        table,
        slug=slug,
        title="Early help plan",
        as_at=as_at,
        today=date(2016, 5, 1),
        now=datetime(2016, 5, 1, 9, tzinfo=UTC),
        source="plan.csv",
    )
    db.session.flush()
    return summary


def updates(ref: str) -> list[tuple[date, Completion, date | None, bool]]:
    return [
        (update.as_at, update.completion, update.completed_on, update.completed_on_unknown)
        for update in db.session.scalars(
            select(StatusUpdate)
            .join(Action)
            .where(Action.ref == ref)
            .order_by(StatusUpdate.as_at, StatusUpdate.id)
        )
    ]


def completed_refs(month: Month) -> list[str | None]:
    plan = db.session.scalar(select(Plan).where(Plan.slug == "early-help"))
    return [item.ref for item in load_highlight_report(plan, month, today=LATER).completed]


TABLE = [
    ["Done before the plan", "Completed", ""],
    ["Done with a date", "Completed", "2016-03-02"],
    ["Still going", "Not completed", ""],
]


def test_a_row_complete_at_its_first_import_without_a_date_is_complete_before_it(app):
    import_as_at(rows(*TABLE), MARCH)

    assert updates("1") == [(MARCH, Completion.COMPLETED, None, True)]
    assert updates("2") == [(MARCH, Completion.COMPLETED, date(2016, 3, 2), False)]
    assert updates("3") == [(MARCH, Completion.NOT_COMPLETED, None, False)]
    action = db.session.scalar(select(Action).where(Action.ref == "1"))
    assert (action.current_completed_on, action.current_completed_on_unknown) == (None, True)
    assert completed_refs(Month(2016, 3)) == ["2"]


def test_importing_the_same_file_again_adds_nothing(app):
    import_as_at(rows(*TABLE), MARCH)
    again = import_as_at(rows(*TABLE), MARCH)

    assert (again.updates_added, again.updates_already_recorded) == (0, 3)
    assert updates("1") == [(MARCH, Completion.COMPLETED, None, True)]


def test_a_completion_first_reported_by_a_later_import_is_dated_to_that_import(app):
    import_as_at(rows(*TABLE), MARCH)
    later = [row[:] for row in TABLE]
    later[2] = ["Still going", "Completed", ""]
    import_as_at(rows(*later), APRIL)

    assert updates("1") == [
        (MARCH, Completion.COMPLETED, None, True),
        (APRIL, Completion.COMPLETED, None, False),
    ]
    assert updates("3")[-1] == (APRIL, Completion.COMPLETED, None, False)
    assert completed_refs(Month(2016, 4)) == ["3"]
    assert completed_refs(Month(2016, 3)) == ["2"]

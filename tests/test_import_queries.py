"""Checking a plan file takes the same number of statements whatever its number of rows."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import event, select

from tracker.domain.enums import Rag
from tracker.extensions import db
from tracker.models import Action, Plan
from tracker.services.plan_import import import_plan_rows

HEADER = ["Ref", "Theme", "Objective", "Key Actions", "Target Date", "Lead", "RAG", "Priority"]
LEADS = ["Howard Woolfenden", "Warren Carratt", "Deb Johnson", "Lyn Burns"]
TARGETS = ["March 2011", "mid Sept 2010", "August } Sept } 30th Nov deadline", "Quarterly"]
AS_AT = date(2011, 3, 30)
LATER = date(2011, 4, 29)


def plan_table(actions: int, month: int = 0) -> list[list[str]]:
    """Return a plan of this many actions over three themes, five actions to an objective."""
    rows = [HEADER]
    for number in range(actions):
        theme = number % 3 + 1
        rows.append(
            [
                f"{theme}.{number:04d}",
                f"{theme}. Theme {theme}",
                f"Objective {number // 5}",
                f"Key action number {number}",
                TARGETS[number % len(TARGETS)],
                " / ".join(LEADS[number % 4 : number % 4 + 2]),
                ["Green", "Amber", "Red"][(number + month) % 3],
                str(number % 3 + 1),
            ]
        )
    return rows


def statements_to_check(rows: list[list[str]], slug: str, as_at: date = AS_AT) -> int:
    """Run the import as the admin page's check does, rolled back, and count its statements."""
    executed = []

    def count(*_):
        executed.append(1)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        import_plan_rows(
            rows,
            slug=slug,
            title=None,
            as_at=as_at,
            today=LATER,
            now=datetime(2011, 4, 29, 9, tzinfo=UTC),
            source="plan.csv",
        )
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
        db.session.rollback()
    return len(executed)


def import_first_snapshots() -> None:
    for actions, slug in ((30, "small"), (300, "large")):
        import_plan_rows(
            plan_table(actions),
            slug=slug,
            title=None,
            as_at=AS_AT,
            today=AS_AT,
            now=datetime(2011, 3, 30, 9, tzinfo=UTC),
            source="plan.csv",
        )
    db.session.commit()


@pytest.mark.parametrize(
    ("existing", "as_at", "month"),
    [(False, AS_AT, 0), (True, AS_AT, 0), (True, LATER, 1)],
    ids=["new plan", "same file again", "next month's snapshot"],
)
def test_checking_ten_times_the_rows_takes_the_same_number_of_statements(
    app, existing, as_at, month
):
    if existing:
        import_first_snapshots()

    assert statements_to_check(plan_table(30, month), "small", as_at) == statements_to_check(
        plan_table(300, month), "large", as_at
    )


def test_a_later_snapshot_moves_each_actions_current_state_and_version(app):
    import_first_snapshots()
    first = select(Action).join(Plan).where(Plan.slug == "small", Action.ref == "1.0000")
    version_before = db.session.scalar(first).version

    import_plan_rows(
        plan_table(30, month=1),
        slug="small",
        title=None,
        as_at=LATER,
        today=LATER,
        now=datetime(2011, 4, 29, 9, tzinfo=UTC),
        source="plan.csv",
    )
    db.session.commit()

    action = db.session.scalar(first)
    assert (action.current_rag, action.current_as_at) == (Rag.AMBER, LATER)
    assert action.version == version_before + 1

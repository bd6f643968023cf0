"""Checking a plan file takes the same number of statements whatever its number of rows."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import event

from tracker.extensions import db
from tracker.services.plan_import import import_plan_rows

HEADER = ["Ref", "Theme", "Objective", "Key Actions", "Target Date", "Lead", "RAG", "Priority"]
LEADS = ["Howard Woolfenden", "Warren Carratt", "Deb Johnson", "Lyn Burns"]
TARGETS = ["March 2011", "mid Sept 2010", "August } Sept } 30th Nov deadline", "Quarterly"]
AS_AT = date(2011, 3, 30)


def plan_table(actions: int) -> list[list[str]]:
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
                ["Green", "Amber", "Red"][number % 3],
                str(number % 3 + 1),
            ]
        )
    return rows


def statements_to_check(rows: list[list[str]], slug: str) -> int:
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
            as_at=AS_AT,
            today=AS_AT,
            now=datetime(2011, 3, 30, 9, tzinfo=UTC),
            source="plan.csv",
        )
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
        db.session.rollback()
    return len(executed)


@pytest.mark.parametrize("existing", [False, True], ids=["new plan", "same file again"])
def test_checking_ten_times_the_rows_takes_the_same_number_of_statements(app, existing):
    small, large = plan_table(30), plan_table(300)
    if existing:
        for rows, slug in ((small, "small"), (large, "large")):
            import_plan_rows(
                rows,
                slug=slug,
                title=None,
                as_at=AS_AT,
                today=AS_AT,
                now=datetime(2011, 3, 30, 9, tzinfo=UTC),
                source="plan.csv",
            )
        db.session.commit()

    assert statements_to_check(small, "small") == statements_to_check(large, "large")

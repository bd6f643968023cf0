from datetime import date

import pytest

from tracker.domain.due import DueKind
from tracker.domain.reminder_wording import describe_due, describe_target
from tracker.domain.reminders import DigestItem


def item(
    kind: DueKind = DueKind.OVERDUE,
    *,
    target_date: date | None = date(2011, 3, 31),
    target_date_text: str = "March 2011",
    days_overdue: int | None = None,
    working_days_overdue: int | None = None,
    due_in_working_days: int | None = None,
    last_update_on: date | None = None,
) -> DigestItem:
    return DigestItem(
        action_id=1,
        ref="1.1",
        text="Recruit social workers",
        target_date=target_date,
        target_date_text=target_date_text,
        kind=kind,
        days_overdue=days_overdue,
        working_days_overdue=working_days_overdue,
        due_in_working_days=due_in_working_days,
        last_update_on=last_update_on,
        leads=("Warren Carratt",),
    )


@pytest.mark.parametrize(
    ("digest_item", "expected"),
    [
        pytest.param(item(), "March 2011 (31 March 2011)", id="month as written, then the day"),
        pytest.param(
            item(target_date_text="31 March 2011"), "31 March 2011", id="written as it resolves"
        ),
        pytest.param(item(target_date_text=""), "31 March 2011", id="no text"),
        pytest.param(
            item(target_date=None, target_date_text="Quarterly"), "Quarterly", id="recurring"
        ),
        pytest.param(item(target_date=None, target_date_text=" "), "none", id="nothing at all"),
    ],
)
def test_describe_target(digest_item, expected):
    assert describe_target(digest_item) == expected


@pytest.mark.parametrize(
    ("digest_item", "expected"),
    [
        (item(days_overdue=4, working_days_overdue=2), "4 days overdue (2 working days)"),
        (item(days_overdue=1, working_days_overdue=1), "1 day overdue (1 working day)"),
        (item(DueKind.DUE_SOON, due_in_working_days=0), "due today"),
        (item(DueKind.DUE_SOON, due_in_working_days=1), "due in 1 working day"),
        (item(DueKind.DUE_SOON, due_in_working_days=5), "due in 5 working days"),
        (item(DueKind.UPDATE_DUE, target_date=None), "no update recorded yet"),
        (
            item(DueKind.UPDATE_DUE, target_date=None, last_update_on=date(2010, 8, 20)),
            "no update since 20 August 2010",
        ),
    ],
)
def test_describe_due(digest_item, expected):
    assert describe_due(digest_item) == expected

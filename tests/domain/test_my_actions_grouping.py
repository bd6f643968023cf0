"""My actions' rules: grouping by plan, the status filter, and the next action to update."""

from dataclasses import dataclass

import pytest

from tracker.domain.due import DueKind
from tracker.domain.my_actions import (
    NO_STATUS,
    group_by_plan,
    next_needing_update,
    shows_status,
)


@dataclass(frozen=True)
class Row:
    action_id: int
    plan_id: int
    due_kind: DueKind = DueKind.NONE
    status_label: str | None = None


@pytest.mark.parametrize(
    ("rows", "plan_ids", "expected"),
    [
        pytest.param([], [1, 2], [], id="no rows, no groups"),
        pytest.param(
            [Row(10, 2), Row(11, 1), Row(12, 2)],
            [1, 2],
            [(1, [11]), (2, [10, 12])],
            id="plans in the given order, rows keep theirs",
        ),
        pytest.param(
            [Row(10, 2), Row(11, 2)], [1, 2, 3], [(2, [10, 11])], id="plans without rows left out"
        ),
        pytest.param([Row(10, 9)], [1], [(9, [10])], id="a row of an unnamed plan still listed"),
    ],
)
def test_rows_are_grouped_by_plan_in_plan_order(rows, plan_ids, expected):
    groups = group_by_plan(rows, plan_ids)
    assert [(group.plan_id, [row.action_id for row in group.rows]) for group in groups] == expected


@pytest.mark.parametrize(
    ("label", "wanted", "shown"),
    [
        ("Red", "Red", True),
        ("Red", "red", True),
        (" On  track.", "on track", True),
        ("Red", "Amber", False),
        (None, "Red", False),
        (None, NO_STATUS, True),
        ("Red", NO_STATUS, False),
    ],
)
def test_status_filter_matches_the_label_as_status_words_are_matched(label, wanted, shown):
    assert shows_status(label, wanted) is shown


OVER, SOON, UPD, NONE = DueKind.OVERDUE, DueKind.DUE_SOON, DueKind.UPDATE_DUE, DueKind.NONE


@pytest.mark.parametrize(
    ("kinds", "saved", "expected"),
    [
        pytest.param([OVER, OVER, OVER], 1, 2, id="the one after the saved one"),
        pytest.param([OVER, NONE, SOON], 1, 3, id="skips actions needing nothing"),
        pytest.param([UPD, NONE, OVER], 3, 1, id="wraps round to the start"),
        pytest.param([OVER, NONE, NONE], 1, None, id="none when only the saved one needs it"),
        pytest.param([NONE, NONE], 1, None, id="none when nothing needs an update"),
        pytest.param([NONE, OVER], 99, 2, id="from the start when the saved one is not listed"),
        pytest.param([OVER], 1, None, id="a lead with one action"),
    ],
)
def test_next_action_needing_an_update_follows_the_saved_one(kinds, saved, expected):
    rows = [Row(number, 1, kind) for number, kind in enumerate(kinds, start=1)]
    found = next_needing_update(rows, saved)
    assert (found.action_id if found else None) == expected

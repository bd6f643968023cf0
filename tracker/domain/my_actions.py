"""Group a lead's actions by plan, filter them by status, and find the next one to update."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

from tracker.domain.due import DueKind
from tracker.domain.status_key import status_word_key

# The status filter's value for actions whose latest update gives no status.
NO_STATUS = "none"

# What an action needs from its lead for "Next action needing an update" to offer it.
NEEDS_UPDATE = frozenset(
    {DueKind.OVERDUE, DueKind.MILESTONE_OVERDUE, DueKind.DUE_SOON, DueKind.UPDATE_DUE}
)


class ListedAction(Protocol):
    """Say which action a row is, its plan, how due it is and its latest status."""

    @property
    def action_id(self) -> int: ...

    @property
    def plan_id(self) -> int: ...

    @property
    def due_kind(self) -> DueKind: ...

    @property
    def status_label(self) -> str | None: ...


Row = TypeVar("Row", bound=ListedAction)


@dataclass(frozen=True, slots=True)
class PlanGroup(Generic[Row]):
    """Hold one plan's rows, in the order My actions lists them."""

    plan_id: int
    rows: tuple[Row, ...]


def group_by_plan(rows: Iterable[Row], plan_ids: Sequence[int]) -> list[PlanGroup[Row]]:
    """Return the rows grouped by plan, plans in the given order, each keeping the rows' order."""
    grouped: dict[int, list[Row]] = {plan_id: [] for plan_id in plan_ids}
    for row in rows:
        grouped.setdefault(row.plan_id, []).append(row)
    return [PlanGroup(plan_id, tuple(members)) for plan_id, members in grouped.items() if members]


def shows_status(label: str | None, wanted: str) -> bool:
    """Tell whether a latest status label is the one a filter asks for; NO_STATUS matches none."""
    if wanted == NO_STATUS:
        return label is None
    return label is not None and status_word_key(label) == status_word_key(wanted)


def next_needing_update(rows: Sequence[Row], saved_action_id: int) -> Row | None:
    """Return the first action after the saved one, wrapping round, that needs an update."""
    places = [index for index, row in enumerate(rows) if row.action_id == saved_action_id]
    start = places[0] + 1 if places else 0
    for row in (*rows[start:], *rows[:start]):
        if row.action_id != saved_action_id and row.due_kind in NEEDS_UPDATE:
            return row
    return None

"""Load a plan's status key, and save an administrator's change to it."""

from __future__ import annotations

from sqlalchemy import func, select

from tracker.domain.status_key import DEFAULT_STATUS_KEY, StatusKey, status_key_from_json
from tracker.extensions import db
from tracker.models import Action, Plan


def plan_status_key(plan_id: int) -> StatusKey:
    """Return the plan's own status key, or the default key when it has none."""
    data = db.session.scalar(select(Plan.status_key).where(Plan.id == plan_id))
    return DEFAULT_STATUS_KEY if data is None else status_key_from_json(data)


def stored_key(status_key: StatusKey) -> list[dict[str, object]] | None:
    """Return the key as Plan.status_key stores it: nothing for the default key."""
    return None if status_key.is_default else status_key.to_json()


def actions_showing(plan_id: int) -> dict[str, int]:
    """Count the plan's live actions by the status label they show now."""
    rows = db.session.execute(
        select(Action.current_status_label, func.count())
        .where(
            Action.plan_id == plan_id,
            Action.archived_at.is_(None),
            Action.current_status_label.is_not(None),
        )
        .group_by(Action.current_status_label)
    )
    return {label: count for label, count in rows}

"""Add, change, delete and mark done an action's milestones, recording each in the audit trail."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import raiseload

from tracker.domain.audit import AuditEntity, AuditVerb
from tracker.domain.milestones import MilestoneFacts, done_on_problem, missed_milestones
from tracker.extensions import db
from tracker.models import Action, Milestone
from tracker.services.audit import record_change, snapshot
from tracker.services.validation import Invalid

MILESTONE_FIELDS = ("ref", "text", "due_on", "done_on")


def list_milestones(action_id: int) -> list[Milestone]:
    """Return an action's milestones in date order."""
    return list(
        db.session.scalars(
            select(Milestone)
            .options(raiseload("*"))
            .where(Milestone.action_id == action_id)
            .order_by(Milestone.due_on, Milestone.position, Milestone.id)
        )
    )


def get_milestone(action_id: int, milestone_id: int) -> Milestone | None:
    """Return one milestone of the action, or None when it is not the action's."""
    return db.session.scalar(
        select(Milestone)
        .options(raiseload("*"))
        .where(Milestone.id == milestone_id, Milestone.action_id == action_id)
    )


def _check(values: dict[str, Any], today: date) -> None:
    problem = done_on_problem(values.get("done_on"), today)
    if problem:
        raise Invalid({"done_on": problem})


def _name(action: Action, milestone: Milestone) -> str:
    of = f"action {action.ref}" if action.ref else f"action {action.id}"
    return f"milestone '{milestone.ref or milestone.text or milestone.due_on}' of {of}"


def create_milestone(
    action: Action, values: dict[str, Any], *, today: date, user_id: int | None
) -> Milestone:
    """Add a milestone to an action, after its others."""
    _check(values, today)
    last = db.session.scalar(
        select(func.max(Milestone.position)).where(Milestone.action_id == action.id)
    )
    milestone = Milestone(action_id=action.id, position=(last or 0) + 1, **values)
    db.session.add(milestone)
    db.session.flush()
    record_change(
        user_id=user_id,
        verb=AuditVerb.CREATE,
        entity=AuditEntity.MILESTONE,
        entity_id=milestone.id,
        summary=f"Added {_name(action, milestone)}",
        after=snapshot(milestone, MILESTONE_FIELDS),
    )
    db.session.flush()
    return milestone


def update_milestone(
    action: Action,
    milestone: Milestone,
    values: dict[str, Any],
    *,
    today: date,
    user_id: int | None,
) -> dict[str, Any]:
    """Change a milestone and return what changed."""
    _check(values, today)
    before = snapshot(milestone, MILESTONE_FIELDS)
    for name, value in values.items():
        setattr(milestone, name, value)
    after = snapshot(milestone, MILESTONE_FIELDS)
    changes = {name: after[name] for name in MILESTONE_FIELDS if before[name] != after[name]}
    if changes:
        record_change(
            user_id=user_id,
            verb=AuditVerb.UPDATE,
            entity=AuditEntity.MILESTONE,
            entity_id=milestone.id,
            summary=f"Changed {_name(action, milestone)}",
            before=before,
            after=after,
        )
        db.session.flush()
    return changes


def delete_milestone(action: Action, milestone: Milestone, *, user_id: int | None) -> None:
    """Delete a milestone, keeping what it was in the audit trail."""
    record_change(
        user_id=user_id,
        verb=AuditVerb.DELETE,
        entity=AuditEntity.MILESTONE,
        entity_id=milestone.id,
        summary=f"Deleted {_name(action, milestone)}",
        before=snapshot(milestone, MILESTONE_FIELDS),
        after=dict.fromkeys(MILESTONE_FIELDS),
    )
    db.session.delete(milestone)
    db.session.flush()


def mark_done(
    action: Action,
    milestone_ids: Collection[int],
    *,
    done_on: date,
    today: date,
    user_id: int | None,
) -> list[Milestone]:
    """Mark these not-yet-done milestones of the action done on a day; return those marked."""
    if not milestone_ids:
        return []
    problem = done_on_problem(done_on, today)
    if problem:
        raise Invalid({"as_at": problem})
    marked = list(
        db.session.scalars(
            select(Milestone)
            .options(raiseload("*"))
            .where(
                Milestone.action_id == action.id,
                Milestone.id.in_(list(milestone_ids)),
                Milestone.done_on.is_(None),
            )
            .order_by(Milestone.due_on, Milestone.position, Milestone.id)
        )
    )
    for milestone in marked:
        milestone.done_on = done_on
        record_change(
            user_id=user_id,
            verb=AuditVerb.UPDATE,
            entity=AuditEntity.MILESTONE,
            entity_id=milestone.id,
            summary=f"Marked {_name(action, milestone)} done",
            before={"done_on": None},
            after={"done_on": done_on},
        )
    db.session.flush()
    return marked


def facts_of(milestone: Milestone) -> MilestoneFacts:
    """Return a stored milestone as the rules take it."""
    return MilestoneFacts(
        milestone.id, milestone.ref, milestone.text, milestone.due_on, milestone.done_on
    )


def missed_ids(stored: list[Milestone], today: date) -> frozenset[int]:
    """Return the ids of the milestones missed at today."""
    return frozenset(
        milestone.milestone_id
        for milestone in missed_milestones([facts_of(each) for each in stored], today)
        if milestone.milestone_id is not None
    )


def undone_milestones(action_id: int) -> list[Milestone]:
    """Return an action's milestones not yet done, in date order."""
    return [milestone for milestone in list_milestones(action_id) if milestone.done_on is None]

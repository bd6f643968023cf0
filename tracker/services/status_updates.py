"""Record status updates and keep each action's current fields mirroring its latest update."""

from __future__ import annotations

from datetime import date, datetime
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import raiseload
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.exc import StaleDataError

from tracker.domain.as_at import long_day
from tracker.domain.assurance import SignOff
from tracker.domain.audit import AuditEntity, AuditVerb
from tracker.domain.enums import Completion, Direction, Rag
from tracker.domain.sign_off import sign_off_for_update
from tracker.domain.status_key import StatusColour, StatusKeyEntry
from tracker.domain.update_rules import CurrentState, ProposedUpdate, completed_on_to_record
from tracker.extensions import db
from tracker.models import Action, Person, Plan, StatusUpdate, User
from tracker.services.audit import record_change

# The action's fields that mirror its latest status update.
CURRENT_STATE = (
    "current_completion",
    "current_rag",
    "current_direction",
    "current_performance",
    "current_commentary",
    "current_as_at",
    "current_completed_on",
    "current_completed_on_unknown",
    "current_status_label",
    "current_status_colour",
    "current_status_exception",
    "current_sign_off",
)


class UpdateFields(Protocol):
    """Read the fields of a status update, stored or about to be written by an import."""

    @property
    def as_at(self) -> date: ...
    @property
    def completion(self) -> Completion: ...
    @property
    def rag(self) -> Rag | None: ...
    @property
    def direction(self) -> Direction | None: ...
    @property
    def current_performance(self) -> str: ...
    @property
    def commentary(self) -> str: ...
    @property
    def completed_on(self) -> date | None: ...
    @property
    def completed_on_unknown(self) -> bool: ...
    @property
    def status_label(self) -> str | None: ...
    @property
    def status_colour(self) -> StatusColour | None: ...
    @property
    def status_exception(self) -> bool: ...
    @property
    def sign_off(self) -> SignOff | None: ...


def current_state_values(update: UpdateFields) -> dict[str, object]:
    """Return an action's current fields as an update sets them."""
    return {
        "current_completion": update.completion,
        "current_rag": update.rag,
        "current_direction": update.direction,
        "current_performance": update.current_performance,
        "current_commentary": update.commentary,
        "current_as_at": update.as_at,
        "current_completed_on": update.completed_on,
        "current_completed_on_unknown": update.completed_on_unknown,
        "current_status_label": update.status_label,
        "current_status_colour": update.status_colour,
        "current_status_exception": update.status_exception,
        "current_sign_off": update.sign_off,
    }


def apply_update_to_action(action: Action, update: UpdateFields) -> None:
    """Copy an update into the action's current fields, which mirror its latest update."""
    for name, value in current_state_values(update).items():
        setattr(action, name, value)


class ActionChanged(Exception):
    """Say that the action was changed after the lead opened the update form."""


def load_live_action(action_id: int) -> Action | None:
    """Return the action, without its relationships, unless it or its plan is archived."""
    return db.session.scalar(
        select(Action)
        .join(Plan, Plan.id == Action.plan_id)
        .options(raiseload("*"))
        .where(Action.id == action_id, Action.archived_at.is_(None), Plan.archived_at.is_(None))
    )


def current_state(action: Action) -> CurrentState:
    """Return what the action's latest update says, for checking the next one."""
    return CurrentState(
        completion=action.current_completion,
        status_exception=action.current_status_exception,
        as_at=action.current_as_at,
    )


def latest_update(action_id: int) -> tuple[StatusUpdate, str] | None:
    """Return the action's latest update and its author's name, or None when it has none."""
    row = db.session.execute(
        select(StatusUpdate, Person.name)
        .outerjoin(User, User.id == StatusUpdate.author_user_id)
        .outerjoin(Person, Person.id == User.person_id)
        .options(raiseload("*"))
        .where(StatusUpdate.action_id == action_id)
        .order_by(
            StatusUpdate.as_at.desc(), StatusUpdate.recorded_at.desc(), StatusUpdate.id.desc()
        )
        .limit(1)
    ).first()
    return None if row is None else (row[0], row[1] or "")


def status_values(entry: StatusKeyEntry | None) -> dict[str, object]:
    """Return the RAG rating, status label, colour and exception an update records for an entry."""
    return {
        "rag": entry.rag if entry else None,
        "status_label": entry.label if entry else None,
        "status_colour": entry.colour if entry else None,
        "status_exception": entry.exception if entry else False,
    }


def record_status_update(
    action: Action,
    proposed: ProposedUpdate,
    *,
    seen_version: int,
    author_user_id: int,
    now: datetime,
) -> StatusUpdate:
    """Append the update and copy it into the action; raise ActionChanged if it moved on."""
    if action.version != seen_version:
        raise ActionChanged
    if proposed.completion is None or proposed.as_at is None:
        raise ValueError("check the update with update_problems before recording it")
    sign_off_required = db.session.scalar(
        select(Plan.sign_off_required).where(Plan.id == action.plan_id)
    )
    update = StatusUpdate(
        action_id=action.id,
        as_at=proposed.as_at,
        recorded_at=now,
        author_user_id=author_user_id,
        source="",
        completion=proposed.completion,
        direction=proposed.direction,
        current_performance=proposed.current_performance.strip(),
        commentary=proposed.commentary.strip(),
        report_note=proposed.report_note.strip() or None,
        completed_on=completed_on_to_record(proposed),
        # A lead who marks an action completed gives the date it was completed.
        completed_on_unknown=False,
        sign_off=sign_off_for_update(
            proposed.completion, sign_off_required=bool(sign_off_required)
        ),
        **status_values(proposed.status),
    )
    db.session.add(update)
    if action.current_as_at is None or action.current_as_at <= update.as_at:
        apply_update_to_action(action, update)
    # Every update moves the version on, even one that repeats the last, so that a form opened
    # before it is refused rather than recorded twice.
    flag_modified(action, "current_as_at")
    try:
        db.session.flush()
    except StaleDataError as error:
        raise ActionChanged from error
    record_change(
        user_id=author_user_id,
        verb=AuditVerb.CREATE,
        entity=AuditEntity.STATUS_UPDATE,
        entity_id=update.id,
        summary=_audit_summary(action, update),
        details={
            "action_id": action.id,
            "as_at": long_day(update.as_at),
            "completion": update.completion.label,
            "status": update.status_label or "Not rated",
        },
    )
    db.session.flush()
    return update


def _audit_summary(action: Action, update: StatusUpdate) -> str:
    """Name the action and the status and as-at date an update recorded, for the audit trail."""
    name = f"action {action.ref}" if action.ref else f"action #{action.id}"
    status = update.status_label or "no status"
    as_at = long_day(update.as_at)
    return f"Recorded an update to {name}: {status}, {update.completion.label}, as at {as_at}"

"""Sign off or return a Completed action as new status updates, and list what awaits sign-off."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.exc import StaleDataError

from tracker.domain.as_at import long_day
from tracker.domain.assurance import SignOff
from tracker.domain.audit import AuditEntity, AuditVerb
from tracker.domain.enums import Completion, Role
from tracker.domain.plan_order import plan_order_key
from tracker.domain.reminders import DigestKind
from tracker.domain.sign_off import SignOffRights, may_see_sign_off_list, may_sign_off
from tracker.extensions import db
from tracker.models import Action, ActionLead, Objective, Person, Plan, StatusUpdate, Theme
from tracker.services import outbox
from tracker.services.audit import record_change
from tracker.services.status_keys import plan_status_key
from tracker.services.status_updates import (
    ActionChanged,
    apply_update_to_action,
    latest_update,
    status_values,
)


class NotAwaiting(Exception):
    """Say that the action is no longer waiting for sign-off: someone got there first."""


@dataclass(frozen=True, slots=True)
class Signer:
    """Hold the signed-in account as sign-off rules need it."""

    user_id: int
    person_id: int
    role: Role


@dataclass(frozen=True, slots=True)
class ReturnEmail:
    """Hold what the email to a lead of a returned action needs besides the action."""

    base_url: str
    message_id_domain: str
    # Renders (plain text, HTML) bodies from the template context.
    render: Callable[[dict[str, object]], tuple[str, str]]


def plan_rights(plan_id: int) -> tuple[int | None, bool, bool]:
    """Return a plan's owner person id, whether it asks for sign-off, and whether panels may."""
    owner, required, panel = db.session.execute(
        select(Plan.owner_person_id, Plan.sign_off_required, Plan.panel_may_sign_off).where(
            Plan.id == plan_id
        )
    ).one()
    return owner, required, panel


def can_sign_off(signer: Signer, action_id: int) -> bool:
    """Tell whether the account may sign off or return this action of its plan."""
    plan_id = db.session.scalar(select(Action.plan_id).where(Action.id == action_id))
    if plan_id is None:
        return False
    owner, _, panel = plan_rights(plan_id)
    leads = db.session.scalar(
        select(ActionLead.action_id).where(
            ActionLead.action_id == action_id, ActionLead.person_id == signer.person_id
        )
    )
    return may_sign_off(
        SignOffRights(
            role=signer.role,
            owns_plan=owner is not None and owner == signer.person_id,
            leads_action=leads is not None,
            panel_may_sign_off=panel,
        )
    )


def can_list(signer: Signer, plan_id: int) -> bool:
    """Tell whether the account signs off in the plan, so may see what awaits it."""
    owner, _, panel = plan_rights(plan_id)
    return may_see_sign_off_list(
        signer.role,
        owns_plan=owner is not None and owner == signer.person_id,
        panel_may_sign_off=panel,
    )


def _awaiting(action: Action, seen_version: int) -> StatusUpdate:
    """Return the update awaiting sign-off; raise if the action moved on or awaits nothing."""
    if action.version != seen_version:
        raise ActionChanged
    latest = latest_update(action.id)
    if latest is None or latest[0].sign_off is not SignOff.AWAITING:
        raise NotAwaiting
    return latest[0]


def sign_off(
    action: Action, *, seen_version: int, signer: Signer, now: datetime, today: date
) -> StatusUpdate:
    """Record a new update signing off the awaiting one, as at today, by the signer."""
    awaiting = _awaiting(action, seen_version)
    entry = plan_status_key(action.plan_id).signed_off_entry
    status = (
        status_values(entry)
        if entry is not None
        else {
            "rag": awaiting.rag,
            "status_label": awaiting.status_label,
            "status_colour": awaiting.status_colour,
            "status_exception": awaiting.status_exception,
        }
    )
    update = _copy(awaiting, as_at=max(today, awaiting.as_at), now=now, user_id=signer.user_id)
    update.sign_off = SignOff.SIGNED_OFF
    for name, value in status.items():
        setattr(update, name, value)
    _record(action, update, signer.user_id, AuditVerb.SIGN_OFF, "Signed off")
    return update


def return_action(
    action: Action,
    *,
    seen_version: int,
    reason: str,
    signer: Signer,
    now: datetime,
    today: date,
    email: ReturnEmail,
) -> StatusUpdate:
    """Record a new update returning the action as partially completed, and email its leads."""
    awaiting = _awaiting(action, seen_version)
    update = _copy(awaiting, as_at=max(today, awaiting.as_at), now=now, user_id=signer.user_id)
    update.completion = Completion.PARTIALLY_COMPLETED
    update.completed_on = None
    update.completed_on_unknown = False
    update.commentary = reason.strip()
    update.sign_off = SignOff.RETURNED
    # The status the lead chose said it was complete; returned, it is rated afresh by the lead.
    if awaiting.status_label is not None and awaiting.completion is Completion.COMPLETED:
        for name, value in status_values(None).items():
            setattr(update, name, value)
    _record(action, update, signer.user_id, AuditVerb.RETURN, "Returned at sign-off")
    _email_leads(action, update, signer, email)
    return update


def _copy(awaiting: StatusUpdate, *, as_at: date, now: datetime, user_id: int) -> StatusUpdate:
    return StatusUpdate(
        action_id=awaiting.action_id,
        as_at=as_at,
        recorded_at=now,
        author_user_id=user_id,
        source="",
        completion=awaiting.completion,
        rag=awaiting.rag,
        direction=awaiting.direction,
        current_performance=awaiting.current_performance,
        commentary=awaiting.commentary,
        completed_on=awaiting.completed_on,
        completed_on_unknown=awaiting.completed_on_unknown,
        status_label=awaiting.status_label,
        status_colour=awaiting.status_colour,
        status_exception=awaiting.status_exception,
        report_note=awaiting.report_note,
    )


def _record(
    action: Action, update: StatusUpdate, user_id: int, verb: AuditVerb, doing: str
) -> None:
    db.session.add(update)
    apply_update_to_action(action, update)
    flag_modified(action, "current_as_at")
    try:
        db.session.flush()
    except StaleDataError as error:
        raise ActionChanged from error
    name = f"action {action.ref}" if action.ref else f"action #{action.id}"
    record_change(
        user_id=user_id,
        verb=verb,
        entity=AuditEntity.STATUS_UPDATE,
        entity_id=update.id,
        summary=f"{doing} {name} as at {long_day(update.as_at)}",
        details={
            "action_id": action.id,
            "as_at": long_day(update.as_at),
            "completion": update.completion.label,
            **({"reason": update.commentary} if verb is AuditVerb.RETURN else {}),
        },
    )
    db.session.flush()


def _email_leads(action: Action, update: StatusUpdate, signer: Signer, email: ReturnEmail) -> None:
    """Put a message to each lead with an email address in the outbox, saying why."""
    plan_title = db.session.scalar(select(Plan.title).where(Plan.id == action.plan_id))
    signer_name = db.session.scalar(select(Person.name).where(Person.id == signer.person_id))
    leads = db.session.execute(
        select(Person.id, Person.name, Person.email)
        .join(ActionLead, ActionLead.person_id == Person.id)
        .where(
            ActionLead.action_id == action.id,
            Person.active.is_(True),
            Person.email.is_not(None),
        )
        .order_by(ActionLead.position)
    ).all()
    label = action.ref or f"#{action.id}"
    for person_id, name, address in leads:
        if not (address or "").strip():
            continue
        context: dict[str, object] = {
            "name": name,
            "plan_title": plan_title,
            "action_label": label,
            "action_text": action.text,
            "reason": update.commentary,
            "signer": signer_name or "",
            "as_at": update.as_at,
            "link": f"{email.base_url.rstrip('/')}/actions/{action.id}",
        }
        outbox.add_message(
            idempotency_key=f"sign-off-return:{update.id}:{person_id}",
            kind=DigestKind.LEAD,
            for_date=update.as_at,
            plan_id=action.plan_id,
            person_id=person_id,
            recipient=address or "",
            subject=f"Action {label} was returned at sign-off",
            bodies=email.render(context),
            message_id_domain=email.message_id_domain,
        )


@dataclass(frozen=True, slots=True)
class AwaitingRow:
    """One action waiting for sign-off, as the plan's sign-off list shows it."""

    action_id: int
    ref: str | None
    text: str
    leads: str
    completed_on: date | None
    as_at: date | None
    version: int
    is_own: bool


def awaiting_sign_off(plan_id: int, person_id: int | None) -> list[AwaitingRow]:
    """Return the plan's live actions awaiting sign-off in plan order, marking the person's own."""
    rows = db.session.execute(
        select(
            Action.id,
            Action.ref,
            Action.text,
            Action.lead_text,
            Action.current_completed_on,
            Action.current_as_at,
            Action.version,
            Action.position,
            Theme.number,
            Objective.position,
        )
        .join(Objective, Objective.id == Action.objective_id)
        .join(Theme, Theme.id == Objective.theme_id)
        .where(
            Action.plan_id == plan_id,
            Action.archived_at.is_(None),
            Action.current_sign_off == SignOff.AWAITING,
        )
    ).all()
    own = set(
        db.session.scalars(
            select(ActionLead.action_id).where(
                ActionLead.person_id == person_id,
                ActionLead.action_id.in_([row[0] for row in rows]),
            )
        )
    )
    ordered = sorted(
        rows,
        key=lambda row: plan_order_key(
            theme_number=row[8],
            objective_position=row[9],
            position=row[7],
            ref=row[1],
            action_id=row[0],
        ),
    )
    return [
        AwaitingRow(
            action_id=row[0],
            ref=row[1],
            text=row[2],
            leads=row[3] or "",
            completed_on=row[4],
            as_at=row[5],
            version=row[6],
            is_own=row[0] in own,
        )
        for row in ordered
    ]

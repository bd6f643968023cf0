"""Create, change, archive and delete key actions, resolving target dates and matching leads."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import raiseload
from sqlalchemy.orm.exc import StaleDataError

from tracker.domain.bands import band_label
from tracker.domain.changes import field_changes
from tracker.domain.leads import person_key, split_leads
from tracker.domain.markup import plain_text
from tracker.domain.retention import Removal, removal_for
from tracker.domain.target_dates import resolve_target_date
from tracker.domain.text_limits import lead_names_problem, shortened
from tracker.extensions import db
from tracker.models import (
    Action,
    ActionLead,
    Milestone,
    Objective,
    Person,
    Plan,
    PriorityBand,
    StatusUpdate,
    Theme,
)
from tracker.services import date_revisions
from tracker.services.action_details import (
    find_or_create_people,
    replace_leads,
    replace_milestones,
    set_target_date,
)
from tracker.services.audit import record_change, snapshot
from tracker.services.organisations import lead_reading
from tracker.services.plan_reads import in_plan_order, leads_by_action
from tracker.services.validation import Invalid

EDITABLE_FIELDS = (
    "ref",
    "text",
    "short_title",
    "objective_id",
    "band_id",
    "target_date_text",
    "lead_text",
    "baseline",
    "targets",
    "workstreams",
)
RESOLVED_FIELDS = ("target_date", "recurrence", "target_date_problem")


class VersionConflict(Exception):
    """Say that the action changed after the form was opened; nothing was written."""


@dataclass
class ActionRow:
    """An action as the admin list shows it."""

    action: Action
    theme_number: int
    theme_title: str
    objective_text: str
    band_number: int | None
    band_wording: str | None
    leads: list[Person]
    updates: int

    @property
    def theme_name(self) -> str:
        """Return the theme as the plan numbers it: "2. Safeguarding"."""
        return f"{self.theme_number}. {self.theme_title}"

    @property
    def band_name(self) -> str:
        """Return the band as the papers label it, or nothing without one."""
        return (
            ""
            if self.band_number is None
            else band_label(self.band_number, self.band_wording or "")
        )

    @property
    def removal(self) -> Removal:
        """Delete an action no one has reported on; archive one with updates."""
        return removal_for(has_history=self.updates > 0, archivable=True)


@dataclass
class ActionSaved:
    """What saving an action did: its fields' changes and the people created for its leads."""

    action: Action
    changes: dict[str, Any] = field(default_factory=dict)
    people_created: list[str] = field(default_factory=list)
    # Whether the new target date was recorded as a revision, keeping the words as written.
    revised: bool = False


def list_actions(plan: Plan) -> list[ActionRow]:
    """Return every action of the plan, archived ones too, in plan order."""
    rows = in_plan_order(
        db.session.execute(
            select(
                Action,
                Theme.number.label("theme_number"),
                Theme.title.label("theme_title"),
                Objective.text.label("objective_text"),
                PriorityBand.number.label("band_number"),
                PriorityBand.label.label("band_wording"),
                Objective.position.label("objective_position"),
            )
            .join(Objective, Objective.id == Action.objective_id)
            .join(Theme, Theme.id == Objective.theme_id)
            .outerjoin(PriorityBand, PriorityBand.id == Action.band_id)
            .options(raiseload("*"))
            .where(Action.plan_id == plan.id)
        ).all()
    )
    updates = dict(
        db.session.execute(
            select(StatusUpdate.action_id, func.count(StatusUpdate.id))
            .join(Action, Action.id == StatusUpdate.action_id)
            .where(Action.plan_id == plan.id)
            .group_by(StatusUpdate.action_id)
        ).all()
    )
    leads = leads_by_action(plan.id)
    return [
        ActionRow(
            action=row.Action,
            theme_number=row.theme_number,
            theme_title=row.theme_title,
            objective_text=row.objective_text,
            band_number=row.band_number,
            band_wording=row.band_wording,
            leads=leads.get(row.Action.id, []),
            updates=updates.get(row.Action.id, 0),
        )
        for row in rows
    ]


def get_action(plan: Plan, action_id: int) -> Action | None:
    """Return an action of this plan, or None."""
    return db.session.scalar(
        select(Action)
        .options(raiseload("*"))
        .where(Action.id == action_id, Action.plan_id == plan.id)
    )


def objective_choices(plan: Plan, include_id: int | None = None) -> list[tuple[int, str]]:
    """Return the plan's live objectives (and the one chosen) as (id, 'theme: objective')."""
    live = Objective.archived_at.is_(None) & Theme.archived_at.is_(None)
    if include_id is not None:
        live = live | (Objective.id == include_id)
    return [
        (objective_id, f"{number}. {shortened(text, 90)}")
        for objective_id, number, text in db.session.execute(
            select(Objective.id, Theme.number, Objective.text)
            .join(Theme, Theme.id == Objective.theme_id)
            .where(Theme.plan_id == plan.id, live)
            .order_by(Theme.number, Objective.position, Objective.id)
        )
    ]


def band_choices(plan: Plan) -> list[tuple[int, str]]:
    """Return the plan's bands as (id, 'Priority N label')."""
    return [
        (band_id, band_label(number, label))
        for band_id, number, label in db.session.execute(
            select(PriorityBand.id, PriorityBand.number, PriorityBand.label)
            .where(PriorityBand.plan_id == plan.id)
            .order_by(PriorityBand.number)
        )
    ]


def lead_names(action_id: int) -> list[str]:
    """Return the names of an action's leads in order."""
    return list(
        db.session.scalars(
            select(Person.name)
            .join(ActionLead, ActionLead.person_id == Person.id)
            .where(ActionLead.action_id == action_id)
            .order_by(ActionLead.position)
        )
    )


def update_count(action_id: int) -> int:
    """Count the status updates recorded against an action."""
    return (
        db.session.scalar(
            select(func.count(StatusUpdate.id)).where(StatusUpdate.action_id == action_id)
        )
        or 0
    )


def _check(plan: Plan, values: dict[str, Any], action_id: int | None) -> None:
    problems = {}
    if values["ref"]:
        taken = select(Action.id).where(Action.plan_id == plan.id, Action.ref == values["ref"])
        if action_id is not None:
            taken = taken.where(Action.id != action_id)
        if db.session.scalar(taken) is not None:
            problems["ref"] = (
                f"Another action of this plan already has the reference {values['ref']}"
            )
    objective_ok = db.session.scalar(
        select(Objective.id)
        .join(Theme, Theme.id == Objective.theme_id)
        .where(Objective.id == values["objective_id"], Theme.plan_id == plan.id)
    )
    if objective_ok is None:
        problems["objective_id"] = "Choose an objective of this plan"
    if values["band_id"] is not None and (
        db.session.scalar(
            select(PriorityBand.id).where(
                PriorityBand.id == values["band_id"], PriorityBand.plan_id == plan.id
            )
        )
        is None
    ):
        problems["band_id"] = "Choose a priority band of this plan"
    lead_problem = lead_names_problem(values["lead_text"] or "")
    if lead_problem:
        problems["lead_text"] = lead_problem
    if problems:
        raise Invalid(problems)


def _revised_to(action: Action, values: dict[str, Any], *, today: date) -> date | None:
    """Return the new target date of an action with status updates, None if it keeps its date.

    Only a text read as a date can be recorded as a revision; a revision needs a date to go to.
    """
    target_text = plain_text(values["target_date_text"])
    if target_text == action.target_date_text or update_count(action.id) == 0:
        return None
    due = resolve_target_date(target_text, as_at=today).due
    return due if due is not None and due != action.target_date else None


def _apply(
    plan: Plan,
    action: Action,
    values: dict[str, Any],
    *,
    today: date,
    new: bool,
    keep_words: bool = False,
) -> list[Person]:
    """Set the fields; re-resolve the target date and re-match the leads when their text changed.

    With keep_words the words as written stay, naming the baseline for reports of months before
    the revision, as an approved proposal keeps them.
    """
    target_text = plain_text(values["target_date_text"])
    target = None
    if new or target_text != action.target_date_text:
        # A text without a year is read from today, as the importer reads it from the snapshot's.
        target = resolve_target_date(target_text, as_at=today)
        words = action.target_date_text
        set_target_date(action, target)
        if keep_words:
            action.target_date_text = words
    leads_changed = new or values["lead_text"] != action.lead_text
    for name in EDITABLE_FIELDS:
        if name != "target_date_text":
            setattr(action, name, values[name])
    # A new dict, not the stored one changed in place, so that the change is written.
    action.extras = dict(values.get("extras", action.extras or {}))
    # The flush gives a new action its id and makes an edit meet the version check now.
    db.session.flush()
    if target is not None:
        replace_milestones(action.id, target)
    if not leads_changed:
        return []
    reading = lead_reading(plan.organisation_id)
    names = split_leads(
        values["lead_text"], known_names=reading.known_names, kept_whole=reading.kept_whole
    )
    people, created = find_or_create_people(names, plan.organisation_id)
    replace_leads(action.id, [people[person_key(name)].id for name in names])
    return [people[person_key(name)] for name in created]


def _details(action: Action) -> dict[str, Any]:
    return {
        **snapshot(action, EDITABLE_FIELDS + RESOLVED_FIELDS),
        "leads": lead_names(action.id),
        "extras": dict(action.extras or {}),
    }


def _record_new_people(people: list[Person], action: Action, user_id: int | None) -> list[str]:
    for person in people:
        record_change(
            user_id=user_id,
            verb="create",
            entity="person",
            entity_id=person.id,
            summary=f"Added {person.name}, named as a lead of action {action.ref or action.id}",
            after={"name": person.name},
        )
    return [person.name for person in people]


def create_action(
    plan: Plan, values: dict[str, Any], *, today: date, user_id: int | None
) -> ActionSaved:
    """Add an action at the end of the plan."""
    _check(plan, values, None)
    last = db.session.scalar(select(func.max(Action.position)).where(Action.plan_id == plan.id))
    action = Action(plan_id=plan.id, position=(last or 0) + 1)
    db.session.add(action)
    new_people = _apply(plan, action, values, today=today, new=True)
    changes = field_changes({}, _details(action))
    record_change(
        user_id=user_id,
        verb="create",
        entity="action",
        entity_id=action.id,
        summary=f"Added action {action.ref or action.id} to '{plan.title}'",
        details=changes,
    )
    created = _record_new_people(new_people, action, user_id)
    db.session.flush()
    return ActionSaved(action, changes, created)


def update_action(
    plan: Plan,
    action: Action,
    values: dict[str, Any],
    *,
    seen_version: int,
    today: date,
    now: datetime,
    user_id: int,
    reason: str = "",
) -> ActionSaved:
    """Change an action the editor saw at seen_version; raise VersionConflict if it moved on.

    A new target date for an action with status updates is recorded as an approved revision,
    with the reason given, so past months' reports keep the date then in force.
    """
    if seen_version != action.version:
        raise VersionConflict
    _check(plan, values, action.id)
    revised_to = _revised_to(action, values, today=today)
    if revised_to is not None:
        _check_revision(action, reason)
    before = _details(action)
    from_date = action.target_date
    try:
        new_people = _apply(
            plan, action, values, today=today, new=False, keep_words=revised_to is not None
        )
    except StaleDataError as error:
        raise VersionConflict from error
    if revised_to is not None:
        date_revisions.record_set_by_admin(
            action, from_date=from_date, reason=reason, user_id=user_id, now=now, today=today
        )
    changes = field_changes(before, _details(action))
    if changes:
        record_change(
            user_id=user_id,
            verb="update",
            entity="action",
            entity_id=action.id,
            summary=f"Changed action {action.ref or action.id} of '{plan.title}'",
            details=changes,
        )
    created = _record_new_people(new_people, action, user_id)
    db.session.flush()
    return ActionSaved(action, changes, created, revised=revised_to is not None)


def _check_revision(action: Action, reason: str) -> None:
    if date_revisions.pending_revision(action.id) is not None:
        raise Invalid(
            {
                "target_date_text": "A new target date for this action is waiting for a "
                "decision: approve or decline it first"
            }
        )
    if not reason.strip():
        raise Invalid(
            {
                "target_date_reason": "Enter the reason for the new target date: this action "
                "has status updates, so the change is recorded as a revision"
            }
        )


def set_action_archived(
    plan: Plan,
    action: Action,
    archived_at: datetime | None,
    *,
    seen_version: int,
    user_id: int | None,
) -> None:
    """Archive an action (it leaves the plan and its tallies; its history stays) or restore it."""
    if seen_version != action.version:
        raise VersionConflict
    before = snapshot(action, ["archived_at"])
    action.archived_at = archived_at
    try:
        db.session.flush()
    except StaleDataError as error:
        raise VersionConflict from error
    verb = "archive" if archived_at else "restore"
    record_change(
        user_id=user_id,
        verb=verb,
        entity="action",
        entity_id=action.id,
        summary=f"{verb.capitalize()}d action {action.ref or action.id} of '{plan.title}'",
        before=before,
        after={"archived_at": archived_at},
    )
    db.session.flush()


def delete_action(plan: Plan, action: Action, *, seen_version: int, user_id: int | None) -> None:
    """Delete an action no one has reported on; one with status updates can only be archived."""
    if seen_version != action.version:
        raise VersionConflict
    if removal_for(has_history=update_count(action.id) > 0, archivable=True) is not Removal.DELETE:
        raise Invalid({"action": "This action has status updates, so it can only be archived"})
    before = _details(action)
    db.session.execute(delete(ActionLead).where(ActionLead.action_id == action.id))
    db.session.execute(delete(Milestone).where(Milestone.action_id == action.id))
    record_change(
        user_id=user_id,
        verb="delete",
        entity="action",
        entity_id=action.id,
        summary=f"Deleted action {action.ref or action.id} of '{plan.title}'",
        details=field_changes(before, dict.fromkeys(before)),
    )
    db.session.delete(action)
    try:
        db.session.flush()
    except StaleDataError as error:
        raise VersionConflict from error

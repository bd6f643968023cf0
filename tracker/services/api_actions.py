"""Read actions and status updates for the API in a fixed number of queries, and check updates."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import ColumnElement, Select, func, select, true

from tracker.domain.action_filters import ActionFilters, TargetWindow, day_start
from tracker.domain.assurance import SignOff
from tracker.domain.enums import Completion, Direction, Rag, Recurrence
from tracker.domain.status_key import StatusColour, stored_status_key
from tracker.domain.update_filters import UpdateFilters
from tracker.extensions import db
from tracker.models import (
    Action,
    ActionLead,
    ActionRecommendation,
    Milestone,
    Objective,
    Person,
    Plan,
    PriorityBand,
    Recommendation,
    StatusUpdate,
    Theme,
    User,
)
from tracker.services import action_list


@dataclass(frozen=True)
class ActionRow:
    """An action's columns as the API answers them."""

    id: int
    plan_slug: str
    ref: str | None
    text: str
    objective_id: int
    objective_text: str
    theme_number: int
    theme_title: str
    band_number: int | None
    band_wording: str | None
    target_date: date | None
    target_date_text: str
    recurrence: Recurrence
    completion: Completion
    sign_off: SignOff | None
    status_label: str | None
    status_colour: StatusColour | None
    rag: Rag | None
    direction: Direction | None
    current_performance: str
    commentary: str
    as_at: date | None
    completed_on: date | None
    version: int
    updated_at: datetime | None
    action_archived_at: datetime | None
    plan_archived_at: datetime | None


@dataclass(frozen=True)
class LeadRow:
    """A lead of an action."""

    person_id: int
    name: str


@dataclass(frozen=True)
class UpdateRow:
    """A status update's columns as the API answers them, with its action and author."""

    id: int
    action_id: int
    action_ref: str | None
    plan_slug: str
    as_at: date
    recorded_at: datetime
    author: str | None
    completion: Completion
    status_label: str | None
    status_colour: StatusColour | None
    rag: Rag | None
    direction: Direction | None
    current_performance: str
    commentary: str
    report_note: str | None
    completed_on: date | None
    completed_on_unknown: bool
    sign_off: SignOff | None


@dataclass(frozen=True)
class MilestoneRow:
    """A milestone of an action."""

    id: int
    ref: str | None
    text: str
    due_on: date
    done_on: date | None


@dataclass(frozen=True)
class ActionPage:
    """The actions of a page, or of every matching row, with their leads and how many match."""

    rows: list[ActionRow]
    leads: dict[int, list[LeadRow]]
    total: int


@dataclass(frozen=True)
class ActionRecord:
    """One action with its leads, milestones, recommendations and every status update."""

    row: ActionRow
    leads: list[LeadRow]
    milestones: list[MilestoneRow]
    recommendation_refs: list[str]
    updates: list[UpdateRow]


@dataclass(frozen=True)
class ReadablePlans:
    """The live plans an account may read: their slugs, and every label of their status keys."""

    ids: frozenset[int]
    slugs: frozenset[str]
    status_labels: tuple[str, ...]


_LATEST_RECORDED = (
    select(func.max(StatusUpdate.recorded_at))
    .where(StatusUpdate.action_id == Action.id)
    .correlate(Action)
    .scalar_subquery()
)

_ACTION_COLUMNS = (
    Action.id,
    Plan.slug.label("plan_slug"),
    Action.ref,
    Action.text,
    Objective.id.label("objective_id"),
    Objective.text.label("objective_text"),
    Theme.number.label("theme_number"),
    Theme.title.label("theme_title"),
    PriorityBand.number.label("band_number"),
    PriorityBand.label.label("band_wording"),
    Action.target_date,
    Action.target_date_text,
    Action.recurrence,
    Action.current_completion.label("completion"),
    Action.current_sign_off.label("sign_off"),
    Action.current_status_label.label("status_label"),
    Action.current_status_colour.label("status_colour"),
    Action.current_rag.label("rag"),
    Action.current_direction.label("direction"),
    Action.current_performance,
    Action.current_commentary.label("commentary"),
    Action.current_as_at.label("as_at"),
    Action.current_completed_on.label("completed_on"),
    Action.version,
    _LATEST_RECORDED.label("updated_at"),
    Action.archived_at.label("action_archived_at"),
    Plan.archived_at.label("plan_archived_at"),
)

_UPDATE_COLUMNS = (
    StatusUpdate.id,
    StatusUpdate.action_id,
    Action.ref.label("action_ref"),
    Plan.slug.label("plan_slug"),
    StatusUpdate.as_at,
    StatusUpdate.recorded_at,
    Person.name.label("author"),
    StatusUpdate.completion,
    StatusUpdate.status_label,
    StatusUpdate.status_colour,
    StatusUpdate.rag,
    StatusUpdate.direction,
    StatusUpdate.current_performance,
    StatusUpdate.commentary,
    StatusUpdate.report_note,
    StatusUpdate.completed_on,
    StatusUpdate.completed_on_unknown,
    StatusUpdate.sign_off,
)
_NEWEST_FIRST = (
    StatusUpdate.as_at.desc(),
    StatusUpdate.recorded_at.desc(),
    StatusUpdate.id.desc(),
)


def readable_plans(plan_ids: Collection[int] | None) -> ReadablePlans:
    """Return the live plans among these ids (None: every plan), with their status labels."""
    query = select(Plan.id, Plan.slug, Plan.status_key).where(Plan.archived_at.is_(None))
    if plan_ids is not None:
        query = query.where(Plan.id.in_(plan_ids))
    rows = db.session.execute(query.order_by(Plan.id)).all()
    labels: dict[str, None] = {}
    for _id, _slug, status_key in rows:
        labels.update(dict.fromkeys(entry.label for entry in stored_status_key(status_key).entries))
    return ReadablePlans(
        ids=frozenset(plan_id for plan_id, _, _ in rows),
        slugs=frozenset(slug for _, slug, _ in rows),
        status_labels=tuple(labels),
    )


def plans_scope(plan_ids: Collection[int] | None) -> ColumnElement[bool]:
    """Return the condition that keeps a list to the live plans among these ids (None: all)."""
    live = Plan.archived_at.is_(None)
    return live & (Plan.id.in_(plan_ids) if plan_ids is not None else true())


def action_scope(action_id: int) -> ColumnElement[bool]:
    """Return the condition that keeps a list of status updates to one action's."""
    return StatusUpdate.action_id == action_id


def action_page(
    scope: ColumnElement[bool],
    filters: ActionFilters,
    window: TargetWindow,
    *,
    today: date,
    across_plans: bool,
    offset: int,
    limit: int | None,
) -> ActionPage:
    """Return the matching actions, a page of them or all (limit None), and their leads."""
    ordered = action_list.matching(_ACTION_COLUMNS, scope, filters, window).order_by(
        *action_list.ordering(filters, today, across_plans=across_plans)
    )
    if limit is not None:
        ordered = ordered.limit(limit).offset(offset)
    rows = [ActionRow(**row._mapping) for row in db.session.execute(ordered)]
    if limit is None:
        total = len(rows)
    else:
        counted = action_list.matching((func.count(Action.id),), scope, filters, window)
        total = db.session.scalar(counted) or 0
    ids = [row.id for row in rows]
    return ActionPage(rows, _leads(ids) if ids else {}, total)


def _leads(action_ids: list[int]) -> dict[int, list[LeadRow]]:
    """Return the leads of these actions, in the order the plan names them."""
    found: dict[int, list[LeadRow]] = defaultdict(list)
    for start in range(0, len(action_ids), 500):
        # In batches, as a CSV of a large plan holds more actions than a query takes values.
        batch = action_ids[start : start + 500]
        for action_id, person_id, name in db.session.execute(
            select(ActionLead.action_id, Person.id, Person.name)
            .join(Person, Person.id == ActionLead.person_id)
            .where(ActionLead.action_id.in_(batch))
            .order_by(ActionLead.action_id, ActionLead.position, Person.id)
        ):
            found[action_id].append(LeadRow(person_id, name))
    return dict(found)


def action_plan_id(action_id: int) -> int | None:
    """Return the id of the action's plan, or None when there is no such action."""
    return db.session.scalar(select(Action.plan_id).where(Action.id == action_id))


def action_record(action_id: int) -> ActionRecord | None:
    """Return the action with its leads, milestones, recommendations and history, or None."""
    found = db.session.execute(
        action_list.joined(_ACTION_COLUMNS).where(Action.id == action_id)
    ).first()
    if found is None:
        return None
    milestones = [
        MilestoneRow(**row._mapping)
        for row in db.session.execute(
            select(Milestone.id, Milestone.ref, Milestone.text, Milestone.due_on, Milestone.done_on)
            .where(Milestone.action_id == action_id)
            .order_by(Milestone.due_on, Milestone.position, Milestone.id)
        )
    ]
    refs = list(
        db.session.scalars(
            select(Recommendation.ref)
            .join(
                ActionRecommendation,
                ActionRecommendation.recommendation_id == Recommendation.id,
            )
            .where(
                ActionRecommendation.action_id == action_id,
                Recommendation.archived_at.is_(None),
            )
            .order_by(Recommendation.position, Recommendation.id)
        )
    )
    updates = [
        UpdateRow(**row._mapping)
        for row in db.session.execute(
            _updates().where(StatusUpdate.action_id == action_id).order_by(*_NEWEST_FIRST)
        )
    ]
    return ActionRecord(
        ActionRow(**found._mapping),
        _leads([action_id]).get(action_id, []),
        milestones,
        refs,
        updates,
    )


def _updates() -> Select:
    """Return the SELECT of status updates with their action, plan and author's name."""
    return (
        select(*_UPDATE_COLUMNS)
        .select_from(StatusUpdate)
        .join(Action, Action.id == StatusUpdate.action_id)
        .join(Plan, Plan.id == Action.plan_id)
        .outerjoin(User, User.id == StatusUpdate.author_user_id)
        .outerjoin(Person, Person.id == User.person_id)
    )


def update_row(update_id: int) -> UpdateRow | None:
    """Return one status update, or None when there is no such update."""
    found = db.session.execute(_updates().where(StatusUpdate.id == update_id)).first()
    return None if found is None else UpdateRow(**found._mapping)


def update_plan_id(update_id: int) -> int | None:
    """Return the id of the plan a status update's action is in, or None when there is none."""
    return db.session.scalar(
        select(Action.plan_id)
        .join(StatusUpdate, StatusUpdate.action_id == Action.id)
        .where(StatusUpdate.id == update_id)
    )


def update_page(
    scope: ColumnElement[bool], filters: UpdateFilters, *, offset: int, limit: int | None
) -> tuple[list[UpdateRow], int]:
    """Return the matching status updates, newest first, a page or all, and how many match."""
    conditions: list[ColumnElement[bool]] = [scope]
    if filters.plan is not None:
        conditions.append(Plan.slug == filters.plan)
    if filters.action is not None:
        conditions.append(StatusUpdate.action_id == filters.action)
    if filters.recorded_since is not None:
        conditions.append(StatusUpdate.recorded_at >= day_start(filters.recorded_since))
    if filters.as_at_from is not None:
        conditions.append(StatusUpdate.as_at >= filters.as_at_from)
    if filters.as_at_to is not None:
        conditions.append(StatusUpdate.as_at <= filters.as_at_to)
    ordered = _updates().where(*conditions).order_by(*_NEWEST_FIRST)
    if limit is not None:
        ordered = ordered.limit(limit).offset(offset)
    rows = [UpdateRow(**row._mapping) for row in db.session.execute(ordered)]
    if limit is None:
        return rows, len(rows)
    counted = (
        select(func.count(StatusUpdate.id))
        .join(Action, Action.id == StatusUpdate.action_id)
        .join(Plan, Plan.id == Action.plan_id)
        .where(*conditions)
    )
    return rows, db.session.scalar(counted) or 0

"""Load plans and actions for display in a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import case, func, select
from sqlalchemy.orm import raiseload

from tracker.domain.enums import Completion
from tracker.domain.extras import extra_headers
from tracker.domain.import_mapping import EXTRA, ColumnMapping, MappingError, mapping_from_json
from tracker.domain.plan_order import PlanOrderKey, plan_order_key
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
    User,
)
from tracker.services.facts import counted_completion_sql

_ActionRow = TypeVar("_ActionRow")


@dataclass
class PlanSummary:
    """A plan in the list of plans, with its completion counts."""

    plan: Plan
    total: int
    completed: int


@dataclass
class ObjectiveView:
    """An objective with its actions in order."""

    objective: Objective
    actions: list[Action] = field(default_factory=list)


@dataclass
class ThemeView:
    """A theme with its objectives in order."""

    theme: Theme
    objectives: list[ObjectiveView] = field(default_factory=list)


@dataclass
class PlanView:
    """A whole plan laid out theme by theme, with each action's leads and band."""

    plan: Plan
    themes: list[ThemeView]
    leads: dict[int, list[Person]]
    bands: dict[int, PriorityBand]
    action_count: int


@dataclass
class ActionView:
    """One action with its place in the plan, its leads, milestones and whole history."""

    action: Action
    plan: Plan
    objective: Objective
    theme: Theme
    band: PriorityBand | None
    leads: list[Person]
    milestones: list[Milestone]
    history: list[tuple[StatusUpdate, str]]
    # The council's extra columns that hold text for this action, in the file's order.
    extras: list[tuple[str, str]] = field(default_factory=list)


def list_plans(include_archived: bool = False) -> list[PlanSummary]:
    """Return every plan with its action count and completed count."""
    counted = counted_completion_sql(Action.current_completion, Action.current_sign_off)
    completed = func.sum(case((counted == Completion.COMPLETED, 1), else_=0))
    counts = (
        select(Action.plan_id, func.count(Action.id), completed)
        .where(Action.archived_at.is_(None))
        .group_by(Action.plan_id)
    )
    by_plan = {plan_id: (total, done or 0) for plan_id, total, done in db.session.execute(counts)}
    query = select(Plan).options(raiseload("*")).order_by(Plan.title)
    if not include_archived:
        query = query.where(Plan.archived_at.is_(None))
    return [PlanSummary(plan, *by_plan.get(plan.id, (0, 0))) for plan in db.session.scalars(query)]


def get_plan(slug: str) -> Plan | None:
    """Return the plan with this slug, or None."""
    return db.session.scalar(select(Plan).options(raiseload("*")).where(Plan.slug == slug))


def saved_mapping(plan: Plan) -> ColumnMapping | None:
    """Return the mapping saved at the plan's last import, or None if it has none it can read."""
    if not plan.import_mapping:
        return None
    try:
        return mapping_from_json(plan.import_mapping)
    except MappingError:
        return None


def plan_extra_headers(plan: Plan) -> list[str]:
    """Return the headers the plan's file keeps as extra columns, in the file's order."""
    mapping = saved_mapping(plan)
    return [] if mapping is None else mapping.headers_placed(EXTRA)


def load_plan_view(plan: Plan) -> PlanView:
    """Return the plan's themes, objectives and live actions with their leads."""
    themes = db.session.scalars(
        select(Theme)
        .options(raiseload("*"))
        .where(Theme.plan_id == plan.id, Theme.archived_at.is_(None))
        .order_by(Theme.number)
    ).all()
    objectives = db.session.scalars(
        select(Objective)
        .options(raiseload("*"))
        .join(Theme)
        .where(Theme.plan_id == plan.id, Objective.archived_at.is_(None))
        .order_by(Objective.position, Objective.id)
    ).all()
    actions = db.session.scalars(
        select(Action)
        .options(raiseload("*"))
        .where(Action.plan_id == plan.id, Action.archived_at.is_(None))
    ).all()
    bands = {
        band.id: band
        for band in db.session.scalars(
            select(PriorityBand).options(raiseload("*")).where(PriorityBand.plan_id == plan.id)
        )
    }
    leads = leads_by_action(plan.id)

    by_objective: dict[int, list[Action]] = defaultdict(list)
    for action in actions:
        by_objective[action.objective_id].append(action)
    # Within one objective only the ref and the action's own place count.
    for in_objective in by_objective.values():
        in_objective.sort(
            key=lambda action: plan_order_key(
                theme_number=0,
                objective_position=0,
                position=action.position,
                ref=action.ref,
                action_id=action.id,
            )
        )
    by_theme: dict[int, list[ObjectiveView]] = defaultdict(list)
    for objective in objectives:
        if by_objective.get(objective.id):
            by_theme[objective.theme_id].append(
                ObjectiveView(objective, by_objective[objective.id])
            )
    theme_views = [ThemeView(theme, by_theme[theme.id]) for theme in themes if by_theme[theme.id]]
    return PlanView(plan, theme_views, leads, bands, len(actions))


def leads_by_action(plan_id: int) -> dict[int, list[Person]]:
    """Return each action's leads in order, for one plan, in one query."""
    rows = db.session.execute(
        select(ActionLead.action_id, Person)
        .join(Person, Person.id == ActionLead.person_id)
        .join(Action, Action.id == ActionLead.action_id)
        .options(raiseload("*"))
        .where(Action.plan_id == plan_id)
        .order_by(ActionLead.action_id, ActionLead.position)
    )
    leads: dict[int, list[Person]] = defaultdict(list)
    for action_id, person in rows:
        leads[action_id].append(person)
    return leads


def load_action_view(action_id: int) -> ActionView | None:
    """Return one action with its context and its updates, newest first."""
    row = db.session.execute(
        select(Action, Plan, Objective, Theme, PriorityBand)
        .join(Plan, Plan.id == Action.plan_id)
        .join(Objective, Objective.id == Action.objective_id)
        .join(Theme, Theme.id == Objective.theme_id)
        .outerjoin(PriorityBand, PriorityBand.id == Action.band_id)
        .options(raiseload("*"))
        .where(Action.id == action_id)
    ).first()
    if row is None:
        return None
    action, plan, objective, theme, band = row
    leads = list(
        db.session.scalars(
            select(Person)
            .join(ActionLead, ActionLead.person_id == Person.id)
            .options(raiseload("*"))
            .where(ActionLead.action_id == action.id)
            .order_by(ActionLead.position)
        )
    )
    milestones = list(
        db.session.scalars(
            select(Milestone)
            .options(raiseload("*"))
            .where(Milestone.action_id == action.id)
            .order_by(Milestone.due_on, Milestone.position, Milestone.id)
        )
    )
    history = [
        (update, author_name or "")
        for update, author_name in db.session.execute(
            select(StatusUpdate, Person.name)
            .outerjoin(User, User.id == StatusUpdate.author_user_id)
            .outerjoin(Person, Person.id == User.person_id)
            .options(raiseload("*"))
            .where(StatusUpdate.action_id == action.id)
            .order_by(
                StatusUpdate.as_at.desc(), StatusUpdate.recorded_at.desc(), StatusUpdate.id.desc()
            )
        )
    ]
    stored = action.extras or {}
    extras = [
        (header, stored[header])
        for header in extra_headers(plan_extra_headers(plan), stored)
        if stored.get(header)
    ]
    return ActionView(action, plan, objective, theme, band, leads, milestones, history, extras)


def in_plan_order(rows: Iterable[_ActionRow]) -> list[_ActionRow]:
    """Sort rows of an Action with its theme_number and objective_position into plan order."""
    return sorted(rows, key=_row_order)


def _row_order(row: Any) -> PlanOrderKey:
    return plan_order_key(
        theme_number=row.theme_number,
        objective_position=row.objective_position,
        position=row.Action.position,
        ref=row.Action.ref,
        action_id=row.Action.id,
    )

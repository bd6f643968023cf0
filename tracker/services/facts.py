"""Load actions and updates as plain facts for the domain rules, selecting columns only."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, SQLColumnExpression, and_, case, func, literal, select

from tracker.domain.assurance import RevisionStatus, SignOff
from tracker.domain.date_revisions import RevisionFacts, baseline_date
from tracker.domain.enums import Completion
from tracker.domain.facts import ActionFacts, UpdateFacts
from tracker.domain.milestones import MilestoneFacts
from tracker.domain.plan_order import plan_order
from tracker.extensions import db
from tracker.models import (
    Action,
    ActionLead,
    Milestone,
    Objective,
    Person,
    PriorityBand,
    StatusUpdate,
    TargetDateRevision,
    Theme,
)


def counted_completion_sql(
    completion: SQLColumnExpression[Any], sign_off: SQLColumnExpression[Any]
) -> ColumnElement[Any]:
    """Return, in SQL, the completion tallies count: awaiting sign-off counts as partial."""
    # Typed as the stored column, so that rows read back a Completion as the column does.
    partial = literal(Completion.PARTIALLY_COMPLETED, StatusUpdate.__table__.c.completion.type)
    awaiting = and_(completion == Completion.COMPLETED, sign_off == SignOff.AWAITING)
    return case((awaiting, partial), else_=completion)


# The columns of an update in the order UpdateFacts takes them.
# Labelled as UpdateFacts' fields, so that a row builds one by name.
UPDATE_FACT_COLUMNS = (
    StatusUpdate.id.label("update_id"),
    StatusUpdate.action_id,
    StatusUpdate.as_at,
    StatusUpdate.recorded_at,
    StatusUpdate.completion,
    StatusUpdate.rag,
    StatusUpdate.direction,
    StatusUpdate.commentary,
    StatusUpdate.completed_on,
    StatusUpdate.current_performance,
    StatusUpdate.completed_on_unknown,
    StatusUpdate.status_label,
    StatusUpdate.status_colour,
    StatusUpdate.status_exception,
    StatusUpdate.report_note,
    StatusUpdate.sign_off,
)
# An action's updates in the order they take effect, latest first (UpdateFacts.order_key).
LATEST_UPDATE_FIRST = (
    StatusUpdate.as_at.desc(),
    StatusUpdate.recorded_at.desc(),
    StatusUpdate.id.desc(),
)


def load_update_facts(plan_id: int, up_to: date | None = None) -> list[UpdateFacts]:
    """Return the plan's status updates, those with an as-at date after up_to left out."""
    query = (
        select(*UPDATE_FACT_COLUMNS)
        .join(Action, Action.id == StatusUpdate.action_id)
        .where(Action.plan_id == plan_id, Action.archived_at.is_(None))
    )
    if up_to is not None:
        query = query.where(StatusUpdate.as_at <= up_to)
    # By position, as the columns are in UpdateFacts' order: a mapping per row cost a fifth
    # of the highlight report's loading at 10,000 actions.
    return [UpdateFacts(*row) for row in db.session.execute(query)]


def load_states_as_at(
    plan_id: int, as_at: date, within: Select | None = None
) -> dict[int, UpdateFacts]:
    """Return each live action's (of within's ids, if given) latest update on or before a date."""
    # The database ranks each action's updates, so one row per action comes back, not its history.
    ranked = (
        select(
            *UPDATE_FACT_COLUMNS,
            func.row_number()
            .over(partition_by=StatusUpdate.action_id, order_by=LATEST_UPDATE_FIRST)
            .label("place"),
        )
        .join(Action, Action.id == StatusUpdate.action_id)
        .where(Action.plan_id == plan_id, Action.archived_at.is_(None), StatusUpdate.as_at <= as_at)
        .subquery()
    )
    rows = db.session.execute(
        select(*[column for column in ranked.c if column.name != "place"]).where(
            ranked.c.place == 1
        )
    )
    # By position, as the columns are in UpdateFacts' order: cheaper than a mapping per row.
    return {row.action_id: UpdateFacts(*row) for row in rows}


def load_action_facts(plan_ids: list[int], *, led_by: int | None = None) -> list[ActionFacts]:
    """Return these plans' live actions (only one person's, if led_by) with leads, in plan order."""
    if not plan_ids:
        return []
    chosen = [Action.plan_id.in_(plan_ids)]
    if led_by is not None:
        # A lead's few actions, not every action of their plans, are read and assessed.
        chosen.append(
            Action.id.in_(select(ActionLead.action_id).where(ActionLead.person_id == led_by))
        )
    leads: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for action_id, person_id, name in db.session.execute(
        select(ActionLead.action_id, Person.id, Person.name)
        .join(Person, Person.id == ActionLead.person_id)
        .join(Action, Action.id == ActionLead.action_id)
        .where(*chosen)
        .order_by(ActionLead.action_id, ActionLead.position)
    ):
        leads[action_id].append((person_id, name))
    milestones: dict[int, list[MilestoneFacts]] = defaultdict(list)
    for action_id, milestone_id, ref, words, due_on, done_on in db.session.execute(
        select(
            Milestone.action_id,
            Milestone.id,
            Milestone.ref,
            Milestone.text,
            Milestone.due_on,
            Milestone.done_on,
        )
        .join(Action, Action.id == Milestone.action_id)
        .where(*chosen)
        .order_by(Milestone.action_id, Milestone.due_on, Milestone.position, Milestone.id)
    ):
        milestones[action_id].append(MilestoneFacts(milestone_id, ref, words, due_on, done_on))
    revisions = load_revision_facts(chosen)
    rows = db.session.execute(
        select(
            Action.id,
            Action.plan_id,
            Action.ref,
            Action.text,
            Theme.number,
            Theme.title,
            PriorityBand.number,
            Action.target_date_text,
            Action.target_date,
            Action.recurrence,
            Action.position,
            Objective.position,
            Action.short_title,
        )
        .join(Objective, Objective.id == Action.objective_id)
        .join(Theme, Theme.id == Objective.theme_id)
        .outerjoin(PriorityBand, PriorityBand.id == Action.band_id)
        .where(*chosen, Action.archived_at.is_(None))
    )
    facts = [
        ActionFacts(
            action_id=action_id,
            plan_id=plan_id,
            ref=ref,
            text=text,
            theme_number=theme_number,
            theme_title=theme_title,
            band_number=band_number,
            target_date_text=target_date_text,
            target_date=target_date,
            milestones=tuple(milestones.get(action_id, ())),
            recurrence=recurrence,
            leads=tuple(name for _, name in leads.get(action_id, ())),
            lead_ids=tuple(person_id for person_id, _ in leads.get(action_id, ())),
            position=position,
            objective_position=objective_position,
            short_title=short_title,
            baseline_target_date=baseline_date(target_date, revisions.get(action_id, ())),
            revisions=tuple(revisions.get(action_id, ())),
        )
        for (
            action_id,
            plan_id,
            ref,
            text,
            theme_number,
            theme_title,
            band_number,
            target_date_text,
            target_date,
            recurrence,
            position,
            objective_position,
            short_title,
        ) in rows
    ]
    return sorted(facts, key=lambda action: (action.plan_id, plan_order(action)))


def load_revision_facts(chosen: Sequence[ColumnElement[bool]]) -> dict[int, list[RevisionFacts]]:
    """Return the approved target-date revisions of the chosen actions, by action."""
    revisions: dict[int, list[RevisionFacts]] = defaultdict(list)
    for action_id, revision_id, from_date, to_date, status, decided_on in db.session.execute(
        select(
            TargetDateRevision.action_id,
            TargetDateRevision.id,
            TargetDateRevision.from_date,
            TargetDateRevision.to_date,
            TargetDateRevision.status,
            TargetDateRevision.decided_on,
        )
        .join(Action, Action.id == TargetDateRevision.action_id)
        .where(*chosen, TargetDateRevision.status == RevisionStatus.APPROVED)
        .order_by(TargetDateRevision.action_id, TargetDateRevision.id)
    ):
        revisions[action_id].append(
            RevisionFacts(revision_id, from_date, to_date, status, decided_on)
        )
    return revisions

"""Read a plan's actions as at a date, every field as stored, for reading it back as JSON."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from tracker.domain.as_at import state_as_at
from tracker.domain.enums import Completion, Recurrence
from tracker.domain.plan_order import plan_order_key
from tracker.extensions import db
from tracker.models import Action, ActionLead, Objective, Person, Plan, StatusUpdate, Theme
from tracker.services.facts import load_update_facts
from tracker.services.plan_import import plan_status_key


@dataclass(frozen=True)
class ActionState:
    """One action as at a date: its details and the status of its latest update by then."""

    ref: str | None
    theme: str
    objective: str
    action: str
    leads: tuple[str, ...]
    target_date_text: str
    target_date: date | None
    target_date_flag: str | None
    recurrence: Recurrence
    status: str | None
    status_colour: str | None
    completion: str
    completed_on: date | None
    extras: dict[str, str]

    def to_json(self) -> dict[str, object]:
        """Return the action as `plans show --format json` prints it."""
        return {
            "ref": self.ref,
            "theme": self.theme,
            "objective": self.objective,
            "action": self.action,
            "leads": list(self.leads),
            "target_date_text": self.target_date_text,
            "target_date": self.target_date.isoformat() if self.target_date else None,
            "target_date_flag": self.target_date_flag,
            "recurrence": None if self.recurrence is Recurrence.NONE else self.recurrence.value,
            "status": self.status,
            "status_colour": self.status_colour,
            "completion": self.completion,
            "completed_on": self.completed_on.isoformat() if self.completed_on else None,
            "extras": self.extras,
        }


@dataclass(frozen=True)
class PlanState:
    """A plan as at a date: its status key and the actions it had by then, in plan order."""

    slug: str
    title: str
    as_at: date
    status_key: list[dict[str, object]]
    actions: tuple[ActionState, ...]

    def to_json(self) -> dict[str, object]:
        """Return the plan as `plans show --format json` prints it."""
        return {
            "plan": self.slug,
            "title": self.title,
            "as_at": self.as_at.isoformat(),
            "status_key": self.status_key,
            "actions": [action.to_json() for action in self.actions],
        }


def load_plan_state(plan: Plan, as_at: date) -> PlanState:
    """Return every live action with an update on or before the date, with that update's status."""
    rows = db.session.execute(
        select(
            Action.id,
            Action.position,
            Objective.position.label("objective_position"),
            Action.ref,
            Theme.number,
            Theme.title,
            Objective.text.label("objective_text"),
            Action.text.label("action_text"),
            Action.target_date_text,
            Action.target_date,
            Action.target_date_problem,
            Action.recurrence,
            Action.extras,
        )
        .join(Objective, Objective.id == Action.objective_id)
        .join(Theme, Theme.id == Objective.theme_id)
        .where(Action.plan_id == plan.id, Action.archived_at.is_(None))
    ).all()
    states = state_as_at(load_update_facts(plan.id, as_at), as_at)
    statuses = {
        update_id: (label, colour)
        for update_id, label, colour in db.session.execute(
            select(StatusUpdate.id, StatusUpdate.status_label, StatusUpdate.status_colour).where(
                StatusUpdate.id.in_([state.update_id for state in states.values()])
            )
        )
    }
    leads: dict[int, list[str]] = defaultdict(list)
    for action_id, name in db.session.execute(
        select(ActionLead.action_id, Person.name)
        .join(Person, Person.id == ActionLead.person_id)
        .join(Action, Action.id == ActionLead.action_id)
        .where(Action.plan_id == plan.id)
        .order_by(ActionLead.action_id, ActionLead.position)
    ):
        leads[action_id].append(name)
    actions = []
    in_plan_order = sorted(
        rows,
        key=lambda row: plan_order_key(
            theme_number=row.number,
            objective_position=row.objective_position,
            position=row.position,
            ref=row.ref,
            action_id=row.id,
        ),
    )
    for row in in_plan_order:
        state = states.get(row.id)
        if state is None:
            continue
        label, colour = statuses.get(state.update_id, (None, None))
        actions.append(
            ActionState(
                ref=row.ref,
                theme=f"{row.number}. {row.title}",
                objective=row.objective_text,
                action=row.action_text,
                leads=tuple(leads[row.id]),
                target_date_text=row.target_date_text,
                target_date=row.target_date,
                target_date_flag=row.target_date_problem,
                recurrence=row.recurrence,
                status=label,
                status_colour=None if colour is None else colour.value,
                completion=(
                    "Not known"
                    if state.completion is Completion.NOT_KNOWN
                    else state.completion.label
                ),
                completed_on=state.completed_on,
                extras=dict(row.extras or {}),
            )
        )
    return PlanState(
        slug=plan.slug,
        title=plan.title,
        as_at=as_at,
        status_key=plan_status_key(plan).to_json(),
        actions=tuple(actions),
    )

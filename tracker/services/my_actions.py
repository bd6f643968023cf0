"""Load a lead's actions across plans, assessed and ordered, in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from tracker.domain.due import DueAssessment, assess_due, order_for_my_actions
from tracker.domain.enums import Completion, Direction
from tracker.domain.facts import ActionFacts, UpdateFacts
from tracker.domain.status_key import StatusColour
from tracker.domain.working_days import WorkingCalendar
from tracker.extensions import db
from tracker.models import Action, ActionLead, Plan, StatusUpdate
from tracker.services.facts import LATEST_UPDATE_FIRST, UPDATE_FACT_COLUMNS, load_action_facts


@dataclass(frozen=True, slots=True)
class MyAction:
    """One of a lead's actions with how due it is and what its latest update says."""

    facts: ActionFacts
    due: DueAssessment
    plan_title: str
    latest: UpdateFacts | None

    @property
    def completion(self) -> Completion:
        """Return the completion status the latest update gives, or not known."""
        return self.latest.completion if self.latest else Completion.NOT_KNOWN

    @property
    def status_label(self) -> str | None:
        """Return the latest status as its key labelled it when recorded, if any."""
        return self.latest.status_label if self.latest else None

    @property
    def status_colour(self) -> StatusColour | None:
        """Return the latest status's colour, if any."""
        return self.latest.status_colour if self.latest else None

    @property
    def direction(self) -> Direction | None:
        """Return the latest direction of travel, if any."""
        return self.latest.direction if self.latest else None


def _latest_updates(person_id: int) -> dict[int, UpdateFacts]:
    """Return the latest update of each action the person leads."""
    ranked = (
        select(
            *UPDATE_FACT_COLUMNS,
            func.row_number()
            .over(partition_by=StatusUpdate.action_id, order_by=LATEST_UPDATE_FIRST)
            .label("place"),
        )
        .join(ActionLead, ActionLead.action_id == StatusUpdate.action_id)
        .where(ActionLead.person_id == person_id)
        .subquery()
    )
    rows = db.session.execute(
        select(*[column for column in ranked.c if column.name != "place"]).where(
            ranked.c.place == 1
        )
    )
    return {row.action_id: UpdateFacts(**row._mapping) for row in rows}


def load_my_actions(person_id: int, *, today: date, calendar: WorkingCalendar) -> list[MyAction]:
    """Return the person's live actions in live plans, overdue first, as My actions lists them."""
    plans = db.session.execute(
        select(Plan.id, Plan.title, Plan.due_soon_working_days)
        .where(
            Plan.archived_at.is_(None),
            Plan.id.in_(
                select(Action.plan_id)
                .join(ActionLead, ActionLead.action_id == Action.id)
                .where(ActionLead.person_id == person_id)
            ),
        )
        .order_by(Plan.title)
    ).all()
    if not plans:
        return []
    titles = {plan_id: title for plan_id, title, _ in plans}
    due_soon = {plan_id: days for plan_id, _, days in plans}
    mine = [facts for facts in load_action_facts(list(titles)) if person_id in facts.lead_ids]
    latest = _latest_updates(person_id)
    assessed = [
        (
            facts,
            assess_due(
                facts,
                latest.get(facts.action_id),
                today=today,
                calendar=calendar,
                due_soon_working_days=due_soon[facts.plan_id],
            ),
        )
        for facts in mine
    ]
    return [
        MyAction(facts, due, titles[facts.plan_id], latest.get(facts.action_id))
        for facts, due in order_for_my_actions(assessed)
    ]

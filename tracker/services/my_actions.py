"""Load a lead's actions across plans, assessed, ordered and filtered, in a fixed query count."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from tracker.domain.due import DueAssessment, DueKind, assess_due, order_for_my_actions
from tracker.domain.enums import Completion, Direction
from tracker.domain.facts import ActionFacts, UpdateFacts
from tracker.domain.highlight import titled
from tracker.domain.my_actions import (
    NO_STATUS,
    PlanGroup,
    group_by_plan,
    next_needing_update,
    shows_status,
)
from tracker.domain.status_key import StatusColour, status_word_key, stored_status_key
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
    def action_id(self) -> int:
        """Return the action's id."""
        return self.facts.action_id

    @property
    def plan_id(self) -> int:
        """Return the id of the action's plan."""
        return self.facts.plan_id

    @property
    def due_kind(self) -> DueKind:
        """Return what the action needs from its lead now."""
        return self.due.kind

    @property
    def title(self) -> str:
        """Return the ref and short title, or the first words of the action."""
        return titled(self.facts.ref, self.facts.short_title, self.facts.text)

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


@dataclass(frozen=True, slots=True)
class PlanChoice:
    """Name one plan the lead has actions in, and the status labels its key gives."""

    plan_id: int
    slug: str
    title: str
    due_soon_working_days: int
    status_labels: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class MyActionsPage:
    """Hold My actions: every row, the rows the filters keep grouped by plan, and the choices."""

    rows: list[MyAction]
    groups: list[PlanGroup[MyAction]]
    plans: list[PlanChoice]

    @property
    def shown(self) -> int:
        """Return how many actions the filters keep."""
        return sum(len(group.rows) for group in self.groups)

    def plan_title(self, plan_id: int) -> str:
        """Return the title of one of the lead's plans."""
        return next(plan.title for plan in self.plans if plan.plan_id == plan_id)

    def status_labels(self, slug: str | None = None) -> list[str]:
        """Return the status labels of the lead's plans' keys, or one plan's, each once."""
        labels: dict[str, str] = {}
        for plan in self.plans:
            if slug is None or plan.slug == slug:
                for label in plan.status_labels:
                    labels.setdefault(status_word_key(label), label)
        return list(labels.values())

    def chosen_status(self, status: str | None) -> str | None:
        """Return a status filter as its list spells it, so the list shows it chosen."""
        if status is None or status == NO_STATUS:
            return status
        wanted = status_word_key(status)
        return next(
            (label for label in self.status_labels() if status_word_key(label) == wanted), status
        )


class UnknownFilter(ValueError):
    """Say which filter value names no plan or status of the lead's, for a 400 page."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def _lead_plans(person_id: int) -> list[PlanChoice]:
    """Return the live plans in which the person leads an action, by title, with their keys."""
    rows = db.session.execute(
        select(Plan.id, Plan.slug, Plan.title, Plan.due_soon_working_days, Plan.status_key)
        .where(
            Plan.archived_at.is_(None),
            Plan.id.in_(
                select(Action.plan_id)
                .join(ActionLead, ActionLead.action_id == Action.id)
                .where(ActionLead.person_id == person_id, Action.archived_at.is_(None))
            ),
        )
        .order_by(Plan.title, Plan.id)
    ).all()
    return [
        PlanChoice(
            plan_id,
            slug,
            title,
            due_soon,
            tuple(entry.label for entry in stored_status_key(key).entries),
        )
        for plan_id, slug, title, due_soon, key in rows
    ]


def _assessed(
    person_id: int, plans: list[PlanChoice], *, today: date, calendar: WorkingCalendar
) -> list[MyAction]:
    """Return the person's live actions in these plans, assessed, in My actions' order."""
    if not plans:
        return []
    titles = {plan.plan_id: plan.title for plan in plans}
    due_soon = {plan.plan_id: plan.due_soon_working_days for plan in plans}
    mine = load_action_facts(list(titles), led_by=person_id)
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


def my_actions_page(
    person_id: int,
    *,
    today: date,
    calendar: WorkingCalendar,
    plan_slug: str | None = None,
    status: str | None = None,
) -> MyActionsPage:
    """Return My actions grouped by plan, kept to one plan or status; raise UnknownFilter."""
    plans = _lead_plans(person_id)
    chosen = [plan.plan_id for plan in plans if plan.slug == plan_slug]
    if plan_slug is not None and not chosen:
        raise UnknownFilter("plan", "Choose one of your plans from the list")
    page = MyActionsPage([], [], plans)
    if status is not None and status != NO_STATUS:
        known = {status_word_key(label) for label in page.status_labels(plan_slug)}
        if status_word_key(status) not in known:
            raise UnknownFilter("status", "Choose a status from the list")
    rows = _assessed(person_id, plans, today=today, calendar=calendar)
    kept = [
        row
        for row in rows
        if (not chosen or row.plan_id in chosen)
        and (status is None or shows_status(row.status_label, status))
    ]
    return MyActionsPage(rows, group_by_plan(kept, [plan.plan_id for plan in plans]), plans)


def next_action_to_update(
    person_id: int, saved_action_id: int, *, today: date, calendar: WorkingCalendar
) -> MyAction | None:
    """Return the lead's next action needing an update after the one saved, in My actions' order."""
    page = my_actions_page(person_id, today=today, calendar=calendar)
    ordered = [row for group in page.groups for row in group.rows]
    return next_needing_update(ordered, saved_action_id)

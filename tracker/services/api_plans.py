"""Load plans, their themes, objectives, risks and achievements, and people, a page at a time."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Row, Select, case, false, func, select

from tracker.domain.action_filters import LIKE_ESCAPE, like_pattern
from tracker.domain.enums import Completion
from tracker.domain.listing_filters import Archived, ListingFilters
from tracker.domain.paging import Paging
from tracker.domain.risk_dates import RiskStatus
from tracker.extensions import db
from tracker.models import (
    Achievement,
    Action,
    ActionLead,
    Indicator,
    Objective,
    Organisation,
    Person,
    Plan,
    PriorityBand,
    Risk,
    Theme,
    User,
)
from tracker.services.facts import counted_completion_sql

Rows = Sequence[Row[*tuple[Any, ...]]]


@dataclass(frozen=True)
class PlanDetail:
    """One plan's settings, counts and priority bands, as a reader of the API sees them."""

    plan: Row[*tuple[Any, ...]]
    bands: Rows
    has_indicators: bool


def _archived(column: Any, archived: Archived) -> ColumnElement[bool] | None:
    """Return the condition that keeps the records the archived filter asks for."""
    if archived is Archived.NO:
        return column.is_(None)
    if archived is Archived.YES:
        return column.is_not(None)
    return None


def _page(statement: Select[*tuple[Any, ...]], paging: Paging) -> tuple[Rows, int]:
    """Return the page of rows asked for and how many there are; every row for CSV."""
    if paging.as_csv:
        rows = db.session.execute(statement).all()
        return rows, len(rows)
    total = db.session.scalar(select(func.count()).select_from(statement.order_by(None).subquery()))
    rows = db.session.execute(statement.offset(paging.offset).limit(paging.per_page)).all()
    return rows, total or 0


def _live_action_counts() -> Any:
    """Return each plan's live actions and how many of them count as completed, by plan."""
    counted = counted_completion_sql(Action.current_completion, Action.current_sign_off)
    return (
        select(
            Action.plan_id,
            func.count(Action.id).label("actions"),
            func.sum(case((counted == Completion.COMPLETED.value, 1), else_=0)).label("completed"),
        )
        .where(Action.archived_at.is_(None))
        .group_by(Action.plan_id)
        .subquery("counts")
    )


def _plans_statement(plan_ids: set[int] | None) -> Select[*tuple[Any, ...]]:
    """Select the plans (only plan_ids when given) with their organisation and action counts."""
    counts = _live_action_counts()
    statement = (
        select(
            Plan.id,
            Plan.slug,
            Plan.title,
            Organisation.name.label("organisation"),
            Plan.owner,
            Plan.created_at,
            Plan.archived_at,
            func.coalesce(counts.c.actions, 0).label("actions"),
            func.coalesce(counts.c.completed, 0).label("completed"),
        )
        .join(Organisation, Organisation.id == Plan.organisation_id)
        .outerjoin(counts, counts.c.plan_id == Plan.id)
    )
    if plan_ids is not None:
        statement = statement.where(Plan.id.in_(sorted(plan_ids)) if plan_ids else false())
    return statement


def plans_page(
    plan_ids: set[int] | None, filters: ListingFilters, paging: Paging
) -> tuple[Rows, int]:
    """Return a page of the plans (only plan_ids when given) by title, with their counts."""
    statement = _plans_statement(plan_ids).order_by(Plan.title, Plan.slug)
    if (condition := _archived(Plan.archived_at, filters.archived)) is not None:
        statement = statement.where(condition)
    return _page(statement, paging)


def plan_detail(plan_id: int) -> PlanDetail:
    """Return a plan's settings and counts, its bands in number order, and if it has indicators."""
    live_themes = (
        select(func.count(Theme.id))
        .where(Theme.plan_id == Plan.id, Theme.archived_at.is_(None))
        .scalar_subquery()
    )
    live_objectives = (
        select(func.count(Objective.id))
        .join(Theme, Theme.id == Objective.theme_id)
        .where(Theme.plan_id == Plan.id, Objective.archived_at.is_(None))
        .scalar_subquery()
    )
    open_risks = (
        select(func.count(Risk.id))
        .where(Risk.plan_id == Plan.id, Risk.status == RiskStatus.OPEN.value)
        .scalar_subquery()
    )
    achievements = (
        select(func.count(Achievement.id))
        .where(Achievement.plan_id == Plan.id, Achievement.archived_at.is_(None))
        .scalar_subquery()
    )
    indicators = (
        select(func.count(Indicator.id))
        .where(Indicator.plan_id == Plan.id, Indicator.archived_at.is_(None))
        .scalar_subquery()
    )
    plan = db.session.execute(
        _plans_statement({plan_id}).add_columns(
            Plan.status_key,
            Plan.reporting_cadence,
            Plan.report_cut_off_working_days,
            Plan.due_soon_working_days,
            Plan.sign_off_required,
            Plan.panel_may_sign_off,
            Plan.revised_dates_need_approval,
            live_themes.label("themes"),
            live_objectives.label("objectives"),
            open_risks.label("open_risks"),
            achievements.label("achievements"),
            indicators.label("indicators"),
        )
    ).one()
    bands = db.session.execute(
        select(
            PriorityBand.number,
            PriorityBand.label,
            PriorityBand.window_start,
            PriorityBand.window_end,
        )
        .where(PriorityBand.plan_id == plan_id)
        .order_by(PriorityBand.number)
    ).all()
    return PlanDetail(plan=plan, bands=bands, has_indicators=plan.indicators > 0)


def themes_page(plan_id: int, filters: ListingFilters, paging: Paging) -> tuple[Rows, int]:
    """Return a page of the plan's themes by number, with their live objectives and actions."""
    objectives = (
        select(func.count(Objective.id))
        .where(Objective.theme_id == Theme.id, Objective.archived_at.is_(None))
        .scalar_subquery()
    )
    actions = (
        select(func.count(Action.id))
        .join(Objective, Objective.id == Action.objective_id)
        .where(Objective.theme_id == Theme.id, Action.archived_at.is_(None))
        .scalar_subquery()
    )
    statement = (
        select(
            Theme.id,
            Theme.number,
            Theme.title,
            Theme.archived_at,
            objectives.label("objectives"),
            actions.label("actions"),
        )
        .where(Theme.plan_id == plan_id)
        .order_by(Theme.number)
    )
    if (condition := _archived(Theme.archived_at, filters.archived)) is not None:
        statement = statement.where(condition)
    return _page(statement, paging)


def objectives_page(plan_id: int, filters: ListingFilters, paging: Paging) -> tuple[Rows, int]:
    """Return a page of the plan's objectives in plan order, each with its theme and actions."""
    actions = (
        select(func.count(Action.id))
        .where(Action.objective_id == Objective.id, Action.archived_at.is_(None))
        .scalar_subquery()
    )
    statement = (
        select(
            Objective.id,
            Theme.number.label("theme_number"),
            Theme.title.label("theme_title"),
            Objective.position,
            Objective.text,
            Objective.archived_at,
            actions.label("actions"),
        )
        .join(Theme, Theme.id == Objective.theme_id)
        .where(Theme.plan_id == plan_id)
        .order_by(Theme.number, Objective.position, Objective.id)
    )
    if (condition := _archived(Objective.archived_at, filters.archived)) is not None:
        statement = statement.where(condition)
    return _page(statement, paging)


def risks_page(plan_id: int, filters: ListingFilters, paging: Paging) -> tuple[Rows, int]:
    """Return a page of the plan's risks and issues: open ones first, then the latest raised."""
    statement = (
        select(
            Risk.id,
            Risk.description,
            Risk.likelihood,
            Risk.consequences,
            Risk.mitigation,
            Risk.owner,
            Risk.status,
            Risk.raised_on,
            Risk.closed_on,
        )
        .where(Risk.plan_id == plan_id)
        .order_by((Risk.status == RiskStatus.OPEN.value).desc(), Risk.raised_on.desc(), Risk.id)
    )
    if filters.risk_status is not None:
        statement = statement.where(Risk.status == filters.risk_status.value)
    return _page(statement, paging)


def achievements_page(plan_id: int, filters: ListingFilters, paging: Paging) -> tuple[Rows, int]:
    """Return a page of the plan's achievements, the latest achieved first."""
    statement = (
        select(Achievement.id, Achievement.text, Achievement.achieved_on, Achievement.archived_at)
        .where(Achievement.plan_id == plan_id)
        .order_by(Achievement.achieved_on.desc(), Achievement.id.desc())
    )
    if (condition := _archived(Achievement.archived_at, filters.archived)) is not None:
        statement = statement.where(condition)
    return _page(statement, paging)


def people_page(filters: ListingFilters, paging: Paging) -> tuple[Rows, int]:
    """Return a page of everyone, active people first by name, with accounts and actions led."""
    led = (
        select(func.count(ActionLead.action_id))
        .where(ActionLead.person_id == Person.id)
        .scalar_subquery()
    )
    statement = (
        select(
            Person.id,
            Person.name,
            Person.email,
            Organisation.name.label("organisation"),
            Person.active,
            User.role.label("account_role"),
            User.active.label("account_active"),
            led.label("actions_led"),
        )
        .join(Organisation, Organisation.id == Person.organisation_id)
        .outerjoin(User, User.person_id == Person.id)
        .order_by(Person.active.desc(), Person.name, Organisation.name, Person.id)
    )
    if filters.text:
        statement = statement.where(
            func.lower(Person.name).like(like_pattern(filters.text), escape=LIKE_ESCAPE)
        )
    return _page(statement, paging)

"""Load every readable plan's figures as at a date in one grouped query, or one overview page's."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import (
    SQLColumnExpression,
    and_,
    bindparam,
    case,
    func,
    literal_column,
    or_,
    select,
)
from sqlalchemy.sql import Select
from sqlalchemy.sql.elements import ColumnElement

from tracker.domain.as_at import Month
from tracker.domain.enums import Completion
from tracker.domain.portfolio import (
    Overview,
    OverviewPage,
    PlanFigures,
    PlanName,
    Portfolio,
    SortKey,
    matching,
    overview_page,
    previous_month_end,
    sorted_plans,
    trend_months,
    with_figures,
)
from tracker.domain.tallies import Tally
from tracker.extensions import db
from tracker.models import Action, Plan, StatusUpdate
from tracker.services.facts import LATEST_UPDATE_FIRST, counted_completion_sql


def _as_at(
    current: SQLColumnExpression[Any], recorded: SQLColumnExpression[Any], day: str
) -> ColumnElement:
    """Read an action's value as at :day: its current one unless a later update replaced it."""
    # Most actions' current state is their state as at the day; only those updated after it
    # look up their history, one index seek each.
    latest = (
        select(recorded)
        .where(StatusUpdate.action_id == Action.id, StatusUpdate.as_at <= bindparam(day))
        .order_by(*LATEST_UPDATE_FIRST)
        .limit(1)
        .correlate(Action)
        .scalar_subquery()
    )
    return case((Action.current_as_at <= bindparam(day), current), else_=latest)


_COMPLETED = Completion.COMPLETED.value
# Completed awaiting sign-off counts as partially completed.
_CURRENT_COUNTED = counted_completion_sql(Action.current_completion, Action.current_sign_off)
_UPDATE_COUNTED = counted_completion_sql(StatusUpdate.completion, StatusUpdate.sign_off)
_ACTION_STATES = select(
    Action.plan_id.label("plan_id"),
    Action.target_date.label("target_date"),
    _as_at(_CURRENT_COUNTED, _UPDATE_COUNTED, "as_at").label("completion"),
    _as_at(Action.current_status_exception, StatusUpdate.status_exception, "as_at").label(
        "exception"
    ),
    _as_at(Action.current_as_at, StatusUpdate.as_at, "as_at").label("updated_on"),
    _as_at(Action.current_completed_on, StatusUpdate.completed_on, "as_at").label("completed_on"),
    _as_at(_CURRENT_COUNTED, _UPDATE_COUNTED, "previous").label("previous_completion"),
).where(Action.archived_at.is_(None))


def _count_where(condition: ColumnElement) -> ColumnElement:
    return func.sum(case((condition, literal_column("1")), else_=literal_column("0")))


def _figures_statement(months: int, plan_filter: bool) -> Select:
    """Build the grouped query: per plan, every figure the page shows as at :as_at."""
    action_states = _ACTION_STATES
    if plan_filter:
        action_states = action_states.where(
            Action.plan_id.in_(bindparam("plan_ids", expanding=True))
        )
    # Worked out once per action, not again for every figure that reads it.
    states = action_states.cte("states").prefix_with("MATERIALIZED").c
    not_completed = or_(states.completion.is_(None), states.completion != _COMPLETED)
    by_month = [
        _count_where(
            and_(
                states.completion == _COMPLETED,
                states.completed_on >= bindparam(f"month_{index}_first"),
                states.completed_on <= bindparam(f"month_{index}_last"),
            )
        ).label(f"completed_{index}")
        for index in range(months)
    ]
    previous = [
        _count_where(states.previous_completion == completion.value).label(
            f"previous_{completion.value}"
        )
        for completion in Completion
    ]
    now = [
        _count_where(states.completion == completion.value).label(f"now_{completion.value}")
        for completion in Completion
    ]
    grouped = select(
        states.plan_id,
        *now,
        _count_where(and_(states.target_date < bindparam("as_at"), not_completed)).label("overdue"),
        _count_where(states.exception).label("exceptions"),
        func.max(states.updated_on).label("updated_on"),
        *previous,
        *by_month,
    ).group_by(states.plan_id)
    figures = grouped.subquery("figures")
    statement = (
        select(Plan.id, Plan.slug, Plan.title, Plan.owner, *figures.c[1:])
        .outerjoin(figures, figures.c.plan_id == Plan.id)
        .where(Plan.archived_at.is_(None))
        .order_by(Plan.id)
    )
    if plan_filter:
        statement = statement.where(Plan.id.in_(bindparam("plan_ids", expanding=True)))
    return statement


def portfolio_statement(as_at: date, plan_ids: set[int] | None = None) -> tuple[Select, dict]:
    """Return the grouped query of the plans' figures as at a date, and its parameters."""
    parameters: dict[str, object] = {"as_at": as_at, "previous": previous_month_end(as_at)}
    months = trend_months(as_at)
    for index, month in enumerate(months):
        parameters[f"month_{index}_first"] = month.first_day
        parameters[f"month_{index}_last"] = month.last_day
    if plan_ids is not None:
        parameters["plan_ids"] = sorted(plan_ids)
    return _figures_statement(len(months), plan_ids is not None), parameters


def load_portfolio(as_at: date, plan_ids: set[int] | None = None) -> Portfolio:
    """Return the figures of every live plan (only `plan_ids` when given) as at a date."""
    previous_as_at = previous_month_end(as_at)
    if plan_ids is not None and not plan_ids:
        return Portfolio.of(as_at, previous_as_at, ())
    statement, parameters = portfolio_statement(as_at, plan_ids)
    rows = db.session.execute(statement, parameters).all()
    return Portfolio.of(as_at, previous_as_at, _plans(rows, trend_months(as_at)))


def load_overview(
    as_at: date,
    plan_ids: set[int] | None,
    *,
    text: str,
    sort: SortKey,
    descending: bool,
    number: int,
) -> Overview:
    """Return page `number` of the readable plans matching the text, in order, with figures."""
    # Ordered by title, the page is known from the plans' names alone, so only its plans'
    # figures are worked out; any other order needs every plan's figures.
    if sort.needs_figures:
        plans = load_portfolio(as_at, plan_ids).plans
        page: OverviewPage[PlanFigures] = overview_page(
            sorted_plans(matching(plans, text), sort, descending=descending), number
        )
        any_plans = bool(plans)
    else:
        names = _plan_names(plan_ids)
        named = overview_page(
            sorted_plans(matching(names, text), sort, descending=descending), number
        )
        shown = load_portfolio(as_at, {plan.plan_id for plan in named.plans})
        page = with_figures(named, shown.plans)
        any_plans = bool(names)
    return Overview(as_at, previous_month_end(as_at), any_plans, page)


def _plan_names(plan_ids: set[int] | None) -> list[PlanName]:
    """Return the live plans' names (only `plan_ids` when given), in the order of their ids."""
    if plan_ids is not None and not plan_ids:
        return []
    statement = (
        select(Plan.id, Plan.slug, Plan.title, Plan.owner)
        .where(Plan.archived_at.is_(None))
        .order_by(Plan.id)
    )
    if plan_ids is not None:
        statement = statement.where(Plan.id.in_(sorted(plan_ids)))
    return [
        PlanName(plan_id=plan_id, slug=slug, title=title, owner=owner or "")
        for plan_id, slug, title, owner in db.session.execute(statement)
    ]


def _plans(rows, months: tuple[Month, ...]) -> tuple[PlanFigures, ...]:
    """Read each plan's row into its figures; a plan without live actions has no counts."""
    # A row reads: id, slug, title, owner, four counts now (in the order of Completion and
    # of Tally's fields), overdue, exceptions, last update, four counts at the end of last
    # month, then one count per trend month.
    plans = []
    for plan_id, slug, title, owner, *figures in rows:
        counts = [count or 0 for count in figures]
        now, (overdue, exceptions), previous, by_month = (
            counts[0:4],
            counts[4:6],
            counts[7:11],
            counts[11:],
        )
        plans.append(
            PlanFigures(
                plan_id=plan_id,
                slug=slug,
                title=title,
                owner=owner or "",
                tally=Tally(sum(now), *now),
                previous=Tally(sum(previous), *previous),
                overdue=overdue,
                exceptions=exceptions,
                last_update_on=figures[6],
                completed_by_month=tuple(zip(months, by_month, strict=True)),
            )
        )
    return tuple(plans)

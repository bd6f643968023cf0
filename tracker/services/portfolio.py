"""Load every readable plan's figures as at a date in one grouped query, and write them as CSV."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from datetime import date

from sqlalchemy import (
    Integer,
    and_,
    bindparam,
    case,
    cast,
    func,
    or_,
    select,
)
from sqlalchemy.sql.elements import ColumnElement

from tracker.domain.as_at import Month
from tracker.domain.enums import Completion
from tracker.domain.portfolio import (
    TABLE_HEADERS,
    PlanFigures,
    Portfolio,
    portfolio_rows,
    previous_month_end,
    trend_months,
)
from tracker.domain.tallies import Tally
from tracker.extensions import db
from tracker.models import Action, Plan, StatusUpdate
from tracker.services.facts import LATEST_UPDATE_FIRST
from tracker.services.tabular import neutralise

# The columns of the tallies table that hold text typed by people, not figures.
TEXT_COLUMNS = (0, 1, 2)


def _as_at(current: ColumnElement, recorded: ColumnElement, day: str) -> ColumnElement:
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
_STATES = (
    select(
        Action.plan_id.label("plan_id"),
        Action.target_date.label("target_date"),
        _as_at(Action.current_completion, StatusUpdate.completion, "as_at").label("completion"),
        _as_at(Action.current_status_exception, StatusUpdate.status_exception, "as_at").label(
            "exception"
        ),
        _as_at(Action.current_as_at, StatusUpdate.as_at, "as_at").label("updated_on"),
        _as_at(Action.current_completed_on, StatusUpdate.completed_on, "as_at").label(
            "completed_on"
        ),
        _as_at(Action.current_completion, StatusUpdate.completion, "previous").label(
            "previous_completion"
        ),
    )
    .where(Action.archived_at.is_(None))
    .subquery("states")
)


def _count_where(condition: ColumnElement) -> ColumnElement:
    return func.sum(case((condition, 1), else_=0))


def _figures_statement(months: int, plan_filter: bool):
    """Build the grouped query: per plan and status as at :as_at, every figure the page shows."""
    states = _STATES.c
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
    grouped = select(
        states.plan_id,
        states.completion,
        func.count().label("actions"),
        _count_where(and_(states.target_date < bindparam("as_at"), not_completed)).label("overdue"),
        func.sum(cast(func.coalesce(states.exception, False), Integer)).label("exceptions"),
        func.max(states.updated_on).label("updated_on"),
        *previous,
        *by_month,
    ).group_by(states.plan_id, states.completion)
    if plan_filter:
        grouped = grouped.where(states.plan_id.in_(bindparam("plan_ids", expanding=True)))
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


def load_portfolio(as_at: date, plan_ids: set[int] | None = None) -> Portfolio:
    """Return the figures of every live plan (only `plan_ids` when given) as at a date."""
    previous_as_at = previous_month_end(as_at)
    months = trend_months(as_at)
    parameters: dict[str, object] = {"as_at": as_at, "previous": previous_as_at}
    for index, month in enumerate(months):
        parameters[f"month_{index}_first"] = month.first_day
        parameters[f"month_{index}_last"] = month.last_day
    if plan_ids is not None:
        if not plan_ids:
            return Portfolio(as_at, previous_as_at, ())
        parameters["plan_ids"] = sorted(plan_ids)
    statement = _figures_statement(len(months), plan_ids is not None)
    rows = db.session.execute(statement, parameters).all()
    return Portfolio(as_at, previous_as_at, _plans(rows, months))


def _plans(rows, months: tuple[Month, ...]) -> tuple[PlanFigures, ...]:
    """Fold the rows of each plan (one per status as at the date) into its figures."""
    by_plan: dict[int, list] = defaultdict(list)
    for row in rows:
        by_plan[row.id].append(row)
    plans = []
    for plan_rows in by_plan.values():
        first = plan_rows[0]
        counts: dict[Completion, int] = {}
        previous: dict[Completion, int] = defaultdict(int)
        completed_by_month = [0] * len(months)
        overdue = exceptions = 0
        updated: list[date] = []
        for row in plan_rows:
            if row.actions is None:
                continue
            if row.completion is not None:
                counts[Completion(row.completion)] = row.actions
            overdue += row.overdue
            exceptions += row.exceptions
            if row.updated_on is not None:
                updated.append(row.updated_on)
            for completion in Completion:
                previous[completion] += getattr(row, f"previous_{completion.value}")
            for index in range(len(months)):
                completed_by_month[index] += getattr(row, f"completed_{index}")
        plans.append(
            PlanFigures(
                plan_id=first.id,
                slug=first.slug,
                title=first.title,
                owner=first.owner or "",
                tally=Tally.from_counts(counts),
                previous=Tally.from_counts(previous),
                overdue=overdue,
                exceptions=exceptions,
                last_update_on=max(updated, default=None),
                completed_by_month=tuple(zip(months, completed_by_month, strict=True)),
            )
        )
    return tuple(plans)


def portfolio_csv(portfolio: Portfolio) -> str:
    """Write the tallies table as CSV, typed text kept from running as a formula."""
    stream = io.StringIO()
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow(TABLE_HEADERS)
    for row in portfolio_rows(portfolio):
        writer.writerow(
            neutralise(cell) if column in TEXT_COLUMNS else cell for column, cell in enumerate(row)
        )
    return stream.getvalue()

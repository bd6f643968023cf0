"""Load the figures behind tallies and reports in a fixed number of queries, then build them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import (
    Integer,
    Row,
    Select,
    SQLColumnExpression,
    String,
    bindparam,
    case,
    cast,
    extract,
    func,
    literal_column,
    null,
    select,
    type_coerce,
    union_all,
)
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.selectable import CompoundSelect, Subquery

from tracker.domain.as_at import Month, month_first_showing, report_dates
from tracker.domain.bands import band_label
from tracker.domain.date_revisions import baseline_date
from tracker.domain.enums import Completion
from tracker.domain.facts import UpdateFacts
from tracker.domain.highlight import (
    AchievementFacts,
    HighlightReport,
    RiskFacts,
    TrendPoint,
    build_highlight_report,
)
from tracker.domain.plan_report import MeasureFacts, PlanReport, build_plan_report
from tracker.domain.tallies import Tallies, tally_counts
from tracker.domain.trend import StateSpan, trend_from_spans
from tracker.domain.working_days import WorkingCalendar
from tracker.extensions import db
from tracker.models import (
    Achievement,
    Action,
    Objective,
    Plan,
    PriorityBand,
    Risk,
    StatusUpdate,
    Theme,
)
from tracker.services.facts import (
    LATEST_UPDATE_FIRST,
    UPDATE_FACT_COLUMNS,
    counted_completion_sql,
    load_action_facts,
    load_revision_facts,
    load_update_facts,
)
from tracker.services.indicator_state import latest_for_actions
from tracker.services.recommendations import report_recommendations

Numbered = tuple[tuple[int, str], ...]


@dataclass(frozen=True)
class PlanOutline:
    """Name a plan's priority bands and live themes, in number order."""

    bands: Numbered
    themes: Numbered


@dataclass(frozen=True)
class Dashboard:
    """Hold what the panel dashboard shows: tallies now, the trend and the reporting months."""

    tallies: Tallies
    trend: tuple[TrendPoint, ...]
    months: tuple[Month, ...]


def _tally_statement(counts: Select) -> CompoundSelect:
    """Add the plan's bands and themes to counts grouped by ids, so one round trip brings all."""
    # Every row reads (kind, id, text, number, completion, actions, flag): counts carry the
    # theme and band ids and, as the flag, how many actions have a current state dated after
    # :today; bands and themes carry their id, wording and number, and a theme's flag says
    # whether it is archived.
    bands: Select[*tuple[Any, ...]] = select(
        literal_column("'band'"),
        PriorityBand.id,
        PriorityBand.label,
        PriorityBand.number,
        null(),
        null(),
        null(),
    ).where(PriorityBand.plan_id == bindparam("plan_id"))
    themes = select(
        literal_column("'theme'"),
        Theme.id,
        Theme.title,
        Theme.number,
        null(),
        null(),
        case((Theme.archived_at.is_(None), 0), else_=1),
    ).where(Theme.plan_id == bindparam("plan_id"))
    return union_all(counts, bands, themes)


def _counts(
    theme_id: SQLColumnExpression[Any],
    band_id: SQLColumnExpression[Any],
    completion: SQLColumnExpression[Any],
    future,
):
    # The status comes back as its stored text; _read_tally_rows maps it to a Completion.
    return select(
        literal_column("'count'"),
        theme_id,
        null(),
        band_id,
        type_coerce(completion, String),
        func.count(),
        future,
    ).group_by(theme_id, band_id, completion)


_CURRENT_TALLIES = _tally_statement(
    _counts(
        Objective.theme_id,
        Action.band_id,
        counted_completion_sql(Action.current_completion, Action.current_sign_off),
        func.sum(case((Action.current_as_at > bindparam("today"), 1), else_=0)),
    )
    .select_from(Action)
    .join(Objective, Objective.id == Action.objective_id)
    .where(
        Action.plan_id == bindparam("plan_id"),
        Action.archived_at.is_(None),
        Action.current_as_at.is_not(None),
    )
)


def _ranked_updates(*columns: SQLColumnExpression[Any]) -> Subquery:
    """Number each live action's updates on or before :as_at, its latest first."""
    return (
        select(
            *columns,
            func.row_number()
            .over(partition_by=StatusUpdate.action_id, order_by=LATEST_UPDATE_FIRST)
            .label("rank"),
        )
        .join(Action, Action.id == StatusUpdate.action_id)
        .where(
            Action.plan_id == bindparam("plan_id"),
            Action.archived_at.is_(None),
            StatusUpdate.as_at <= bindparam("as_at"),
        )
        .subquery()
    )


_LATEST_COMPLETION = _ranked_updates(
    counted_completion_sql(StatusUpdate.completion, StatusUpdate.sign_off).label("completion"),
    Action.objective_id,
    Action.band_id,
)
_TALLIES_AS_AT = _tally_statement(
    _counts(
        Objective.theme_id,
        _LATEST_COMPLETION.c.band_id,
        _LATEST_COMPLETION.c.completion,
        literal_column("0"),
    )
    .select_from(_LATEST_COMPLETION)
    .join(Objective, Objective.id == _LATEST_COMPLETION.c.objective_id)
    .where(_LATEST_COMPLETION.c.rank == 1)
)


def current_tallies(plan_id: int, today: date) -> Tallies:
    """Tally the plan as at today from each action's current state, kept with its latest update."""
    counts, outline, future = _read_tally_rows(
        _execute(_CURRENT_TALLIES, plan_id=plan_id, today=today)
    )
    if future:
        # An update dated after today is already the current state of its action, so today's
        # figures need each action's latest update on or before today instead.
        return tallies_as_at(plan_id, today)
    return tally_counts(counts, today, bands=outline.bands, themes=outline.themes)


def tallies_as_at(plan_id: int, as_at: date) -> Tallies:
    """Tally the plan from each action's latest update on or before a date."""
    counts, outline, _ = _read_tally_rows(_execute(_TALLIES_AS_AT, plan_id=plan_id, as_at=as_at))
    return tally_counts(counts, as_at, bands=outline.bands, themes=outline.themes)


def load_trend(plan_id: int, last: Month, up_to: date | None = None) -> tuple[TrendPoint, ...]:
    """Return the percentage completed at each month end up to `last`, counted in the database."""
    counted = [Action.plan_id == plan_id, Action.archived_at.is_(None)]
    if up_to is not None:
        # A report as at up_to does not know the updates dated after it.
        counted.append(StatusUpdate.as_at <= up_to)
    ordered = (
        select(
            StatusUpdate.as_at.label("as_at"),
            counted_completion_sql(StatusUpdate.completion, StatusUpdate.sign_off).label(
                "completion"
            ),
            func.lead(StatusUpdate.as_at)
            .over(
                partition_by=StatusUpdate.action_id,
                order_by=(StatusUpdate.as_at, StatusUpdate.recorded_at, StatusUpdate.id),
            )
            .label("next_as_at"),
        )
        .join(Action, Action.id == StatusUpdate.action_id)
        .where(*counted)
        .subquery()
    )
    first = _month_index(ordered.c.as_at)
    until = _month_index(ordered.c.next_as_at)
    rows = db.session.execute(
        select(first, until, ordered.c.completion, func.count()).group_by(
            first, until, ordered.c.completion
        )
    )
    spans = [
        StateSpan(
            _month(first_index),
            None if until_index is None else _month(until_index),
            completion,
            count,
        )
        for first_index, until_index, completion, count in rows
    ]
    return trend_from_spans(spans, last)


def report_months(plan_id: int, cut_off_working_days: int = 0) -> tuple[Month, ...]:
    """Return the months whose reports show the plan's first update to its latest, newest first."""
    first, last = db.session.execute(
        select(func.min(StatusUpdate.as_at), func.max(StatusUpdate.as_at))
        .join(Action, Action.id == StatusUpdate.action_id)
        .where(Action.plan_id == plan_id, Action.archived_at.is_(None))
    ).one()
    if first is None:
        return ()
    working = WorkingCalendar()
    first_month, last_month = (
        month_first_showing(day, cut_off_working_days, working) for day in (first, last)
    )
    return tuple(reversed(first_month.through(last_month)))


def load_dashboard(plan_id: int, today: date, cut_off_working_days: int = 0) -> Dashboard:
    """Return today's tallies, the trend to the latest month with updates, and the months."""
    months = report_months(plan_id, cut_off_working_days)
    last = months[0] if months else Month.of(today)
    return Dashboard(current_tallies(plan_id, today), load_trend(plan_id, last), months)


def load_highlight_report(
    plan: Plan, month: Month, *, today: date, cut_off: date | None = None
) -> HighlightReport:
    """Build the highlight report for a month as at its cut-off (else the plan's default one)."""
    working = WorkingCalendar()
    working_days = plan.report_cut_off_working_days
    dates = report_dates(
        month, today=today, working_days=working_days, working=working, cut_off=cut_off
    )
    previous = report_dates(
        month.previous(), today=today, working_days=working_days, working=working
    )
    actions = load_action_facts([plan.id])
    updates = load_update_facts(plan.id, dates.as_at)
    risks = [
        RiskFacts(**row._mapping)
        for row in db.session.execute(
            select(
                Risk.description,
                Risk.likelihood,
                Risk.consequences,
                Risk.mitigation,
                Risk.owner,
                Risk.status,
                Risk.raised_on,
                Risk.closed_on,
            ).where(Risk.plan_id == plan.id)
        )
    ]
    achievements = [
        AchievementFacts(**row._mapping)
        for row in db.session.execute(
            select(Achievement.text, Achievement.achieved_on).where(
                Achievement.plan_id == plan.id, Achievement.archived_at.is_(None)
            )
        )
    ]
    report = build_highlight_report(
        plan_slug=plan.slug,
        plan_title=plan.title,
        month=month,
        actions=actions,
        updates=updates,
        tallies=tallies_as_at(plan.id, dates.as_at),
        previous_tallies=tallies_as_at(plan.id, previous.as_at),
        trend=load_trend(plan.id, month, up_to=dates.as_at),
        risks=risks,
        achievements=achievements,
        dates=dates,
        linked_indicators=latest_for_actions([action.action_id for action in actions], dates.as_at),
    )
    return replace(report, recommendations=report_recommendations(plan.id, updates, dates.as_at))


def load_plan_report(plan: Plan, as_at: date, *, red_only: bool = False) -> PlanReport:
    """Lay out the plan as at a date (only its red-rated actions when asked)."""
    revisions = load_revision_facts([Action.plan_id == plan.id])
    measures = [
        MeasureFacts(
            **row._mapping,
            baseline_target_date=baseline_date(row.target_date, revisions.get(row.action_id, ())),
            revisions=tuple(revisions.get(row.action_id, ())),
        )
        for row in db.session.execute(
            select(
                Action.id.label("action_id"),
                Action.ref,
                Theme.number.label("theme_number"),
                Theme.title.label("theme_title"),
                Objective.id.label("objective_id"),
                Objective.position.label("objective_position"),
                Objective.text.label("objective"),
                Action.position,
                Action.text,
                Action.baseline,
                Action.targets,
                Action.target_date_text,
                Action.target_date,
                Action.lead_text,
                Action.workstreams,
                PriorityBand.number.label("band_number"),
            )
            .join(Objective, Objective.id == Action.objective_id)
            .join(Theme, Theme.id == Objective.theme_id)
            .outerjoin(PriorityBand, PriorityBand.id == Action.band_id)
            .where(Action.plan_id == plan.id, Action.archived_at.is_(None))
        )
    ]
    return build_plan_report(
        plan_slug=plan.slug,
        plan_title=plan.title,
        as_at=as_at,
        measures=measures,
        updates=load_latest_updates(plan.id, as_at),
        red_only=red_only,
    )


def load_latest_updates(plan_id: int, as_at: date) -> list[UpdateFacts]:
    """Return each live action's latest update on or before a date, and no other update."""
    ranked = _ranked_updates(*UPDATE_FACT_COLUMNS)
    columns = [column for column in ranked.c if column.key != "rank"]
    rows = db.session.execute(
        select(*columns).where(ranked.c.rank == 1), {"plan_id": plan_id, "as_at": as_at}
    )
    # By position: the columns are in UpdateFacts' order, and a mapping per row costs more.
    return [UpdateFacts(*row) for row in rows]


def _execute(statement: CompoundSelect, **parameters: object) -> list[Row]:
    """Run a prebuilt Core statement on the session's connection, past the ORM layer."""
    return list(db.session.connection().execute(statement, parameters).all())


def _read_tally_rows(
    rows: Iterable[Row],
) -> tuple[dict[tuple[int, int | None, Completion], int], PlanOutline, int]:
    """Read a _tally_statement's rows: counts by theme, band and status, the outline, futures."""
    bands: dict[int, tuple[int, str]] = {}
    themes: dict[int, tuple[int, str, bool]] = {}
    counted: list[tuple[int, int | None, str, int]] = []
    future = 0
    for kind, row_id, text, number, completion, actions, flag in rows:
        if kind == "count":
            counted.append((row_id, number, completion, actions))
            future += flag
        elif kind == "band":
            bands[row_id] = (number, band_label(number, text))
        else:
            themes[row_id] = (number, text, bool(flag))
    counts: dict[tuple[int, int | None, Completion], int] = {}
    for theme_id, band_id, completion, actions in counted:
        band = None if band_id is None else bands[band_id][0]
        counts[(themes[theme_id][0], band, _COMPLETIONS[completion])] = actions
    # An archived theme still shows while it holds live actions.
    shown = {theme_id for theme_id, *_ in counted}
    outline = PlanOutline(
        tuple(sorted(bands.values())),
        tuple(
            sorted(
                (number, title)
                for theme_id, (number, title, archived) in themes.items()
                if not archived or theme_id in shown
            )
        ),
    )
    return counts, outline, future


_COMPLETIONS = {completion.value: completion for completion in Completion}


def _month_index(day: ColumnElement) -> ColumnElement:
    return cast(extract("year", day), Integer) * 12 + cast(extract("month", day), Integer) - 1


def _month(index: int) -> Month:
    year, zero_based_month = divmod(int(index), 12)
    return Month(year, zero_based_month + 1)

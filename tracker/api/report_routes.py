"""Answer a plan's tallies, highlight report and scorecard, and the cross-plan tallies."""

from __future__ import annotations

from datetime import date

from flask import request
from flask_login import current_user

from tracker import clock
from tracker.api.permissions import readable_plan, require_role
from tracker.api.problems import Problem, invalid
from tracker.api.report_schemas import (
    AsAtQuery,
    HighlightOut,
    HighlightQuery,
    PlanTalliesOut,
    PortfolioOut,
    ScorecardOut,
    ScorecardQuery,
)
from tracker.api.spec import operation
from tracker.auth.permissions import readable_plan_ids
from tracker.domain.as_at import Month, ReportDateError, default_report_month
from tracker.domain.date_params import BadReportParameter, parse_day, parse_month
from tracker.domain.enums import Role
from tracker.domain.indicator_values import month_period
from tracker.domain.scorecard import scorecard_json
from tracker.reports.report_json import highlight_json, plan_tallies_json, portfolio_json
from tracker.services import reports, scorecard
from tracker.services.portfolio import load_portfolio

# The words the web pages name the as_at parameter with, so that the messages are theirs.
_AS_AT_WORDS = "as-at date"


def _day_arg(name: str = "as_at") -> date | None:
    """Return the date a parameter gives, None when left out; raise the 422 naming it."""
    text = request.args.get(name, "")
    if not text:
        return None
    try:
        return parse_day(text, _AS_AT_WORDS)
    except BadReportParameter as error:
        raise invalid({name: str(error)}) from None


def _month_arg(name: str) -> Month | None:
    """Return the month a parameter gives, None when left out; raise the 422 naming it."""
    text = request.args.get(name, "")
    if not text:
        return None
    try:
        return parse_month(text, name)
    except BadReportParameter as error:
        raise invalid({name: str(error)}) from None


@operation(
    "/plans/<slug>/tallies",
    summary="Count a plan's actions by completion status as at a date",
    tag="Reports",
    response=PlanTalliesOut,
    query=AsAtQuery,
    errors=(403, 404, 422),
)
def plan_tallies(slug: str):
    """Return the plan's tallies overall, per priority band and per theme, as the dashboard."""
    plan = readable_plan(slug)
    as_at = _day_arg()
    if as_at is None:
        tallies = reports.current_tallies(plan.id, clock.today())
    else:
        tallies = reports.tallies_as_at(plan.id, as_at)
    return plan_tallies_json(plan.slug, plan.title, tallies)


@operation(
    "/plans/<slug>/highlight",
    summary="Read a plan's highlight report for a month and cut-off",
    tag="Reports",
    response=HighlightOut,
    query=HighlightQuery,
    errors=(403, 404, 422),
)
def plan_highlight(slug: str):
    """Return the highlight report as the page, PDF and /reports/<slug>/highlight.json give it."""
    plan = readable_plan(slug)
    today = clock.today()
    month = _month_arg("month")
    cut_off = _day_arg()
    if month is None:
        months = reports.report_months(plan.id, plan.report_cut_off_working_days)
        month = default_report_month(months, today)
    try:
        report = reports.load_highlight_report(plan, month, today=today, cut_off=cut_off)
    except ReportDateError as error:
        # A month not yet begun is the month's fault; any other refusal is the cut-off's.
        raise invalid({"month" if month > Month.of(today) else "as_at": str(error)}) from None
    return highlight_json(report)


@operation(
    "/portfolio",
    summary="Count every plan's actions by completion status as at a date (panel, administrators)",
    tag="Reports",
    response=PortfolioOut,
    query=AsAtQuery,
    errors=(403, 422),
)
def portfolio():
    """Return the cross-plan tallies, with each plan's change since the end of last month."""
    require_role(
        Role.ADMIN,
        Role.PANEL,
        detail="Only a panel member's or an administrator's token reads the cross-plan tallies.",
    )
    as_at = _day_arg() or clock.today()
    return portfolio_json(load_portfolio(as_at, readable_plan_ids(current_user)))


@operation(
    "/plans/<slug>/scorecard",
    summary="Read a plan's performance scorecard for a month",
    tag="Reports",
    response=ScorecardOut,
    query=ScorecardQuery,
    errors=(403, 404, 422),
)
def plan_scorecard(slug: str):
    """Return the scorecard as /reports/<slug>/scorecard.json gives it; 404 without indicators."""
    plan = readable_plan(slug)
    today = clock.today()
    month = _month_arg("period") or Month.of(today).shifted(-1)
    if not scorecard.has_indicators(plan.id):
        raise Problem(
            404,
            "The plan has no scorecard",
            f"The plan '{plan.slug}' has no live indicators, so it has no scorecard.",
            kind="no-indicators",
        )
    built = scorecard.build_scorecard(plan.slug, month_period(month.year, month.month), today=today)
    return scorecard_json(built)

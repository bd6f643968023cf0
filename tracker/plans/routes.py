"""Show the plans overview, cross-plan tallies and one plan, and export it, to its readers."""

import json
from datetime import date
from typing import Any

from flask import Response, abort, render_template, request, stream_with_context, url_for
from flask_login import current_user

from tracker import clock
from tracker.auth.permissions import (
    readable_plan_ids,
    reader_required,
    require_plan_reader,
    roles_required,
)
from tracker.domain.action_filters import (
    MOST_WORKING_DAYS,
    NO_STATUS,
    ActionFilters,
    FilterProblems,
    ListSort,
    parse_action_filters,
    target_window,
)
from tracker.domain.date_params import BadReportParameter, parse_day
from tracker.domain.enums import Completion, Role
from tracker.domain.portfolio import Portfolio, SortKey
from tracker.domain.working_days import WorkingCalendar
from tracker.models import Plan
from tracker.pagination import pagination
from tracker.plans import bp
from tracker.prepared.delivery import deliver, deliver_document
from tracker.prepared.kinds import EXPORT_TYPES
from tracker.reports.portfolio_table import portfolio_csv, portfolio_rows
from tracker.reports.report_json import portfolio_json
from tracker.reports.report_json import recommendations_json as recommendations_json_data
from tracker.reports.wording import PORTFOLIO_HEADER
from tracker.services import action_list, overdue, plan_reads
from tracker.services import recommendations as recommendation_service
from tracker.services.plan_export import ExportLayout, ExportRefused, default_layout
from tracker.services.portfolio import load_overview, load_portfolio


def _readable_plan(slug: str) -> Plan:
    plan = plan_reads.get_plan(slug) or abort(404)
    require_plan_reader(plan.id)
    return plan


panel_required = roles_required(Role.ADMIN, Role.PANEL)


def _as_at() -> date:
    """Read the date the figures are as at: ?as_at= or today."""
    text = request.args.get("as_at", "")
    try:
        return parse_day(text, "as-at date") if text else clock.today()
    except BadReportParameter as error:
        abort(400, description=str(error))


def _portfolio() -> Portfolio:
    """Load the figures of the plans the account may read, as at ?as_at= or today."""
    return load_portfolio(_as_at(), readable_plan_ids(current_user))


def _choice(name: str, choices: tuple[str, ...], default: str) -> str:
    value = request.args.get(name, default)
    if value not in choices:
        abort(400, description=f"The {name} '{value}' is not one of {', '.join(choices)}.")
    return value


@bp.get("/")
@reader_required
def index():
    """List the plans the account may read with their figures, filtered, sorted and paged."""
    sort = SortKey(_choice("sort", tuple(SortKey), SortKey.TITLE))
    order = _choice("order", ("asc", "desc"), "asc")
    page_text = request.args.get("page", "1")
    if not page_text.isdigit() or int(page_text) < 1:
        abort(400, description=f"The page '{page_text}' is not a page number such as 2.")
    query = request.args.get("q", "")
    overview = load_overview(
        _as_at(),
        readable_plan_ids(current_user),
        text=query,
        sort=sort,
        descending=order == "desc",
        number=int(page_text),
    )
    page = overview.page

    def href(number: int) -> str:
        return url_for("plans.index", q=query or None, sort=sort.value, order=order, page=number)

    return render_template(
        "plans/index.html",
        overview=overview,
        page=page,
        pagination=pagination(page.number, page.pages, href),
        query=query,
        sort=sort,
        order=order,
        sort_keys=SortKey,
        can_see_tallies=current_user.role in (Role.ADMIN, Role.PANEL),
    )


@bp.get("/tallies")
@panel_required
def tallies():
    """Show the cross-plan tallies: all readable plans together, then plan by plan."""
    portfolio = _portfolio()
    return render_template(
        "plans/tallies.html",
        portfolio=portfolio,
        headers=PORTFOLIO_HEADER,
        rows=portfolio_rows(portfolio),
    )


@bp.get("/tallies.csv")
@panel_required
def tallies_csv():
    """Return the cross-plan tallies as CSV, one row per plan and one for all plans."""
    portfolio = _portfolio()
    response = Response(portfolio_csv(portfolio), mimetype="text/csv")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="plans-tallies-{portfolio.as_at.isoformat()}.csv"'
    )
    return response


@bp.get("/tallies.json")
@panel_required
def tallies_json():
    """Return the cross-plan tallies as JSON."""
    return Response(
        json.dumps(portfolio_json(_portfolio()), ensure_ascii=False),
        mimetype="application/json",
    )


@bp.get("/<slug>")
@reader_required
def show(slug: str):
    """Show one plan: themes, objectives and actions with their current status."""
    plan = _readable_plan(slug)
    return render_template(
        "plans/show.html",
        view=plan_reads.load_plan_view(plan),
        export_layout=default_layout(plan),
    )


@bp.get("/<slug>/recommendations")
@reader_required
def recommendations(slug: str):
    """Show the plan's recommendations, which actions answer each and which were met on a day."""
    plan = _readable_plan(slug)
    day = _as_at()
    return render_template(
        "plans/recommendations.html",
        plan=plan,
        day=day,
        today=clock.today(),
        page=recommendation_service.recommendations_page(plan.id, day),
    )


@bp.get("/<slug>/recommendations.json")
@reader_required
def recommendations_json(slug: str):
    """Return the plan's recommendations and which were met on a day (?as_at=) as JSON."""
    plan = _readable_plan(slug)
    summary = recommendation_service.recommendations_as_at(plan.id, _as_at())
    data = {
        "plan": {"slug": plan.slug, "title": plan.title},
        **(recommendations_json_data(summary) or {}),
    }
    return Response(json.dumps(data, ensure_ascii=False), mimetype="application/json")


@bp.get("/<slug>/export")
@reader_required
def export(slug: str):
    """Download the plan as at today as .xlsx or .csv, in the council's layout or the standard."""
    plan = _readable_plan(slug)
    file_type, layout = _export_choice(plan, "export")
    today = clock.today()
    name = f"{plan.slug}-{today.isoformat()}.{file_type}"
    options = {"as_at": today.isoformat(), "layout": layout.value}
    return deliver(f"plan_export_{file_type}", plan, options, name)


def _export_choice(plan: Plan, verb: str) -> tuple[str, ExportLayout]:
    """Return the file type and layout asked for, or abort with 400 saying what to choose."""
    file_type = request.args.get("format", "xlsx")
    if file_type not in EXPORT_TYPES:
        abort(400, description=f"Choose the file type to {verb}: .xlsx or .csv.")
    layout_text = request.args.get("layout") or default_layout(plan).value
    if layout_text not in {layout.value for layout in ExportLayout}:
        abort(400, description=f"Choose the layout to {verb} in: the council's own or standard.")
    return file_type, ExportLayout(layout_text)


@bp.get("/<slug>/actions")
@reader_required
def actions(slug: str):
    """List the plan's live actions, filtered, sorted and paged as the address asks."""
    plan = _readable_plan(slug)
    options = action_list.list_options(plan)
    today = clock.today()
    try:
        filters = parse_action_filters(request.args, options.choices)
    except FilterProblems as error:
        return _actions_page(plan, options, ActionFilters(), None, today, error.problems), 400
    window = target_window(filters, today=today, calendar=WorkingCalendar())
    page = action_list.list_page(plan, filters, window, today=today)
    return _actions_page(plan, options, filters, page, today, {})


def _actions_page(
    plan: Plan,
    options: action_list.ListOptions,
    filters: ActionFilters,
    page: action_list.ListPage | None,
    today: date,
    problems: dict[str, str],
) -> str:
    """Render the list, or with problems its filter form and error summary and no rows."""

    def href(number: int) -> str:
        args: dict[str, Any] = filters.address_args(page=number)
        return url_for("plans.actions", slug=plan.slug, **args)

    return render_template(
        "plans/actions.html",
        plan=plan,
        options=options,
        filters=filters,
        page=page,
        today=today,
        problems=problems,
        args=request.args,
        error_list=[
            {"text": message, "href": f"#filter-{name}"} for name, message in problems.items()
        ],
        status_items=[
            (NO_STATUS, "No status yet"),
            *((label, label) for label in options.statuses),
        ],
        completion_items=[(completion.value, completion.label) for completion in Completion],
        pagination=pagination(page.number, page.pages, href) if page else None,
        sorts=ListSort,
        most_working_days=MOST_WORKING_DAYS,
        export_layout=default_layout(plan),
    )


@bp.get("/<slug>/actions/download")
@reader_required
def download_actions(slug: str):
    """Download every action the list's filters match as .xlsx or .csv, like the plan export."""
    plan = _readable_plan(slug)
    file_type, layout = _export_choice(plan, "download")
    try:
        filters = parse_action_filters(request.args, action_list.list_options(plan).choices)
    except FilterProblems as error:
        abort(400, description=f"The filters cannot be used: {error}")
    today = clock.today()
    window = target_window(filters, today=today, calendar=WorkingCalendar())
    name = f"{plan.slug}-actions-{today.isoformat()}.{file_type}"
    try:
        exported = action_list.download(
            plan, filters, window, today=today, name=name, layout=layout
        )
    except ExportRefused as error:
        abort(400, description=f"The actions cannot be downloaded like that: {error}.")
    response = Response(exported.content, mimetype=EXPORT_TYPES[file_type])
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _page_number() -> int:
    """Return the ?page= asked for, or abort with 400 saying what a page number looks like."""
    text = request.args.get("page", "1")
    if not text.isdigit() or int(text) < 1:
        abort(400, description=f"The page '{text}' is not a page number such as 2.")
    return int(text)


@bp.get("/overdue")
@reader_required
def overdue_list():
    """List the overdue actions of every plan the account may read, most overdue first."""
    today = clock.today()
    page = overdue.overdue_page(readable_plan_ids(current_user), today, _page_number())

    def href(number: int) -> str:
        return url_for("plans.overdue_list", page=number)

    return render_template(
        "plans/overdue.html",
        page=page,
        today=today,
        pagination=pagination(page.number, page.pages, href),
    )


@bp.get("/overdue.csv")
@reader_required
def overdue_csv():
    """Stream the overdue actions of every plan the account may read as CSV."""
    today = clock.today()
    lines = overdue.overdue_csv(readable_plan_ids(current_user), today)
    response = Response(stream_with_context(lines), mimetype="text/csv")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="overdue-actions-{today.isoformat()}.csv"'
    )
    return response


@bp.get("/overdue.pdf")
@reader_required
def overdue_pdf():
    """Return the overdue actions of every plan the account may read as a PDF, or prepare it."""
    today = clock.today()
    plan_ids = readable_plan_ids(current_user)
    return deliver_document(
        "overdue_pdf",
        None,
        {"as_at": today.isoformat()},
        f"overdue-actions-{today.isoformat()}.pdf",
        overdue.measure_overdue(plan_ids, today),
    )

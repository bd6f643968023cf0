"""Route the front door and build the site-wide navigation."""

from flask import abort, current_app, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from pydantic import BaseModel

from tracker import clock
from tracker.api.spec import OPERATIONS, ListQuery
from tracker.auth.permissions import leads_any_action, readable_plan_ids
from tracker.config import reminder_send_time
from tracker.domain.as_at import Month, default_cut_off
from tracker.domain.due import CADENCE_MONTHS
from tracker.domain.enums import Completion, Role
from tracker.domain.paging import LARGEST_PAGE, PER_PAGE
from tracker.domain.working_days import WorkingCalendar
from tracker.form_fields import error_summary_items
from tracker.main import bp
from tracker.services.plan_help import plan_choices, plan_help


def _navigation() -> list[tuple[str, str, str]]:
    """Return the sections the signed-in account may use, as text, address and path prefix."""
    if not current_user.is_authenticated:
        return []
    items = [("Plans", url_for("plans.index"), "/plans")]
    if current_user.role is Role.LEAD or (
        current_user.is_admin and leads_any_action(current_user.person_id)
    ):
        items.append(("My actions", url_for("actions.mine"), "/actions/mine"))
    if current_user.is_admin and "admin.index" in current_app.view_functions:
        items.append(("Admin", url_for("admin.index"), "/admin"))
    if current_user.is_admin and "reminders.index" in current_app.view_functions:
        items.append(("Reminders", url_for("reminders.index"), "/reminders"))
    return items


@bp.app_context_processor
def inject_navigation() -> dict:
    """Give every page the service navigation, marking the current section."""
    return {
        "navigation_items": [
            {"text": text, "href": href, "active": request.path.startswith(prefix)}
            for text, href, prefix in _navigation()
        ]
    }


@bp.app_template_global()
def form_error_summary(form) -> list[dict[str, str]]:
    """Return a form's error summary entries for govukErrorSummary."""
    return error_summary_items(form)


@bp.get("/")
@login_required
def index():
    """Send leads to their actions and everyone else to the list of plans."""
    if current_user.role is Role.LEAD:
        return redirect(url_for("actions.mine"))
    return redirect(url_for("plans.index"))


@bp.get("/help", endpoint="help")
@login_required
def help_page():
    """Explain statuses, bands, "as at", the report's cut-off, reminders and whom to ask."""
    readable = readable_plan_ids(current_user)
    choices = plan_choices(readable)
    slug = request.args.get("plan") or (choices[0].slug if len(choices) == 1 else None)
    plan = plan_help(slug) if slug else None
    if slug and plan is None:
        abort(404)
    if plan is not None and readable is not None and plan.id not in readable:
        abort(403)
    example = None
    if plan is not None:
        month = Month.of(clock.today()).previous()
        example = (
            month,
            default_cut_off(month, plan.report_cut_off_working_days, WorkingCalendar()),
        )
    return render_template(
        "main/help.html",
        plan=plan,
        choices=choices,
        example=example,
        completions=list(Completion),
        cadences=CADENCE_MONTHS,
        send_time=reminder_send_time(current_app.config["TRACKER_REMINDER_SEND_TIME"]),
    )


@bp.get("/help/api", endpoint="api_help")
@login_required
def api_help():
    """Explain to an integration officer how to read plans and record updates through the API."""
    operations = sorted(OPERATIONS, key=lambda found: (found.path, found.method != "GET"))
    return render_template(
        "main/api_help.html",
        operations=operations,
        filters=[
            (found, filters)
            for found in operations
            if found.query is not None and (filters := _filters_of(found.query))
        ],
        rate_limit=current_app.config["TRACKER_API_RATE_LIMIT"],
        per_page=PER_PAGE,
        largest_page=LARGEST_PAGE,
    )


def _filters_of(query: type[BaseModel]) -> list[tuple[str, str]]:
    """Return the filters a list takes besides its page and format, each with what it does."""
    return [
        (name, field.description or "")
        for name, field in query.model_fields.items()
        if name not in ListQuery.model_fields
    ]

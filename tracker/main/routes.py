"""Route the front door and build the site-wide navigation."""

from flask import current_app, redirect, request, url_for
from flask_login import current_user, login_required

from tracker.auth.permissions import leads_any_action
from tracker.domain.enums import Role
from tracker.form_fields import error_summary_items
from tracker.main import bp


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

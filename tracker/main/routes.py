"""Route the front door to the list of plans."""

from flask import redirect, request, url_for

from tracker.main import bp


@bp.app_context_processor
def inject_navigation() -> dict:
    """Give every page the service navigation, marking the current section."""
    items = [("Plans", url_for("plans.index"), "/plans")]
    return {
        "navigation_items": [
            {"text": text, "href": href, "active": request.path.startswith(prefix)}
            for text, href, prefix in items
        ]
    }


@bp.get("/")
def index():
    """Send visitors to the list of plans."""
    return redirect(url_for("plans.index"))

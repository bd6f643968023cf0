"""Show one action with its whole history."""

from flask import abort, render_template

from tracker.actions import bp
from tracker.services import plan_reads


@bp.get("/<int:action_id>")
def show(action_id: int):
    """Show an action, its leads and dates, and every status update, newest first."""
    view = plan_reads.load_action_view(action_id) or abort(404)
    return render_template("actions/show.html", view=view)

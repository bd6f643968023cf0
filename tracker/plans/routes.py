"""Show the list of plans and one plan theme by theme."""

from flask import abort, render_template

from tracker.plans import bp
from tracker.services import plan_reads


@bp.get("/")
def index():
    """List the plans with how far each has got."""
    return render_template("plans/index.html", summaries=plan_reads.list_plans())


@bp.get("/<slug>")
def show(slug: str):
    """Show one plan: themes, objectives and actions with their current status."""
    plan = plan_reads.get_plan(slug) or abort(404)
    return render_template("plans/show.html", view=plan_reads.load_plan_view(plan))

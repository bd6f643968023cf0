"""Show the list of plans and one plan theme by theme, to those who may read them."""

from flask import abort, render_template
from flask_login import current_user

from tracker.auth.permissions import readable_plan_ids, reader_required, require_plan_reader
from tracker.plans import bp
from tracker.services import plan_reads


@bp.get("/")
@reader_required
def index():
    """List the plans the account may read, with how far each has got."""
    summaries = plan_reads.list_plans()
    readable = readable_plan_ids(current_user)
    if readable is not None:
        summaries = [summary for summary in summaries if summary.plan.id in readable]
    return render_template("plans/index.html", summaries=summaries)


@bp.get("/<slug>")
@reader_required
def show(slug: str):
    """Show one plan: themes, objectives and actions with their current status."""
    plan = plan_reads.get_plan(slug) or abort(404)
    require_plan_reader(plan.id)
    return render_template("plans/show.html", view=plan_reads.load_plan_view(plan))

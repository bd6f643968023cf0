"""Show the list of plans and one plan theme by theme, and export it, to those who may read them."""

from flask import Response, abort, render_template, request
from flask_login import current_user

from tracker import clock
from tracker.auth.permissions import readable_plan_ids, reader_required, require_plan_reader
from tracker.models import Plan
from tracker.plans import bp
from tracker.services import plan_reads
from tracker.services.plan_export import ExportLayout, ExportRefused, default_layout, export_plan

EXPORT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def _readable_plan(slug: str) -> Plan:
    plan = plan_reads.get_plan(slug) or abort(404)
    require_plan_reader(plan.id)
    return plan


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
    plan = _readable_plan(slug)
    return render_template(
        "plans/show.html",
        view=plan_reads.load_plan_view(plan),
        export_layout=default_layout(plan),
    )


@bp.get("/<slug>/export")
@reader_required
def export(slug: str):
    """Download the plan as at today as .xlsx or .csv, in the council's layout or the standard."""
    plan = _readable_plan(slug)
    file_type = request.args.get("format", "xlsx")
    if file_type not in EXPORT_TYPES:
        abort(400, description="Choose the file type to export: .xlsx or .csv.")
    layout_text = request.args.get("layout") or default_layout(plan).value
    if layout_text not in {layout.value for layout in ExportLayout}:
        abort(400, description="Choose the layout to export in: the council's own or standard.")
    today = clock.today()
    name = f"{plan.slug}-{today.isoformat()}.{file_type}"
    try:
        exported = export_plan(plan, today, name=name, layout=ExportLayout(layout_text))
    except ExportRefused as error:
        abort(400, description=f"The plan cannot be exported like that: {error}.")
    response = Response(exported.content, mimetype=EXPORT_TYPES[file_type])
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response

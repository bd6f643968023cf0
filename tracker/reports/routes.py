"""Show the panel dashboard and the reports of a plan as pages, PDFs and JSON."""

from datetime import date

from flask import Response, abort, jsonify, render_template, request

from tracker import clock
from tracker.auth.permissions import reader_required, require_plan_reader
from tracker.domain.as_at import Month, ReportDateError, default_report_month
from tracker.domain.date_params import BadReportParameter, parse_day, parse_month
from tracker.domain.highlight import HighlightReport
from tracker.domain.indicator_values import month_period
from tracker.domain.scorecard import Scorecard
from tracker.domain.scorecard import scorecard_json as scorecard_data
from tracker.models import Plan
from tracker.prepared.delivery import deliver
from tracker.reports import bp, report_json, wording
from tracker.reports.charts import indicator_charts, trend_chart
from tracker.services import plan_reads, reports, scorecard


def _readable_plan(slug: str) -> Plan:
    plan = plan_reads.get_plan(slug)
    if plan is None:
        abort(404)
    require_plan_reader(plan.id)
    return plan


def _month_arg(default: Month) -> Month:
    text = request.args.get("month", "")
    if not text:
        return default
    try:
        return parse_month(text)
    except BadReportParameter as error:
        abort(400, description=str(error))


def _as_at_arg() -> date:
    text = request.args.get("as_at", "")
    if not text:
        return clock.today()
    try:
        return parse_day(text, "as-at date")
    except BadReportParameter as error:
        abort(400, description=str(error))


def _report_month(plan: Plan) -> tuple[Month, tuple[Month, ...]]:
    """Return the month asked for (else the latest with updates) and the months to pick from."""
    months = reports.report_months(plan.id, plan.report_cut_off_working_days)
    return _month_arg(default_report_month(months, clock.today())), months


def _highlight_report(plan: Plan) -> tuple[HighlightReport, tuple[Month, ...]]:
    """Build the report for the month and cut-off asked for, refusing dates it cannot cover."""
    month, months = _report_month(plan)
    text = request.args.get("as_at", "")
    try:
        cut_off = parse_day(text, "as-at date") if text else None
        report = reports.load_highlight_report(plan, month, today=clock.today(), cut_off=cut_off)
    except (BadReportParameter, ReportDateError) as error:
        abort(400, description=str(error))
    return report, months


def _cut_off_arg(report: HighlightReport) -> str | None:
    """Return the as_at to keep in links and the form: the cut-off, when one was asked for."""
    return report.cut_off.isoformat() if request.args.get("as_at") else None


def _pdf(content: bytes, filename: str) -> Response:
    response = Response(content, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _docx(content: bytes, filename: str) -> Response:
    from tracker.reports import word

    response = Response(content, mimetype=word.MIMETYPE)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.get("/<slug>/")
@reader_required
def dashboard(slug: str):
    """Show the panel dashboard: today's tallies, the trend and each month's report."""
    plan = _readable_plan(slug)
    today = clock.today()
    data = reports.load_dashboard(plan.id, today, plan.report_cut_off_working_days)
    return render_template(
        "reports/dashboard.html",
        plan=plan,
        dashboard=data,
        has_indicators=scorecard.has_indicators(plan.id),
        chart=trend_chart(data.trend),
        today=today,
    )


@bp.get("/<slug>/highlight")
@reader_required
def highlight(slug: str):
    """Show the highlight report for a month, with a month picker."""
    plan = _readable_plan(slug)
    report, months = _highlight_report(plan)
    choices = sorted({*months, report.month}, reverse=True)
    return render_template(
        "reports/highlight.html",
        plan=plan,
        report=report,
        months=choices,
        chart=trend_chart(report.trend),
        title=wording.highlight_title(report),
        as_at=_cut_off_arg(report),
    )


@bp.get("/<slug>/highlight.pdf")
@reader_required
def highlight_pdf(slug: str):
    """Return the highlight report for a month as a PDF."""
    from tracker.reports import pdf

    plan = _readable_plan(slug)
    report, _ = _highlight_report(plan)
    return _pdf(pdf.highlight_pdf(report, clock.now()), f"{plan.slug}-{report.month}-highlight.pdf")


@bp.get("/<slug>/highlight.docx")
@reader_required
def highlight_docx(slug: str):
    """Return the highlight report for a month as a Word document."""
    from tracker.reports import word

    plan = _readable_plan(slug)
    report, _ = _highlight_report(plan)
    return _docx(
        word.highlight_docx(report, clock.now()), f"{plan.slug}-{report.month}-highlight.docx"
    )


@bp.get("/<slug>/highlight.json")
@reader_required
def highlight_json(slug: str):
    """Return the highlight report for a month as JSON."""
    plan = _readable_plan(slug)
    report, _ = _highlight_report(plan)
    return jsonify(report_json.highlight_json(report))


@bp.get("/<slug>/plan.pdf")
@reader_required
def plan_pdf(slug: str):
    """Return the whole plan as at a date in the Performance Measures layout."""
    plan = _readable_plan(slug)
    as_at = _as_at_arg()
    options = {"as_at": as_at.isoformat()}
    return deliver("plan_pdf", plan, options, f"{plan.slug}-{as_at}-plan.pdf")


@bp.get("/<slug>/plan.docx")
@reader_required
def plan_docx(slug: str):
    """Return the whole plan as at a date as a Word document."""
    plan = _readable_plan(slug)
    as_at = _as_at_arg()
    options = {"as_at": as_at.isoformat()}
    return deliver("plan_docx", plan, options, f"{plan.slug}-{as_at}-plan.docx")


@bp.get("/<slug>/exceptions")
@reader_required
def exceptions(slug: str):
    """Show the red-rated actions as at a date with their commentary."""
    plan = _readable_plan(slug)
    report = reports.load_plan_report(plan, _as_at_arg(), red_only=True)
    return render_template(
        "reports/exceptions.html", plan=plan, report=report, title=wording.plan_title(report)
    )


@bp.get("/<slug>/exceptions.pdf")
@reader_required
def exceptions_pdf(slug: str):
    """Return the exception report as at a date as a PDF."""
    plan = _readable_plan(slug)
    as_at = _as_at_arg()
    options = {"as_at": as_at.isoformat()}
    return deliver("exceptions_pdf", plan, options, f"{plan.slug}-{as_at}-exceptions.pdf")


@bp.get("/<slug>/exceptions.docx")
@reader_required
def exceptions_docx(slug: str):
    """Return the exception report as at a date as a Word document."""
    plan = _readable_plan(slug)
    as_at = _as_at_arg()
    options = {"as_at": as_at.isoformat()}
    return deliver("exceptions_docx", plan, options, f"{plan.slug}-{as_at}-exceptions.docx")


def _scorecard(plan: Plan) -> tuple[Scorecard, str]:
    """Build the scorecard for the month asked for, else the last complete month."""
    text = request.args.get("period", "").strip()
    try:
        month = parse_month(text, "period") if text else Month.of(clock.today()).shifted(-1)
    except BadReportParameter as error:
        abort(400, description=str(error))
    built = scorecard.build_scorecard(plan.slug, month_period(month.year, month.month))
    return built, month.isoformat()


@bp.get("/<slug>/scorecard", endpoint="scorecard")
@reader_required
def scorecard_page(slug: str):
    """Show the plan's performance scorecard for a month, with a month picker."""
    plan = _readable_plan(slug)
    built, period_arg = _scorecard(plan)
    return render_template(
        "reports/scorecard.html",
        plan=plan,
        scorecard=built,
        charts=indicator_charts(built),
        period_arg=period_arg,
        title=wording.scorecard_title(built.plan_title, built.period.end),
    )


@bp.get("/<slug>/scorecard.json")
@reader_required
def scorecard_json(slug: str):
    """Return the plan's performance scorecard for a month as JSON."""
    plan = _readable_plan(slug)
    built, _ = _scorecard(plan)
    return jsonify(scorecard_data(built))


@bp.get("/<slug>/scorecard.pdf")
@reader_required
def scorecard_pdf(slug: str):
    """Return the plan's performance scorecard for a month as a PDF."""
    from tracker.reports.scorecard_pdf import scorecard_pdf

    plan = _readable_plan(slug)
    built, period_arg = _scorecard(plan)
    return _pdf(scorecard_pdf(built, clock.now()), f"{plan.slug}-{period_arg}-scorecard.pdf")


@bp.get("/<slug>/scorecard.docx")
@reader_required
def scorecard_docx(slug: str):
    """Return the plan's performance scorecard for a month as a Word document."""
    from tracker.reports.scorecard_word import scorecard_docx

    plan = _readable_plan(slug)
    built, period_arg = _scorecard(plan)
    return _docx(scorecard_docx(built, clock.now()), f"{plan.slug}-{period_arg}-scorecard.docx")

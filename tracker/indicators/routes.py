"""Show a plan's indicators and one indicator's history, and record readings."""

from __future__ import annotations

from decimal import Decimal

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from tracker import clock, transactions
from tracker.auth.permissions import reader_required, require_plan_reader
from tracker.domain.indicator_entry import period_key, recent_periods
from tracker.domain.indicator_rules import is_own_period
from tracker.domain.indicator_terms import Unit
from tracker.domain.indicator_values import Period, format_value
from tracker.extensions import db
from tracker.indicators import bp
from tracker.indicators.forms import ReadingForm
from tracker.models import Indicator, Plan
from tracker.reports.charts import BarChart, ChartPoint, indicator_chart
from tracker.services import indicator_readings, indicator_state, plan_reads
from tracker.services.indicator_readings import IndicatorView


@bp.app_template_filter("indicator_value")
def indicator_value(value: Decimal | None, unit: Unit) -> str:
    """Show a figure in its indicator's unit, as every page and report shows it."""
    return format_value(value, unit)


# How many periods the indicator's trend chart shows, the latest last.
CHART_PERIODS = 12


@bp.get("/")
@reader_required
def index():
    """List a plan's indicators with the latest reading and RAG of each."""
    slug = request.args.get("plan", "")
    plan = plan_reads.get_plan(slug) if slug else None
    if plan is None:
        abort(404, description="Choose a plan: its indicators are listed from its own page.")
    require_plan_reader(plan.id)
    listed = indicator_readings.list_indicators(plan.id)
    judged = indicator_state.latest_assessments(
        (item.indicator_id for item in listed), clock.today()
    )
    return render_template("indicators/index.html", plan=plan, listed=listed, judged=judged)


@bp.get("/<int:indicator_id>")
@login_required
def show(indicator_id: int):
    """Show an indicator: how it is judged, its figures, links and every reading, newest first."""
    view = _readable(indicator_id)
    judged = indicator_state.latest_assessments([indicator_id], clock.today())
    return render_template(
        "indicators/show.html",
        view=view,
        assessment=judged.get(indicator_id),
        chart=_chart(view),
        can_record=view.live and _may_record(view.indicator),
    )


@bp.route("/<int:indicator_id>/reading", methods=["GET", "POST"])
@login_required
def record(indicator_id: int):
    """Record a reading; refuse it with 409 if someone recorded one after the form was opened."""
    indicator = indicator_readings.load_live_indicator(indicator_id) or abort(404)
    if not _may_record(indicator):
        abort(403)
    periods = recent_periods(clock.today(), indicator.frequency, indicator.year_basis)
    if request.method == "GET":
        form = ReadingForm(
            data={"version": indicator.version, "period": period_key(periods[0])},
            periods=periods,
            unit=indicator.unit,
        )
        return _render_form(indicator, form)
    form = ReadingForm(periods=periods, unit=indicator.unit)
    seen_version = form.seen_version()
    if seen_version is None:
        abort(400)
    if seen_version != indicator.version:
        return _render_conflict(indicator, form)
    if not form.validate():
        return _render_form(indicator, form)
    period = form.chosen_period()
    assert period is not None  # validated above
    try:
        with transactions.savepoint():
            indicator_readings.record_reading(
                indicator,
                period,
                form.value(),
                text=form.reading.data or "",
                commentary=form.commentary.data or "",
                seen_version=seen_version,
                user_id=current_user.id,
                now=clock.now(),
            )
    except indicator_readings.IndicatorChanged:
        db.session.expire_all()
        fresh = indicator_readings.load_live_indicator(indicator_id) or abort(404)
        return _render_conflict(fresh, form)
    flash(f"Your reading for {period.label} has been recorded.", "success")
    return redirect(url_for("indicators.show", indicator_id=indicator_id))


def _readable(indicator_id: int) -> IndicatorView:
    """Return the indicator's page data, or answer 404, or 403 to those who may not read it."""
    plan_id = db.session.scalar(select(Indicator.plan_id).where(Indicator.id == indicator_id))
    if plan_id is None:
        abort(404)
    require_plan_reader(plan_id)
    return indicator_readings.load_indicator_view(indicator_id) or abort(404)


def _may_record(indicator: Indicator) -> bool:
    """Tell whether the signed-in account records this indicator's readings: owner or admin."""
    return bool(current_user.is_admin) or (
        indicator.owner_person_id is not None
        and indicator.owner_person_id == current_user.person_id
    )


def _chart(view: IndicatorView) -> tuple[BarChart, tuple[ChartPoint, ...]] | None:
    """Return the chart of the latest periods' readings in force, oldest first, or None."""
    in_force = indicator_readings.in_force_by_period(view.readings)
    indicator = view.indicator
    # Year outturns beside monthly figures belong to the year-on-year trend, not this chart.
    latest = sorted(
        (
            shown
            for shown in in_force.values()
            if is_own_period(
                Period(shown.reading.period_start, shown.reading.period_end, shown.period_label),
                indicator.frequency,
                indicator.year_basis,
            )
        ),
        key=lambda shown: shown.reading.period_end,
    )
    points = tuple(
        ChartPoint(shown.period_label, shown.reading.value, shown.reading.text or "-")
        for shown in latest[-CHART_PERIODS:]
    )
    if not any(point.value is not None for point in points):
        return None
    return indicator_chart(points, indicator.unit), points


def _render_form(indicator: Indicator, form: ReadingForm, *, conflict: bool = False):
    """Render the reading form; in a conflict, beside the reading that got in first, with 409."""
    plan_title, plan_slug = db.session.execute(
        select(Plan.title, Plan.slug).where(Plan.id == indicator.plan_id)
    ).one()
    readings = indicator_readings.history(indicator)
    in_force = indicator_readings.in_force_by_period(readings)
    form.name_corrections(
        {
            period_key(period): shown.reading.text or "-"
            for period in form.periods
            if (shown := in_force.get((period.start, period.end)))
        }
    )
    period = form.chosen_period()
    page = render_template(
        "indicators/reading.html",
        indicator=indicator,
        plan_title=plan_title,
        plan_slug=plan_slug,
        form=form,
        period=period,
        corrects=in_force.get((period.start, period.end)) if period else None,
        latest=max(readings, key=lambda shown: (shown.reading.recorded_at, shown.reading.id))
        if readings
        else None,
        conflict=conflict,
    )
    return page, 409 if conflict else 200


def _render_conflict(indicator: Indicator, form: ReadingForm):
    """Keep the owner's text in the form, now carrying the version that got in first."""
    form.show_version(indicator.version)
    return _render_form(indicator, form, conflict=True)

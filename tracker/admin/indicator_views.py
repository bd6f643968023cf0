"""Admin pages for a plan's performance indicators: fields, bands, targets, benchmarks, links."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, cast

from flask import flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm

from tracker import clock
from tracker.admin import bp
from tracker.admin.helpers import (
    Section,
    archive_or_restore,
    found,
    if_changed,
    plan_crumbs,
    plan_form_page,
    plan_or_404,
    save,
)
from tracker.admin.indicator_forms import (
    BenchmarkForm,
    IndicatorForm,
    LinkForm,
    TargetForm,
    ToleranceForm,
)
from tracker.auth.permissions import admin_required
from tracker.domain.indicator_terms import Frequency, RagMethod, RagOn, YearBasis, YtdMethod
from tracker.models import Indicator, Plan
from tracker.services import admin_plans, indicator_admin, indicator_readings

INDICATORS = Section("Performance indicators", "admin.indicators")


@bp.get("/plans/<slug>/indicators")
@admin_required
def indicators(slug: str):
    """List a plan's indicators in scorecard order, archived ones last."""
    plan = plan_or_404(slug)
    return render_template(
        "admin/indicators.html",
        plan=plan,
        indicators=indicator_admin.list_indicators(plan),
        breadcrumbs=plan_crumbs(plan, (INDICATORS.text, None)),
    )


@bp.route("/plans/<slug>/indicators/new", methods=["GET", "POST"])
@admin_required
def new_indicator(slug: str):
    """Add an indicator to a plan."""
    plan = plan_or_404(slug)
    form = IndicatorForm(
        data={
            "frequency": Frequency.MONTHLY.value,
            "year_basis": YearBasis.FINANCIAL.value,
            "ytd_method": YtdMethod.LATEST_VALUE.value,
            "rag_method": RagMethod.TOLERANCE.value,
            "rag_on": RagOn.PERIOD.value,
            "months_in_arrears": 0,
        }
    )
    form.offer_people(admin_plans.people_choices(None, plan.organisation_id))
    return plan_form_page(
        plan,
        form,
        lambda: indicator_admin.create_indicator(plan, form.values(), user_id=current_user.id),
        done=lambda indicator: f"Indicator {indicator.ref} added.",
        title="Add a performance indicator",
        section=INDICATORS,
        submit_text="Save indicator",
    )


@bp.get("/plans/<slug>/indicators/<int:indicator_id>")
@admin_required
def indicator(slug: str, indicator_id: int):
    """Show an indicator with the forms for its bands, targets, benchmarks and actions."""
    plan = plan_or_404(slug)
    found_indicator = found(indicator_admin.get_indicator(plan, indicator_id))
    return _indicator_page(plan, found_indicator)


@bp.route("/plans/<slug>/indicators/<int:indicator_id>/edit", methods=["GET", "POST"])
@admin_required
def edit_indicator(slug: str, indicator_id: int):
    """Change an indicator's fields."""
    plan = plan_or_404(slug)
    record = found(indicator_admin.get_indicator(plan, indicator_id))
    form = IndicatorForm(obj=record)
    form.offer_people(admin_plans.people_choices(record.owner_person_id, plan.organisation_id))
    return plan_form_page(
        plan,
        form,
        lambda: indicator_admin.update_indicator(
            plan, record, form.values(), user_id=current_user.id
        ),
        done=if_changed(f"Indicator {record.ref} saved."),
        title=f"Change indicator {record.ref}",
        section=INDICATORS,
        submit_text="Save indicator",
    )


@bp.post("/plans/<slug>/indicators/<int:indicator_id>/archive")
@admin_required
def archive_indicator(slug: str, indicator_id: int):
    """Archive an indicator: it leaves the scorecard, reports and reminders."""
    return archive_or_restore(
        slug,
        lambda plan: indicator_admin.get_indicator(plan, indicator_id),
        indicator_admin.set_indicator_archived,
        archive=True,
        message="Indicator {record.ref} archived.",
        endpoint=INDICATORS.endpoint,
    )


@bp.post("/plans/<slug>/indicators/<int:indicator_id>/restore")
@admin_required
def restore_indicator(slug: str, indicator_id: int):
    """Bring an archived indicator back."""
    return archive_or_restore(
        slug,
        lambda plan: indicator_admin.get_indicator(plan, indicator_id),
        indicator_admin.set_indicator_archived,
        archive=False,
        message="Indicator {record.ref} restored.",
        endpoint=INDICATORS.endpoint,
    )


@bp.post("/plans/<slug>/indicators/<int:indicator_id>/tolerances")
@admin_required
def set_indicator_tolerances(slug: str, indicator_id: int):
    """Keep a year's red, amber and green bands, refused with the reason if unreadable."""
    form = ToleranceForm(prefix="tolerance")
    return _change(
        slug,
        indicator_id,
        form,
        lambda record: indicator_admin.set_tolerances(
            record,
            cast(date, form.year_of.data),
            form.red.data or "",
            form.amber.data or "",
            form.green.data or "",
            user_id=current_user.id,
        ),
        "Tolerances saved.",
    )


@bp.post("/plans/<slug>/indicators/<int:indicator_id>/tolerances/<int:tolerance_id>/delete")
@admin_required
def delete_indicator_tolerances(slug: str, indicator_id: int, tolerance_id: int):
    """Remove a year's bands."""
    return _remove(
        slug,
        indicator_id,
        lambda record: indicator_admin.delete_tolerances(
            record, tolerance_id, user_id=current_user.id
        ),
        "Tolerances removed.",
    )


@bp.post("/plans/<slug>/indicators/<int:indicator_id>/targets")
@admin_required
def add_indicator_target(slug: str, indicator_id: int):
    """Add a target for the period up to a date."""
    form = TargetForm(prefix="target")
    return _change(
        slug,
        indicator_id,
        form,
        lambda record: indicator_admin.add_target(
            record,
            form.value.data or "",
            form.applies_from.data,
            cast(date, form.applies_until.data),
            user_id=current_user.id,
        ),
        "Target added.",
    )


@bp.post("/plans/<slug>/indicators/<int:indicator_id>/targets/<int:target_id>/delete")
@admin_required
def delete_indicator_target(slug: str, indicator_id: int, target_id: int):
    """Remove a target."""
    return _remove(
        slug,
        indicator_id,
        lambda record: indicator_admin.delete_target(record, target_id, user_id=current_user.id),
        "Target removed.",
    )


@bp.post("/plans/<slug>/indicators/<int:indicator_id>/benchmarks")
@admin_required
def set_indicator_benchmark(slug: str, indicator_id: int):
    """Keep a benchmark figure for a period."""
    form = BenchmarkForm(prefix="benchmark")
    return _change(
        slug,
        indicator_id,
        form,
        lambda record: indicator_admin.set_benchmark(
            record,
            form.kind.data,
            form.value.data or "",
            form.period_label.data or "",
            user_id=current_user.id,
        ),
        "Benchmark saved.",
    )


@bp.post("/plans/<slug>/indicators/<int:indicator_id>/benchmarks/<int:benchmark_id>/delete")
@admin_required
def delete_indicator_benchmark(slug: str, indicator_id: int, benchmark_id: int):
    """Remove a benchmark."""
    return _remove(
        slug,
        indicator_id,
        lambda record: indicator_admin.delete_benchmark(
            record, benchmark_id, user_id=current_user.id
        ),
        "Benchmark removed.",
    )


@bp.post("/plans/<slug>/indicators/<int:indicator_id>/actions")
@admin_required
def link_indicator_actions(slug: str, indicator_id: int):
    """Link the indicator to the actions chosen."""
    plan = plan_or_404(slug)
    form = LinkForm(prefix="links")
    form.offer_actions(indicator_admin.action_choices(plan))
    return _change(
        slug,
        indicator_id,
        form,
        lambda record: indicator_admin.link_actions(
            plan, record, list(form.actions.data or []), user_id=current_user.id
        ),
        "Actions linked.",
    )


def _change(
    slug: str,
    indicator_id: int,
    form: FlaskForm,
    write: Callable[[Indicator], Any],
    message: str,
):
    """Save one of the indicator page's forms and go back to it, or show it with its problems."""
    plan = plan_or_404(slug)
    record = found(indicator_admin.get_indicator(plan, indicator_id))
    if form.validate_on_submit():
        saved, _ = save(form, lambda: write(record))
        if saved:
            flash(message, "success")
            return redirect(url_for("admin.indicator", slug=slug, indicator_id=indicator_id))
    return _indicator_page(plan, record, form)


def _remove(slug: str, indicator_id: int, write: Callable[[Indicator], bool], message: str):
    """Remove one of the indicator's figures, then go back to its page."""
    plan = plan_or_404(slug)
    record = found(indicator_admin.get_indicator(plan, indicator_id))
    saved, removed = save(None, lambda: write(record))
    if saved and removed:
        flash(message, "success")
    return redirect(url_for("admin.indicator", slug=slug, indicator_id=indicator_id))


def _indicator_page(plan: Plan, record: Indicator, submitted: FlaskForm | None = None):
    """Render the indicator's admin page, keeping a refused form as it was submitted."""
    forms: dict[str, FlaskForm] = {
        "tolerance": ToleranceForm(
            prefix="tolerance", formdata=None, data={"year_of": clock.today()}
        ),
        "target": TargetForm(prefix="target", formdata=None),
        "benchmark": BenchmarkForm(prefix="benchmark", formdata=None),
        "links": LinkForm(
            prefix="links",
            formdata=None,
            data={"actions": indicator_admin.linked_action_ids(record)},
        ),
    }
    if submitted is not None:
        forms[submitted._prefix.rstrip("-")] = submitted
    links = forms["links"]
    assert isinstance(links, LinkForm)
    if not links.actions.choices:
        links.offer_actions(indicator_admin.action_choices(plan))
    view = indicator_readings.load_indicator_view(record.id)
    return render_template(
        "admin/indicator.html",
        plan=plan,
        indicator=record,
        view=view,
        forms=forms,
        submitted=submitted,
        breadcrumbs=plan_crumbs(
            plan,
            (INDICATORS.text, url_for(INDICATORS.endpoint, slug=plan.slug)),
            (record.ref, None),
        ),
    )

"""Admin pages for plans: list, create, change, archive and restore."""

from __future__ import annotations

from datetime import datetime

from flask import flash, redirect, render_template, url_for
from flask_login import current_user

from tracker.admin import bp
from tracker.admin.forms import OrganisationForm, PlanForm, options
from tracker.admin.helpers import (
    NOTHING_CHANGED,
    archive_or_restore,
    form_values,
    plan_crumbs,
    plan_or_404,
    save,
)
from tracker.auth.permissions import admin_required
from tracker.domain.due import DEFAULT_DUE_SOON_WORKING_DAYS
from tracker.domain.indicator_reminders import DEFAULT_READING_DUE_WORKING_DAYS
from tracker.domain.reminders import DEFAULT_ESCALATION_WORKING_DAYS, DEFAULT_REPEAT_WORKING_DAYS
from tracker.models import DEFAULT_REPORT_CUT_OFF_WORKING_DAYS, Plan
from tracker.services import (
    admin_plans,
    indicator_admin,
    organisations,
    plan_reads,
    status_keys,
)
from tracker.services.admin_plans import PLAN_FIELDS


def _person_choices(form: PlanForm, chosen: int | None, plan: Plan | None = None) -> None:
    people = admin_plans.people_choices(chosen, plan.organisation_id if plan else None)
    form.owner_person_id.choices = options(people, "No one")


def _render(form: PlanForm, *, title: str, cancel: str, crumbs: list, caption: str = ""):
    return render_template(
        "admin/form.html",
        form=form,
        title=title,
        caption=caption,
        submit_text="Save plan",
        cancel_url=cancel,
        breadcrumbs=crumbs,
    )


@bp.get("/plans")
@admin_required
def plans():
    """List every plan, archived ones too."""
    return render_template(
        "admin/plans.html", summaries=plan_reads.list_plans(include_archived=True)
    )


@bp.route("/plans/new", methods=["GET", "POST"])
@admin_required
def new_plan():
    """Create a plan."""
    form = PlanForm(
        data={
            "reporting_cadence": "monthly",
            "due_soon_working_days": DEFAULT_DUE_SOON_WORKING_DAYS,
            "escalation_working_days": DEFAULT_ESCALATION_WORKING_DAYS,
            "reminder_repeat_working_days": DEFAULT_REPEAT_WORKING_DAYS,
            "report_cut_off_working_days": DEFAULT_REPORT_CUT_OFF_WORKING_DAYS,
            "reading_due_working_days": DEFAULT_READING_DUE_WORKING_DAYS,
            "revised_dates_need_approval": True,
        }
    )
    _person_choices(form, form.owner_person_id.data)
    if form.validate_on_submit():
        saved, plan = save(
            form,
            lambda: admin_plans.create_plan(
                form_values(form, PLAN_FIELDS), user_id=current_user.id
            ),
        )
        if saved:
            flash(f"Plan '{plan.title}' created.", "success")
            return redirect(url_for("admin.plan", slug=plan.slug))
    return _render(
        form,
        title="Create a plan",
        cancel=url_for("admin.plans"),
        crumbs=[{"text": "Plans", "href": url_for("admin.plans")}, {"text": "Create a plan"}],
    )


@bp.get("/plans/<slug>")
@admin_required
def plan(slug: str):
    """Show a plan's settings and link to everything in it."""
    plan = plan_or_404(slug)
    owner_name = None
    if plan.owner_person_id is not None:
        owner_name = dict(
            admin_plans.people_choices(plan.owner_person_id, plan.organisation_id)
        ).get(plan.owner_person_id)
    return render_template(
        "admin/plan.html",
        plan=plan,
        counts=admin_plans.plan_counts(plan),
        indicator_count=indicator_admin.count_indicators(plan),
        status_entries=len(status_keys.plan_status_key(plan.id).entries),
        owner_name=owner_name,
        organisation_name=organisations.organisation_name(plan.organisation_id),
        breadcrumbs=plan_crumbs(plan),
    )


@bp.route("/plans/<slug>/organisation", methods=["GET", "POST"])
@admin_required
def plan_organisation(slug: str):
    """Choose the organisation a plan belongs to, or add one; its leads move with it."""
    plan = plan_or_404(slug)
    form = OrganisationForm(data={"organisation_id": plan.organisation_id})
    form.organisation_id.choices = options(organisations.organisation_choices())
    back = url_for("admin.plan", slug=plan.slug)
    if form.validate_on_submit():
        saved, moved = save(
            form,
            lambda: organisations.set_plan_organisation(
                plan,
                form.organisation_id.data,
                form.new_organisation.data or "",
                user_id=current_user.id,
            ),
        )
        if saved:
            flash(_moved_message(plan, moved), "success")
            return redirect(back)
    return render_template(
        "admin/form.html",
        form=form,
        title="Change the organisation",
        caption=plan.title,
        submit_text="Save organisation",
        cancel_url=back,
        breadcrumbs=plan_crumbs(plan, ("Organisation", None)),
    )


def _moved_message(plan: Plan, moved: organisations.PlanMoved) -> str:
    if not moved.changed:
        return NOTHING_CHANGED
    parts = [f"'{plan.title}' belongs to {moved.organisation.name}."]
    for count, what in (
        (len(moved.people_moved), "moved with the plan"),
        (len(moved.people_matched), "matched to people of the same name already there"),
        (len(moved.people_created), "added there, since other plans name them too"),
    ):
        if count:
            parts.append(f"Leads {what}: {count}.")
    return " ".join(parts)


@bp.route("/plans/<slug>/edit", methods=["GET", "POST"])
@admin_required
def edit_plan(slug: str):
    """Change a plan's settings."""
    plan = plan_or_404(slug)
    form = PlanForm(obj=plan)
    _person_choices(form, plan.owner_person_id, plan)
    if form.validate_on_submit():
        saved, changes = save(
            form,
            lambda: admin_plans.update_plan(
                plan, form_values(form, PLAN_FIELDS), user_id=current_user.id
            ),
        )
        if saved:
            flash("Plan saved." if changes else NOTHING_CHANGED, "success")
            return redirect(url_for("admin.plan", slug=plan.slug))
    return _render(
        form,
        title="Change the plan",
        caption=plan.title,
        cancel=url_for("admin.plan", slug=plan.slug),
        crumbs=plan_crumbs(plan, ("Change", None)),
    )


# archive_or_restore hands the setter the record as well; a plan is its own record.
def _set_plan_archived(plan: Plan, _: Plan, archived_at: datetime | None, *, user_id: int):
    admin_plans.set_plan_archived(plan, archived_at, user_id=user_id)


@bp.post("/plans/<slug>/archive")
@admin_required
def archive_plan(slug: str):
    """Archive a plan: it leaves the list of plans, and everything in it is kept."""
    return archive_or_restore(
        slug,
        lambda plan: plan,
        _set_plan_archived,
        archive=True,
        message="Plan '{record.title}' archived.",
        endpoint="admin.plan",
    )


@bp.post("/plans/<slug>/restore")
@admin_required
def restore_plan(slug: str):
    """Bring an archived plan back."""
    return archive_or_restore(
        slug,
        lambda plan: plan,
        _set_plan_archived,
        archive=False,
        message="Plan '{record.title}' restored.",
        endpoint="admin.plan",
    )

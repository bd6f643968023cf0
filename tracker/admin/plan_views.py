"""Admin pages for plans: list, create, change, archive and restore."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user

from tracker import clock
from tracker.admin import bp
from tracker.admin.forms import PlanForm, options
from tracker.admin.helpers import form_values, plan_or_404, save
from tracker.auth.permissions import admin_required
from tracker.domain.due import DEFAULT_DUE_SOON_WORKING_DAYS
from tracker.domain.reminders import DEFAULT_ESCALATION_WORKING_DAYS
from tracker.extensions import db
from tracker.models import Plan
from tracker.services import admin_plans, plan_reads
from tracker.services.admin_plans import PLAN_FIELDS


def plan_crumbs(plan: Plan, *more: tuple[str, str | None]) -> list[dict[str, str]]:
    """Return the breadcrumbs down to a plan's admin page, then any further steps."""
    crumbs = [{"text": "Plans", "href": url_for("admin.plans")}]
    if not more:
        return [*crumbs, {"text": plan.title}]
    crumbs.append({"text": plan.title, "href": url_for("admin.plan", slug=plan.slug)})
    crumbs.extend({"text": text, "href": href} if href else {"text": text} for text, href in more)
    return crumbs


def _person_choices(form: PlanForm, chosen: int | None) -> None:
    form.owner_person_id.choices = options(admin_plans.people_choices(chosen), "No one")


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
            "reminder_send_time": Plan.__table__.c.reminder_send_time.default.arg,
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
        owner_name = dict(admin_plans.people_choices(plan.owner_person_id)).get(
            plan.owner_person_id
        )
    return render_template(
        "admin/plan.html",
        plan=plan,
        counts=admin_plans.plan_counts(plan),
        owner_name=owner_name,
        breadcrumbs=plan_crumbs(plan),
    )


@bp.route("/plans/<slug>/edit", methods=["GET", "POST"])
@admin_required
def edit_plan(slug: str):
    """Change a plan's settings."""
    plan = plan_or_404(slug)
    form = PlanForm(obj=plan)
    _person_choices(form, plan.owner_person_id)
    if form.validate_on_submit():
        saved, changes = save(
            form,
            lambda: admin_plans.update_plan(
                plan, form_values(form, PLAN_FIELDS), user_id=current_user.id
            ),
        )
        if saved:
            flash("Plan saved." if changes else "Nothing was changed.", "success")
            return redirect(url_for("admin.plan", slug=plan.slug))
    return _render(
        form,
        title="Change the plan",
        caption=plan.title,
        cancel=url_for("admin.plan", slug=plan.slug),
        crumbs=plan_crumbs(plan, ("Change", None)),
    )


@bp.post("/plans/<slug>/archive")
@admin_required
def archive_plan(slug: str):
    """Archive a plan: it leaves the list of plans, and everything in it is kept."""
    plan = plan_or_404(slug)
    if plan.archived_at is None:
        admin_plans.set_plan_archived(plan, clock.now(), user_id=current_user.id)
        db.session.commit()
        flash(f"Plan '{plan.title}' archived.", "success")
    return redirect(url_for("admin.plan", slug=plan.slug))


@bp.post("/plans/<slug>/restore")
@admin_required
def restore_plan(slug: str):
    """Bring an archived plan back."""
    plan = plan_or_404(slug)
    if plan.archived_at is not None:
        admin_plans.set_plan_archived(plan, None, user_id=current_user.id)
        db.session.commit()
        flash(f"Plan '{plan.title}' restored.", "success")
    return redirect(url_for("admin.plan", slug=plan.slug))

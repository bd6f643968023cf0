"""Admin pages for a plan's risks and issues and its achievements."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user

from tracker import clock
from tracker.admin import bp
from tracker.admin.forms import AchievementForm, RiskForm
from tracker.admin.helpers import form_values, found, plan_or_404, save
from tracker.admin.plan_views import plan_crumbs
from tracker.auth.permissions import admin_required
from tracker.domain.risk_dates import RiskStatus
from tracker.services import admin_plans
from tracker.services.admin_plans import ACHIEVEMENT_FIELDS, RISK_FIELDS


def _render(form, plan, *, title: str, section: str, endpoint: str, submit_text: str):
    back = url_for(endpoint, slug=plan.slug)
    return render_template(
        "admin/form.html",
        form=form,
        title=title,
        caption=plan.title,
        submit_text=submit_text,
        cancel_url=back,
        breadcrumbs=plan_crumbs(plan, (section, back), (title, None)),
    )


# Risks and issues


@bp.get("/plans/<slug>/risks")
@admin_required
def risks(slug: str):
    """List a plan's risks and issues, open ones first."""
    plan = plan_or_404(slug)
    return render_template(
        "admin/risks.html",
        plan=plan,
        risks=admin_plans.list_risks(plan),
        breadcrumbs=plan_crumbs(plan, ("Risks and issues", None)),
    )


@bp.route("/plans/<slug>/risks/new", methods=["GET", "POST"])
@admin_required
def new_risk(slug: str):
    """Add a risk or issue."""
    plan = plan_or_404(slug)
    form = RiskForm(data={"status": RiskStatus.OPEN.value, "raised_on": clock.today()})
    if form.validate_on_submit():
        ok, _ = save(
            form,
            lambda: admin_plans.create_risk(
                plan, form_values(form, RISK_FIELDS), today=clock.today(), user_id=current_user.id
            ),
        )
        if ok:
            flash("Risk added.", "success")
            return redirect(url_for("admin.risks", slug=plan.slug))
    return _render(
        form,
        plan,
        title="Add a risk or issue",
        section="Risks and issues",
        endpoint="admin.risks",
        submit_text="Save risk",
    )


@bp.route("/plans/<slug>/risks/<int:risk_id>/edit", methods=["GET", "POST"])
@admin_required
def edit_risk(slug: str, risk_id: int):
    """Change a risk; closing it records the date it closed."""
    plan = plan_or_404(slug)
    risk = found(admin_plans.get_risk(plan, risk_id))
    form = RiskForm(obj=risk)
    if form.validate_on_submit():
        ok, changes = save(
            form,
            lambda: admin_plans.update_risk(
                plan,
                risk,
                form_values(form, RISK_FIELDS),
                today=clock.today(),
                user_id=current_user.id,
            ),
        )
        if ok:
            flash("Risk saved." if changes else "Nothing was changed.", "success")
            return redirect(url_for("admin.risks", slug=plan.slug))
    return _render(
        form,
        plan,
        title="Change a risk or issue",
        section="Risks and issues",
        endpoint="admin.risks",
        submit_text="Save risk",
    )


# Achievements


@bp.get("/plans/<slug>/achievements")
@admin_required
def achievements(slug: str):
    """List a plan's achievements, newest first."""
    plan = plan_or_404(slug)
    return render_template(
        "admin/achievements.html",
        plan=plan,
        achievements=admin_plans.list_achievements(plan),
        breadcrumbs=plan_crumbs(plan, ("Achievements", None)),
    )


@bp.route("/plans/<slug>/achievements/new", methods=["GET", "POST"])
@admin_required
def new_achievement(slug: str):
    """Add an achievement."""
    plan = plan_or_404(slug)
    form = AchievementForm(data={"achieved_on": clock.today()})
    if form.validate_on_submit():
        ok, _ = save(
            form,
            lambda: admin_plans.create_achievement(
                plan, form_values(form, ACHIEVEMENT_FIELDS), user_id=current_user.id
            ),
        )
        if ok:
            flash("Achievement added.", "success")
            return redirect(url_for("admin.achievements", slug=plan.slug))
    return _render(
        form,
        plan,
        title="Add an achievement",
        section="Achievements",
        endpoint="admin.achievements",
        submit_text="Save achievement",
    )


@bp.route("/plans/<slug>/achievements/<int:achievement_id>/edit", methods=["GET", "POST"])
@admin_required
def edit_achievement(slug: str, achievement_id: int):
    """Change an achievement."""
    plan = plan_or_404(slug)
    achievement = found(admin_plans.get_achievement(plan, achievement_id))
    form = AchievementForm(obj=achievement)
    if form.validate_on_submit():
        ok, changes = save(
            form,
            lambda: admin_plans.update_achievement(
                plan, achievement, form_values(form, ACHIEVEMENT_FIELDS), user_id=current_user.id
            ),
        )
        if ok:
            flash("Achievement saved." if changes else "Nothing was changed.", "success")
            return redirect(url_for("admin.achievements", slug=plan.slug))
    return _render(
        form,
        plan,
        title="Change an achievement",
        section="Achievements",
        endpoint="admin.achievements",
        submit_text="Save achievement",
    )


@bp.post("/plans/<slug>/achievements/<int:achievement_id>/archive")
@admin_required
def archive_achievement(slug: str, achievement_id: int):
    """Archive an achievement: it leaves the reports."""
    plan = plan_or_404(slug)
    achievement = found(admin_plans.get_achievement(plan, achievement_id))
    if achievement.archived_at is None:
        save(
            None,
            lambda: admin_plans.set_achievement_archived(
                plan, achievement, clock.now(), user_id=current_user.id
            ),
        )
        flash("Achievement archived.", "success")
    return redirect(url_for("admin.achievements", slug=plan.slug))


@bp.post("/plans/<slug>/achievements/<int:achievement_id>/restore")
@admin_required
def restore_achievement(slug: str, achievement_id: int):
    """Bring an archived achievement back."""
    plan = plan_or_404(slug)
    achievement = found(admin_plans.get_achievement(plan, achievement_id))
    if achievement.archived_at is not None:
        save(
            None,
            lambda: admin_plans.set_achievement_archived(
                plan, achievement, None, user_id=current_user.id
            ),
        )
        flash("Achievement restored.", "success")
    return redirect(url_for("admin.achievements", slug=plan.slug))

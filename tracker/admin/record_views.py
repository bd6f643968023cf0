"""Admin pages for a plan's risks and issues and its achievements."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user

from tracker import clock
from tracker.admin import bp
from tracker.admin.forms import AchievementForm, RiskForm
from tracker.admin.helpers import (
    Section,
    archive_or_restore,
    form_values,
    found,
    if_changed,
    plan_crumbs,
    plan_form_page,
    plan_or_404,
)
from tracker.auth.permissions import admin_required
from tracker.domain.risk_dates import RiskStatus
from tracker.services import admin_plans
from tracker.services.admin_plans import ACHIEVEMENT_FIELDS, RISK_FIELDS

RISKS = Section("Risks and issues", "admin.risks")
ACHIEVEMENTS = Section("Achievements", "admin.achievements")


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
        breadcrumbs=plan_crumbs(plan, (RISKS.text, None)),
    )


@bp.route("/plans/<slug>/risks/new", methods=["GET", "POST"])
@admin_required
def new_risk(slug: str):
    """Add a risk or issue."""
    plan = plan_or_404(slug)
    form = RiskForm(data={"status": RiskStatus.OPEN.value, "raised_on": clock.today()})
    return plan_form_page(
        plan,
        form,
        lambda: admin_plans.create_risk(
            plan, form_values(form, RISK_FIELDS), today=clock.today(), user_id=current_user.id
        ),
        done=lambda _: "Risk added.",
        title="Add a risk or issue",
        section=RISKS,
        submit_text="Save risk",
    )


@bp.route("/plans/<slug>/risks/<int:risk_id>/edit", methods=["GET", "POST"])
@admin_required
def edit_risk(slug: str, risk_id: int):
    """Change a risk; closing it records the date it closed."""
    plan = plan_or_404(slug)
    risk = found(admin_plans.get_risk(plan, risk_id))
    form = RiskForm(obj=risk)
    return plan_form_page(
        plan,
        form,
        lambda: admin_plans.update_risk(
            plan, risk, form_values(form, RISK_FIELDS), today=clock.today(), user_id=current_user.id
        ),
        done=if_changed("Risk saved."),
        title="Change a risk or issue",
        section=RISKS,
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
        breadcrumbs=plan_crumbs(plan, (ACHIEVEMENTS.text, None)),
    )


@bp.route("/plans/<slug>/achievements/new", methods=["GET", "POST"])
@admin_required
def new_achievement(slug: str):
    """Add an achievement."""
    plan = plan_or_404(slug)
    form = AchievementForm(data={"achieved_on": clock.today()})
    return plan_form_page(
        plan,
        form,
        lambda: admin_plans.create_achievement(
            plan, form_values(form, ACHIEVEMENT_FIELDS), user_id=current_user.id
        ),
        done=lambda _: "Achievement added.",
        title="Add an achievement",
        section=ACHIEVEMENTS,
        submit_text="Save achievement",
    )


@bp.route("/plans/<slug>/achievements/<int:achievement_id>/edit", methods=["GET", "POST"])
@admin_required
def edit_achievement(slug: str, achievement_id: int):
    """Change an achievement."""
    plan = plan_or_404(slug)
    achievement = found(admin_plans.get_achievement(plan, achievement_id))
    form = AchievementForm(obj=achievement)
    return plan_form_page(
        plan,
        form,
        lambda: admin_plans.update_achievement(
            plan, achievement, form_values(form, ACHIEVEMENT_FIELDS), user_id=current_user.id
        ),
        done=if_changed("Achievement saved."),
        title="Change an achievement",
        section=ACHIEVEMENTS,
        submit_text="Save achievement",
    )


@bp.post("/plans/<slug>/achievements/<int:achievement_id>/archive")
@admin_required
def archive_achievement(slug: str, achievement_id: int):
    """Archive an achievement: it leaves the reports."""
    return archive_or_restore(
        slug,
        lambda plan: admin_plans.get_achievement(plan, achievement_id),
        admin_plans.set_achievement_archived,
        archive=True,
        message="Achievement archived.",
        endpoint=ACHIEVEMENTS.endpoint,
    )


@bp.post("/plans/<slug>/achievements/<int:achievement_id>/restore")
@admin_required
def restore_achievement(slug: str, achievement_id: int):
    """Bring an archived achievement back."""
    return archive_or_restore(
        slug,
        lambda plan: admin_plans.get_achievement(plan, achievement_id),
        admin_plans.set_achievement_archived,
        archive=False,
        message="Achievement restored.",
        endpoint=ACHIEVEMENTS.endpoint,
    )

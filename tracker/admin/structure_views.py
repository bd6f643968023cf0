"""Admin pages for a plan's priority bands, themes and objectives."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from tracker.admin import bp
from tracker.admin.forms import BandForm, ObjectiveForm, ThemeForm, options
from tracker.admin.helpers import (
    Section,
    archive_or_restore,
    form_values,
    found,
    if_changed,
    plan_crumbs,
    plan_form_page,
    plan_or_404,
    save,
)
from tracker.auth.permissions import admin_required
from tracker.services import admin_plans
from tracker.services.admin_plans import BAND_FIELDS, OBJECTIVE_FIELDS, THEME_FIELDS

BANDS = Section("Priority bands", "admin.bands")
THEMES = Section("Themes and objectives", "admin.themes")


def _delete(plan, record, delete, message: str, section: Section):
    """Delete a record the service allows to go, then go back to its section."""
    saved, _ = save(None, lambda: delete(plan, record, user_id=current_user.id))
    if saved:
        flash(message, "success")
    return redirect(url_for(section.endpoint, slug=plan.slug))


# Priority bands


@bp.get("/plans/<slug>/bands")
@admin_required
def bands(slug: str):
    """List a plan's priority bands."""
    plan = plan_or_404(slug)
    return render_template(
        "admin/bands.html",
        plan=plan,
        rows=admin_plans.list_bands(plan),
        breadcrumbs=plan_crumbs(plan, (BANDS.text, None)),
    )


@bp.route("/plans/<slug>/bands/new", methods=["GET", "POST"])
@admin_required
def new_band(slug: str):
    """Add a priority band."""
    plan = plan_or_404(slug)
    form = BandForm()
    return plan_form_page(
        plan,
        form,
        lambda: admin_plans.create_band(
            plan, form_values(form, BAND_FIELDS), user_id=current_user.id
        ),
        done=lambda band: f"Priority {band.number} added.",
        title="Add a priority band",
        section=BANDS,
        submit_text="Save band",
    )


@bp.route("/plans/<slug>/bands/<int:band_id>/edit", methods=["GET", "POST"])
@admin_required
def edit_band(slug: str, band_id: int):
    """Change a priority band."""
    plan = plan_or_404(slug)
    band = found(admin_plans.get_band(plan, band_id))
    form = BandForm(obj=band)
    return plan_form_page(
        plan,
        form,
        lambda: admin_plans.update_band(
            plan, band, form_values(form, BAND_FIELDS), user_id=current_user.id
        ),
        done=if_changed("Priority band saved."),
        title=f"Change priority {band.number}",
        section=BANDS,
        submit_text="Save band",
    )


@bp.post("/plans/<slug>/bands/<int:band_id>/delete")
@admin_required
def delete_band(slug: str, band_id: int):
    """Delete a priority band that no action carries."""
    plan = plan_or_404(slug)
    band = found(admin_plans.get_band(plan, band_id))
    message = f"Priority {band.number} deleted."
    return _delete(plan, band, admin_plans.delete_band, message, BANDS)


# Themes


@bp.get("/plans/<slug>/themes")
@admin_required
def themes(slug: str):
    """List a plan's themes with their objectives."""
    plan = plan_or_404(slug)
    return render_template(
        "admin/themes.html",
        plan=plan,
        rows=admin_plans.list_themes(plan),
        breadcrumbs=plan_crumbs(plan, (THEMES.text, None)),
    )


@bp.route("/plans/<slug>/themes/new", methods=["GET", "POST"])
@admin_required
def new_theme(slug: str):
    """Add a theme."""
    plan = plan_or_404(slug)
    form = ThemeForm()
    return plan_form_page(
        plan,
        form,
        lambda: admin_plans.create_theme(
            plan, form_values(form, THEME_FIELDS), user_id=current_user.id
        ),
        done=lambda theme: f"Theme {theme.number} added.",
        title="Add a theme",
        section=THEMES,
        submit_text="Save theme",
    )


@bp.route("/plans/<slug>/themes/<int:theme_id>/edit", methods=["GET", "POST"])
@admin_required
def edit_theme(slug: str, theme_id: int):
    """Change a theme's number or title."""
    plan = plan_or_404(slug)
    theme = found(admin_plans.get_theme(plan, theme_id))
    form = ThemeForm(obj=theme)
    return plan_form_page(
        plan,
        form,
        lambda: admin_plans.update_theme(
            plan, theme, form_values(form, THEME_FIELDS), user_id=current_user.id
        ),
        done=if_changed("Theme saved."),
        title=f"Change theme {theme.number}",
        section=THEMES,
        submit_text="Save theme",
    )


@bp.post("/plans/<slug>/themes/<int:theme_id>/archive")
@admin_required
def archive_theme(slug: str, theme_id: int):
    """Archive a theme with its objectives and actions."""
    return archive_or_restore(
        slug,
        lambda plan: admin_plans.get_theme(plan, theme_id),
        admin_plans.set_theme_archived,
        archive=True,
        message="Theme {record.number} archived with its objectives and actions.",
        endpoint=THEMES.endpoint,
    )


@bp.post("/plans/<slug>/themes/<int:theme_id>/restore")
@admin_required
def restore_theme(slug: str, theme_id: int):
    """Restore a theme with what was archived with it."""
    return archive_or_restore(
        slug,
        lambda plan: admin_plans.get_theme(plan, theme_id),
        admin_plans.set_theme_archived,
        archive=False,
        message="Theme {record.number} restored.",
        endpoint=THEMES.endpoint,
    )


@bp.post("/plans/<slug>/themes/<int:theme_id>/delete")
@admin_required
def delete_theme(slug: str, theme_id: int):
    """Delete a theme that has no objectives."""
    plan = plan_or_404(slug)
    theme = found(admin_plans.get_theme(plan, theme_id))
    message = f"Theme {theme.number} deleted."
    return _delete(plan, theme, admin_plans.delete_theme, message, THEMES)


# Objectives


def _theme_choices(form: ObjectiveForm, plan) -> None:
    form.theme_id.choices = options(admin_plans.theme_choices(plan), "Choose a theme")


@bp.route("/plans/<slug>/objectives/new", methods=["GET", "POST"])
@admin_required
def new_objective(slug: str):
    """Add an objective under a theme."""
    plan = plan_or_404(slug)
    form = ObjectiveForm(data={"theme_id": request.args.get("theme", type=int)})
    _theme_choices(form, plan)
    return plan_form_page(
        plan,
        form,
        lambda: admin_plans.create_objective(
            plan, form_values(form, OBJECTIVE_FIELDS), user_id=current_user.id
        ),
        done=lambda _: "Objective added.",
        title="Add an objective",
        section=THEMES,
        submit_text="Save objective",
    )


@bp.route("/plans/<slug>/objectives/<int:objective_id>/edit", methods=["GET", "POST"])
@admin_required
def edit_objective(slug: str, objective_id: int):
    """Change an objective's wording or move it to another theme."""
    plan = plan_or_404(slug)
    objective = found(admin_plans.get_objective(plan, objective_id))
    form = ObjectiveForm(obj=objective)
    _theme_choices(form, plan)
    return plan_form_page(
        plan,
        form,
        lambda: admin_plans.update_objective(
            plan, objective, form_values(form, OBJECTIVE_FIELDS), user_id=current_user.id
        ),
        done=if_changed("Objective saved."),
        title="Change an objective",
        section=THEMES,
        submit_text="Save objective",
    )


@bp.post("/plans/<slug>/objectives/<int:objective_id>/archive")
@admin_required
def archive_objective(slug: str, objective_id: int):
    """Archive an objective with its actions."""
    return archive_or_restore(
        slug,
        lambda plan: admin_plans.get_objective(plan, objective_id),
        admin_plans.set_objective_archived,
        archive=True,
        message="Objective archived with its actions.",
        endpoint=THEMES.endpoint,
    )


@bp.post("/plans/<slug>/objectives/<int:objective_id>/restore")
@admin_required
def restore_objective(slug: str, objective_id: int):
    """Restore an objective with the actions archived with it."""
    return archive_or_restore(
        slug,
        lambda plan: admin_plans.get_objective(plan, objective_id),
        admin_plans.set_objective_archived,
        archive=False,
        message="Objective restored.",
        endpoint=THEMES.endpoint,
    )


@bp.post("/plans/<slug>/objectives/<int:objective_id>/delete")
@admin_required
def delete_objective(slug: str, objective_id: int):
    """Delete an objective that has no actions."""
    plan = plan_or_404(slug)
    objective = found(admin_plans.get_objective(plan, objective_id))
    return _delete(plan, objective, admin_plans.delete_objective, "Objective deleted.", THEMES)

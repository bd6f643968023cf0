"""Admin pages for a plan's priority bands, themes and objectives."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from tracker import clock
from tracker.admin import bp
from tracker.admin.forms import BandForm, ObjectiveForm, ThemeForm, options
from tracker.admin.helpers import form_values, found, plan_or_404, save
from tracker.admin.plan_views import plan_crumbs
from tracker.auth.permissions import admin_required
from tracker.services import admin_plans
from tracker.services.admin_plans import BAND_FIELDS, OBJECTIVE_FIELDS, THEME_FIELDS


def _render(form, *, plan, title: str, back: str, back_text: str, submit_text: str):
    return render_template(
        "admin/form.html",
        form=form,
        title=title,
        caption=plan.title,
        submit_text=submit_text,
        cancel_url=back,
        breadcrumbs=plan_crumbs(plan, (back_text, back), (title, None)),
    )


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
        breadcrumbs=plan_crumbs(plan, ("Priority bands", None)),
    )


@bp.route("/plans/<slug>/bands/new", methods=["GET", "POST"])
@admin_required
def new_band(slug: str):
    """Add a priority band."""
    plan = plan_or_404(slug)
    form = BandForm()
    if form.validate_on_submit():
        saved, band = save(
            form,
            lambda: admin_plans.create_band(
                plan, form_values(form, BAND_FIELDS), user_id=current_user.id
            ),
        )
        if saved:
            flash(f"Priority {band.number} added.", "success")
            return redirect(url_for("admin.bands", slug=plan.slug))
    return _render(
        form,
        plan=plan,
        title="Add a priority band",
        back=url_for("admin.bands", slug=plan.slug),
        back_text="Priority bands",
        submit_text="Save band",
    )


@bp.route("/plans/<slug>/bands/<int:band_id>/edit", methods=["GET", "POST"])
@admin_required
def edit_band(slug: str, band_id: int):
    """Change a priority band."""
    plan = plan_or_404(slug)
    band = found(admin_plans.get_band(plan, band_id))
    form = BandForm(obj=band)
    if form.validate_on_submit():
        saved, changes = save(
            form,
            lambda: admin_plans.update_band(
                plan, band, form_values(form, BAND_FIELDS), user_id=current_user.id
            ),
        )
        if saved:
            flash("Priority band saved." if changes else "Nothing was changed.", "success")
            return redirect(url_for("admin.bands", slug=plan.slug))
    return _render(
        form,
        plan=plan,
        title=f"Change priority {band.number}",
        back=url_for("admin.bands", slug=plan.slug),
        back_text="Priority bands",
        submit_text="Save band",
    )


@bp.post("/plans/<slug>/bands/<int:band_id>/delete")
@admin_required
def delete_band(slug: str, band_id: int):
    """Delete a priority band that no action carries."""
    plan = plan_or_404(slug)
    band = found(admin_plans.get_band(plan, band_id))
    number = band.number
    saved, _ = save(None, lambda: admin_plans.delete_band(plan, band, user_id=current_user.id))
    if saved:
        flash(f"Priority {number} deleted.", "success")
    return redirect(url_for("admin.bands", slug=plan.slug))


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
        breadcrumbs=plan_crumbs(plan, ("Themes and objectives", None)),
    )


@bp.route("/plans/<slug>/themes/new", methods=["GET", "POST"])
@admin_required
def new_theme(slug: str):
    """Add a theme."""
    plan = plan_or_404(slug)
    form = ThemeForm()
    if form.validate_on_submit():
        saved, theme = save(
            form,
            lambda: admin_plans.create_theme(
                plan, form_values(form, THEME_FIELDS), user_id=current_user.id
            ),
        )
        if saved:
            flash(f"Theme {theme.number} added.", "success")
            return redirect(url_for("admin.themes", slug=plan.slug))
    return _render(
        form,
        plan=plan,
        title="Add a theme",
        back=url_for("admin.themes", slug=plan.slug),
        back_text="Themes and objectives",
        submit_text="Save theme",
    )


@bp.route("/plans/<slug>/themes/<int:theme_id>/edit", methods=["GET", "POST"])
@admin_required
def edit_theme(slug: str, theme_id: int):
    """Change a theme's number or title."""
    plan = plan_or_404(slug)
    theme = found(admin_plans.get_theme(plan, theme_id))
    form = ThemeForm(obj=theme)
    if form.validate_on_submit():
        saved, changes = save(
            form,
            lambda: admin_plans.update_theme(
                plan, theme, form_values(form, THEME_FIELDS), user_id=current_user.id
            ),
        )
        if saved:
            flash("Theme saved." if changes else "Nothing was changed.", "success")
            return redirect(url_for("admin.themes", slug=plan.slug))
    return _render(
        form,
        plan=plan,
        title=f"Change theme {theme.number}",
        back=url_for("admin.themes", slug=plan.slug),
        back_text="Themes and objectives",
        submit_text="Save theme",
    )


@bp.post("/plans/<slug>/themes/<int:theme_id>/archive")
@admin_required
def archive_theme(slug: str, theme_id: int):
    """Archive a theme with its objectives and actions."""
    plan = plan_or_404(slug)
    theme = found(admin_plans.get_theme(plan, theme_id))
    if theme.archived_at is None:
        save(
            None,
            lambda: admin_plans.set_theme_archived(
                plan, theme, clock.now(), user_id=current_user.id
            ),
        )
        flash(f"Theme {theme.number} archived with its objectives and actions.", "success")
    return redirect(url_for("admin.themes", slug=plan.slug))


@bp.post("/plans/<slug>/themes/<int:theme_id>/restore")
@admin_required
def restore_theme(slug: str, theme_id: int):
    """Restore a theme with what was archived with it."""
    plan = plan_or_404(slug)
    theme = found(admin_plans.get_theme(plan, theme_id))
    if theme.archived_at is not None:
        save(
            None,
            lambda: admin_plans.set_theme_archived(plan, theme, None, user_id=current_user.id),
        )
        flash(f"Theme {theme.number} restored.", "success")
    return redirect(url_for("admin.themes", slug=plan.slug))


@bp.post("/plans/<slug>/themes/<int:theme_id>/delete")
@admin_required
def delete_theme(slug: str, theme_id: int):
    """Delete a theme that has no objectives."""
    plan = plan_or_404(slug)
    theme = found(admin_plans.get_theme(plan, theme_id))
    number = theme.number
    saved, _ = save(None, lambda: admin_plans.delete_theme(plan, theme, user_id=current_user.id))
    if saved:
        flash(f"Theme {number} deleted.", "success")
    return redirect(url_for("admin.themes", slug=plan.slug))


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
    if form.validate_on_submit():
        saved, _ = save(
            form,
            lambda: admin_plans.create_objective(
                plan, form_values(form, OBJECTIVE_FIELDS), user_id=current_user.id
            ),
        )
        if saved:
            flash("Objective added.", "success")
            return redirect(url_for("admin.themes", slug=plan.slug))
    return _render(
        form,
        plan=plan,
        title="Add an objective",
        back=url_for("admin.themes", slug=plan.slug),
        back_text="Themes and objectives",
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
    if form.validate_on_submit():
        saved, changes = save(
            form,
            lambda: admin_plans.update_objective(
                plan, objective, form_values(form, OBJECTIVE_FIELDS), user_id=current_user.id
            ),
        )
        if saved:
            flash("Objective saved." if changes else "Nothing was changed.", "success")
            return redirect(url_for("admin.themes", slug=plan.slug))
    return _render(
        form,
        plan=plan,
        title="Change an objective",
        back=url_for("admin.themes", slug=plan.slug),
        back_text="Themes and objectives",
        submit_text="Save objective",
    )


@bp.post("/plans/<slug>/objectives/<int:objective_id>/archive")
@admin_required
def archive_objective(slug: str, objective_id: int):
    """Archive an objective with its actions."""
    plan = plan_or_404(slug)
    objective = found(admin_plans.get_objective(plan, objective_id))
    if objective.archived_at is None:
        save(
            None,
            lambda: admin_plans.set_objective_archived(
                plan, objective, clock.now(), user_id=current_user.id
            ),
        )
        flash("Objective archived with its actions.", "success")
    return redirect(url_for("admin.themes", slug=plan.slug))


@bp.post("/plans/<slug>/objectives/<int:objective_id>/restore")
@admin_required
def restore_objective(slug: str, objective_id: int):
    """Restore an objective with the actions archived with it."""
    plan = plan_or_404(slug)
    objective = found(admin_plans.get_objective(plan, objective_id))
    if objective.archived_at is not None:
        save(
            None,
            lambda: admin_plans.set_objective_archived(
                plan, objective, None, user_id=current_user.id
            ),
        )
        flash("Objective restored.", "success")
    return redirect(url_for("admin.themes", slug=plan.slug))


@bp.post("/plans/<slug>/objectives/<int:objective_id>/delete")
@admin_required
def delete_objective(slug: str, objective_id: int):
    """Delete an objective that has no actions."""
    plan = plan_or_404(slug)
    objective = found(admin_plans.get_objective(plan, objective_id))
    saved, _ = save(
        None, lambda: admin_plans.delete_objective(plan, objective, user_id=current_user.id)
    )
    if saved:
        flash("Objective deleted.", "success")
    return redirect(url_for("admin.themes", slug=plan.slug))

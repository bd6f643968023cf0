"""Admin pages for key actions: list, add, change (with a version check), archive and delete."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from tracker import clock
from tracker.admin import bp
from tracker.admin.forms import (
    ActionForm,
    KeepLeadWholeForm,
    action_form_with_extras,
    extra_field_name,
    options,
)
from tracker.admin.helpers import (
    NOTHING_CHANGED,
    form_values,
    found,
    kept_whole_message,
    plan_crumbs,
    plan_or_404,
    save,
)
from tracker.auth.permissions import admin_required
from tracker.domain.extras import edited_extras, extra_headers
from tracker.filters import long_date
from tracker.models import Action, Plan
from tracker.services import admin_actions, organisations, plan_reads, recommendations
from tracker.services.admin_actions import EDITABLE_FIELDS, ActionSaved, VersionConflict


def _choices(
    form: ActionForm, plan: Plan, objective_id: int | None = None, *, asks_reason: bool = False
) -> None:
    form.objective_id.choices = options(
        admin_actions.objective_choices(plan, objective_id), "Choose an objective"
    )
    form.band_id.choices = options(admin_actions.band_choices(plan), "No priority band")
    answered = recommendations.recommendation_choices(plan)
    if answered:
        form.recommendation_ids.choices = answered
    else:
        del form.recommendation_ids
    if not asks_reason:
        del form.target_date_reason


def _save_links(form: ActionForm, plan: Plan, saved: ActionSaved) -> ActionSaved:
    """Link the action to the recommendations ticked, adding what changed to what was saved."""
    if "recommendation_ids" in form:
        saved.changes.update(
            recommendations.set_answered(
                plan, saved.action, form.recommendation_ids.data or [], user_id=current_user.id
            )
        )
    return saved


def _action_view(plan: Plan, action_id: int):
    view = found(plan_reads.load_action_view(action_id))
    if view.plan.id != plan.id:
        abort(404)
    return view


def _action_values(form: ActionForm, headers: list[str]) -> dict[str, Any]:
    """Return the fields the admin typed, the extra columns' text as one header-to-text dict."""
    typed = [form[extra_field_name(index)].data or "" for index in range(len(headers))]
    return {**form_values(form, EDITABLE_FIELDS), "extras": edited_extras(headers, typed)}


def _extras_data(headers: list[str], stored: dict[str, str]) -> dict[str, str]:
    """Return the extra columns' boxes filled with the action's text."""
    return {extra_field_name(index): stored.get(header, "") for index, header in enumerate(headers)}


def _name(action: Action) -> str:
    return f"action {action.ref}" if action.ref else "the action"


def target_date_message(action: Action) -> str:
    """Say what the target date as written resolved to, or why it did not."""
    written = action.target_date_text
    if not written:
        return "It has no target date."
    if action.target_date_problem:
        return f"The target date '{written}' is kept as written but is not a date: " + (
            action.target_date_problem
        )
    if action.target_date:
        return f"The target date '{written}' is read as {long_date(action.target_date)}."
    return f"The target date '{written}' recurs: {action.recurrence.value}."


def _saved_message(verb: str, saved: ActionSaved) -> str:
    parts = [f"{verb} {_name(saved.action)}.", target_date_message(saved.action)]
    if saved.revised and saved.action.target_date:
        parts[1] = (
            f"The target date is now {long_date(saved.action.target_date)}, recorded as a "
            f"revision; the words as written, '{saved.action.target_date_text}', stay for the "
            "reports of earlier months."
        )
    if saved.people_created:
        parts.append("New people added as leads: " + ", ".join(saved.people_created) + ".")
    return " ".join(parts)


def _render_form(form: ActionForm, plan: Plan, *, title: str, back: str, conflict=None):
    page = render_template(
        "admin/action_form.html",
        form=form,
        plan=plan,
        title=title,
        caption=plan.title,
        submit_text="Save action",
        cancel_url=back,
        conflict=conflict,
        breadcrumbs=plan_crumbs(
            plan, ("Actions", url_for("admin.actions", slug=plan.slug)), (title, None)
        ),
    )
    return page, 409 if conflict else 200


@bp.get("/plans/<slug>/actions")
@admin_required
def actions(slug: str):
    """List a plan's actions, archived ones too."""
    plan = plan_or_404(slug)
    return render_template(
        "admin/actions.html",
        plan=plan,
        rows=admin_actions.list_actions(plan),
        breadcrumbs=plan_crumbs(plan, ("Actions", None)),
    )


@bp.route("/plans/<slug>/actions/new", methods=["GET", "POST"])
@admin_required
def new_action(slug: str):
    """Add an action."""
    plan = plan_or_404(slug)
    headers = plan_reads.plan_extra_headers(plan)
    form = action_form_with_extras(headers)(data={"version": "0"})
    _choices(form, plan)
    if form.validate_on_submit():
        ok, saved = save(
            form,
            lambda: _save_links(
                form,
                plan,
                admin_actions.create_action(
                    plan,
                    _action_values(form, headers),
                    today=clock.today(),
                    user_id=current_user.id,
                ),
            ),
        )
        if ok:
            flash(_saved_message("Added", saved), "success")
            return redirect(url_for("admin.action", slug=plan.slug, action_id=saved.action.id))
    return _render_form(
        form, plan, title="Add an action", back=url_for("admin.actions", slug=plan.slug)
    )


@bp.get("/plans/<slug>/actions/<int:action_id>")
@admin_required
def action(slug: str, action_id: int):
    """Show an action as the admin sees it: its target date as written and as read, its leads."""
    plan = plan_or_404(slug)
    view = _action_view(plan, action_id)
    return render_template(
        "admin/action.html",
        plan=plan,
        view=view,
        target_message=target_date_message(view.action),
        breadcrumbs=plan_crumbs(
            plan,
            ("Actions", url_for("admin.actions", slug=plan.slug)),
            (f"Action {view.action.ref or view.action.id}", None),
        ),
    )


@bp.post("/plans/<slug>/actions/<int:action_id>/keep-lead-whole")
@admin_required
def keep_lead_whole(slug: str, action_id: int):
    """Keep the action's Lead text as one lead in every import of the plan's organisation."""
    plan = plan_or_404(slug)
    action = found(admin_actions.get_action(plan, action_id))
    back = url_for("admin.action", slug=plan.slug, action_id=action.id)
    form = KeepLeadWholeForm()
    if not form.validate_on_submit() or form.lead_text.data is None:
        abort(400, "The form lost the Lead text. Open the action again.")
    if form.lead_text.data != action.lead_text:
        flash(
            "The action's Lead text changed after the page was opened; nothing was kept. "
            "Look at its leads again.",
            "error",
        )
        return redirect(back)
    ok, kept = save(
        None,
        lambda: organisations.keep_lead_whole(
            plan.organisation_id, action.lead_text, user_id=current_user.id
        ),
    )
    if ok:
        flash(kept_whole_message(kept), "success")
    return redirect(back)


@bp.route("/plans/<slug>/actions/<int:action_id>/edit", methods=["GET", "POST"])
@admin_required
def edit_action(slug: str, action_id: int):
    """Change an action; refuse with 409 if it changed since the form was opened."""
    plan = plan_or_404(slug)
    action = found(admin_actions.get_action(plan, action_id))
    back = url_for("admin.action", slug=plan.slug, action_id=action.id)
    title = f"Change {_name(action)}"
    headers = extra_headers(plan_reads.plan_extra_headers(plan), action.extras or {})
    form = action_form_with_extras(headers)(
        obj=action, data=_extras_data(headers, action.extras or {})
    )
    _choices(form, plan, action.objective_id, asks_reason=admin_actions.update_count(action.id) > 0)
    if request.method == "GET":
        form.version.data = str(action.version)
        if "recommendation_ids" in form:
            form.recommendation_ids.data = recommendations.answered_by(action.id)
        return _render_form(form, plan, title=title, back=back)
    # Read from the request itself: a post without it must not fall back to the row's version.
    seen_version = _seen_version()
    if not form.validate_on_submit():
        return _render_form(form, plan, title=title, back=back)
    try:
        ok, saved = save(
            form,
            lambda: _save_links(
                form,
                plan,
                admin_actions.update_action(
                    plan,
                    action,
                    _action_values(form, headers),
                    seen_version=seen_version,
                    today=clock.today(),
                    now=clock.now(),
                    user_id=current_user.id,
                    reason=form.target_date_reason.data or ""
                    if "target_date_reason" in form
                    else "",
                ),
            ),
        )
    except VersionConflict:
        return _render_conflict(form, plan, action_id, title=title, back=back)
    if not ok:
        return _render_form(form, plan, title=title, back=back)
    flash(_saved_message("Saved", saved) if saved.changes else NOTHING_CHANGED, "success")
    return redirect(back)


def _render_conflict(form: ActionForm, plan: Plan, action_id: int, *, title: str, back: str):
    """Show what is saved now beside what the admin typed, ready to save on top of it."""
    view = _action_view(plan, action_id)
    form.version.data = str(view.action.version)
    return _render_form(form, plan, title=title, back=back, conflict=view)


def _seen_version() -> int:
    version = request.form.get("version", type=int)
    if version is None:
        abort(400, "The form lost the action's version. Open the action again.")
    return version


def _lifecycle(slug: str, action_id: int, change, done: str):
    plan = plan_or_404(slug)
    action = found(admin_actions.get_action(plan, action_id))
    name = _name(action)
    try:
        ok, _ = save(None, lambda: change(plan, action, _seen_version()))
    except VersionConflict:
        abort(409, "Someone else changed this action first. Look at it again, then try again.")
    if ok:
        flash(f"{done.capitalize()} {name}.", "success")
    return plan


def _set_archived(slug: str, action_id: int, archived_at: datetime | None, done: str):
    plan = _lifecycle(
        slug,
        action_id,
        lambda plan, action, version: admin_actions.set_action_archived(
            plan, action, archived_at, seen_version=version, user_id=current_user.id
        ),
        done,
    )
    return redirect(url_for("admin.action", slug=plan.slug, action_id=action_id))


@bp.post("/plans/<slug>/actions/<int:action_id>/archive")
@admin_required
def archive_action(slug: str, action_id: int):
    """Archive an action: it leaves the plan and its tallies, and its history is kept."""
    return _set_archived(slug, action_id, clock.now(), "archived")


@bp.post("/plans/<slug>/actions/<int:action_id>/restore")
@admin_required
def restore_action(slug: str, action_id: int):
    """Bring an archived action back into the plan."""
    return _set_archived(slug, action_id, None, "restored")


@bp.post("/plans/<slug>/actions/<int:action_id>/delete")
@admin_required
def delete_action(slug: str, action_id: int):
    """Delete an action that has no status updates; one with updates can only be archived."""
    plan = _lifecycle(
        slug,
        action_id,
        lambda plan, action, version: admin_actions.delete_action(
            plan, action, seen_version=version, user_id=current_user.id
        ),
        "deleted",
    )
    if admin_actions.get_action(plan, action_id) is None:
        return redirect(url_for("admin.actions", slug=plan.slug))
    return redirect(url_for("admin.action", slug=plan.slug, action_id=action_id))

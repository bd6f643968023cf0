"""Admin pages for a plan's status key: list, add, change, reorder and remove entries."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from tracker.admin import bp
from tracker.admin.forms import StatusEntryForm
from tracker.admin.helpers import NOTHING_CHANGED, plan_crumbs, plan_or_404, save
from tracker.auth.permissions import admin_required
from tracker.models import Plan
from tracker.services import status_keys

SECTION = "Status key"


@bp.get("/plans/<slug>/status-key")
@admin_required
def status_key(slug: str):
    """List the entries of a plan's status key in order, with how many actions show each."""
    plan = plan_or_404(slug)
    return render_template(
        "admin/status_key.html",
        plan=plan,
        key=status_keys.plan_status_key(plan.id),
        showing=status_keys.actions_showing(plan.id),
        breadcrumbs=plan_crumbs(plan, (SECTION, None)),
    )


@bp.route("/plans/<slug>/status-key/new", methods=["GET", "POST"])
@admin_required
def new_status_entry(slug: str):
    """Add an entry at the end of the plan's status key."""
    plan = plan_or_404(slug)
    form = StatusEntryForm(data={"colour": "none", "completion": "not_known"})
    if form.validate_on_submit():
        entry = form.entry()
        saved, _ = save(form, lambda: status_keys.add_entry(plan, entry, user_id=current_user.id))
        if saved:
            flash(f"'{entry.label}' added to the status key.", "success")
            return _back(plan)
    return _form_page(plan, form, title="Add a status")


@bp.route("/plans/<slug>/status-key/<int:entry_number>/edit", methods=["GET", "POST"])
@admin_required
def edit_status_entry(slug: str, entry_number: int):
    """Change an entry of the plan's status key; recorded updates keep the label they had."""
    plan = plan_or_404(slug)
    key = status_keys.plan_status_key(plan.id)
    if not 1 <= entry_number <= len(key.entries):
        return _back(plan, "That status is no longer in the key.")
    old = key.entries[entry_number - 1]
    form = StatusEntryForm(data=StatusEntryForm.data_of(old))
    if form.is_submitted() and form.was.data != old.label:
        return _back(plan, "That status was changed by someone else; nothing was saved.")
    if form.validate_on_submit():
        entry = form.entry()
        saved, changed = save(
            form,
            lambda: status_keys.change_entry(plan, entry_number, entry, user_id=current_user.id),
        )
        if saved:
            flash(f"'{entry.label}' saved." if changed else NOTHING_CHANGED, "success")
            return _back(plan)
    return _form_page(plan, form, title=f"Change '{old.label}'")


@bp.post("/plans/<slug>/status-key/<int:entry_number>/up")
@admin_required
def move_status_entry_up(slug: str, entry_number: int):
    """Move an entry one place up the key."""
    return _move(slug, entry_number, -1)


@bp.post("/plans/<slug>/status-key/<int:entry_number>/down")
@admin_required
def move_status_entry_down(slug: str, entry_number: int):
    """Move an entry one place down the key."""
    return _move(slug, entry_number, 1)


@bp.post("/plans/<slug>/status-key/<int:entry_number>/delete")
@admin_required
def delete_status_entry(slug: str, entry_number: int):
    """Take an entry out of the key; actions and updates keep the label they were given."""
    plan = plan_or_404(slug)
    if not _still_there(plan, entry_number):
        return _back(plan, "That status is no longer in the key; nothing was removed.")
    saved, entry = save(
        None, lambda: status_keys.remove_entry(plan, entry_number, user_id=current_user.id)
    )
    if saved:
        flash(f"'{entry.label}' removed from the status key.", "success")
    return _back(plan)


def _move(slug: str, entry_number: int, step: int):
    plan = plan_or_404(slug)
    if not _still_there(plan, entry_number):
        return _back(plan, "That status is no longer in the key; nothing was moved.")
    save(
        None,
        lambda: status_keys.move_entry(plan, entry_number, step, user_id=current_user.id),
    )
    return _back(plan)


def _still_there(plan: Plan, entry_number: int) -> bool:
    """Tell whether the entry the page showed at this place is still there, by its label."""
    key = status_keys.plan_status_key(plan.id)
    shown = request.form.get("label", "")
    return 1 <= entry_number <= len(key.entries) and key.entries[entry_number - 1].label == shown


def _back(plan: Plan, problem: str | None = None):
    if problem:
        flash(problem, "error")
    return redirect(url_for("admin.status_key", slug=plan.slug))


def _form_page(plan: Plan, form: StatusEntryForm, *, title: str):
    back = url_for("admin.status_key", slug=plan.slug)
    return render_template(
        "admin/form.html",
        form=form,
        title=title,
        caption=plan.title,
        submit_text="Save status",
        cancel_url=back,
        breadcrumbs=plan_crumbs(plan, (SECTION, back), (title, None)),
    )

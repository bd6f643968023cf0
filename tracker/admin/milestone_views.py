"""Admin pages to add, change and delete an action's milestones."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from tracker import clock
from tracker.admin import bp
from tracker.admin.helpers import form_values, found, if_changed, plan_crumbs, plan_or_404, save
from tracker.admin.milestone_forms import MilestoneForm
from tracker.auth.permissions import admin_required
from tracker.models import Action, Plan
from tracker.services import admin_actions, milestones
from tracker.services.milestones import MILESTONE_FIELDS


def _action(slug: str, action_id: int) -> tuple[Plan, Action]:
    plan = plan_or_404(slug)
    return plan, found(admin_actions.get_action(plan, action_id))


def _form_page(plan: Plan, action: Action, form: MilestoneForm, write, *, title: str, done):
    """Save a valid form and go back to the admin action page; else show the form again."""
    back = url_for("admin.action", slug=plan.slug, action_id=action.id)
    if form.validate_on_submit():
        saved, result = save(form, write)
        if saved:
            flash(done(result), "success")
            return redirect(back)
    page = render_template(
        "admin/form.html",
        form=form,
        title=title,
        caption=f"Action {action.ref or action.id} · {plan.title}",
        submit_text="Save milestone",
        cancel_url=back,
        breadcrumbs=plan_crumbs(
            plan,
            ("Actions", url_for("admin.actions", slug=plan.slug)),
            (f"Action {action.ref or action.id}", back),
            (title, None),
        ),
    )
    return page


@bp.route("/plans/<slug>/actions/<int:action_id>/milestones/new", methods=["GET", "POST"])
@admin_required
def new_milestone(slug: str, action_id: int):
    """Add a milestone to an action."""
    plan, action = _action(slug, action_id)
    form = MilestoneForm()
    return _form_page(
        plan,
        action,
        form,
        lambda: milestones.create_milestone(
            action,
            form_values(form, MILESTONE_FIELDS),
            today=clock.today(),
            user_id=current_user.id,
        ),
        title="Add a milestone",
        done=lambda _: "Milestone added.",
    )


@bp.route(
    "/plans/<slug>/actions/<int:action_id>/milestones/<int:milestone_id>/edit",
    methods=["GET", "POST"],
)
@admin_required
def edit_milestone(slug: str, action_id: int, milestone_id: int):
    """Change a milestone's words, dates or ref."""
    plan, action = _action(slug, action_id)
    milestone = found(milestones.get_milestone(action.id, milestone_id))
    form = MilestoneForm(obj=milestone)
    return _form_page(
        plan,
        action,
        form,
        lambda: milestones.update_milestone(
            action,
            milestone,
            form_values(form, MILESTONE_FIELDS),
            today=clock.today(),
            user_id=current_user.id,
        ),
        title="Change a milestone",
        done=if_changed("Milestone saved."),
    )


@bp.route(
    "/plans/<slug>/actions/<int:action_id>/milestones/<int:milestone_id>/delete",
    methods=["GET", "POST"],
)
@admin_required
def delete_milestone(slug: str, action_id: int, milestone_id: int):
    """Ask before deleting a milestone, then delete it; the audit trail keeps what it was."""
    plan, action = _action(slug, action_id)
    milestone = found(milestones.get_milestone(action.id, milestone_id))
    back = url_for("admin.action", slug=plan.slug, action_id=action.id)
    if request.method == "GET":
        return render_template(
            "admin/milestone_delete.html",
            plan=plan,
            action=action,
            milestone=milestone,
            back=back,
            breadcrumbs=plan_crumbs(
                plan,
                ("Actions", url_for("admin.actions", slug=plan.slug)),
                (f"Action {action.ref or action.id}", back),
                ("Delete a milestone", None),
            ),
        )
    if request.form.get("confirm") != "yes":
        abort(400, "Confirm that the milestone is to be deleted, with the button on its page.")
    ok, _ = save(
        None, lambda: milestones.delete_milestone(action, milestone, user_id=current_user.id)
    )
    if ok:
        flash("Milestone deleted.", "success")
    return redirect(back)

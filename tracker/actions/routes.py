"""Show one action with its history, list a lead's actions, and record status updates."""

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from tracker import clock, transactions
from tracker.actions import bp
from tracker.actions.evidence_forms import link_lines, uploads
from tracker.actions.forms import UpdateForm, status_choice
from tracker.actions.milestone_forms import MilestonesDoneForm
from tracker.auth.permissions import (
    can_update_action,
    leads_action,
    require_action_updater,
    require_plan_reader,
    updater_required,
)
from tracker.domain.assurance import SignOff
from tracker.domain.enums import Completion
from tracker.domain.status_key import StatusKey
from tracker.domain.working_days import WorkingCalendar
from tracker.extensions import db
from tracker.filters import long_date
from tracker.models import Action, Plan
from tracker.services import (
    date_revisions,
    evidence,
    indicator_state,
    milestones,
    my_actions,
    plan_reads,
    recommendations,
    status_keys,
    status_updates,
)
from tracker.services import (
    sign_off as sign_offs,
)
from tracker.services.validation import Invalid


@bp.get("/mine")
@updater_required
def mine():
    """List the signed-in lead's actions by plan, most urgent first, kept to a plan or status."""
    plan_slug = request.args.get("plan") or None
    status = request.args.get("status") or None
    today, calendar = clock.today(), WorkingCalendar()
    try:
        page = my_actions.my_actions_page(
            current_user.person_id,
            today=today,
            calendar=calendar,
            plan_slug=plan_slug,
            status=status,
        )
    except my_actions.UnknownFilter as problem:
        page = my_actions.my_actions_page(current_user.person_id, today=today, calendar=calendar)
        html = render_template(
            "actions/mine.html", page=page, plan_slug=None, status=None, problem=problem
        )
        return html, 400
    return render_template(
        "actions/mine.html",
        page=page,
        plan_slug=plan_slug,
        status=page.chosen_status(status),
        problem=None,
    )


@bp.get("/<int:action_id>")
@login_required
def show(action_id: int):
    """Show an action, its leads and dates, and every status update, newest first."""
    plan_id = db.session.scalar(select(Action.plan_id).where(Action.id == action_id))
    if plan_id is None:
        abort(404)
    require_plan_reader(plan_id)
    view = plan_reads.load_action_view(action_id) or abort(404)
    can_update = (
        view.action.archived_at is None
        and view.plan.archived_at is None
        and can_update_action(current_user, action_id)
    )
    after_saving = bool(request.args.get("saved")) and current_user.person_id is not None
    next_action = (
        my_actions.next_action_to_update(
            current_user.person_id, action_id, today=clock.today(), calendar=WorkingCalendar()
        )
        if after_saving
        else None
    )
    signer = sign_offs.Signer(current_user.id, current_user.person_id, current_user.role)
    awaiting = view.action.current_sign_off is SignOff.AWAITING and view.plan.archived_at is None
    return render_template(
        "actions/show.html",
        view=view,
        can_sign_off=awaiting and sign_offs.can_sign_off(signer, action_id),
        sign_off_leads=awaiting and leads_action(current_user.person_id, action_id),
        can_update=can_update,
        after_saving=after_saving,
        next_action=next_action,
        revision_rows=date_revisions.revision_rows(action_id),
        linked_indicators=indicator_state.latest_for_actions([action_id], clock.today()).get(
            action_id, []
        ),
        action_recommendations=recommendations.action_recommendations(action_id, clock.today()),
        evidence_by_update=evidence.evidence_by_update(action_id),
        missed_milestones=milestones.missed_ids(view.milestones, clock.today())
        if view.action.current_completion is not Completion.COMPLETED
        else frozenset(),
    )


@bp.route("/<int:action_id>/update", methods=["GET", "POST"])
@updater_required
def update(action_id: int):
    """Record a status update; refuse it with 409 if someone else updated the action first."""
    action = status_updates.load_live_action(action_id) or abort(404)
    require_action_updater(action_id)
    today = clock.today()
    current = status_updates.current_state(action)
    status_key = status_keys.plan_status_key(action.plan_id)
    done_form = MilestonesDoneForm(undone=milestones.undone_milestones(action_id))
    if request.method == "GET":
        form = UpdateForm(
            data=_prefill(action, status_key, today),
            current=current,
            status_key=status_key,
            today=today,
        )
        return _render_form(action, form, done_form)

    form = UpdateForm(current=current, status_key=status_key, today=today)
    seen_version = form.seen_version()
    if seen_version is None:
        abort(400)
    try:
        done_ids = done_form.chosen()
    except ValueError as problem:
        abort(400, str(problem))
    if seen_version != action.version:
        return _render_conflict(action, form, done_form)
    if not form.validate():
        return _render_form(action, form, done_form)
    try:
        with transactions.savepoint():
            proposed = form.proposed()
            recorded = status_updates.record_status_update(
                action,
                proposed,
                seen_version=seen_version,
                author_user_id=current_user.id,
                now=clock.now(),
            )
            evidence.add_evidence(
                action_id,
                recorded.id,
                current_user.id,
                form.evidence_note.data or "",
                link_lines(form.evidence_links),
                uploads(form.evidence_files),
            )
            milestones.mark_done(
                action,
                done_ids,
                done_on=proposed.as_at or today,
                today=today,
                user_id=current_user.id,
            )
    except status_updates.ActionChanged:
        return _render_conflict(
            status_updates.load_live_action(action_id) or abort(404), form, done_form
        )
    except Invalid as invalid:
        # Nothing of the update is kept: the lead fixes the evidence and sends it all again.
        for name, message in invalid.problems.items():
            form[name].errors = [message]
        return _render_form(
            status_updates.load_live_action(action_id) or abort(404), form, done_form
        )
    flash(f"Your update as at {long_date(form.as_at.data)} has been recorded.", "success")
    return redirect(url_for("actions.show", action_id=action_id, saved=1))


def _prefill(action: Action, status_key: StatusKey, today: date) -> dict:
    """Return the form's starting values: the action's current state, as at today."""
    # A status whose entry has since left the key is not offered, so the lead chooses again.
    entry = status_key.entry_named(action.current_status_label or "")
    return {
        "version": action.version,
        "completion": action.current_completion,
        "rag": status_choice(entry) if entry else None,
        "direction": action.current_direction,
        "current_performance": action.current_performance,
        "completed_on": action.current_completed_on,
        "as_at": today,
    }


def _render_form(
    action: Action, form: UpdateForm, done_form: MilestonesDoneForm, *, conflict: bool = False
):
    """Render the update form; in a conflict, beside the update that got in first, with 409."""
    plan_title, plan_slug, sign_off_required = db.session.execute(
        select(Plan.title, Plan.slug, Plan.sign_off_required).where(Plan.id == action.plan_id)
    ).one()
    page = render_template(
        "actions/update.html",
        action=action,
        plan_title=plan_title,
        plan_slug=plan_slug,
        sign_off_required=sign_off_required,
        form=form,
        latest=status_updates.latest_update(action.id),
        conflict=conflict,
        done_form=done_form,
    )
    return page, 409 if conflict else 200


def _render_conflict(action: Action, form: UpdateForm, done_form: MilestonesDoneForm):
    """Keep the lead's text in the form, now carrying the version that got in first."""
    form.show_version(action.version)
    return _render_form(action, form, done_form, conflict=True)

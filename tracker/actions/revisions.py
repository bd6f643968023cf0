"""Ask for a new target date for an action, and approve or decline it."""

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from tracker import clock, transactions
from tracker.actions import bp
from tracker.actions.revision_forms import DecideDateForm, ProposeDateForm
from tracker.auth.permissions import can_read_plan, require_action_updater, updater_required
from tracker.extensions import db
from tracker.filters import long_date
from tracker.models import Action, Plan, TargetDateRevision
from tracker.services import date_revisions, status_updates
from tracker.services.mailer import MailSettings


@bp.route("/<int:action_id>/target-date", methods=["GET", "POST"])
@updater_required
def propose_date(action_id: int):
    """Ask for a new target date with a reason; administrators may set it where allowed."""
    action = status_updates.load_live_action(action_id) or abort(404)
    require_action_updater(action_id)
    form = ProposeDateForm()
    if not form.is_submitted():
        form.version.data = action.version
        return _render_propose(action, form)
    seen_version = form.seen_version()
    if seen_version is None:
        abort(400)
    if not form.validate():
        return _render_propose(action, form, status=400)
    try:
        with transactions.savepoint():
            revision = date_revisions.propose(
                action,
                to_date=form.to_date.data,
                reason=form.reason.data or "",
                seen_version=seen_version,
                by=_decider(),
                now=clock.now(),
                today=clock.today(),
                mail=_mail(),
            )
    except date_revisions.ProposalRefused as refusal:
        form.to_date.errors = [str(refusal)]
        return _render_propose(action, form, status=400)
    except status_updates.ActionChanged:
        fresh = status_updates.load_live_action(action_id) or abort(404)
        form.version.data = fresh.version
        form.version.raw_data = [str(fresh.version)]
        return _render_propose(fresh, form, status=409, conflict=True)
    if revision.status.value == "approved":
        flash(f"The target date is now {long_date(revision.to_date)}.", "success")
    else:
        flash(
            f"Your new target date of {long_date(revision.to_date)} has been sent for approval.",
            "success",
        )
    return redirect(url_for("actions.show", action_id=action_id))


@bp.get("/<int:action_id>/target-date/<int:revision_id>")
@login_required
def revision(action_id: int, revision_id: int):
    """Show a proposed target date with its reason; those who may decide can approve it here."""
    action, revision = _load(action_id, revision_id)
    if not (
        can_read_plan(current_user, action.plan_id)
        or date_revisions.may_decide_revision(_decider(), action, revision)
    ):
        abort(403)
    form = DecideDateForm()
    form.version.data = action.version
    return _render_decision(action, revision, form)


@bp.post("/<int:action_id>/target-date/<int:revision_id>/approve")
@login_required
def approve_date(action_id: int, revision_id: int):
    """Approve a proposed target date: it becomes the action's target date from today."""
    return _decide(action_id, revision_id, approve=True)


@bp.post("/<int:action_id>/target-date/<int:revision_id>/decline")
@login_required
def decline_date(action_id: int, revision_id: int):
    """Decline a proposed target date: the action keeps the date it has."""
    return _decide(action_id, revision_id, approve=False)


def _decide(action_id: int, revision_id: int, *, approve: bool):
    action, revision = _load(action_id, revision_id)
    if not date_revisions.may_decide_revision(_decider(), action, revision):
        abort(403)
    form = DecideDateForm()
    seen_version = form.seen_version()
    if seen_version is None:
        abort(400)
    if not form.validate():
        return _render_decision(action, revision, form, status=400)
    try:
        with transactions.savepoint():
            date_revisions.decide(
                revision,
                action,
                approve=approve,
                note=form.note.data or "",
                seen_version=seen_version,
                by=_decider(),
                now=clock.now(),
                today=clock.today(),
                mail=_mail(),
            )
    except (date_revisions.AlreadyDecided, status_updates.ActionChanged):
        action, revision = _load(action_id, revision_id)
        form.version.data = action.version
        form.version.raw_data = [str(action.version)]
        return _render_decision(action, revision, form, status=409, conflict=True)
    verb = "approved" if approve else "declined"
    flash(f"You {verb} {long_date(revision.to_date)} as the target date.", "success")
    if can_read_plan(current_user, action.plan_id):
        return redirect(url_for("actions.show", action_id=action_id))
    # A plan's owner may decide without reading the plan; the request shows the outcome.
    return redirect(url_for("actions.revision", action_id=action_id, revision_id=revision_id))


def _load(action_id: int, revision_id: int) -> tuple[Action, TargetDateRevision]:
    action = status_updates.load_live_action(action_id) or abort(404)
    revision = db.session.scalar(
        select(TargetDateRevision).where(
            TargetDateRevision.id == revision_id, TargetDateRevision.action_id == action_id
        )
    )
    if revision is None:
        abort(404)
    return action, revision


def _decider() -> date_revisions.Decider:
    return date_revisions.Decider(current_user.id, current_user.person_id, current_user.role)


def _mail() -> date_revisions.Mail:
    config = current_app.config
    return date_revisions.Mail(
        base_url=config["TRACKER_BASE_URL"],
        message_id_domain=MailSettings.from_config(config).message_id_domain,
    )


def _plan(action: Action) -> tuple[str, str]:
    title, slug = db.session.execute(
        select(Plan.title, Plan.slug).where(Plan.id == action.plan_id)
    ).one()
    return title, slug


def _render_propose(action: Action, form: ProposeDateForm, *, status: int = 200, conflict=False):
    plan_title, plan_slug = _plan(action)
    rows = date_revisions.revision_rows(action.id)
    page = render_template(
        "actions/target_date.html",
        action=action,
        form=form,
        plan_title=plan_title,
        plan_slug=plan_slug,
        rows=rows,
        baseline=date_revisions.baseline_of(action, rows),
        pending=date_revisions.pending_revision(action.id),
        direct=date_revisions.sets_directly(action, _decider()),
        conflict=conflict,
    )
    return page, status


def _render_decision(
    action: Action,
    revision: TargetDateRevision,
    form: DecideDateForm,
    *,
    status: int = 200,
    conflict: bool = False,
):
    plan_title, plan_slug = _plan(action)
    rows = date_revisions.revision_rows(action.id)
    page = render_template(
        "actions/target_date_decision.html",
        action=action,
        revision=revision,
        row=next(row for row in rows if row.revision.id == revision.id),
        form=form,
        plan_title=plan_title,
        plan_slug=plan_slug,
        baseline=date_revisions.baseline_of(action, rows),
        can_decide=revision.status.value == "pending"
        and date_revisions.may_decide_revision(_decider(), action, revision),
        conflict=conflict,
    )
    return page, status

"""Sign off an action a lead marked Completed, or return it to its lead with a reason."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from tracker import clock, transactions
from tracker.actions import bp
from tracker.actions.sign_off_forms import ReturnForm, SignOffForm
from tracker.domain.assurance import SignOff
from tracker.extensions import db
from tracker.filters import long_date
from tracker.models import Action, Plan
from tracker.services import sign_off as sign_offs
from tracker.services import status_updates
from tracker.services.mailer import MailSettings

NOT_AWAITING = "This action is no longer waiting for sign-off; nothing was changed."
CHANGED = "Someone changed this action while you were looking at it; nothing was changed."


def _signer() -> sign_offs.Signer:
    return sign_offs.Signer(
        user_id=current_user.id, person_id=current_user.person_id, role=current_user.role
    )


def _signing_action(action_id: int) -> Action:
    """Return the live action if the signed-in account may sign it off; else 404 or 403."""
    action = status_updates.load_live_action(action_id) or abort(404)
    if not sign_offs.can_sign_off(_signer(), action_id):
        abort(403)
    return action


def _back(action: Action, form: SignOffForm):
    if form.back.data == "list":
        slug = db.session.scalar(select(Plan.slug).where(Plan.id == action.plan_id))
        return redirect(url_for("plans.sign_off", slug=slug))
    return redirect(url_for("actions.show", action_id=action.id))


@bp.post("/<int:action_id>/sign-off")
@login_required
def sign_off(action_id: int):
    """Sign off the Completed update awaiting it, as a new update in the action's history."""
    action = _signing_action(action_id)
    form = SignOffForm()
    seen_version = form.seen_version()
    if not form.validate() or seen_version is None:
        abort(400)
    try:
        with transactions.savepoint():
            update = sign_offs.sign_off(
                action,
                seen_version=seen_version,
                signer=_signer(),
                now=clock.now(),
                today=clock.today(),
            )
    except sign_offs.NotAwaiting:
        flash(NOT_AWAITING, "error")
        return _back(action, form)
    except status_updates.ActionChanged:
        flash(CHANGED, "error")
        return _back(action, form)
    label = action.ref or f"#{action.id}"
    flash(f"Action {label} signed off as at {long_date(update.as_at)}.", "success")
    return _back(action, form)


@bp.route("/<int:action_id>/return", methods=["GET", "POST"])
@login_required
def return_action(action_id: int):
    """Ask why, then return the action to its lead as partially completed and email them."""
    action = _signing_action(action_id)
    if action.current_sign_off is not SignOff.AWAITING:
        flash(NOT_AWAITING, "error")
        return redirect(url_for("actions.show", action_id=action.id))
    form = ReturnForm(data={"version": action.version})
    if not form.is_submitted():
        return _render(action, form)
    seen_version = form.seen_version()
    if seen_version is None:
        abort(400)
    if not form.validate():
        return _render(action, form)
    try:
        with transactions.savepoint():
            sign_offs.return_action(
                action,
                seen_version=seen_version,
                reason=form.reason.data,
                signer=_signer(),
                now=clock.now(),
                today=clock.today(),
                email=_return_email(),
            )
    except sign_offs.NotAwaiting:
        flash(NOT_AWAITING, "error")
        return _back(action, form)
    except status_updates.ActionChanged:
        flash(CHANGED, "error")
        return _back(action, form)
    label = action.ref or f"#{action.id}"
    flash(f"Action {label} returned to its lead, who will be emailed the reason.", "success")
    return _back(action, form)


def _return_email() -> sign_offs.ReturnEmail:
    environment = current_app.jinja_env

    def render(context: dict[str, object]) -> tuple[str, str]:
        return (
            environment.get_template("actions/email/returned.txt").render(context),
            environment.get_template("actions/email/returned.html").render(context),
        )

    return sign_offs.ReturnEmail(
        base_url=current_app.config["TRACKER_BASE_URL"],
        message_id_domain=MailSettings.from_config(current_app.config).message_id_domain,
        render=render,
    )


def _render(action: Action, form: ReturnForm):
    plan_title, plan_slug = db.session.execute(
        select(Plan.title, Plan.slug).where(Plan.id == action.plan_id)
    ).one()
    return render_template(
        "actions/return.html",
        action=action,
        form=form,
        plan_title=plan_title,
        plan_slug=plan_slug,
    )

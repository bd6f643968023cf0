"""List a plan's actions waiting for sign-off, for those who sign them off."""

from __future__ import annotations

from flask import abort, render_template
from flask_login import current_user, login_required

from tracker.plans import bp
from tracker.services import plan_reads
from tracker.services import sign_off as sign_offs


@bp.get("/<slug>/sign-off")
@login_required
def sign_off(slug: str):
    """List the plan's actions awaiting sign-off, with a way to sign off or return each."""
    plan = plan_reads.get_plan(slug) or abort(404)
    signer = sign_offs.Signer(current_user.id, current_user.person_id, current_user.role)
    if not sign_offs.can_list(signer, plan.id):
        abort(403)
    return render_template(
        "plans/sign_off.html",
        plan=plan,
        rows=sign_offs.awaiting_sign_off(plan.id, current_user.person_id),
    )

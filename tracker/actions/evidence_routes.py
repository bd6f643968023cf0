"""Send an update's evidence files to readers of the plan, as downloads only."""

import io

from flask import abort, send_file
from flask_login import login_required
from sqlalchemy import select

from tracker.actions import bp
from tracker.actions.evidence_forms import files_hint
from tracker.auth.permissions import require_plan_reader
from tracker.domain.evidence_files import size_words
from tracker.extensions import db
from tracker.models import Action
from tracker.services import evidence


@bp.context_processor
def _evidence_words() -> dict[str, object]:
    return {"files_hint": files_hint, "size_words": size_words}


@bp.get("/<int:action_id>/evidence/<int:evidence_id>")
@login_required
def evidence_file(action_id: int, evidence_id: int):
    """Send an evidence file as a download, never shown in the browser, to the plan's readers."""
    plan_id = db.session.scalar(select(Action.plan_id).where(Action.id == action_id))
    if plan_id is None:
        abort(404)
    require_plan_reader(plan_id)
    kept = evidence.load_file(action_id, evidence_id) or abort(404)
    response = send_file(
        io.BytesIO(kept.data),
        mimetype=kept.content_type,
        as_attachment=True,
        download_name=kept.name,
        max_age=0,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response

"""Show how a document being prepared is getting on, hand it out when ready, and try it again."""

from flask import Response, abort, redirect, render_template, url_for
from flask_login import current_user

from tracker import clock
from tracker.auth.permissions import reader_required, require_plan_reader
from tracker.domain.prepared_documents import JobStatus, refresh_seconds
from tracker.models import PreparedDocument
from tracker.prepared import bp
from tracker.prepared.delivery import build_after_commit, file_response
from tracker.prepared.kinds import KINDS
from tracker.services import prepared_documents


def _readable_job(token: str) -> PreparedDocument:
    """Return the job if the account may see it: any reader of its plan, else only who asked."""
    job = prepared_documents.find(token)
    if job is None or job.kind not in KINDS:
        abort(404)
    if KINDS[job.kind].per_account and job.user_id != current_user.id:
        abort(404)
    if job.plan_id is not None:
        require_plan_reader(job.plan_id)
    return job


@bp.get("/<token>")
@reader_required
def show(token: str):
    """Say whether the document is still being prepared, ready to download, or failed."""
    prepared_documents.expire_lapsed(clock.now())
    job = _readable_job(token)
    if job.status is JobStatus.QUEUED:
        # Its builder may have gone with the process that queued it; a job is claimed only once.
        build_after_commit(job.token)
    kind = KINDS[job.kind]
    page = render_template(
        "prepared/show.html",
        job=job,
        kind=kind,
        statuses=JobStatus,
        plan_slug=prepared_documents.plan_slug(job.plan_id) if job.plan_id else None,
    )
    response = Response(page)
    if job.status in (JobStatus.QUEUED, JobStatus.BUILDING):
        response.headers["Refresh"] = str(refresh_seconds(job.started_at, clock.now()))
    return response


@bp.get("/<token>/download")
@reader_required
def download(token: str):
    """Return the prepared document, or send the asker back to its page while it is not ready."""
    job = _readable_job(token)
    if job.status is not JobStatus.READY:
        return redirect(url_for("prepared.show", token=job.token), 303)
    content = prepared_documents.content_of(job.id)
    return file_response(KINDS[job.kind], content, job.filename)


@bp.post("/<token>/again")
@reader_required
def again(token: str):
    """Queue a document that failed to be prepared again, then show its page."""
    job = _readable_job(token)
    if job.status is JobStatus.FAILED:
        prepared_documents.queue_again(job.id, clock.now())
        build_after_commit(job.token)
    return redirect(url_for("prepared.show", token=job.token), 303)

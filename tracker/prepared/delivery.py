"""Answer a request for a document: the file at once when small, else the page preparing it."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta

from flask import Response, abort, after_this_request, current_app, redirect, url_for
from flask_login import current_user

from tracker import clock
from tracker.domain.prepared_documents import JobStatus, needs_preparing
from tracker.models import Plan
from tracker.prepared import builder
from tracker.prepared.kinds import KINDS, DocumentJob, DocumentKind, DocumentRefused
from tracker.services import prepared_documents
from tracker.services.prepared_documents import Measure


def deliver(kind: str, plan: Plan, options: Mapping[str, str], filename: str) -> Response:
    """Return a plan's document, measured by its actions and updates."""
    return deliver_document(kind, plan, options, filename, prepared_documents.measure_plan(plan))


def deliver_document(
    kind_name: str,
    plan: Plan | None,
    options: Mapping[str, str],
    filename: str,
    measure: Measure,
) -> Response:
    """Return the document when it is small; otherwise queue it and send the asker to its page."""
    kind = KINDS[kind_name]
    config = current_app.config
    if not needs_preparing(measure.size, config["PREPARED_DOCUMENT_THRESHOLD"]):
        job = DocumentJob(plan, options, filename, current_user._get_current_object(), clock.now())
        try:
            content = kind.build(job)
        except DocumentRefused as error:
            abort(400, description=str(error))
        return file_response(kind, content, filename)
    prepared = prepared_documents.ask_for(
        kind_name,
        plan_id=plan.id if plan else None,
        options=options,
        filename=filename,
        user_id=current_user.id,
        per_account=kind.per_account,
        state=measure.state,
        now=clock.now(),
        reuse_for=timedelta(seconds=config["PREPARED_DOCUMENT_REUSE_SECONDS"]),
        keep_for=timedelta(seconds=config["PREPARED_DOCUMENT_KEEP_SECONDS"]),
    )
    if prepared.status is JobStatus.QUEUED:
        build_after_commit(prepared.token)
    return redirect(url_for("prepared.show", token=prepared.token), 303)  # type: ignore[return-value]


def build_after_commit(token: str) -> None:
    """Hand the job to a builder once this request's transaction has committed it."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]

    @after_this_request
    def _submit(response: Response) -> Response:
        # After-request functions run once the view's transaction has ended (transactions.py).
        if response.status_code < 400:
            builder.submit(app, token)
        return response


def file_response(kind: DocumentKind, content: bytes, filename: str) -> Response:
    """Return the document's bytes with its file type and name."""
    response = Response(content, mimetype=kind.mimetype)
    disposition = "attachment" if kind.attachment else "inline"
    response.headers["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response

"""Admin pages to import a plan file: check it first, then confirm."""

from __future__ import annotations

from datetime import date

from flask import flash, redirect, render_template, session, url_for
from flask_login import current_user

from tracker import clock
from tracker.admin import bp
from tracker.admin.forms import ImportForm
from tracker.auth.permissions import admin_required
from tracker.domain.upload_names import upload_name
from tracker.extensions import db
from tracker.plans.cli import table_limits
from tracker.services import import_staging
from tracker.services.plan_import import ImportRejected, ImportSummary, import_plan_upload

SESSION_KEY = "admin_import"
CRUMBS = [{"text": "Import a plan file"}]


def _import(pending: dict, content: bytes) -> ImportSummary:
    return import_plan_upload(
        content,
        filename=pending["filename"],
        slug=pending["slug"],
        title=pending["title"] or None,
        as_at=date.fromisoformat(pending["as_at"]),
        today=clock.today(),
        now=clock.now(),
        limits=table_limits(),
        user_id=current_user.id,
    )


def _render_form(form: ImportForm, problems: list[str] = ()):
    return render_template(
        "admin/import.html",
        form=form,
        problems=[{"text": problem, "href": "#file"} for problem in problems],
        breadcrumbs=CRUMBS,
    )


def _rejected(form: ImportForm, rejected: ImportRejected):
    form.file.errors = [
        f"The file was not imported: fix the {len(rejected.problems)} problem(s) listed above "
        "and choose it again"
    ]
    return _render_form(form, [str(problem) for problem in rejected.problems])


@bp.route("/import", methods=["GET", "POST"])
@admin_required
def import_plan():
    """Check a plan file: run the import without keeping it, and show what it would do."""
    form = ImportForm(data={"as_at": clock.today()})
    if not form.validate_on_submit():
        return _render_form(form)
    upload = form.file.data
    content = upload.stream.read()
    filename = upload_name(upload.filename or "")
    _discard_pending()
    token = import_staging.stage_upload(content, filename, user_id=current_user.id, now=clock.now())
    # Kept before the check runs, because the check's own writes are rolled back.
    db.session.commit()
    pending = {
        "token": token,
        "filename": filename,
        "slug": form.slug.data,
        "title": form.title.data,
        "as_at": form.as_at.data.isoformat(),
    }
    rejected: ImportRejected | None = None
    try:
        summary = _import(pending, content)
    except ImportRejected as error:
        rejected = error
    finally:
        # Checking writes nothing: the import ran inside this transaction only to be undone.
        db.session.rollback()
    if rejected is not None:
        import_staging.discard(token, user_id=current_user.id)
        db.session.commit()
        return _rejected(form, rejected)
    session[SESSION_KEY] = pending
    return render_template(
        "admin/import_check.html",
        summary=summary,
        pending=pending,
        breadcrumbs=[
            {"text": "Import a plan file", "href": url_for("admin.import_plan")},
            {"text": "Check the import"},
        ],
    )


@bp.post("/import/confirm")
@admin_required
def confirm_import():
    """Import the file checked just before."""
    pending = session.pop(SESSION_KEY, None)
    staged = None
    if pending and "token" in pending:
        staged = import_staging.take(pending["token"], user_id=current_user.id, now=clock.now())
    if staged is None:
        db.session.rollback()
        flash("There is no checked file waiting to be imported. Choose the file again.", "error")
        return redirect(url_for("admin.import_plan"))
    try:
        summary = _import({**pending, "filename": staged.filename}, staged.content)
    except ImportRejected as rejected:
        # Undoes the import and the taking of the file; the file is then deleted for good.
        db.session.rollback()
        import_staging.discard(pending["token"], user_id=current_user.id)
        db.session.commit()
        form = ImportForm(
            formdata=None,
            data={
                "slug": pending["slug"],
                "title": pending["title"],
                "as_at": date.fromisoformat(pending["as_at"]),
            },
        )
        return _rejected(form, rejected)
    db.session.commit()
    flash(summary.lines()[0], "success")
    return redirect(url_for("admin.plan", slug=summary.plan_slug))


@bp.post("/import/cancel")
@admin_required
def cancel_import():
    """Forget the checked file without importing it."""
    _discard_pending()
    db.session.commit()
    flash("The file was not imported.", "success")
    return redirect(url_for("admin.import_plan"))


def _discard_pending() -> None:
    pending = session.pop(SESSION_KEY, None)
    if pending and "token" in pending:
        import_staging.discard(pending["token"], user_id=current_user.id)

"""Admin pages to import a plan file: check it first, then confirm."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from flask import current_app, flash, redirect, render_template, session, url_for
from flask_login import current_user
from werkzeug.utils import secure_filename

from tracker import clock
from tracker.admin import bp
from tracker.admin.forms import ImportForm
from tracker.auth.permissions import admin_required
from tracker.extensions import db
from tracker.plans.cli import table_limits
from tracker.services import import_staging
from tracker.services.plan_import import ImportRejected, ImportSummary, import_plan_file

SESSION_KEY = "admin_import"
CRUMBS = [{"text": "Import a plan file"}]


def staging_dir() -> Path:
    """Return the folder where checked files wait to be confirmed."""
    configured = current_app.config.get("IMPORT_STAGING_DIR")
    return Path(configured) if configured else Path(current_app.instance_path) / "import-staging"


def _import(pending: dict, path: Path) -> ImportSummary:
    return import_plan_file(
        path,
        slug=pending["slug"],
        title=pending["title"] or None,
        as_at=date.fromisoformat(pending["as_at"]),
        today=clock.today(),
        now=clock.now(),
        limits=table_limits(),
        source=pending["filename"],
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
    filename = secure_filename(upload.filename or "") or "upload"
    suffix = Path(filename).suffix.lower()
    _discard_pending()
    name = import_staging.stage_upload(upload.stream, suffix, staging_dir())
    pending = {
        "name": name,
        "filename": filename,
        "slug": form.slug.data,
        "title": form.title.data,
        "as_at": form.as_at.data.isoformat(),
    }
    try:
        summary = _import(pending, staging_dir() / name)
    except ImportRejected as rejected:
        import_staging.discard(staging_dir(), name)
        return _rejected(form, rejected)
    finally:
        # Checking writes nothing: the import ran inside this transaction only to be undone.
        db.session.rollback()
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
    path = import_staging.staged_path(staging_dir(), pending["name"]) if pending else None
    if path is None:
        flash("There is no checked file waiting to be imported. Choose the file again.", "error")
        return redirect(url_for("admin.import_plan"))
    try:
        summary = _import(pending, path)
    except ImportRejected as rejected:
        db.session.rollback()
        form = ImportForm(
            formdata=None,
            data={
                "slug": pending["slug"],
                "title": pending["title"],
                "as_at": date.fromisoformat(pending["as_at"]),
            },
        )
        return _rejected(form, rejected)
    finally:
        import_staging.discard(staging_dir(), pending["name"])
    db.session.commit()
    flash(summary.lines()[0], "success")
    return redirect(url_for("admin.plan", slug=summary.plan_slug))


@bp.post("/import/cancel")
@admin_required
def cancel_import():
    """Forget the checked file without importing it."""
    _discard_pending()
    flash("The file was not imported.", "success")
    return redirect(url_for("admin.import_plan"))


def _discard_pending() -> None:
    pending = session.pop(SESSION_KEY, None)
    if pending:
        import_staging.discard(staging_dir(), pending["name"])

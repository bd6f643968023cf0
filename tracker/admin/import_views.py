"""Admin pages to import a plan file: upload, columns, status words, preview, then import."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import cached_property, wraps
from typing import Any, cast

from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_login import current_user

from tracker import clock, transactions
from tracker.admin import bp
from tracker.admin.forms import ImportForm, KeepLeadWholeForm
from tracker.admin.helpers import kept_whole_message, save
from tracker.admin.import_forms import (
    DAY_FIRST,
    column_field_name,
    columns_form,
    read_word_choices,
    status_words_form,
    word_field_names,
)
from tracker.auth.permissions import admin_required
from tracker.domain.import_mapping import FoundStatusWord
from tracker.domain.plan_rows import ParsedPlan
from tracker.domain.status_key import StatusKey
from tracker.domain.upload_names import upload_name
from tracker.form_fields import error_summary_items
from tracker.plans.cli import table_limits
from tracker.services import import_staging, import_wizard, organisations
from tracker.services.import_wizard import WizardChoices
from tracker.services.plan_import import ImportRejected, ImportSummary
from tracker.services.tabular import Sheet

SESSION_KEY = "admin_import"
CRUMBS = [{"text": "Import a plan file"}]
STEPS = (
    ("admin.import_plan", "Upload"),
    ("admin.import_columns", "Columns"),
    ("admin.import_status_words", "Status words"),
    ("admin.import_preview", "Preview"),
)


@dataclass
class _Upload:
    """The staged upload the steps work on, read back from the database."""

    pending: dict
    filename: str
    content: bytes
    sheet: Sheet
    choices: WizardChoices
    key: StatusKey

    @property
    def rows(self) -> list[list[str]]:
        """Return the sheet's rows as read."""
        return self.sheet.rows

    @cached_property
    def cells(self) -> list[list[str]]:
        """Return the cells' texts as the import reads them."""
        return import_wizard.cell_texts(self.rows)

    def keep(self) -> None:
        """Keep the choices with the staged file for the next step."""
        import_staging.keep_choices(
            self.pending["token"], self.choices.to_json(), user_id=current_user.id
        )


def _crumbs(step: str) -> list[dict]:
    return [
        {"text": "Import a plan file", "href": url_for("admin.import_plan")},
        {"text": step},
    ]


def _render_form(form: ImportForm, problems: Sequence[str] = ()):
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


def _dry_run(upload: _Upload) -> ImportSummary:
    """Run the import in a savepoint and undo it, to say what it would do."""
    with transactions.trial():
        return _import(upload)


def _import(upload: _Upload) -> ImportSummary:
    pending = upload.pending
    return import_wizard.import_choices(
        upload.sheet,
        upload.choices,
        slug=pending["slug"],
        title=pending["title"] or None,
        as_at=date.fromisoformat(pending["as_at"]),
        today=clock.today(),
        now=clock.now(),
        source=upload.filename,
        user_id=current_user.id,
    )


def _unknown_words(upload: _Upload) -> list[FoundStatusWord]:
    return import_wizard.unknown_words(upload.cells, upload.choices, upload.key)


@bp.route("/import", methods=["GET", "POST"])
@admin_required
def import_plan():
    """Upload a plan file; a file whose columns need no choices goes straight to the preview."""
    form = ImportForm(data={"as_at": clock.today()})
    if not form.validate_on_submit():
        return _render_form(form)
    upload_file = form.file.data
    content = upload_file.stream.read()
    filename = upload_name(upload_file.filename or "")
    _discard_pending()
    try:
        sheet = import_wizard.read_upload(content, filename, table_limits())
        key = import_wizard.plan_status_key(form.slug.data)
    except ImportRejected as rejected:
        return _rejected(form, rejected)
    token = import_staging.stage_upload(content, filename, user_id=current_user.id, now=clock.now())
    pending = {
        "token": token,
        "filename": filename,
        "slug": form.slug.data,
        "title": form.title.data,
        # A valid form has its as-at date.
        "as_at": cast(date, form.as_at.data).isoformat(),
    }
    cells = import_wizard.cell_texts(sheet.rows)
    choices = import_wizard.choices_from_saved_mapping(cells, form.slug.data)
    skipped = "saved"
    if choices is None:
        choices = import_wizard.guess_choices(cells, key)
        choices.columns_confirmed = import_wizard.is_standard_layout(choices)
        skipped = "standard"
    upload = _Upload(pending, filename, content, sheet, choices, key)
    choices.words_confirmed = choices.columns_confirmed and not _unknown_words(upload)
    upload.keep()
    session[SESSION_KEY] = pending
    if not choices.words_confirmed:
        return redirect(url_for(_next_step(choices)))
    try:
        summary = _dry_run(upload)
    except ImportRejected as rejected:
        _discard_pending()
        return _rejected(form, rejected)
    return _render_preview(upload, summary, [], skipped=skipped)


def _next_step(choices: WizardChoices) -> str:
    if not choices.columns_confirmed:
        return "admin.import_columns"
    if not choices.words_confirmed:
        return "admin.import_status_words"
    return "admin.import_preview"


def _load_upload() -> _Upload | None:
    """Return the upload of this session's import, or None when there is none waiting."""
    pending = session.get(SESSION_KEY)
    if not pending or "token" not in pending:
        return None
    staged = import_staging.peek(pending["token"], user_id=current_user.id, now=clock.now())
    if staged is None or staged.choices is None:
        return None
    return _upload_from(pending, staged, staged.choices)


def _upload_from(
    pending: dict, staged: import_staging.StagedFile, choices: dict[str, Any]
) -> _Upload:
    """Read a staged file again with the choices kept beside it."""
    return _Upload(
        pending,
        staged.filename,
        staged.content,
        import_wizard.read_upload(staged.content, staged.filename, table_limits()),
        WizardChoices.from_json(choices),
        import_wizard.plan_status_key(pending["slug"]),
    )


def _nothing_waiting():
    flash("There is no file waiting to be imported. Choose the file again.", "error")
    return redirect(url_for("admin.import_plan"))


def _with_upload(view: Callable[..., Any]) -> Callable[..., Any]:
    """Give a wizard step the staged upload, or send the administrator back to the upload page."""

    @wraps(view)
    def step(*args: Any, **kwargs: Any) -> Any:
        try:
            upload = _load_upload()
        except ImportRejected as rejected:
            return _step_refused(rejected)
        if upload is None:
            return _nothing_waiting()
        return view(upload, *args, **kwargs)

    return step


def _step_refused(rejected: ImportRejected):
    """Forget the upload a step cannot go on with, saying why on the upload page."""
    _discard_pending()
    flash("The file was not imported: " + "; ".join(map(str, rejected.problems)), "error")
    return redirect(url_for("admin.import_plan"))


@bp.route("/import/columns", methods=["GET", "POST"])
@admin_required
@_with_upload
def import_columns(upload: _Upload):
    """Show every header of the file with the field it was matched to, and let them change."""
    choices = upload.choices
    listed = import_wizard.column_choices(upload.cells, choices)
    form = columns_form(
        listed,
        len(upload.rows),
        data={
            "header_row": choices.header_row,
            "title_row": choices.mapping.title_row,
            "date_order": DAY_FIRST if choices.mapping.day_first else "month",
        },
    )
    reread = False
    if form.validate_on_submit():
        header_row, title_row = form.header_row.data, form.title_row.data
        if title_row is not None and header_row is not None and title_row >= header_row:
            form.title_row.errors = [
                f"The title row must be above the header row (row {header_row}), or left empty"
            ]
        elif header_row != choices.header_row:
            # Another header row has other headers: they are guessed afresh and shown.
            upload.choices = import_wizard.guess_choices(upload.cells, upload.key, header_row)
            upload.choices.mapping = replace(
                upload.choices.mapping, day_first=form.date_order.data == DAY_FIRST
            )
            upload.keep()
            listed = import_wizard.column_choices(upload.cells, upload.choices)
            form = columns_form(
                listed,
                len(upload.rows),
                formdata=None,
                data={
                    "header_row": header_row,
                    "title_row": upload.choices.mapping.title_row,
                    "date_order": form.date_order.data,
                },
            )
            reread = True
        elif not listed:
            form.header_row.errors = [
                f"Row {header_row} has no headers: enter the number of the row that holds them"
            ]
        else:
            places = {column.index: form[column_field_name(column)].data for column in listed}
            upload.choices = import_wizard.with_columns(
                choices,
                places,
                upload.cells,
                title_row,
                day_first=form.date_order.data == DAY_FIRST,
            )
            listed = import_wizard.column_choices(upload.cells, upload.choices)
            problems = import_wizard.columns_problems(listed)
            for column in listed:
                if column.index in problems:
                    form[column_field_name(column)].errors = [problems[column.index]]
            if not problems:
                upload.choices.columns_confirmed = True
                upload.choices.words = {}
                upload.choices.new_entries = {}
                upload.choices.words_confirmed = not _unknown_words(upload)
                upload.keep()
                return redirect(url_for("admin.import_status_words"))
    return render_template(
        "admin/import_columns.html",
        form=form,
        columns=listed,
        column_field_name=column_field_name,
        upload=upload,
        title_text=upload.choices.mapping.title,
        reread=reread,
        steps=STEPS,
        step="admin.import_columns",
        errors=error_summary_items(form),
        breadcrumbs=_crumbs("Columns"),
    )


@bp.route("/import/status-words", methods=["GET", "POST"])
@admin_required
@_with_upload
def import_status_words(upload: _Upload):
    """Show every status word of the file with its key entry; unknown words must be placed."""
    choices = upload.choices
    if not choices.columns_confirmed:
        return redirect(url_for("admin.import_columns"))
    words = import_wizard.status_words(upload.cells, choices, upload.key)
    unknown = [word for word in words if word.entry is None]
    data: dict[str, object] = {}
    for position, word in enumerate(unknown):
        names = word_field_names(position)
        new = choices.new_entries.get(word.word)
        if new is not None:
            data |= {
                names["entry"]: "new",
                names["label"]: new.label,
                names["colour"]: new.colour.value,
                names["completion"]: new.completion.value,
                names["exception"]: new.exception,
            }
        elif word.word in choices.words:
            data[names["entry"]] = choices.words[word.word]
    form = status_words_form(unknown, upload.key, data=data)
    if form.validate_on_submit():
        assigned, added = read_word_choices(form, unknown, upload.key)
        choices.words, choices.new_entries = assigned, added
        for text, message in import_wizard.new_entries_problems(upload.key, choices).items():
            position = next((index for index, found in enumerate(unknown) if found.word == text), 0)
            form[word_field_names(position)["label"]].errors = [message]
        if not any(field.errors for field in form):
            choices.words_confirmed = True
            upload.keep()
            return redirect(url_for("admin.import_preview"))
    return render_template(
        "admin/import_status_words.html",
        form=form,
        words=words,
        unknown=unknown,
        word_field_names=word_field_names,
        upload=upload,
        steps=STEPS,
        step="admin.import_status_words",
        errors=error_summary_items(form),
        breadcrumbs=_crumbs("Status words"),
    )


@bp.get("/import/preview")
@admin_required
@_with_upload
def import_preview(upload: _Upload):
    """Show each row as it will be stored, and the problems by row and column."""
    if not upload.choices.words_confirmed:
        return redirect(url_for(_next_step(upload.choices)))
    try:
        summary = _dry_run(upload)
    except ImportRejected as rejected:
        return _render_preview(upload, None, rejected.problems, skipped=None)
    return _render_preview(upload, summary, [], skipped=None)


def _parsed(upload: _Upload) -> ParsedPlan:
    """Read every row of the upload as the import will store it."""
    return import_wizard.preview(
        upload.sheet,
        upload.choices,
        upload.key,
        slug=upload.pending["slug"],
        as_at=date.fromisoformat(upload.pending["as_at"]),
    )


def _render_preview(
    upload: _Upload, summary: ImportSummary | None, problems: list, *, skipped: str | None
):
    parsed = _parsed(upload)
    shown = [{"text": str(problem)} for problem in dict.fromkeys([*parsed.problems, *problems])]
    return render_template(
        "admin/import_check.html",
        summary=summary,
        parsed=parsed,
        split_leads=import_wizard.split_leads_found(parsed),
        people=[] if summary is None else import_wizard.people_choices(summary, upload.choices),
        problems=shown,
        pending=upload.pending,
        skipped=skipped,
        steps=STEPS,
        step="admin.import_preview",
        breadcrumbs=_crumbs("Check the import"),
    )


@bp.post("/import/keep-lead-whole")
@admin_required
@_with_upload
def import_keep_lead_whole(upload: _Upload):
    """Keep a Lead text the preview splits as one lead, for this import and every later one."""
    form = KeepLeadWholeForm()
    if not form.validate_on_submit() or form.lead_text.data is None:
        abort(400, "The form lost the Lead text. Open the preview again.")
    slug = upload.pending["slug"]
    split = import_wizard.split_lead_named(_parsed(upload), form.lead_text.data)
    if split is None:
        flash(
            f"'{form.lead_text.data}' is not a Lead text this file's preview reads as more than "
            "one lead; nothing was kept. Look at the leads again.",
            "error",
        )
        return redirect(url_for("admin.import_preview"))
    ok, kept = save(
        None,
        lambda: organisations.keep_lead_whole_for_import(slug, split.text, user_id=current_user.id),
    )
    if ok:
        flash(kept_whole_message(kept), "success")
    return redirect(url_for("admin.import_preview"))


@bp.post("/import/people")
@admin_required
@_with_upload
def import_people(upload: _Upload):
    """Read each new name close to an existing person as that person, or as a new person."""
    if not upload.choices.words_confirmed:
        return redirect(url_for(_next_step(upload.choices)))
    try:
        decided = import_wizard.people_choices(_dry_run(upload), upload.choices)
    except ImportRejected:
        flash("The file cannot be imported as it is read now; fix its problems first.", "error")
        return redirect(url_for("admin.import_preview"))
    answers: dict[str, str] = {}
    for position, choice in enumerate(decided):
        if request.form.get(f"name-{position}") != choice.name:
            flash(
                "The people to decide on have changed since the page was shown. Choose again.",
                "error",
            )
            return redirect(url_for("admin.import_preview"))
        answers[choice.name] = request.form.get(f"person-{position}", "")
    upload.choices = import_wizard.with_people(upload.choices, decided, answers)
    upload.keep()
    flash("Your choices of who is who are saved. Check the import again.", "success")
    return redirect(url_for("admin.import_preview"))


@bp.post("/import/confirm")
@admin_required
def confirm_import():
    """Import the file checked just before, as its confirmed columns and status words read it."""
    pending = session.pop(SESSION_KEY, None)
    staged = None
    if pending and "token" in pending:
        staged = import_staging.take(pending["token"], user_id=current_user.id, now=clock.now())
    if staged is None or staged.choices is None or not staged.choices.get("words_confirmed"):
        flash("There is no checked file waiting to be imported. Choose the file again.", "error")
        return redirect(url_for("admin.import_plan"))
    try:
        with transactions.savepoint():
            upload = _upload_from(pending, staged, staged.choices)
            summary = _import(upload)
    except ImportRejected as rejected:
        # Only the import is undone: the file stays taken, and so deleted for good.
        form = ImportForm(
            formdata=None,
            data={
                "slug": pending["slug"],
                "title": pending["title"],
                "as_at": date.fromisoformat(pending["as_at"]),
            },
        )
        return _rejected(form, rejected)
    flash(summary.lines()[0], "success")
    return redirect(url_for("admin.plan", slug=summary.plan_slug))


@bp.post("/import/cancel")
@admin_required
def cancel_import():
    """Forget the uploaded file without importing it."""
    _discard_pending()
    flash("The file was not imported.", "success")
    return redirect(url_for("admin.import_plan"))


def _discard_pending() -> None:
    pending = session.pop(SESSION_KEY, None)
    if pending and "token" in pending:
        import_staging.discard(pending["token"], user_id=current_user.id)

"""The update form's evidence: a note, links one per line and files."""

from __future__ import annotations

import sys

from flask import current_app
from flask_wtf.file import MultipleFileField
from govuk_frontend_wtf.wtforms_widgets import GovFileInput, GovTextArea
from werkzeug.datastructures import FileStorage
from wtforms import Field, Form, TextAreaField, ValidationError

from tracker.domain.evidence_files import (
    MOST_FILES_AT_ONCE,
    EvidenceProblem,
    EvidenceUpload,
    check_files,
    parse_links,
    size_words,
)
from tracker.domain.text_limits import EVIDENCE_NOTE
from tracker.form_fields import WithinLimit


def evidence_fields() -> tuple[TextAreaField, TextAreaField, MultipleFileField]:
    """Return the note, links and files fields, to be named evidence_note, _links and _files."""
    return (
        TextAreaField(
            "Evidence note (optional)",
            validators=[WithinLimit(EVIDENCE_NOTE)],
            widget=GovTextArea(),
            description="What shows the work was done, for example: Audit report to the "
            "Safeguarding Board, 12 March 2011, minute 7.",
        ),
        TextAreaField(
            "Evidence links (optional)",
            validators=[_links_are_web_addresses],
            widget=GovTextArea(),
            description="One web address per line, starting http:// or https://. Words before "
            "the address name it, for example: Board minutes https://example.gov.uk/minutes",
        ),
        MultipleFileField(
            "Evidence files (optional)",
            validators=[_files_are_accepted],
            widget=GovFileInput(multiple=True),
        ),
    )


def files_hint() -> str:
    """Say which files are accepted and how big they may be."""
    largest = size_words(int(current_app.config["EVIDENCE_MAX_FILE_BYTES"]))
    return (
        f"PDF, Word (.docx), Excel (.xlsx), PNG, JPEG or GIF; up to {MOST_FILES_AT_ONCE} "
        f"files of {largest} each, {size_words(current_app.config['MAX_CONTENT_LENGTH'])} "
        "in all."
    )


def uploads(field: Field) -> list[EvidenceUpload]:
    """Return the files chosen in the field, read once and kept for the update to store."""
    kept = getattr(field, "uploads", None)
    if kept is None:
        chosen = [item for item in field.data or [] if isinstance(item, FileStorage)]
        kept = [EvidenceUpload(name=item.filename or "", data=item.read()) for item in chosen]
        field.uploads = kept
    return kept


def link_lines(field: Field) -> list[str]:
    """Return the links field's lines."""
    return (field.data or "").splitlines()


def _links_are_web_addresses(form: Form, field: Field) -> None:
    try:
        parse_links(link_lines(field))
    except EvidenceProblem as problem:
        raise ValidationError(str(problem)) from problem


def _files_are_accepted(form: Form, field: Field) -> None:
    # The action's own cap is checked when the files are kept, against what it holds then.
    try:
        check_files(
            uploads(field),
            largest=int(current_app.config["EVIDENCE_MAX_FILE_BYTES"]),
            room_left=sys.maxsize,
        )
    except EvidenceProblem as problem:
        raise ValidationError(str(problem)) from problem

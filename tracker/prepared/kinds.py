"""Name each document that may be prepared aside, and how to build it from its recorded choices.

Adding a document is one entry in KINDS: its words, file type and a function that builds its
bytes from a DocumentJob; the route that offers it calls deliver (a plan's document) or
deliver_document (any other) in tracker/prepared/delivery.py.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from tracker.auth.permissions import SignedInUser
from tracker.models import Plan


class DocumentRefused(Exception):
    """Say, in words for the person who asked, why this document cannot be built."""


@dataclass(frozen=True)
class DocumentJob:
    """One document to build: its plan (if any), its choices, its file name and who asked."""

    plan: Plan | None
    options: Mapping[str, str]
    filename: str
    account: SignedInUser
    generated_at: datetime


@dataclass(frozen=True)
class DocumentKind:
    """A document that may be prepared aside: what it is called, its file type, how it is built."""

    # Completes "Preparing …" and "… is ready".
    title: str
    mimetype: str
    # Downloaded as a file rather than shown in the browser.
    attachment: bool
    build: Callable[[DocumentJob], bytes]
    # Its content depends on who asked (such as every plan they may read), so only they see it.
    per_account: bool = False


PDF = "application/pdf"
# As tracker.reports.word.MIMETYPE, which cannot be imported here: the reports import this.
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
EXPORT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def _plan(job: DocumentJob) -> Plan:
    if job.plan is None:
        raise DocumentRefused("The plan this document was for no longer exists.")
    return job.plan


def _plan_report_pdf(*, red_only: bool) -> Callable[[DocumentJob], bytes]:
    def build(job: DocumentJob) -> bytes:
        from tracker.reports import pdf
        from tracker.services import reports

        as_at = date.fromisoformat(job.options["as_at"])
        report = reports.load_plan_report(_plan(job), as_at, red_only=red_only)
        return pdf.plan_pdf(report, job.generated_at)

    return build


def _plan_report_docx(*, red_only: bool) -> Callable[[DocumentJob], bytes]:
    def build(job: DocumentJob) -> bytes:
        from tracker.reports import word
        from tracker.services import reports

        as_at = date.fromisoformat(job.options["as_at"])
        report = reports.load_plan_report(_plan(job), as_at, red_only=red_only)
        return word.plan_docx(report, job.generated_at)

    return build


def _plan_export(job: DocumentJob) -> bytes:
    from tracker.services.plan_export import ExportLayout, ExportRefused, export_plan

    as_at = date.fromisoformat(job.options["as_at"])
    layout = ExportLayout(job.options["layout"])
    try:
        return export_plan(_plan(job), as_at, name=job.filename, layout=layout).content
    except ExportRefused as error:
        raise DocumentRefused(f"The plan cannot be exported like that: {error}.") from error


def _overdue_pdf(job: DocumentJob) -> bytes:
    from tracker.auth.permissions import readable_plan_ids
    from tracker.services import overdue

    today = date.fromisoformat(job.options["as_at"])
    return overdue.overdue_pdf(readable_plan_ids(job.account), today, job.generated_at)


KINDS: dict[str, DocumentKind] = {
    "plan_pdf": DocumentKind(
        "the whole plan as a PDF", PDF, False, _plan_report_pdf(red_only=False)
    ),
    "plan_docx": DocumentKind(
        "the whole plan as a Word document", DOCX, True, _plan_report_docx(red_only=False)
    ),
    "exceptions_pdf": DocumentKind(
        "the exception report as a PDF", PDF, False, _plan_report_pdf(red_only=True)
    ),
    "exceptions_docx": DocumentKind(
        "the exception report as a Word document", DOCX, True, _plan_report_docx(red_only=True)
    ),
    "plan_export_xlsx": DocumentKind(
        "the plan's export as a spreadsheet", EXPORT_TYPES["xlsx"], True, _plan_export
    ),
    "plan_export_csv": DocumentKind(
        "the plan's export as a CSV file", EXPORT_TYPES["csv"], True, _plan_export
    ),
    "overdue_pdf": DocumentKind(
        "the overdue actions across your plans as a PDF", PDF, True, _overdue_pdf, per_account=True
    ),
}

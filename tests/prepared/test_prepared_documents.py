"""A big plan's documents are prepared outside the request and downloaded when ready."""

from __future__ import annotations

import csv
import io
import socket
import subprocess
import sys
from datetime import timedelta

import docx
import openpyxl
import pypdf
from sqlalchemy import select, update

from tests.factories import add_update, make_action
from tests.prepared.conftest import AS_AT, BIG_PLAN_TITLE
from tracker import clock
from tracker.domain.prepared_documents import STOPPED_MESSAGE, JobStatus
from tracker.extensions import db
from tracker.models import Action, Plan, PreparedDocument
from tracker.prepared import builder
from tracker.services import prepared_documents

PLAN_PDF = f"/reports/big/plan.pdf?as_at={AS_AT.isoformat()}"


def _token(response) -> str:
    assert response.status_code == 303, response.status_code
    location = response.headers["Location"]
    assert location.startswith("/prepared/"), location
    return location.removeprefix("/prepared/")


def _job(token: str) -> PreparedDocument:
    db.session.rollback()
    return db.session.scalars(select(PreparedDocument).where(PreparedDocument.token == token)).one()


def _pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages)


def test_a_small_plan_pdf_comes_at_once_from_the_same_address(as_panel):
    response = as_panel.get(f"/reports/small/plan.pdf?as_at={AS_AT.isoformat()}")

    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert "Small plan – Performance Measures" in _pdf_text(response.data)
    assert db.session.scalar(select(PreparedDocument.id)) is None


def test_a_big_plan_pdf_is_prepared_then_downloaded_from_its_page(as_panel):
    token = _token(as_panel.get(PLAN_PDF))

    waiting = as_panel.get(f"/prepared/{token}")
    assert waiting.status_code == 200
    assert "Preparing the whole plan as a PDF" in waiting.text
    assert int(waiting.headers["Refresh"]) > 0
    assert as_panel.get(f"/prepared/{token}/download").status_code == 303

    assert builder.build(token) is True

    ready = as_panel.get(f"/prepared/{token}")
    assert "The whole plan as a PDF is ready" in ready.text
    assert "Refresh" not in ready.headers
    download = as_panel.get(f"/prepared/{token}/download")
    assert download.status_code == 200
    assert download.mimetype == "application/pdf"
    assert download.headers["Content-Disposition"] == 'inline; filename="big-2011-03-31-plan.pdf"'
    text = _pdf_text(download.data)
    assert BIG_PLAN_TITLE in text
    assert "Recruit social workers 2" in text


def test_a_big_plan_word_document_is_prepared_and_reads_back(as_panel):
    token = _token(as_panel.get(f"/reports/big/plan.docx?as_at={AS_AT.isoformat()}"))
    builder.build(token)

    download = as_panel.get(f"/prepared/{token}/download")

    assert download.headers["Content-Disposition"].startswith("attachment;")
    document = docx.Document(io.BytesIO(download.data))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert any("Recruit social workers 1" in cell for cell in cells)


def test_a_big_plan_export_is_prepared_as_a_spreadsheet_and_as_csv(as_panel):
    xlsx_token = _token(as_panel.get("/plans/big/export?format=xlsx&layout=standard"))
    csv_token = _token(as_panel.get("/plans/big/export?format=csv&layout=standard"))
    assert xlsx_token != csv_token
    builder.build(xlsx_token)
    builder.build(csv_token)

    workbook = openpyxl.load_workbook(
        io.BytesIO(as_panel.get(f"/prepared/{xlsx_token}/download").data), read_only=True
    )
    values = [value for row in workbook.active.iter_rows(values_only=True) for value in row]
    assert "Recruit social workers 2" in values
    rows = list(csv.reader(io.StringIO(as_panel.get(f"/prepared/{csv_token}/download").text)))
    assert any("Recruit social workers 1" in row for row in rows)


def test_asking_again_reuses_the_job_until_the_plan_changes(as_panel, plans):
    first = _token(as_panel.get(PLAN_PDF))
    assert _token(as_panel.get(PLAN_PDF)) == first
    builder.build(first)
    assert _token(as_panel.get(PLAN_PDF)) == first
    assert _token(as_panel.get("/reports/big/plan.pdf?as_at=2011-03-30")) != first

    add_update(db.session.get(Action, plans.big_action_id), as_at=AS_AT, commentary="Done")
    db.session.commit()

    assert _token(as_panel.get(PLAN_PDF)) != first


def test_a_document_that_cannot_be_built_says_why_and_can_be_tried_again(as_panel):
    # The plan was never imported, so it has no layout of its own to export in.
    token = _token(as_panel.get("/plans/big/export?format=csv&layout=council"))
    builder.build(token)

    failed = as_panel.get(f"/prepared/{token}")
    assert "The plan&#39;s export as a CSV file could not be prepared" in failed.text
    assert "has no saved column mapping" in failed.text
    assert as_panel.get(f"/prepared/{token}/download").status_code == 303
    assert _token(as_panel.get("/plans/big/export?format=csv&layout=council")) != token

    assert as_panel.post(f"/prepared/{token}/again").status_code == 303
    assert _job(token).status is JobStatus.QUEUED
    assert builder.build(token) is True
    assert _job(token).status is JobStatus.FAILED


def test_a_job_whose_builder_died_fails_when_its_lease_lapses(as_panel):
    token = _token(as_panel.get(PLAN_PDF))
    now = clock.now()
    assert prepared_documents.claim(token, "gone:1:x", now - timedelta(hours=1), timedelta(0))
    db.session.commit()

    page = as_panel.get(f"/prepared/{token}")

    assert STOPPED_MESSAGE in page.text
    assert "Try again" in page.text
    assert _job(token).status is JobStatus.FAILED
    assert builder.build(token) is False
    assert _token(as_panel.get(PLAN_PDF)) != token


def test_a_job_whose_builder_process_here_is_gone_fails_at_once(as_panel):
    token = _token(as_panel.get(PLAN_PDF))
    # A process of this host that has ended, as a web worker killed mid-build has.
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    holder = f"{socket.gethostname()}:{gone.pid}:x"
    assert prepared_documents.claim(token, holder, clock.now(), timedelta(hours=1))
    db.session.commit()

    assert STOPPED_MESSAGE in as_panel.get(f"/prepared/{token}").text
    assert _job(token).status is JobStatus.FAILED


def test_a_late_result_from_a_lapsed_builder_is_not_stored(app, as_panel):
    token = _token(as_panel.get(PLAN_PDF))
    assert prepared_documents.claim(token, "slow:1:x", clock.now(), timedelta(0))
    prepared_documents.expire_lapsed(clock.now())

    assert prepared_documents.finish(token, "slow:1:x", b"%PDF", clock.now()) is False
    db.session.commit()
    assert _job(token).content is None


def test_documents_older_than_a_day_are_deleted_when_another_is_asked_for(as_panel):
    old = _token(as_panel.get(PLAN_PDF))
    db.session.execute(update(PreparedDocument).values(created_at=clock.now() - timedelta(days=2)))
    db.session.commit()

    new = _token(as_panel.get(PLAN_PDF))

    assert new != old
    assert as_panel.get(f"/prepared/{old}").status_code == 404


def test_only_readers_of_the_plan_may_see_or_download_its_document(app, sign_in, plans):
    panel = app.test_client()
    sign_in(panel, plans.panel)
    token = _token(panel.get(PLAN_PDF))
    builder.build(token)
    lead, other_lead = app.test_client(), app.test_client()
    sign_in(lead, plans.lead)
    sign_in(other_lead, plans.other_lead)

    assert lead.get(f"/prepared/{token}").status_code == 200
    assert lead.get(f"/prepared/{token}/download").status_code == 200
    assert other_lead.get(f"/prepared/{token}").status_code == 403
    assert other_lead.get(f"/prepared/{token}/download").status_code == 403
    assert other_lead.post(f"/prepared/{token}/again").status_code == 403
    assert app.test_client().get(f"/prepared/{token}").status_code == 302
    assert panel.get("/prepared/not-a-token").status_code == 404
    assert panel.get(f"/prepared/{token}x/download").status_code == 404


def test_the_command_builds_every_queued_document(as_panel, runner):
    pdf_token = _token(as_panel.get(PLAN_PDF))
    csv_token = _token(as_panel.get("/plans/big/export?format=csv&layout=standard"))

    result = runner.invoke(args=["prepared", "build"])

    assert result.exit_code == 0, result.output
    assert result.output == "Prepared 2 documents.\n"
    assert _job(pdf_token).status is JobStatus.READY
    assert _job(csv_token).status is JobStatus.READY
    assert runner.invoke(args=["prepared", "build"]).output == "Prepared 0 documents.\n"


def test_a_long_overdue_list_is_prepared_for_the_lead_who_asked_with_only_their_plans(
    app, sign_in, plans
):
    big = db.session.scalars(select(Plan).where(Plan.slug == plans.big)).one()
    for number in (3, 4):
        make_action(
            big,
            ref=f"1.{number}",
            text=f"Recruit social workers {number}",
            leads=[plans.lead.person],
        )
    overdue_on = clock.today() - timedelta(days=30)
    db.session.execute(update(Action).values(target_date=overdue_on))
    db.session.commit()
    lead = app.test_client()
    sign_in(lead, plans.lead)
    token = _token(lead.get("/plans/overdue.pdf"))
    other_lead = app.test_client()
    sign_in(other_lead, plans.other_lead)

    assert builder.build(token) is True

    assert other_lead.get(f"/prepared/{token}").status_code in (403, 404)
    download = lead.get(f"/prepared/{token}/download")
    assert download.status_code == 200
    assert download.mimetype == "application/pdf"
    text = _pdf_text(download.data)
    assert "Recruit social workers 1" in text and "Recruit social workers 2" in text
    assert "Audit case files" not in text

"""Short titles given by administrators and report notes, in the boxes of every format."""

import io
from datetime import UTC, date, datetime

import pytest
from docx import Document
from pypdf import PdfReader

from tests.factories import add_update, make_action, make_person, make_plan
from tracker.domain.as_at import Month
from tracker.domain.enums import Completion
from tracker.extensions import db
from tracker.reports import pdf, word
from tracker.services import reports

GENERATED = datetime(2009, 11, 18, 10, 30, tzinfo=UTC)
TODAY = GENERATED.date()
NOTE = "Dependent upon outcomes of the Value for Money Review"


@pytest.fixture
def noted_plan(app):
    plan = make_plan(slug="noted", title="Noted plan")
    lead = make_person("Deb Johnson")
    reviewed = make_action(
        plan,
        ref="2.01",
        text="Review the commissioning of short breaks for disabled children",
        leads=[lead],
        target_date=date(2009, 9, 30),
    )
    add_update(reviewed, as_at=date(2009, 9, 1), report_note="An older note, since replaced")
    add_update(
        reviewed,
        as_at=date(2009, 10, 1),
        completion=Completion.NOT_COMPLETED,
        report_note=NOTE,
    )
    titled = make_action(
        plan,
        ref="2.02",
        text="Ensure that every looked after child has an up to date personal education plan "
        "reviewed each term with the designated teacher",
        leads=[lead],
        target_date=date(2009, 9, 30),
    )
    titled.short_title = "Personal education plans"
    add_update(titled, as_at=date(2009, 10, 1), completion=Completion.NOT_COMPLETED)
    db.session.commit()
    return plan


def test_the_pdf_boxes_show_the_given_short_title_and_the_note_as_a_footnote(noted_plan):
    report = reports.load_highlight_report(noted_plan, Month(2009, 10), today=TODAY)

    pages = [
        " ".join(page.extract_text().split())
        for page in PdfReader(io.BytesIO(pdf.highlight_pdf(report, GENERATED))).pages
    ]

    glance = next(page for page in pages if "October 2009 at a glance" in page)
    assert "2.01 Review the commissioning of short breaks for disabled children *" in glance
    assert "2.02 Personal education plans" in glance
    assert f"* {NOTE}" in glance
    assert "An older note" not in " ".join(pages)


def test_the_word_boxes_show_the_given_short_title_and_the_note(noted_plan):
    report = reports.load_highlight_report(noted_plan, Month(2009, 10), today=TODAY)

    document = Document(io.BytesIO(word.highlight_docx(report, GENERATED)))

    boxes = next(t for t in document.tables if t.rows[0].cells[0].text.startswith("Completed"))
    overdue = boxes.rows[3].cells[0].text.splitlines()
    assert overdue == [
        "2.01 Review the commissioning of short breaks for disabled children *",
        "2.02 Personal education plans",
        f"* {NOTE}",
    ]


def test_the_highlight_page_boxes_show_the_note_under_the_box(noted_plan, panel_client):
    html = panel_client.get("/reports/noted/highlight?month=2009-10").get_data(as_text=True)

    glance = html[html.index("October 2009 at a glance") :]
    assert "<li>2.02 Personal education plans</li>" in glance
    reviewed = "2.01 Review the commissioning of short breaks for disabled children *"
    assert f"<li>{reviewed}</li>" in glance
    assert f"* {NOTE}" in glance

"""Word documents read back with python-docx: headings, header rows, alt text, language, text."""

import io
from datetime import UTC, date, datetime

import pytest
from docx import Document
from docx.oxml.ns import qn

from tests.factories import add_update, make_action, make_person, make_plan, make_theme
from tracker.domain.as_at import Month
from tracker.domain.enums import Completion, Direction, Rag
from tracker.extensions import db
from tracker.models import Achievement, Risk
from tracker.reports import word
from tracker.services import reports

# Long after every month these tests report on, so no report is provisional.
LATER = date(2026, 1, 1)

GENERATED = datetime(2009, 11, 2, 9, 15, tzinfo=UTC)
HOSTILE = '<w:p><w:r><w:t>injected</w:t></w:r></w:p> {{ config }} {% if %} & "q"'


def read(content: bytes):
    assert content.startswith(b"PK")
    return Document(io.BytesIO(content))


def headings(document) -> list[tuple[int, str]]:
    return [
        (int(paragraph.style.name.removeprefix("Heading ")), paragraph.text)
        for paragraph in document.paragraphs
        if paragraph.style.name.startswith("Heading ")
    ]


def table_rows(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def header_row_repeats(table) -> bool:
    properties = table.rows[0]._tr.trPr
    return properties is not None and properties.find(qn("w:tblHeader")) is not None


def document_language(document) -> str:
    defaults = document.styles.element.find(qn("w:docDefaults"))
    return defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:lang")).get(qn("w:val"))


def whole_text(document) -> str:
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def test_the_highlight_document_has_headings_header_rows_and_the_papers_figures(
    october_2009_plan,
):
    report = reports.load_highlight_report(october_2009_plan, Month(2009, 10), today=LATER)

    document = read(word.highlight_docx(report, GENERATED))

    found = headings(document)
    assert found[0] == (1, "CYPS Improvement Plan 2009/10 – October Highlight Report")
    assert (2, "Overall Completion Status 31 October 2009") in found
    assert (2, "Completion by theme") in found
    assert (3, "1. Management arrangements") in found
    assert (2, "Completed in October 2009 (106)") in found
    assert (2, "Planned for November 2009") in found
    assert (2, "Risks and issues") in found
    assert (2, "Percentage of actions completed at each month end") in found
    assert {level for level, _ in found} == {1, 2, 3}
    assert document.tables and all(header_row_repeats(table) for table in document.tables)
    overall = table_rows(document.tables[0])
    assert overall[0] == [
        "",
        "Total actions",
        "Completed",
        "Not completed",
        "Partially completed",
        "Completion status not known",
    ]
    assert overall[1] == ["Actions", "181", "106", "29", "46", "0"]
    assert overall[2][2:] == ["58.56%", "16.02%", "25.41%", "0.00%"]
    assert "Generated 2 November 2009, 09:15 GMT by Improvement Tracker." in whole_text(document)


def test_the_four_boxes_are_a_two_by_two_table_of_short_titles(october_2009_plan):
    report = reports.load_highlight_report(october_2009_plan, Month(2009, 10), today=LATER)

    document = read(word.highlight_docx(report, GENERATED))

    boxes = next(
        table for table in document.tables if table.rows[0].cells[0].text.startswith("Completed")
    )
    rows = table_rows(boxes)
    assert len(rows) == 4 and all(len(row) == 2 for row in rows)
    assert rows[0] == ["Completed in October 2009 (106)", "Planned for November 2009"]
    assert rows[2] == ["Overdue actions", "Risks and issues"]
    assert rows[1][0].splitlines()[0].startswith("1.001")
    assert len(rows[1][0].splitlines()) == 106
    assert rows[1][1] == "No actions fall due in the next month."
    assert rows[3] == ["No actions are overdue.", "No risks or issues are open."]
    assert header_row_repeats(boxes)


def test_the_trend_chart_is_a_picture_with_alternative_text_and_a_data_table(
    october_2009_plan,
):
    report = reports.load_highlight_report(october_2009_plan, Month(2009, 10), today=LATER)

    document = read(word.highlight_docx(report, GENERATED))

    assert len(document.inline_shapes) == 1
    picture = document.inline_shapes[0]
    description = picture._inline.docPr.get("descr")
    assert description.startswith("Bar chart of the percentage of actions completed")
    assert "October 2009 (58.56%)" in description
    blip = picture._inline.graphic.graphicData.pic.blipFill.blip
    image = document.part.related_parts[blip.embed]
    assert image.content_type == "image/png"
    data = table_rows(document.tables[-1])
    assert data[0] == ["Month", "Completed", "Actions"]
    assert data[-1] == ["October 2009", "58.56%", "181"]


def test_the_document_is_in_british_english_with_its_title_and_author_set(october_2009_plan):
    report = reports.load_highlight_report(october_2009_plan, Month(2009, 10), today=LATER)

    document = read(word.highlight_docx(report, GENERATED))

    assert document_language(document) == "en-GB"
    properties = document.core_properties
    assert properties.language == "en-GB"
    assert properties.title == "CYPS Improvement Plan 2009/10 – October Highlight Report"
    assert properties.author == "Improvement Tracker"
    assert properties.subject == "Highlight report for October 2009, as at 31 October 2009"


@pytest.fixture
def hostile_plan(app):
    plan = make_plan(slug="hostile", title=f"Plan {HOSTILE}")
    theme = make_theme(plan, 1, f"Theme {HOSTILE}")
    action = make_action(
        plan,
        ref="1.01",
        text=f"Action {HOSTILE}",
        theme=theme,
        leads=[make_person("<i>Lead</i>")],
        target_date=date(2009, 9, 30),
    )
    add_update(
        action,
        as_at=date(2009, 10, 5),
        completion=Completion.NOT_COMPLETED,
        rag=Rag.RED,
        direction=Direction.DECLINING,
        commentary=f"Commentary {HOSTILE}\nSecond line\x0b",
    )
    db.session.add(
        Risk(plan_id=plan.id, description=f"Risk {HOSTILE}", raised_on=date(2009, 10, 1))
    )
    db.session.add(
        Achievement(plan_id=plan.id, text=f"Won {HOSTILE}", achieved_on=date(2009, 10, 9))
    )
    db.session.commit()
    return plan


def test_user_text_prints_literally_in_every_document(hostile_plan):
    documents = [
        word.highlight_docx(
            reports.load_highlight_report(hostile_plan, Month(2009, 10), today=LATER), GENERATED
        ),
        word.plan_docx(reports.load_plan_report(hostile_plan, date(2009, 10, 31)), GENERATED),
        word.plan_docx(
            reports.load_plan_report(hostile_plan, date(2009, 10, 31), red_only=True), GENERATED
        ),
    ]

    for content in documents:
        document = read(content)
        text = whole_text(document)
        assert f"Commentary {HOSTILE}\nSecond line" in text
        assert f"Action {HOSTILE}" in text
        assert document.core_properties.title.startswith(f"Plan {HOSTILE} – ")
        assert headings(document)[0][1].startswith(f"Plan {HOSTILE}")
        body = document.element.body
        assert not any(node.text == "injected" for node in body.iter(qn("w:t")))


def test_the_plan_and_exception_documents_head_each_theme_and_objective(hostile_plan):
    plan_document = read(
        word.plan_docx(reports.load_plan_report(hostile_plan, date(2009, 10, 31)), GENERATED)
    )
    exceptions = read(
        word.plan_docx(
            reports.load_plan_report(hostile_plan, date(2009, 10, 31), red_only=True), GENERATED
        )
    )

    assert [level for level, _ in headings(plan_document)] == [1, 2, 3]
    assert headings(plan_document)[0][1] == f"Plan {HOSTILE} – Performance Measures"
    assert table_rows(plan_document.tables[0])[0] == [
        "Key Actions",
        "Baseline",
        "Targets",
        "Target Date",
        "Lead",
        "RAG",
        "Performance Commentary",
        "Lead Workstream(s)",
    ]
    assert table_rows(plan_document.tables[0])[1][5] == "↓ Red"
    assert headings(exceptions)[0][1] == f"Plan {HOSTILE} – Exception Report"
    assert "1 action rated red." in whole_text(exceptions)
    for document in (plan_document, exceptions):
        assert document_language(document) == "en-GB"
        assert all(header_row_repeats(table) for table in document.tables)


def test_word_routes_serve_documents_named_after_the_plan_and_date(october_2009_plan, panel_client):
    response = panel_client.get("/reports/cyps/highlight.docx?month=2009-10")
    assert response.status_code == 200
    assert response.mimetype == word.MIMETYPE
    assert 'filename="cyps-2009-10-highlight.docx"' in response.headers["Content-Disposition"]
    assert headings(read(response.data))[0][1].endswith("October Highlight Report")

    plan = panel_client.get("/reports/cyps/plan.docx?as_at=2009-10-31")
    assert 'filename="cyps-2009-10-31-plan.docx"' in plan.headers["Content-Disposition"]
    assert "Position as at 31 October 2009" in whole_text(read(plan.data))
    exceptions = panel_client.get("/reports/cyps/exceptions.docx?as_at=2009-10-31")
    assert "No actions were rated red on that date." in whole_text(read(exceptions.data))


def test_report_pages_link_to_the_word_document_beside_the_pdf(october_2009_plan, panel_client):
    highlight = panel_client.get("/reports/cyps/highlight?month=2009-10").get_data(as_text=True)
    assert "/reports/cyps/highlight.docx?month=2009-10" in highlight
    exceptions = panel_client.get("/reports/cyps/exceptions?as_at=2009-10-31").get_data(
        as_text=True
    )
    assert "/reports/cyps/exceptions.docx?as_at=2009-10-31" in exceptions
    dashboard = panel_client.get("/reports/cyps/").get_data(as_text=True)
    assert "/reports/cyps/highlight.docx?month=2009-10" in dashboard
    assert 'formaction="/reports/cyps/plan.docx"' in dashboard

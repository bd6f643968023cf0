"""The highlight report's recommendations line and table, the same in HTML, PDF, Word and JSON."""

from datetime import date
from io import BytesIO

import docx
import pytest
from pypdf import PdfReader

from tests.factories import add_update, make_action, make_plan
from tracker.extensions import db


def _json(client, month, as_at=None):
    query = f"month={month}" + (f"&as_at={as_at}" if as_at else "")
    response = client.get(f"/reports/cyps/highlight.json?{query}")
    assert response.status_code == 200
    return response.get_json()["recommendations"]


def test_each_month_s_report_shows_what_was_met_at_its_cut_off(recommended, panel_client):
    october = _json(panel_client, "2010-10", "2010-11-02")
    assert (october["met"], october["total"], october["line"]) == (
        1,
        3,
        "Recommendations met: 1 of 3",
    )
    assert [(row["ref"], row["status_text"]) for row in october["rows"]] == [
        ("R1", "1 of 2 actions done"),
        ("R2", "Met"),
        ("R3", "No actions yet"),
    ]
    november = _json(panel_client, "2010-11", "2010-12-01")
    assert [(row["ref"], row["status"]) for row in november["rows"]] == [
        ("R1", "met"),
        ("R2", "in_progress"),
        ("R3", "no_actions"),
    ]
    # A later change does not rewrite the October report.
    recommended.recommendations["R3"].text = "Changed"
    db.session.commit()
    assert _json(panel_client, "2010-10", "2010-11-02")["met"] == 1


def test_a_plan_without_recommendations_has_no_line(app, panel_client):
    plan = make_plan(slug="cyps")
    add_update(make_action(plan, ref="1.1"), as_at=date(2010, 10, 1))
    db.session.commit()
    assert _json(panel_client, "2010-10") is None
    page = panel_client.get("/reports/cyps/highlight?month=2010-10").get_data(as_text=True)
    assert "Recommendations met" not in page


def test_the_page_pdf_and_word_use_the_same_words(recommended, panel_client):
    query = "month=2010-10&as_at=2010-11-02"
    page = panel_client.get(f"/reports/cyps/highlight?{query}").get_data(as_text=True)
    assert "Recommendations met: 1 of 3" in page
    assert "Improve the quality of &lt;b&gt;supervision&lt;/b&gt;" in page
    assert "Ofsted inspection, August 2009, 27 August 2009" in page

    pdf = PdfReader(BytesIO(panel_client.get(f"/reports/cyps/highlight.pdf?{query}").data))
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in pdf.pages)
    assert "Recommendations met: 1 of 3" in text
    assert "Improve the quality of <b>supervision</b>" in text
    assert "1 of 2 actions done" in text

    document = docx.Document(
        BytesIO(panel_client.get(f"/reports/cyps/highlight.docx?{query}").data)
    )
    paragraphs = [paragraph.text for paragraph in document.paragraphs]
    assert "Recommendations met: 1 of 3" in paragraphs
    table = next(t for t in document.tables if t.rows[0].cells[1].text == "Recommendation")
    assert [[cell.text for cell in row.cells] for row in table.rows[1:]] == [
        [
            "R1",
            "Improve the quality of <b>supervision</b>",
            "Ofsted inspection, August 2009, 27 August 2009",
            "1 of 2 actions done",
        ],
        ["R2", "Make sure assessments are timely", "CQC must do, 27 August 2009", "Met"],
        ["R3", "Review the front door", "Scrutiny: CRP, 27 August 2009", "No actions yet"],
    ]


@pytest.mark.parametrize("archived", ["R3"])
def test_an_archived_recommendation_leaves_the_report(recommended, panel_client, archived):
    from tracker import clock

    recommended.recommendations[archived].archived_at = clock.now()
    db.session.commit()
    assert [row["ref"] for row in _json(panel_client, "2010-10")["rows"]] == ["R1", "R2"]

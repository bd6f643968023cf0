"""A missed milestone in every format of the highlight report: marked, never counted overdue."""

import io
import json
from datetime import UTC, date, datetime

import pytest
from docx import Document
from pypdf import PdfReader

from tests.factories import add_update, make_action, make_person, make_plan
from tracker.domain.as_at import Month
from tracker.domain.enums import Completion
from tracker.domain.milestones import MILESTONE_OVERDUE
from tracker.extensions import db
from tracker.models import Milestone
from tracker.reports import pdf, word, wording
from tracker.services import reports

GENERATED = datetime(2010, 11, 18, 10, 30, tzinfo=UTC)
TODAY = GENERATED.date()
OCTOBER = Month(2010, 10)
# The words the renderers print for the milestone missed in October 2010.
MISSED = "QS1.1.2 Sept: due 30 September 2010, 31 days overdue"


@pytest.fixture
def milestone_plan(app):
    plan = make_plan(slug="qsip", title="Quality and safety improvement plan")
    lead = make_person("Deb Johnson")
    staged = make_action(
        plan,
        ref="QS1.1",
        text="Embed the safeguarding audit in every team",
        leads=[lead],
        target_date=date(2010, 11, 30),
    )
    add_update(staged, as_at=date(2010, 9, 1), completion=Completion.PARTIALLY_COMPLETED)
    # Done in November: missed at the October report's cut-off, done at November's.
    db.session.add_all(
        [
            Milestone(
                action_id=staged.id,
                ref="QS1.1.1",
                text="August",
                due_on=date(2010, 8, 31),
                done_on=date(2010, 8, 30),
                position=1,
            ),
            Milestone(
                action_id=staged.id,
                ref="QS1.1.2",
                text="Sept",
                due_on=date(2010, 9, 30),
                done_on=date(2010, 11, 5),
                position=2,
            ),
        ]
    )
    late = make_action(
        plan, ref="QS2.1", text="Publish the audit", leads=[lead], target_date=date(2010, 9, 30)
    )
    add_update(late, as_at=date(2010, 9, 1), completion=Completion.NOT_COMPLETED)
    db.session.commit()
    return plan


def report_for(plan, month: Month):
    return reports.load_highlight_report(plan, month, today=TODAY, cut_off=month.last_day)


def test_the_report_lists_the_action_marked_and_counts_only_the_overdue_one(milestone_plan):
    report = report_for(milestone_plan, OCTOBER)

    assert [item.ref for item in report.overdue_actions] == ["QS2.1"]
    assert [(item.ref, item.milestone.ref) for item in report.milestones_overdue] == [
        ("QS1.1", "QS1.1.2")
    ]
    assert wording.milestone_overdue(report.milestones_overdue[0]) == MISSED
    assert report.overdue_box.lines == (
        "QS2.1 Publish the audit",
        f"QS1.1 Embed the safeguarding audit in every team ({MILESTONE_OVERDUE})",
    )


def test_a_later_month_uses_the_done_date_as_at_its_own_cut_off(milestone_plan):
    october = report_for(milestone_plan, OCTOBER)
    november = report_for(milestone_plan, Month(2010, 11))
    again = report_for(milestone_plan, OCTOBER)

    assert [item.ref for item in november.milestones_overdue] == []
    assert again.milestones_overdue == october.milestones_overdue


def test_the_page_pdf_word_and_json_use_the_same_words(milestone_plan, panel_client):
    report = report_for(milestone_plan, OCTOBER)
    page = panel_client.get("/reports/qsip/highlight?month=2010-10&as_at=2010-10-31")
    html = " ".join(page.get_data(as_text=True).split())
    text = " ".join(
        " ".join(page.extract_text().split())
        for page in PdfReader(io.BytesIO(pdf.highlight_pdf(report, GENERATED))).pages
    )
    document = Document(io.BytesIO(word.highlight_docx(report, GENERATED)))
    docx_text = " ".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    ) + " ".join(paragraph.text for paragraph in document.paragraphs)
    data = json.loads(
        panel_client.get("/reports/qsip/highlight.json?month=2010-10&as_at=2010-10-31").data
    )

    for rendered in (html, text, docx_text):
        assert wording.MILESTONES_OVERDUE_HEADING in rendered
        assert MISSED in rendered
        assert f"({MILESTONE_OVERDUE})" in rendered
    assert [item["ref"] for item in data["overdue"]] == ["QS2.1"]
    (marked,) = data["milestones_overdue"]
    assert (marked["ref"], marked["milestone_overdue"]) == ("QS1.1", MISSED)
    # Done on 5 November, after the cut-off: the October report shows it as it stood then.
    assert marked["milestone"] == {
        "ref": "QS1.1.2",
        "text": "Sept",
        "due_on": "2010-09-30",
        "done_on": None,
    }
    assert marked["milestone_days_overdue"] == 31
    assert f"{wording.OVERDUE_HEADING} (1)" in html

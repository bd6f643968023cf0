"""The highlight PDF laid out as the council's paper, read back with pypdf."""

import io
from datetime import UTC, date, datetime

from pypdf import PdfReader
from reportlab.platypus import Spacer

from tests.factories import add_update, make_action, make_person, make_plan
from tracker.domain.as_at import Month
from tracker.domain.enums import Completion
from tracker.extensions import db
from tracker.reports import pdf
from tracker.services import reports

GENERATED = datetime(2009, 11, 18, 10, 30, tzinfo=UTC)
TODAY = GENERATED.date()


def pages_of(content: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages]


def page_with(pages: list[str], text: str) -> int:
    return next(number for number, page in enumerate(pages) if text in page)


def test_the_paper_opens_with_the_tallies_then_the_themes_then_one_page_of_four_boxes(
    october_2009_plan,
):
    report = reports.load_highlight_report(october_2009_plan, Month(2009, 10), today=TODAY)

    pages = pages_of(pdf.highlight_pdf(report, GENERATED))

    assert "Overall Completion Status" in pages[0]
    assert "Priority 1 Actions to be completed by October 2009" in pages[0]
    boxes = page_with(pages, "October 2009 at a glance")
    assert boxes > page_with(pages, "Completion by theme")
    glance = pages[boxes]
    assert glance.index("Completed in October 2009 (106)") < glance.index(
        "Planned for November 2009"
    )
    assert "Overdue actions" in glance and "Risks and issues" in glance
    # The boxes list short titles: each action's ref and the first words of its text.
    first = report.completed[0]
    assert first.short_title.split("…")[0].strip() in glance
    assert "Deb Johnson" not in glance
    details = page_with(pages, "Completed on")
    assert boxes < details
    assert details <= page_with(pages, "Achievements in October 2009")
    assert page_with(pages, "Achievements in October 2009") <= page_with(
        pages, "Percentage of actions completed at each month end"
    )


def test_a_box_too_long_for_its_page_continues_on_the_next_marked_continued(app):
    plan = make_plan(slug="long", title="Long plan")
    lead = make_person("Deb Johnson")
    for number in range(90):
        action = make_action(
            plan,
            ref=f"1.{number:03d}",
            text=f"Overdue action number {number} with a description running past the cut "
            "that the box makes at a word boundary",
            leads=[lead],
            target_date=date(2009, 9, 30),
        )
        add_update(action, as_at=date(2009, 10, 1), completion=Completion.NOT_COMPLETED)
    db.session.commit()
    report = reports.load_highlight_report(plan, Month(2009, 10), today=TODAY)

    pages = pages_of(pdf.highlight_pdf(report, GENERATED))

    boxes = page_with(pages, "October 2009 at a glance")
    assert "Overdue actions (90)" in pages[boxes]
    assert "Risks and issues" in pages[boxes]
    assert page_with(pages, "Overdue actions (90) (continued)") == boxes + 1
    details = page_with(pages, "Deb Johnson")
    listed = " ".join(pages[boxes:details])
    assert all(f"1.{number:03d} Overdue action number {number}" in listed for number in range(90))
    assert pages[boxes].index("Overdue actions (90)") < pages[boxes].index("1.000")


def test_the_boxes_text_is_never_smaller_than_eight_points():
    assert pdf._styles()["box"].fontSize >= 8


def test_a_heading_with_no_room_below_it_goes_over_with_its_tables_first_row(app):
    heading = pdf._text("A section heading", "h2")
    table = pdf._table(
        [[pdf._text("Header")], [pdf._text("First row")], [pdf._text("Second row")]],
        (pdf.FRAME_WIDTH,),
    )
    # Leave room on the first page for the heading alone, not for the table's first rows.
    filler = Spacer(1, pdf.FRAME_HEIGHT - 40)

    content = pdf._build(
        [filler, *pdf._keep_with_next([heading], table)],
        title="Keep with next",
        subject="A test",
        generated_at=GENERATED,
    )

    pages = pages_of(content)
    assert "A section heading" not in pages[0]
    assert "A section heading Header First row" in pages[1]


def test_a_heading_with_room_below_it_stays_on_its_page():
    heading = pdf._text("A section heading", "h2")
    table = pdf._table([[pdf._text("Header")], [pdf._text("First row")]], (pdf.FRAME_WIDTH,))

    content = pdf._build(
        [Spacer(1, 100), *pdf._keep_with_next([heading], table)],
        title="Keep with next",
        subject="A test",
        generated_at=GENERATED,
    )

    pages = pages_of(content)
    assert len(pages) == 1
    assert "A section heading Header First row" in pages[0]


def test_table_text_stays_visible_after_each_rows_invisible_reading_mark(october_2009_plan):
    report = reports.load_highlight_report(october_2009_plan, Month(2009, 10), today=TODAY)

    reader = PdfReader(io.BytesIO(pdf.highlight_pdf(report, GENERATED)))

    for page in reader.pages:
        stream = page.get_contents().get_data()
        # Every invisible mark (render mode 3) is followed by a return to visible text.
        assert stream.count(b"3 Tr") == stream.count(b"0 Tr")


def test_the_theme_tables_follow_the_overall_table_when_the_page_has_room(app):
    plan = make_plan(slug="small", title="Small plan")
    action = make_action(plan, ref="1.01", target_date=date(2009, 12, 31))
    add_update(action, as_at=date(2009, 10, 1))
    db.session.commit()
    report = reports.load_highlight_report(plan, Month(2009, 10), today=TODAY)

    pages = pages_of(pdf.highlight_pdf(report, GENERATED))

    assert "Completion by theme" in pages[0]
    assert "All actions in the theme" in pages[0]

"""PDF details read back: UK times, document properties, embedded fonts, text in reading order."""

import io
import shutil
import subprocess
from datetime import UTC, date, datetime

import pytest
from pypdf import PdfReader

from tests.factories import add_update, make_action, make_person, make_plan, make_theme
from tracker.domain.as_at import Month
from tracker.domain.enums import Completion, Direction, Rag
from tracker.extensions import db
from tracker.reports import pdf
from tracker.services import reports

# Long after every month these tests report on, so no report is provisional.
LATER = date(2026, 1, 1)

NOVEMBER_MORNING = datetime(2009, 11, 2, 9, 15, tzinfo=UTC)
# 08:15 UTC is 09:15 in London while British Summer Time runs.
JULY_MORNING = datetime(2010, 7, 2, 8, 15, tzinfo=UTC)
COMMENTARY = "Vacancies remain at 20% and the long commentary wraps over several lines. " * 3


@pytest.fixture
def red_plan(app):
    plan = make_plan(slug="rmbc", title="RMBC Notice to Improve Action Plan")
    theme = make_theme(plan, 1, "Staying Safe")
    for number in range(3):
        action = make_action(
            plan,
            ref=f"1.0{number}",
            text=f"Recruit social workers to fill the vacancies in area {number} " * 2,
            theme=theme,
            leads=[make_person(f"Lead {number}")],
            target_date=date(2010, 3, 31),
        )
        add_update(
            action,
            as_at=date(2010, 6, 1),
            completion=Completion.NOT_COMPLETED,
            rag=Rag.RED,
            direction=Direction.DECLINING,
            commentary=COMMENTARY,
        )
    db.session.commit()
    return plan


def documents(plan, month: Month, as_at: date, generated_at: datetime) -> dict[str, bytes]:
    return {
        "highlight": pdf.highlight_pdf(
            reports.load_highlight_report(plan, month, today=LATER), generated_at
        ),
        "plan": pdf.plan_pdf(reports.load_plan_report(plan, as_at), generated_at),
        "exceptions": pdf.plan_pdf(
            reports.load_plan_report(plan, as_at, red_only=True), generated_at
        ),
    }


def pdftotext(content: bytes) -> str:
    tool = shutil.which("pdftotext")
    assert tool, "pdftotext (Debian's poppler-utils) is needed: .ci/run installs it"
    result = subprocess.run(
        [tool, "-enc", "UTF-8", "-", "-"], input=content, capture_output=True, check=True
    )
    return result.stdout.decode()


@pytest.mark.parametrize(
    ("generated_at", "footer"),
    [
        (NOVEMBER_MORNING, "Generated 2 November 2009, 09:15 GMT"),
        (JULY_MORNING, "Generated 2 July 2010, 09:15 BST"),
    ],
)
def test_every_page_says_when_it_was_generated_in_uk_time(red_plan, generated_at, footer):
    for content in documents(red_plan, Month(2010, 6), date(2010, 6, 30), generated_at).values():
        pages = PdfReader(io.BytesIO(content)).pages
        assert all(footer in page.extract_text() for page in pages)


def test_each_pdf_carries_its_title_author_subject_and_language(red_plan):
    made = documents(red_plan, Month(2010, 6), date(2010, 6, 30), NOVEMBER_MORNING)
    expected = {
        "highlight": (
            "RMBC Notice to Improve Action Plan – June Highlight Report",
            "Highlight report for June 2010, as at 30 June 2010",
        ),
        "plan": (
            "RMBC Notice to Improve Action Plan – Performance Measures",
            "Position as at 30 June 2010",
        ),
        "exceptions": (
            "RMBC Notice to Improve Action Plan – Exception Report",
            "Red-rated actions as at 30 June 2010",
        ),
    }

    for name, content in made.items():
        reader = PdfReader(io.BytesIO(content))
        title, subject = expected[name]
        assert reader.metadata.title == title
        assert reader.metadata.subject == subject
        assert reader.metadata.author == "Improvement Tracker"
        assert reader.trailer["/Root"]["/Lang"] == "en-GB"


def fonts_of(reader: PdfReader) -> dict[str, object]:
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts[str(font["/BaseFont"])] = font
    return fonts


def test_every_font_is_embedded(red_plan):
    for content in documents(
        red_plan, Month(2010, 6), date(2010, 6, 30), NOVEMBER_MORNING
    ).values():
        fonts = fonts_of(PdfReader(io.BytesIO(content)))

        assert fonts
        for name, font in fonts.items():
            assert "/FontDescriptor" in font, f"{name} is a standard font, not embedded"
            descriptor = font["/FontDescriptor"].get_object()
            assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), name


def test_text_extraction_reads_each_table_row_by_row(october_2009_plan, red_plan):
    highlight = pdftotext(
        pdf.highlight_pdf(
            reports.load_highlight_report(october_2009_plan, Month(2009, 10), today=LATER),
            NOVEMBER_MORNING,
        )
    )
    lines = highlight.splitlines()
    overall = lines.index(
        "Total actions Completed Not completed Partially completed Completion status not known"
    )
    assert lines[overall + 1 : overall + 5] == [
        "Actions 181 106 29 46 0",
        "Percentage of all actions 58.56% 16.02% 25.41% 0.00%",
        "At 30 September 2009 181 0 (0.00%) 0 (0.00%) 0 (0.00%) 181 (100.00%)",
        "Change since then (percentage points) +0 +58.56 +16.02 +25.41 -100.00",
    ]
    theme = lines.index("1. Management arrangements")
    assert lines[theme + 2 : theme + 4] == [
        "All actions in the theme 20 7 1 12 0",
        "Percentage 35.00% 5.00% 60.00% 0.00%",
    ]

    exceptions = pdftotext(
        pdf.plan_pdf(
            reports.load_plan_report(red_plan, date(2010, 6, 30), red_only=True),
            NOVEMBER_MORNING,
        )
    ).splitlines()
    header = "Ref Key action Lead Target date RAG Current performance Performance commentary"
    wrapped = " ".join(COMMENTARY.split())
    for number in range(3):
        action = " ".join(
            f"Recruit social workers to fill the vacancies in area {number} ".split() * 2
        )
        row = f"1.0{number} {action} Lead {number} 31 March 2010 ↓ Red Not recorded {wrapped}"
        # Each action has an objective of its own, so each row follows its table's header.
        assert exceptions[exceptions.index(row) - 1] == header

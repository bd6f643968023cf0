"""The scorecard as PDF and Word, read back: every indicator, RAG and DOT in words, exceptions."""

import io
from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal

from docx import Document
from docx.oxml.ns import qn
from pypdf import PdfReader

from tracker.domain.enums import Rag
from tracker.domain.indicator_rules import (
    Assessment,
    BenchmarkFacts,
    IndicatorFacts,
    ReadingFacts,
    TargetFacts,
    ToleranceFacts,
    assess,
)
from tracker.domain.indicator_terms import (
    BenchmarkKind,
    Frequency,
    Polarity,
    RagMethod,
    Unit,
    YearBasis,
    YtdMethod,
)
from tracker.domain.indicator_values import Period, ReadingValue
from tracker.domain.scorecard import Scorecard, ScorecardTheme, ThemeSummary
from tracker.reports.scorecard_pdf import scorecard_pdf
from tracker.reports.scorecard_word import scorecard_docx

GENERATED = datetime(2016, 12, 12, 9, 0, tzinfo=UTC)
NOVEMBER = Period(date(2016, 11, 1), date(2016, 11, 30), "Nov-16")
MONTHS = (
    Period(date(2016, 9, 1), date(2016, 9, 30), "Sep-16"),
    Period(date(2016, 10, 1), date(2016, 10, 31), "Oct-16"),
    NOVEMBER,
)
OUTTURN = Period(date(2015, 4, 1), date(2016, 3, 31), "2015/16")
RECORDED = datetime(2016, 12, 5, 10, 0, tzinfo=UTC)
# The exception's commentary is one marker letter over and over, so counting the letter in the
# PDF's text shows all of it was printed, however it was broken across lines and pages.
LONG_COMMENTARY = "Q" * 5000
HOSTILE = '<b>bold</b> & <font color="red">x</font> <para>y</para> {{ config }} =SUM(A1)'


def reading(period: Period, value: str | None, commentary: str = "") -> ReadingFacts:
    figure = None if value is None else Decimal(value)
    return ReadingFacts(
        period=period,
        value=ReadingValue(
            value=figure,
            numerator=None,
            denominator=None,
            no_data=None if figure is not None else "no data",
        ),
        commentary=commentary,
        recorded_at=RECORDED,
        corrected=False,
    )


def assessment(
    number: int,
    *,
    ref: str | None = None,
    title: str | None = None,
    theme: str = "Safeguarding",
    values: tuple[str | None, str | None, str | None] = ("93.0", "95.1", "94.5"),
    polarity: Polarity = Polarity.HIGH,
    bands: tuple[str, str, str] = ("", ">90% <100%", "100%"),
    target: str = "100",
    commentary: str = "",
    clinic_quarters: tuple[str, ...] = (),
) -> Assessment:
    """Judge an indicator by the rules from its last three months, as the scorecard does."""
    readings = [
        reading(period, value, commentary if period == NOVEMBER else "")
        for period, value in zip(MONTHS, values, strict=True)
    ]
    judged = assess(
        IndicatorFacts(
            id=number,
            ref=ref or f"{number}.1",
            title=title or f"Indicator number {number}",
            theme=theme,
            unit=Unit.PERCENTAGE,
            polarity=polarity,
            frequency=Frequency.MONTHLY,
            year_basis=YearBasis.FINANCIAL,
            ytd_method=YtdMethod.LATEST_VALUE,
            rag_method=RagMethod.TOLERANCE,
        ),
        [*readings, reading(OUTTURN, "91.2")],
        [
            TargetFacts(
                value=Decimal(target),
                applies_from=date(2016, 4, 1),
                applies_until=date(2017, 3, 31),
                text=f"{target}%",
            )
        ],
        [ToleranceFacts(date(2016, 4, 1), *bands)],
        [
            BenchmarkFacts(
                kind=BenchmarkKind.STAT_NEIGHBOUR_AVERAGE,
                value=Decimal("8.4"),
                period_label="2014/15",
            )
        ],
        NOVEMBER,
    )
    # Clinics are judged at quarter ends over the year; three months cannot show one.
    return replace(judged, clinic_candidate=bool(clinic_quarters), clinic_quarters=clinic_quarters)


def summary(theme: str, assessments: list[Assessment]) -> ThemeSummary:
    rags = [item.rag for item in assessments]
    return ThemeSummary(
        theme=theme,
        on_target=0,
        off_target=len(assessments),
        no_target=0,
        improving=0,
        maintained=0,
        declining=len(assessments),
        ytd_above=0,
        ytd_on=0,
        ytd_below=len(assessments),
        ytd_none=0,
        red=rags.count(Rag.RED),
        amber=rags.count(Rag.AMBER),
        green=rags.count(Rag.GREEN),
    )


def scorecard(themes: dict[str, list[Assessment]], title: str = "Children's Services") -> Scorecard:
    every = [item for items in themes.values() for item in items]
    return Scorecard(
        plan_title=title,
        plan_slug="childrens-services",
        organisation="Example Council",
        period=NOVEMBER,
        generated_on=GENERATED.date(),
        themes=tuple(ScorecardTheme(name, tuple(items)) for name, items in themes.items()),
        summary=tuple(summary(name, items) for name, items in themes.items()),
        exceptions=tuple(item for item in every if item.rag is Rag.RED),
        clinics=tuple(item for item in every if item.clinic_candidate),
    )


def the_papers_scorecard() -> Scorecard:
    triage = assessment(1, ref="1.2", title="Contacts triaged within 24 hours", theme="Front door")
    plans = assessment(
        2,
        ref="2.2",
        title="Child protection plans reviewed in timescale",
        theme="Front door",
        values=("40.0", "35.2", "31.1"),
        bands=("", ">65% <75%", "75%"),
        target="75",
        commentary=LONG_COMMENTARY,
        clinic_quarters=("Q2 2016/17", "Q3 2016/17"),
    )
    placements = assessment(
        3,
        ref="8.2",
        title="Three or more placements",
        theme="Looked after children",
        values=("12.9", "12.8", "11.7"),
        polarity=Polarity.LOW,
        bands=("12%+", "", "9.6%<"),
        target="9.6",
    )
    return scorecard({"Front door": [triage, plans], "Looked after children": [placements]})


def pdf_text(content: bytes) -> tuple[int, str]:
    assert content.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(content))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


def docx_text(content: bytes) -> tuple[Document, str]:
    assert content.startswith(b"PK")
    document = Document(io.BytesIO(content))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return document, "\n".join(parts)


def test_the_pdf_names_every_indicator_with_rag_and_travel_in_words():
    _, text = pdf_text(scorecard_pdf(the_papers_scorecard(), GENERATED))

    assert "Children's Services – Performance Scorecard Nov-16" in text
    assert "Summary by theme" in text
    for ref in ("1.2", "2.2", "8.2"):
        assert ref in text
    for words in ("Amber", "Red", "Green", "Declining", "Improving"):
        assert words in text
    assert "decline in performance, not on target" in " ".join(text.split())
    assert "94.5%" in text and "31.1%" in text and "11.7%" in text


def test_the_pdf_prints_a_red_indicators_long_commentary_whole_across_pages():
    pages, text = pdf_text(scorecard_pdf(the_papers_scorecard(), GENERATED))

    assert "Exception report: red-rated indicators (1)" in text
    assert text.count("Q") >= 5000
    assert pages >= 3


def test_the_pdf_lists_the_clinic_candidates_with_their_quarters():
    _, text = pdf_text(scorecard_pdf(the_papers_scorecard(), GENERATED))

    clinics = text[text.index("Performance clinics (1)") :]
    assert "2.2" in clinics
    assert "Q2 2016/17, Q3 2016/17" in clinics


def test_the_pdf_prints_hostile_text_as_written():
    hostile = assessment(1, ref="<1>", title=HOSTILE, values=("9", "8", "7"), commentary=HOSTILE)
    content = scorecard_pdf(scorecard({HOSTILE: [hostile]}, title=HOSTILE), GENERATED)

    _, text = pdf_text(content)
    flat = " ".join(text.split())
    assert '<b>bold</b> & <font color="red">x</font>' in flat
    assert "<1>" in flat


def test_the_pdf_says_so_when_nothing_is_red_or_for_a_clinic():
    calm = scorecard({"Front door": [assessment(1, values=("100", "100", "100"))]})

    _, text = pdf_text(scorecard_pdf(calm, GENERATED))

    assert "No indicators are rated red for the period." in text
    assert "No indicators are off target and declining at the quarter's end." in text


def test_a_scorecard_of_200_indicators_builds_on_a_sane_number_of_pages():
    themes = {
        f"Theme {number}": [assessment(number * 100 + index) for index in range(50)]
        for number in range(4)
    }

    pages, text = pdf_text(scorecard_pdf(scorecard(themes), GENERATED))

    assert 8 <= pages <= 40
    for number in range(4):
        for index in range(50):
            assert f"{number * 100 + index}.1" in text


def test_the_word_document_has_headings_repeating_headers_and_every_indicator():
    document, text = docx_text(scorecard_docx(the_papers_scorecard(), GENERATED))

    headings = [
        (paragraph.style.name, paragraph.text)
        for paragraph in document.paragraphs
        if paragraph.style.name.startswith("Heading")
    ]
    assert headings == [
        ("Heading 1", "Children's Services – Performance Scorecard Nov-16"),
        ("Heading 2", "Summary by theme"),
        ("Heading 2", "Front door"),
        ("Heading 2", "Looked after children"),
        ("Heading 2", "Exception report: red-rated indicators (1)"),
        ("Heading 2", "Performance clinics (1)"),
    ]
    for table in document.tables:
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    front_door = [[cell.text for cell in row.cells] for row in document.tables[1].rows]
    assert front_door[0][:3] == ["Ref", "Indicator", "Good performance is"]
    assert front_door[1][0] == "1.2"
    assert front_door[1][5] == "Nov-16\n94.5%"
    assert "Amber" in front_door[1] and "Red" in front_door[2]
    assert LONG_COMMENTARY in text
    assert "↓ Declining: decline in performance, not on target" in text
    assert "Q2 2016/17, Q3 2016/17" in text


def test_the_word_document_keeps_hostile_text_as_written():
    hostile = assessment(1, ref="<1>", title=HOSTILE, values=("9", "8", "7"), commentary=HOSTILE)

    document, text = docx_text(scorecard_docx(scorecard({HOSTILE: [hostile]}), GENERATED))

    assert HOSTILE in text
    assert (document.paragraphs[0].style.name, document.paragraphs[0].text)[0] == "Heading 1"

"""The scorecard as PDF and Word, read back: every indicator, RAG and DOT in words, exceptions."""

import io
from collections.abc import Sequence
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from docx import Document
from docx.oxml.ns import qn
from pypdf import PdfReader

from tests.indicator_factories import RED_COMMENTARY, build_scorecard_plan
from tests.reports.conftest import counting_queries
from tests.reports.test_scorecard_pages import plan_with
from tracker.domain.indicator_rules import (
    BenchmarkFacts,
    IndicatorFacts,
    ReadingFacts,
    TargetFacts,
    ToleranceFacts,
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
from tracker.domain.indicator_values import Period, ReadingValue, month_period
from tracker.domain.scorecard import IndicatorInput, Scorecard, assemble_scorecard
from tracker.extensions import db
from tracker.reports.scorecard_pdf import scorecard_pdf
from tracker.reports.scorecard_word import scorecard_docx
from tracker.reports.word import MIMETYPE

GENERATED = datetime(2016, 12, 12, 9, 0, tzinfo=UTC)
NOVEMBER = month_period(2016, 11)
APRIL_2016 = date(2016, 4, 1)
OUTTURN = Period(date(2015, 4, 1), date(2016, 3, 31), "2015/16")
RECORDED = datetime(2016, 12, 5, 10, 0, tzinfo=UTC)
# The exception's commentary is one marker letter over and over, so counting the letter in the
# PDF's text shows all of it was printed, however it was broken across lines and pages.
LONG_COMMENTARY = "Q" * 5000
HOSTILE = '<b>bold</b> & <font color="red">x</font> <para>y</para> {{ config }} =SUM(A1)'


def reading(period: Period, value: str, commentary: str = "") -> ReadingFacts:
    return ReadingFacts(
        period=period,
        value=ReadingValue(value=Decimal(value), numerator=None, denominator=None, no_data=None),
        commentary=commentary,
        recorded_at=RECORDED,
        corrected=False,
    )


def indicator(
    number: int,
    *,
    ref: str | None = None,
    title: str | None = None,
    theme: str = "Safeguarding",
    values: Sequence[str] = ("93.0", "95.1", "94.5"),
    polarity: Polarity = Polarity.HIGH,
    bands: tuple[str, str, str] = ("", ">90% <100%", "100%"),
    target: str | None = "100",
    commentary: str = "",
) -> IndicatorInput:
    """Return an indicator with monthly readings up to November 2016, the last ones given."""
    months = [month_period(2016, 12 - len(values) + index) for index in range(len(values))]
    readings = [
        reading(period, value, commentary if period == NOVEMBER else "")
        for period, value in zip(months, values, strict=True)
    ]
    return IndicatorInput(
        facts=IndicatorFacts(
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
        position=number,
        notes="",
        readings=(reading(OUTTURN, "91.2"), *readings),
        targets=()
        if target is None
        else (
            TargetFacts(
                value=Decimal(target),
                applies_from=APRIL_2016,
                applies_until=date(2017, 3, 31),
                text=f"{target}%",
            ),
        ),
        tolerances=(ToleranceFacts(APRIL_2016, *bands),),
        benchmarks=(
            BenchmarkFacts(
                kind=BenchmarkKind.STAT_NEIGHBOUR_AVERAGE,
                value=Decimal("8.4"),
                period_label="2014/15",
            ),
        ),
    )


def scorecard(indicators: Sequence[IndicatorInput], title: str = "Children's Services"):
    return assemble_scorecard(
        plan_title=title,
        plan_slug="childrens-services",
        organisation="Example Council",
        period=NOVEMBER,
        generated_on=GENERATED.date(),
        indicators=indicators,
    )


def the_papers_scorecard() -> Scorecard:
    """Return 004's rows 1.2, 2.2 and 8.2, with 2.2 off target and declining all year."""
    triage = indicator(1, ref="1.2", title="Contacts triaged within 24 hours", theme="Front door")
    plans = indicator(
        2,
        ref="2.2",
        title="Child protection plans reviewed in timescale",
        theme="Front door",
        values=("70", "68", "60", "58", "55", "50", "40", "35.2", "31.1")[-8:],
        bands=("", ">65% <75%", "75%"),
        target="75",
        commentary=LONG_COMMENTARY,
    )
    placements = indicator(
        3,
        ref="8.2",
        title="Three or more placements",
        theme="Looked after children",
        values=("12.9", "12.8", "11.7"),
        polarity=Polarity.LOW,
        bands=("12%+", "", "9.6%<"),
        target="9.6",
    )
    return scorecard([triage, plans, placements])


def pdf_text(content: bytes) -> tuple[int, str]:
    assert content.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(content))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


def table_rows(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def docx_text(content: bytes) -> tuple[Document, str]:
    assert content.startswith(b"PK")
    document = Document(io.BytesIO(content))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return document, "\n".join(parts)


def flat(text: str) -> str:
    return " ".join(text.split())


def test_the_pdf_names_every_indicator_with_rag_and_travel_in_words():
    _, text = pdf_text(scorecard_pdf(the_papers_scorecard(), GENERATED))

    words = flat(text)
    assert "Children's Services – Performance Scorecard, November 2016" in words
    assert "Performance summary by theme" in words
    # Each row reads in order: its ref, its periods, its direction of travel, then its RAG.
    triage = words[words.index("1.2 Contacts triaged") : words.index("2.2 Child protection")]
    assert "Nov-16: 94.5%" in triage
    assert "↓ Declining decline in performance but still within limits of target Amber" in triage
    assert "Amber >90% <100%; Green 100%" in triage
    plans = words[words.index("2.2 Child protection") : words.index("8.2 Three or more")]
    assert "↓ Declining decline in performance, not on target Red" in plans
    placements = words[words.index("8.2 Three or more") :]
    assert "↑ Improving improvement in performance Amber" in placements
    assert "Red 12%+; Green 9.6%<" in placements


def test_the_pdf_prints_a_red_indicators_long_commentary_whole_across_pages():
    pages, text = pdf_text(scorecard_pdf(the_papers_scorecard(), GENERATED))

    exceptions = text[text.index("Exception report (RAG rated red)") :]
    assert "Measure (2.2): Child protection plans reviewed in timescale" in exceptions
    assert exceptions.count("Q") >= len(LONG_COMMENTARY)
    assert pages >= 3


def test_the_pdf_lists_the_clinic_candidates_with_their_quarters():
    _, text = pdf_text(scorecard_pdf(the_papers_scorecard(), GENERATED))

    clinics = flat(text[text.index("Performance clinic candidates") :])
    assert "2.2 Child protection plans reviewed in timescale Nov-16: 31.1% 75%" in clinics
    assert "Q2 2016/17" in clinics


def test_the_pdf_prints_hostile_text_as_written():
    hostile = indicator(
        1, ref="<1>", title=HOSTILE, theme=HOSTILE, values=("9", "8", "7"), commentary=HOSTILE
    )

    _, text = pdf_text(scorecard_pdf(scorecard([hostile], title=HOSTILE), GENERATED))

    words = flat(text)
    assert words.count(flat(HOSTILE)) >= 4
    assert "<1>" in words


def test_the_pdf_says_so_when_nothing_is_red_or_for_a_clinic():
    calm = scorecard([indicator(1, values=("100", "100", "100"))])

    _, text = pdf_text(scorecard_pdf(calm, GENERATED))

    assert "No indicators are rated red for the period." in text
    assert "No indicators are both off target and declining." in text


def test_a_plan_without_indicators_gets_a_short_document_saying_so():
    empty = scorecard([])

    _, text = pdf_text(scorecard_pdf(empty, GENERATED))
    _, words = docx_text(scorecard_docx(empty, GENERATED))

    assert "This plan has no performance indicators yet." in text
    assert "This plan has no performance indicators yet." in words


def test_a_scorecard_of_200_indicators_builds_on_a_sane_number_of_pages():
    many = [
        indicator(number, ref=f"R{number}", theme=f"Theme {number % 4}") for number in range(200)
    ]

    content = scorecard_pdf(scorecard(many), GENERATED)

    pages, text = pdf_text(content)
    assert 8 <= pages <= 40
    refs = set(flat(text).split())
    assert {f"R{number}" for number in range(200)} <= refs
    # Every page of the themes' tables starts with their header row.
    for page in PdfReader(io.BytesIO(content)).pages:
        words = flat(page.extract_text())
        if any(f"R{number} " in words for number in range(200)):
            assert "Ref Indicator Good performance is Last three periods" in words


def test_a_tolerance_the_rules_cannot_read_is_printed_with_the_reason():
    unreadable = indicator(1, bands=("", "somewhere near 90", "100%"))

    built = scorecard([unreadable])
    _, text = pdf_text(scorecard_pdf(built, GENERATED))
    _, words = docx_text(scorecard_docx(built, GENERATED))

    problems = built.themes[0].assessments[0].problems
    assert problems
    for problem in problems:
        assert flat(problem) in flat(text)
        assert problem in words


def test_the_word_document_has_headings_repeating_headers_and_every_indicator():
    document, text = docx_text(scorecard_docx(the_papers_scorecard(), GENERATED))

    headings = [
        (paragraph.style.name, paragraph.text)
        for paragraph in document.paragraphs
        if paragraph.style.name.startswith("Heading")
    ]
    assert headings == [
        ("Heading 1", "Children's Services – Performance Scorecard, November 2016"),
        ("Heading 2", "Performance summary by theme"),
        ("Heading 2", "Performance scorecard"),
        ("Heading 3", "Front door"),
        ("Heading 3", "Looked after children"),
        ("Heading 2", "Exception report (RAG rated red)"),
        ("Heading 3", "Front door"),
        ("Heading 4", "Measure (2.2): Child protection plans reviewed in timescale"),
        ("Heading 2", "Performance clinic candidates"),
    ]
    for table in document.tables:
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    rag = table_rows(document.tables[3])
    assert rag[0] == ["RAG in the period", "Front door", "Looked after children", "All themes"]
    assert rag[1] == ["Red", "1 (50%)", "0 (0%)", "1 (33%)"]
    front_door = table_rows(document.tables[4])
    assert front_door[0][:4] == ["Ref", "Indicator", "Good performance is", "Last three periods"]
    triage, plans = front_door[1], front_door[2]
    assert triage[0] == "1.2"
    assert triage[3] == "Sep-16: 93%\nOct-16: 95.1%\nNov-16: 94.5%"
    assert triage[5:7] == [
        "↓ Declining\ndecline in performance but still within limits of target",
        "Amber",
    ]
    assert plans[5:7] == ["↓ Declining\ndecline in performance, not on target", "Red"]
    figures = table_rows(document.tables[5])
    assert figures[1][2] == "Sep-16: 93%; Oct-16: 95.1%; Nov-16: 94.5%"
    assert LONG_COMMENTARY in text
    assert table_rows(document.tables[-1])[1][-1] == "Q2 2016/17"


def test_the_bands_stand_for_a_target_never_set_as_on_the_page():
    untargeted = indicator(1, target=None, bands=("<90%", "90%>", "95%+"))
    neither = indicator(2, target=None, bands=("", "", ""))

    document, _ = docx_text(scorecard_docx(scorecard([untargeted, neither]), GENERATED))

    rows = table_rows(document.tables[4])
    assert rows[1][7] == "Red <90%; Amber 90%>; Green 95%+"
    assert rows[2][7] == "Target: No target set"


def test_the_word_document_keeps_hostile_text_as_written():
    hostile = indicator(
        1, ref="<1>", title=HOSTILE, theme=HOSTILE, values=("9", "8", "7"), commentary=HOSTILE
    )

    document, text = docx_text(scorecard_docx(scorecard([hostile], title=HOSTILE), GENERATED))

    assert document.paragraphs[0].text.startswith(HOSTILE)
    assert text.count(HOSTILE) >= 4


def test_the_pdf_and_word_routes_serve_the_month_asked_for_to_a_signed_in_reader(app, panel_client):
    build_scorecard_plan()

    pdf = panel_client.get("/reports/scorecard/scorecard.pdf?period=2017-01")
    word = panel_client.get("/reports/scorecard/scorecard.docx?period=2017-01")

    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert 'filename="scorecard-2017-01-scorecard.pdf"' in pdf.headers["Content-Disposition"]
    _, text = pdf_text(pdf.data)
    assert "Children's Services Scorecard – Performance Scorecard" in text
    assert "EH 2.2" in text and "8.2" in text
    assert word.status_code == 200 and word.mimetype == MIMETYPE
    assert 'filename="scorecard-2017-01-scorecard.docx"' in word.headers["Content-Disposition"]
    _, words = docx_text(word.data)
    assert RED_COMMENTARY in words


@pytest.mark.parametrize("extension", ["pdf", "docx"])
def test_a_malformed_period_is_refused_with_400_saying_how_to_write_it(
    app, panel_client, extension
):
    build_scorecard_plan()

    response = panel_client.get(f"/reports/scorecard/scorecard.{extension}?period=January")

    assert response.status_code == 400
    assert "YYYY-MM" in response.get_data(as_text=True)


@pytest.mark.parametrize(("output_format", "magic"), [("pdf", b"%PDF-"), ("docx", b"PK")])
def test_the_command_writes_the_scorecard_as_pdf_or_word(
    app, runner, tmp_path, output_format, magic
):
    build_scorecard_plan()
    output = tmp_path / f"scorecard.{output_format}"

    result = runner.invoke(
        args=[
            "report",
            "scorecard",
            "scorecard",
            "--period",
            "2017-01",
            "--format",
            output_format,
            "-o",
            str(output),
        ]
    )

    assert result.exit_code == 0, result.output
    content = output.read_bytes()
    assert content.startswith(magic)
    text = pdf_text(content)[1] if output_format == "pdf" else docx_text(content)[1]
    assert "EH 1.2" in text and "Amber" in text


@pytest.mark.parametrize("extension", ["pdf", "docx"])
def test_the_documents_issue_the_same_queries_for_5_and_50_indicators(app, panel_client, extension):
    counts = []
    for slug in (plan_with(5), plan_with(50)):
        db.session.close()
        with counting_queries() as statements:
            response = panel_client.get(f"/reports/{slug}/scorecard.{extension}?period=2017-01")
        assert response.status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1], counts


def test_the_page_links_the_pdf_and_word_document_of_the_month_shown(app, panel_client):
    build_scorecard_plan()

    page = panel_client.get("/reports/scorecard/scorecard?period=2017-01").get_data(as_text=True)

    assert 'href="/reports/scorecard/scorecard.pdf?period=2017-01"' in page
    assert 'href="/reports/scorecard/scorecard.docx?period=2017-01"' in page

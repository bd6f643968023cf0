"""Render the scorecard of performance indicators for a month as an A4 landscape PDF."""

# The page's parts in the page's words (tracker.reports.wording): the summary by theme, a table
# per theme with a small trend chart per indicator, the exception report with each red
# indicator's commentary, and the clinic list. User text goes through pdf._text or _lines, which
# print it as written, never as markup; RAG is a word in its cell, shaded only as an extra.

from __future__ import annotations

from collections.abc import Sequence
from copy import copy
from datetime import datetime
from decimal import Decimal
from functools import partial
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table
from reportlab.platypus.paragraph import cleanBlockQuotedText

from tracker.domain.enums import Rag
from tracker.domain.indicator_rules import Assessment
from tracker.domain.scorecard import Scorecard, ScorecardTheme, ThemeSummary
from tracker.domain.status_key import StatusColour
from tracker.reports import wording
from tracker.reports.charts import ChartPoint, indicator_charts
from tracker.reports.pdf import (
    FRAME_WIDTH,
    GRID,
    ROWS_PER_TABLE,
    STATUS_FILLS,
    _build,
    _Deferred,
    _fixed,
    _fonts,
    _keep_with_next,
    _Paragraph,
    _plain_fragment,
    _styles,
    _table,
    _text,
)

# Ref, indicator, good performance is, last three periods, year to date, direction of travel,
# RAG, target and tolerances, year-on-year trend, benchmarks, quartile, trend: 774 points.
INDICATOR_WIDTHS = (34, 96, 58, 78, 58, 84, 40, 84, 60, 84, 46, 52)
RAG_COLUMN = 6
BRIEF_WIDTHS = (40, 250, 120, 110, 254)
CLINIC_WIDTHS = (40, 210, 110, 100, 194, 120)
SUMMARY_LABEL_WIDTH = 190
# Themes side by side in one summary table; more carry on in a table of their own.
SUMMARY_COLUMNS = 7
CHART_WIDTH, CHART_HEIGHT = 44, 24
BAR_COLOUR = colors.HexColor("#1d70b8")
RAG_FILLS = {
    Rag.RED: STATUS_FILLS[StatusColour.RED],
    Rag.AMBER: STATUS_FILLS[StatusColour.AMBER],
    Rag.GREEN: STATUS_FILLS[StatusColour.GREEN],
}


def _symbols() -> bool:
    """Say whether the font has the papers' arrows, ticks, stars and dots."""
    return _fonts()[0] == "Tracker-DejaVuSans"


def scorecard_pdf(scorecard: Scorecard, generated_at: datetime) -> bytes:
    """Render the scorecard as a PDF: summary, a table per theme, exceptions and clinics."""
    title = wording.scorecard_title(scorecard.plan_title, scorecard.period.end)
    subtitle = wording.scorecard_subtitle(scorecard.period.end)
    story: list[Flowable] = [_text(title, "title"), _fixed(escape(subtitle), "subtitle")]
    if not scorecard.themes:
        story.append(_fixed(escape(wording.NO_INDICATORS), "note"))
        return _build(story, title=title, subject=subtitle, generated_at=generated_at)
    story += _summary(scorecard)
    charts = {key: points for key, (_, points) in indicator_charts(scorecard).items()}
    story.append(_fixed(escape(wording.SCORECARD_HEADING), "h2"))
    for theme in scorecard.themes:
        # Each theme's paragraphs are made when the build reaches it, and freed after.
        story.append(_Deferred(partial(_theme_flowables, scorecard, theme, charts)))
    story += _exceptions(scorecard)
    story += _clinics(scorecard)
    return _build(story, title=title, subject=subtitle, generated_at=generated_at)


def _summary(scorecard: Scorecard) -> list[Flowable]:
    """Return the four summary tables of 003: counts and shares per theme and overall."""
    columns = [*scorecard.summary, *([scorecard.overall] if scorecard.overall else [])]
    flowables: list[Flowable] = []
    for caption, rows in wording.SUMMARY_TABLES:
        for start in range(0, len(columns), SUMMARY_COLUMNS):
            # Each table is short: it goes over to the next page whole rather than split.
            table = _summary_table(caption, rows, columns[start : start + SUMMARY_COLUMNS])
            flowables.append(KeepTogether([table, Spacer(1, 6)]))
    heading = _fixed(escape(wording.SCORECARD_SUMMARY_HEADING), "h2")
    return [*_keep_with_next([heading], flowables[0]), *flowables[1:]]


def _summary_table(
    caption: str, rows: Sequence[tuple[str, str, str]], columns: Sequence[ThemeSummary]
) -> Table:
    width = (FRAME_WIDTH - SUMMARY_LABEL_WIDTH) / SUMMARY_COLUMNS
    head = [
        _fixed(escape(caption), "head"),
        *(_text(wording.scorecard_theme(column.theme), "head_number") for column in columns),
    ]
    body = [
        [
            _fixed(escape(wording.summary_row_label(mark, words, marks=_symbols()))),
            *(
                _fixed(escape(wording.summary_cell(getattr(column, field), column.total)), "number")
                for column in columns
            ),
        ]
        for mark, words, field in rows
    ]
    total = [
        _fixed(escape(wording.SUMMARY_TOTAL_ROW)),
        *(_fixed(str(column.total), "number") for column in columns),
    ]
    return _table([head, *body, total], (SUMMARY_LABEL_WIDTH, *([width] * len(columns))))


def _theme_flowables(
    scorecard: Scorecard, theme: ScorecardTheme, charts: dict[int, tuple[ChartPoint, ...]]
) -> list[Flowable]:
    heading = _text(wording.scorecard_theme(theme.title), "h3")
    head = [
        _fixed(escape(text), "head_small")
        for text in (*wording.SCORECARD_HEADER, wording.SCORECARD_TREND_HEADER)
    ]
    tables: list[Flowable] = []
    assessments = theme.assessments
    for start in range(0, len(assessments), ROWS_PER_TABLE):
        chunk = assessments[start : start + ROWS_PER_TABLE]
        extra = [
            ("BACKGROUND", (RAG_COLUMN, index), (RAG_COLUMN, index), RAG_FILLS[assessment.rag])
            for index, assessment in enumerate(chunk, start=1)
            if assessment.rag in RAG_FILLS
        ]
        rows = [
            head,
            *(
                _indicator_cells(
                    assessment,
                    scorecard.detail(assessment).notes,
                    charts.get(assessment.indicator.id, ()),
                )
                for assessment in chunk
            ),
        ]
        tables.append(_table(rows, INDICATOR_WIDTHS, extra=extra))
    return [*_keep_with_next([heading], tables[0]), *tables[1:], Spacer(1, 6)]


def _lines(lines: Sequence[str], *, bold: bool = False) -> Paragraph:
    """Return a cell's lines of user text as one paragraph that prints them as written."""
    # Made as ReportLab's parser would make "line<br/>line" of escaped text, without the
    # parser: parsing each of a long scorecard's cells took a quarter of its build.
    plain = _plain_fragment("head_small" if bold else "small")
    fragments = []
    every = [part for line in lines for part in line.split("\n")]
    for index, line in enumerate(every):
        if index:
            fragment = copy(plain)
            fragment.text = ""
            fragment.lineBreak = True
            fragments.append(fragment)
        cleaned = cleanBlockQuotedText(line)
        if cleaned:
            fragment = copy(plain)
            fragment.text = cleaned
            fragments.append(fragment)
    markup = "<br/>".join(escape(line) for line in every)
    return _Paragraph(markup, _styles()["small"], frags=fragments)


def _indicator_cells(
    assessment: Assessment, notes: str, points: Sequence[ChartPoint]
) -> list[Flowable]:
    cells = wording.scorecard_row(assessment, notes, symbols=_symbols())
    return [
        *(_lines(lines, bold=index == RAG_COLUMN) for index, lines in enumerate(cells)),
        TrendBars([point.value for point in points]),
    ]


class TrendBars(Flowable):
    """Draw an indicator's readings as small bars from zero; its row gives the figures in words."""

    # Drawn straight on the canvas: a ReportLab Drawing of shapes per row took a quarter of a
    # long scorecard's build.

    def __init__(self, values: Sequence[Decimal | None]) -> None:
        super().__init__()
        self.values = list(values)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return CHART_WIDTH, CHART_HEIGHT

    def draw(self) -> None:
        canvas = self.canv
        canvas.setStrokeColor(GRID)
        canvas.setLineWidth(0.5)
        canvas.line(0, 0.5, CHART_WIDTH, 0.5)
        top = max((value for value in self.values if value is not None), default=Decimal(0))
        if top <= 0:
            return
        canvas.setFillColor(BAR_COLOUR)
        slot = CHART_WIDTH / len(self.values)
        for index, value in enumerate(self.values):
            if value is not None and value > 0:
                height = float(value / top) * (CHART_HEIGHT - 2)
                canvas.rect(index * slot + slot * 0.15, 1, slot * 0.7, height, stroke=0, fill=1)


def _brief_tables(
    header: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float]
) -> list[Table]:
    head = [_fixed(escape(text), "head") for text in header]
    return [
        _table(
            [
                head,
                *([_text(cell) for cell in row] for row in rows[start : start + ROWS_PER_TABLE]),
            ],
            widths,
        )
        for start in range(0, len(rows), ROWS_PER_TABLE)
    ]


def _exceptions(scorecard: Scorecard) -> list[Flowable]:
    """Return the red indicators, then each one's commentary, which may run over pages."""
    heading = _fixed(escape(wording.SCORECARD_EXCEPTIONS_HEADING), "h2")
    if not scorecard.exceptions:
        return _keep_with_next([heading], _fixed(escape(wording.NO_SCORECARD_EXCEPTIONS), "note"))
    arrows = _symbols()
    rows = [wording.brief_row(assessment, arrows=arrows) for assessment in scorecard.exceptions]
    tables = _brief_tables(wording.SCORECARD_EXCEPTION_HEADER, rows, BRIEF_WIDTHS)
    flowables: list[Flowable] = [*_keep_with_next([heading], tables[0]), *tables[1:]]
    # Then, as 002, each red measure's commentary under its theme.
    for theme in scorecard.exceptions_by_theme:
        theme_heading: list[Flowable] = [_text(wording.scorecard_theme(theme.title), "h3")]
        for assessment in theme.assessments:
            facts = assessment.indicator
            title = _text(wording.exception_measure(facts.ref, facts.title), "head")
            commentary = _text(wording.exception_commentary(assessment), "note")
            flowables += _keep_with_next([*theme_heading, title], commentary)
            theme_heading = []
    return flowables


def _clinics(scorecard: Scorecard) -> list[Flowable]:
    heading = _fixed(escape(wording.CLINICS_HEADING), "h2")
    intro = _fixed(escape(wording.CLINICS_INTRO), "note")
    if not scorecard.clinics:
        return _keep_with_next([heading, intro], _fixed(escape(wording.NO_CLINICS), "note"))
    arrows = _symbols()
    rows = [
        (
            *wording.brief_row(assessment, arrows=arrows),
            wording.clinic_quarters_text(assessment.clinic_quarters),
        )
        for assessment in scorecard.clinics
    ]
    tables = _brief_tables(wording.CLINIC_HEADER, rows, CLINIC_WIDTHS)
    return [*_keep_with_next([heading, intro], tables[0]), *tables[1:]]

"""Render the scorecard of performance indicators for a period as an A4 landscape PDF."""

# The same words as the page, from tracker.reports.wording; every piece of user text goes
# through pdf._text, which escapes it. RAG is a word in its cell, shaded only as an extra.

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from functools import partial
from xml.sax.saxutils import escape

from reportlab.graphics.shapes import Circle, Drawing, Line, PolyLine
from reportlab.lib import colors
from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer, Table

from tracker.domain.enums import Rag
from tracker.domain.indicator_rules import Assessment
from tracker.domain.scorecard import Scorecard, ScorecardTheme
from tracker.domain.status_key import StatusColour
from tracker.reports import wording
from tracker.reports.pdf import (
    ROWS_PER_TABLE,
    STATUS_FILLS,
    _build,
    _Deferred,
    _fixed,
    _fonts,
    _keep_with_next,
    _table,
    _text,
)

# Ref, indicator, good performance is, three periods, year to date, direction of travel, RAG,
# target and tolerances, year-on-year trend, benchmarks, quartile, trend chart: 774 points.
INDICATOR_WIDTHS = (30, 96, 58, 42, 42, 42, 54, 80, 36, 66, 60, 78, 44, 46)
SUMMARY_WIDTHS = (137, *([49] * 13))
EXCEPTION_WIDTHS = (40, 150, 90, 80, 120, 294)
CLINIC_WIDTHS = (40, 210, 100, 100, 164, 160)
CHART_WIDTH, CHART_HEIGHT = 44, 22
RAG_COLUMN = 8
RAG_FILLS = {
    Rag.RED: STATUS_FILLS[StatusColour.RED],
    Rag.AMBER: STATUS_FILLS[StatusColour.AMBER],
    Rag.GREEN: STATUS_FILLS[StatusColour.GREEN],
}
LINE_COLOUR = colors.HexColor("#1d70b8")


def _symbols() -> bool:
    """Say whether the font has the arrows and the year-to-date symbols."""
    return _fonts()[0] == "Tracker-DejaVuSans"


def scorecard_pdf(scorecard: Scorecard, generated_at: datetime) -> bytes:
    """Render the scorecard as a PDF: summary, a table per theme, exceptions and clinics."""
    title = wording.scorecard_title(scorecard)
    subject = wording.scorecard_subject(scorecard)
    story: list[Flowable] = [_text(title, "title"), _text(subject, "subtitle")]
    story += _summary(scorecard)
    if not scorecard.themes:
        story.append(_fixed(escape(wording.NO_INDICATORS), "note"))
    for theme in scorecard.themes:
        # Each theme's paragraphs are made when the build reaches it, and freed after.
        story.append(_Deferred(partial(_theme_flowables, theme)))
    story += [PageBreak(), *_exceptions(scorecard), *_clinics(scorecard)]
    return _build(story, title=title, subject=subject, generated_at=generated_at)


def _summary(scorecard: Scorecard) -> list[Flowable]:
    heading = _fixed(escape(wording.SCORECARD_SUMMARY_HEADING), "h2")
    head = [_fixed(escape(text), "head_small") for text in wording.SCORECARD_SUMMARY_HEADER]
    rows: list[list[Paragraph]] = [head]
    for summary in scorecard.summary:
        rows.append(
            [
                _text(summary.theme),
                *(_fixed(str(count), "number") for count in wording.summary_counts(summary)),
            ]
        )
    return _keep_with_next([heading], _table(rows, SUMMARY_WIDTHS))


def _theme_flowables(theme: ScorecardTheme) -> list[Flowable]:
    heading = _text(theme.title, "h2")
    tables = _indicator_tables(theme.assessments)
    if not tables:
        return [heading, _fixed(escape(wording.NO_INDICATORS), "note")]
    return [*_keep_with_next([heading], tables[0]), *tables[1:], Spacer(1, 6)]


def _indicator_tables(assessments: Sequence[Assessment]) -> list[Flowable]:
    """Split a theme's indicators into tables of a page or so, each with its header row."""
    head = [_fixed(escape(text), "head_small") for text in wording.SCORECARD_HEADER]
    head.append(_fixed(escape(wording.SCORECARD_TREND_HEADER), "head_small"))
    tables: list[Flowable] = []
    for start in range(0, len(assessments), ROWS_PER_TABLE):
        chunk = assessments[start : start + ROWS_PER_TABLE]
        extra = [
            ("BACKGROUND", (RAG_COLUMN, index), (RAG_COLUMN, index), RAG_FILLS[assessment.rag])
            for index, assessment in enumerate(chunk, start=1)
            if assessment.rag in RAG_FILLS
        ]
        rows = [head, *(_indicator_cells(assessment) for assessment in chunk)]
        tables.append(_table(rows, INDICATOR_WIDTHS, extra=extra))
    return tables


def _period_cell(label: str, reading: str) -> Paragraph:
    return _fixed(f"<b>{escape(label)}</b><br/>{escape(reading)}", "small")


def _indicator_cells(assessment: Assessment) -> list[Flowable]:
    symbols = _symbols()
    return [
        _text(assessment.indicator.ref, "small"),
        _text(assessment.indicator.title, "small"),
        _text(wording.good_performance_text(assessment), "small"),
        *(_period_cell(label, reading) for label, reading in wording.recent_cells(assessment)),
        _text(wording.ytd_text(assessment, symbols=symbols), "small"),
        _text(wording.travel_text(assessment, arrows=symbols), "small"),
        _fixed(f"<b>{escape(wording.rag_text(assessment.rag))}</b>", "small"),
        _text(wording.target_and_tolerances_text(assessment), "small"),
        _text(wording.outturns_text(assessment), "small"),
        _text(wording.benchmarks_text(assessment), "small"),
        _text(wording.quartile_text(assessment), "small"),
        trend_drawing(assessment),
    ]


def trend_drawing(assessment: Assessment) -> Drawing:
    """Draw the last three periods' figures as a small line; the row gives them in words."""
    drawing = Drawing(CHART_WIDTH, CHART_HEIGHT)
    values = [None if reading is None else reading.value.value for reading in assessment.recent]
    known = [value for value in values if value is not None]
    if not known:
        return drawing
    low, high = min(known), max(known)
    spread = high - low or Decimal(1)
    step = (CHART_WIDTH - 6) / max(len(values) - 1, 1)

    def y_of(value: Decimal) -> float:
        return 3 + float((value - low) / spread) * (CHART_HEIGHT - 6)

    points = [
        (3 + step * index, y_of(value)) for index, value in enumerate(values) if value is not None
    ]
    drawing.add(Line(0, 1, CHART_WIDTH, 1, strokeColor=colors.HexColor("#b1b4b6"), strokeWidth=0.4))
    if len(points) > 1:
        flat = [coordinate for point in points for coordinate in point]
        drawing.add(PolyLine(flat, strokeColor=LINE_COLOUR, strokeWidth=1))
    for x, y in points:
        drawing.add(Circle(x, y, 1.5, fillColor=LINE_COLOUR, strokeColor=None))
    return drawing


def _exceptions(scorecard: Scorecard) -> list[Flowable]:
    """Return the red indicators with their commentary, which may run over several pages."""
    rows = [
        [
            _text(assessment.indicator.ref),
            _text(assessment.indicator.title),
            _text(wording.latest_text(assessment)),
            _text(wording.indicator_target_text(assessment)),
            _text(wording.travel_text(assessment, arrows=_symbols())),
            _text(assessment.latest.commentary if assessment.latest else ""),
        ]
        for assessment in scorecard.exceptions
    ]
    return _listing(
        wording.INDICATOR_EXCEPTIONS_HEADING,
        wording.INDICATOR_EXCEPTION_HEADER,
        rows,
        EXCEPTION_WIDTHS,
        wording.NO_INDICATOR_EXCEPTIONS,
    )


def _clinics(scorecard: Scorecard) -> list[Flowable]:
    rows = [
        [
            _text(assessment.indicator.ref),
            _text(assessment.indicator.title),
            _text(wording.latest_text(assessment)),
            _text(wording.indicator_target_text(assessment)),
            _text(wording.travel_text(assessment, arrows=_symbols())),
            _text(wording.clinic_quarters_text(assessment)),
        ]
        for assessment in scorecard.clinics
    ]
    return _listing(
        wording.CLINICS_HEADING, wording.CLINIC_HEADER, rows, CLINIC_WIDTHS, wording.NO_CLINICS
    )


def _listing(
    heading: str,
    header: Sequence[str],
    rows: Sequence[list[Paragraph]],
    widths: Sequence[float],
    empty: str,
) -> list[Flowable]:
    title = _fixed(escape(wording.counted(heading, len(rows))), "h2")
    if not rows:
        return _keep_with_next([title], _fixed(escape(empty), "note"))
    head = [_fixed(escape(text), "head") for text in header]
    tables: list[Table] = [
        _table([head, *rows[start : start + ROWS_PER_TABLE]], widths)
        for start in range(0, len(rows), ROWS_PER_TABLE)
    ]
    return [*_keep_with_next([title], tables[0]), *tables[1:], Spacer(1, 6)]

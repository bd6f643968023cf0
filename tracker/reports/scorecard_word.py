"""Render the scorecard of performance indicators for a month as a Word document."""

# The page's parts in the page's words (tracker.reports.wording): real headings, tables whose
# header row repeats, RAG and direction of travel in words, and each indicator's trend as its
# figures in a table under its theme.

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from docx.document import Document

from tracker.domain.scorecard import Scorecard, ThemeSummary
from tracker.reports import wording
from tracker.reports.charts import ChartPoint, indicator_charts
from tracker.reports.word import _document, _heading, _paragraph, _save, _table


def scorecard_docx(scorecard: Scorecard, generated_at: datetime) -> bytes:
    """Render the scorecard as a Word document: summary, a table per theme, exceptions, clinics."""
    title = wording.scorecard_title(scorecard.plan_title, scorecard.period.end)
    subtitle = wording.scorecard_subtitle(scorecard.period.end)
    document = _document(title, subtitle, generated_at)
    _heading(document, title, 1)
    _paragraph(document, subtitle)
    _paragraph(document, wording.generated_by(generated_at))
    if not scorecard.themes:
        _paragraph(document, wording.NO_INDICATORS)
        return _save(document)
    _summary(document, [*scorecard.summary, *([scorecard.overall] if scorecard.overall else [])])
    charts = indicator_charts(scorecard)
    _heading(document, wording.SCORECARD_HEADING, 2)
    for theme in scorecard.themes:
        heading = wording.scorecard_theme(theme.title)
        _heading(document, heading, 3)
        _table(
            document,
            heading,
            wording.SCORECARD_HEADER,
            [
                [
                    "\n".join(lines)
                    for lines in wording.scorecard_row(
                        assessment, scorecard.detail(assessment).notes
                    )
                ]
                for assessment in theme.assessments
            ],
        )
        caption = wording.trend_figures_caption(theme.title)
        _table(
            document,
            caption,
            wording.TREND_FIGURES_HEADER,
            [
                [
                    assessment.indicator.ref,
                    assessment.indicator.title,
                    _figures(charts[assessment.indicator.id][1]),
                ]
                for assessment in theme.assessments
            ],
        )
    _exceptions(document, scorecard)
    _clinics(document, scorecard)
    return _save(document)


def _summary(document: Document, columns: Sequence[ThemeSummary]) -> None:
    """Add the four summary tables of 003: counts and shares per theme and overall."""
    _heading(document, wording.SCORECARD_SUMMARY_HEADING, 2)
    for caption, rows in wording.SUMMARY_TABLES:
        _table(
            document,
            caption,
            (caption, *(wording.scorecard_theme(column.theme) for column in columns)),
            [
                *(
                    [
                        wording.summary_row_label(mark, words),
                        *(
                            wording.summary_cell(getattr(column, field), column.total)
                            for column in columns
                        ),
                    ]
                    for mark, words, field in rows
                ),
                [wording.SUMMARY_TOTAL_ROW, *(str(column.total) for column in columns)],
            ],
            numbers=range(1, len(columns) + 1),
        )


def _figures(points: Sequence[ChartPoint]) -> str:
    return "; ".join(f"{point.label}: {point.text}" for point in points) or wording.NO_FIGURE


def _exceptions(document: Document, scorecard: Scorecard) -> None:
    _heading(document, wording.SCORECARD_EXCEPTIONS_HEADING, 2)
    if not scorecard.exceptions:
        _paragraph(document, wording.NO_SCORECARD_EXCEPTIONS)
        return
    _table(
        document,
        wording.SCORECARD_EXCEPTIONS_HEADING,
        wording.SCORECARD_EXCEPTION_HEADER,
        [wording.brief_row(assessment) for assessment in scorecard.exceptions],
    )
    for theme in scorecard.exceptions_by_theme:
        _heading(document, wording.scorecard_theme(theme.title), 3)
        for assessment in theme.assessments:
            facts = assessment.indicator
            _heading(document, wording.exception_measure(facts.ref, facts.title), 4)
            _paragraph(document, wording.exception_commentary(assessment))


def _clinics(document: Document, scorecard: Scorecard) -> None:
    _heading(document, wording.CLINICS_HEADING, 2)
    _paragraph(document, wording.CLINICS_INTRO)
    if not scorecard.clinics:
        _paragraph(document, wording.NO_CLINICS)
        return
    _table(
        document,
        wording.CLINICS_HEADING,
        wording.CLINIC_HEADER,
        [
            [
                *wording.brief_row(assessment),
                wording.clinic_quarters_text(assessment.clinic_quarters),
            ]
            for assessment in scorecard.clinics
        ],
    )

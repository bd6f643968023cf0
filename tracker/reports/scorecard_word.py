"""Render the scorecard of performance indicators for a period as a Word document."""

# The same words as the page and the PDF, from tracker.reports.wording: real headings, tables
# whose header row repeats, RAG and direction of travel in words, and each indicator's trend
# as its figures in the table (the last three periods and the year-on-year trend).

from __future__ import annotations

from datetime import datetime

from tracker.domain.indicator_rules import Assessment
from tracker.domain.scorecard import Scorecard
from tracker.reports import wording
from tracker.reports.word import _document, _heading, _paragraph, _save, _table


def scorecard_docx(scorecard: Scorecard, generated_at: datetime) -> bytes:
    """Render the scorecard as a Word document: summary, a table per theme, exceptions, clinics."""
    title = wording.scorecard_title(scorecard)
    subject = wording.scorecard_subject(scorecard)
    document = _document(title, subject, generated_at)
    _heading(document, title, 1)
    _paragraph(document, subject)
    _paragraph(document, wording.generated_by(generated_at))
    _heading(document, wording.SCORECARD_SUMMARY_HEADING, 2)
    _table(
        document,
        wording.SCORECARD_SUMMARY_HEADING,
        wording.SCORECARD_SUMMARY_HEADER,
        [
            [summary.theme, *(str(count) for count in wording.summary_counts(summary))]
            for summary in scorecard.summary
        ],
        numbers=range(1, len(wording.SCORECARD_SUMMARY_HEADER)),
    )
    if not scorecard.themes:
        _paragraph(document, wording.NO_INDICATORS)
    for theme in scorecard.themes:
        _heading(document, theme.title, 2)
        _table(
            document,
            theme.title,
            wording.SCORECARD_HEADER,
            [_indicator_cells(assessment) for assessment in theme.assessments],
        )
    heading = wording.INDICATOR_EXCEPTIONS_HEADING
    _heading(document, wording.counted(heading, len(scorecard.exceptions)), 2)
    if scorecard.exceptions:
        _table(
            document,
            heading,
            wording.INDICATOR_EXCEPTION_HEADER,
            [
                [
                    assessment.indicator.ref,
                    assessment.indicator.title,
                    wording.latest_text(assessment),
                    wording.indicator_target_text(assessment),
                    wording.travel_text(assessment),
                    assessment.latest.commentary if assessment.latest else "",
                ]
                for assessment in scorecard.exceptions
            ],
        )
    else:
        _paragraph(document, wording.NO_INDICATOR_EXCEPTIONS)
    heading = wording.CLINICS_HEADING
    _heading(document, wording.counted(heading, len(scorecard.clinics)), 2)
    if scorecard.clinics:
        _table(
            document,
            heading,
            wording.CLINIC_HEADER,
            [
                [
                    assessment.indicator.ref,
                    assessment.indicator.title,
                    wording.latest_text(assessment),
                    wording.indicator_target_text(assessment),
                    wording.travel_text(assessment),
                    wording.clinic_quarters_text(assessment),
                ]
                for assessment in scorecard.clinics
            ],
        )
    else:
        _paragraph(document, wording.NO_CLINICS)
    return _save(document)


def _indicator_cells(assessment: Assessment) -> list[str]:
    return [
        assessment.indicator.ref,
        assessment.indicator.title,
        wording.good_performance_text(assessment),
        *(f"{label}\n{reading}" for label, reading in wording.recent_cells(assessment)),
        wording.ytd_text(assessment),
        wording.travel_text(assessment),
        wording.rag_text(assessment.rag),
        wording.target_and_tolerances_text(assessment),
        wording.outturns_text(assessment),
        wording.benchmarks_text(assessment),
        wording.quartile_text(assessment),
    ]

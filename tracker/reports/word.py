"""Render the highlight report, the full plan and the exception report as Word documents."""

# Word is the accessible download: real headings, tables whose header rows repeat and are read
# out as headers, a chart with alternative text and its figures in a table, and the document's
# language set. python-docx writes every piece of text as XML text, so markup in user text
# prints literally; characters XML cannot hold are dropped first.

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from io import BytesIO

import docx
from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table, _Cell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from reportlab.graphics import renderPM

from tracker.domain.enums import Completion
from tracker.domain.highlight import HighlightReport, ReportItem
from tracker.domain.plan_report import MeasureRow, PlanReport
from tracker.domain.recommendations import RecommendationsSummary
from tracker.domain.tallies import Tally
from tracker.reports import pdf, wording
from tracker.reports.wording import (
    COMPLETION_HEADERS,
    EXCEPTION_HEADER,
    PLAN_HEADER,
    date_text,
    percent,
    points,
    status_text,
)

MIMETYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PAGE_WIDTH = Mm(297)
PAGE_HEIGHT = Mm(210)
MARGIN = Mm(15)
# The chart is drawn as the PDF draws it, then kept at most this wide on the page.
CHART_MAX_WIDTH = 700
CHART_DPI = 200


def _clean(value: str) -> str:
    """Return text without the control characters that XML cannot hold."""
    return ILLEGAL_CHARACTERS_RE.sub("", value)


def _document(title: str, subject: str, generated_at: datetime) -> Document:
    """Start an A4 landscape document in English (United Kingdom) with its properties set."""
    document = docx.Document()
    properties = document.core_properties
    properties.title = _clean(title)
    properties.subject = _clean(subject)
    properties.author = wording.AUTHOR
    properties.last_modified_by = wording.AUTHOR
    properties.language = wording.LANGUAGE
    properties.created = generated_at
    properties.modified = generated_at
    defaults = document.styles.element.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    language = run_defaults.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        run_defaults.append(language)
    for attribute in ("w:val", "w:eastAsia", "w:bidi"):
        language.set(qn(attribute), wording.LANGUAGE)
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, MARGIN)
    return document


def _heading(document: Document, text: str, level: int) -> None:
    document.add_heading(_clean(text), level)


def _paragraph(document: Document, text: str) -> None:
    document.add_paragraph(_clean(text))


def _mark_header_row(table: Table, caption: str) -> None:
    """Mark the first row as the header row that Word repeats, and name the table."""
    row_properties = table.rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    row_properties.append(header)
    # The table's title is what a screen reader announces on entering it.
    table_caption = OxmlElement("w:tblCaption")
    table_caption.set(qn("w:val"), _clean(caption))
    table._tbl.tblPr.append(table_caption)


def _table(
    document: Document,
    caption: str,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    numbers: Sequence[int] = (),
) -> Table:
    """Add a grid table with a repeating, bold header row; numbers line up on the right."""
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    for index, text in enumerate(header):
        cell = table.rows[0].cells[index]
        run = cell.paragraphs[0].add_run(_clean(text))
        run.bold = True
        if index in numbers:
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for values in rows:
        # Cells straight from the new row: Row.cells lays out the whole table each time.
        row = table.add_row()
        cells = [_Cell(tc, table) for tc in row._tr.tc_lst]
        for index, value in enumerate(values):
            cells[index].text = _clean(value)
            if index in numbers:
                cells[index].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _mark_header_row(table, caption)
    document.add_paragraph()
    return table


def _save(document: Document) -> bytes:
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def highlight_docx(report: HighlightReport, generated_at: datetime) -> bytes:
    """Render the highlight report for a month as a Word document."""
    title = wording.highlight_title(report)
    document = _document(title, wording.highlight_subject(report), generated_at)
    _heading(document, title, 1)
    _paragraph(document, wording.generated_by(generated_at))
    _heading(document, wording.highlight_status_heading(report), 2)
    _overall_table(document, report)
    if wording.has_bands(report.tallies):
        caption = wording.highlight_bands_heading(report)
        _table(
            document,
            caption,
            (caption, wording.ACTIONS_HEADER, *COMPLETION_HEADERS),
            [[band.label, *_counts(band.tally)] for band in report.tallies.bands],
            numbers=range(1, 6),
        )
    if report.tallies.themes:
        _heading(document, wording.THEMES_HEADING, 2)
    for theme in report.tallies.themes:
        heading = wording.theme_heading(theme.number, theme.title)
        _heading(document, heading, 3)
        rows = [
            [wording.THEME_ACTIONS_ROW, *_counts(theme.tally)],
            [
                wording.THEME_PERCENT_ROW,
                "",
                *(percent(value) for value in theme.tally.percentages.values()),
            ],
        ]
        if wording.has_bands(report.tallies):
            rows += [[band.label, *_counts(band.tally)] for band in theme.bands]
        header = ("", wording.ACTIONS_HEADER, *COMPLETION_HEADERS)
        _table(document, heading, header, rows, numbers=range(1, 6))
    _summary(document, report)
    _item_box(
        document,
        wording.completed_heading(report.month),
        wording.COMPLETED_ON_HEADER,
        [(item, wording.completed_on_text(item)) for item in report.completed],
        wording.NO_COMPLETED,
    )
    _item_box(
        document,
        wording.planned_heading(report.month),
        wording.due_header(report.month),
        [(item, date_text(item.due_in_month)) for item in report.planned],
        wording.NO_PLANNED,
    )
    _item_box(
        document,
        wording.OVERDUE_HEADING,
        wording.DAYS_OVERDUE_HEADER,
        [(item, str(item.days_overdue)) for item in report.overdue_actions],
        wording.NO_OVERDUE,
    )
    _recommendations(document, report.recommendations)
    if report.milestones_overdue:
        _item_box(
            document,
            wording.MILESTONES_OVERDUE_HEADING,
            wording.MILESTONE_OVERDUE_HEADER,
            [(item, wording.milestone_overdue(item)) for item in report.milestones_overdue],
            "",
        )
    if report.awaiting_sign_off:
        _item_box(
            document,
            wording.AWAITING_SIGN_OFF_HEADING,
            wording.COMPLETED_ON_HEADER,
            [(item, date_text(item.completed_on)) for item in report.awaiting_sign_off],
            "",
        )
    _heading(document, wording.RISKS_HEADING, 2)
    _heading(document, wording.counted(wording.OPEN_RISKS_HEADING, len(report.risks)), 3)
    if report.risks:
        _table(
            document,
            wording.OPEN_RISKS_HEADING,
            wording.RISK_HEADER,
            [
                [
                    risk.description,
                    risk.likelihood,
                    risk.consequences,
                    risk.mitigation,
                    risk.owner,
                    date_text(risk.raised_on),
                ]
                for risk in report.risks
            ],
        )
    else:
        _paragraph(document, wording.NO_RISKS)
    _heading(document, wording.counted(wording.RED_HEADING, len(report.red_actions)), 3)
    if report.red_actions:
        _table(
            document,
            wording.RED_HEADING,
            wording.RED_HEADER,
            [
                [
                    item.ref or "",
                    item.action,
                    ", ".join(item.leads),
                    wording.item_target(item),
                    status_text(item.status_label),
                    item.commentary,
                ]
                for item in report.red_actions
            ],
        )
    else:
        _paragraph(document, wording.NO_RED)
    if report.indicators:
        _heading(document, wording.counted(wording.INDICATORS_HEADING, len(report.indicators)), 3)
        _table(
            document,
            wording.INDICATORS_HEADING,
            wording.INDICATOR_HEADER,
            [
                [
                    line.action_ref or "",
                    f"{line.indicator_ref} {line.indicator_title}",
                    line.period,
                    line.reading,
                    line.rag.label if line.rag else wording.NOT_RATED,
                    line.travel,
                ]
                for line in report.indicators
            ],
        )
    heading = wording.achievements_heading(report.month)
    _heading(document, wording.counted(heading, len(report.achievements)), 2)
    if report.achievements:
        _table(
            document,
            heading,
            wording.ACHIEVEMENT_HEADER,
            [
                [date_text(achievement.achieved_on), achievement.text]
                for achievement in report.achievements
            ],
        )
    else:
        _paragraph(document, wording.NO_ACHIEVEMENTS)
    _trend(document, report)
    return _save(document)


def _recommendations(document: Document, summary: RecommendationsSummary | None) -> None:
    """Add the recommendations' line and table, or nothing for a plan without any."""
    if summary is None:
        return
    _heading(document, wording.counted(wording.RECOMMENDATIONS_HEADING, summary.total), 2)
    _paragraph(document, wording.recommendations_met(summary))
    if not summary.rows:
        _paragraph(document, wording.NO_RECOMMENDATIONS)
        return
    _table(
        document,
        wording.RECOMMENDATIONS_HEADING,
        wording.RECOMMENDATION_HEADER,
        [
            [
                row.recommendation.ref,
                row.recommendation.text,
                wording.recommendation_source(
                    row.recommendation.source, row.recommendation.made_on
                ),
                row.label,
            ]
            for row in summary.rows
        ],
    )


def _counts(tally: Tally) -> list[str]:
    return [str(tally.total), *(str(tally.count(completion)) for completion in Completion)]


def _overall_table(document: Document, report: HighlightReport) -> None:
    overall = report.tallies.overall
    previous = report.previous_tallies.overall
    _table(
        document,
        wording.highlight_status_heading(report),
        ("", wording.TOTAL_ACTIONS_HEADER, *COMPLETION_HEADERS),
        [
            [wording.ACTIONS_ROW, *_counts(overall)],
            [
                wording.PERCENT_OF_ALL_ROW,
                "",
                *(percent(value) for value in overall.percentages.values()),
            ],
            [
                wording.previous_label(report.previous_tallies.as_at),
                str(previous.total),
                *(
                    wording.count_with_percent(previous.count(c), previous.percent(c))
                    for c in Completion
                ),
            ],
            [
                wording.CHANGE_ROW,
                wording.count_change(overall.total - previous.total),
                *(points(report.change[c]) for c in Completion),
            ],
        ],
        numbers=range(1, 6),
    )


def _summary(document: Document, report: HighlightReport) -> None:
    """Add the paper's one-page summary: the four boxes in a two-by-two table of short titles."""
    _heading(document, wording.summary_heading(report.month), 2)
    boxes = (
        (
            wording.completed_heading(report.month),
            report.completed_box,
            wording.NO_COMPLETED,
        ),
        (
            wording.planned_heading(report.month),
            report.planned_box,
            wording.NO_PLANNED,
        ),
        (
            wording.OVERDUE_HEADING,
            report.overdue_box,
            wording.NO_OVERDUE,
        ),
        (
            wording.RISKS_HEADING,
            report.risks_box,
            wording.NO_RISKS,
        ),
    )
    table = document.add_table(rows=4, cols=2)
    table.style = "Table Grid"
    for index, (heading, box, empty) in enumerate(boxes):
        row, column = divmod(index, 2)
        head = table.rows[row * 2].cells[column]
        head.paragraphs[0].add_run(_clean(wording.counted(heading, len(box.lines)))).bold = True
        body = table.rows[row * 2 + 1].cells[column]
        if not box.lines:
            body.text = _clean(empty)
            continue
        body.paragraphs[0].text = _clean(box.lines[0])
        for line in box.lines[1:]:
            body.add_paragraph(_clean(line))
        for note in box.notes:
            body.add_paragraph(_clean(note)).runs[0].italic = True
    # Only a table's first row can be its repeating header; the second pair of headings is
    # bold text in a row of its own, read in order after the first pair's lists.
    _mark_header_row(table, wording.summary_heading(report.month))
    document.add_paragraph()


def _item_box(
    document: Document,
    heading: str,
    last_header: str,
    items: Sequence[tuple[ReportItem, str]],
    empty: str,
) -> None:
    _heading(document, wording.counted(heading, len(items)), 2)
    if not items:
        _paragraph(document, empty)
        return
    _table(
        document,
        heading,
        (*wording.ITEM_HEADER, last_header),
        [
            [
                item.ref or "",
                item.action,
                ", ".join(item.leads),
                wording.item_target(item),
                last,
            ]
            for item, last in items
        ],
        numbers=(4,),
    )


def _trend(document: Document, report: HighlightReport) -> None:
    """Add the trend chart as a picture described in words, then its figures as a table."""
    _heading(document, wording.TREND_HEADING, 2)
    if report.trend:
        width = min(CHART_MAX_WIDTH, 120 + 46 * len(report.trend))
        drawing = pdf.trend_drawing(report.trend, width)
        picture = renderPM.drawToString(drawing, fmt="PNG", dpi=CHART_DPI)
        document.add_picture(BytesIO(picture), width=Pt(width))
        shape = document.inline_shapes[-1]
        properties = shape._inline.docPr
        properties.set("descr", wording.trend_alt_text(report))
        properties.set("title", wording.TREND_HEADING)
    _table(
        document,
        wording.TREND_HEADING,
        wording.TREND_HEADER,
        [
            [point.month.label, percent(point.percent_completed), str(point.total)]
            for point in report.trend
        ],
        numbers=(1, 2),
    )


def plan_docx(report: PlanReport, generated_at: datetime) -> bytes:
    """Render the full plan, or the exception report, as at a date as a Word document."""
    title = wording.plan_title(report)
    subtitle = wording.plan_subtitle(report)
    document = _document(title, subtitle, generated_at)
    _heading(document, title, 1)
    _paragraph(document, subtitle)
    note = wording.plan_note(report)
    if note is not None:
        _paragraph(document, note)
    _paragraph(document, wording.generated_by(generated_at))
    for theme in report.themes:
        _heading(document, wording.theme_heading(theme.number, theme.title), 2)
        for objective in theme.objectives:
            heading = wording.objective_heading(objective.objective)
            _heading(document, heading, 3)
            # The objective is the heading above, so the table leaves out its column.
            if report.red_only:
                rows = [_exception_cells(row) for row in objective.rows]
                _table(document, heading, EXCEPTION_HEADER, rows)
            else:
                rows = [_measure_cells(row) for row in objective.rows]
                _table(document, heading, PLAN_HEADER[1:], rows)
    return _save(document)


def _measure_cells(row: MeasureRow) -> list[str]:
    commentary = row.commentary
    if row.current_performance:
        commentary = f"{wording.CURRENT_PERFORMANCE_LABEL}: {row.current_performance}" + (
            f"\n{commentary}" if commentary else ""
        )
    return [
        wording.ref_and_text(row.ref, row.text),
        row.baseline,
        row.targets,
        wording.row_target(row, written=True),
        row.lead_text,
        status_text(row.status_label, row.direction) if row.status_label else "",
        commentary,
        row.workstreams,
    ]


def _exception_cells(row: MeasureRow) -> list[str]:
    return [
        row.ref or "",
        row.text,
        row.lead_text,
        wording.row_target(row, written=False),
        status_text(row.status_label, row.direction),
        row.current_performance,
        row.commentary,
    ]

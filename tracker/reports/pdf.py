"""Render the highlight report, the full plan and the exception report as A4 landscape PDFs."""

# Every piece of user text goes through `_text`, which escapes it before ReportLab's paragraph
# parser sees it, so markup in a commentary prints literally and never fetches anything.
# Text runs up to the limits in tracker.domain.text_limits: a cell can be taller than a page, so
# every table may split inside a row, and a word wider than its column is broken across lines.

from __future__ import annotations

import codecs
from collections.abc import Callable, Sequence
from copy import copy
from datetime import datetime
from functools import cache, partial
from io import BytesIO
from typing import Any
from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.paragraph import cleanBlockQuotedText
from reportlab.platypus.tables import TableRenderCB

from tracker.domain.empty_values import recorded
from tracker.domain.enums import Completion, Direction
from tracker.domain.highlight import HighlightReport, ReportItem, TrendPoint
from tracker.domain.plan_report import MeasureRow, ObjectiveSection, PlanReport
from tracker.domain.recommendations import RecommendationsSummary
from tracker.domain.status_key import StatusColour
from tracker.domain.tallies import Tallies, Tally
from tracker.domain.text_limits import shortened
from tracker.reports import wording
from tracker.reports.wording import (
    COMPLETION_HEADERS,
    EXCEPTION_HEADER,
    PLAN_HEADER,
    continued,
    date_text,
    percent,
    points,
)

PAGE = landscape(A4)
MARGIN = 12 * mm
FRAME_WIDTH = PAGE[0] - 2 * MARGIN
BOTTOM_MARGIN = 16 * mm
FRAME_HEIGHT = PAGE[1] - MARGIN - BOTTOM_MARGIN
ROWS_PER_TABLE = 25
# How far below a row's top its first line of text sits, near enough for text extraction.
ROW_BASELINE = 10
# The objective restated at the top of a continued page stays short enough to leave room below.
RESTATED_OBJECTIVE_LENGTH = 200
# How much of what follows a heading must fit below it on the same page.
OPENING_HEIGHT = 40 * mm
# A box's heading row, and the gap below each pair of boxes, on the page of four boxes.
BOX_HEADING_HEIGHT = 16
BOX_GAP = 8

GRID = colors.HexColor("#b1b4b6")
HEADER_FILL = colors.HexColor("#e8e9ea")
# A status with no colour in its key is left unshaded; its label says what it is.
STATUS_FILLS = {
    StatusColour.RED: colors.HexColor("#f4cdc6"),
    StatusColour.AMBER: colors.HexColor("#fce3c6"),
    StatusColour.YELLOW: colors.HexColor("#fff7bf"),
    StatusColour.GREEN: colors.HexColor("#cce2d8"),
    StatusColour.BLUE: colors.HexColor("#d2e2f1"),
    StatusColour.GREY: colors.HexColor("#f3f2f1"),
}


def _register(regular: str, bold: str) -> tuple[str, str]:
    """Register a TrueType family by its files' names and return its regular and bold fonts."""
    pdfmetrics.registerFont(TTFont(f"Tracker-{regular}", f"{regular}.ttf"))
    pdfmetrics.registerFont(TTFont(f"Tracker-{bold}", f"{bold}.ttf"))
    pdfmetrics.registerFontFamily(
        f"Tracker-{regular}",
        normal=f"Tracker-{regular}",
        bold=f"Tracker-{bold}",
        italic=f"Tracker-{regular}",
        boldItalic=f"Tracker-{bold}",
    )
    return f"Tracker-{regular}", f"Tracker-{bold}"


@cache
def _fonts() -> tuple[str, str]:
    """Register DejaVu Sans, with arrows and accents, else the Vera fonts ReportLab ships."""
    # Both are TrueType fonts that ReportLab embeds, so no text is set in a standard font that
    # a reader would have to substitute.
    try:
        return _register("DejaVuSans", "DejaVuSans-Bold")
    except TTFError:
        return _register("Vera", "VeraBd")


@cache
def _styles() -> dict[str, ParagraphStyle]:
    regular, bold = _fonts()
    body = ParagraphStyle("body", fontName=regular, fontSize=8, leading=10, splitLongWords=1)
    return {
        "title": ParagraphStyle("title", fontName=bold, fontSize=17, leading=21, spaceAfter=4),
        "subtitle": ParagraphStyle(
            "subtitle", fontName=bold, fontSize=12, leading=15, spaceAfter=8
        ),
        "h2": ParagraphStyle(
            "h2", fontName=bold, fontSize=12, leading=15, spaceBefore=10, spaceAfter=5
        ),
        "h3": ParagraphStyle(
            "h3", fontName=bold, fontSize=9.5, leading=12, spaceBefore=6, spaceAfter=3
        ),
        "body": body,
        "cell": body,
        "small": ParagraphStyle("small", parent=body, fontSize=7, leading=8.5),
        "head": ParagraphStyle("head", parent=body, fontName=bold),
        "head_small": ParagraphStyle(
            "head_small", parent=body, fontName=bold, fontSize=7, leading=8.5
        ),
        "number": ParagraphStyle("number", parent=body, alignment=TA_RIGHT),
        "head_number": ParagraphStyle(
            "head_number", parent=body, fontName=bold, alignment=TA_RIGHT
        ),
        "note": ParagraphStyle("note", parent=body, fontSize=9, leading=12, spaceAfter=6),
        # The paper's boxes print their lists at a readable size, never smaller than 8 pt.
        "box": ParagraphStyle("box", parent=body, fontSize=9, leading=11.5, spaceAfter=2),
        "box_note": ParagraphStyle(
            "box_note", parent=body, fontSize=8, leading=10, spaceBefore=4, spaceAfter=2
        ),
    }


class _Paragraph(Paragraph):
    """Break a paragraph's lines once per width, however often a table measures it."""

    # A table measures each cell several times for every page a split row runs over; breaking
    # a cell of thousands of characters each time made long rows cost quadratic time.
    _wrapped_width: float | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if self._wrapped_width == availWidth and "blPara" in self.__dict__:
            return self.width, self.height
        size = super().wrap(availWidth, availHeight)
        self._wrapped_width = availWidth
        return size


@cache
def _plain_fragment(style: str) -> Any:
    """Return the fragment ReportLab's parser makes of a plain word in a style."""
    return Paragraph("x", _styles()[style]).frags[0]


def _text(value: str, style: str = "cell") -> Paragraph:
    """Return user text as a paragraph that prints exactly what was written."""
    if "\n" in value:
        return _Paragraph(escape(value).replace("\n", "<br/>"), _styles()[style])
    # Text without a line break parses to one fragment in the style holding the text as
    # ReportLab cleans it, or to none when that leaves nothing; making them here skips the
    # parser, which took a fifth of a long plan's build.
    cleaned = cleanBlockQuotedText(value)
    fragments = []
    if cleaned:
        fragment = copy(_plain_fragment(style))
        fragment.text = cleaned
        fragments.append(fragment)
    return _Paragraph(escape(cleaned), _styles()[style], frags=fragments)


def _fixed(markup: str, style: str = "cell") -> Paragraph:
    """Return the tracker's own wording, which may use ReportLab markup but holds no user text."""
    return _Paragraph(markup, _styles()[style])


def status_text(label: str | None, direction: Direction | None = None) -> str:
    """Return a recorded status as the papers print it, with an arrow when the font has one."""
    return wording.status_text(label, direction, arrows=_fonts()[0] == "Tracker-DejaVuSans")


def _cell_text(cell: Any) -> str:
    """Return the words a table cell shows, on one line."""
    if isinstance(cell, Paragraph):
        return " ".join(cell.getPlainText().split())
    if isinstance(cell, (list, tuple)):
        return " ".join(filter(None, (_cell_text(part) for part in cell)))
    return " ".join(str(cell or "").split())


class _RowReadingOrder(TableRenderCB):
    """Mark each table row's text as one line, so text extraction reads a row cell by cell."""

    # Without this a reader lays the page out itself and reads a table column by column where
    # its columns leave gutters. ActualText is PDF's way to say which text a span shows; a
    # reader places it from the span's first glyph to its last, so the span opens and closes
    # with an invisible space at the row's top left and top right, on one baseline.

    def startRow(self, table: Table, row: int) -> None:
        text = " ".join(filter(None, (_cell_text(cell) for cell in table._cellvalues[row])))
        encoded = (codecs.BOM_UTF16_BE + text.encode("utf-16-be")).hex().upper()
        table.canv._code.append(f"/Span <</ActualText <{encoded}>>> BDC")
        self._baseline = table._rowpositions[row + 1] + table._rowHeights[row] - ROW_BASELINE
        self._mark(table, table._colpositions[0])

    def endRow(self, table: Table) -> None:
        self._mark(table, table._colpositions[-1])
        table.canv._code.append("EMC")

    def _mark(self, table: Table, x: float) -> None:
        text = table.canv.beginText(x, self._baseline)
        text.setTextRenderMode(3)
        text.setFont(_fonts()[0], 8)
        text.textOut(" ")
        # The render mode outlives the text object in the page's graphics state: set it back,
        # or every cell's text drawn after the mark would be invisible too.
        text.setTextRenderMode(0)
        table.canv.drawText(text)

    def startTable(self, table: Table) -> None:
        """Start nothing: only rows are marked."""

    startBG = endBG = startLines = endLines = endTable = endCell = startTable

    def startCell(self, table: Table, *cell: Any) -> None:
        """Mark nothing: a cell is read as part of its row."""


class _Table(Table):
    """Lay a table out once per space offered, however often the frame asks."""

    # A frame wraps a table to try it, and splits it (which lays it out again) in the same
    # space when it does not fit: each layout measures every cell, a third of a long build.
    _laid_out_in: tuple[float, float] | None = None

    def _calc(self, availWidth: float, availHeight: float) -> None:
        if self._laid_out_in != (availWidth, availHeight):
            super()._calc(availWidth, availHeight)
            self._laid_out_in = (availWidth, availHeight)


def _table(
    rows: Sequence[Sequence[Any]],
    widths: Sequence[float],
    *,
    header_rows: int = 1,
    extra: Sequence[tuple] = (),
    grid: Sequence[tuple] = (("GRID", (0, 0), (-1, -1), 0.5, GRID),),
    kind: type[Table] = _Table,
) -> Table:
    # A row at the foot of a page carries on over the next, as rows of the papers' Word tables
    # do; a row whose cells cannot be split there (a single line) moves over whole.
    table = kind(
        rows,
        colWidths=list(widths),
        repeatRows=header_rows,
        splitByRow=0,
        splitInRow=1,
        hAlign="LEFT",
        renderCB=_RowReadingOrder(),
    )
    table.setStyle(
        TableStyle(
            [
                *grid,
                # Tables set each cell's font even around paragraphs: keep it an embedded one.
                ("FONTNAME", (0, 0), (-1, -1), _fonts()[0]),
                ("BACKGROUND", (0, 0), (-1, header_rows - 1), HEADER_FILL),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                *extra,
            ]
        )
    )
    return table


def _chunked_tables(
    header: Sequence[str],
    rows: Sequence[Sequence[Any]],
    widths: Sequence[float],
    styles: Callable[[int, int], list[tuple]] | None = None,
) -> list[Flowable]:
    """Split a long list into small tables, each with its header (repeated if it breaks)."""
    # `styles` gives extra table styles for a row from its index in its table and in `rows`.
    head = [_text(text, "head") for text in header]
    flowables: list[Flowable] = []
    for start in range(0, len(rows), ROWS_PER_TABLE):
        chunk = rows[start : start + ROWS_PER_TABLE]
        extra = []
        if styles is not None:
            for index in range(1, len(chunk) + 1):
                extra.extend(styles(index, start + index - 1))
        flowables.append(_table([head, *chunk], widths, extra=extra))
    return flowables


class _FooterCanvas(Canvas):
    """Draw "Page N of M", the report's name and when it was generated on every page."""

    def __init__(self, *args: Any, footer: str, generated: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._footer = footer
        self._generated = generated
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        # Keep each finished page until save(), when the page count is known: its drawing
        # operators as one string (as ReportLab would join them) rather than thousands of small
        # ones, which took most of a long document's memory.
        self._code = ["\n".join(self._code)]  # type: ignore[has-type]  # ReportLab's own list
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        pages, total = self._pages, len(self._pages)
        for number in range(1, total + 1):
            # Each kept page is let go once ReportLab holds its own copy of it.
            self.__dict__.update(pages[number - 1])
            pages[number - 1] = {}
            self._draw_footer(number, total)
            super().showPage()
        super().save()

    def _draw_footer(self, number: int, total: int) -> None:
        regular = _fonts()[0]
        width = PAGE[0]
        self.saveState()
        self.setStrokeColor(GRID)
        self.setLineWidth(0.5)
        self.line(MARGIN, 11 * mm, width - MARGIN, 11 * mm)
        self.setFont(regular, 7.5)
        self.setFillColor(colors.black)
        footer = self._footer
        while len(footer) > 20 and self.stringWidth(footer, regular, 7.5) > width / 2 - MARGIN:
            footer = footer[:-2].rstrip() + "…"
        self.drawString(MARGIN, 7 * mm, footer)
        self.drawCentredString(width / 2 + 40 * mm, 7 * mm, self._generated)
        self.drawRightString(width - MARGIN, 7 * mm, wording.page_number(number, total))
        self.restoreState()


class _Deferred(Flowable):
    """Stand in the story for flowables made only when the build reaches them."""

    # A long document's story would otherwise hold every cell's paragraph from the start;
    # made as they are reached, the paragraphs of the pages already drawn can be freed.

    def __init__(self, make: Callable[[], list[Flowable]]) -> None:
        super().__init__()
        self.make = make


class _Document(SimpleDocTemplate):
    """Build a story whose parts may be deferred until the build reaches them."""

    def filterFlowables(self, flowables: list[Flowable]) -> None:
        while flowables and isinstance(flowables[0], _Deferred):
            flowables[0:1] = flowables[0].make()


def _document(buffer: BytesIO, *, title: str, subject: str) -> _Document:
    """Return an A4 landscape document with the reports' margins, metadata and font."""
    return _Document(
        buffer,
        pagesize=PAGE,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=BOTTOM_MARGIN,
        title=title,
        author=wording.AUTHOR,
        creator=wording.AUTHOR,
        subject=subject,
        lang=wording.LANGUAGE,
        displayDocTitle=True,
        # Each page starts in the report's own font, so no unembedded Helvetica is referenced.
        initialFontName=_fonts()[0],
    )


def _build(story: list[Flowable], *, title: str, subject: str, generated_at: datetime) -> bytes:
    buffer = BytesIO()
    _document(buffer, title=title, subject=subject).build(
        story,
        canvasmaker=partial(
            _FooterCanvas, footer=title, generated=wording.generated_text(generated_at)
        ),
    )
    return buffer.getvalue()


def highlight_pdf(report: HighlightReport, generated_at: datetime) -> bytes:
    """Render the highlight report for a month as a PDF, laid out as the council's paper."""
    title = wording.highlight_title(report)
    story: list[Flowable] = [
        _text(title, "title"),
        *([_text(wording.provisional_note(report), "note")] if report.provisional else []),
        _text(wording.highlight_status_heading(report), "subtitle"),
        _overall_table(report),
    ]
    if wording.has_bands(report.tallies):
        story += [
            Spacer(1, 8),
            _bands_table(report.tallies, wording.highlight_bands_heading(report)),
        ]
    themes: list[Flowable] = [
        KeepTogether(
            [
                _text(wording.theme_heading(theme.number, theme.title), "h3"),
                _theme_table(report.tallies, theme.number),
            ]
        )
        for theme in report.tallies.themes
    ]
    if themes:
        heading = _fixed(escape(wording.THEMES_HEADING), "h2")
        story += [*_keep_with_next([heading], themes[0]), *themes[1:]]
    story += _summary(report)
    story += [PageBreak()]
    story += _box(
        wording.completed_heading(report.month),
        (*wording.ITEM_HEADER, wording.COMPLETED_ON_HEADER),
        [_item_cells(item, wording.completed_on_text(item)) for item in report.completed],
        (45, 345, 150, 150, 84),
        wording.NO_COMPLETED,
    )
    story += _box(
        wording.planned_heading(report.month),
        (*wording.ITEM_HEADER, wording.due_header(report.month)),
        [_item_cells(item, date_text(item.due_in_month)) for item in report.planned],
        (45, 345, 150, 150, 84),
        wording.NO_PLANNED,
    )
    story += _box(
        wording.OVERDUE_HEADING,
        (*wording.ITEM_HEADER, wording.DAYS_OVERDUE_HEADER),
        [_item_cells(item, str(item.days_overdue)) for item in report.overdue_actions],
        (45, 345, 150, 150, 84),
        wording.NO_OVERDUE,
    )
    story += _recommendations(report.recommendations)
    if report.milestones_overdue:
        story += _box(
            wording.MILESTONES_OVERDUE_HEADING,
            (*wording.ITEM_HEADER, wording.MILESTONE_OVERDUE_HEADER),
            [
                _item_cells(item, wording.milestone_overdue(item))
                for item in report.milestones_overdue
            ],
            (45, 265, 130, 130, 204),
            "",
        )
    if report.awaiting_sign_off:
        story += _box(
            wording.AWAITING_SIGN_OFF_HEADING,
            (*wording.ITEM_HEADER, wording.COMPLETED_ON_HEADER),
            [_item_cells(item, date_text(item.completed_on)) for item in report.awaiting_sign_off],
            (45, 345, 150, 150, 84),
            "",
        )
    story += _box(
        wording.OPEN_RISKS_HEADING,
        wording.RISK_HEADER,
        [
            [
                _text(risk.description),
                _text(recorded(risk.likelihood)),
                _text(recorded(risk.consequences)),
                _text(recorded(risk.mitigation)),
                _text(recorded(risk.owner)),
                _text(date_text(risk.raised_on)),
            ]
            for risk in report.risks
        ],
        (210, 70, 150, 200, 75, 69),
        wording.NO_RISKS,
        level="h3",
        above=[_fixed(escape(wording.RISKS_HEADING), "h2")],
    )
    story += _box(
        wording.RED_HEADING,
        wording.RED_HEADER,
        [
            [
                _text(item.ref or ""),
                _text(item.action),
                _text(recorded(", ".join(item.leads))),
                _text(wording.item_target(item)),
                _text(status_text(item.status_label)),
                _text(recorded(item.commentary)),
            ]
            for item in report.red_actions
        ],
        (45, 220, 110, 100, 45, 254),
        wording.NO_RED,
        level="h3",
        styles=_status_fill(4, report.red_actions),
    )
    if report.indicators:
        story += _box(
            wording.INDICATORS_HEADING,
            wording.INDICATOR_HEADER,
            [
                [
                    _text(line.action_ref or ""),
                    _text(f"{line.indicator_ref} {line.indicator_title}"),
                    _text(line.period),
                    _text(line.reading),
                    _text(line.rag.label if line.rag else wording.NOT_RATED),
                    _text(line.travel),
                ]
                for line in report.indicators
            ],
            (45, 300, 90, 130, 60, 149),
            "",
            level="h3",
        )
    story += _box(
        wording.achievements_heading(report.month),
        wording.ACHIEVEMENT_HEADER,
        [
            [_text(date_text(achievement.achieved_on)), _text(achievement.text)]
            for achievement in report.achievements
        ],
        (90, 684),
        wording.NO_ACHIEVEMENTS,
    )
    story += _trend_flowables(report.trend)
    return _build(
        story,
        title=title,
        subject=wording.highlight_subject(report),
        generated_at=generated_at,
    )


def _count_cells(tally: Tally) -> list[Paragraph]:
    return [_fixed(str(tally.count(completion)), "number") for completion in Completion]


def _overall_table(report: HighlightReport) -> Table:
    overall = report.tallies.overall
    previous = report.previous_tallies.overall
    header = ["", wording.TOTAL_ACTIONS_HEADER, *COMPLETION_HEADERS]
    rows = [
        [
            _fixed(escape(text), "head" if index == 0 else "head_number")
            for index, text in enumerate(header)
        ],
        [
            _fixed(escape(wording.ACTIONS_ROW)),
            _fixed(str(overall.total), "number"),
            *_count_cells(overall),
        ],
        [
            _fixed(escape(wording.PERCENT_OF_ALL_ROW)),
            _fixed("", "number"),
            *(_fixed(percent(value), "number") for value in overall.percentages.values()),
        ],
        [
            _fixed(escape(wording.previous_label(report.previous_tallies.as_at))),
            _fixed(str(previous.total), "number"),
            *(
                _fixed(wording.count_with_percent(previous.count(c), previous.percent(c)), "number")
                for c in Completion
            ),
        ],
        [
            _fixed(escape(wording.CHANGE_ROW)),
            _fixed(wording.count_change(overall.total - previous.total), "number"),
            *(_fixed(points(report.change[c]), "number") for c in Completion),
        ],
    ]
    return _table(rows, (210, 84, 120, 120, 120, 120))


def _bands_table(tallies: Tallies, caption: str) -> Table:
    header = [caption, wording.ACTIONS_HEADER, *COMPLETION_HEADERS]
    rows = [
        [
            _fixed(escape(text), "head" if index == 0 else "head_number")
            for index, text in enumerate(header)
        ]
    ]
    for band in tallies.bands:
        rows.append(
            [_text(band.label), _fixed(str(band.tally.total), "number"), *_count_cells(band.tally)]
        )
    return _table(rows, (330, 60, 90, 90, 90, 114))


def _theme_table(tallies: Tallies, number: int) -> Table:
    theme = tallies.theme(number)
    header = ["", wording.ACTIONS_HEADER, *COMPLETION_HEADERS]
    rows = [
        [
            _fixed(escape(text), "head" if index == 0 else "head_number")
            for index, text in enumerate(header)
        ],
        [
            _fixed(escape(wording.THEME_ACTIONS_ROW)),
            _fixed(str(theme.tally.total), "number"),
            *_count_cells(theme.tally),
        ],
        [
            _fixed(escape(wording.THEME_PERCENT_ROW)),
            _fixed("", "number"),
            *(_fixed(percent(value), "number") for value in theme.tally.percentages.values()),
        ],
    ]
    if wording.has_bands(tallies):
        for band in theme.bands:
            rows.append(
                [
                    _text(band.label),
                    _fixed(str(band.tally.total), "number"),
                    *_count_cells(band.tally),
                ]
            )
    return _table(rows, (330, 60, 90, 90, 90, 114))


def _summary(report: HighlightReport) -> list[Flowable]:
    """Return the paper's page of four boxes, two by two, each a list of short titles."""
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
        (wording.RISKS_HEADING, report.risks_box, wording.NO_RISKS),
    )
    heading = _fixed(escape(wording.summary_heading(report.month)), "h2")
    # Each pair of boxes gets half of what the page leaves below the heading and the boxes'
    # own headings, so all four start on one page; what a box cannot fit there carries on.
    _, heading_height = heading.wrap(FRAME_WIDTH, FRAME_HEIGHT)
    spare = FRAME_HEIGHT - heading_height - heading.getSpaceBefore() - heading.getSpaceAfter()
    half = (spare - 2 * (BOX_HEADING_HEIGHT + BOX_GAP)) / 2
    width = FRAME_WIDTH / 2 - 6
    contents: list[tuple[str, list[Paragraph]]] = []
    for title, box, empty in boxes:
        paragraphs = [_text(line, "box") for line in box.lines] or [_fixed(escape(empty), "box")]
        # The footnotes close the box, under its last line, wherever that falls.
        paragraphs += [_text(note, "box_note") for note in box.notes]
        contents.append((wording.counted(title, len(box.lines)), paragraphs))
    needs = [_lines_height(paragraphs, width) for _, paragraphs in contents]
    # A pair that needs less than half the page leaves the rest to the other pair.
    top = max(half, 2 * half - min(max(needs[2:]), half))
    bottom = 2 * half - min(max(needs[:2]), top)
    budgets = (top, top, bottom, bottom)
    here: list[tuple[str, list[Paragraph]]] = []
    over: list[tuple[str, list[Paragraph]]] = []
    for (counted, paragraphs), budget in zip(contents, budgets, strict=True):
        fits = _lines_that_fit(paragraphs, width, budget)
        here.append((counted, paragraphs[:fits]))
        over.append((counted, paragraphs[fits:]))
    flowables: list[Flowable] = [PageBreak(), heading]
    for pair in (here[:2], here[2:]):
        flowables += [_boxes_table(pair), Spacer(1, BOX_GAP)]
    if any(paragraphs for _, paragraphs in over):
        flowables.append(PageBreak())
        for pair in (over[:2], over[2:]):
            if any(paragraphs for _, paragraphs in pair):
                flowables += [_boxes_table(pair, restated=True), Spacer(1, BOX_GAP)]
    return flowables


def _lines_height(paragraphs: Sequence[Paragraph], width: float) -> float:
    """Return the height a box's lines take at a width."""
    return sum(
        paragraph.wrap(width, FRAME_HEIGHT)[1]
        + paragraph.getSpaceBefore()
        + paragraph.getSpaceAfter()
        for paragraph in paragraphs
    )


def _lines_that_fit(paragraphs: Sequence[Paragraph], width: float, height: float) -> int:
    """Count how many of a box's lines fit in a height, at least one so the box makes a start."""
    used = 0.0
    for count, paragraph in enumerate(paragraphs):
        used += _lines_height([paragraph], width)
        if used > height:
            return max(count, 1)
    return len(paragraphs)


def _boxes_table(pair: Sequence[tuple[str, list[Paragraph]]], *, restated: bool = False) -> Table:
    """Return two boxes side by side: their headings over their lists."""
    headings = [title for title, _ in pair]
    marked = [continued(title) if restated else title for title in headings]
    table = _table(
        [
            [_text(title, "head") for title in marked],
            [list(paragraphs) for _, paragraphs in pair],
        ],
        (FRAME_WIDTH / 2, FRAME_WIDTH / 2),
        kind=_BoxesTable,
    )
    table.headings = headings
    return table


class _BoxesTable(_Table):
    """Mark each box's heading "(continued)" at the top of a page its list runs onto."""

    headings: list[str] = []

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        parts = super().split(availWidth, availHeight)
        if len(parts) == 2:
            rest = parts[1]
            rest._cellvalues[0] = [_text(continued(heading), "head") for heading in self.headings]
            rest.headings = self.headings
        return parts


def _item_cells(item: ReportItem, last: str) -> list[Paragraph]:
    return [
        _text(item.ref or ""),
        _text(item.action),
        _text(recorded(", ".join(item.leads))),
        _text(wording.item_target(item)),
        _fixed(escape(last), "number"),
    ]


def _recommendations(summary: RecommendationsSummary | None) -> list[Flowable]:
    """Return the recommendations' line and table, or nothing for a plan without any."""
    if summary is None:
        return []
    return _box(
        wording.RECOMMENDATIONS_HEADING,
        wording.RECOMMENDATION_HEADER,
        [
            [
                _text(row.recommendation.ref),
                _text(row.recommendation.text),
                _text(
                    wording.recommendation_source(
                        row.recommendation.source, row.recommendation.made_on
                    )
                ),
                _text(row.label),
            ]
            for row in summary.rows
        ],
        (60, 444, 150, 120),
        wording.NO_RECOMMENDATIONS,
        above=[_text(wording.recommendations_met(summary), "subtitle")],
    )


def _box(
    heading: str,
    header: Sequence[str],
    rows: list[list[Paragraph]],
    widths: Sequence[float],
    empty: str,
    *,
    level: str = "h2",
    styles: Callable[[int, int], list[tuple]] | None = None,
    above: Sequence[Flowable] = (),
) -> list[Flowable]:
    # `above` holds headings over this box's own, kept on the page with it.
    title = _text(wording.counted(heading, len(rows)), level)
    if not rows:
        return _keep_with_next([*above, title], _fixed(escape(empty), "note"))
    first, *rest = _chunked_tables(header, rows, widths, styles)
    return [*_keep_with_next([*above, title], first), *rest]


def _keep_with_next(headings: Sequence[Flowable], following: Flowable) -> list[Flowable]:
    """Start a new page unless the headings and the start of what follows fit on this one."""
    # A heading must never be left alone at the foot of a page: it goes over with the header
    # row and first row of its table (or as much of a long first row as makes a start).
    height = sum(
        heading.wrap(FRAME_WIDTH, FRAME_HEIGHT)[1]
        + heading.getSpaceBefore()
        + heading.getSpaceAfter()
        for heading in headings
    )
    if isinstance(following, Table):
        # Only the header rows and the first row count; a table of just those measures them
        # as the whole table would, without laying out every row an extra time.
        opening = following.repeatRows + 1
        start = _table(following._cellvalues[:opening], following._colWidths, header_rows=0)
        start.wrapOn(Canvas(BytesIO()), FRAME_WIDTH, FRAME_HEIGHT)
        following_height = min(sum(start._rowHeights), OPENING_HEIGHT)
    else:
        _, following_height = following.wrapOn(Canvas(BytesIO()), FRAME_WIDTH, FRAME_HEIGHT)
        if isinstance(following, KeepTogether):
            # KeepTogether answers a huge height to make the frame split it; it keeps the
            # real one.
            following_height = following._H
    return [CondPageBreak(min(height + following_height, FRAME_HEIGHT)), *headings, following]


def _trend_flowables(trend: Sequence[TrendPoint]) -> list[Flowable]:
    flowables: list[Flowable] = [
        CondPageBreak(75 * mm),
        _fixed(escape(wording.TREND_HEADING), "h2"),
        trend_drawing(trend, FRAME_WIDTH),
        Spacer(1, 4),
    ]
    for start in range(0, len(trend), 12):
        chunk = trend[start : start + 12]
        month, completed, actions = (escape(text) for text in wording.TREND_HEADER)
        rows = [
            [
                _fixed(month, "head"),
                *(_fixed(point.month.label, "head_number") for point in chunk),
            ],
            [
                _fixed(completed),
                *(_fixed(percent(point.percent_completed), "number") for point in chunk),
            ],
            [_fixed(actions), *(_fixed(str(point.total), "number") for point in chunk)],
        ]
        flowables += [_table(rows, (70, *([58] * len(chunk)))), Spacer(1, 4)]
    return flowables


def trend_drawing(trend: Sequence[TrendPoint], width: float) -> Drawing:
    """Draw the bar chart of the percentage completed at each month end, at most width wide."""
    regular = _fonts()[0]
    drawing = Drawing(width, 150, initialFontName=regular)
    chart = VerticalBarChart()
    chart.x, chart.y = 40, 30
    chart.width = min(width - 60, 36 + 46 * len(trend))
    chart.height = 105
    chart.data = [[float(point.percent_completed) for point in trend]]
    chart.categoryAxis.categoryNames = [
        f"{point.month.label[:3]} {point.month.year}" for point in trend
    ]
    chart.categoryAxis.labels.fontName = regular
    chart.categoryAxis.labels.fontSize = 7
    if len(trend) > 12:
        chart.categoryAxis.labels.angle = 45
        chart.categoryAxis.labels.boxAnchor = "ne"
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = 100
    chart.valueAxis.valueStep = 25
    chart.valueAxis.labels.fontName = regular
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.labelTextFormat = "%d%%"
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = GRID
    chart.valueAxis.gridStrokeWidth = 0.4
    chart.bars[0].fillColor = colors.HexColor("#1d70b8")
    chart.bars[0].strokeColor = None
    chart.barLabelFormat = "%.2f%%" if len(trend) <= 12 else None
    chart.barLabels.fontName = regular
    chart.barLabels.fontSize = 7
    chart.barLabels.nudge = 6
    drawing.add(chart)
    drawing.add(String(0, 140, "% completed", fontName=regular, fontSize=7, fillColor=colors.black))
    return drawing


PLAN_WIDTHS = (86, 120, 76, 76, 60, 64, 46, 176, 70)

EXCEPTION_WIDTHS = (40, 190, 90, 90, 48, 96, 220)


def plan_pdf(report: PlanReport, generated_at: datetime) -> bytes:
    """Render the full plan, or the exception report, as at a date as a PDF."""
    title = wording.plan_title(report)
    subtitle = wording.plan_subtitle(report)
    story: list[Flowable] = [_text(title, "title"), _fixed(escape(subtitle), "subtitle")]
    note = wording.plan_note(report)
    if note is not None:
        story.append(_fixed(escape(note), "note"))
    for theme in report.themes:
        theme_heading = wording.theme_heading(theme.number, theme.title)
        for index, objective in enumerate(theme.objectives):
            # The theme's heading goes over with its first objective.
            story.append(
                _Deferred(
                    partial(
                        _objective_flowables,
                        objective,
                        theme_heading if index == 0 else None,
                        red_only=report.red_only,
                    )
                )
            )
        if not theme.objectives:
            story.append(_text(theme_heading, "h2"))
    return _build(story, title=title, subject=subtitle, generated_at=generated_at)


def _objective_flowables(
    objective: ObjectiveSection, theme_heading: str | None, *, red_only: bool
) -> list[Flowable]:
    """Return an objective's headings and tables, the theme's heading first when given."""
    headings: list[Flowable] = [] if theme_heading is None else [_text(theme_heading, "h2")]
    if red_only:
        headings.append(_text(wording.objective_heading(objective.objective), "h3"))
        tables = _chunked_tables(
            EXCEPTION_HEADER,
            [_exception_cells(row) for row in objective.rows],
            EXCEPTION_WIDTHS,
            _status_fill(4, objective.rows),
        )
    else:
        tables = _objective_tables(objective.objective, objective.rows)
    if tables:
        return [*_keep_with_next(headings, tables[0]), *tables[1:], Spacer(1, 6)]
    return [*headings, Spacer(1, 6)]


def _status_fill(
    column: int, rows: Sequence[MeasureRow | ReportItem]
) -> Callable[[int, int], list[tuple]]:
    """Shade the status cell of each row in its key's colour (the label says it too)."""

    def styles(index: int, position: int) -> list[tuple]:
        fill = _fill(rows[position].status_colour)
        return [("BACKGROUND", (column, index), (column, index), fill)] if fill else []

    return styles


def _fill(colour: StatusColour | None) -> colors.Color | None:
    return STATUS_FILLS.get(colour) if colour else None


class _ObjectiveTable(_Table):
    """Restate the objective, marked continued, at the top of each page the table runs onto."""

    objective = ""

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        parts = super().split(availWidth, availHeight)
        if len(parts) == 2 and self.objective:
            rest = parts[1]
            row = rest.repeatRows
            # A long objective split inside its own row carries on with its remaining text.
            if _is_blank(rest._cellvalues[row][0]):
                restated = shortened(self.objective, RESTATED_OBJECTIVE_LENGTH)
                cell = _text(continued(restated), "small")
                # A tuple, as ReportLab leaves split cells: it can only split a cell that is one.
                rest._cellvalues[row][0] = (cell,)
                # ReportLab hands the rest the row heights it measured before the split; the
                # row must now be tall enough for the restated objective too. Measuring only
                # that cell keeps a long row from being wrapped again on every page.
                style = rest._cellStyles[row][0]
                width = rest._colWidths[0] - style.leftPadding - style.rightPadding
                needed = cell.wrap(width, availHeight)[1] + style.topPadding + style.bottomPadding
                heights = list(rest._argH)
                if heights[row] is not None:
                    heights[row] = max(heights[row], needed)
                rest._argH = rest._rowHeights = heights
            rest.objective = self.objective
        return parts


def _is_blank(cell: Any) -> bool:
    """Tell whether a table cell shows nothing: an empty paragraph, or no flowables left."""
    if isinstance(cell, Paragraph):
        # The rest of a split paragraph keeps its words in frags but has no plain text.
        return not cell.frags
    if isinstance(cell, (list, tuple)):
        return all(_is_blank(part) for part in cell)
    return not cell


def _objective_tables(objective: str, rows: Sequence[MeasureRow]) -> list[Flowable]:
    head = [_text(text, "head_small") for text in PLAN_HEADER]
    flowables: list[Flowable] = []
    for start in range(0, len(rows), ROWS_PER_TABLE):
        chunk = rows[start : start + ROWS_PER_TABLE]
        label = (
            objective if start == 0 else continued(shortened(objective, RESTATED_OBJECTIVE_LENGTH))
        )
        cells = [
            _measure_cells(row, label if index == 0 else "") for index, row in enumerate(chunk)
        ]
        # The objective reads as one merged cell, as in the papers: no lines inside it.
        grid = (
            ("GRID", (1, 0), (-1, -1), 0.5, GRID),
            ("BOX", (0, 0), (0, 0), 0.5, GRID),
            ("BOX", (0, 1), (0, -1), 0.5, GRID),
            # Close the objective's cell at the foot of a page when the table runs over.
            ("LINEBELOW", (0, "splitlast"), (0, "splitlast"), 0.5, GRID),
        )
        extra: list[tuple] = []
        for index, row in enumerate(chunk, start=1):
            fill = _fill(row.status_colour)
            if fill:
                extra.append(("BACKGROUND", (6, index), (6, index), fill))
        table = _table([head, *cells], PLAN_WIDTHS, extra=extra, grid=grid, kind=_ObjectiveTable)
        table.objective = objective
        flowables.append(table)
    return flowables


def _commentary(row: MeasureRow) -> Paragraph:
    if not (row.commentary.strip() or row.current_performance.strip()):
        return _text(recorded(row.commentary), "small")
    commentary = escape(row.commentary).replace("\n", "<br/>")
    if row.current_performance:
        performance = escape(row.current_performance)
        label = escape(wording.CURRENT_PERFORMANCE_LABEL)
        commentary = f"<b>{label}:</b> {performance}" + (f"<br/>{commentary}" if commentary else "")
    return _fixed(commentary, "small")


def _measure_cells(row: MeasureRow, objective: str) -> list[Paragraph]:
    return [
        _text(objective, "small"),
        _text(wording.ref_and_text(row.ref, row.text), "small"),
        _text(recorded(row.baseline), "small"),
        _text(recorded(row.targets), "small"),
        _text(recorded(wording.row_target(row, written=True)), "small"),
        _text(recorded(row.lead_text), "small"),
        _text(status_text(row.status_label, row.direction) if row.status_label else "", "small"),
        _commentary(row),
        _text(recorded(row.workstreams), "small"),
    ]


def _exception_cells(row: MeasureRow) -> list[Paragraph]:
    return [
        _text(row.ref or ""),
        _text(row.text),
        _text(recorded(row.lead_text)),
        _text(wording.row_target(row, written=False)),
        _text(status_text(row.status_label, row.direction)),
        _text(recorded(row.current_performance)),
        _text(recorded(row.commentary)),
    ]

"""Render the overdue list across plans as an A4 landscape PDF, fast for many thousand rows."""

# Each cell is a plain string that ReportLab draws as it is, never parsing it as markup, so
# user text needs no escaping here. Lines are broken once by measuring words, and rows are laid
# out into pages here, one small table per page with its header, because ReportLab's paragraphs
# and its splitting of one long table cost many times more at this size.

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date, datetime
from functools import lru_cache, partial
from io import BytesIO
from typing import Any

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, PageBreak, Table

from tracker.reports import wording
from tracker.reports.pdf import (
    FRAME_HEIGHT,
    _document,
    _fonts,
    _FooterCanvas,
    _table,
    _text,
)

WIDTHS = (140, 40, 220, 140, 78, 45, 92)
FONT_SIZE = 8
LEADING = 10
# The cell padding _table sets: above, below and either side.
TOP_PADDING, BOTTOM_PADDING, SIDE_PADDING = 2, 3, 3
# The frame's own padding above and below, and room for rounding.
FRAME_SLACK = 14
# The title and the count take this much of the first page.
OPENING = 50


@lru_cache(maxsize=65_536)
def _width(word: str, font: str, size: float) -> float:
    """Return a word's width, measured once: the same words and names recur on every page."""
    return stringWidth(word, font, size)


def wrapped(text: str, width: float, font: str, size: float = FONT_SIZE) -> list[str]:
    """Break text into lines no wider than width, breaking a word wider than a line."""
    words = text.split()
    if not words:
        return [""]
    space = _width(" ", font, size)
    lines: list[str] = []
    line: list[str] = []
    used = -space
    for word in words:
        word_width = _width(word, font, size)
        if used + space + word_width <= width:
            line.append(word)
            used += space + word_width
            continue
        if line:
            lines.append(" ".join(line))
        while word_width > width:
            cut = _longest_prefix(word, width, font, size)
            lines.append(word[:cut])
            word = word[cut:]
            word_width = _width(word, font, size)
        line, used = [word], word_width
    lines.append(" ".join(line))
    return lines


def _longest_prefix(word: str, width: float, font: str, size: float) -> int:
    """Return how many characters of word fit in width, at least one."""
    low, high = 1, len(word)
    while low < high:
        middle = (low + high + 1) // 2
        if stringWidth(word[:middle], font, size) <= width:
            low = middle
        else:
            high = middle - 1
    return low


def _row_lines(cells: Sequence[str], font: str) -> list[list[str]]:
    return [
        wrapped(cell, width - 2 * SIDE_PADDING, font)
        for cell, width in zip(cells, WIDTHS, strict=True)
    ]


def _height(lines: list[list[str]]) -> float:
    return max(len(cell) for cell in lines) * LEADING + TOP_PADDING + BOTTOM_PADDING


def _pages(
    rows: Sequence[Sequence[str]], header: list[list[str]], font: str
) -> Iterator[list[list[str]]]:
    """Lay rows out into pages of cells whose lines fit, splitting a row taller than a page."""
    room = FRAME_HEIGHT - FRAME_SLACK - _height(header)
    left = room - OPENING
    page: list[list[str]] = []
    for cells in rows:
        lines = _row_lines(cells, font)
        while _height(lines) > left:
            fit = int((left - TOP_PADDING - BOTTOM_PADDING) // LEADING)
            if fit >= 1 and (not page or _height(lines) > room):
                page.append(["\n".join(cell[:fit]) for cell in lines])
                lines = [cell[fit:] or [""] for cell in lines]
            if page:
                yield page
            page, left = [], room
        page.append(["\n".join(cell) for cell in lines])
        left -= _height(lines)
    if page:
        yield page


class _PageOfRows(Flowable):
    """Make one page's table only when the page is laid out, and let it go once drawn."""

    # A table keeps a style object for every cell: made all at once, the tables of tens of
    # thousands of rows would hold hundreds of megabytes until the document was saved.

    def __init__(self, rows: list[list[str]], style: list[tuple]) -> None:
        super().__init__()
        self._rows = rows
        self._style = style
        self._table: Table | None = None

    def _made(self) -> Table:
        if self._table is None:
            self._table = _table(self._rows, WIDTHS, extra=self._style)
        return self._table

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self._made().wrap(availWidth, availHeight)

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        return self._made().split(availWidth, availHeight)

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:
        self._made().drawOn(canvas, x, y, _sW)
        self._table = None
        self._rows = []


class _CountedPagesCanvas(_FooterCanvas):
    """Draw each page's footer as the page ends, the page count being known beforehand."""

    # The papers' canvas keeps every page until it can count them; at a thousand pages that
    # holds every page's drawing in memory at once.

    def __init__(self, *args: Any, pages: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._page_count = pages

    def showPage(self) -> None:
        self._draw_footer(self.getPageNumber(), self._page_count)
        Canvas.showPage(self)

    def save(self) -> None:
        Canvas.save(self)


def overdue_list_pdf(rows: Sequence[Sequence[str]], today: date, generated_at: datetime) -> bytes:
    """Render rows of OVERDUE_LIST_HEADER cells as a PDF, the header repeated on each page."""
    regular, bold = _fonts()
    title = wording.overdue_list_title(today)
    subject = wording.overdue_count(len(rows))
    header_lines = [
        wrapped(text, width - 2 * SIDE_PADDING, bold)
        for text, width in zip(wording.OVERDUE_LIST_HEADER, WIDTHS, strict=True)
    ]
    header = ["\n".join(lines) for lines in header_lines]
    style = [
        ("FONTSIZE", (0, 0), (-1, -1), FONT_SIZE),
        ("LEADING", (0, 0), (-1, -1), LEADING),
        ("FONTNAME", (0, 0), (-1, 0), bold),
        ("ALIGN", (5, 0), (5, -1), "RIGHT"),
    ]
    story: list[Flowable] = [_text(title, "title"), _text(subject, "note")]
    for page in _pages(rows, header_lines, regular):
        story += [_PageOfRows([header, *page], style), PageBreak()]
    if isinstance(story[-1], PageBreak):
        story.pop()
    pages = max(1, sum(isinstance(flowable, PageBreak) for flowable in story) + 1)
    buffer = BytesIO()
    document = _document(buffer, title=title, subject=subject)
    document.build(
        story,
        canvasmaker=partial(
            _CountedPagesCanvas,
            footer=title,
            generated=wording.generated_text(generated_at),
            pages=pages,
        ),
    )
    return buffer.getvalue()

"""Render the overdue list across plans as an A4 landscape PDF, fast for many thousand rows."""

# Each cell is a plain string that ReportLab draws as it is, never parsing it as markup, so
# user text needs no escaping here. Lines are broken once by measuring words, and rows are laid
# out into pages here, one small table per page with its header, because ReportLab's paragraphs
# and its splitting of one long table cost many times more at this size.

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date, datetime

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, PageBreak, Table

from tracker.reports import wording
from tracker.reports.pdf import FRAME_HEIGHT, _build, _fonts, _table, _text

WIDTHS = (140, 40, 220, 140, 78, 45, 92)
FONT_SIZE = 8
LEADING = 10
# The cell padding _table sets: above, below and either side.
TOP_PADDING, BOTTOM_PADDING, SIDE_PADDING = 2, 3, 3
# The frame's own padding above and below, and room for rounding.
FRAME_SLACK = 14
# The title and the count take this much of the first page.
OPENING = 50


def wrapped(text: str, width: float, font: str, size: float = FONT_SIZE) -> list[str]:
    """Break text into lines no wider than width, breaking a word wider than a line."""
    words = text.split()
    if not words:
        return [""]
    if stringWidth(text, font, size) <= width:
        return [" ".join(words)]
    lines: list[str] = []
    line = ""
    for word in words:
        candidate = f"{line} {word}" if line else word
        if stringWidth(candidate, font, size) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        line = ""
        while stringWidth(word, font, size) > width:
            cut = _longest_prefix(word, width, font, size)
            lines.append(word[:cut])
            word = word[cut:]
        line = word
    if line:
        lines.append(line)
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


def overdue_list_pdf(rows: Sequence[Sequence[str]], today: date, generated_at: datetime) -> bytes:
    """Render rows of OVERDUE_LIST_HEADER cells as a PDF, the header repeated on each page."""
    regular, bold = _fonts()
    title = wording.overdue_list_title(today)
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
    story: list[Flowable] = [
        _text(title, "title"),
        _text(wording.overdue_count(len(rows)), "note"),
    ]
    for page in _pages(rows, header_lines, regular):
        table: Table = _table([header, *page], WIDTHS, extra=style)
        story += [table, PageBreak()]
    if story[-1:] and isinstance(story[-1], PageBreak):
        story.pop()
    return _build(
        story,
        title=title,
        subject=wording.overdue_count(len(rows)),
        generated_at=generated_at,
    )

"""Spread a sheet's merged cells over the rows they span, as a reader of the sheet sees them."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class MergedRange:
    """A block of merged cells, by 0-based row and column indexes, both ends included."""

    first_row: int
    first_column: int
    last_row: int
    last_column: int


def spread_merged_cells(
    rows: Sequence[Sequence[str]],
    fills: Mapping[tuple[int, int], str],
    merged: Iterable[MergedRange],
    *,
    first_row: int,
    once: Collection[int] = (),
) -> tuple[list[list[str]], dict[tuple[int, int], str]]:
    """Give every row a merged block spans its top-left text and fill, in its first column."""
    # A block spanning columns keeps its text once, so a merged heading row stays one cell; a row
    # the block spans with nothing else in it is a spacer, not a row that repeats the text.
    # Blocks starting above first_row (titles, headers) are left as the sheet shows them. A block
    # in a column of once keeps its text on its first row: a Ref names one action, not each row.
    spread = [list(row) for row in rows]
    spread_fills = dict(fills)
    width = max([len(row) for row in rows] + [column + 1 for _, column in fills], default=0)
    for block in merged:
        if block.first_row < first_row or block.first_row >= len(rows):
            continue
        text = _cell(rows, block.first_row, block.first_column)
        fill = fills.get((block.first_row, block.first_column))
        for index in range(block.first_row, min(block.last_row, len(rows) - 1) + 1):
            row = spread[index]
            for column in range(block.first_column + 1, min(block.last_column + 1, width)):
                if column < len(row):
                    row[column] = ""
                spread_fills.pop((index, column), None)
            if (
                index == block.first_row
                or block.first_column in once
                or not _has_other_text(rows[index], block)
            ):
                continue
            if text:
                row.extend([""] * (block.first_column + 1 - len(row)))
                row[block.first_column] = text
            if fill is not None:
                spread_fills[(index, block.first_column)] = fill
    return spread, spread_fills


def _cell(rows: Sequence[Sequence[str]], row: int, column: int) -> str:
    cells = rows[row]
    return cells[column] if column < len(cells) else ""


def _has_other_text(cells: Sequence[str], block: MergedRange) -> bool:
    """Tell whether a row holds text outside the block, i.e. is a row of the table in itself."""
    return any(
        text.strip()
        for column, text in enumerate(cells)
        if not block.first_column <= column <= block.last_column
    )

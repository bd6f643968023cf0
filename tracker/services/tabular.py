"""Read and write spreadsheets in the council layout, refusing hostile files before parsing."""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any
from xml.etree.ElementTree import ParseError

from tracker.domain.cell_colours import hex_rgb, indexed_rgb, is_blank_fill, theme_rgb
from tracker.domain.cells import percent_cell_text
from tracker.domain.layout import column_letter
from tracker.domain.merged_cells import MergedRange
from tracker.domain.target_dates import date_cell_text

# openpyxl and defusedxml are imported by the functions that read or write a workbook, so that
# a command that never touches a spreadsheet does not load them.
if TYPE_CHECKING:
    import openpyxl
    from openpyxl.styles.colors import Color
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

SUFFIXES = (".xlsx", ".csv")
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# Every trigger is one character, so a cell's first character says it (a set finds it fastest).
_FORMULA_FIRST_CHARACTERS = frozenset(FORMULA_TRIGGERS)
MAX_XLSX_ENTRIES = 500
MAX_XLSX_UNCOMPRESSED = 100 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200
MAX_FORMULA_CELLS_NAMED = 10
UTF16_SNIFF_BYTES = 4096
DELIMITER_SNIFF_LINES = 20
# A formula cell's <f> element, with or without a namespace prefix.
_FORMULA_ELEMENT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s>/]")


class TableError(ValueError):
    """Say why a file cannot be read as a plan table."""


@dataclass(frozen=True)
class TableLimits:
    """Caps on what a file may hold before it is refused."""

    max_bytes: int = 5 * 1024 * 1024
    max_rows: int = 5000
    max_columns: int = 60


@dataclass(frozen=True)
class Sheet:
    """A file's first sheet as rows of text, with what else was read to make sense of it."""

    rows: list[list[str]]
    # The RRGGBB fill of each coloured cell, by 0-based (row, column); white counts as none.
    fills: dict[tuple[int, int], str] = field(default_factory=dict)
    merged: tuple[MergedRange, ...] = ()
    # The text encoding a CSV file was read in, named for people; None for a workbook.
    encoding: str | None = None


def read_table(path: Path, limits: TableLimits) -> list[list[str]]:
    """Return the first sheet of an .xlsx or .csv file as rows of text cells."""
    return read_sheet(path, limits).rows


def read_table_content(content: bytes, name: str, limits: TableLimits) -> list[list[str]]:
    """Return the first sheet of an uploaded .xlsx or .csv file as rows of text cells."""
    return read_sheet_content(content, name, limits).rows


def read_sheet(path: Path, limits: TableLimits) -> Sheet:
    """Read the first sheet of an .xlsx or .csv file: text, fills, merged cells, encoding."""
    _check_suffix(path.name)
    try:
        size = path.stat().st_size
    except OSError as error:
        raise TableError(f"cannot read '{path.name}': {error.strerror}") from error
    _check_size(path.name, size, limits)
    try:
        content = path.read_bytes()
    except OSError as error:
        raise TableError(f"cannot read '{path.name}': {error.strerror}") from error
    return read_sheet_content(content, path.name, limits)


def read_sheet_content(content: bytes, name: str, limits: TableLimits) -> Sheet:
    """Read the first sheet of an uploaded .xlsx or .csv file, named as the user named it."""
    suffix = _check_suffix(name)
    _check_size(name, len(content), limits)
    if suffix == ".csv":
        return _read_csv(content, name, limits)
    return _read_xlsx(content, name, limits)


def _check_suffix(name: str) -> str:
    suffix = PurePath(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise TableError(f"'{name}' is not a .xlsx or .csv file")
    return suffix


def _check_size(name: str, size: int, limits: TableLimits) -> None:
    if size > limits.max_bytes:
        raise TableError(
            f"'{name}' is {size:,} bytes; the largest file accepted is {limits.max_bytes:,} bytes"
        )


def _read_csv(raw: bytes, name: str, limits: TableLimits) -> Sheet:
    text, encoding = _decode_text(raw, name)
    rows: list[list[str]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        for row in reader:
            _check_row_caps(len(rows) + 1, len(_trim(row)), limits)
            rows.append([cell.strip() for cell in row])
    except csv.Error as error:
        raise TableError(f"row {reader.line_num}: the CSV cannot be read: {error}") from error
    return Sheet(rows, encoding=encoding)


def _decode_text(raw: bytes, name: str) -> tuple[str, str]:
    """Decode text saved as UTF-8, Windows-1252 or UTF-16; say which it was read as."""
    # UTF-8 first: text in any other encoding with a byte above 127 is almost never valid
    # UTF-8, so a file that decodes as UTF-8 is UTF-8, and anything else is Windows-1252.
    utf16 = _utf16_codec(raw)
    if utf16 is not None:
        try:
            return raw.decode(utf16), 'UTF-16 (Excel\'s "Unicode Text")'
        except UnicodeDecodeError as error:
            raise TableError(
                f"'{name}' looks like UTF-16 text (Excel's \"Unicode Text\") but cannot be read "
                "as UTF-16; save it as CSV UTF-8"
            ) from error
    if b"\x00" in raw:
        raise TableError(f"'{name}' is not a text CSV file (it contains binary data)")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return raw.decode("cp1252"), "Windows-1252"
        except UnicodeDecodeError as error:
            raise TableError(
                f"'{name}' is not UTF-8, UTF-16 or Windows-1252 text; save it as CSV UTF-8"
            ) from error
    return text, "UTF-8 with a byte-order mark" if raw.startswith(codecs.BOM_UTF8) else "UTF-8"


def _utf16_codec(raw: bytes) -> str | None:
    """Return the codec of UTF-16 text, told by its byte-order mark or its zero bytes."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    head = raw[:UTF16_SNIFF_BYTES]
    if len(head) < 2 or len(head) % 2:
        return None
    # Mostly Latin text saved as UTF-16 without a mark has a zero in most odd (little-endian)
    # or even (big-endian) bytes, and almost none in the others.
    even, odd = head[0::2], head[1::2]
    for zeros, others, codec in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if zeros.count(0) >= 0.6 * len(zeros) and others.count(0) <= 0.05 * len(others):
            return codec
    return None


def _delimiter(text: str) -> str:
    """Return a tab for tab-separated text (as Excel's "Unicode Text" is), else a comma."""
    lines = [line for line in text.splitlines()[:DELIMITER_SNIFF_LINES] if line.strip()]
    with_tabs = sum("\t" in line for line in lines)
    with_commas = sum("," in line for line in lines)
    return "\t" if with_tabs > with_commas else ","


def _read_xlsx(content: bytes, name: str, limits: TableLimits) -> Sheet:
    from defusedxml import DefusedXmlException
    from openpyxl.utils.exceptions import InvalidFileException

    has_formulas = _check_xlsx_container(content, name)
    try:
        sheet = _read_first_sheet(content, limits)
        if has_formulas:
            _refuse_formulas_without_values(content, name, limits, sheet.rows)
        return sheet
    except TableError:
        raise
    except (
        DefusedXmlException,
        InvalidFileException,
        zipfile.BadZipFile,
        KeyError,
        ValueError,
        OSError,
        ParseError,
    ) as error:
        if _caused_by_defused_xml(error):
            raise TableError(
                f"'{name}' contains XML entity or DTD declarations, which are not allowed"
            ) from error
        raise TableError(f"'{name}' is not a readable .xlsx workbook: {error}") from error


def _caused_by_defused_xml(error: BaseException) -> bool:
    """Tell whether openpyxl's wrapped error came from defusedxml refusing a declaration."""
    from defusedxml import DefusedXmlException

    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, DefusedXmlException):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _read_first_sheet(content: bytes, limits: TableLimits) -> Sheet:
    """Return the first sheet's saved values as text, its cells' fills and its merged cells."""
    # defusedxml imported first: openpyxl parses with it only when it is importable.
    import defusedxml  # noqa: F401
    import openpyxl

    workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        colours = _FillColours(workbook)
        rows: list[list[str]] = []
        fills: dict[tuple[int, int], str] = {}
        for row in _sheet_cells(sheet):
            texts = [_cell_text(cell.value, cell.number_format) for cell in row]
            cells = _trim(texts)
            _check_row_caps(len(rows) + 1, len(cells), limits)
            for column, cell in enumerate(row[: limits.max_columns]):
                if (rgb := colours.rgb(cell.fill)) is not None:
                    fills[(len(rows), column)] = rgb
            rows.append(cells)
        # Read-only mode streams the cells but not the merged ranges listed after them, and
        # names the sheet's part in the archive only privately.
        merged = _merged_ranges(content, sheet._worksheet_path, rows, fills)
        return Sheet(rows, fills, merged)
    finally:
        workbook.close()


def _sheet_rows(content: bytes, limits: TableLimits, *, data_only: bool) -> list[list[str]]:
    """Return the first sheet's cells as text: saved values, or formulas when not data_only."""
    # defusedxml imported first: openpyxl parses with it only when it is importable.
    import defusedxml  # noqa: F401
    import openpyxl

    workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=data_only)
    try:
        rows: list[list[str]] = []
        for row in _sheet_cells(workbook.worksheets[0]):
            cells = _trim([_cell_text(cell.value, cell.number_format) for cell in row])
            _check_row_caps(len(rows) + 1, len(cells), limits)
            rows.append(cells)
        return rows
    finally:
        workbook.close()


def _sheet_cells(sheet: ReadOnlyWorksheet) -> Iterator[tuple[Any, ...]]:
    """Return the sheet's rows of cells as stored, whatever dimension the sheet claims."""
    # The stored dimension can claim millions of columns; ignore it and read real cells.
    sheet.reset_dimensions()
    return sheet.iter_rows()


class _FillColours:
    """Resolve a cell's fill to RRGGBB through the workbook's palette and theme."""

    def __init__(self, workbook: openpyxl.Workbook) -> None:
        from openpyxl.styles.colors import COLOR_INDEX

        palette = getattr(workbook, "_colors", None) or COLOR_INDEX
        self.palette = [hex_rgb(colour) or "" for colour in palette]
        self.theme = workbook.loaded_theme
        self.scheme: list[str] | None = None
        # The workbook holds each distinct fill once and every cell shares it, so a fill is
        # resolved once, by identity, however many cells have it.
        self.resolved: dict[int, str | None] = {}

    def rgb(self, fill: object) -> str | None:
        """Return the colour of a solid fill, or None when a cell has no fill to speak of."""
        key = id(fill)
        if key not in self.resolved:
            self.resolved[key] = self._resolve(fill)
        return self.resolved[key]

    def _resolve(self, fill: Any) -> str | None:
        if getattr(fill, "patternType", None) != "solid":
            return None
        colour: Color = fill.fgColor
        if colour.type == "rgb":
            rgb = hex_rgb(colour.rgb)
        elif colour.type == "indexed":
            rgb = indexed_rgb(colour.indexed, self.palette)
        elif colour.type == "theme":
            if self.scheme is None:
                self.scheme = _theme_colours(self.theme)
            rgb = theme_rgb(colour.theme, colour.tint or 0.0, self.scheme)
        else:
            rgb = None
        return None if rgb is None or is_blank_fill(rgb) else rgb


_DRAWING = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


def _theme_colours(theme: bytes | None) -> list[str]:
    """Return a workbook theme's colours in its own order (dark 1, light 1, … accents)."""
    from defusedxml.ElementTree import fromstring as parse_xml

    if not theme:
        return []
    try:
        root = parse_xml(theme, forbid_dtd=True)
    except ParseError:
        # A damaged theme costs only its colours: such a workbook imported before colours
        # were read, and must still import.
        return []
    scheme = root.find(f"{_DRAWING}themeElements/{_DRAWING}clrScheme")
    if scheme is None:
        return []
    colours = []
    for slot in scheme:
        value = ""
        for colour in slot:
            if colour.tag == f"{_DRAWING}srgbClr":
                value = colour.get("val", "")
            elif colour.tag == f"{_DRAWING}sysClr":
                value = colour.get("lastClr", "")
        colours.append(value)
    return colours


class _MergeCellReferences:
    """Collect the ref of each mergeCell element as a sheet's XML is parsed."""

    def __init__(self) -> None:
        self.found: list[str] = []

    def start(self, tag: str, attributes: dict[str, str]) -> None:
        """Note a merged range's reference, e.g. A2:A5."""
        if tag.rpartition("}")[2] == "mergeCell":
            self.found.append(attributes.get("ref", ""))


def _merged_ranges(
    content: bytes, sheet_path: str, rows: list[list[str]], fills: dict[tuple[int, int], str]
) -> tuple[MergedRange, ...]:
    """Return the sheet's merged ranges that span cells read, clipped to them."""
    from defusedxml.ElementTree import DefusedXMLParser
    from openpyxl.utils.cell import range_boundaries

    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        sheet_xml = archive.read(sheet_path.lstrip("/"))
    if b"mergeCell" not in sheet_xml:
        return ()
    height = len(rows)
    width = max([len(row) for row in rows] + [column + 1 for _, column in fills], default=0)
    references = _MergeCellReferences()
    # A parser that calls back on each element builds no tree: a third of the time of iterparse.
    parser = DefusedXMLParser(target=references, forbid_dtd=True)
    parser.feed(sheet_xml)
    parser.close()
    merged: list[MergedRange] = []
    # Cells already in a range, so that overlapping ranges (which Excel never writes) are
    # refused instead of costing a pass over the same cells once per range.
    covered: dict[tuple[int, int], str] = {}
    for reference in references.found:
        first_column, first_row, last_column, last_row = range_boundaries(reference)
        block = MergedRange(
            first_row - 1,
            first_column - 1,
            min(last_row, height) - 1,
            min(last_column, width) - 1,
        )
        if (
            block.first_row >= height
            or block.first_column >= width
            or (block.first_row, block.first_column) == (block.last_row, block.last_column)
        ):
            continue
        for row in range(block.first_row, block.last_row + 1):
            for column in range(block.first_column, block.last_column + 1):
                other = covered.setdefault((row, column), reference)
                if other != reference:
                    raise TableError(f"merged cells {reference} overlap merged cells {other}")
        merged.append(block)
    return tuple(merged)


def _refuse_formulas_without_values(
    content: bytes, name: str, limits: TableLimits, values: list[list[str]]
) -> None:
    """Refuse cells that hold a formula but no saved value, which would otherwise read blank."""
    formulas = _sheet_rows(content, limits, data_only=False)
    cells = [
        f"{column_letter(column)}{row_number}"
        for row_number, (formula_row, value_row) in enumerate(
            zip(formulas, values, strict=False), start=1
        )
        for column, text in enumerate(formula_row)
        if text.startswith("=") and not (value_row[column] if column < len(value_row) else "")
    ]
    if not cells:
        return
    named = ", ".join(cells[:MAX_FORMULA_CELLS_NAMED])
    if len(cells) == 1:
        said = f"cell {named} holds a formula"
    elif len(cells) <= MAX_FORMULA_CELLS_NAMED:
        said = f"cells {named} hold formulas"
    else:
        said = f"cells {named} and {len(cells) - MAX_FORMULA_CELLS_NAMED:,} more hold formulas"
    raise TableError(
        f"{said}; paste values ('{name}' has no saved result for them: copy the cells, use "
        "Paste Special > Values, and save the file again)"
    )


def _check_xlsx_container(content: bytes, name: str) -> bool:
    """Refuse zip bombs and XML entity tricks before parsing; say whether a sheet has formulas."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except zipfile.BadZipFile as error:
        raise TableError(f"'{name}' is not a readable .xlsx workbook") from error
    with archive:
        entries = archive.infolist()
        if len(entries) > MAX_XLSX_ENTRIES:
            raise TableError(
                f"'{name}' holds {len(entries):,} files inside; a workbook needs far fewer "
                f"(at most {MAX_XLSX_ENTRIES})"
            )
        total = sum(entry.file_size for entry in entries)
        if total > MAX_XLSX_UNCOMPRESSED:
            raise TableError(
                f"'{name}' would unpack to {total:,} bytes; the limit is "
                f"{MAX_XLSX_UNCOMPRESSED:,} bytes"
            )
        for entry in entries:
            if entry.compress_size and entry.file_size / entry.compress_size > (
                MAX_COMPRESSION_RATIO
            ):
                raise TableError(
                    f"'{name}' is compressed suspiciously tightly ({entry.filename}); "
                    "it looks like a zip bomb and was not opened"
                )
        has_formulas = False
        for entry in entries:
            if entry.filename.endswith((".xml", ".rels")):
                with archive.open(entry) as stream:
                    head = stream.read(4096)
                    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                        raise TableError(
                            f"'{name}' contains XML entity or DTD declarations "
                            f"({entry.filename}), which are not allowed"
                        )
                    if entry.filename.startswith("xl/worksheets/") and not has_formulas:
                        has_formulas = _FORMULA_ELEMENT.search(head + stream.read()) is not None
        return has_formulas


def _check_row_caps(row_number: int, width: int, limits: TableLimits) -> None:
    if row_number > limits.max_rows:
        raise TableError(f"the file has more than {limits.max_rows:,} rows; split it up")
    if width > limits.max_columns:
        raise TableError(
            f"row {row_number} has {width} columns; at most {limits.max_columns} are accepted"
        )


def _cell_text(value: object, number_format: str | None) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return date_cell_text(value, number_format)
    if isinstance(value, int | float) and not isinstance(value, bool):
        percent = percent_cell_text(value, number_format)
        if percent is not None:
            return percent
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _trim(cells: list[str]) -> list[str]:
    end = len(cells)
    while end and not cells[end - 1].strip():
        end -= 1
    return cells[:end]


def neutralise(cell: str) -> str:
    """Prefix a cell that a spreadsheet would run as a formula, so it stays text."""
    return "'" + cell if cell[:1] in _FORMULA_FIRST_CHARACTERS else cell


def unneutralise(cell: str) -> str:
    """Undo neutralise() on import, so that export then import gives back the same text."""
    if cell.startswith("'") and cell[1:].startswith(FORMULA_TRIGGERS):
        return cell[1:]
    return cell


def table_bytes(name: str, rows: Iterable[Sequence[str]]) -> bytes:
    """Return every row as the content of an .xlsx or .csv file, neutralising formula-like cells."""
    suffix = PurePath(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise TableError(f"'{name}' must end in .xlsx or .csv")
    safe_rows = [[neutralise(cell) for cell in row] for row in rows]
    if suffix == ".csv":
        # With a byte-order mark, Excel opens the file as UTF-8 rather than its local code page.
        stream = io.StringIO(newline="")
        writer = csv.writer(stream, lineterminator="\r\n")
        writer.writerows(safe_rows)
        return stream.getvalue().encode("utf-8-sig")
    import openpyxl
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    workbook = openpyxl.Workbook(write_only=True)
    workbook.properties.creator = "Improvement Tracker"
    sheet = workbook.create_sheet("Plan")
    for row in safe_rows:
        # Control characters cannot be stored in the workbook's XML at all.
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", cell) for cell in row])
    content = io.BytesIO()
    workbook.save(content)
    return content.getvalue()

"""Read and write spreadsheets in the council layout, refusing hostile files before parsing."""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePath

# Imported for its side effect: openpyxl parses with defusedxml only when it is importable.
import defusedxml  # noqa: F401
import openpyxl
from defusedxml import DefusedXmlException
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils.exceptions import InvalidFileException

from tracker.domain.layout import column_letter
from tracker.domain.target_dates import date_cell_text

SUFFIXES = (".xlsx", ".csv")
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
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


def read_table(path: Path, limits: TableLimits) -> list[list[str]]:
    """Return the first sheet of an .xlsx or .csv file as rows of text cells."""
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
    return read_table_content(content, path.name, limits)


def read_table_content(content: bytes, name: str, limits: TableLimits) -> list[list[str]]:
    """Return the first sheet of an uploaded .xlsx or .csv file, named as the user named it."""
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


def _read_csv(raw: bytes, name: str, limits: TableLimits) -> list[list[str]]:
    text = _decode_text(raw, name)
    rows: list[list[str]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        for row in reader:
            _check_row_caps(len(rows) + 1, len(_trim(row)), limits)
            rows.append([cell.strip() for cell in row])
    except csv.Error as error:
        raise TableError(f"row {reader.line_num}: the CSV cannot be read: {error}") from error
    return rows


def _decode_text(raw: bytes, name: str) -> str:
    """Decode a text file saved as UTF-8, Windows-1252 or UTF-16 (Excel's "Unicode Text")."""
    utf16 = _utf16_codec(raw)
    if utf16 is not None:
        try:
            return raw.decode(utf16)
        except UnicodeDecodeError as error:
            raise TableError(
                f"'{name}' looks like UTF-16 text (Excel's \"Unicode Text\") but cannot be read "
                "as UTF-16; save it as CSV UTF-8"
            ) from error
    if b"\x00" in raw:
        raise TableError(f"'{name}' is not a text CSV file (it contains binary data)")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return raw.decode("cp1252")
        except UnicodeDecodeError as error:
            raise TableError(
                f"'{name}' is not UTF-8, UTF-16 or Windows-1252 text; save it as CSV UTF-8"
            ) from error


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


def _read_xlsx(content: bytes, name: str, limits: TableLimits) -> list[list[str]]:
    has_formulas = _check_xlsx_container(content, name)
    try:
        rows = _sheet_rows(content, limits, data_only=True)
        if has_formulas:
            _refuse_formulas_without_values(content, name, limits, rows)
        return rows
    except TableError:
        raise
    except (
        DefusedXmlException,
        InvalidFileException,
        zipfile.BadZipFile,
        KeyError,
        ValueError,
        OSError,
    ) as error:
        if _caused_by_defused_xml(error):
            raise TableError(
                f"'{name}' contains XML entity or DTD declarations, which are not allowed"
            ) from error
        raise TableError(f"'{name}' is not a readable .xlsx workbook: {error}") from error


def _caused_by_defused_xml(error: BaseException) -> bool:
    """Tell whether openpyxl's wrapped error came from defusedxml refusing a declaration."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, DefusedXmlException):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _sheet_rows(content: bytes, limits: TableLimits, *, data_only: bool) -> list[list[str]]:
    """Return the first sheet's cells as text: saved values, or formulas when not data_only."""
    workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=data_only)
    try:
        sheet = workbook.worksheets[0]
        # The stored dimension can claim millions of columns; ignore it and read real cells.
        sheet.reset_dimensions()
        rows: list[list[str]] = []
        for row in sheet.iter_rows():
            cells = _trim([_cell_text(cell.value, cell.number_format) for cell in row])
            _check_row_caps(len(rows) + 1, len(cells), limits)
            rows.append(cells)
        return rows
    finally:
        workbook.close()


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
    return "'" + cell if cell.startswith(FORMULA_TRIGGERS) else cell


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
        stream = io.StringIO(newline="")
        writer = csv.writer(stream, lineterminator="\r\n")
        writer.writerows(safe_rows)
        return stream.getvalue().encode("utf-8")
    workbook = openpyxl.Workbook(write_only=True)
    workbook.properties.creator = "Improvement Tracker"
    sheet = workbook.create_sheet("Plan")
    for row in safe_rows:
        # Control characters cannot be stored in the workbook's XML at all.
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", cell) for cell in row])
    content = io.BytesIO()
    workbook.save(content)
    return content.getvalue()

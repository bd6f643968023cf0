"""Read and write spreadsheets in the council layout, refusing hostile files before parsing."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

# Imported for its side effect: openpyxl parses with defusedxml only when it is importable.
import defusedxml  # noqa: F401
import openpyxl
from defusedxml import DefusedXmlException
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils.exceptions import InvalidFileException

from tracker.domain.target_dates import date_cell_text

SUFFIXES = (".xlsx", ".csv")
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
MAX_XLSX_ENTRIES = 500
MAX_XLSX_UNCOMPRESSED = 100 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200


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
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise TableError(f"'{path.name}' is not a .xlsx or .csv file")
    try:
        size = path.stat().st_size
    except OSError as error:
        raise TableError(f"cannot read '{path.name}': {error.strerror}") from error
    if size > limits.max_bytes:
        raise TableError(
            f"'{path.name}' is {size:,} bytes; the largest file accepted is "
            f"{limits.max_bytes:,} bytes"
        )
    if suffix == ".csv":
        return _read_csv(path, limits)
    return _read_xlsx(path, limits)


def _read_csv(path: Path, limits: TableLimits) -> list[list[str]]:
    raw = path.read_bytes()
    if b"\x00" in raw:
        raise TableError(f"'{path.name}' is not a text CSV file (it contains binary data)")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = raw.decode("cp1252")
        except UnicodeDecodeError as error:
            raise TableError(
                f"'{path.name}' is not UTF-8 or Windows-1252 text; save it as CSV UTF-8"
            ) from error
    rows: list[list[str]] = []
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        for row in reader:
            _check_row_caps(len(rows) + 1, len(_trim(row)), limits)
            rows.append([cell.strip() for cell in row])
    except csv.Error as error:
        raise TableError(f"row {reader.line_num}: the CSV cannot be read: {error}") from error
    return rows


def _read_xlsx(path: Path, limits: TableLimits) -> list[list[str]]:
    _check_xlsx_container(path)
    # Our own handle, closed below even when parsing stops half-way through a sheet.
    with path.open("rb") as stream:
        try:
            workbook = openpyxl.load_workbook(stream, read_only=True, data_only=True)
            try:
                return _sheet_rows(workbook, limits)
            finally:
                workbook.close()
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
                    f"'{path.name}' contains XML entity or DTD declarations, which are not allowed"
                ) from error
            raise TableError(f"'{path.name}' is not a readable .xlsx workbook: {error}") from error


def _caused_by_defused_xml(error: BaseException) -> bool:
    """Tell whether openpyxl's wrapped error came from defusedxml refusing a declaration."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, DefusedXmlException):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _sheet_rows(workbook: openpyxl.Workbook, limits: TableLimits) -> list[list[str]]:
    sheet = workbook.worksheets[0]
    # The stored dimension can claim millions of columns; ignore it and read real cells.
    sheet.reset_dimensions()
    rows: list[list[str]] = []
    for row in sheet.iter_rows():
        cells = _trim([_cell_text(cell.value, cell.number_format) for cell in row])
        _check_row_caps(len(rows) + 1, len(cells), limits)
        rows.append(cells)
    return rows


def _check_xlsx_container(path: Path) -> None:
    """Refuse zip bombs and XML entity tricks from the zip directory, before any parsing."""
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile as error:
        raise TableError(f"'{path.name}' is not a readable .xlsx workbook") from error
    with archive:
        entries = archive.infolist()
        if len(entries) > MAX_XLSX_ENTRIES:
            raise TableError(
                f"'{path.name}' holds {len(entries):,} files inside; a workbook needs far fewer "
                f"(at most {MAX_XLSX_ENTRIES})"
            )
        total = sum(entry.file_size for entry in entries)
        if total > MAX_XLSX_UNCOMPRESSED:
            raise TableError(
                f"'{path.name}' would unpack to {total:,} bytes; the limit is "
                f"{MAX_XLSX_UNCOMPRESSED:,} bytes"
            )
        for entry in entries:
            if entry.compress_size and entry.file_size / entry.compress_size > (
                MAX_COMPRESSION_RATIO
            ):
                raise TableError(
                    f"'{path.name}' is compressed suspiciously tightly ({entry.filename}); "
                    "it looks like a zip bomb and was not opened"
                )
        for entry in entries:
            if entry.filename.endswith((".xml", ".rels")):
                with archive.open(entry) as stream:
                    head = stream.read(4096)
                if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                    raise TableError(
                        f"'{path.name}' contains XML entity or DTD declarations "
                        f"({entry.filename}), which are not allowed"
                    )


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


def write_table(path: Path, headers: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
    """Write rows under a header row to .xlsx or .csv, neutralising formula-like cells."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise TableError(f"'{path.name}' must end in .xlsx or .csv")
    safe_rows = [[neutralise(cell) for cell in row] for row in rows]
    if suffix == ".csv":
        with path.open("w", encoding="utf-8", newline="") as stream:
            writer = csv.writer(stream, lineterminator="\r\n")
            writer.writerow(headers)
            writer.writerows(safe_rows)
        return
    workbook = openpyxl.Workbook(write_only=True)
    workbook.properties.creator = "Improvement Tracker"
    sheet = workbook.create_sheet("Plan")
    sheet.append(list(headers))
    for row in safe_rows:
        # Control characters cannot be stored in the workbook's XML at all.
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", cell) for cell in row])
    workbook.save(path)

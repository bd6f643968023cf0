"""Write rows as the .csv and .xlsx files the importers read."""

import csv
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import openpyxl


def write_csv(path: Path, rows: Sequence[Sequence[Any]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream).writerows(rows)
    return path


def write_xlsx(path: Path, rows: Sequence[Sequence[Any]]) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(list(row))
    workbook.save(path)
    return path


WRITERS: dict[str, Callable[[Path, Sequence[Sequence[Any]]], Path]] = {
    "csv": write_csv,
    "xlsx": write_xlsx,
}

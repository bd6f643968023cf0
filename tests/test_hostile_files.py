"""Malformed and hostile files are refused with a clear message, quickly, writing nothing."""

import io
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from tests.test_plan_import import HEADER, ROWS, run_import, write_csv, write_xlsx
from tracker.extensions import db
from tracker.models import Plan


def _nothing_written() -> bool:
    return db.session.scalar(select(func.count()).select_from(Plan)) == 0


def _valid_xlsx_bytes() -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active.append(HEADER)
    for row in ROWS:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _rewrite_xlsx(path: Path, replace: dict[str, bytes], add: dict[str, bytes] = ()) -> Path:
    source = zipfile.ZipFile(io.BytesIO(_valid_xlsx_bytes()))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, replace.get(item.filename, source.read(item.filename)))
        for name, data in dict(add).items():
            target.writestr(name, data)
    return path


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData>
</worksheet>"""


def _billion_laughs_behind_a_comment(path: Path) -> Path:
    padded = BILLION_LAUGHS.replace(b"<!DOCTYPE", b"<!--" + b"x" * 10_000 + b"-->\n<!DOCTYPE", 1)
    return _rewrite_xlsx(path, {"xl/worksheets/sheet1.xml": padded})


def _zip_bomb(path: Path) -> Path:
    return _rewrite_xlsx(path, {"xl/worksheets/sheet1.xml": b"<a>" + b" " * 200_000_000 + b"</a>"})


def _many_entries(path: Path) -> Path:
    return _rewrite_xlsx(path, {}, {f"xl/media/pad{i}.bin": b"x" for i in range(600)})


def _billion_laughs(path: Path) -> Path:
    return _rewrite_xlsx(path, {"xl/worksheets/sheet1.xml": BILLION_LAUGHS})


def _merged(path: Path, *references: str) -> Path:
    sheet = zipfile.ZipFile(io.BytesIO(_valid_xlsx_bytes())).read("xl/worksheets/sheet1.xml")
    cells = "".join(f'<mergeCell ref="{reference}"/>' for reference in references)
    merged = f'</sheetData><mergeCells count="{len(references)}">{cells}</mergeCells>'
    return _rewrite_xlsx(
        path, {"xl/worksheets/sheet1.xml": sheet.replace(b"</sheetData>", merged.encode())}
    )


def _wide_dimension(path: Path) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    sheet.append(ROWS[0])
    sheet.cell(row=2, column=200, value="far away")
    workbook.save(path)
    return path


@pytest.mark.parametrize(
    ("name", "build", "message"),
    [
        ("bomb.xlsx", _zip_bomb, "would unpack to"),
        ("entries.xlsx", _many_entries, "files inside"),
        ("laughs.xlsx", _billion_laughs, "XML entity or DTD declarations"),
        ("laughs2.xlsx", _billion_laughs_behind_a_comment, "XML entity or DTD declarations"),
        ("wide.xlsx", _wide_dimension, "row 2 has 200 columns"),
        (
            "overlap.xlsx",
            lambda p: _merged(p, "B2:XFD1048576", "A1:C3"),
            "merged cells A1:C3 overlap merged cells B2:XFD1048576",
        ),
        ("badmerge.xlsx", lambda p: _merged(p, "B2:ZZZZ1"), "is not a readable .xlsx workbook"),
        (
            "fake.xlsx",
            lambda p: (p.write_bytes(b"not a zip at all"), p)[1],
            "is not a readable .xlsx workbook",
        ),
        (
            "binary.csv",
            lambda p: (p.write_bytes(b"Ref,Key Actions\n\x00\x01\x02"), p)[1],
            "binary data",
        ),
        ("plan.pdf", lambda p: (p.write_bytes(b"%PDF-1.4"), p)[1], "is not a .xlsx or .csv file"),
        ("empty.csv", lambda p: (p.write_bytes(b""), p)[1], "no header row found"),
        (
            "headless.csv",
            lambda p: write_csv(p, [["a", "b"]], header=["x", "y"]),
            "no header row found",
        ),
    ],
)
def test_hostile_or_malformed_file_is_refused_quickly_with_a_clear_message(
    runner, tmp_path, name, build, message
):
    path = build(tmp_path / name)
    started = time.monotonic()
    result = run_import(runner, path)
    elapsed = time.monotonic() - started
    assert result.exit_code == 1
    assert message in result.output
    assert "Nothing was written." in result.output
    assert elapsed < 2
    assert _nothing_written()


def test_file_over_the_size_cap_is_refused_before_it_is_read(app, runner, tmp_path):
    app.config["IMPORT_MAX_BYTES"] = 1000
    path = write_csv(tmp_path / "big.csv", ROWS * 20)
    result = run_import(runner, path)
    assert result.exit_code == 1
    assert "the largest file accepted is 1,000 bytes" in result.output
    assert _nothing_written()


def test_file_over_the_row_cap_is_refused(app, runner, tmp_path):
    app.config["IMPORT_MAX_ROWS"] = 5
    path = write_xlsx(tmp_path / "long.xlsx", ROWS * 3)
    result = run_import(runner, path)
    assert result.exit_code == 1
    assert "more than 5 rows" in result.output
    assert _nothing_written()


def test_windows_1252_csv_from_excel_is_read(runner, tmp_path):
    path = tmp_path / "excel.csv"
    text = (
        ",".join(HEADER)
        + "\r\n"
        + ",".join(
            [
                "1.01",
                "1. Staying Safe – Practice",
                "Obj",
                "Café review",
                "1",
                "March 2011",
                "",
                "",
                "Lyn Burns",
                "Green",
                "",
                "",
                "Y",
            ]
        )
    )
    path.write_bytes(text.encode("cp1252"))
    result = run_import(runner, path, "--as-at", "2010-08-20")
    assert result.exit_code == 0, result.output

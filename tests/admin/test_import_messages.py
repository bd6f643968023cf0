"""Import problems name the file as uploaded and say what to do; other text encodings are read."""

import io
import re
import zipfile
from pathlib import Path

import openpyxl
from sqlalchemy import func, select

from tests.admin.test_import import HEADER, ROWS, _form
from tests.test_plan_import import run_import
from tracker.extensions import db
from tracker.models import Action, Plan


def _unicode_text(rows, encoding: str = "utf-16") -> bytes:
    """Save rows as Excel's "Unicode Text" does: tab-separated UTF-16 with a byte-order mark."""
    return "".join("\t".join(row) + "\r\n" for row in [HEADER, *rows]).encode(encoding)


def _xlsx_with_formula(cached: str | None) -> bytes:
    """Return a workbook whose D3 holds a formula, with a saved result or none."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in [HEADER, *ROWS]:
        sheet.append(row)
    sheet["D3"] = '=D2&" again"'
    out = io.BytesIO()
    workbook.save(out)
    if cached is None:
        return out.getvalue()
    # openpyxl never saves a formula's result; Excel does, as here.
    source = zipfile.ZipFile(io.BytesIO(out.getvalue()))
    patched = io.BytesIO()
    with zipfile.ZipFile(patched, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                # openpyxl writes an empty value as <v /> or, with lxml installed, <v></v>.
                data = re.sub(
                    rb'<c r="D3"><f>D2&amp;" again"</f><v ?(?:/>|></v>)</c>',
                    f'<c r="D3" t="str"><f>D2&amp;" again"</f><v>{cached}</v></c>'.encode(),
                    data,
                )
            target.writestr(item, data)
    return patched.getvalue()


def _page(response) -> str:
    return response.get_data(as_text=True)


def test_a_problem_names_the_file_as_it_was_uploaded(admin_client, staged):
    response = admin_client.post(
        "/admin/import", data=_form(b"Ref,Key Actions\n\x00\x01\x02", "Plan March (final).csv")
    )
    page = _page(response)
    assert response.status_code == 422
    assert "&#39;Plan March (final).csv&#39; is not a text CSV file" in page
    assert staged() == 0


def test_excels_unicode_text_is_read_as_tab_separated_utf16(admin_client):
    admin_client.post("/admin/import", data=_form(_unicode_text(ROWS), "unicode.csv"))
    response = admin_client.post("/admin/import/confirm")
    assert response.status_code == 302
    texts = db.session.scalars(select(Action.text).order_by(Action.position)).all()
    assert texts == [row[3] for row in ROWS]


def test_utf16_without_a_byte_order_mark_is_read_too(runner, tmp_path: Path):
    path = tmp_path / "no-mark.csv"
    path.write_bytes(_unicode_text(ROWS, "utf-16-le"))
    result = run_import(runner, path, "--as-at", "2010-08-20")
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(func.count()).select_from(Action)) == 2


def test_a_formula_without_a_saved_result_is_named_by_its_cell(admin_client, staged):
    response = admin_client.post("/admin/import", data=_form(_xlsx_with_formula(None), "f.xlsx"))
    page = _page(response)
    assert "cell D3 holds a formula; paste values" in page
    assert "blank" not in page
    assert db.session.scalar(select(func.count()).select_from(Plan)) == 0
    assert staged() == 0


def test_a_formula_with_a_saved_result_is_read_as_that_result(runner, tmp_path: Path):
    path = tmp_path / "cached.xlsx"
    path.write_bytes(_xlsx_with_formula("Implement it again"))
    result = run_import(runner, path, "--as-at", "2010-08-20")
    assert result.exit_code == 0, result.output
    texts = db.session.scalars(select(Action.text).order_by(Action.position)).all()
    assert texts == [ROWS[0][3], "Implement it again"]


def test_a_title_row_with_a_line_break_becomes_one_line_and_the_check_says_so(admin_client):
    content = (
        '"Children\'s Improvement\r\nPlan 2009/10"\r\n'
        + "\r\n".join(",".join(f'"{cell}"' for cell in row) for row in [HEADER, *ROWS])
    ).encode()
    check = admin_client.post("/admin/import", data=_form(content, "titled.csv", title=""))
    page = _page(check)
    assert "(Children&#39;s Improvement Plan 2009/10)" in page
    assert "line breaks became spaces" in page
    admin_client.post("/admin/import/confirm")
    assert db.session.scalar(select(Plan.title)) == "Children's Improvement Plan 2009/10"


def test_a_utf16_file_that_cannot_be_decoded_is_refused_as_utf16_by_name(runner, tmp_path: Path):
    path = tmp_path / "broken.csv"
    path.write_bytes(b"\xff\xfe" + "Ref\tKey Actions\r\n".encode("utf-16-le") + b"\x00\xd8x")
    result = run_import(runner, path)
    assert result.exit_code == 1
    assert "'broken.csv' looks like UTF-16 text" in result.output

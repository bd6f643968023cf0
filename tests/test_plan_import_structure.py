"""Importing sheets as councils lay them out: merged cells, colours, headings, encodings."""

import codecs
import time
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from openpyxl.styles import PatternFill
from openpyxl.styles.colors import Color
from sqlalchemy import select

from tests.test_plan_import_layouts import actions_by_ref, leads_of, run_import, structure
from tracker.domain.enums import Rag
from tracker.domain.merged_cells import MergedRange
from tracker.extensions import db
from tracker.models import Action, Plan
from tracker.services.reports import load_plan_report
from tracker.services.tabular import TableError, TableLimits, read_sheet, table_bytes

HEADER = ["Ref", "Key Actions", "Lead", "Target Date", "RAG"]
RED = PatternFill("solid", fgColor="FFFF0000")


def save(workbook: openpyxl.Workbook, path: Path) -> Path:
    workbook.save(path)
    return path


def sheet_of(rows) -> tuple[openpyxl.Workbook, object]:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    return workbook, sheet


def test_merged_lead_and_target_date_apply_to_every_row_they_span(runner, tmp_path):
    workbook, sheet = sheet_of(
        [
            HEADER,
            ["1", "Audit assessments", "Head of Service MASH/ SA", "March 2018", "Green"],
            ["2", "Run practice workshops", None, None, "Amber"],
            ["3", "Publish thresholds", None, None, "Green"],
            ["4", "Review the front door", None, "June 2018", "Green"],
        ]
    )
    sheet.merge_cells("C2:C3")
    sheet.merge_cells("D2:D4")
    result = run_import(runner, save(workbook, tmp_path / "merged.xlsx"), "2017-06-30")
    assert result.exit_code == 0, result.output
    actions = actions_by_ref()
    assert [leads_of(actions[ref]) for ref in "1234"] == [
        ["Head of Service MASH/ SA"],
        ["Head of Service MASH/ SA"],
        [],
        [],
    ]
    assert [actions[ref].target_date for ref in "1234"] == [
        date(2018, 3, 31),
        date(2018, 3, 31),
        date(2018, 3, 31),
        date(2018, 6, 30),
    ]


def test_red_colour_only_status_is_read_and_listed_as_an_exception(runner, tmp_path):
    workbook, sheet = sheet_of(
        [
            HEADER,
            ["1", "Audit assessments", "Jo Smith", "March 2018", None],
            ["2", "Run practice workshops", "Jo Smith", "March 2018", "Green"],
            ["3", "Publish thresholds", "Jo Smith", "March 2018", None],
        ]
    )
    sheet["E2"].fill = RED
    # The workbook theme's accent 3 (green 9BBB59 in the theme openpyxl writes), lightened.
    sheet["E4"].fill = PatternFill("solid", fgColor=Color(theme=6, tint=0.3999755851924192))
    result = run_import(runner, save(workbook, tmp_path / "colours.xlsx"), "2017-06-30")
    assert result.exit_code == 0, result.output
    assert (
        "Status read from the cell's colour, the cell having no text, on rows 2, 4."
        in result.output
    )
    actions = actions_by_ref()
    assert (actions["1"].current_rag, actions["1"].current_status_label) == (Rag.RED, "Red")
    assert actions["1"].current_status_exception is True
    assert (actions["3"].current_rag, actions["3"].current_status_label) == (Rag.GREEN, "Green")
    plan = db.session.scalar(select(Plan))
    exceptions = load_plan_report(plan, date(2017, 6, 30), red_only=True)
    assert [row.text for row in exceptions.rows] == ["Audit assessments"]


def test_colour_the_key_does_not_have_refuses_the_file_naming_colour_and_cell(runner, tmp_path):
    workbook, sheet = sheet_of([HEADER, ["1", "Audit assessments", "Jo Smith", "March 2018", None]])
    sheet["E2"].fill = PatternFill("solid", fgColor="FF7030A0")
    result = run_import(runner, save(workbook, tmp_path / "purple.xlsx"), "2017-06-30")
    assert result.exit_code == 1
    assert (
        "row 2, column E (RAG): the cell has no text and is filled purple (#7030A0)"
        in result.output
    )
    assert "Nothing was written." in result.output
    assert db.session.scalar(select(Action.id)) is None


def test_white_or_unfilled_blank_status_stays_blank(runner, tmp_path):
    workbook, sheet = sheet_of(
        [
            HEADER,
            ["1", "Audit assessments", "Jo Smith", "March 2018", None],
            ["2", "Run workshops", "Jo Smith", "March 2018", None],
        ]
    )
    sheet["E2"].fill = PatternFill("solid", fgColor="FFFFFFFF")
    result = run_import(runner, save(workbook, tmp_path / "white.xlsx"), "2017-06-30")
    assert result.exit_code == 0, result.output
    assert [action.current_rag for action in actions_by_ref().values()] == [None, None]
    assert "read from the cell's colour" not in result.output


def test_heading_rows_become_themes_and_objectives_none_lost(runner, tmp_path):
    header = ["NOS", "What?", "Who?", "How?", "When?", "Current Status"]
    workbook, sheet = sheet_of(
        [
            ["ANNEX A"],
            ["Children's Services Improvement Action Tracker"],
            ["Updated: 30 June 2017"],
            header,
            ["1", "CHILDREN IN NEED AND CHILD PROTECTION"],
            ["1.1", "Early help"],
            ["1.1.1", "Improve assessments", "Jo Smith", "Audit 20 a month", "March 2018", "Green"],
            ["1.1.2", None, "Jo Smith", "Run workshops", "June 2018", "Amber"],
            ["2", "LOOKED AFTER CHILDREN"],
            ["2.1", "Stable placements", "Sam Jones", "Recruit carers", "June 2018", "Green"],
        ]
    )
    # Headings merged across the row, as published: the text stays one cell.
    sheet.merge_cells("B5:F5")
    sheet.merge_cells("B6:F6")
    sheet.merge_cells("B9:F9")
    result = run_import(runner, save(workbook, tmp_path / "tracker.xlsx"), "2017-06-30")
    assert result.exit_code == 0, result.output
    assert structure() == [
        (
            1,
            "CHILDREN IN NEED AND CHILD PROTECTION",
            "1.1 Early help – Improve assessments",
            "Audit 20 a month",
        ),
        (
            1,
            "CHILDREN IN NEED AND CHILD PROTECTION",
            "1.1 Early help – Improve assessments",
            "Run workshops",
        ),
        (2, "LOOKED AFTER CHILDREN", "Stable placements", "Recruit carers"),
    ]
    assert db.session.scalar(select(Plan.title)) == "Children's Services Improvement Action Tracker"


def test_two_heading_rows_over_actions_make_a_theme_and_its_objective(runner, tmp_path):
    header = ["Number", "Description", "Baseline finish date", "Status"]
    workbook, sheet = sheet_of(
        [
            ["Appendix 1"],
            ["Quality and Safety Improvement Plan"],
            header,
            ["SAFE CARE"],
            ["Sepsis"],
            ["1", "Screen patients for sepsis", "March 2018", "Green"],
            ["EFFECTIVE CARE"],
            ["Stroke"],
            ["2", "Scan within an hour", "June 2018", "Amber"],
        ]
    )
    for row in (4, 5, 7, 8):
        sheet.merge_cells(f"A{row}:D{row}")
    result = run_import(runner, save(workbook, tmp_path / "nhs.xlsx"), "2017-06-30")
    assert result.exit_code == 0, result.output
    assert [theme_and_objective[1:3] for theme_and_objective in structure()] == [
        ("SAFE CARE", "Sepsis"),
        ("EFFECTIVE CARE", "Stroke"),
    ]
    assert db.session.scalar(select(Plan.title)) == "Quality and Safety Improvement Plan"


CSV_HEADER = "Ref,Key Actions,Lead,Target Date,RAG,Update"
CSV_ROW = "1,Review the £2m budget,Jo Smith,March 2018,Green,“On track” – budget agreed"


def test_windows_1252_csv_keeps_pound_signs_and_curly_quotes_and_says_how_it_was_read(
    runner, tmp_path
):
    path = tmp_path / "excel.csv"
    path.write_bytes(f"{CSV_HEADER}\r\n{CSV_ROW}\r\n".encode("cp1252"))
    result = run_import(runner, path, "2017-06-30")
    assert result.exit_code == 0, result.output
    assert "The file's text was read as Windows-1252." in result.output
    action = actions_by_ref()["1"]
    assert (action.text, action.current_commentary) == (
        "Review the £2m budget",
        "“On track” – budget agreed",
    )


def test_utf8_csv_with_a_byte_order_mark_reads_its_first_header(runner, tmp_path):
    path = tmp_path / "utf8.csv"
    path.write_bytes(codecs.BOM_UTF8 + f"{CSV_HEADER}\r\n{CSV_ROW}\r\n".encode())
    result = run_import(runner, path, "2017-06-30")
    assert result.exit_code == 0, result.output
    assert "The file's text was read as UTF-8 with a byte-order mark." in result.output
    action = actions_by_ref()["1"]
    assert (action.ref, action.text) == ("1", "Review the £2m budget")


def test_utf8_csv_without_a_mark_says_so(runner, tmp_path):
    path = tmp_path / "utf8.csv"
    path.write_bytes(f"{CSV_HEADER}\n{CSV_ROW}\n".encode())
    result = run_import(runner, path, "2017-06-30")
    assert result.exit_code == 0, result.output
    assert "The file's text was read as UTF-8." in result.output
    assert actions_by_ref()["1"].current_commentary == "“On track” – budget agreed"


def test_sheet_reader_keeps_the_fills_of_coloured_cells_resolved_to_rgb(tmp_path):
    workbook, sheet = sheet_of(
        [HEADER, ["1", "a", None, None, None], ["2", "b", None, None, "Green"], ["3", "c"]]
    )
    sheet["E2"].fill = PatternFill("solid", fgColor=Color(indexed=10))
    sheet["E3"].fill = RED
    sheet["E4"].fill = PatternFill("solid", fgColor="FFFFFFFF")
    sheet["C4"].fill = PatternFill("solid", fgColor="FF00B050")
    sheet["D4"].fill = PatternFill("gray125", fgColor="FFFF0000")
    read = read_sheet(save(workbook, tmp_path / "fills.xlsx"), TableLimits())
    assert read.fills == {(1, 4): "FF0000", (2, 4): "FF0000", (3, 2): "00B050"}
    assert read.encoding is None


def with_merged_ranges(path: Path, *references: str) -> Path:
    """Rewrite a saved workbook's sheet to list merged ranges, as a file could list any."""
    cells = "".join(f'<mergeCell ref="{reference}"/>' for reference in references)
    merged = f'</sheetData><mergeCells count="{len(references)}">{cells}</mergeCells>'
    with zipfile.ZipFile(path) as source:
        parts = {item: source.read(item) for item in source.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    parts[sheet] = parts[sheet].replace(b"</sheetData>", merged.encode())
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
    return path


def test_sheet_reader_lists_merged_ranges_cut_to_the_cells_read(tmp_path):
    workbook, _ = sheet_of([HEADER, ["1", "a", "Jo Smith"], ["2", "b"]])
    path = with_merged_ranges(
        save(workbook, tmp_path / "merged.xlsx"), "C2:C3", "D2:XFD1048576", "F10:H12", "A5"
    )
    started = time.monotonic()
    read = read_sheet(path, TableLimits())
    assert time.monotonic() - started < 2
    assert read.merged == (MergedRange(1, 2, 2, 2), MergedRange(1, 3, 2, 4))


def test_overlapping_merged_ranges_are_refused(tmp_path):
    workbook, _ = sheet_of([HEADER, ["1", "a", "Jo Smith"], ["2", "b"]])
    path = with_merged_ranges(save(workbook, tmp_path / "overlap.xlsx"), "C2:D3", "D3:E3")
    with pytest.raises(TableError, match="merged cells D3:E3 overlap merged cells C2:D3"):
        read_sheet(path, TableLimits())


def test_csv_export_starts_with_a_byte_order_mark_and_reads_back(tmp_path):
    path = tmp_path / "out.csv"
    path.write_bytes(
        table_bytes(path.name, [["Ref", "Key Actions"], ["1", "Review the £2m budget"]])
    )
    assert path.read_bytes().startswith(codecs.BOM_UTF8)
    read = read_sheet(path, TableLimits())
    assert (read.rows, read.encoding) == (
        [["Ref", "Key Actions"], ["1", "Review the £2m budget"]],
        "UTF-8 with a byte-order mark",
    )

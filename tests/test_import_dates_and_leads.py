"""Importing a plan whose target dates and leads are written as councils write them."""

from datetime import date, datetime
from pathlib import Path

import openpyxl
from sqlalchemy import select

from tracker.domain.enums import Recurrence
from tracker.extensions import db
from tracker.models import Action, ActionLead, Person
from tracker.services.tabular import TableLimits, read_table

HEADER = ["Ref", "Theme", "Key Actions", "Target Date", "Lead", "RAG"]
THEME = "1. Children in need and child protection"
# Target date and lead cells as published; a datetime is an Excel date cell, shown as mmm-yy.
ROWS = [
    ["1", THEME, "Audit MASH decisions", "Jan-19", "Head of Service MASH/ SA", "Amber"],
    ["2", "", "Roll out the new model", "Phase 2 Mar 2017", "HoS CIN/CP & PSW", "Green"],
    [
        "3",
        "",
        "Quality assurance framework",
        "Q3 2015/16",
        "Head of Performance & Quality Assurance / Deb Johnson",
        "Red",
    ],
    ["4", "", "Report to Improvement Board", datetime(2019, 2, 1), "DM/PL/KL", "Green"],
    ["5", "", "Practice week", "April 2016 onwards", "Deb Johnson and Warren Carratt", "Green"],
    ["6", "", "Refresh the strategy", "by end of April", "Warren Carratt", "Green"],
    ["7", "", "Parent panel", "Spring 2017", "Deb Johnson", "Green"],
]


def write_plan(path: Path) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    for row in ROWS:
        sheet.append(row)
    sheet["D5"].number_format = "mmm-yy"
    workbook.save(path)
    return path


def leads_of(action: Action) -> list[str]:
    return list(
        db.session.scalars(
            select(Person.name)
            .join(ActionLead, ActionLead.person_id == Person.id)
            .where(ActionLead.action_id == action.id)
            .order_by(ActionLead.position)
        )
    )


def test_month_and_year_excel_date_cell_reads_as_that_month(tmp_path):
    rows = read_table(write_plan(tmp_path / "plan.xlsx"), TableLimits())
    assert rows[4][3] == "February 2019"


def test_import_reads_council_dates_and_leads_as_the_plan_means_them(runner, tmp_path):
    result = runner.invoke(
        args=[
            "plans",
            "import",
            str(write_plan(tmp_path / "plan.xlsx")),
            "--plan",
            "demo",
            "--as-at",
            "2016-09-30",
        ]
    )
    assert result.exit_code == 0, result.output
    actions = {action.ref: action for action in db.session.scalars(select(Action))}
    read = {
        ref: (action.target_date, action.recurrence, action.target_date_problem)
        for ref, action in actions.items()
    }
    assert read == {
        "1": (date(2019, 1, 31), Recurrence.NONE, None),
        "2": (date(2017, 3, 31), Recurrence.NONE, None),
        "3": (date(2015, 12, 31), Recurrence.NONE, None),
        "4": (date(2019, 2, 28), Recurrence.NONE, None),
        "5": (None, Recurrence.ONGOING, None),
        "6": (date(2017, 4, 30), Recurrence.NONE, None),
        "7": (None, Recurrence.NONE, "'Spring' is a season, not a month, in 'Spring 2017'"),
    }
    assert {ref: leads_of(action) for ref, action in actions.items()} == {
        "1": ["Head of Service MASH/ SA"],
        "2": ["HoS CIN/CP & PSW"],
        "3": ["Head of Performance & Quality Assurance", "Deb Johnson"],
        "4": ["DM/PL/KL"],
        "5": ["Deb Johnson", "Warren Carratt"],
        "6": ["Warren Carratt"],
        "7": ["Deb Johnson"],
    }


def test_lead_joined_by_slashes_splits_once_each_part_is_a_person_named_before(runner, tmp_path):
    def import_rows(name: str, slug: str, rows) -> None:
        workbook = openpyxl.Workbook()
        workbook.active.append(HEADER)
        for row in rows:
            workbook.active.append(row)
        workbook.save(tmp_path / name)
        args = ["plans", "import", str(tmp_path / name), "--plan", slug, "--as-at", "2016-09-30"]
        result = runner.invoke(args=args)
        assert result.exit_code == 0, result.output

    import_rows("before.xlsx", "before", [["1", THEME, "Audit", "Jan-19", "DM/PL/KL", "Green"]])
    import_rows(
        "people.xlsx",
        "people",
        [
            [str(n), THEME, f"Action {n}", "Jan-19", lead, "Green"]
            for n, lead in [(1, "DM"), (2, "PL"), (3, "KL")]
        ],
    )
    import_rows("after.xlsx", "after", [["1", THEME, "Audit", "Jan-19", "DM/PL/KL", "Green"]])
    first, *_, last = db.session.scalars(select(Action).order_by(Action.id))
    assert (leads_of(first), leads_of(last)) == (["DM/PL/KL"], ["DM", "PL", "KL"])

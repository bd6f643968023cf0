"""Exporting plans in the council layout, and reading the export back in."""

import csv
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from tests.test_plan_import import HEADER, ROWS, run_import, write_csv
from tracker.extensions import db
from tracker.models import Action, Person, Plan, StatusUpdate
from tracker.services.tabular import neutralise, unneutralise


def _read(path: Path) -> list[list[str]]:
    if path.suffix == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as stream:
            return list(csv.reader(stream))
    workbook = openpyxl.load_workbook(path, read_only=True)
    try:
        rows = workbook.worksheets[0].iter_rows(values_only=True)
        return [["" if v is None else str(v) for v in row] for row in rows]
    finally:
        # A read-only workbook holds its file open until closed.
        workbook.close()


def _plan_fields(slug: str) -> list[tuple]:
    """Return every action field and its history, independent of database ids."""
    plan_id = db.session.scalar(select(Plan.id).where(Plan.slug == slug))
    actions = db.session.scalars(
        select(Action).where(Action.plan_id == plan_id).order_by(Action.position)
    ).all()
    fields = []
    for action in actions:
        theme = action.objective.theme
        updates = db.session.scalars(
            select(StatusUpdate).where(StatusUpdate.action_id == action.id)
        ).all()
        fields.append(
            (
                action.ref,
                theme.number,
                theme.title,
                action.objective.text,
                action.text,
                action.band.number if action.band else None,
                action.target_date_text,
                action.target_date,
                action.recurrence,
                action.target_date_problem,
                action.baseline,
                action.targets,
                action.workstreams,
                action.lead_text,
                tuple(link.person.name for link in action.leads),
                tuple(m.due_on for m in action.milestones),
                tuple(
                    (
                        u.completion,
                        u.rag,
                        u.direction,
                        u.current_performance,
                        u.commentary,
                        u.completed_on,
                    )
                    for u in updates
                ),
            )
        )
    return fields


HOSTILE = [
    "1.09",
    "1. Staying Safe",
    'Objective with "quotes", commas',
    '=HYPERLINK("http://x")',
    "2",
    "mid Sept 2010",
    "+44 baseline",
    "-5% targets",
    "Lyn Burns",
    "complete",
    "@SUM(A1) and <b>bold</b> & more\nsecond line",
    "Social Work",
    "Y",
]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_export_then_import_into_a_new_plan_reproduces_every_field_and_the_same_file(
    runner, tmp_path, suffix
):
    rows = [*ROWS, HOSTILE]
    assert (
        run_import(runner, write_csv(tmp_path / "in.csv", rows), "--as-at", "2010-08-20").exit_code
        == 0
    )
    first = tmp_path / f"first{suffix}"
    result = runner.invoke(
        args=["plans", "export", "demo", "--as-at", "2010-08-20", "-o", str(first)]
    )
    assert result.exit_code == 0, result.output
    result = runner.invoke(
        args=["plans", "import", str(first), "--plan", "copy", "--as-at", "2010-08-20"]
    )
    assert result.exit_code == 0, result.output
    second = tmp_path / f"second{suffix}"
    runner.invoke(args=["plans", "export", "copy", "--as-at", "2010-08-20", "-o", str(second)])

    assert _read(first) == _read(second)
    if suffix == ".csv":
        assert first.read_bytes() == second.read_bytes()
    assert _plan_fields("demo") == _plan_fields("copy")


def test_export_neutralises_cells_that_a_spreadsheet_would_run_as_formulas(runner, tmp_path):
    run_import(runner, write_csv(tmp_path / "in.csv", [HOSTILE]), "--as-at", "2010-08-20")
    out = tmp_path / "out.xlsx"
    runner.invoke(args=["plans", "export", "demo", "--as-at", "2010-08-20", "-o", str(out)])
    exported = dict(zip(_read(out)[0], _read(out)[1], strict=True))
    assert exported["Key Actions"] == '\'=HYPERLINK("http://x")'
    assert exported["Baseline"] == "'+44 baseline"
    assert exported["Targets"] == "'-5% targets"
    assert exported["Performance Commentary"].startswith("'@SUM(A1)")
    sheet = openpyxl.load_workbook(out).worksheets[0]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_export_as_at_an_earlier_date_gives_that_snapshot_and_leaves_out_later_actions(
    runner, tmp_path
):
    run_import(runner, write_csv(tmp_path / "a.csv", ROWS[:2]), "--as-at", "2010-08-20")
    later = [list(r) for r in ROWS]
    later[0][10] = "Later commentary"
    run_import(runner, write_csv(tmp_path / "b.csv", later), "--as-at", "2011-03-30")
    out = tmp_path / "out.csv"
    runner.invoke(args=["plans", "export", "demo", "--as-at", "2010-12-31", "-o", str(out)])
    table = _read(out)
    assert len(table) == 3
    commentary = table[0].index("Performance Commentary")
    assert table[1][commentary] == "On track"


def test_export_of_unknown_plan_fails_with_a_clear_message(runner, tmp_path):
    result = runner.invoke(args=["plans", "export", "nope", "-o", str(tmp_path / "x.csv")])
    assert result.exit_code == 1
    assert "There is no plan 'nope'" in result.output


def test_exported_headers_are_read_back_by_the_importer(runner, tmp_path):
    run_import(runner, write_csv(tmp_path / "a.csv", ROWS), "--as-at", "2010-08-20")
    out = tmp_path / "out.csv"
    runner.invoke(args=["plans", "export", "demo", "--as-at", "2010-08-20", "-o", str(out)])
    header = _read(out)[0]
    assert header[:4] == ["Ref", "Theme", "Objective", "Key Actions"]
    assert set(HEADER) - {"Comp Y/N"} <= set(header)
    assert db.session.scalar(select(Person.id)) is not None


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ("=1+2", "'=1+2"),
        ("+44", "'+44"),
        ("-5%", "'-5%"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("plain", "plain"),
        ("'quoted", "'quoted"),
    ],
)
def test_formula_like_cells_are_prefixed_and_the_prefix_is_removed_on_import(cell, written):
    assert neutralise(cell) == written
    assert unneutralise(neutralise(cell)) == cell

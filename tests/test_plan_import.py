"""Importing plan tables in the council layout from the command line."""

import csv
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from tracker.domain.enums import Completion, Direction, Rag, Recurrence
from tracker.extensions import db
from tracker.models import (
    Action,
    ActionLead,
    Milestone,
    Objective,
    Person,
    Plan,
    PriorityBand,
    StatusUpdate,
    Theme,
)

HEADER = [
    "Ref",
    "Theme",
    "Objective",
    "Key Actions",
    "Priority",
    "Target Date",
    "Baseline",
    "Targets",
    "Lead",
    "RAG",
    "Performance Commentary",
    "Lead Workstream(s)",
    "Comp Y/N",
]
ROWS = [
    [
        "1.01",
        "1. Staying Safe – Social Worker Practice and Process",
        "Improve referrals",
        "Implement an improved quality assurance framework",
        "1",
        "March 2011",
        "None",
        "100% compliance",
        "Howard Woolfenden / Warren Carratt",
        "↑ Green",
        "On track",
        "Social Work",
        "Y",
    ],
    [
        "1.02",
        "",
        "",
        "Conduct a review on all NFA cases",
        "2",
        "August } Milestones Sept } Oct } 30th Nov deadline",
        "",
        "",
        "Deb Johnson and Warren Carratt",
        "<b>↓Red</b>",
        "Behind",
        "Social Work",
        "P",
    ],
    [
        "1.03",
        "",
        "Embed use of the CAF",
        "Improve quality of CAFs",
        "2",
        "Quarterly",
        "",
        "",
        "John Dunn, RBT / Rebecca Wragg",
        "→Amber",
        "",
        "ICT",
        "?",
    ],
]


def write_csv(path: Path, rows, header=HEADER) -> Path:
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def write_xlsx(path: Path, rows, header=HEADER, title: str | None = None) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    if title:
        sheet.append([title])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def table_counts() -> dict[str, int]:
    return {
        model.__name__: db.session.scalar(select(func.count()).select_from(model))
        for model in (
            Plan,
            Theme,
            Objective,
            Action,
            ActionLead,
            Person,
            StatusUpdate,
            PriorityBand,
            Milestone,
        )
    }


def run_import(runner, path: Path, *extra: str):
    return runner.invoke(args=["plans", "import", str(path), "--plan", "demo", *extra])


def test_first_import_creates_plan_bands_themes_actions_people_and_one_update_each(
    runner, tmp_path
):
    result = run_import(
        runner,
        write_csv(tmp_path / "plan.csv", ROWS),
        "--as-at",
        "2010-08-20",
        "--title",
        "Demo plan",
    )
    assert result.exit_code == 0, result.output
    plan = db.session.scalar(select(Plan).where(Plan.slug == "demo"))
    assert plan.title == "Demo plan"
    assert [b.number for b in db.session.scalars(select(PriorityBand))] == [1, 2]
    theme = db.session.scalar(select(Theme))
    assert (theme.number, theme.title) == (1, "Staying Safe – Social Worker Practice and Process")
    actions = {a.ref: a for a in db.session.scalars(select(Action))}
    assert set(actions) == {"1.01", "1.02", "1.03"}
    assert actions["1.01"].current_completion is Completion.COMPLETED
    assert actions["1.01"].current_rag is Rag.GREEN
    assert actions["1.01"].current_direction is Direction.IMPROVING
    assert actions["1.02"].current_rag is Rag.RED
    assert actions["1.02"].current_completion is Completion.PARTIALLY_COMPLETED
    assert actions["1.02"].target_date.isoformat() == "2010-11-30"
    assert [
        m.isoformat()
        for m in db.session.scalars(
            select(Milestone.due_on).where(Milestone.action_id == actions["1.02"].id)
        )
    ] == ["2010-08-31", "2010-09-30", "2010-10-31"]
    assert actions["1.03"].recurrence is Recurrence.QUARTERLY
    assert actions["1.03"].target_date is None
    assert actions["1.03"].current_completion is Completion.NOT_KNOWN
    names = set(db.session.scalars(select(Person.name)))
    assert names == {
        "Howard Woolfenden",
        "Warren Carratt",
        "Deb Johnson",
        "John Dunn, RBT",
        "Rebecca Wragg",
    }
    assert db.session.scalar(select(func.count()).select_from(StatusUpdate)) == 3
    objectives = {o.text for o in db.session.scalars(select(Objective))}
    assert objectives == {"Improve referrals", "Embed use of the CAF"}


def test_xlsx_with_title_row_and_columns_in_another_order_imports(runner, tmp_path):
    order = [3, 0, 1, 2, 5, 4, 8, 9, 12, 10, 6, 7, 11]
    header = [HEADER[i] for i in order] + ["Notes"]
    rows = [[row[i] for i in order] + ["x"] for row in ROWS]
    path = write_xlsx(tmp_path / "plan.xlsx", rows, header=header, title="Children's Plan 2010")
    result = run_import(runner, path, "--as-at", "2010-08-20")
    assert result.exit_code == 0, result.output
    assert "Columns not recognised, kept as extra columns: N 'Notes'" in result.output
    assert db.session.scalar(select(Plan.title)) == "Children's Plan 2010"
    assert db.session.scalar(select(func.count()).select_from(Action)) == 3


def test_second_import_with_later_date_adds_updates_and_new_actions_keeping_history(
    runner, tmp_path
):
    run_import(runner, write_csv(tmp_path / "aug.csv", ROWS), "--as-at", "2010-08-20")
    later = [list(row) for row in ROWS]
    later[1][9] = "↑ Amber"
    later[1][10] = "Catching up"
    later.append(
        [
            "2.01",
            "2. Workforce",
            "Recruit",
            "Reduce vacancies",
            "3",
            "March 2011",
            "",
            "",
            "Lyn Burns",
            "Red",
            "Vacancies high",
            "Workforce",
            "N",
        ]
    )
    result = run_import(runner, write_csv(tmp_path / "mar.csv", later), "--as-at", "2011-03-30")
    assert result.exit_code == 0, result.output
    action = db.session.scalar(select(Action).where(Action.ref == "1.02"))
    history = db.session.scalars(
        select(StatusUpdate).where(StatusUpdate.action_id == action.id).order_by(StatusUpdate.as_at)
    ).all()
    assert [(u.as_at.isoformat(), u.commentary) for u in history] == [
        ("2010-08-20", "Behind"),
        ("2011-03-30", "Catching up"),
    ]
    assert action.current_commentary == "Catching up"
    assert action.current_rag is Rag.AMBER
    assert db.session.scalar(select(func.count()).select_from(Action)) == 4


def test_rows_without_ref_match_by_theme_objective_and_action_text(runner, tmp_path):
    rows = [["", *row[1:]] for row in ROWS]
    run_import(runner, write_csv(tmp_path / "a.csv", rows), "--as-at", "2010-08-20")
    again = [list(r) for r in rows]
    again[0][3] = "  implement an improved QUALITY assurance framework "
    result = run_import(runner, write_csv(tmp_path / "b.csv", again), "--as-at", "2010-09-30")
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(func.count()).select_from(Action)) == 3
    assert db.session.scalar(select(func.count()).select_from(StatusUpdate)) == 6


def test_importing_an_earlier_snapshot_adds_history_without_overwriting_current_state(
    runner, tmp_path
):
    run_import(runner, write_csv(tmp_path / "mar.csv", ROWS), "--as-at", "2011-03-30")
    earlier = [list(row) for row in ROWS]
    earlier[0][10] = "Early days"
    earlier[0][12] = "N"
    run_import(runner, write_csv(tmp_path / "aug.csv", earlier), "--as-at", "2010-08-20")
    action = db.session.scalar(select(Action).where(Action.ref == "1.01"))
    assert action.current_commentary == "On track"
    assert action.current_completion is Completion.COMPLETED
    assert (
        db.session.scalar(
            select(func.count())
            .select_from(StatusUpdate)
            .where(StatusUpdate.action_id == action.id)
        )
        == 2
    )


def test_dry_run_reports_what_it_would_do_and_writes_nothing(runner, tmp_path):
    result = run_import(
        runner, write_csv(tmp_path / "plan.csv", ROWS), "--dry-run", "--as-at", "2010-08-20"
    )
    assert result.exit_code == 0, result.output
    assert "Dry run: nothing was written" in result.output
    assert "3  actions created" in result.output
    assert table_counts()["Plan"] == 0


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        (
            [
                [
                    "1.01",
                    "1. A",
                    "Obj",
                    "Act",
                    "one",
                    "March 2011",
                    "",
                    "",
                    "X Y",
                    "Green",
                    "",
                    "",
                    "Y",
                ]
            ],
            "row 2, column E (Priority)",
        ),
        (
            [
                [
                    "1.01",
                    "1. A",
                    "Obj",
                    "Act",
                    "1",
                    "March 2011",
                    "",
                    "",
                    "X Y",
                    "Purple",
                    "",
                    "",
                    "Y",
                ]
            ],
            "row 2, column J (RAG)",
        ),
        (
            [
                [
                    "1.01",
                    "1. A",
                    "Obj",
                    "Act",
                    "1",
                    "March 2011",
                    "",
                    "",
                    "X Y",
                    "Green",
                    "",
                    "",
                    "Maybe",
                ]
            ],
            "row 2, column M (Completion status)",
        ),
        (
            [["1.01", "1. A", "Obj", "", "1", "March 2011", "", "", "X Y", "Green", "", "", "Y"]],
            "row 2, column D (Key Actions)",
        ),
        (
            [
                ["7.07", "1. A", "Obj", "Act", "1", "", "", "", "", "", "", "", ""],
                ["7.07", "1. A", "Obj", "Other", "1", "", "", "", "", "", "", "", ""],
            ],
            "row 3, column A (Ref): Ref '7.07' is already used on row 2",
        ),
    ],
)
def test_invalid_row_is_reported_with_row_and_column_and_nothing_is_written(
    runner, tmp_path, rows, expected
):
    good = ROWS[:2]
    result = run_import(
        runner, write_csv(tmp_path / "bad.csv", good + rows), "--as-at", "2010-08-20"
    )
    assert result.exit_code == 1
    expected = expected.replace("row 2", f"row {2 + len(good)}").replace(
        "row 3", f"row {3 + len(good)}"
    )
    assert expected in result.output
    assert "Nothing was written." in result.output
    assert table_counts() == dict.fromkeys(table_counts(), 0)


def test_invalid_second_import_leaves_the_existing_plan_exactly_as_it_was(runner, tmp_path):
    run_import(runner, write_csv(tmp_path / "a.csv", ROWS), "--as-at", "2010-08-20")
    before = table_counts()
    bad = [list(r) for r in ROWS] + [
        ["9.9", "9. New", "O", "New action", "1", "", "", "", "", "Blue", "", "", ""]
    ]
    result = run_import(runner, write_csv(tmp_path / "b.csv", bad), "--as-at", "2010-09-30")
    assert result.exit_code == 1
    assert table_counts() == before


def test_missing_key_actions_column_is_reported(runner, tmp_path):
    header = [h if h != "Key Actions" else "Remarks" for h in HEADER]
    result = run_import(runner, write_csv(tmp_path / "p.csv", ROWS, header=header))
    assert result.exit_code == 1
    assert "Key Actions" in result.output


def test_future_as_at_date_is_refused(runner, tmp_path):
    result = run_import(runner, write_csv(tmp_path / "p.csv", ROWS), "--as-at", "2999-01-01")
    assert result.exit_code == 1
    assert "in the future" in result.output


def test_unresolvable_target_date_is_kept_and_flagged_not_guessed(runner, tmp_path):
    rows = [list(ROWS[0])]
    rows[0][5] = "TBC"
    result = run_import(runner, write_csv(tmp_path / "p.csv", rows), "--as-at", "2010-08-20")
    assert result.exit_code == 0, result.output
    action = db.session.scalar(select(Action))
    assert action.target_date is None
    assert action.target_date_text == "TBC"
    assert action.target_date_problem
    assert "row 2: 'TBC'" in result.output


@pytest.mark.parametrize(
    "name",
    [
        "rmbc-notice-to-improve-2010-08-20.csv",
        "rmbc-notice-to-improve-2011-03-30.csv",
        "cyps-immediate-priorities-2009-11-02.csv",
    ],
)
def test_every_seed_file_imports_with_one_update_per_row(runner, seed_dir, name):
    with (seed_dir / name).open(encoding="utf-8") as stream:
        row_count = sum(1 for _ in csv.reader(stream)) - 1
    result = run_import(runner, seed_dir / name, "--as-at", "2011-03-30")
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(func.count()).select_from(Action)) == row_count
    assert db.session.scalar(select(func.count()).select_from(StatusUpdate)) == row_count

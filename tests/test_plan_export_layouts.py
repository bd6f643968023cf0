"""Export in the council's own layout, from the command line and the plan page, and read back."""

import csv
import io
import json
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from tests.factories import make_user
from tracker.domain.enums import Role
from tracker.extensions import db
from tracker.models import Action, Plan, StatusUpdate

AS_AT = "2017-04-30"
TITLE = "Children's services improvement action tracker"
HEADER = [
    "NOS",
    "What?",
    "How?",
    "Who?",
    "When?",
    "Resources",
    "Current Status",
    "Notes",
    "Outcome – (report for Q1, Q2, Q3, Q4)",
    "Date completed",
]
BLANK = [""] * len(HEADER)
# Themes are heading rows, as the council lays them out; What? is the objective.
ROWS = [
    ["1. Help and protection", *BLANK[1:]],
    [
        "1.1",
        "A safe front door",
        "Audit MASH decisions",
        "Head of Service MASH/ SA",
        "March 2017",
        "Two social workers\nOne analyst",
        "Blue",
        "Seen by panel",
        "Audit done; =SUM(A1) reported",
        "",
    ],
    [
        "1.2",
        "A safe front door",
        "Publish thresholds",
        "HoS CIN/CP & PSW",
        "Quarterly",
        "",
        "Delivered",
        "",
        "Published",
        "2017-03-02",
    ],
    [
        "1.3",
        "Better assessments",
        "Train assessors",
        "Deb Johnson / Warren Carratt",
        "June 2017",
        "Training budget",
        "↑ Green",
        "",
        "+ half trained",
        "",
    ],
    ["2. Leadership", *BLANK[1:]],
    [
        "2.1",
        "Leaders know practice",
        "Monthly practice week",
        "Director of Children's Services (DCS)",
        "Spring 2017",
        "",
        "Off Track",
        "",
        "Slipped",
        "",
    ],
]
MAPPING = {
    "header_row": 3,
    "title_row": 1,
    "columns": {
        "NOS": "Ref",
        "What?": "Objective",
        "How?": "Key Actions",
        "Who?": "Lead",
        "When?": "Target Date",
        "Resources": "extra",
        "Current Status": "RAG",
        "Notes": "ignore",
        "Outcome – (report for Q1, Q2, Q3, Q4)": "Performance Commentary",
        "Date completed": "Completed On",
    },
    "status_key": [
        {
            "label": "Complete",
            "colour": "blue",
            "completion": "Completed",
            "words": ["Blue", "Delivered"],
        },
        {
            "label": "On track",
            "colour": "green",
            "completion": "Not completed",
            "words": ["Green", "On Track"],
        },
        {"label": "At risk", "colour": "amber", "completion": "Not completed", "words": ["Amber"]},
        {
            "label": "Off track",
            "colour": "red",
            "completion": "Not completed",
            "exception": True,
            "words": ["Red", "Off Track"],
        },
    ],
    "dates": {"day_first": True},
}


def write_council_file(path: Path) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append([TITLE])
    sheet.append([])
    sheet.append(HEADER)
    for row in ROWS:
        sheet.append(row)
    workbook.save(path)
    return path


def read_rows(path: Path) -> list[list[str]]:
    if path.suffix == ".csv":
        return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))
    workbook = openpyxl.load_workbook(path, read_only=True)
    try:
        rows = [
            ["" if v is None else str(v) for v in row]
            for row in workbook.worksheets[0].iter_rows(values_only=True)
        ]
    finally:
        workbook.close()
    return [row + [""] * (len(HEADER) - len(row)) for row in rows]


def run(runner, *args: str):
    result = runner.invoke(args=["plans", *map(str, args)])
    assert result.exit_code == 0, result.output
    return result


def import_council_plan(runner, tmp_path: Path, slug: str = "childrens") -> Plan:
    mapping = tmp_path / "mapping.json"
    mapping.write_text(json.dumps(MAPPING), encoding="utf-8")
    source = write_council_file(tmp_path / "tracker.xlsx")
    run(runner, "import", source, "--plan", slug, "--mapping", mapping, "--as-at", AS_AT)
    return db.session.scalar(select(Plan).where(Plan.slug == slug))


def saved_mapping_file(plan: Plan, path: Path) -> Path:
    """Write the plan's saved mapping, with its status key, as a mapping file."""
    path.write_text(
        json.dumps({**plan.import_mapping, "status_key": plan.status_key}), encoding="utf-8"
    )
    return path


def plan_fields(slug: str) -> tuple:
    """Return the plan's title, key and every action field and update, without database ids."""
    db.session.expire_all()
    plan = db.session.scalar(select(Plan).where(Plan.slug == slug))
    actions = db.session.scalars(
        select(Action).where(Action.plan_id == plan.id).order_by(Action.position)
    ).all()
    fields = []
    for action in actions:
        updates = db.session.scalars(
            select(StatusUpdate).where(StatusUpdate.action_id == action.id)
        ).all()
        fields.append(
            (
                action.ref,
                action.objective.theme.number,
                action.objective.theme.title,
                action.objective.text,
                action.text,
                action.lead_text,
                tuple(link.person.name for link in action.leads),
                action.target_date_text,
                action.target_date,
                action.recurrence,
                action.target_date_problem,
                action.extras,
                tuple(
                    (
                        u.as_at,
                        u.completion,
                        u.status_label,
                        u.status_colour,
                        u.status_exception,
                        u.direction,
                        u.commentary,
                        u.completed_on,
                        u.completed_on_unknown,
                    )
                    for u in updates
                ),
            )
        )
    return plan.title, plan.status_key, fields


def test_the_council_file_is_read_as_its_mapping_says(app, runner, tmp_path):
    import_council_plan(runner, tmp_path)
    title, _, fields = plan_fields("childrens")
    assert title == TITLE
    by_ref = {field[0]: field for field in fields}
    assert set(by_ref) == {"1.1", "1.2", "1.3", "2.1"}
    assert by_ref["1.1"][1:4] == (1, "Help and protection", "A safe front door")
    assert by_ref["2.1"][1:3] == (2, "Leadership")
    assert by_ref["1.1"][11] == {"Resources": "Two social workers\nOne analyst"}
    # Complete when the plan came in, with no date: completed before, date not known.
    assert by_ref["1.1"][12][0][7:] == (None, True)
    assert by_ref["1.2"][12][0][7:] == (date(2017, 3, 2), False)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_export_then_import_with_the_saved_mapping_into_a_new_plan_reproduces_every_field(
    app, runner, tmp_path, suffix
):
    plan = import_council_plan(runner, tmp_path)
    first = tmp_path / f"first{suffix}"
    result = run(runner, "export", "childrens", "--as-at", AS_AT, "-o", first)
    assert "in the council layout" in result.output

    rows = read_rows(first)
    assert rows[0][0] == TITLE
    assert rows[2] == HEADER
    assert rows[3][0] == "1. Help and protection"
    assert rows[4][HEADER.index("Resources")] == "Two social workers\nOne analyst"
    assert rows[4][HEADER.index("Notes")] == ""
    assert rows[4][HEADER.index("Outcome – (report for Q1, Q2, Q3, Q4)")] == (
        "Audit done; =SUM(A1) reported"
    )
    assert rows[6][HEADER.index("Outcome – (report for Q1, Q2, Q3, Q4)")] == "'+ half trained"

    mapping = saved_mapping_file(plan, tmp_path / "saved.json")
    run(runner, "import", first, "--plan", "copy", "--mapping", mapping, "--as-at", AS_AT)
    assert plan_fields("copy") == plan_fields("childrens")

    second = tmp_path / f"second{suffix}"
    run(runner, "export", "copy", "--as-at", AS_AT, "-o", second)
    assert read_rows(second) == rows


def test_the_next_export_comes_back_in_with_no_mapping_given(app, runner, tmp_path):
    import_council_plan(runner, tmp_path)
    exported = tmp_path / "next-month.xlsx"
    run(runner, "export", "childrens", "--as-at", AS_AT, "-o", exported)
    before = plan_fields("childrens")
    result = run(runner, "import", exported, "--plan", "childrens", "--as-at", AS_AT)
    assert "mapping saved with the plan" in result.output
    assert plan_fields("childrens") == before


def test_the_standard_layout_is_given_when_asked_for(app, runner, tmp_path):
    import_council_plan(runner, tmp_path)
    output = tmp_path / "standard.csv"
    result = run(
        runner, "export", "childrens", "--as-at", AS_AT, "-o", output, "--layout", "standard"
    )
    assert "in the standard layout" in result.output
    rows = read_rows(output)
    assert rows[0][:4] == ["Ref", "Theme", "Objective", "Key Actions"]
    assert rows[1][:4] == [
        "1.1",
        "1. Help and protection",
        "A safe front door",
        "Audit MASH decisions",
    ]


def test_the_council_layout_says_what_it_has_no_column_for(app, runner, tmp_path):
    import_council_plan(runner, tmp_path)
    action = db.session.scalar(select(Action).where(Action.ref == "1.3"))
    action.baseline = "40% of assessors trained"
    db.session.commit()
    result = run(runner, "export", "childrens", "--as-at", AS_AT, "-o", tmp_path / "out.csv")
    assert "no column for these, so they are not in the file" in result.output
    assert "Baseline" in result.output


def test_a_plan_without_a_saved_mapping_cannot_be_exported_in_a_council_layout(
    app, runner, tmp_path
):
    plan = import_council_plan(runner, tmp_path)
    plan.import_mapping = None
    db.session.commit()
    result = runner.invoke(
        args=["plans", "export", "childrens", "-o", str(tmp_path / "o.csv"), "--layout", "council"]
    )
    assert result.exit_code == 1
    assert "has no saved column mapping" in result.output
    assert not (tmp_path / "o.csv").exists()
    run(runner, "export", "childrens", "--as-at", AS_AT, "-o", tmp_path / "o.csv")
    assert read_rows(tmp_path / "o.csv")[0][0] == "Ref"


@pytest.fixture
def panel_client(app, sign_in):
    client = app.test_client()
    user = make_user(Role.PANEL)
    db.session.commit()
    sign_in(client, user)
    return client


def test_the_plan_page_offers_the_export_in_the_councils_layout(
    app, runner, tmp_path, panel_client
):
    import_council_plan(runner, tmp_path)
    page = panel_client.get("/plans/childrens").get_data(as_text=True)
    assert 'action="/plans/childrens/export"' in page
    assert 'value="council"' in page and 'value="standard"' in page


@pytest.mark.parametrize(
    ("query", "suffix", "first_row"),
    [
        ("format=csv&layout=council", ".csv", TITLE),
        ("format=xlsx&layout=council", ".xlsx", TITLE),
        ("format=csv&layout=standard", ".csv", "Ref"),
        ("format=csv", ".csv", TITLE),
    ],
)
def test_a_reader_downloads_the_plan_from_the_plan_page(
    app, runner, tmp_path, panel_client, query, suffix, first_row
):
    import_council_plan(runner, tmp_path)
    response = panel_client.get(f"/plans/childrens/export?{query}")
    assert response.status_code == 200
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith('attachment; filename="childrens-')
    assert disposition.endswith(f'{suffix}"')
    path = tmp_path / f"download{suffix}"
    path.write_bytes(response.data)
    assert read_rows(path)[0][0] == first_row


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("format=pdf", "Choose the file type to export"),
        ("layout=sideways", "Choose the layout to export in"),
    ],
)
def test_an_export_asked_for_wrongly_is_refused_with_a_message(
    app, runner, tmp_path, panel_client, query, message
):
    import_council_plan(runner, tmp_path)
    response = panel_client.get(f"/plans/childrens/export?{query}")
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)


def test_a_plan_without_a_saved_mapping_offers_only_the_standard_layout(
    app, runner, tmp_path, panel_client
):
    plan = import_council_plan(runner, tmp_path)
    plan.import_mapping = None
    db.session.commit()
    page = panel_client.get("/plans/childrens").get_data(as_text=True)
    assert 'value="council"' not in page
    response = panel_client.get("/plans/childrens/export?format=csv&layout=council")
    assert response.status_code == 400
    assert "has no saved column mapping" in response.get_data(as_text=True)


SCRUTINY = [
    ["Scrutiny recommendation tracker"],
    [
        "Reference",
        "Recommendation",
        "Origin",
        "Date",
        "Exec Date",
        "Lead Officer/EM",
        "Action taken",
        "Status",
        "Area",
    ],
    [
        "R1",
        "Review the front door",
        "Children's scrutiny",
        "12/01/2017",
        "01/03/2017",
        "Head of Performance & Quality Assurance",
        "Reviewed",
        "Complete",
        "North",
    ],
    ["R2", "Publish thresholds", "", "", "", "Lyn Burns", "Drafted", "Amber", ""],
]


def test_a_scrutiny_tracker_read_by_the_guess_comes_back_through_its_own_layout(
    app, runner, tmp_path
):
    source = tmp_path / "scrutiny.csv"
    with source.open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream).writerows(SCRUTINY)
    run(runner, "import", source, "--plan", "scrutiny", "--as-at", AS_AT)
    plan = db.session.scalar(select(Plan).where(Plan.slug == "scrutiny"))
    exported = tmp_path / "export.csv"
    run(runner, "export", "scrutiny", "--as-at", AS_AT, "-o", exported)

    rows = read_rows(exported)
    assert rows[0][0] == "Scrutiny recommendation tracker"
    assert rows[1] == SCRUTINY[1]
    assert rows[2][:5] == SCRUTINY[2][:5]
    assert rows[2][SCRUTINY[1].index("Area")] == "North"

    mapping = saved_mapping_file(plan, tmp_path / "saved.json")
    run(runner, "import", exported, "--plan", "copy", "--mapping", mapping, "--as-at", AS_AT)
    _, _, copied = plan_fields("copy")
    assert copied == plan_fields("scrutiny")[2]
    assert copied[0][11] == {
        "Origin": "Children's scrutiny",
        "Date": "12/01/2017",
        "Exec Date": "01/03/2017",
        "Area": "North",
    }

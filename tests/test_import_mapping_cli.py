"""Importing real plan layouts with a mapping file, a saved mapping or the guess; reading back."""

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.table_files import write_csv, write_xlsx
from tracker.extensions import db
from tracker.models import Action, Plan, StatusUpdate

CHILDRENS_HEADER = [
    "NOS",
    "What?",
    "Who?",
    "How?",
    "When?",
    "Success measures",
    "Current Status",
    "Outcome – (report for Q1, Q2, Q3, Q4)",
    "Resources",
    "Notes",
]
BRAG_KEY = [
    {
        "label": "Complete",
        "colour": "blue",
        "completion": "Completed",
        "words": ["Blue", "COMPLETED", "Delivered"],
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
]
CHILDRENS_MAPPING = {
    "header_row": 2,
    "columns": {
        "How?": "Key Actions",
        "Who?": "Lead",
        "When?": "Target Date",
        "What?": "Objective",
        "Current Status": "RAG",
        "Outcome – (report for Q1, Q2, Q3, Q4)": "Performance Commentary",
        "Success measures": "Targets",
        "NOS": "Ref",
        "Resources": "extra",
        "Notes": "ignore",
    },
    "status_key": BRAG_KEY,
    "dates": {"day_first": True},
}


def childrens_rows(first_status: str, second_status: str) -> list[list[str]]:
    return [
        ["Children's Services Improvement Action Tracker"],
        CHILDRENS_HEADER,
        ["1", "CHILDREN IN NEED"],
        [
            "1.1",
            "Improve the quality of assessments",
            "Head of Service MASH/ SA",
            "Audit 20 assessments every month",
            "Jan-19",
            "80% good or better",
            first_status,
            "Q1: 60 audits",
            "2 auditors",
            "check with HR",
        ],
        [
            "1.2",
            "",
            "Sam Jones",
            "Run practice workshops",
            "June 2018",
            "",
            second_status,
            "",
            "",
            "",
        ],
    ]


NHS_ROWS = [
    ["Quality and safety improvement plan"],
    ["Number", "Description", "Baseline finish date", "Evidence key milestone has been achieved"],
    ["1", "Recruit ward nurses", "31/03/2017", "Vacancy rate below 5%"],
    ["2", "Open the discharge lounge", "30/06/2017", "Lounge open"],
]
SCRUTINY_HEADER = [
    "Reference",
    "Recommendation",
    "Origin",
    "Date",
    "Exec Date",
    "Lead Officer/EM",
    "Action taken",
    "Status",
    "Area",
]
SCRUTINY_ROWS = [
    ["Scrutiny recommendations tracker"],
    SCRUTINY_HEADER,
    [
        "SC1",
        "Publish thresholds",
        "Scrutiny",
        "12/01/2017",
        "03/02/2017",
        "Jo Smith",
        "Done",
        "Delivered",
        "North",
    ],
    [
        "SC2",
        "Review contracts",
        "Audit",
        "12/01/2017",
        "",
        "Sam Jones",
        "Started",
        "Behind Schedule",
        "",
    ],
    ["SC3", "Train panel members", "Scrutiny", "", "", "Kim Lee", "", "Pending", "South"],
]
SCRUTINY_KEY = [
    {"label": "Delivered", "colour": "blue", "completion": "Completed", "words": ["BRAG Blue"]},
    {"label": "On target", "colour": "green", "completion": "Not completed", "words": ["Achieved"]},
    {"label": "Under control", "colour": "amber", "completion": "Not completed"},
    {
        "label": "Behind Schedule",
        "colour": "red",
        "completion": "Not completed",
        "exception": True,
    },
    {"label": "Pending", "colour": "grey", "completion": "Not completed"},
]


def write_json(path: Path, data) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def run_import(runner, path: Path, as_at: str, *options: str):
    return runner.invoke(
        args=["plans", "import", str(path), "--plan", "demo", "--as-at", as_at, *options]
    )


def actions_by_ref() -> dict[str, Action]:
    db.session.expire_all()
    return {action.ref: action for action in db.session.scalars(select(Action))}


def show(runner, *options: str) -> dict:
    result = runner.invoke(args=["plans", "show", "demo", "--format", "json", *options])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_childrens_tracker_imports_with_a_mapping_file_and_its_status_key(runner, tmp_path):
    path = write_xlsx(tmp_path / "tracker.xlsx", childrens_rows("On Track", "Delivered"))
    mapping = write_json(tmp_path / "mapping.json", CHILDRENS_MAPPING)
    result = run_import(runner, path, "2017-06-30", "--mapping", str(mapping))
    assert result.exit_code == 0, result.output
    assert "Columns read by the mapping given." in result.output
    assert "Extra columns kept with each action: Resources" in result.output
    assert "Columns ignored, as the mapping says: Notes" in result.output
    assert "not recognised" not in result.output
    actions = actions_by_ref()
    assert (actions["1.1"].current_status_label, actions["1.2"].current_status_label) == (
        "On track",
        "Complete",
    )
    assert actions["1.1"].extras == {"Resources": "2 auditors"}
    assert actions["1.2"].extras == {}
    plan = db.session.scalar(select(Plan))
    assert [entry["label"] for entry in plan.status_key] == [
        "Complete",
        "On track",
        "At risk",
        "Off track",
    ]
    assert plan.import_mapping == {
        "header_row": 2,
        "title_row": 1,
        "title": "Children's Services Improvement Action Tracker",
        "columns": CHILDRENS_MAPPING["columns"],
        "dates": {"day_first": True},
    }


def test_saved_mapping_and_key_read_next_months_file_with_no_questions(runner, tmp_path):
    first = write_xlsx(tmp_path / "june.xlsx", childrens_rows("On Track", "Amber"))
    mapping = write_json(tmp_path / "mapping.json", CHILDRENS_MAPPING)
    assert run_import(runner, first, "2017-06-30", "--mapping", str(mapping)).exit_code == 0
    rows = childrens_rows("Off Track", "Delivered")
    rows.insert(1, ["Updated: 31 July 2017"])
    rows[4][8] = "3 auditors"
    second = write_xlsx(tmp_path / "july.xlsx", rows)
    result = run_import(runner, second, "2017-07-31")
    assert result.exit_code == 0, result.output
    assert "Columns read by the mapping saved with the plan." in result.output
    assert "changed: 1.1: extra columns" in result.output
    actions = actions_by_ref()
    assert (actions["1.1"].current_status_label, actions["1.1"].current_status_exception) == (
        "Off track",
        True,
    )
    assert actions["1.2"].current_status_label == "Complete"
    assert actions["1.1"].extras == {"Resources": "3 auditors"}
    assert db.session.scalar(select(Plan.import_mapping))["header_row"] == 3


def test_file_whose_headers_differ_from_the_saved_mapping_is_guessed_again(runner, tmp_path):
    first = write_xlsx(tmp_path / "june.xlsx", childrens_rows("On Track", "Amber"))
    mapping = write_json(tmp_path / "mapping.json", CHILDRENS_MAPPING)
    assert run_import(runner, first, "2017-06-30", "--mapping", str(mapping)).exit_code == 0
    rows = childrens_rows("Green", "Amber")
    rows[1] = [*CHILDRENS_HEADER[:-1], "Area"]
    rows[3][-1] = "North"
    second = write_xlsx(tmp_path / "july.xlsx", rows)
    result = run_import(runner, second, "2017-07-31")
    assert result.exit_code == 0, result.output
    assert "The file's headers differ from the mapping saved with the plan" in result.output
    assert "Columns read by the automatic guess." in result.output
    assert "Columns not recognised, kept as extra columns: I 'Resources', J 'Area'" in (
        result.output
    )
    assert actions_by_ref()["1.1"].extras == {"Resources": "2 auditors", "Area": "North"}
    saved = db.session.scalar(select(Plan.import_mapping))
    assert saved["columns"]["Area"] == "extra"
    assert "Notes" not in saved["columns"]


def test_nhs_plan_mapping_is_written_edited_and_used(runner, tmp_path):
    path = write_csv(tmp_path / "nhs.csv", NHS_ROWS)
    written = tmp_path / "nhs-mapping.json"
    result = run_import(runner, path, "2017-06-30", "--write-mapping", str(written))
    assert result.exit_code == 0, result.output
    assert "Nothing was imported" in result.output
    assert db.session.scalar(select(func.count()).select_from(Plan)) == 0
    mapping = json.loads(written.read_text(encoding="utf-8"))
    assert mapping["columns"] == {
        "Number": "Ref",
        "Description": "Key Actions",
        "Baseline finish date": "Target Date",
        "Evidence key milestone has been achieved": "Targets",
    }
    assert [entry["label"] for entry in mapping["status_key"]] == [
        "Red",
        "Amber",
        "Green",
        "Complete",
    ]
    mapping["columns"]["Evidence key milestone has been achieved"] = "extra"
    write_json(written, mapping)
    result = run_import(runner, path, "2017-06-30", "--mapping", str(written))
    assert result.exit_code == 0, result.output
    actions = actions_by_ref()
    assert actions["1"].extras == {
        "Evidence key milestone has been achieved": "Vacancy rate below 5%"
    }
    assert actions["1"].targets == ""
    assert str(actions["2"].target_date) == "2017-06-30"


def test_write_mapping_gives_the_saved_mapping_with_the_plans_key(runner, tmp_path):
    path = write_xlsx(tmp_path / "tracker.xlsx", childrens_rows("On Track", "Amber"))
    mapping = write_json(tmp_path / "mapping.json", CHILDRENS_MAPPING)
    assert run_import(runner, path, "2017-06-30", "--mapping", str(mapping)).exit_code == 0
    written = tmp_path / "again.json"
    result = run_import(runner, path, "2017-06-30", "--write-mapping", str(written))
    assert result.exit_code == 0, result.output
    assert "(the mapping saved with the plan)" in result.output
    again = json.loads(written.read_text(encoding="utf-8"))
    assert again["columns"] == CHILDRENS_MAPPING["columns"]
    assert [entry["label"] for entry in again["status_key"]] == [e["label"] for e in BRAG_KEY]


def test_scrutiny_tracker_without_a_mapping_keeps_unread_statuses_as_extras(runner, tmp_path):
    path = write_csv(tmp_path / "scrutiny.csv", SCRUTINY_ROWS)
    result = run_import(runner, path, "2017-06-30")
    assert result.exit_code == 0, result.output
    assert "H 'Status' (not read as RAG" in result.output
    actions = actions_by_ref()
    assert actions["SC1"].extras == {
        "Origin": "Scrutiny",
        "Date": "12/01/2017",
        "Exec Date": "03/02/2017",
        "Status": "Delivered",
        "Area": "North",
    }
    assert actions["SC1"].target_date is None


def test_written_mapping_places_the_status_column_and_names_the_words_to_assign(runner, tmp_path):
    path = write_csv(tmp_path / "scrutiny.csv", SCRUTINY_ROWS)
    written = tmp_path / "mapping.json"

    result = run_import(runner, path, "2017-06-30", "--write-mapping", str(written))

    assert result.exit_code == 0, result.output
    assert json.loads(written.read_text(encoding="utf-8"))["columns"]["Status"] == "RAG"
    assert "not in the status key yet" in result.output
    assert "'Delivered'" in result.output
    assert db.session.scalar(select(func.count()).select_from(Plan)) == 0


def test_scrutiny_tracker_with_its_key_reads_statuses_and_shows_them_as_json(runner, tmp_path):
    path = write_csv(tmp_path / "scrutiny.csv", SCRUTINY_ROWS)
    mapping = write_json(
        tmp_path / "scrutiny.json",
        {"columns": {"Recommendation": "Key Actions", "Status": "RAG"}, "status_key": SCRUTINY_KEY},
    )
    result = run_import(runner, path, "2017-06-30", "--mapping", str(mapping))
    assert result.exit_code == 0, result.output
    shown = show(runner, "--as-at", "2017-06-30")
    assert shown["status_key"][0] == {
        "label": "Delivered",
        "colour": "blue",
        "completion": "Completed",
        "exception": False,
        "words": ["BRAG Blue"],
    }
    first, second, third = shown["actions"]
    assert first == {
        "ref": "SC1",
        "theme": "1. General",
        "objective": "",
        "action": "Publish thresholds",
        "leads": ["Jo Smith"],
        "target_date_text": "",
        "target_date": None,
        "target_date_flag": None,
        "recurrence": None,
        "status": "Delivered",
        "status_colour": "blue",
        "completion": "Completed",
        "completed_on": None,
        "extras": {
            "Origin": "Scrutiny",
            "Date": "12/01/2017",
            "Exec Date": "03/02/2017",
            "Area": "North",
        },
    }
    assert [(a["status"], a["status_colour"], a["completion"]) for a in (second, third)] == [
        ("Behind Schedule", "red", "Not completed"),
        ("Pending", "grey", "Not completed"),
    ]


def test_show_as_at_gives_the_latest_update_on_or_before_that_date(runner, tmp_path):
    mapping = write_json(tmp_path / "mapping.json", CHILDRENS_MAPPING)
    june = write_xlsx(tmp_path / "june.xlsx", childrens_rows("On Track", "Amber"))
    july = write_xlsx(tmp_path / "july.xlsx", childrens_rows("Off Track", "Delivered"))
    assert run_import(runner, june, "2017-06-30", "--mapping", str(mapping)).exit_code == 0
    assert run_import(runner, july, "2017-07-31").exit_code == 0
    assert db.session.scalar(select(func.count()).select_from(StatusUpdate)) == 4

    def statuses(as_at: str) -> list[tuple]:
        shown = show(runner, "--as-at", as_at)
        return [(a["ref"], a["status"], a["completion"]) for a in shown["actions"]]

    assert statuses("2017-07-15") == [
        ("1.1", "On track", "Not completed"),
        ("1.2", "At risk", "Not completed"),
    ]
    assert statuses("2017-07-31") == [
        ("1.1", "Off track", "Not completed"),
        ("1.2", "Complete", "Completed"),
    ]
    assert statuses("2017-05-31") == []
    first = show(runner, "--as-at", "2017-07-31")["actions"][0]
    assert (first["theme"], first["objective"], first["target_date_text"]) == (
        "1. CHILDREN IN NEED",
        "Improve the quality of assessments",
        "Jan-19",
    )


def test_show_of_an_unknown_plan_says_so(runner):
    result = runner.invoke(args=["plans", "show", "nope", "--format", "json"])
    assert result.exit_code == 1
    assert "There is no plan 'nope'" in result.output


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda m: m["columns"].update({"How?": "Key Action Plan"}),
            "column 'How?': 'Key Action Plan' is not a field",
        ),
        (
            lambda m: m["columns"].update({"What?": "Key Actions"}),
            "field 'Key Actions' is given to two columns, 'How?' and 'What?'",
        ),
        (
            lambda m: m["columns"].update({"Budget": "extra"}),
            "row 2: the mapping names column 'Budget', which the header row does not have",
        ),
        (
            lambda m: m.update({"header_row": 3}),
            "row 3: the mapping names column 'NOS', which the header row does not have",
        ),
        (
            lambda m: m["status_key"][0].update({"colour": "purple"}),
            "status_key: status key entry 'Complete': 'purple' is not a colour",
        ),
        (lambda m: m.update({"dates": {"day_first": "yes"}}), "dates.day_first must be true"),
    ],
)
def test_bad_mapping_file_is_refused_naming_the_problem_and_writes_nothing(
    runner, tmp_path, change, message
):
    path = write_xlsx(tmp_path / "tracker.xlsx", childrens_rows("On Track", "Amber"))
    data = json.loads(json.dumps(CHILDRENS_MAPPING))
    change(data)
    mapping = write_json(tmp_path / "mapping.json", data)
    result = run_import(runner, path, "2017-06-30", "--mapping", str(mapping))
    assert result.exit_code == 1, result.output
    assert message in result.output
    assert "Nothing was written." in result.output
    assert db.session.scalar(select(func.count()).select_from(Plan)) == 0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"columns": {"How?": "Key Actions",}}', "the mapping file is not JSON"),
        (
            '{"columns": {"How?": "Key Actions", "How?": "Lead"}}',
            "'How?' is written twice in the same object",
        ),
        ('["How?"]', 'a mapping must be a JSON object with "columns"'),
    ],
)
def test_mapping_file_that_is_not_a_mapping_is_refused(runner, tmp_path, text, message):
    path = write_xlsx(tmp_path / "tracker.xlsx", childrens_rows("On Track", "Amber"))
    mapping = tmp_path / "mapping.json"
    mapping.write_text(text, encoding="utf-8")
    result = run_import(runner, path, "2017-06-30", "--mapping", str(mapping))
    assert result.exit_code == 1
    assert message in result.output
    assert db.session.scalar(select(func.count()).select_from(Plan)) == 0


def test_file_with_no_known_header_row_is_mapped_from_the_written_mapping(runner, tmp_path):
    rows = [["Item", "Person", "Due"], ["Recruit social workers", "Jo Smith", "March 2018"]]
    path = write_csv(tmp_path / "list.csv", rows)
    refused = run_import(runner, path, "2017-06-30")
    assert refused.exit_code == 1
    assert "--mapping" in refused.output
    written = tmp_path / "list.json"
    result = run_import(runner, path, "2017-06-30", "--write-mapping", str(written))
    assert result.exit_code == 0, result.output
    mapping = json.loads(written.read_text(encoding="utf-8"))
    assert mapping["columns"] == {"Item": "extra", "Person": "extra", "Due": "extra"}
    mapping["columns"] = {"Item": "Key Actions", "Person": "Lead", "Due": "Target Date"}
    write_json(written, mapping)
    result = run_import(runner, path, "2017-06-30", "--mapping", str(written))
    assert result.exit_code == 0, result.output
    (action,) = actions_by_ref().values()
    assert (action.text, action.lead_text, str(action.target_date)) == (
        "Recruit social workers",
        "Jo Smith",
        "2018-03-31",
    )

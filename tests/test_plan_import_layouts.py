"""Importing plans published in other councils' and trusts' layouts, with no column mapping."""

from datetime import date
from pathlib import Path

from sqlalchemy import select

from tests.table_files import write_csv, write_xlsx
from tracker.domain.enums import Rag
from tracker.extensions import db
from tracker.models import Action, ActionLead, Objective, Person, Plan, Theme


def run_import(runner, path: Path, as_at: str):
    return runner.invoke(args=["plans", "import", str(path), "--plan", "demo", "--as-at", as_at])


def actions_by_ref() -> dict[str, Action]:
    return {action.ref: action for action in db.session.scalars(select(Action))}


def leads_of(action: Action) -> list[str]:
    return list(
        db.session.scalars(
            select(Person.name)
            .join(ActionLead, ActionLead.person_id == Person.id)
            .where(ActionLead.action_id == action.id)
            .order_by(ActionLead.position)
        )
    )


def structure() -> list[tuple[int, str, str, str]]:
    return [
        tuple(row)
        for row in db.session.execute(
            select(Theme.number, Theme.title, Objective.text, Action.text)
            .join(Objective, Objective.theme_id == Theme.id)
            .join(Action, Action.objective_id == Objective.id)
            .order_by(Action.position)
        )
    ]


CHILDRENS_TRACKER = [
    ["ANNEX A"],
    ["Children's Services Improvement Action Tracker"],
    ["Updated: 30 June 2017"],
    [
        "NOS",
        "What?",
        "Who?",
        "How?",
        "When?",
        "Success measures",
        "Current Status",
        "Outcome – (report for Q1, Q2, Q3, Q4)",
    ],
    ["1", "CHILDREN IN NEED AND CHILD PROTECTION"],
    [
        "1.1",
        "Improve the quality of assessments",
        "Jo Smith",
        "Audit 20 assessments every month",
        "March 2018",
        "80% of audited assessments good or better",
        "Green",
        "Q1: 60 audits completed, 72% good",
    ],
    [
        "1.2",
        "",
        "Sam Jones",
        "Run practice workshops for every team",
        "June 2018",
        "All teams attended",
        "Amber",
        "",
    ],
    ["2", "EARLY HELP"],
    [
        "2.1",
        "Children get help early",
        "Kim Lee",
        "Open the early help hub",
        "September 2017",
        "Hub open",
        "Red",
        "Building works delayed",
    ],
]


def test_childrens_improvement_action_tracker_imports_as_published(runner, tmp_path):
    path = write_xlsx(tmp_path / "tracker.xlsx", CHILDRENS_TRACKER)
    result = run_import(runner, path, "2017-06-30")
    assert result.exit_code == 0, result.output
    assert "not recognised" not in result.output
    assert db.session.scalar(select(Plan.title)) == (
        "Children's Services Improvement Action Tracker"
    )
    assert structure() == [
        (
            1,
            "CHILDREN IN NEED AND CHILD PROTECTION",
            "Improve the quality of assessments",
            "Audit 20 assessments every month",
        ),
        (
            1,
            "CHILDREN IN NEED AND CHILD PROTECTION",
            "Improve the quality of assessments",
            "Run practice workshops for every team",
        ),
        (2, "EARLY HELP", "Children get help early", "Open the early help hub"),
    ]
    actions = actions_by_ref()
    assert [leads_of(actions[ref]) for ref in ("1.1", "1.2", "2.1")] == [
        ["Jo Smith"],
        ["Sam Jones"],
        ["Kim Lee"],
    ]
    assert [actions[ref].target_date for ref in ("1.1", "1.2", "2.1")] == [
        date(2018, 3, 31),
        date(2018, 6, 30),
        date(2017, 9, 30),
    ]
    assert [actions[ref].current_rag for ref in ("1.1", "1.2", "2.1")] == [
        Rag.GREEN,
        Rag.AMBER,
        Rag.RED,
    ]
    assert actions["1.1"].targets == "80% of audited assessments good or better"
    assert actions["2.1"].current_commentary == "Building works delayed"


NHS_IMPROVEMENT_PLAN = [
    ["Appendix 1"],
    ["Quality and Safety Improvement Plan 2018/19"],
    ["Page 1 of 4"],
    [
        "Number",
        "Description",
        "Baseline finish date",
        "Evidence key milestone has been achieved",
    ],
    ["Theme 1: Safe care"],
    ["Sepsis"],
    [
        "1.1",
        "Introduce sepsis screening in the emergency department",
        "March 2019",
        "Audit shows 90% of patients screened",
    ],
    ["1.2", "Train ward staff in sepsis recognition", "December 2018", "Training records"],
    ["Falls"],
    ["1.3", "Assess every inpatient's risk of falling", "January 2019", "Monthly audit"],
    ["Theme 2: Well-led"],
    ["Governance"],
    ["2.1", "Review the board assurance framework", "October 2018", "Board minutes"],
]


def test_nhs_quality_improvement_plan_keeps_every_heading_row(runner, tmp_path):
    path = write_csv(tmp_path / "qsip.csv", NHS_IMPROVEMENT_PLAN)
    result = run_import(runner, path, "2018-09-30")
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(Plan.title)) == "Quality and Safety Improvement Plan 2018/19"
    assert structure() == [
        (1, "Safe care", "Sepsis", "Introduce sepsis screening in the emergency department"),
        (1, "Safe care", "Sepsis", "Train ward staff in sepsis recognition"),
        (1, "Safe care", "Falls", "Assess every inpatient's risk of falling"),
        (2, "Well-led", "Governance", "Review the board assurance framework"),
    ]
    actions = actions_by_ref()
    assert actions["1.1"].target_date == date(2019, 3, 31)
    assert actions["1.1"].targets == "Audit shows 90% of patients screened"


SCRUTINY_TRACKER = [
    ["Scrutiny recommendations tracker", "", "", "", "", "", "", "", "ANNEX B"],
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
        "SC1",
        "Publish the threshold document on the council website",
        "Children's scrutiny review",
        "12 March 2018",
        "3 April 2018",
        "Jo Smith",
        "Published in May",
        "Complete",
        "Children's services",
    ],
    [
        "SC2",
        "Report caseloads to the committee every quarter",
        "Children's scrutiny review",
        "12 March 2018",
        "3 April 2018",
        "Sam Jones",
        "First report due in July",
        "Amber",
        "Children's services",
    ],
]


def test_scrutiny_recommendation_tracker_imports_keeping_meeting_dates_as_extras(runner, tmp_path):
    path = write_csv(tmp_path / "scrutiny.csv", SCRUTINY_TRACKER)
    result = run_import(runner, path, "2018-06-30")
    assert result.exit_code == 0, result.output
    assert (
        "Columns not recognised, kept as extra columns: C 'Origin', D 'Date', E 'Exec Date',"
        " I 'Area'" in result.output
    )
    assert db.session.scalar(select(Plan.title)) == "Scrutiny recommendations tracker"
    actions = actions_by_ref()
    assert actions["SC1"].text == "Publish the threshold document on the council website"
    assert (actions["SC1"].current_rag, actions["SC2"].current_rag) == (Rag.COMPLETE, Rag.AMBER)
    assert leads_of(actions["SC2"]) == ["Sam Jones"]
    assert actions["SC2"].current_commentary == "First report due in July"
    assert (actions["SC1"].target_date, actions["SC1"].target_date_text) == (None, "")


def test_file_with_no_header_row_says_what_it_read_and_how_to_map_it(runner, tmp_path):
    rows = [
        ["Improvement plan"],
        ["Item", "Remarks", "Tagret Date"],
        ["1", "Do it", "March 2018"],
    ]
    result = run_import(runner, write_csv(tmp_path / "plan.csv", rows), "2017-06-30")
    assert result.exit_code == 1
    assert "no header row found in rows 1–3" in result.output
    assert "row 2: the most likely header row reads 'Item', 'Remarks', 'Tagret Date'" in (
        result.output
    )
    assert "the nearest known header is 'Target Date' (Target Date)" in result.output
    assert "--mapping" in result.output
    assert "rename the column that holds the actions to one of:" in result.output
    assert db.session.scalar(select(Plan)) is None

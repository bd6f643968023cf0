"""Reading key-action rows from a table in the council layout."""

from datetime import date

import pytest

from tracker.domain.enums import Completion, Rag
from tracker.domain.merged_cells import MergedRange
from tracker.domain.plan_rows import parse_plan_rows
from tracker.domain.status_key import DEFAULT_STATUS_KEY, StatusColour, StatusKey, StatusKeyEntry

AS_AT = date(2009, 11, 2)
HEADER = [
    "Objective",
    "Key Actions",
    "Priority",
    "Target Date",
    "Lead",
    "RAG",
    "Update",
    "Comp Y/N",
]


def parse(*rows, header=HEADER):
    return parse_plan_rows([header, *rows], as_at=AS_AT)


def test_measures_sub_header_row_names_baseline_and_targets_columns():
    rows = [
        ["Children's Improvement Plan - 2009/10: Immediate High Priority Actions"],
        [
            "Objective",
            "Key Actions",
            "Priority",
            "Target Date",
            "Measures",
            "",
            "Lead",
            "Update",
            "Comp Y/N",
        ],
        ["", "", "", "", "Baseline", "Targets"],
        ["Obj", "Do it", "1", "December 2009", "77.8%", "80%", "Lyn Burns", "Started", "Y"],
    ]
    parsed = parse_plan_rows(rows, as_at=AS_AT)
    assert parsed.problems == []
    assert parsed.unknown_columns == []
    assert (parsed.rows[0].baseline, parsed.rows[0].targets) == ("77.8%", "80%")
    assert parsed.title_hint.startswith("Children's Improvement Plan")


def test_single_cell_row_is_a_section_heading_and_starts_a_new_theme():
    parsed = parse(
        ["1. Key Outcomes"],
        ["Improve indicators", "NI 59", "1", "March 2010", "Lyn Burns", "", "", ""],
        ["2. Social Work Process and Practice"],
        ["Review referrals", "Re-engineer", "2", "December 2009", "John Dunn, RBT", "", "", ""],
    )
    assert [(r.theme_number, r.theme_title, r.objective) for r in parsed.rows] == [
        (1, "Key Outcomes", "Improve indicators"),
        (2, "Social Work Process and Practice", "Review referrals"),
    ]


def test_blank_objective_continues_the_one_above_within_a_theme():
    parsed = parse(
        ["Objective A", "First", "1", "", "", "", "", ""],
        ["", "Second", "1", "", "", "", "", ""],
    )
    assert [r.objective for r in parsed.rows] == ["Objective A", "Objective A"]


def test_header_repeated_on_every_page_is_skipped():
    parsed = parse(
        ["Objective A", "First", "1", "", "", "", "", ""],
        HEADER,
        ["", "Second", "1", "", "", "", "", ""],
    )
    assert [r.action for r in parsed.rows] == ["First", "Second"]
    assert parsed.problems == []


@pytest.mark.parametrize(
    ("rag", "completion_cell", "expected"),
    [
        ("Complete", "", Completion.NOT_KNOWN),
        ("Green", "Y", Completion.COMPLETED),
        ("Red", "P", Completion.PARTIALLY_COMPLETED),
        ("Amber", "N", Completion.NOT_COMPLETED),
    ],
)
def test_completion_column_gives_the_status(rag, completion_cell, expected):
    parsed = parse(["O", "A", "1", "", "", rag, "", completion_cell])
    assert parsed.rows[0].completion is expected


@pytest.mark.parametrize(
    ("rag", "expected"), [("Complete", Completion.COMPLETED), ("↑ Green", Completion.NOT_KNOWN)]
)
def test_without_completion_column_complete_rag_means_completed(rag, expected):
    parsed = parse(["O", "A", "", rag], header=["Objective", "Key Actions", "Target Date", "RAG"])
    assert parsed.rows[0].completion is expected
    assert parsed.rows[0].rag in (Rag.COMPLETE, Rag.GREEN)


def test_every_bad_row_is_reported_not_just_the_first():
    parsed = parse(
        ["O", "A", "x", "", "", "", "", ""],
        ["O", "B", "1", "", "", "Purple", "", ""],
        ["O", "", "1", "", "Lyn Burns", "", "", ""],
    )
    assert [(p.row, p.column) for p in parsed.problems] == [
        (2, "C (Priority)"),
        (3, "F (RAG)"),
        (4, "B (Key Actions)"),
    ]
    assert str(parsed.problems[0]).startswith("row 2, column C (Priority): ")


def test_same_action_twice_without_refs_under_one_objective_is_a_problem():
    parsed = parse(["O", "A", "1", "", "", "", "", ""], ["O", "a ", "1", "", "", "", "", ""])
    assert "repeats row 2" in str(parsed.problems[0])


def test_completed_on_after_the_as_at_date_is_a_problem():
    parsed = parse(["O", "A", "2099-01-01"], header=["Objective", "Key Actions", "Completed On"])
    assert "after the as-at date" in str(parsed.problems[0])


def test_header_only_table_is_a_problem():
    assert "no key actions" in str(parse().problems[0])


def headings_of(parsed):
    return [(r.theme_number, r.theme_title, r.objective, r.action) for r in parsed.rows]


def test_two_consecutive_heading_rows_make_a_theme_then_its_objective():
    parsed = parse(
        ["1. Staying Safe"],
        ["Referrals and assessment"],
        ["", "Review thresholds", "1", "", "", "", "", ""],
        ["2. Early Help"],
        ["", "Launch the hub", "1", "", "", "", "", ""],
    )
    assert parsed.problems == []
    assert headings_of(parsed) == [
        (1, "Staying Safe", "Referrals and assessment", "Review thresholds"),
        (2, "Early Help", "", "Launch the hub"),
    ]


def test_three_consecutive_heading_rows_keep_every_sub_heading_in_the_objective():
    parsed = parse(
        ["SAFE CARE"],
        [],
        ["Sepsis"],
        ["Screening in the emergency department"],
        ["", "Audit screening", "1", "", "", "", "", ""],
    )
    assert headings_of(parsed) == [
        (None, "SAFE CARE", "Sepsis – Screening in the emergency department", "Audit screening")
    ]


def test_objective_column_under_two_heading_rows_keeps_the_sub_heading_before_it():
    parsed = parse(
        ["1. Staying Safe"],
        ["Referrals"],
        ["Own objective", "Review thresholds", "1", "", "", "", "", ""],
        ["", "Audit referrals", "1", "", "", "", "", ""],
        ["Referrals", "Train the front door", "1", "", "", "", "", ""],
    )
    assert headings_of(parsed) == [
        (1, "Staying Safe", "Referrals – Own objective", "Review thresholds"),
        (1, "Staying Safe", "Referrals – Own objective", "Audit referrals"),
        (1, "Staying Safe", "Referrals", "Train the front door"),
    ]


def test_objective_column_under_one_heading_row_is_the_objective_alone():
    parsed = parse(
        ["1. Staying Safe"],
        ["Own objective", "Review thresholds", "1", "", "", "", "", ""],
    )
    assert headings_of(parsed) == [(1, "Staying Safe", "Own objective", "Review thresholds")]


def test_heading_rows_with_their_own_theme_numbers_are_each_a_theme():
    parsed = parse(
        ["1. Leadership"],
        ["2. Practice"],
        ["", "Audit cases", "1", "", "", "", "", ""],
    )
    assert headings_of(parsed) == [(2, "Practice", "", "Audit cases")]


def test_sub_heading_numbered_under_its_theme_after_actions_is_an_objective():
    parsed = parse(
        ["1. Staying Safe"],
        ["1.1 Referrals"],
        ["", "Review thresholds", "1", "", "", "", "", ""],
        ["1.2 Assessments"],
        ["", "Audit assessments", "1", "", "", "", "", ""],
    )
    assert headings_of(parsed) == [
        (1, "Staying Safe", "1.1 Referrals", "Review thresholds"),
        (1, "Staying Safe", "1.2 Assessments", "Audit assessments"),
    ]


CHILDRENS_HEADER = [
    "NOS",
    "What?",
    "Who?",
    "How?",
    "When?",
    "Success measures",
    "Current Status",
    "Outcome – (report for Q1, Q2, Q3, Q4)",
]


def test_heading_with_its_number_in_its_own_cell_is_a_heading():
    parsed = parse(
        ["1", "CHILDREN IN NEED AND CHILD PROTECTION"],
        ["1.1", "Improve assessments", "Jo Smith", "Audit 20 a month", "March 2018"],
        ["2.", "Early help", "", "", ""],
        ["2.1", "", "Sam Jones", "Open the hub", "June 2018"],
        header=CHILDRENS_HEADER,
    )
    assert parsed.problems == []
    assert headings_of(parsed) == [
        (1, "CHILDREN IN NEED AND CHILD PROTECTION", "Improve assessments", "Audit 20 a month"),
        (2, "Early help", "", "Open the hub"),
    ]
    assert [r.ref for r in parsed.rows] == ["1.1", "2.1"]


@pytest.mark.parametrize(
    ("second_heading", "objective"),
    [
        pytest.param(["1.1", "Early help"], "1.1 Early help", id="numbered in its own cell"),
        pytest.param(["", "Early help"], "Early help", id="in the objective column"),
        pytest.param(["Early help"], "Early help", id="in the ref column"),
    ],
)
def test_second_heading_row_above_rows_with_their_own_objective_is_not_lost(
    second_heading, objective
):
    parsed = parse(
        ["1", "CHILDREN IN NEED"],
        second_heading,
        ["1.1.1", "Improve assessments", "Jo Smith", "Audit 20 a month", "March 2018"],
        ["1.1.2", "", "Jo Smith", "Run workshops", "June 2018"],
        ["2", "LOOKED AFTER CHILDREN"],
        ["2.1", "Stable placements", "Sam Jones", "Recruit carers", "June 2018"],
        header=CHILDRENS_HEADER,
    )
    assert parsed.problems == []
    assert headings_of(parsed) == [
        (1, "CHILDREN IN NEED", f"{objective} – Improve assessments", "Audit 20 a month"),
        (1, "CHILDREN IN NEED", f"{objective} – Improve assessments", "Run workshops"),
        (2, "LOOKED AFTER CHILDREN", "Stable placements", "Recruit carers"),
    ]


def test_heading_in_capitals_alone_in_the_action_column_is_a_heading():
    header = ["Description", "Baseline finish date", "Evidence key milestone has been achieved"]
    parsed = parse(
        ["SAFE CARE"],
        ["Screen patients for sepsis", "March 2018", "Audit"],
        ["Review falls", "", ""],
        ["WELL-LED"],
        ["Review assurance", "", ""],
        header=header,
    )
    assert parsed.problems == []
    assert headings_of(parsed) == [
        (None, "SAFE CARE", "", "Screen patients for sepsis"),
        (None, "SAFE CARE", "", "Review falls"),
        (None, "WELL-LED", "", "Review assurance"),
    ]


@pytest.mark.parametrize("text", ["Review falls", "Audit MASH referrals", "1.2"])
def test_action_alone_on_its_row_is_still_an_action(text):
    parsed = parse(["Audit cases", ""], [text, ""], header=["Key Actions", "Lead"])
    assert [r.action for r in parsed.rows] == ["Audit cases", text]


def test_capitalised_heading_in_the_action_column_with_its_number_beside_it_is_a_heading():
    header = ["Reference", "Recommendation", "Lead Officer/EM", "Status"]
    parsed = parse(
        ["1", "CHILDREN IN NEED"],
        ["1.1", "Publish the thresholds", "Jo Smith", "Green"],
        ["1.2", "Train the front door staff"],
        header=header,
    )
    assert parsed.problems == []
    assert [(r.theme_number, r.theme_title, r.ref, r.action) for r in parsed.rows] == [
        (1, "CHILDREN IN NEED", "1.1", "Publish the thresholds"),
        (1, "CHILDREN IN NEED", "1.2", "Train the front door staff"),
    ]


@pytest.mark.parametrize(
    "row",
    [
        pytest.param(["O", "", "1", "", "Lyn Burns", "", "", ""], id="number far from the text"),
        pytest.param(["", "", "1", "March 2010", "", "", "", ""], id="number beside a date"),
    ],
)
def test_blank_action_with_a_number_and_a_text_not_side_by_side_is_still_a_problem(row):
    parsed = parse(row)
    assert [(p.row, p.column) for p in parsed.problems] == [(2, "B (Key Actions)")]


def test_childrens_tracker_shape_imports_without_a_mapping():
    rows = [
        ["ANNEX A"],
        ["Children's Services Improvement Action Tracker"],
        ["Updated: 30 June 2017"],
        CHILDRENS_HEADER,
        ["1", "CHILDREN IN NEED"],
        [
            "1.1",
            "Improve the quality of assessments",
            "Jo Smith",
            "Audit 20 assessments a month",
            "March 2018",
            "80% of audits good or better",
            "Green",
            "Q1: 60 audits completed",
        ],
        ["1.2", "", "Sam Jones", "Run practice workshops", "June 2018", "", "Amber", ""],
    ]
    parsed = parse_plan_rows(rows, as_at=date(2017, 6, 30))
    assert parsed.problems == []
    assert parsed.unknown_columns == []
    assert parsed.title_hint == "Children's Services Improvement Action Tracker"
    first, second = parsed.rows
    assert (first.ref, first.objective, first.action, first.leads) == (
        "1.1",
        "Improve the quality of assessments",
        "Audit 20 assessments a month",
        ("Jo Smith",),
    )
    assert (first.target.due, first.targets, first.rag, first.commentary) == (
        date(2018, 3, 31),
        "80% of audits good or better",
        Rag.GREEN,
        "Q1: 60 audits completed",
    )
    assert (second.objective, second.rag, second.target.due) == (
        "Improve the quality of assessments",
        Rag.AMBER,
        date(2018, 6, 30),
    )


def test_guessed_status_column_of_free_text_is_reported_and_left_out_as_before():
    header = ["Key Actions", "Status"]
    parsed = parse(["Do it", "Meeting booked"], ["Do more", "Waiting"], header=header)
    assert parsed.problems == []
    assert [r.rag for r in parsed.rows] == [None, None]
    assert "rag" not in parsed.columns
    assert parsed.unknown_columns == [
        "B 'Status' (not read as RAG: none of its cells reads as RAG, e.g. 'Meeting booked')"
    ]


def test_guessed_status_column_with_rag_words_is_read_and_its_other_words_are_problems():
    header = ["Key Actions", "Status"]
    parsed = parse(["Do it", "Green"], ["Do more", "On Track"], header=header)
    assert [(p.row, p.column) for p in parsed.problems] == [(3, "B (RAG)")]


def test_guessed_number_column_that_repeats_is_not_a_ref():
    header = ["Number", "Description"]
    parsed = parse(["1", "Do it"], ["1", "Do more"], header=header)
    assert parsed.problems == []
    assert [r.ref for r in parsed.rows] == [None, None]
    assert parsed.unknown_columns == ["A 'Number' (not read as Ref: '1' appears more than once)"]


def test_named_ref_column_that_repeats_is_still_a_problem():
    parsed = parse(["1", "Do it"], ["1", "Do more"], header=["Ref", "Key Actions"])
    assert "Ref '1' is already used on row 2" in str(parsed.problems[0])


def test_missing_header_row_says_where_it_looked_what_it_read_and_how_to_map():
    rows = [
        ["ANNEX A"],
        ["Improvement plan"],
        ["Ref", "Task list", "Tagret Date", "Origin"],
        ["1", "Do it", "March 2018", "Ofsted"],
    ]
    messages = [str(problem) for problem in parse_plan_rows(rows, as_at=AS_AT).problems]
    assert messages[0].startswith("no header row found in rows 1–4: a header row needs a Key")
    assert messages[1] == (
        "row 3: the most likely header row reads 'Ref', 'Task list', 'Tagret Date', 'Origin';"
        " recognised: 'Ref' as Ref; none of them is a Key Actions column"
    )
    assert messages[2:5] == [
        "row 3, column B: 'Task list' is not a known header; the nearest known header is"
        " 'Tasks' (Key Actions)",
        "row 3, column C: 'Tagret Date' is not a known header; the nearest known header is"
        " 'Target Date' (Target Date)",
        "row 3, column D: 'Origin' is not a known header; no known header is close",
    ]
    assert "mapping file (--mapping) or on the import page" in messages[5]
    assert "rename the column that holds the actions to one of: 'Key Actions'" in messages[5]
    assert "'How?', 'Description'" in messages[5]


def test_missing_header_row_in_a_long_file_names_the_rows_searched():
    rows = [["a note"]] * 30
    messages = [str(problem) for problem in parse_plan_rows(rows, as_at=AS_AT).problems]
    assert messages[0].startswith("no header row found in rows 1–20:")


def test_lone_heading_in_a_plan_with_two_heading_rows_per_theme_is_a_sub_heading():
    parsed = parse(
        ["SAFE CARE"],
        ["Sepsis"],
        ["", "Screen patients", "1", "", "", "", "", ""],
        ["Falls"],
        ["", "Assess falls risk", "1", "", "", "", "", ""],
        ["WELL-LED"],
        [],
        ["Governance"],
        ["", "Review assurance", "1", "", "", "", "", ""],
    )
    assert headings_of(parsed) == [
        (None, "SAFE CARE", "Sepsis", "Screen patients"),
        (None, "SAFE CARE", "Falls", "Assess falls risk"),
        (None, "WELL-LED", "Governance", "Review assurance"),
    ]


def test_numbered_theme_after_a_two_row_heading_is_a_new_theme():
    parsed = parse(
        ["Theme 1: Safe care"],
        ["Sepsis"],
        ["", "Screen patients", "1", "", "", "", "", ""],
        ["Theme 2: Well-led"],
        ["", "Review assurance", "1", "", "", "", "", ""],
    )
    assert headings_of(parsed) == [
        (1, "Safe care", "Sepsis", "Screen patients"),
        (2, "Well-led", "", "Review assurance"),
    ]


@pytest.mark.parametrize(
    ("day_first", "due"), [(True, date(2010, 2, 1)), (False, date(2010, 1, 2))]
)
def test_rows_read_numeric_target_dates_in_the_order_given(day_first, due):
    row = ["Obj", "Do it", "1", "01/02/2010", "Lyn Burns", "Green", "", "N"]
    parsed = parse_plan_rows([HEADER, row], as_at=AS_AT, day_first=day_first)
    assert parsed.rows[0].target.due == due


def test_rows_read_yearless_months_from_the_as_at_month_and_split_leads_by_known_names():
    row = ["Obj", "Do it", "1", "by end of April", "DM/PL", "Green", "", "N"]
    parsed = parse_plan_rows([HEADER, row], as_at=AS_AT, known_names=frozenset({"DM", "PL"}))
    assert (parsed.rows[0].target.due, parsed.rows[0].leads) == (date(2010, 4, 30), ("DM", "PL"))


RAG_HEADER = ["Ref", "Key Actions", "Lead", "RAG"]
BRAG_KEY = StatusKey(
    (
        StatusKeyEntry("Complete", StatusColour.BLUE, Completion.COMPLETED, words=("Blue",)),
        StatusKeyEntry("On track", StatusColour.GREEN, Completion.NOT_COMPLETED, words=("G",)),
        StatusKeyEntry("At risk", StatusColour.AMBER, Completion.NOT_COMPLETED),
        StatusKeyEntry("Off track", StatusColour.RED, Completion.NOT_COMPLETED, exception=True),
    )
)


def statuses_of(parsed):
    return [
        (r.ref, r.status.label if r.status else None, r.status_from_colour) for r in parsed.rows
    ]


@pytest.mark.parametrize(
    ("key", "fill", "label", "completion"),
    [
        pytest.param(DEFAULT_STATUS_KEY, "FF0000", "Red", Completion.NOT_KNOWN, id="red"),
        pytest.param(DEFAULT_STATUS_KEY, "FFFF00", "Amber", Completion.NOT_KNOWN, id="yellow"),
        pytest.param(DEFAULT_STATUS_KEY, "0070C0", "Complete", Completion.COMPLETED, id="blue"),
        pytest.param(BRAG_KEY, "00B050", "On track", Completion.NOT_COMPLETED, id="BRAG green"),
        pytest.param(BRAG_KEY, "FFC7CE", "Off track", Completion.NOT_COMPLETED, id="BRAG pink"),
    ],
)
def test_colour_only_status_cell_is_read_through_the_key_and_marked_so(
    key, fill, label, completion
):
    rows = [RAG_HEADER, ["1", "Audit cases", "Jo Smith"]]
    parsed = parse_plan_rows(rows, as_at=AS_AT, status_key=key, fills={(1, 3): fill})
    assert parsed.problems == []
    assert statuses_of(parsed) == [("1", label, True)]
    assert parsed.rows[0].completion is completion


def test_status_words_win_over_the_cell_colour():
    rows = [RAG_HEADER, ["1", "Audit cases", "Jo Smith", "Green"]]
    parsed = parse_plan_rows(rows, as_at=AS_AT, fills={(1, 3): "FF0000"})
    assert statuses_of(parsed) == [("1", "Green", False)]


def test_colour_that_shades_the_whole_row_is_not_a_status():
    rows = [RAG_HEADER, ["1", "Audit cases", "Jo Smith"], ["2", "Train staff"]]
    fills = {(1, column): "BDD7EE" for column in range(4)} | {(2, 3): "BDD7EE"}
    parsed = parse_plan_rows(rows, as_at=AS_AT, fills=fills)
    assert parsed.problems == []
    assert statuses_of(parsed) == [("1", None, False), ("2", "Complete", True)]


def test_colour_outside_the_status_column_is_not_a_status():
    rows = [RAG_HEADER, ["1", "Audit cases"]]
    parsed = parse_plan_rows(rows, as_at=AS_AT, fills={(1, 2): "FF0000"})
    assert parsed.problems == []
    assert statuses_of(parsed) == [("1", None, False)]


@pytest.mark.parametrize(
    ("fill", "named"),
    [
        ("7030A0", "purple (#7030A0)"),
        ("808080", "grey (#808080)"),
        ("FFFF00", "yellow (#FFFF00)"),
    ],
)
def test_colour_no_entry_of_the_key_has_is_a_problem_naming_the_colour_and_cell(fill, named):
    key = StatusKey(BRAG_KEY.entries[:2])
    rows = [RAG_HEADER, ["1", "Audit cases", "Jo Smith"]]
    parsed = parse_plan_rows(rows, as_at=AS_AT, status_key=key, fills={(1, 3): fill})
    assert parsed.rows == []
    assert [str(problem) for problem in parsed.problems] == [
        f"row 2, column D (RAG): the cell has no text and is filled {named}, a colour no entry"
        " of the plan's status key has (Complete (blue), On track (green)); type the status in"
        " the cell, or add an entry of that colour to the key"
    ]


def test_merged_cells_give_every_row_they_span_the_lead_date_and_colour():
    header = ["Ref", "Key Actions", "Lead", "Target Date", "RAG"]
    rows = [
        header,
        ["1", "Audit cases", "Jo Smith", "March 2010", ""],
        ["2", "Train staff"],
        ["3", "Review thresholds"],
        ["4", "Publish the plan"],
    ]
    merged = [MergedRange(1, 2, 2, 2), MergedRange(1, 3, 3, 3), MergedRange(1, 4, 2, 4)]
    parsed = parse_plan_rows(rows, as_at=AS_AT, fills={(1, 4): "FF0000"}, merged=merged)
    assert parsed.problems == []
    assert [(r.ref, r.leads, r.target.due, r.rag) for r in parsed.rows] == [
        ("1", ("Jo Smith",), date(2010, 3, 31), Rag.RED),
        ("2", ("Jo Smith",), date(2010, 3, 31), Rag.RED),
        ("3", (), date(2010, 3, 31), None),
        ("4", (), None, None),
    ]


def test_heading_merged_across_the_row_is_one_heading():
    rows = [
        RAG_HEADER,
        ["1", "CHILDREN IN NEED", "CHILDREN IN NEED"],
        ["1.1", "Audit cases", "Jo Smith", "Green"],
    ]
    parsed = parse_plan_rows(rows, as_at=AS_AT, merged=[MergedRange(1, 1, 1, 3)])
    assert parsed.problems == []
    assert headings_of(parsed) == [(1, "CHILDREN IN NEED", "", "Audit cases")]


def test_number_merged_over_several_actions_stays_the_first_action_s_ref():
    rows = [
        CHILDRENS_HEADER,
        ["1.1", "Improve assessments", "Jo Smith", "Audit 20 a month", "March 2018"],
        ["", "", "", "Run workshops", "June 2018"],
        ["", "", "", "Publish thresholds", "June 2018"],
        ["1.2", "Early help", "Sam Jones", "Open the hub", "June 2018"],
    ]
    merged = [MergedRange(1, 0, 3, 0), MergedRange(1, 1, 3, 1), MergedRange(1, 2, 3, 2)]
    parsed = parse_plan_rows(rows, as_at=AS_AT, merged=merged)
    assert parsed.problems == []
    assert parsed.unknown_columns == []
    assert [(r.ref, r.objective, r.leads, r.action) for r in parsed.rows] == [
        ("1.1", "Improve assessments", ("Jo Smith",), "Audit 20 a month"),
        (None, "Improve assessments", ("Jo Smith",), "Run workshops"),
        (None, "Improve assessments", ("Jo Smith",), "Publish thresholds"),
        ("1.2", "Early help", ("Sam Jones",), "Open the hub"),
    ]


def test_rows_keep_a_lead_text_whole_when_told_to():
    lead = "Head of Safeguarding and Quality Assurance Manager"
    row = ["Obj", "Do it", "1", "", lead, "", "", ""]
    kept = frozenset({"head of safeguarding and quality assurance manager"})
    split = parse_plan_rows([HEADER, row], as_at=AS_AT)
    whole = parse_plan_rows([HEADER, row], as_at=AS_AT, kept_whole=kept)
    assert (split.rows[0].leads, whole.rows[0].leads) == (
        ("Head of Safeguarding", "Quality Assurance Manager"),
        ("Head of Safeguarding and Quality Assurance Manager",),
    )

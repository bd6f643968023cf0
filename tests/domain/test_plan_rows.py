"""Reading key-action rows from a table in the council layout."""

from datetime import date

import pytest

from tracker.domain.enums import Completion, Rag
from tracker.domain.plan_rows import parse_plan_rows

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

"""Column mappings of plan files: read from JSON, guessed, checked against a file, used."""

from datetime import date

import pytest

from tracker.domain.enums import Completion
from tracker.domain.import_mapping import (
    ColumnMapping,
    MappingError,
    distinct_headers,
    fit_saved_mapping,
    guess_mapping,
    headers_differ,
    mapping_from_json,
    mapping_problems,
    status_words_found,
)
from tracker.domain.plan_rows import parse_plan_rows
from tracker.domain.status_key import DEFAULT_STATUS_KEY, status_key_from_json

AS_AT = date(2017, 6, 30)
CHILDRENS = [
    "NOS",
    "What?",
    "Who?",
    "How?",
    "When?",
    "Success measures",
    "Current Status",
    "Outcome – (report for Q1, Q2, Q3, Q4)",
]
NHS = ["Number", "Description", "Baseline finish date", "Evidence key milestone has been achieved"]
SCRUTINY = [
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
ISSUE_EXAMPLE = {
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
    "status_key": [
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
BRAG = status_key_from_json(ISSUE_EXAMPLE["status_key"])


def test_issue_example_mapping_is_read_with_its_fields_places_and_key():
    mapping = mapping_from_json(ISSUE_EXAMPLE)
    assert mapping.header_row == 2
    assert mapping.day_first is True
    assert mapping.field_headers() == {
        "action": "How?",
        "lead": "Who?",
        "target_date": "When?",
        "objective": "What?",
        "rag": "Current Status",
        "commentary": "Outcome – (report for Q1, Q2, Q3, Q4)",
        "targets": "Success measures",
        "ref": "NOS",
    }
    assert mapping.headers_placed("extra") == ["Resources"]
    assert mapping.headers_placed("ignore") == ["Notes"]
    assert [entry.label for entry in mapping.status_key.entries] == [
        "Complete",
        "On track",
        "Off track",
    ]


def test_mapping_written_as_json_reads_back_the_same():
    mapping = mapping_from_json(ISSUE_EXAMPLE)
    assert mapping_from_json(mapping.to_json()) == mapping


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"columns": {"How?": "Key Actions"}}, ColumnMapping((("How?", "Key Actions"),))),
        (
            {"columns": {"How?": "key actions", "Who?": "LEAD", "X": "Extra", "Y": "Ignore"}},
            ColumnMapping(
                (("How?", "Key Actions"), ("Who?", "Lead"), ("X", "extra"), ("Y", "ignore"))
            ),
        ),
        (
            {"columns": {"Update": "Commentary"}, "dates": {"day_first": False}},
            ColumnMapping((("Update", "Performance Commentary"),), day_first=False),
        ),
        (
            {"columns": [["Date", "extra"], ["Date (2)", "Target Date"]], "header_row": 3},
            ColumnMapping((("Date", "extra"), ("Date (2)", "Target Date")), header_row=3),
        ),
        (
            {"columns": {"Action": "Key Actions"}, "title_row": 1, "title": "Plan"},
            ColumnMapping((("Action", "Key Actions"),), title_row=1, title="Plan"),
        ),
    ],
)
def test_mapping_json_is_read(data, expected):
    assert mapping_from_json(data) == expected


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], 'a mapping must be a JSON object with "columns"'),
        ({"columns": {"How?": "Actions to do"}}, "column 'How?': 'Actions to do' is not a field"),
        (
            {"columns": {"How?": "Key Actions", "What?": "Key Actions"}},
            "field 'Key Actions' is given to two columns, 'How?' and 'What?'",
        ),
        ({"columns": [["How?", "Key Actions"], ["how", "extra"]]}, "column 'how' is named twice"),
        ({"columns": {"How?": "Key Actions"}, "header_row": 0}, "header_row must be a row number"),
        ({"columns": {"How?": "Key Actions"}, "header_row": "2"}, "header_row must be a row"),
        ({"columns": {"How?": "Key Actions"}, "header_row": True}, "header_row must be a row"),
        (
            {"columns": {"How?": "Key Actions"}, "header_row": 2, "title_row": 2},
            "title_row 2 must be above header_row 2",
        ),
        ({"columns": {"How?": "Key Actions"}, "dates": {"day_first": "yes"}}, "dates.day_first"),
        ({"columns": {"How?": "Key Actions"}, "dates": {"dayfirst": True}}, "unknown setting"),
        ({"columns": {"How?": "Key Actions"}, "colums": {}}, "unknown setting(s) 'colums'"),
        ({"columns": "How?"}, "columns must be an object of header to field"),
        ({}, "columns must be an object of header to field"),
        ({"columns": {}}, "columns is empty"),
        (
            {"columns": {"How?": "Key Actions"}, "status_key": [{"label": "On", "colour": "pink"}]},
            "status_key: status key entry 'On': 'pink' is not a colour",
        ),
        (
            {
                "columns": {"How?": "Key Actions"},
                "status_key": [
                    {"label": "A", "colour": "red", "words": ["Late"]},
                    {"label": "B", "colour": "green", "words": ["late"]},
                ],
            },
            "status_key: 'late' is given to both 'A' and 'B'",
        ),
    ],
)
def test_bad_mapping_is_refused_naming_the_problem(data, message):
    with pytest.raises(MappingError) as refused:
        mapping_from_json(data)
    assert any(message in problem for problem in refused.value.problems), refused.value.problems


def test_every_problem_of_a_mapping_is_reported_at_once():
    with pytest.raises(MappingError) as refused:
        mapping_from_json({"columns": {"How?": "Key Action", "Who?": "Boss"}, "header_row": -1})
    assert len(refused.value.problems) == 2


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        (["Ref", "", "Date", "date", "Date"], {0: "Ref", 2: "Date", 3: "date (2)", 4: "Date (3)"}),
        ([None, " Who? ", "-"], {1: "Who?"}),
    ],
)
def test_distinct_headers_name_repeats_by_their_count(cells, expected):
    assert distinct_headers(cells) == expected


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (
            CHILDRENS,
            [
                ("NOS", "Ref"),
                ("What?", "Objective"),
                ("Who?", "Lead"),
                ("How?", "Key Actions"),
                ("When?", "Target Date"),
                ("Success measures", "Targets"),
                ("Current Status", "RAG"),
                ("Outcome – (report for Q1, Q2, Q3, Q4)", "Performance Commentary"),
            ],
        ),
        (
            NHS,
            [
                ("Number", "Ref"),
                ("Description", "Key Actions"),
                ("Baseline finish date", "Target Date"),
                ("Evidence key milestone has been achieved", "Targets"),
            ],
        ),
        (
            SCRUTINY,
            [
                ("Reference", "Ref"),
                ("Recommendation", "Key Actions"),
                ("Origin", "extra"),
                ("Date", "extra"),
                ("Exec Date", "extra"),
                ("Lead Officer/EM", "Lead"),
                ("Action taken", "Performance Commentary"),
                ("Status", "RAG"),
                ("Area", "extra"),
            ],
        ),
    ],
)
def test_guess_places_every_header_of_real_plans(header, expected):
    rows = [["A plan of improvement actions"], header, ["1"] + ["Green"] * (len(header) - 1)]
    mapping = guess_mapping(rows)
    assert list(mapping.columns) == expected
    assert mapping.header_row == 2
    assert (mapping.title_row, mapping.title) == (1, "A plan of improvement actions")


def test_guess_reads_a_status_column_through_the_plans_key():
    rows = [SCRUTINY, ["1", "Do it", "", "", "", "", "", "Delivered", ""]]
    assert dict(guess_mapping(rows, status_key=BRAG).columns)["Status"] == "RAG"
    assert dict(guess_mapping(rows).columns)["Status"] == "extra"


def test_guess_without_a_header_row_offers_the_likeliest_row_to_edit():
    rows = [["Plan"], ["Item", "Who?", "When?"], ["Do it", "Jo", "May 2017"]]
    mapping = guess_mapping(rows)
    assert mapping.header_row == 2
    assert list(mapping.columns) == [("Item", "extra"), ("Who?", "Lead"), ("When?", "Target Date")]


def test_guess_of_an_empty_file_has_no_columns():
    assert guess_mapping([]) == ColumnMapping((), header_row=1)


@pytest.mark.parametrize(
    ("columns", "cells", "expected"),
    [
        ((("How?", "Key Actions"),), ["how ", "Who"], []),
        ((("Lead officer / EM", "Lead"),), ["Lead Officer/EM"], []),
        (
            (("How?", "Key Actions"), ("Resources", "extra")),
            ["How?", "Who?"],
            [
                "the mapping names column 'Resources', which the header row does not have",
                "the header row reads 'How?', 'Who?'",
            ],
        ),
        ((("Date (2)", "Target Date"),), ["Date", "Date"], []),
    ],
)
def test_mapping_problems_name_each_column_the_file_lacks(columns, cells, expected):
    assert mapping_problems(ColumnMapping(columns), cells) == expected


@pytest.mark.parametrize(
    ("cells", "differ"),
    [
        (["How?", "Who?"], False),
        (["WHO", "how"], False),
        (["How?", "Who?", "Notes"], True),
        (["How?"], True),
        (["How?", "Who?", ""], False),
    ],
)
def test_headers_differ_when_a_header_is_added_or_lost(cells, differ):
    saved = ColumnMapping((("How?", "Key Actions"), ("Who?", "Lead")))
    assert headers_differ(saved, cells) is differ


def test_saved_mapping_finds_its_header_row_again_when_the_title_rows_change():
    saved = ColumnMapping((("How?", "Key Actions"), ("Who?", "Lead")), header_row=2)
    rows = [["Plan"], ["Updated June"], ["How?", "Who?"], ["Do it", "Jo"]]
    assert fit_saved_mapping(rows, saved).header_row == 3
    assert fit_saved_mapping([["How?", "Who?", "When?"]], saved) is None


def test_parse_with_a_mapping_reads_the_childrens_tracker_with_its_key():
    rows = [
        ["Children's Services Improvement Action Tracker"],
        [*CHILDRENS, "Resources", "Notes"],
        [
            "1",
            "Better assessments",
            "Jo Smith",
            "Audit",
            "Jan-19",
            "80%",
            "On Track",
            "Q1",
            "2 FTE",
        ],
        ["2", "", "Sam Jones", "Train", "Mar 2018", "", "Delivered", "", "", "see minutes"],
    ]
    mapping = mapping_from_json(ISSUE_EXAMPLE)
    parsed = parse_plan_rows(rows, as_at=AS_AT, status_key=BRAG, mapping=mapping)
    assert parsed.problems == []
    first, second = parsed.rows
    assert (first.ref, first.objective, first.action, first.leads) == (
        "1",
        "Better assessments",
        "Audit",
        ("Jo Smith",),
    )
    assert (first.status.label, first.targets, first.commentary) == ("On track", "80%", "Q1")
    assert first.extras == (("Resources", "2 FTE"),)
    assert (second.status.label, second.completion, second.extras) == (
        "Complete",
        Completion.COMPLETED,
        (),
    )
    assert parsed.extra_columns == ["Resources"]
    assert parsed.ignored_columns == ["Notes"]
    assert parsed.mapping.columns[-2:] == (("Resources", "extra"), ("Notes", "ignore"))
    assert parsed.title_hint == "Children's Services Improvement Action Tracker"


def test_parse_with_a_partial_mapping_guesses_the_other_headers_and_keeps_the_rest():
    rows = [
        SCRUTINY,
        ["R1", "Review", "Scrutiny", "1/2/17", "3/4/17", "Jo", "Done", "Odd", "North"],
    ]
    mapping = ColumnMapping((("Recommendation", "Key Actions"), ("Date", "Target Date")))
    parsed = parse_plan_rows(rows, as_at=AS_AT, mapping=mapping)
    assert parsed.problems == []
    (row,) = parsed.rows
    assert (row.ref, row.target.due, row.leads, row.commentary) == (
        "R1",
        date(2017, 2, 1),
        ("Jo",),
        "Done",
    )
    assert row.extras == (
        ("Origin", "Scrutiny"),
        ("Exec Date", "3/4/17"),
        ("Status", "Odd"),
        ("Area", "North"),
    )
    assert parsed.unknown_columns == [
        "C 'Origin'",
        "E 'Exec Date'",
        "H 'Status' (not read as RAG: none of its cells reads as RAG, e.g. 'Odd')",
        "I 'Area'",
    ]


def test_parse_keeps_repeated_and_headerless_columns_as_extras():
    rows = [["Key Actions", "Lead", "Date", "Date", ""], ["Do it", "Jo", "May", "June", "note"]]
    parsed = parse_plan_rows(rows, as_at=AS_AT)
    (row,) = parsed.rows
    assert row.extras == (("Date", "May"), ("Date (2)", "June"), ("Column E", "note"))
    assert parsed.extra_columns == ["Date", "Date (2)", "Column E"]


def test_parse_with_a_mapping_the_file_does_not_fit_says_which_column_is_missing():
    mapping = ColumnMapping((("How?", "Key Actions"), ("Resources", "extra")), header_row=1)
    parsed = parse_plan_rows([["How?"], ["Do it"]], as_at=AS_AT, mapping=mapping)
    assert [str(problem) for problem in parsed.problems] == [
        "row 1: the mapping names column 'Resources', which the header row does not have",
        "row 1: the header row reads 'How?'",
    ]
    assert parsed.rows == []


def test_parse_with_a_mapping_without_key_actions_is_refused():
    mapping = ColumnMapping((("Who?", "Lead"),))
    parsed = parse_plan_rows([["Who?"], ["Jo"]], as_at=AS_AT, mapping=mapping)
    assert "places no column as 'Key Actions'" in str(parsed.problems[0])


def test_parse_with_a_mapping_reads_dates_month_first_when_it_says_so():
    mapping = ColumnMapping((("How?", "Key Actions"), ("When?", "Target Date")), day_first=False)
    (row,) = parse_plan_rows(
        [["How?", "When?"], ["Do it", "02/01/2017"]], as_at=AS_AT, mapping=mapping
    ).rows
    assert row.target.due == date(2017, 2, 1)


def test_status_words_found_lists_each_word_with_its_entry_and_count():
    rows = [
        ["How?", "Current Status", "Done?"],
        ["a", "On Track", "Y"],
        ["b", "on track", "Delivered"],
        ["c", "Behind Schedule", ""],
        ["", "Pending", ""],
        ["d", "↑ Red", "Maybe"],
    ]
    mapping = ColumnMapping(
        (("How?", "Key Actions"), ("Current Status", "RAG"), ("Done?", "Completion status"))
    )
    found = status_words_found(rows, mapping, BRAG)
    assert [(word, entry and entry.label, count) for word, entry, count in found] == [
        ("On Track", "On track", 2),
        ("Delivered", "Complete", 1),
        ("Behind Schedule", None, 1),
        ("↑ Red", "Off track", 1),
        ("Maybe", None, 1),
    ]


def test_status_words_found_is_empty_when_the_mapping_does_not_fit():
    mapping = ColumnMapping((("How?", "Key Actions"),))
    assert status_words_found([["What?"], ["x"]], mapping, DEFAULT_STATUS_KEY) == []


def test_mapping_without_a_header_row_names_what_the_nearest_row_lacks():
    mapping = ColumnMapping((("How?", "Key Actions"), ("Who?", "Lead"), ("Budget", "extra")))
    rows = [["Plan"], ["How?", "Who?", "When?"], ["Do it", "Jo", "May 2017"]]
    parsed = parse_plan_rows(rows, as_at=AS_AT, mapping=mapping)
    assert [str(problem) for problem in parsed.problems] == [
        "no row among rows 1–3 has every column the mapping names; give header_row, or correct"
        " the column names",
        "row 2: the mapping names column 'Budget', which the header row does not have",
        "row 2: the header row reads 'How?', 'Who?', 'When?'",
    ]


def test_mapping_without_a_header_row_finds_the_row_with_its_headers():
    mapping = ColumnMapping((("How?", "Key Actions"), ("Who?", "Lead")))
    rows = [["Plan"], ["Updated"], ["How?", "Who?"], ["Do it", "Jo"]]
    parsed = parse_plan_rows(rows, as_at=AS_AT, mapping=mapping)
    assert [(row.row_number, row.leads) for row in parsed.rows] == [(4, ("Jo",))]
    assert parsed.mapping.header_row == 3


def test_what_beside_a_mapped_action_column_is_the_objective():
    mapping = ColumnMapping((("Task", "Key Actions"),))
    rows = [["What?", "Task"], ["Safer children", "Audit"]]
    (row,) = parse_plan_rows(rows, as_at=AS_AT, mapping=mapping).rows
    assert (row.objective, row.action) == ("Safer children", "Audit")

import pytest

from tracker.domain.layout import (
    ACTION_OR_OBJECTIVE_HEADERS,
    EXPORT_HEADERS,
    GUESSED_HEADERS,
    HEADER_VARIANTS,
    LEADING_WORDS,
    accepted_headers,
    column_letter,
    find_header_row,
    likely_header_row,
    match_headers,
    nearest_known_header,
    normalise_header,
    pick_title,
)

# Header rows as extracted from the 30 March 2011 and 20 August 2010 snapshots and the October
# 2009 "Immediate High Priority Actions" plan.
MEASURES_HEADER_2011 = [
    "Objective",
    "Key Actions",
    "Baseline",
    "Current Performance",
    "Targets",
    "Lead",
    "RAG",
    "Performance Commentary",
    "Lead Workstream(s)",
]
ACTIONS_HEADER_2011 = [
    "Objective",
    "Key Actions",
    "Baseline",
    "Targets",
    "Target Date",
    "Lead",
    "RAG",
    "Performance Commentary",
    "Lead Workstream(s)",
]
SHIFTED_HEADER_2011 = [
    "(",
    "Objective",
    "Key Actions",
    "Baseline",
    "Targets",
    "Target Date",
    "Lead",
    "RAG",
    "Performance Commentary",
    "Workstream(s)",
]
ACTIONS_HEADER_2010 = [
    "Objective",
    "Key Actions",
    "Measures",
    "",
    "Target Date",
    "Lead",
    "RAG",
    "Performance Commentary",
    "Lead Workstream(s)",
]
IMMEDIATE_ACTIONS_HEADER_2009 = [
    "Objective",
    "Key Actions",
    "Priority",
    "Target Date",
    "Measures",
    "",
    "Lead",
    "Update",
    "Comp Y/N",
]
SCANNED_HEADER_2011 = [
    "Ohioativa",
    "Vay Aatiana",
    "Danalina",
    "Tannata",
    "Townst Date",
    "Lood",
    "DAC",
    "Doubours Commenters",
    "Lead",
]


@pytest.mark.parametrize(
    ("cells", "columns", "unknown"),
    [
        pytest.param(
            MEASURES_HEADER_2011,
            {
                "objective": 0,
                "action": 1,
                "baseline": 2,
                "current_performance": 3,
                "targets": 4,
                "lead": 5,
                "rag": 6,
                "commentary": 7,
                "workstreams": 8,
            },
            (),
            id="2011 performance measures",
        ),
        pytest.param(
            ACTIONS_HEADER_2011,
            {
                "objective": 0,
                "action": 1,
                "baseline": 2,
                "targets": 3,
                "target_date": 4,
                "lead": 5,
                "rag": 6,
                "commentary": 7,
                "workstreams": 8,
            },
            (),
            id="2011 operational targets",
        ),
        pytest.param(
            SHIFTED_HEADER_2011,
            {
                "objective": 1,
                "action": 2,
                "baseline": 3,
                "targets": 4,
                "target_date": 5,
                "lead": 6,
                "rag": 7,
                "commentary": 8,
                "workstreams": 9,
            },
            (),
            id="2011 page with a stray bracket column",
        ),
        pytest.param(
            ACTIONS_HEADER_2010,
            {
                "objective": 0,
                "action": 1,
                "target_date": 4,
                "lead": 5,
                "rag": 6,
                "commentary": 7,
                "workstreams": 8,
            },
            ((2, "Measures"),),
            id="2010 with a Measures group header",
        ),
        pytest.param(
            IMMEDIATE_ACTIONS_HEADER_2009,
            {
                "objective": 0,
                "action": 1,
                "priority": 2,
                "target_date": 3,
                "lead": 6,
                "commentary": 7,
                "completion": 8,
            },
            ((4, "Measures"),),
            id="2009 immediate high priority actions",
        ),
    ],
)
def test_paper_header_row_matches_its_columns(cells, columns, unknown):
    matched = match_headers(cells)
    assert (matched.columns, matched.unknown, matched.problems) == (columns, unknown, ())


@pytest.mark.parametrize(
    ("header", "key"),
    [
        ("Ref", "ref"),
        ("Reference", "ref"),
        ("No", "ref"),
        ("No.", "ref"),
        ("Ref No", "ref"),
        ("Ref. No.", "ref"),
        ("Theme", "theme"),
        ("SECTION", "theme"),
        ("Objective", "objective"),
        ("Key Actions", "action"),
        ("key  actions", "action"),
        ("Key-Action", "action"),
        ("Action", "action"),
        ("Actions", "action"),
        ("Priority", "priority"),
        ("Target Date", "target_date"),
        ("Target Dates", "target_date"),
        ("Timescale", "target_date"),
        ("Baseline", "baseline"),
        ("Targets", "targets"),
        ("Target", "targets"),
        ("Current Performance", "current_performance"),
        ("Lead", "lead"),
        ("Leads", "lead"),
        ("Lead Officer", "lead"),
        ("RAG", "rag"),
        ("R.A.G.", "rag"),
        ("RAG Status", "rag"),
        ("Performance Commentary", "commentary"),
        ("Commentary", "commentary"),
        ("Update", "commentary"),
        ("Progress Update", "commentary"),
        ("Lead Workstream(s)", "workstreams"),
        ("Lead Workstream (s)", "workstreams"),
        ("Lead Workstreams", "workstreams"),
        ("Workstream", "workstreams"),
        ("Workstreams", "workstreams"),
        ("Comp Y/N", "completion"),
        ("comp y / n", "completion"),
        ("Completion status", "completion"),
        ("Completion", "completion"),
        ("Complete", "completion"),
        ("Completed On", "completed_on"),
        ("Completion Date", "completed_on"),
        ("<b>Key Actions</b>", "action"),
    ],
)
def test_header_variant_matches_its_key_ignoring_case_spacing_and_punctuation(header, key):
    assert match_headers([header]).columns == {key: 0}


@pytest.mark.parametrize(
    ("header", "normalised"),
    [
        ("Lead Workstream(s)", "leadworkstreams"),
        ("  Comp  Y/N ", "compyn"),
        ("Target Date", "targetdate"),
        ("", ""),
    ],
)
def test_header_normalises_to_lower_case_letters_and_digits(header, normalised):
    assert normalise_header(header) == normalised


def test_no_header_variant_belongs_to_two_keys():
    keys_by_header: dict[str, set[str]] = {}
    for table in (HEADER_VARIANTS, GUESSED_HEADERS):
        for key, variants in table.items():
            for variant in variants:
                keys_by_header.setdefault(normalise_header(variant), set()).add(key)
    for variant in ACTION_OR_OBJECTIVE_HEADERS:
        keys_by_header.setdefault(normalise_header(variant), set()).add("action or objective")
    assert {header: keys for header, keys in keys_by_header.items() if len(keys) > 1} == {}


def test_no_leading_words_start_a_header_of_another_key():
    clashes = [
        (words, key, variant)
        for key, leading in LEADING_WORDS.items()
        for words in leading
        for other in HEADER_VARIANTS
        if other != key
        for variant in accepted_headers(other)
        if normalise_header(variant).startswith(normalise_header(words))
    ]
    assert clashes == []


def test_exported_headers_read_back_as_their_keys():
    matched = match_headers([header for _, header in EXPORT_HEADERS])
    assert matched.columns == {key: index for index, (key, _) in enumerate(EXPORT_HEADERS)}
    assert (matched.unknown, matched.problems) == ((), ())


def test_columns_match_in_any_order():
    matched = match_headers(["Lead", "RAG", "Key Actions", "Target Date", "Targets", "Ref"])
    assert matched.columns == {
        "lead": 0,
        "rag": 1,
        "action": 2,
        "target_date": 3,
        "targets": 4,
        "ref": 5,
    }


def test_unknown_headers_are_reported_with_their_index_and_blank_ones_are_not():
    matched = match_headers(["Key Actions", "", "Notes", None, "  ", "Measures", "Target Start"])
    assert matched.unknown == ((2, "Notes"), (5, "Measures"), (6, "Target Start"))
    assert matched.problems == ()


@pytest.mark.parametrize(
    ("cells", "problems"),
    [
        pytest.param(
            ["Ref", "Key Actions", "Key Action"],
            ("column C 'Key Action' repeats column B 'Key Actions'",),
            id="same key twice",
        ),
        pytest.param(
            ["Lead", "Key Actions", "Leads", "Lead Officer"],
            (
                "column C 'Leads' repeats column A 'Lead'",
                "column D 'Lead Officer' repeats column A 'Lead'",
            ),
            id="same key three times",
        ),
        pytest.param(
            ["Objective", "Lead", "RAG"],
            ("no 'Key Actions' column: add a column headed 'Key Actions'",),
            id="missing key actions",
        ),
        pytest.param(
            SCANNED_HEADER_2011,
            ("no 'Key Actions' column: add a column headed 'Key Actions'",),
            id="scanned header row",
        ),
    ],
)
def test_header_problems_name_the_columns_and_the_fix(cells, problems):
    assert match_headers(cells).problems == problems


def test_repeated_header_keeps_the_first_column():
    assert match_headers(["Key Actions", "Actions"]).columns == {"action": 0}


@pytest.mark.parametrize(
    ("rows", "index"),
    [
        pytest.param(
            [
                ["RMBC Notice to Improve Action Plan"],
                ["Performance Measures"],
                ["Date of Update 30th March 2011"],
                ["", "", "", "Measures", "", "", "", "", ""],
                MEASURES_HEADER_2011,
            ],
            4,
            id="title rows before the header",
        ),
        pytest.param(
            [
                ["Children's Improvement Plan - 2009/10: Immediate High Priority Actions"],
                [],
                IMMEDIATE_ACTIONS_HEADER_2009,
                ["", "", "", "", "Baseline", "Targets", "", "", ""],
            ],
            2,
            id="immediate actions title",
        ),
        pytest.param(
            [
                ["", "", "Meas", "sures", "", "", "", "", ""],
                SCANNED_HEADER_2011,
                ACTIONS_HEADER_2011,
            ],
            2,
            id="scanned header row skipped",
        ),
        pytest.param(
            [["Key Actions"], ["Ref", "Key Actions", "Lead"]],
            1,
            id="key actions alone is a title not a header",
        ),
        pytest.param([ACTIONS_HEADER_2011], 0, id="header first"),
        pytest.param([["Objective", "Lead", "RAG"]], None, id="no key actions column"),
        pytest.param([], None, id="empty sheet"),
        pytest.param([*[["title"]] * 20, ACTIONS_HEADER_2011], None, id="header beyond limit"),
        pytest.param(
            [*[["title"]] * 19, ACTIONS_HEADER_2011], 19, id="header on last row of limit"
        ),
    ],
)
def test_header_row_is_the_first_with_key_actions_and_another_known_column(rows, index):
    assert find_header_row(rows) == index


def test_header_row_search_limit_can_be_widened():
    rows = [*[["title"]] * 25, ACTIONS_HEADER_2011]
    assert find_header_row(rows, limit=30) == 25


@pytest.mark.parametrize(
    ("index", "letter"),
    [
        (0, "A"),
        (1, "B"),
        (25, "Z"),
        (26, "AA"),
        (27, "AB"),
        (51, "AZ"),
        (52, "BA"),
        (701, "ZZ"),
        (702, "AAA"),
        (16383, "XFD"),
    ],
)
def test_column_letter_names_a_column_as_a_spreadsheet_does(index, letter):
    assert column_letter(index) == letter


def test_column_letter_refuses_a_negative_index():
    with pytest.raises(ValueError, match="column index -1 is negative"):
        column_letter(-1)


# Header rows in the shapes of published plans: a children's services improvement action
# tracker, an NHS trust quality and safety improvement plan and a scrutiny recommendation tracker.
CHILDRENS_TRACKER_HEADER = [
    "NOS",
    "What?",
    "Who?",
    "How?",
    "When?",
    "Success measures",
    "Current Status",
    "Outcome – (report for Q1, Q2, Q3, Q4)",
]
NHS_IMPROVEMENT_PLAN_HEADER = [
    "Number",
    "Description",
    "Baseline finish date",
    "Evidence key milestone has been achieved",
]
SCRUTINY_TRACKER_HEADER = [
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


@pytest.mark.parametrize(
    ("cells", "columns", "unknown"),
    [
        pytest.param(
            CHILDRENS_TRACKER_HEADER,
            {
                "ref": 0,
                "objective": 1,
                "lead": 2,
                "action": 3,
                "target_date": 4,
                "targets": 5,
                "rag": 6,
                "commentary": 7,
            },
            (),
            id="children's services improvement action tracker",
        ),
        pytest.param(
            NHS_IMPROVEMENT_PLAN_HEADER,
            {"ref": 0, "action": 1, "target_date": 2, "targets": 3},
            (),
            id="NHS trust quality and safety improvement plan",
        ),
        pytest.param(
            SCRUTINY_TRACKER_HEADER,
            {"ref": 0, "action": 1, "lead": 5, "commentary": 6, "rag": 7},
            ((2, "Origin"), (3, "Date"), (4, "Exec Date"), (8, "Area")),
            id="scrutiny recommendation tracker, meeting dates left out",
        ),
    ],
)
def test_published_plan_header_row_is_read_without_a_mapping(cells, columns, unknown):
    matched = match_headers(cells)
    assert (matched.columns, matched.unknown, matched.problems) == (columns, unknown, ())
    assert find_header_row([["Improvement plan"], cells]) == 1


@pytest.mark.parametrize(
    ("header", "key"),
    [
        ("NOS", "ref"),
        ("Number", "ref"),
        ("No.", "ref"),
        ("Rec No", "ref"),
        ("Who?", "lead"),
        ("Who", "lead"),
        ("How?", "action"),
        ("When?", "target_date"),
        ("Description", "action"),
        ("Action(s) required", "action"),
        ("Action required", "action"),
        ("Actions required", "action"),
        ("Actions to be taken", "action"),
        ("Action taken", "commentary"),
        ("Actions taken", "commentary"),
        ("Lead Officer", "lead"),
        ("Lead Officer(s)", "lead"),
        ("Responsible Officer", "lead"),
        ("Owner", "lead"),
        ("Action owner", "lead"),
        ("Lead Officer/EM", "lead"),
        ("Timescale", "target_date"),
        ("Timescales", "target_date"),
        ("Deadline", "target_date"),
        ("Due date", "target_date"),
        ("Due Date:", "target_date"),
        ("Target completion date", "target_date"),
        ("Baseline finish date", "target_date"),
        ("Target Date (revised)", "target_date"),
        ("Status", "rag"),
        ("Current Status", "rag"),
        ("Progress", "rag"),
        ("RAG Status", "rag"),
        ("RAG rating", "rag"),
        ("BRAG", "rag"),
        ("Update", "commentary"),
        ("Progress update", "commentary"),
        ("Progress update – June 2017", "commentary"),
        ("Progress update as at June 2017", "commentary"),
        ("Outcome", "commentary"),
        ("Outcome – (report for Q1, Q2, Q3, Q4)", "commentary"),
        ("Outcome (report for Q1, Q2, Q3, Q4)", "commentary"),
        ("Evidence", "targets"),
        ("Evidence key milestone has been achieved", "targets"),
        ("Success measures", "targets"),
        ("Measures of success", "targets"),
        ("Comments", "commentary"),
        ("Completion date", "completed_on"),
        ("Date completed", "completed_on"),
        ("Date Completed:", "completed_on"),
        ("Completed date", "completed_on"),
        ("Date of completion", "completed_on"),
        ("Actual completion date", "completed_on"),
        ("Date closed", "completed_on"),
    ],
)
def test_common_published_header_is_read_as_its_key(header, key):
    assert match_headers(["Key Actions" if key != "action" else "Ref", header]).columns == (
        {"action": 0, key: 1} if key != "action" else {"ref": 0, "action": 1}
    )


@pytest.mark.parametrize(
    "header",
    ["Date", "Exec Date", "Date of meeting", "Meeting date", "Origin", "Area", "Notes", "Measures"],
)
def test_meeting_dates_and_other_headers_are_not_guessed(header):
    matched = match_headers(["Key Actions", header])
    assert (matched.columns, matched.unknown) == ({"action": 0}, ((1, header),))


@pytest.mark.parametrize(
    ("cells", "columns", "unknown"),
    [
        pytest.param(
            ["Recommendation", "Lead"], {"action": 0, "lead": 1}, (), id="recommendation alone"
        ),
        pytest.param(
            ["Recommendation", "Action(s) required", "Lead"],
            {"objective": 0, "action": 1, "lead": 2},
            (),
            id="recommendation beside its actions",
        ),
        pytest.param(
            ["Objective", "Recommendation", "Key Actions"],
            {"objective": 0, "recommendation": 1, "action": 2},
            (),
            id="recommendation beside an objective and actions: the refs it answers",
        ),
        pytest.param(
            ["What?", "Who?", "When?"],
            {"action": 0, "lead": 1, "target_date": 2},
            (),
            id="what without how is the action",
        ),
        pytest.param(["What?", "How?"], {"objective": 0, "action": 1}, (), id="what beside how"),
    ],
)
def test_recommendation_and_what_are_the_action_unless_another_column_is(cells, columns, unknown):
    matched = match_headers(cells)
    assert (matched.columns, matched.unknown, matched.problems) == (columns, unknown, ())


@pytest.mark.parametrize(
    ("cells", "columns", "unknown"),
    [
        pytest.param(
            ["Key Actions", "Description"],
            {"action": 0},
            ((1, "Description"),),
            id="description after key actions",
        ),
        pytest.param(
            ["Description", "Key Actions"],
            {"action": 1},
            ((0, "Description"),),
            id="description before key actions",
        ),
        pytest.param(
            ["Key Actions", "Status", "RAG"], {"action": 0, "rag": 2}, ((1, "Status"),), id="rag"
        ),
        pytest.param(
            ["Key Actions", "Owner", "Lead"], {"action": 0, "lead": 2}, ((1, "Owner"),), id="lead"
        ),
        pytest.param(
            ["Key Actions", "Deadline", "Due date"],
            {"action": 0, "target_date": 1},
            ((2, "Due date"),),
            id="equal guesses: the first wins",
        ),
        pytest.param(
            ["Key Actions", "Target Date (revised)", "Target Date"],
            {"action": 0, "target_date": 2},
            ((1, "Target Date (revised)"),),
            id="a header's exact name beats its qualified form",
        ),
    ],
)
def test_a_guessed_header_never_displaces_a_named_one_nor_repeats_a_field(cells, columns, unknown):
    matched = match_headers(cells)
    assert (matched.columns, matched.unknown, matched.problems) == (columns, unknown, ())


def test_only_columns_matched_by_a_guess_are_marked_guessed():
    matched = match_headers(["Ref", "What?", "Key Actions", "Owner", "RAG", "Outcome"])
    assert matched.guessed == {"objective", "lead", "commentary"}


def test_header_row_is_the_one_with_most_known_columns_when_a_group_row_sits_above():
    rows = [["Action", "", "Progress"], CHILDRENS_TRACKER_HEADER]
    assert find_header_row(rows) == 1


@pytest.mark.parametrize(
    ("rows", "index"),
    [
        pytest.param(
            [["Improvement plan"], ["Tasks to do", "Person", "By"], ["a", "b", "c"]],
            1,
            id="a row of short headers under the title",
        ),
        pytest.param(
            [["Ref", "Remarks", "Lead"], ["1", "Do it", "Jo"]], 0, id="known headers count"
        ),
        pytest.param([[], ["", ""]], None, id="nothing filled"),
    ],
)
def test_likely_header_row_prefers_known_then_short_headers(rows, index):
    assert likely_header_row(rows) == index


@pytest.mark.parametrize(
    ("header", "nearest"),
    [
        ("Tagret Date", ("Target Date", "Target Date")),
        ("Key Actons", ("Key Actions", "Key Actions")),
        ("Responsable Officer", ("Responsible Officer", "Lead")),
        ("Sucess measures", ("Success measures", "Targets")),
        ("Origin", None),
        ("Area", None),
    ],
)
def test_nearest_known_header_names_the_header_and_its_field(header, nearest):
    assert nearest_known_header(header) == nearest


@pytest.mark.parametrize(
    ("rows", "title"),
    [
        pytest.param(
            [
                ["ANNEX A"],
                ["Children's Services Improvement Action Tracker"],
                ["Updated: 30 June 2017"],
            ],
            "Children's Services Improvement Action Tracker",
            id="annex label skipped",
        ),
        pytest.param(
            [["Appendix 1"], ["Quality and Safety Improvement Plan"], ["Page 1 of 12"]],
            "Quality and Safety Improvement Plan",
            id="appendix and page reference skipped",
        ),
        pytest.param(
            [
                ["RMBC Notice to Improve Action Plan"],
                ["Performance Measures"],
                ["Date of Update 30th March 2011"],
                ["", "", "", "Measures", "", "", "", "", ""],
            ],
            "RMBC Notice to Improve Action Plan",
            id="2011 paper: the longest line, not the date",
        ),
        pytest.param(
            [["Children's Improvement Plan - 2009/10: Immediate High Priority Actions"], []],
            "Children's Improvement Plan - 2009/10: Immediate High Priority Actions",
            id="a year in the title is kept",
        ),
        pytest.param(
            [["Scrutiny recommendations tracker", "", "", "", "ANNEX B"]],
            "Scrutiny recommendations tracker",
            id="label beside the title",
        ),
        pytest.param(
            [["Improvement plan", "Updated monthly by the improvement board"], ["Action plan"]],
            "Action plan",
            id="a cell alone on its row is preferred",
        ),
        pytest.param(
            [["ANNEX A"], ["Action Plan"], ["Report date: Wednesday 30 September 2017"]],
            "Action Plan",
            id="a longer date line with a weekday is not the title",
        ),
        pytest.param(
            [["Appendix 1"], ["Action Plan"], ["Quarter 2 update 2017/18"]],
            "Action Plan",
            id="a quarter's update line",
        ),
        pytest.param(
            [["Appendix 1"], ["Action Plan"], ["Position at end of Q2 2017/18"]],
            "Action Plan",
            id="a position line",
        ),
        pytest.param(
            [["APPENDIX 1"], ["Improvement Plan"], ["Reporting period: April - June 2017"]],
            "Improvement Plan",
            id="a reporting period",
        ),
        pytest.param(
            [["Annex A"], ["Improvement Plan"], ["Progress as at 31st March 2018"]],
            "Improvement Plan",
            id="a progress-as-at line",
        ),
        pytest.param(
            [["Action plan"], ["Last reviewed: Sept 2017"]], "Action plan", id="a review line"
        ),
        pytest.param(
            [["Document status: DRAFT"], ["Ofsted Improvement Plan"]],
            "Ofsted Improvement Plan",
            id="a document status",
        ),
        pytest.param(
            [["Improvement plan"], ["Prepared by the Improvement Board"]],
            "Improvement plan",
            id="a line naming a plan before a longer note",
        ),
        pytest.param(
            [["ANNEX A"], ["Children's Services Ofsted Improvement"], ["Updated: 30 June 2017"]],
            "Children's Services Ofsted Improvement",
            id="a title naming no plan still beats the labels",
        ),
        pytest.param([["ANNEX A"], ["30/06/2017"], ["June 2017"]], None, id="nothing title-like"),
        pytest.param([], None, id="no rows above the header"),
    ],
)
def test_title_is_the_most_title_like_text_above_the_header(rows, title):
    assert (picked.text if (picked := pick_title(rows)) else None) == title

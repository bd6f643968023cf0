import pytest

from tracker.domain.layout import (
    EXPORT_HEADERS,
    HEADER_VARIANTS,
    column_letter,
    find_header_row,
    match_headers,
    normalise_header,
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
    for key, variants in HEADER_VARIANTS.items():
        for variant in variants:
            keys_by_header.setdefault(normalise_header(variant), set()).add(key)
    assert {header: keys for header, keys in keys_by_header.items() if len(keys) > 1} == {}


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

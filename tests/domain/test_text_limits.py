from datetime import date

import pytest

from tracker.domain import text_limits as limits
from tracker.domain.layout import EXPORT_HEADERS
from tracker.domain.plan_rows import CELL_LIMITS, HEADER_LABELS, parse_plan_rows
from tracker.domain.text_limits import (
    FIELD_LIMITS,
    TextLimit,
    lead_names_problem,
    length_problems,
    shortened,
)

AS_AT = date(2010, 8, 20)
HEADER = [label for _, label in EXPORT_HEADERS]
COLUMN = {key: index for index, (key, _) in enumerate(EXPORT_HEADERS)}
LETTER = {key: "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[index] for key, index in COLUMN.items()}


@pytest.mark.parametrize(
    ("limit", "text", "expected"),
    [
        (TextLimit("Commentary", 10_000), "x" * 10_000, None),
        (
            TextLimit("Commentary", 10_000),
            "x" * 10_001,
            "Commentary must be 10,000 characters or fewer",
        ),
        (TextLimit("Plan title", 300), "", None),
        (TextLimit("Plan title", 300), "é" * 301, "Plan title must be 300 characters or fewer"),
        (TextLimit("Reference", 40), "1.01" * 10, None),
    ],
)
def test_a_limit_names_its_field_and_maximum_only_when_the_text_is_over_it(limit, text, expected):
    assert limit.problem(text) == expected


@pytest.mark.parametrize(
    ("limit", "maximum"),
    [
        (limits.COMMENTARY, 10_000),
        (limits.RISK_DESCRIPTION, 4_000),
        (limits.RISK_CONSEQUENCES, 4_000),
        (limits.RISK_MITIGATION, 4_000),
        (limits.PLAN_TITLE, 300),
        (limits.THEME_TITLE, 300),
        (limits.BAND_LABEL, 300),
        (limits.CURRENT_PERFORMANCE, 2_000),
        (limits.PERSON_NAME, 200),
    ],
)
def test_the_limits_the_issue_names(limit, maximum):
    assert limit.maximum == maximum


def test_every_record_s_text_fields_have_limits_the_api_can_check():
    assert length_problems(
        "risk",
        {
            "description": "x" * 4_001,
            "likelihood": "High",
            "consequences": "x" * 4_000,
            "mitigation": "x" * 4_001,
        },
    ) == {
        "description": "Risk or issue must be 4,000 characters or fewer",
        "mitigation": "Mitigation must be 4,000 characters or fewer",
    }
    assert length_problems("status_update", {"commentary": "x" * 10_000}) == {}
    assert set(FIELD_LIMITS) == {
        "plan",
        "priority_band",
        "theme",
        "objective",
        "action",
        "status_update",
        "person",
        "organisation",
        "risk",
        "achievement",
        "recommendation",
        "evidence",
        "milestone",
    }


@pytest.mark.parametrize(
    ("lead_text", "expected"),
    [
        ("Deb Johnson and Warren Carratt", None),
        (" / ".join(["N" * 200] * 4), None),
        (
            "Deb Johnson / " + "N" * 201,
            "Each lead's name must be 200 characters or fewer; "
            "separate people with ' / ', ';' or a new line",
        ),
    ],
)
def test_each_lead_named_in_a_leads_text_must_fit_a_person_s_name(lead_text, expected):
    assert lead_names_problem(lead_text) == expected


@pytest.mark.parametrize(
    ("text", "maximum", "expected"),
    [("short", 10, "short"), ("0123456789", 10, "0123456789"), ("0123456789AB", 10, "012345678…")],
)
def test_shortened_text_ends_in_an_ellipsis_only_when_cut(text, maximum, expected):
    assert shortened(text, maximum) == expected


def _row(**cells: str) -> list[str]:
    row = [""] * len(HEADER)
    row[COLUMN["theme"]] = "1. Staying Safe"
    row[COLUMN["objective"]] = "Improve referrals"
    row[COLUMN["action"]] = "Audit case files"
    for key, text in cells.items():
        row[COLUMN[key]] = text
    return row


@pytest.mark.parametrize("key", sorted(CELL_LIMITS))
def test_an_imported_cell_over_its_limit_is_a_problem_naming_row_column_and_header(key):
    limit = CELL_LIMITS[key]
    text = "w" * (limit.maximum + 1)

    parsed = parse_plan_rows(
        [HEADER, _row(action="Review referrals"), _row(**{key: text})], as_at=AS_AT
    )

    assert [str(problem) for problem in parsed.problems] == [
        f"row 3, column {LETTER[key]} ({HEADER_LABELS[key]}): {limit.problem(text)} "
        f"(this cell has {len(text):,})"
    ]
    assert len(parsed.rows) == 1


@pytest.mark.parametrize("key", sorted(CELL_LIMITS))
def test_an_imported_cell_at_its_limit_is_read_whole(key):
    text = "w" * CELL_LIMITS[key].maximum
    if key == "lead":
        # Each lead must also fit a person's name: five leads make up the thousand characters.
        text = " / ".join(["w" * 197] * 4 + ["w" * 200])
    if key == "recommendation":
        # Each ref must also fit a recommendation's: 500 refs of 38 or 40 characters.
        text = "; ".join(["w" * 38] * 499 + ["w" * 40])
    assert len(text) == CELL_LIMITS[key].maximum

    parsed = parse_plan_rows([HEADER, _row(**{key: text})], as_at=AS_AT)

    assert parsed.problems == []
    assert len(parsed.rows) == 1


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        (
            [HEADER, _row(theme="1. " + "T" * 301)],
            [
                "row 2, column B (Theme): Theme title must be 300 characters or fewer (this cell "
                "has 301)"
            ],
        ),
        (
            [HEADER, ["2. " + "T" * 301], _row(theme="")],
            ["row 2, column A: Theme title must be 300 characters or fewer (this cell has 301)"],
        ),
        (
            [HEADER, _row(lead="Deb Johnson / " + "N" * 201)],
            [
                f"row 2, column {LETTER['lead']} (Lead): Each lead's name must be 200 characters"
                " or fewer; "
                "separate people with ' / ', ';' or a new line"
            ],
        ),
        ([HEADER, _row(theme="1. " + "T" * 300)], []),
    ],
)
def test_theme_titles_and_lead_names_from_a_file_are_held_to_their_limits(rows, expected):
    assert [str(problem) for problem in parse_plan_rows(rows, as_at=AS_AT).problems] == expected


def test_the_title_row_is_located_for_a_message_about_it():
    parsed = parse_plan_rows([["", "Children's plan"], HEADER, _row()], as_at=AS_AT)

    assert (parsed.title_hint, parsed.title_row, parsed.title_column) == ("Children's plan", 1, "B")

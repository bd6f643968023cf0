"""The council's layout gives each header its value: fields, extras, ignored columns, headings."""

import pytest

from tracker.domain.council_export import ExportedAction, council_table, written_header
from tracker.domain.import_mapping import ColumnMapping

CHILDREN = ColumnMapping(
    columns=(
        ("NOS", "Ref"),
        ("What?", "Objective"),
        ("How?", "Key Actions"),
        ("Who?", "Lead"),
        ("When?", "Target Date"),
        ("Resources", "extra"),
        ("Current Status", "RAG"),
        ("Notes", "ignore"),
        ("Outcome – (report for Q1, Q2, Q3, Q4)", "Performance Commentary"),
    ),
    header_row=3,
    title_row=1,
    title="Children's services improvement action tracker",
)


def action(ref: str, theme: str = "1. Help and protection", objective: str = "", **more):
    extras = more.pop("extras", {})
    values = {
        "ref": ref,
        "theme": theme,
        "objective": objective,
        "action": f"Action {ref}",
        "lead": "Head of Service MASH/ SA",
        "target_date": "Jan-19",
        "rag": "Green",
        "commentary": "",
        "completion": "Completion status not known",
        **more,
    }
    return ExportedAction(values, extras)


def test_title_headers_and_each_field_extra_and_ignored_column_in_the_councils_order():
    table = council_table(
        CHILDREN,
        title="Children's plan",
        actions=[
            action(
                "1",
                objective="Front door",
                commentary="Q1: done",
                extras={"Resources": "Two social workers"},
            )
        ],
    )
    assert table.rows == [
        ["Children's plan", "", "", "", "", "", "", "", ""],
        ["", "", "", "", "", "", "", "", ""],
        [
            "NOS",
            "What?",
            "How?",
            "Who?",
            "When?",
            "Resources",
            "Current Status",
            "Notes",
            "Outcome – (report for Q1, Q2, Q3, Q4)",
        ],
        ["1. Help and protection", "", "", "", "", "", "", "", ""],
        [
            "1",
            "Front door",
            "Action 1",
            "Head of Service MASH/ SA",
            "Jan-19",
            "Two social workers",
            "Green",
            "",
            "Q1: done",
        ],
    ]
    assert table.left_out == ()


@pytest.mark.parametrize(
    ("actions", "headings"),
    [
        pytest.param(
            [action("1"), action("2")],
            [["1. Help and protection"], ["1"], ["2"]],
            id="one theme: one heading row above its actions",
        ),
        pytest.param(
            [action("1"), action("2", theme="2. Leadership")],
            [["1. Help and protection"], ["1"], ["2. Leadership"], ["2"]],
            id="a heading row each time the theme changes",
        ),
    ],
)
def test_a_layout_without_a_theme_column_carries_themes_as_heading_rows(actions, headings):
    mapping = ColumnMapping(columns=(("NOS", "Ref"), ("How?", "Key Actions")), header_row=1)
    table = council_table(mapping, title="Plan", actions=actions)
    assert [[cell for cell in row if cell][:1] for row in table.rows[1:]] == headings


def test_a_layout_without_theme_or_objective_columns_heads_each_with_its_own_row():
    mapping = ColumnMapping(columns=(("NOS", "Ref"), ("How?", "Key Actions")), header_row=2)
    actions = [
        action("1", objective="1.1 Front door"),
        action("2", objective="1.1 Front door"),
        action("3", objective="1.2 Assessments"),
        action("4", theme="2. Leadership", objective="1.2 Assessments"),
    ]
    rows = council_table(mapping, title="Plan", actions=actions).rows
    assert [row[0] for row in rows] == [
        "Plan",
        "NOS",
        "1. Help and protection",
        "1.1 Front door",
        "1",
        "2",
        "1.2 Assessments",
        "3",
        "2. Leadership",
        "1.2 Assessments",
        "4",
    ]


@pytest.mark.parametrize(
    ("header_row", "title_row", "title_at"),
    [
        pytest.param(1, None, None, id="header on row 1: no room for a title"),
        pytest.param(3, None, 0, id="no title row saved: the first row"),
        pytest.param(4, 2, 1, id="the saved title row"),
    ],
)
def test_the_title_goes_on_the_saved_title_row_above_the_header(header_row, title_row, title_at):
    mapping = ColumnMapping(
        columns=(("Theme", "Theme"), ("How?", "Key Actions")),
        header_row=header_row,
        title_row=title_row,
    )
    rows = council_table(mapping, title="The plan", actions=[action("1")]).rows
    assert rows[header_row - 1] == ["Theme", "How?"]
    assert [index for index, row in enumerate(rows) if row[0] == "The plan"] == (
        [] if title_at is None else [title_at]
    )


def test_what_the_layout_has_no_column_for_is_named_as_left_out():
    mapping = ColumnMapping(
        columns=(("Theme", "Theme"), ("Action", "Key Actions"), ("Origin", "extra")),
        header_row=1,
    )
    table = council_table(
        mapping,
        title="Plan",
        actions=[
            action("1", commentary="Going well", extras={"Origin": "Scrutiny", "Area": "North"}),
            action("2", commentary="", extras={"Area": ""}),
        ],
    )
    assert table.left_out == ("Ref", "Lead", "Target Date", "RAG", "Performance Commentary", "Area")


@pytest.mark.parametrize(
    ("name", "earlier", "written"),
    [
        ("Date", [], "Date"),
        ("Date (2)", ["Date"], "Date"),
        ("date (3)", ["Date", "Date (2)"], "date"),
        ("Date (2)", ["Exec Date"], "Date (2)"),
        ("Phase (1)", ["Phase"], "Phase (1)"),
        ("Outcome – (report for Q1, Q2, Q3, Q4)", [], "Outcome – (report for Q1, Q2, Q3, Q4)"),
    ],
)
def test_a_repeated_header_is_written_as_the_file_wrote_it(name, earlier, written):
    assert written_header(name, earlier) == written


def test_beside_a_theme_column_an_objective_without_a_column_is_left_out_not_a_heading():
    mapping = ColumnMapping(columns=(("Theme", "Theme"), ("How?", "Key Actions")), header_row=1)
    table = council_table(
        mapping, title="Plan", actions=[action("1", objective="1.1 Front door"), action("2")]
    )
    assert table.rows[1:] == [
        ["1. Help and protection", "Action 1"],
        ["1. Help and protection", "Action 2"],
    ]
    assert "Objective" in table.left_out


@pytest.mark.parametrize(
    ("themes", "headings"),
    [
        pytest.param(["1. General"], [], id="a file without themes: none written"),
        pytest.param(
            ["1. General", "2. Leadership"],
            ["2. Leadership"],
            id="actions before the first heading, then a theme",
        ),
        pytest.param(
            ["1. Leadership", "2. General"], ["1. Leadership", "2. General"], id="a later General"
        ),
        pytest.param(["3. General"], ["3. General"], id="General numbered otherwise"),
    ],
)
def test_the_theme_a_file_without_themes_was_given_is_not_written_as_a_heading(themes, headings):
    mapping = ColumnMapping(
        columns=(("Ref", "Ref"), ("Objective", "Objective"), ("How?", "Key Actions")),
        header_row=1,
    )
    actions = [action(str(number), theme=theme) for number, theme in enumerate(themes, 1)]
    rows = council_table(mapping, title="Plan", actions=actions).rows
    assert [row[0] for row in rows[1:] if not row[2]] == headings

"""Recognising a scorecard's headers and the words of its cells, as the papers write them."""

import pytest

from tracker.domain.cells import percent_cell_text
from tracker.domain.indicator_layout import (
    Field,
    MappingProblem,
    ScorecardLayout,
    field_of_header,
    find_layout,
    scorecard_mapping_from_json,
    unit_of,
)
from tracker.domain.indicator_terms import Frequency, Unit


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Ref", Field.REF),
        ("NO.", Field.REF),
        ("Ref No", Field.REF),
        ("INDICATORS - EARLY HELP BOROUGH WIDE PERFORMANCE", Field.TITLE),
        ("Indicator", Field.TITLE),
        ("Measure", Field.TITLE),
        ("Good performance is", Field.POLARITY),
        ("GOOD PERF IS", Field.POLARITY),
        ("PERF IS", Field.POLARITY),
        ("DATA NOTE (Monthly)", Field.UNIT),
        ("(Monthly)", Field.UNIT),
        ("Unit", Field.UNIT),
        ("DATA NOTE", Field.DATA_NOTE),
        ("Frequency", Field.FREQUENCY),
        ("Red", Field.RED),
        ("Amber", Field.AMBER),
        ("Target Green", Field.GREEN),
        ("Target", Field.TARGET),
        ("STAT NEIGH AVE", Field.STAT_NEIGHBOUR_AVERAGE),
        ("BEST STAT NEIGH", Field.BEST_STAT_NEIGHBOUR),
        ("NAT AVE", Field.NATIONAL_AVERAGE),
        ("NAT TOP QTILE THRESHOLD", Field.NATIONAL_TOP_QUARTILE),
        ("Regional", Field.REGIONAL),
        ("YTD", Field.COMPUTED),
        ("DOT (Month on Month)", Field.COMPUTED),
        ("RAG (in month)", Field.COMPUTED),
        ("Owner", Field.OWNER),
        ("Nov-16", None),
        ("Resources", None),
    ],
)
def test_header_is_read_as_the_field_the_paper_means(header, field):
    assert field_of_header(header) == field


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("%", Unit.PERCENTAGE),
        ("% (Quarterly)", Unit.PERCENTAGE),
        ("Primary % (Termly)", Unit.PERCENTAGE),
        ("Secondary % (One month in arears)", Unit.PERCENTAGE),
        ("Percentage", Unit.PERCENTAGE),
        ("Number", Unit.NUMBER),
        ("Count", Unit.NUMBER),
        ("No", Unit.NUMBER),
        ("Average count", Unit.NUMBER),
        ("Rate per 10,000", Unit.RATE_PER_10000),
        ("Days", Unit.DAYS),
        ("£", Unit.MONEY),
        ("Bananas", None),
        ("", None),
    ],
)
def test_unit_cell_is_read_as_its_unit(text, unit):
    assert unit_of(text) == unit


def test_the_header_row_is_found_below_a_title_with_periods_and_computed_columns():
    rows = [
        ["Performance Summary As at Month End January 2017"],
        ["NO.", "INDICATOR", "PERF IS", "(Monthly)", "Nov-16", "Dec-16", "YTD", "Resources"],
    ]
    layout = find_layout(rows, None)
    assert isinstance(layout, ScorecardLayout)
    assert layout.header_index == 1
    assert [column.heading for column in layout.periods] == ["Nov-16", "Dec-16"]
    assert layout.heading_frequency == Frequency.MONTHLY
    assert layout.computed == ("G 'YTD'",)
    assert layout.ignored == ("H 'Resources'",)


def test_two_columns_read_as_one_field_are_refused_with_both_named():
    problems = find_layout([["Ref", "Indicator", "Red", "Red tolerance"]], None)
    assert [str(problem) for problem in problems] == [
        "row 1, column D: 'Red tolerance' is read as red, which column C already holds;"
        ' name one of them "ignore" in a mapping file'
    ]


def test_mapping_file_problems_are_all_named():
    with pytest.raises(MappingProblem) as raised:
        scorecard_mapping_from_json(
            {"header_row": 0, "columns": {"Kind": "colour"}, "sheet": 2, "people": []}
        )
    problems = raised.value.problems
    assert problems[0].startswith("unknown setting(s) 'sheet'")
    assert "header_row must be a row number, 1 or more (not 0)" in problems
    assert any(problem.startswith("column 'Kind': 'colour' is not a field") for problem in problems)
    assert any(problem.startswith("people must be an object") for problem in problems)


def test_a_dated_heading_names_its_field_or_the_period_of_its_figures():
    rows = [["Ref", "Indicator", "Target 2016/17", "Outturn 2015/16", "YTD 2016/17", "2016"]]
    layout = find_layout(rows, None)
    assert isinstance(layout, ScorecardLayout)
    assert layout.columns[Field.TARGET] == 2
    assert [(column.index, column.heading) for column in layout.periods] == [
        (3, "2015/16"),
        (5, "2016"),
    ]
    assert layout.computed == ("E 'YTD 2016/17'",)


@pytest.mark.parametrize(
    ("value", "number_format", "text"),
    [
        (0.945, "0.0%", "94.5%"),
        (0.93, "0%", "93%"),
        (1, "0%", "100%"),
        (0.12345, "0.00%", "12.35%"),
        (0.311, "General", None),
        (0.311, None, None),
    ],
)
def test_a_number_the_sheet_shows_as_a_percentage_is_read_as_shown(value, number_format, text):
    assert percent_cell_text(value, number_format) == text


@pytest.mark.parametrize(
    "header",
    [["No.", "Ref.", "Indicator", "Q2 2009/10"], ["Ref.", "No.", "Indicator", "Q2 2009/10"]],
)
def test_a_ref_column_beside_a_row_number_is_the_ref(header):
    layout = find_layout([header], None)
    assert isinstance(layout, ScorecardLayout)
    assert header[layout.columns[Field.REF]] == "Ref."
    assert [text.split(" ", 1)[1] for text in layout.ignored] == ["'No.'"]

"""Spreading merged cells over the rows they span."""

import pytest

from tracker.domain.merged_cells import MergedRange, spread_merged_cells

HEADER = ["Ref", "Key Actions", "Lead", "Target Date", "RAG"]


def block(first_row, first_column, last_row, last_column):
    return MergedRange(first_row, first_column, last_row, last_column)


@pytest.mark.parametrize(
    ("rows", "merged", "expected"),
    [
        pytest.param(
            [HEADER, ["1", "a", "Jo Smith", "March 2018"], ["2", "b"], ["3", "c"]],
            [block(1, 2, 2, 2)],
            [HEADER, ["1", "a", "Jo Smith", "March 2018"], ["2", "b", "Jo Smith"], ["3", "c"]],
            id="lead merged down the rows it spans, not below",
        ),
        pytest.param(
            [HEADER, ["1", "a", "", "March 2018"], ["2", "b"]],
            [block(1, 3, 2, 3)],
            [HEADER, ["1", "a", "", "March 2018"], ["2", "b", "", "March 2018"]],
            id="target date merged down",
        ),
        pytest.param(
            [HEADER, ["CHILDREN IN NEED", "stray"], ["1", "a"]],
            [block(1, 0, 1, 4)],
            [HEADER, ["CHILDREN IN NEED", ""], ["1", "a"]],
            id="heading merged across keeps its text in its first column only",
        ),
        pytest.param(
            [HEADER, ["CHILDREN IN NEED"], [], ["1", "a"]],
            [block(1, 0, 2, 4)],
            [HEADER, ["CHILDREN IN NEED"], [], ["1", "a"]],
            id="heading merged over two rows stays one heading",
        ),
        pytest.param(
            [HEADER, ["1", "a", "Jo Smith"], [], ["2", "b"]],
            [block(1, 2, 2, 2)],
            [HEADER, ["1", "a", "Jo Smith"], [], ["2", "b"]],
            id="a spacer row the block spans stays blank",
        ),
        pytest.param(
            [HEADER, ["1", "a", "Jo Smith"], ["2", "b"]],
            [],
            [HEADER, ["1", "a", "Jo Smith"], ["2", "b"]],
            id="a blank lead not merged stays blank",
        ),
        pytest.param(
            [["Objective", "Key Actions"], ["", "Baseline"], ["O", "a"]],
            [block(0, 0, 1, 0)],
            [["Objective", "Key Actions"], ["", "Baseline"], ["O", "a"]],
            id="a header merged down over its sub-header is left as it is",
        ),
        pytest.param(
            [HEADER, ["1", "a", "Jo Smith"], ["2", "b"]],
            [block(1, 2, 40, 9)],
            [HEADER, ["1", "a", "Jo Smith"], ["2", "b", "Jo Smith"]],
            id="a block past the last row and column is cut to the table",
        ),
    ],
)
def test_merged_block_gives_its_text_to_every_row_it_spans(rows, merged, expected):
    spread, _ = spread_merged_cells(rows, {}, merged, first_row=1)
    assert spread == expected


def test_merged_status_fill_colours_every_row_it_spans():
    rows = [HEADER, ["1", "a"], ["2", "b"], ["3", "c"]]
    _, fills = spread_merged_cells(rows, {(1, 4): "FF0000"}, [block(1, 4, 2, 4)], first_row=1)
    assert fills == {(1, 4): "FF0000", (2, 4): "FF0000"}


def test_fill_of_a_cell_covered_by_a_horizontal_block_is_dropped():
    rows = [HEADER, ["CHILDREN IN NEED"], ["1", "a"]]
    _, fills = spread_merged_cells(
        rows, {(1, 0): "1F4E79", (1, 4): "FF0000"}, [block(1, 0, 1, 4)], first_row=1
    )
    assert fills == {(1, 0): "1F4E79"}


def test_rows_given_are_not_changed():
    rows = [HEADER, ["1", "a", "Jo Smith"], ["2", "b"]]
    spread_merged_cells(rows, {}, [block(1, 2, 2, 2)], first_row=1)
    assert rows[2] == ["2", "b"]


def test_block_in_a_column_read_once_keeps_its_text_on_its_first_row():
    rows = [HEADER, ["1.1", "a", "Jo Smith"], ["", "b"]]
    spread, _ = spread_merged_cells(
        rows, {}, [block(1, 0, 2, 0), block(1, 2, 2, 2)], first_row=1, once={0}
    )
    assert spread == [HEADER, ["1.1", "a", "Jo Smith"], ["", "b", "Jo Smith"]]

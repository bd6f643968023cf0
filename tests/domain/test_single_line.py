import pytest

from tracker.domain.single_line import has_line_break, single_line


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Children's Plan", "Children's Plan", id="one line is kept"),
        pytest.param("Children's\nPlan", "Children's Plan", id="line feed"),
        pytest.param("Children's\r\nPlan", "Children's Plan", id="carriage return and line feed"),
        pytest.param("Children's\rPlan", "Children's Plan", id="carriage return"),
        pytest.param("Children's \n\n  Plan", "Children's Plan", id="blank line and spaces"),
        pytest.param("Children's\u2028Plan", "Children's Plan", id="line separator"),
        pytest.param("Children's\u2029Plan", "Children's Plan", id="paragraph separator"),
        pytest.param("Children's\x85Plan", "Children's Plan", id="next line"),
        pytest.param(
            "Children's\x0bPlan\x0cNow", "Children's Plan Now", id="vertical tab, form feed"
        ),
        pytest.param("A\x1cB\x1dC\x1eD", "A B C D", id="file, group and record separators"),
        pytest.param("\nPlan\n", "Plan", id="breaks at the ends"),
        pytest.param("Plan  2009/10", "Plan  2009/10", id="spaces inside a line are kept"),
        pytest.param("Plan\t2009", "Plan\t2009", id="a tab is not a line break"),
        pytest.param("", "", id="empty"),
    ],
)
def test_line_breaks_become_one_space(text, expected):
    assert single_line(text) == expected
    assert "\n" not in single_line(text) and len(single_line(text).splitlines()) <= 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Plan", False),
        ("Plan\n", False),
        ("  Plan  ", False),
        ("Children's\nPlan", True),
        ("Children's\u2028Plan", True),
    ],
)
def test_a_line_break_inside_the_text_is_noticed(text, expected):
    assert has_line_break(text) is expected

import pytest

from tracker.domain.markup import plain_text, strip_tags


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", ""),
        ("Sept 2010", "Sept 2010"),
        ("  <p>August 2010</p>\n  <p>Sept 2010</p> ", "August 2010 Sept 2010"),
        ("<b>Yes</b>", "Yes"),
        ("Tom &amp; Jerry", "Tom & Jerry"),
        ("Q1&nbsp;2010", "Q1 2010"),
        ("a<br>b", "a b"),
        ("3 &lt; 4", "3 < 4"),
        ("<span style='x'>Red</span>", "Red"),
    ],
)
def test_plain_text_drops_markup_and_spaces_the_words_singly(text, expected):
    assert plain_text(text) == expected


@pytest.mark.parametrize(
    ("text", "keep_line_breaks", "expected"),
    [
        ("<p>Head</p>", False, " Head "),
        ("Ann Lee<br/>Bob Ray", False, "Ann Lee Bob Ray"),
        ("Ann Lee<br/>Bob Ray", True, "Ann Lee\nBob Ray"),
        ("Ann Lee<BR >Bob Ray", True, "Ann Lee\nBob Ray"),
        ("Ann Lee<br>Bob<i>Ray</i>", True, "Ann Lee\nBob Ray "),
        ("R&amp;D", True, "R&D"),
        ("a < b", False, "a < b"),
    ],
)
def test_strip_tags_reads_each_tag_as_a_space(text, keep_line_breaks, expected):
    assert strip_tags(text, keep_line_breaks=keep_line_breaks) == expected

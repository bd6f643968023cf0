"""Typed text may not hold control characters; multi-line text may hold tabs and line breaks."""

import pytest

from tracker.domain.typed_text import control_character_problem


@pytest.mark.parametrize(
    ("text", "multiline", "problem"),
    [
        ("Audits up", False, None),
        ("Audits up", True, None),
        ("", False, None),
        ("Line one\nLine two\r\n\tindented", True, None),
        ("Caf\u00e9 \u202e\u05d0 \u2014 <para>", False, None),
        ("a\x00b", False, "Title contains a control character (U+0000) at character 2: remove it"),
        ("a\x00b", True, "Title contains a control character (U+0000) at character 2: remove it"),
        ("ab\nc", False, "Title contains a line break at character 3: remove it"),
        ("ab\rc", False, "Title contains a line break at character 3: remove it"),
        ("\tab", False, "Title contains a tab at character 1: remove it"),
        (
            "x\x1b[31m",
            True,
            "Title contains a control character (U+001B) at character 2: remove it",
        ),
        ("x\x7f", True, "Title contains a control character (U+007F) at character 2: remove it"),
        ("x\x85y", True, "Title contains a control character (U+0085) at character 2: remove it"),
        (
            "x\x0bvertical tab",
            True,
            "Title contains a control character (U+000B) at character 2: remove it",
        ),
    ],
)
def test_control_characters_are_named_with_their_place(text, multiline, problem):
    assert control_character_problem("Title", text, multiline=multiline) == problem

import pytest

from tracker.domain.status_key_input import new_entry_label, status_words


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Green\nG", ("Green", "G")),
        ("  On   track \n\n on track\nOn   track", ("On track", "on track")),
        ("Green\r\nG\r\n", ("Green", "G")),
        ("", ()),
        ("\n \n", ()),
    ],
)
def test_status_words(text, expected):
    assert status_words(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("On  track", ("On track", "")),
        (" Slipping ", ("Slipping", "")),
        ("x" * 100, ("x" * 100, "")),
        ("", (None, "Enter a label for the new entry meaning 'OT'")),
        ("   ", (None, "Enter a label for the new entry meaning 'OT'")),
        ("x" * 101, (None, "The label for 'OT' must be 100 characters or fewer")),
    ],
)
def test_new_entry_label(text, expected):
    assert new_entry_label(text, word="OT") == expected

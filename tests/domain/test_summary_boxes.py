"""The four boxes' lines: given or cut short titles, and footnote marks for report notes."""

from datetime import date

import pytest

from tracker.domain.highlight import ReportItem, box_lines


def item(ref: str | None, text: str, *, given: str | None = None, note: str = "") -> ReportItem:
    return ReportItem(
        action_id=1,
        ref=ref,
        action=text,
        theme_number=1,
        leads=(),
        target_date=date(2009, 10, 31),
        target_date_text="October 2009",
        given_short_title=given,
        report_note=note,
    )


LONG = "Ensure that every looked after child has an up to date personal education plan " * 2


@pytest.mark.parametrize(
    ("ref", "text", "given", "expected"),
    [
        ("1.01", "Short action", None, "1.01 Short action"),
        ("1.01", "Short action", "", "1.01 Short action"),
        ("1.01", "Short action", "   ", "1.01 Short action"),
        ("1.01", LONG, "Personal education plans", "1.01 Personal education plans"),
        (None, LONG, "Personal  education\nplans", "Personal education plans"),
        (
            "1.01",
            LONG,
            None,
            "1.01 Ensure that every looked after child has an up to date personal education plan…",
        ),
    ],
)
def test_an_actions_short_title_is_the_given_one_else_its_cut_text(ref, text, given, expected):
    assert item(ref, text, given=given).short_title == expected


@pytest.mark.parametrize(
    ("items", "first", "lines", "notes"),
    [
        ([], (), (), ()),
        ([item("1", "A")], (), ("1 A",), ()),
        (
            [item("1", "A", note="Dependent upon the review"), item("2", "B")],
            (),
            ("1 A *", "2 B"),
            ("* Dependent upon the review",),
        ),
        (
            [
                item("1", "A", note="Dependent upon the review"),
                item("2", "B", note="Awaiting funding"),
                item("3", "C", note="Dependent upon the review"),
            ],
            (),
            ("1 A *", "2 B **", "3 C *"),
            ("* Dependent upon the review", "** Awaiting funding"),
        ),
        ([item("4", "D", note="Late")], ("A risk",), ("A risk", "4 D *"), ("* Late",)),
    ],
)
def test_a_box_marks_each_noted_action_and_lists_each_note_once(items, first, lines, notes):
    box = box_lines(items, first=first)

    assert box.lines == lines
    assert box.notes == notes

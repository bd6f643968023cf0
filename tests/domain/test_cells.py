from datetime import date

import pytest

from tracker.domain.cells import (
    CellError,
    format_completion_cell,
    parse_completion_cell,
    parse_iso_date_cell,
    parse_priority_cell,
    parse_theme_cell,
    theme_number_problem,
)
from tracker.domain.enums import Completion


@pytest.mark.parametrize(
    ("text", "completion"),
    [
        ("Y", Completion.COMPLETED),
        ("y", Completion.COMPLETED),
        ("Yes", Completion.COMPLETED),
        ("Complete", Completion.COMPLETED),
        ("Completed.", Completion.COMPLETED),
        ("N", Completion.NOT_COMPLETED),
        ("No", Completion.NOT_COMPLETED),
        ("Not completed", Completion.NOT_COMPLETED),
        ("NOT YET COMPLETED", Completion.NOT_COMPLETED),
        ("P", Completion.PARTIALLY_COMPLETED),
        ("Part", Completion.PARTIALLY_COMPLETED),
        ("Partial", Completion.PARTIALLY_COMPLETED),
        ("Partially", Completion.PARTIALLY_COMPLETED),
        ("Partially completed", Completion.PARTIALLY_COMPLETED),
        ("", Completion.NOT_KNOWN),
        ("?", Completion.NOT_KNOWN),
        ("Unknown", Completion.NOT_KNOWN),
        ("Not known", Completion.NOT_KNOWN),
        ("Completion status not known", Completion.NOT_KNOWN),
        (" <p>Y</p> ", Completion.COMPLETED),
    ],
)
def test_completion_cell_reads_the_four_statuses(text, completion):
    assert parse_completion_cell(text) == completion


@pytest.mark.parametrize("text", ["Maybe", "Y/N", "50%"])
def test_unrecognised_completion_cell_is_refused_saying_what_is_accepted(text):
    with pytest.raises(CellError) as refused:
        parse_completion_cell(text)
    assert str(refused.value) == (
        f"'{text}' is not a completion status; use Completed (Y), Not completed (N),"
        " Partially completed (P) or Not known"
    )


@pytest.mark.parametrize(
    ("completion", "text"),
    [
        (Completion.COMPLETED, "Completed"),
        (Completion.NOT_COMPLETED, "Not completed"),
        (Completion.PARTIALLY_COMPLETED, "Partially completed"),
        (Completion.NOT_KNOWN, "Completion status not known"),
    ],
)
def test_completion_cell_is_written_with_the_papers_wording_and_reads_back(completion, text):
    assert format_completion_cell(completion) == text
    assert parse_completion_cell(text) == completion


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        (
            "1. Staying Safe – Social Worker Practice and Process",
            (1, "Staying Safe – Social Worker Practice and Process"),
        ),
        (
            "2. Enjoying and Achieving – Practice and Process",
            (2, "Enjoying and Achieving – Practice and Process"),
        ),
        (
            "3. Leadership and Management/Capacity Building/Support",
            (3, "Leadership and Management/Capacity Building/Support"),
        ),
        ("7. DfE – Milestone Actions", (7, "DfE – Milestone Actions")),
        ("2 Resource management", (2, "Resource management")),
        ("3) Safeguarding arrangements", (3, "Safeguarding arrangements")),
        ("4.Performance Management", (4, "Performance Management")),
        ("Theme 5: Future direction", (5, "Future direction")),
        ("3)", (3, "")),
        ("Staying Safe - P", (None, "Staying Safe - P")),
        ("Staying Safe - Performance", (None, "Staying Safe - Performance")),
        (
            "Leadership and Management/Capacity Building/Support",
            (None, "Leadership and Management/Capacity Building/Support"),
        ),
        ("2009/10 priorities", (None, "2009/10 priorities")),
        ("1.5 Sub-section", (None, "1.5 Sub-section")),
        ("  <p>5.  Recruitment and   Retention</p> ", (5, "Recruitment and Retention")),
        ("0. Staying Safe - Performance", (0, "Staying Safe - Performance")),
        ("99. Last", (99, "Last")),
        ("100. Days", (None, "100. Days")),
        ("2010 Plan", (None, "2010 Plan")),
        ("1.\nStaying\u2028Safe", (1, "Staying Safe")),
    ],
)
def test_theme_cell_splits_a_leading_number_from_the_title(text, theme):
    assert parse_theme_cell(text) == theme


@pytest.mark.parametrize(
    ("number", "problem"),
    [
        (0, None),
        (1, None),
        (99, None),
        (-1, "The theme number must be from 0 to 99"),
        (100, "The theme number must be from 0 to 99"),
    ],
)
def test_theme_numbers_run_from_0_to_99(number, problem):
    assert theme_number_problem(number) == problem


@pytest.mark.parametrize(
    ("text", "band"),
    [
        ("1", 1),
        ("3", 3),
        ("Priority 2", 2),
        ("priority: 2", 2),
        ("P3", 3),
        ("p 1", 1),
        ("2.0", 2),
        ("", None),
        ("  ", None),
    ],
)
def test_priority_cell_reads_the_band_number(text, band):
    assert parse_priority_cell(text) == band


@pytest.mark.parametrize("text", ["High", "0", "P", "1st", "Priority one"])
def test_unrecognised_priority_cell_is_refused_saying_what_is_accepted(text):
    with pytest.raises(CellError) as refused:
        parse_priority_cell(text)
    assert str(refused.value) == (
        f"'{text}' is not a priority band; use a number from 1 up, e.g. 2, 'Priority 2' or 'P2'"
    )


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2010-11-30", date(2010, 11, 30)),
        ("2010-11-30 00:00:00", date(2010, 11, 30)),
        ("30/11/2010", date(2010, 11, 30)),
        ("1/4/2011", date(2011, 4, 1)),
        ("30.11.2010", date(2010, 11, 30)),
        ("", None),
    ],
)
def test_completed_on_cell_reads_iso_or_uk_dates(text, day):
    assert parse_iso_date_cell(text) == day


@pytest.mark.parametrize("text", ["Nov 2010", "31/06/2010", "11/30/2010", "30/11/10", "2010-13-01"])
def test_unrecognised_completed_on_cell_is_refused_saying_what_is_accepted(text):
    with pytest.raises(CellError) as refused:
        parse_iso_date_cell(text)
    assert str(refused.value) == f"'{text}' is not a date; write it as 2010-11-30 or 30/11/2010"


def test_a_theme_cell_reads_exactly_the_numbers_the_theme_form_accepts():
    for number in range(-5, 150):
        read = parse_theme_cell(f"{number}. Title")[0]
        assert (read == number) is (theme_number_problem(number) is None), number

from datetime import time

import pytest

from tracker.domain.field_values import (
    EMAIL_MESSAGE,
    SLUG_MESSAGE,
    email_problem,
    file_size_problem,
    human_size,
    number_range_problem,
    parse_clock_time,
    parse_whole_number,
    reserved_slug_problem,
    slug_problem,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5", (5, "")),
        (" 12 ", (12, "")),
        ("0", (0, "")),
        ("-3", (-3, "")),
        ("", (None, "")),
        ("   ", (None, "")),
        ("five", (None, "The band number must be a whole number, like 5")),
        ("2.5", (None, "The band number must be a whole number, like 5")),
    ],
)
def test_parse_whole_number(text, expected):
    assert parse_whole_number(text, name="The band number") == expected


@pytest.mark.parametrize(
    ("number", "minimum", "maximum", "expected"),
    [
        (0, 0, 60, None),
        (60, 0, 60, None),
        (61, 0, 60, "Number must be between 0 and 60."),
        (-1, 0, 60, "Number must be between 0 and 60."),
        (None, 0, 60, "Number must be between 0 and 60."),
        (float("nan"), 0, 60, "Number must be between 0 and 60."),
        (1, 1, None, None),
        (0, 1, None, "Number must be at least 1."),
        (5, None, 4, "Number must be at most 4."),
    ],
)
def test_number_range_problem(number, minimum, maximum, expected):
    assert number_range_problem(number, minimum, maximum) == expected


def test_number_range_problem_says_the_message_given():
    assert number_range_problem(9, 1, 8, message="A row of the file, 1 to 8") == (
        "A row of the file, 1 to 8"
    )
    assert number_range_problem(8, 1, 8, message="A row of the file, 1 to 8") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("07:00", (time(7, 0), "")),
        ("7:05", (time(7, 5), "")),
        ("23.59", (time(23, 59), "")),
        (" 00:00 ", (time(0, 0), "")),
        ("", (None, "")),
        ("24:00", (None, "The reminder time must be a time on the 24-hour clock, like 07:00")),
        ("07:60", (None, "The reminder time must be a time on the 24-hour clock, like 07:00")),
        ("7am", (None, "The reminder time must be a time on the 24-hour clock, like 07:00")),
        ("0700", (None, "The reminder time must be a time on the 24-hour clock, like 07:00")),
    ],
)
def test_parse_clock_time(text, expected):
    assert parse_clock_time(text, name="The reminder time") == expected


@pytest.mark.parametrize(
    ("slug", "expected"),
    [
        ("childrens-plan", None),
        ("2009", None),
        ("a" * 80, None),
        ("a" * 81, SLUG_MESSAGE),
        ("-plan", SLUG_MESSAGE),
        ("Plan", SLUG_MESSAGE),
        ("my plan", SLUG_MESSAGE),
        ("", SLUG_MESSAGE),
    ],
)
def test_slug_problem(slug, expected):
    assert slug_problem(slug) == expected


@pytest.mark.parametrize(
    ("slug", "expected"),
    [
        ("new", "Choose another short name: 'new' is reserved"),
        ("tallies", "Choose another short name: 'tallies' is reserved"),
        ("newer", None),
        ("childrens-plan", None),
    ],
)
def test_reserved_slug_problem(slug, expected):
    assert reserved_slug_problem(slug) == expected


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("deb.johnson@rotherham.gov.uk", None),
        ("name@example.org", None),
        ("", EMAIL_MESSAGE),
        ("deb.johnson", EMAIL_MESSAGE),
        ("@rotherham.gov.uk", EMAIL_MESSAGE),
        ("deb@", EMAIL_MESSAGE),
        ("deb johnson@rotherham.gov.uk", EMAIL_MESSAGE),
    ],
)
def test_email_problem(address, expected):
    assert email_problem(address) == expected


@pytest.mark.parametrize(
    ("size", "limit", "expected"),
    [
        (1000, 1000, None),
        (1001, 1000, "The file must be smaller than 0.977 KB"),
        (6 * 1024 * 1024, 5 * 1024 * 1024, "The file must be smaller than 5 MB"),
    ],
)
def test_file_size_problem(size, limit, expected):
    assert file_size_problem(size, limit) == expected


@pytest.mark.parametrize(
    ("size", "expected"),
    [
        (512, "0.5 KB"),
        (200 * 1024, "200 KB"),
        (1024 * 1024, "1 MB"),
        (int(2.5 * 1024**2), "2.5 MB"),
    ],
)
def test_human_size(size, expected):
    assert human_size(size) == expected

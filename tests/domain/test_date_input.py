from datetime import date

import pytest

from tracker.domain.date_input import parse_date_parts


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        (("30", "3", "2011"), (date(2011, 3, 30), "")),
        ((" 1 ", "08", "2010"), (date(2010, 8, 1), "")),
        (("20", "Aug", "2010"), (date(2010, 8, 20), "")),
        (("15", "sept", "2010"), (date(2010, 9, 15), "")),
        (("", "", ""), (None, "")),
        ((" ", "", " "), (None, "")),
        (("", "3", "2011"), (None, "The as-at date must include a day")),
        (("30", "", ""), (None, "The as-at date must include a month and year")),
        (("", "", "2011"), (None, "The as-at date must include a day and month")),
        (("31", "2", "2011"), (None, "The as-at date must be a real date")),
        (("30", "13", "2011"), (None, "The as-at date must be a real date")),
        (("x", "3", "2011"), (None, "The as-at date must be a real date")),
        (("30", "3", "11"), (None, "Year must include 4 numbers")),
        (("0", "3", "2011"), (None, "The as-at date must be a real date")),
    ],
)
def test_parse_date_parts(parts, expected):
    assert parse_date_parts(*parts, name="The as-at date") == expected

"""The patterns the API's description gives for dates and months admit what the parsers take."""

import re

import pytest

from tracker.domain.date_params import (
    DAY_PATTERN,
    MONTH_PATTERN,
    BadReportParameter,
    parse_day,
    parse_month,
)


@pytest.mark.parametrize(
    "text",
    [
        "1899-12-31",
        "1900-01-01",
        "2009-10-31",
        "2026-11-30",
        "2200-12-31",
        "2201-01-01",
        "0604-11-01",
        "9999-01-01",
    ],
)
def test_the_day_pattern_admits_exactly_the_years_the_day_parser_takes(text):
    try:
        parse_day(text)
        taken = True
    except BadReportParameter:
        taken = False
    assert bool(re.fullmatch(DAY_PATTERN, text)) is taken


@pytest.mark.parametrize(
    "text", ["1899-12", "1900-01", "2009-10", "2200-12", "2201-01", "2009-00", "2009-13", "6425-50"]
)
def test_the_month_pattern_admits_exactly_the_months_the_month_parser_takes(text):
    try:
        parse_month(text)
        taken = True
    except BadReportParameter:
        taken = False
    assert bool(re.fullmatch(MONTH_PATTERN, text)) is taken

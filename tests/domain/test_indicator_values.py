"""Read, place and show indicator figures as the papers write them."""

from datetime import date
from decimal import Decimal

import pytest

from tracker.domain.indicator_terms import Frequency, Unit, YearBasis
from tracker.domain.indicator_values import (
    ReadingValue,
    ValueProblem,
    format_value,
    parse_figure,
    parse_period_heading,
    parse_reading,
)


@pytest.mark.parametrize(
    ("text", "unit", "expected"),
    [
        (
            "77.8% (1767/2270)",
            Unit.PERCENTAGE,
            ReadingValue(Decimal("77.8"), Decimal(1767), Decimal(2270), None),
        ),
        ("94.5%", Unit.PERCENTAGE, ReadingValue(Decimal("94.5"), None, None, None)),
        ("106.5 per 10,000", Unit.RATE_PER_10000, ReadingValue(Decimal("106.5"), None, None, None)),
        ("1,192", Unit.NUMBER, ReadingValue(Decimal(1192), None, None, None)),
        ("-", Unit.PERCENTAGE, ReadingValue(None, None, None, "no data")),
        ("n/a", Unit.NUMBER, ReadingValue(None, None, None, "not applicable")),
    ],
)
def test_reads_the_papers_reading_cells(text: str, unit: Unit, expected: ReadingValue) -> None:
    assert parse_reading(text, unit) == expected


@pytest.mark.parametrize(
    ("text", "unit", "reason"),
    [
        ("12..3", Unit.NUMBER, "“12..3” is not a number"),
        ("77.8% (1767/2000)", Unit.PERCENTAGE, "1,767 out of 2,000 is 88.4%, not 77.8%"),
        ("-5", Unit.NUMBER, "below zero"),
    ],
)
def test_refuses_unreadable_readings_with_the_reason(text: str, unit: Unit, reason: str) -> None:
    with pytest.raises(ValueProblem, match=reason):
        parse_reading(text, unit)


@pytest.mark.parametrize(
    ("heading", "start", "end", "label"),
    [
        ("Nov-16", date(2016, 11, 1), date(2016, 11, 30), "Nov-16"),
        ("Jan-17", date(2017, 1, 1), date(2017, 1, 31), "Jan-17"),
        ("Q2 2009/10", date(2009, 7, 1), date(2009, 9, 30), "Q2 2009/10"),
        ("2015/16", date(2015, 4, 1), date(2016, 3, 31), "2015/16"),
        ("Autumn Term 2015", date(2015, 9, 1), date(2015, 12, 31), "Autumn Term 2015"),
    ],
)
def test_reads_period_headings(heading: str, start: date, end: date, label: str) -> None:
    period = parse_period_heading(heading, frequency=None, year_basis=YearBasis.FINANCIAL)
    assert (period.start, period.end, period.label) == (start, end, label)


def test_a_quarterly_figure_under_a_month_heading_is_the_quarter_ending_that_month() -> None:
    period = parse_period_heading(
        "Dec-16", frequency=Frequency.QUARTERLY, year_basis=YearBasis.FINANCIAL
    )
    assert (period.start, period.end, period.label) == (
        date(2016, 10, 1),
        date(2016, 12, 31),
        "Q3 2016/17",
    )


def test_a_target_figure_drops_the_period_in_brackets() -> None:
    assert parse_figure("8.4% (2014/15)", Unit.PERCENTAGE) == Decimal("8.4")


@pytest.mark.parametrize(
    ("value", "unit", "shown"),
    [
        (Decimal("94.5"), Unit.PERCENTAGE, "94.5%"),
        (Decimal(1192), Unit.NUMBER, "1,192"),
        (Decimal("106.5"), Unit.RATE_PER_10000, "106.5 per 10,000"),
        (None, Unit.NUMBER, "-"),
    ],
)
def test_shows_figures_in_their_unit(value: Decimal | None, unit: Unit, shown: str) -> None:
    assert format_value(value, unit) == shown

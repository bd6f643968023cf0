"""Indicators reported months in arrears, and indicators rated on their year to date, as 004."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from tracker.domain.enums import Rag
from tracker.domain.indicator_rules import (
    IndicatorFacts,
    ReadingFacts,
    ToleranceFacts,
    Travel,
    assess,
)
from tracker.domain.indicator_terms import (
    Frequency,
    Polarity,
    RagMethod,
    RagOn,
    Unit,
    YearBasis,
    YtdMethod,
)
from tracker.domain.indicator_values import parse_period_heading, parse_reading

JAN_17 = parse_period_heading("Jan-17", frequency=None, year_basis=YearBasis.FINANCIAL)


def indicator(*, arrears: int = 0, rag_on: RagOn = RagOn.PERIOD) -> IndicatorFacts:
    return IndicatorFacts(
        id=1,
        ref="7.2 Primary",
        title="% of children attending school - primary",
        theme="Attendance",
        unit=Unit.PERCENTAGE,
        polarity=Polarity.HIGH,
        frequency=Frequency.MONTHLY,
        year_basis=YearBasis.FINANCIAL,
        ytd_method=YtdMethod.AVERAGE,
        rag_method=RagMethod.TOLERANCE,
        months_in_arrears=arrears,
        rag_on=rag_on,
    )


def readings(*cells: tuple[str, str]) -> list[ReadingFacts]:
    return [
        ReadingFacts(
            period=parse_period_heading(heading, frequency=None, year_basis=YearBasis.FINANCIAL),
            value=parse_reading(text, Unit.PERCENTAGE),
            commentary="",
            recorded_at=datetime(2017, 2, 3, 9, tzinfo=UTC),
            corrected=False,
        )
        for heading, text in cells
    ]


BANDS = [ToleranceFacts(date(2016, 4, 1), "<90%", "90%>", "95%+")]
# 004's 7.2 Primary, "% (One month in arears)": January's column is empty and the paper rates
# December's 95.3% against November's 95.9%.
ATTENDANCE = readings(("Nov-16", "95.9%"), ("Dec-16", "95.3%"))


@pytest.mark.parametrize(
    ("arrears", "latest", "previous", "travel", "rag"),
    [
        (0, None, "Dec-16", None, None),
        (1, "Dec-16", "Nov-16", Travel.DECLINING, Rag.GREEN),
        (2, "Nov-16", None, None, Rag.GREEN),
    ],
)
def test_a_month_in_arrears_judges_the_figure_that_many_months_earlier(
    arrears, latest, previous, travel, rag
):
    result = assess(indicator(arrears=arrears), ATTENDANCE, [], BANDS, [], JAN_17)
    assert (result.latest.period.label if result.latest else None) == latest
    assert (result.previous.period.label if result.previous else None) == previous
    assert (result.travel, result.rag) == (travel, rag)
    # The scorecard's columns stay the months it heads, January's empty as the paper prints it.
    assert [period.label for period in result.recent_periods] == ["Nov-16", "Dec-16", "Jan-17"]
    assert result.period == JAN_17


# Monthly figures of 96%, 96% and 84%: January alone is red, the year to date of 92% amber.
YEAR = readings(("Nov-16", "96%"), ("Dec-16", "96%"), ("Jan-17", "84%"))


@pytest.mark.parametrize(
    ("rag_on", "rag", "on_target"),
    [(RagOn.PERIOD, Rag.RED, False), (RagOn.YEAR_TO_DATE, Rag.AMBER, False)],
)
def test_rag_on_the_year_to_date_rates_the_year_to_date_not_the_month(rag_on, rag, on_target):
    result = assess(indicator(rag_on=rag_on), YEAR, [], BANDS, [], JAN_17)
    assert result.ytd == Decimal("92")
    assert (result.rag, result.on_target) == (rag, on_target)
    # The direction of travel still follows the months.
    assert result.travel is Travel.DECLINING


def test_rag_on_the_year_to_date_above_the_green_band_is_green():
    year = readings(("Nov-16", "99%"), ("Dec-16", "99%"), ("Jan-17", "88%"))
    result = assess(indicator(rag_on=RagOn.YEAR_TO_DATE), year, [], BANDS, [], JAN_17)
    assert (result.ytd, result.rag) == (Decimal("95.3"), Rag.GREEN)


@pytest.mark.parametrize(
    ("term", "label"),
    [(RagOn.PERIOD, "The period's reading"), (RagOn.YEAR_TO_DATE, "The year to date")],
)
def test_says_what_the_rag_rates_in_words(term, label):
    assert term.label == label

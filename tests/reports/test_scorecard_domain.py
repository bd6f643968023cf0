"""The scorecard's own rules, without an app: reading periods, readings in force, charts."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from tracker.domain.indicator_rules import ReadingFacts, is_own_period
from tracker.domain.indicator_terms import Frequency, Unit, YearBasis
from tracker.domain.indicator_values import Period, ReadingValue, month_period
from tracker.domain.scorecard import in_force, reading_period, stored_value
from tracker.reports.charts import ChartPoint, indicator_chart

F, A, C = YearBasis.FINANCIAL, YearBasis.ACADEMIC, YearBasis.CALENDAR


@pytest.mark.parametrize(
    ("start", "end", "frequency", "basis", "label"),
    [
        pytest.param(date(2016, 11, 1), date(2016, 11, 30), Frequency.MONTHLY, F, "Nov-16"),
        pytest.param(
            date(2009, 7, 1), date(2009, 9, 30), Frequency.QUARTERLY, F, "Q2 2009/10", id="003"
        ),
        pytest.param(
            date(2015, 4, 1), date(2016, 3, 31), Frequency.MONTHLY, F, "2015/16", id="outturn"
        ),
        pytest.param(
            date(2014, 9, 1), date(2015, 8, 31), Frequency.TERMLY, A, "2014/15", id="academic"
        ),
        pytest.param(date(2016, 1, 1), date(2016, 12, 31), Frequency.ANNUAL, C, "2016"),
        pytest.param(
            date(2016, 3, 5),
            date(2016, 4, 20),
            Frequency.MONTHLY,
            F,
            "05 Mar 2016 to 20 Apr 2016",
            id="no period of any frequency",
        ),
    ],
)
def test_a_reading_s_period_is_labelled_as_a_scorecard_heads_it(
    start, end, frequency, basis, label
):
    period = reading_period(start, end, frequency, basis)
    assert (period.start, period.end, period.label) == (start, end, label)


@pytest.mark.parametrize(
    ("value", "text", "no_data"),
    [
        (Decimal("94.5"), "94.5%", None),
        (None, "-", "no data"),
        (None, "n/a", "not applicable"),
        (None, "", "blank"),
        (None, "unreadable ???", "not read: “unreadable ???” is not a number"),
    ],
)
def test_a_stored_reading_says_why_it_has_no_figure(value, text, no_data):
    stored = stored_value(value, None, None, text, Unit.PERCENTAGE)
    assert stored.value == value
    assert stored.no_data == no_data


def facts(month: int, value: str, hour: int) -> ReadingFacts:
    return ReadingFacts(
        period=month_period(2016, month),
        value=ReadingValue(Decimal(value), None, None, None),
        commentary=value,
        recorded_at=datetime(2017, 1, 1, hour, tzinfo=UTC),
        corrected=False,
    )


def test_the_latest_recorded_reading_of_a_period_is_in_force_oldest_period_first():
    kept = in_force(
        [
            (3, facts(12, "3", 9)),
            (1, facts(11, "1", 9)),
            (2, facts(11, "2", 10)),
            # Recorded at the same moment: the later id wins.
            (5, facts(10, "5", 8)),
            (4, facts(10, "4", 8)),
        ]
    )
    assert [r.commentary for r in kept] == ["5", "2", "3"]


def test_an_indicator_chart_scales_to_its_figures_and_leaves_gaps_for_missing_ones():
    points = [
        ChartPoint("Nov-16", Decimal("278"), "278"),
        ChartPoint("Dec-16", None, "no data"),
        ChartPoint("Jan-17", Decimal("403"), "403"),
    ]
    chart = indicator_chart(points, Unit.NUMBER)
    assert [line.label for line in chart.gridlines] == ["0", "125", "250", "375", "500"]
    nov, dec, jan = chart.bars
    assert dec.height == 0
    assert jan.height > nov.height > 0
    assert [bar.month for bar in chart.bars] == ["Nov-16", "Dec-16", "Jan-17"]
    assert [bar.value for bar in chart.bars] == ["278", "no data", "403"]


def test_a_percentage_chart_runs_to_100_unless_a_figure_is_above_it():
    within = indicator_chart([ChartPoint("Jan-17", Decimal("94.5"), "94.5%")], Unit.PERCENTAGE)
    assert within.gridlines[-1].label == "100%"
    above = indicator_chart([ChartPoint("Jan-17", Decimal("106.5"), "106.5%")], Unit.PERCENTAGE)
    assert above.gridlines[-1].label == "200%"


@pytest.mark.parametrize(
    ("start", "end", "frequency", "own"),
    [
        (date(2016, 11, 1), date(2016, 11, 30), Frequency.MONTHLY, True),
        (date(2015, 4, 1), date(2016, 3, 31), Frequency.MONTHLY, False),
        (date(2016, 10, 1), date(2016, 12, 31), Frequency.QUARTERLY, True),
        (date(2016, 12, 1), date(2016, 12, 31), Frequency.QUARTERLY, False),
        (date(2015, 4, 1), date(2016, 3, 31), Frequency.ANNUAL, True),
    ],
)
def test_a_reading_is_of_the_indicator_s_own_frequency_or_not(start, end, frequency, own):
    assert is_own_period(Period(start, end, ""), frequency, F) is own

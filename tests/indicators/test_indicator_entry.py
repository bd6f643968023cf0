"""The reading form offers the complete periods before today's, newest first, per frequency."""

from datetime import date
from itertools import pairwise

import pytest

from tracker.domain.indicator_entry import (
    PERIODS_OFFERED,
    chosen_period,
    period_key,
    recent_periods,
)
from tracker.domain.indicator_terms import Frequency, YearBasis


@pytest.mark.parametrize(
    ("today", "frequency", "basis", "first", "second"),
    [
        (date(2016, 12, 15), Frequency.MONTHLY, YearBasis.FINANCIAL, "Nov-16", "Oct-16"),
        (date(2017, 1, 3), Frequency.MONTHLY, YearBasis.FINANCIAL, "Dec-16", "Nov-16"),
        (date(2009, 11, 2), Frequency.QUARTERLY, YearBasis.FINANCIAL, "Q2 2009/10", "Q1 2009/10"),
        (date(2016, 5, 1), Frequency.ANNUAL, YearBasis.FINANCIAL, "2015/16", "2014/15"),
        (date(2016, 1, 10), Frequency.ANNUAL, YearBasis.ACADEMIC, "2014/15", "2013/14"),
    ],
)
def test_the_last_complete_period_comes_first(today, frequency, basis, first, second):
    periods = recent_periods(today, frequency, basis)

    assert [period.label for period in periods[:2]] == [first, second]
    assert len(periods) == PERIODS_OFFERED[frequency]
    assert all(period.end < today for period in periods)
    assert all(later.start > earlier.end for later, earlier in pairwise(periods))


@pytest.mark.parametrize("frequency", list(Frequency))
def test_every_frequency_offers_its_periods_newest_first(frequency):
    periods = recent_periods(date(2016, 12, 15), frequency, YearBasis.FINANCIAL)

    assert periods
    assert all(later.end > earlier.end for later, earlier in pairwise(periods))


def test_a_period_is_chosen_only_from_those_offered():
    periods = recent_periods(date(2016, 12, 15), Frequency.MONTHLY, YearBasis.FINANCIAL)

    assert chosen_period(period_key(periods[3]), periods) == periods[3]
    assert chosen_period("2016-12-01/2016-12-31", periods) is None
    assert chosen_period("", periods) is None

"""Read, place and show indicator figures as the papers write them."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracker.domain.indicator_terms import Frequency, Unit, YearBasis
from tracker.domain.indicator_values import (
    Period,
    ReadingValue,
    ValueProblem,
    format_value,
    is_year_outturn,
    parse_figure,
    parse_labelled_figure,
    parse_period_heading,
    parse_reading,
    period_containing,
    previous_period,
    year_start,
)

D = Decimal
PCT = Unit.PERCENTAGE
NUM = Unit.NUMBER
RATE = Unit.RATE_PER_10000


@pytest.mark.parametrize(
    ("text", "unit", "expected"),
    [
        # 000 and the issue: current performance with its fraction.
        ("77.8% (1767/2270)", PCT, ReadingValue(D("77.8"), D(1767), D(2270), None)),
        # 003, NI 68's baseline: 2270/3940 is 57.6%, written cut to 57%.
        ("57% (2270/3940)", PCT, ReadingValue(D(57), D(2270), D(3940), None)),
        ("73% (826/1128)", PCT, ReadingValue(D(73), D(826), D(1128), None)),
        ("(1767/2270)", PCT, ReadingValue(D("77.8"), D(1767), D(2270), None)),
        ("1767 / 2270", PCT, ReadingValue(D("77.8"), D(1767), D(2270), None)),
        # 004 Early Help scorecard, January 2017.
        ("94.5%", PCT, ReadingValue(D("94.5"), None, None, None)),
        ("93%", PCT, ReadingValue(D(93), None, None, None)),
        ("6.50%", PCT, ReadingValue(D("6.50"), None, None, None)),
        ("117%", PCT, ReadingValue(D(117), None, None, None)),
        ("94.5", PCT, ReadingValue(D("94.5"), None, None, None)),
        ("1,192", NUM, ReadingValue(D(1192), None, None, None)),
        ("11934", NUM, ReadingValue(D(11934), None, None, None)),
        ("237.7", NUM, ReadingValue(D("237.7"), None, None, None)),
        ("0", NUM, ReadingValue(D(0), None, None, None)),
        # 004 children's social care scorecard: rates per 10,000.
        ("106.5 per 10,000", RATE, ReadingValue(D("106.5"), None, None, None)),
        ("953.8", RATE, ReadingValue(D("953.8"), None, None, None)),
        ("80.7 per 10000", RATE, ReadingValue(D("80.7"), None, None, None)),
        ("364.1 days", Unit.DAYS, ReadingValue(D("364.1"), None, None, None)),
        ("1 day", Unit.DAYS, ReadingValue(D(1), None, None, None)),
        ("£1,200", Unit.MONEY, ReadingValue(D(1200), None, None, None)),
        ("£1.2m", Unit.MONEY, ReadingValue(D(1200000), None, None, None)),
        ("-£250.50", Unit.MONEY, ReadingValue(D("-250.50"), None, None, None)),
        ("  94.5 %  ", PCT, ReadingValue(D("94.5"), None, None, None)),
        ("-", PCT, ReadingValue(None, None, None, "no data")),
        ("–", NUM, ReadingValue(None, None, None, "no data")),
        ("n/a", NUM, ReadingValue(None, None, None, "not applicable")),
        ("N/A", PCT, ReadingValue(None, None, None, "not applicable")),
        ("not available", PCT, ReadingValue(None, None, None, "not available")),
        ("", NUM, ReadingValue(None, None, None, "blank")),
        ("   ", NUM, ReadingValue(None, None, None, "blank")),
    ],
)
def test_reads_the_papers_reading_cells(text: str, unit: Unit, expected: ReadingValue) -> None:
    assert parse_reading(text, unit) == expected


@pytest.mark.parametrize(
    ("text", "unit", "reason"),
    [
        ("12..3", NUM, "“12..3” is not a number"),
        ("1,19", NUM, "“1,19” is not a number"),
        ("1.2.3", NUM, "“1.2.3” is not a number"),
        ("twelve", NUM, "“twelve” is not a number"),
        ("95.7%%", PCT, "“95.7%%” is not a number"),
        # 003 writes "54.5% of care leavers ... 5 out of 11": 5/11 is 45.5%.
        ("54.5% (5/11)", PCT, "“54.5% (5/11)”: 5 out of 11 is 45.5%, not 54.5%"),
        ("77.8% (1767/2000)", PCT, "1,767 out of 2,000 is 88.4%, not 77.8%"),
        ("50% (5/0)", PCT, "divides by nought"),
        ("50% (-5/10)", PCT, "below zero"),
        ("-5", NUM, "“-5” is below zero, which a number cannot be"),
        ("-3.2%", PCT, "below zero, which a percentage cannot be"),
        ("-4 per 10,000", RATE, "below zero"),
        ("12%", NUM, "“12%” is a percentage, but this indicator is a number"),
        ("5 per 100", RATE, "“5 per 100” is not a number"),
        ("27.3% (Jan14 - Dec 14)", PCT, "“27.3% (Jan14 - Dec 14)” is not a number"),
        ("£lots", Unit.MONEY, "“£lots” is not a number"),
    ],
)
def test_refuses_unreadable_readings_with_the_reason(text: str, unit: Unit, reason: str) -> None:
    with pytest.raises(ValueProblem) as refused:
        parse_reading(text, unit)
    assert reason in str(refused.value)


@pytest.mark.parametrize(
    ("text", "unit", "figure"),
    [
        ("95%", PCT, D(95)),
        ("8.4% (2014/15)", PCT, D("8.4")),
        ("13.8% (2014- 15)", PCT, D("13.8")),
        ("439.76", RATE, D("439.76")),
        ("96.5%", PCT, D("96.5")),
        ("10.2", NUM, D("10.2")),
    ],
)
def test_reads_a_target_or_benchmark_figure(text: str, unit: Unit, figure: Decimal) -> None:
    assert parse_figure(text, unit) == figure


def test_keeps_the_period_a_benchmark_refers_to() -> None:
    assert parse_labelled_figure("9.6% (Autumn Term 2015)", PCT) == (D("9.6"), "Autumn Term 2015")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "there is no figure"),
        ("-", "“-” gives no figure"),
        ("TBC", "“TBC” gives no figure"),
        ("882 Families", "“882 Families” is not a number"),
        ("8.4% (2014/15) / 9.0% Autumn Term 2015", "is not a number"),
    ],
)
def test_refuses_a_figure_it_cannot_read(text: str, reason: str) -> None:
    with pytest.raises(ValueProblem) as refused:
        parse_figure(text, PCT)
    assert reason in str(refused.value)


FIN = YearBasis.FINANCIAL
ACAD = YearBasis.ACADEMIC
CAL = YearBasis.CALENDAR


@pytest.mark.parametrize(
    ("heading", "frequency", "basis", "start", "end", "label"),
    [
        # 004's monthly columns.
        ("Nov-16", None, FIN, date(2016, 11, 1), date(2016, 11, 30), "Nov-16"),
        ("Dec-16", Frequency.MONTHLY, FIN, date(2016, 12, 1), date(2016, 12, 31), "Dec-16"),
        ("Jan-17", None, FIN, date(2017, 1, 1), date(2017, 1, 31), "Jan-17"),
        ("Nov 2016", None, FIN, date(2016, 11, 1), date(2016, 11, 30), "Nov-16"),
        ("November 2016", None, FIN, date(2016, 11, 1), date(2016, 11, 30), "Nov-16"),
        ("Sept 2016", None, FIN, date(2016, 9, 1), date(2016, 9, 30), "Sep-16"),
        ("feb-20", None, FIN, date(2020, 2, 1), date(2020, 2, 29), "Feb-20"),
        ("2016-11", None, FIN, date(2016, 11, 1), date(2016, 11, 30), "Nov-16"),
        # 003's quarter and 004's year-on-year trend columns.
        ("Q2 2009/10", None, FIN, date(2009, 7, 1), date(2009, 9, 30), "Q2 2009/10"),
        ("Q4 2009/10", None, FIN, date(2010, 1, 1), date(2010, 3, 31), "Q4 2009/10"),
        ("Quarter 1 2016/17", None, FIN, date(2016, 4, 1), date(2016, 6, 30), "Q1 2016/17"),
        ("Q1 2016/17", None, ACAD, date(2016, 9, 1), date(2016, 11, 30), "Q1 2016/17"),
        ("Q2 2016", None, CAL, date(2016, 4, 1), date(2016, 6, 30), "Q2 2016"),
        ("2015/16", None, FIN, date(2015, 4, 1), date(2016, 3, 31), "2015/16"),
        ("2014/15", Frequency.MONTHLY, FIN, date(2014, 4, 1), date(2015, 3, 31), "2014/15"),
        ("2015-16", None, FIN, date(2015, 4, 1), date(2016, 3, 31), "2015/16"),
        ("2014- 15", None, FIN, date(2014, 4, 1), date(2015, 3, 31), "2014/15"),
        ("2015/2016", None, FIN, date(2015, 4, 1), date(2016, 3, 31), "2015/16"),
        ("2015/16", None, ACAD, date(2015, 9, 1), date(2016, 8, 31), "2015/16"),
        ("2016", None, CAL, date(2016, 1, 1), date(2016, 12, 31), "2016"),
        ("Autumn Term 2015", None, ACAD, date(2015, 9, 1), date(2015, 12, 31), "Autumn Term 2015"),
        ("Autumn 2015", None, ACAD, date(2015, 9, 1), date(2015, 12, 31), "Autumn Term 2015"),
        ("spring term 2016", None, ACAD, date(2016, 1, 1), date(2016, 3, 31), "Spring Term 2016"),
        # A quarterly or termly figure sits in the column of the month its period ends (004 6.1).
        ("Dec-16", Frequency.QUARTERLY, FIN, date(2016, 10, 1), date(2016, 12, 31), "Q3 2016/17"),
        (
            "Dec-16",
            Frequency.TERMLY,
            ACAD,
            date(2016, 9, 1),
            date(2016, 12, 31),
            "Autumn Term 2016",
        ),
        ("Mar-17", Frequency.ANNUAL, FIN, date(2016, 4, 1), date(2017, 3, 31), "2016/17"),
        ("Jan-17", Frequency.ROLLING_YEAR, FIN, date(2016, 2, 1), date(2017, 1, 31), "Jan-17"),
    ],
)
def test_reads_period_headings(
    heading: str,
    frequency: Frequency | None,
    basis: YearBasis,
    start: date,
    end: date,
    label: str,
) -> None:
    assert parse_period_heading(heading, frequency=frequency, year_basis=basis) == Period(
        start, end, label
    )


@pytest.mark.parametrize(
    ("heading", "frequency", "basis", "reason"),
    [
        ("", None, FIN, "the period heading is blank"),
        ("Q2", None, FIN, "“Q2” does not say which year"),
        ("2016", None, FIN, "“2016” is a calendar year, but this indicator runs on financial"),
        ("2015/16", None, CAL, "spans two years, but this indicator runs on calendar years"),
        ("2015/17", None, FIN, "“2015/17” is not a year running from 2015 into 2016"),
        ("2011-12", None, FIN, "could be December 2011 or the year 2011/12"),
        ("2016-13", None, FIN, "“2016-13” has no month 13"),
        (
            "Nov-16",
            Frequency.QUARTERLY,
            FIN,
            "“Nov-16” does not end a period of this quarterly indicator"
            " (Q3 2016/17 ends 31 December 2016)",
        ),
        (
            "Jan-17",
            Frequency.ANNUAL,
            FIN,
            "“Jan-17” does not end a period of this annual indicator",
        ),
        ("Smarch 2016", None, FIN, "“Smarch 2016” is not a period heading"),
        ("YTD", None, FIN, "“YTD” is not a period heading"),
        ("12..3", None, FIN, "is not a period heading"),
    ],
)
def test_refuses_period_headings_it_would_have_to_guess(
    heading: str, frequency: Frequency | None, basis: YearBasis, reason: str
) -> None:
    with pytest.raises(ValueProblem) as refused:
        parse_period_heading(heading, frequency=frequency, year_basis=basis)
    assert reason in str(refused.value)


@pytest.mark.parametrize(
    ("day", "basis", "start"),
    [
        (date(2017, 1, 31), FIN, date(2016, 4, 1)),
        (date(2017, 4, 1), FIN, date(2017, 4, 1)),
        (date(2017, 3, 31), FIN, date(2016, 4, 1)),
        (date(2017, 1, 31), ACAD, date(2016, 9, 1)),
        (date(2016, 8, 31), ACAD, date(2015, 9, 1)),
        (date(2016, 9, 1), ACAD, date(2016, 9, 1)),
        (date(2017, 1, 31), CAL, date(2017, 1, 1)),
    ],
)
def test_starts_the_year_on_its_basis(day: date, basis: YearBasis, start: date) -> None:
    assert year_start(day, basis) == start


@pytest.mark.parametrize(
    ("day", "frequency", "basis", "expected", "before"),
    [
        (
            date(2017, 1, 15),
            Frequency.MONTHLY,
            FIN,
            Period(date(2017, 1, 1), date(2017, 1, 31), "Jan-17"),
            Period(date(2016, 12, 1), date(2016, 12, 31), "Dec-16"),
        ),
        (
            date(2009, 9, 30),
            Frequency.QUARTERLY,
            FIN,
            Period(date(2009, 7, 1), date(2009, 9, 30), "Q2 2009/10"),
            Period(date(2009, 4, 1), date(2009, 6, 30), "Q1 2009/10"),
        ),
        (
            date(2016, 4, 30),
            Frequency.QUARTERLY,
            FIN,
            Period(date(2016, 4, 1), date(2016, 6, 30), "Q1 2016/17"),
            Period(date(2016, 1, 1), date(2016, 3, 31), "Q4 2015/16"),
        ),
        (
            date(2016, 10, 3),
            Frequency.TERMLY,
            ACAD,
            Period(date(2016, 9, 1), date(2016, 12, 31), "Autumn Term 2016"),
            Period(date(2016, 4, 1), date(2016, 8, 31), "Summer Term 2016"),
        ),
        (
            date(2017, 1, 31),
            Frequency.ANNUAL,
            ACAD,
            Period(date(2016, 9, 1), date(2017, 8, 31), "2016/17"),
            Period(date(2015, 9, 1), date(2016, 8, 31), "2015/16"),
        ),
        (
            date(2017, 1, 31),
            Frequency.ROLLING_YEAR,
            FIN,
            Period(date(2016, 2, 1), date(2017, 1, 31), "Jan-17"),
            Period(date(2016, 1, 1), date(2016, 12, 31), "Dec-16"),
        ),
    ],
)
def test_places_a_day_in_its_period_and_steps_back_one(
    day: date, frequency: Frequency, basis: YearBasis, expected: Period, before: Period
) -> None:
    period = period_containing(day, frequency, basis)
    assert period == expected
    assert previous_period(period, frequency, basis) == before


@pytest.mark.parametrize(
    ("period", "basis", "outturn"),
    [
        (Period(date(2015, 4, 1), date(2016, 3, 31), "2015/16"), FIN, True),
        (Period(date(2015, 4, 1), date(2016, 3, 31), "Mar-16"), FIN, True),
        (Period(date(2015, 9, 1), date(2016, 8, 31), "2015/16"), FIN, False),
        (Period(date(2015, 9, 1), date(2016, 8, 31), "2015/16"), ACAD, True),
        (Period(date(2016, 2, 1), date(2017, 1, 31), "Jan-17"), FIN, False),
        (Period(date(2016, 11, 1), date(2016, 11, 30), "Nov-16"), CAL, False),
    ],
)
def test_knows_a_whole_years_figure(period: Period, basis: YearBasis, outturn: bool) -> None:
    assert is_year_outturn(period, basis) is outturn


@pytest.mark.parametrize(
    ("value", "unit", "shown"),
    [
        (D("94.5"), PCT, "94.5%"),
        (D("100.0"), PCT, "100%"),
        (D("6.50"), PCT, "6.5%"),
        (D(1192), NUM, "1,192"),
        (D(11934), NUM, "11,934"),
        (D("10.73"), NUM, "10.73"),
        (D("106.5"), RATE, "106.5 per 10,000"),
        (D("364.1"), Unit.DAYS, "364.1 days"),
        (D(1), Unit.DAYS, "1 day"),
        (D(1200000), Unit.MONEY, "£1,200,000"),
        (D("94.5"), Unit.MONEY, "£94.50"),
        (D("-250.5"), Unit.MONEY, "-£250.50"),
        (None, NUM, "-"),
        (None, PCT, "-"),
    ],
)
def test_shows_figures_in_their_unit(value: Decimal | None, unit: Unit, shown: str) -> None:
    assert format_value(value, unit) == shown


@given(
    value=st.decimals(min_value=0, max_value=10**9, places=3, allow_nan=False),
    unit=st.sampled_from([PCT, NUM, RATE, Unit.DAYS]),
)
def test_a_shown_figure_reads_back_as_itself(value: Decimal, unit: Unit) -> None:
    assert parse_reading(format_value(value, unit), unit).value == value


@given(value=st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False))
def test_a_shown_sum_of_money_reads_back_as_itself(value: Decimal) -> None:
    assert parse_reading(format_value(value, Unit.MONEY), Unit.MONEY).value == value


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("1" * 16, NUM),
        ("1" * 100_000, PCT),
        ("0.1234567890123456", RATE),
        ("£" + "9" * 20, Unit.MONEY),
    ],
)
def test_refuses_a_figure_longer_than_a_reading_can_keep(text: str, unit: Unit) -> None:
    with pytest.raises(ValueProblem) as refused:
        parse_reading(text, unit)
    assert "has more digits than a figure can keep (15)" in str(refused.value)
    assert len(str(refused.value)) < 120


@pytest.mark.parametrize(
    "cell", ["x" * 100_000, "(" * 50_000 + "/" + ")" * 50_000, "Q1 " + "2" * 100_000]
)
def test_quotes_a_hostile_cell_cut_short(cell: str) -> None:
    for read in (
        lambda: parse_reading(cell, PCT),
        lambda: parse_period_heading(cell, frequency=None, year_basis=FIN),
    ):
        with pytest.raises(ValueProblem) as refused:
            read()
        assert len(str(refused.value)) < 250


def test_a_two_digit_year_far_from_today_is_refused() -> None:
    with pytest.raises(ValueProblem) as refused:
        parse_period_heading("Nov-99", frequency=None, year_basis=FIN, today=date(2017, 2, 3))
    assert str(refused.value) == (
        "“Nov-99” would be November 2099, far from 2017: write the year in full"
    )


def test_a_two_digit_year_near_today_and_a_full_year_are_read() -> None:
    today = date(2017, 2, 3)
    near = parse_period_heading("Nov-16", frequency=None, year_basis=FIN, today=today)
    full = parse_period_heading("November 1999", frequency=None, year_basis=FIN, today=today)
    assert (near.label, full.label) == ("Nov-16", "Nov-99")


@given(
    day=st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)),
    frequency=st.sampled_from(list(Frequency)),
    basis=st.sampled_from(list(YearBasis)),
)
def test_a_periods_heading_reads_back_as_the_period(
    day: date, frequency: Frequency, basis: YearBasis
) -> None:
    period = period_containing(day, frequency, basis)
    assert parse_period_heading(period.label, frequency=frequency, year_basis=basis) == period
    assert period.start <= day <= period.end
    assert previous_period(period, frequency, basis).end < period.end

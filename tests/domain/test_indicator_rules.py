"""Judge indicators as the papers did: RAG, direction of travel, year to date and clinics."""

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracker.domain.enums import Rag
from tracker.domain.indicator_rules import (
    BenchmarkFacts,
    IndicatorFacts,
    Quartile,
    ReadingFacts,
    TargetFacts,
    ToleranceFacts,
    Travel,
    YtdSymbol,
    assess,
    direction_of_travel,
    dot_text,
    quartile,
    rag_by_comparison,
    target_for,
    top_performance,
    year_to_date,
    ytd_symbol,
)
from tracker.domain.indicator_terms import (
    BenchmarkKind,
    Frequency,
    Polarity,
    RagMethod,
    Unit,
    YearBasis,
    YtdMethod,
)
from tracker.domain.indicator_tolerances import parse_tolerances
from tracker.domain.indicator_values import (
    Period,
    parse_period_heading,
    parse_reading,
    previous_period,
)

D = Decimal
HIGH = Polarity.HIGH
LOW = Polarity.LOW
WITHIN = Polarity.WITHIN_LIMITS
INFO = Polarity.INFO
PCT = Unit.PERCENTAGE
NUM = Unit.NUMBER
FIN = YearBasis.FINANCIAL
RECORDED = datetime(2017, 2, 3, 9, 0, tzinfo=UTC)


def _indicator(
    polarity: Polarity,
    *,
    unit: Unit = PCT,
    frequency: Frequency = Frequency.MONTHLY,
    basis: YearBasis = FIN,
    ytd_method: YtdMethod = YtdMethod.LATEST_VALUE,
    rag_method: RagMethod = RagMethod.TOLERANCE,
) -> IndicatorFacts:
    return IndicatorFacts(
        id=1,
        ref="8.2",
        title="An indicator",
        theme="A theme",
        unit=unit,
        polarity=polarity,
        frequency=frequency,
        year_basis=basis,
        ytd_method=ytd_method,
        rag_method=rag_method,
    )


def _readings(
    unit: Unit,
    cells: Sequence[tuple[str, str]],
    *,
    frequency: Frequency | None = None,
    basis: YearBasis = FIN,
) -> list[ReadingFacts]:
    """Return readings from (heading, cell) pairs as a scorecard holds them."""
    return [
        ReadingFacts(
            period=parse_period_heading(heading, frequency=frequency, year_basis=basis),
            value=parse_reading(text, unit),
            commentary="",
            recorded_at=RECORDED,
            corrected=False,
        )
        for heading, text in cells
    ]


def _tolerances(red: str, amber: str, green: str) -> list[ToleranceFacts]:
    return [ToleranceFacts(year_start=date(2016, 4, 1), red=red, amber=amber, green=green)]


def _target(value: str, until: date, applies_from: date | None = None) -> TargetFacts:
    return TargetFacts(D(value), applies_from, until, value)


def _period(heading: str, basis: YearBasis = FIN) -> Period:
    return parse_period_heading(heading, frequency=None, year_basis=basis)


JAN_17 = _period("Jan-17")


# 002's rule: green = target met and at or above the statistical neighbour or national
# average; amber = target missed but at or above either; red = below the target and both.
@pytest.mark.parametrize(
    ("case", "value", "target", "neighbours", "national", "polarity", "rag"),
    [
        ("target met, above neighbours only", "80", "75", "78", "82", HIGH, Rag.GREEN),
        ("target met, above national only", "80", "75", "82", "78", HIGH, Rag.GREEN),
        ("target met, level with neighbours", "78", "75", "78", "82", HIGH, Rag.GREEN),
        ("target missed, above both", "80", "85", "78", "79", HIGH, Rag.AMBER),
        ("target missed, on the national average", "79", "85", "80", "79", HIGH, Rag.AMBER),
        ("target missed, below both", "70", "85", "78", "79", HIGH, Rag.RED),
        # 002 does not rate a met target below both averages: neither its green nor its red.
        ("target met, below both", "76", "75", "78", "79", HIGH, Rag.AMBER),
        # 002 No.10: LAC level 4+ writing 43%, target 45% missed by 2, 16 below neighbours,
        # 12 below the national average for looked-after children: in the red exceptions.
        ("002 No.10 LAC writing", "43", "45", "59.2", "55", HIGH, Rag.RED),
        ("target met, only neighbours known", "80", "75", "78", None, HIGH, Rag.GREEN),
        # Low is good: "above" means better, so lower. 004 CSC 5.12 2013/14: 6.8% of CP
        # plans ended after two years, against 4.5%, neighbours 3.4% and England 3.7%.
        ("CP plans over two years", "6.8", "4.5", "3.4", "3.7", LOW, Rag.RED),
        ("low is good, met and better", "3.0", "4.5", "3.4", "3.7", LOW, Rag.GREEN),
        ("low is good, missed but better", "3.5", "3.0", "3.4", "3.7", LOW, Rag.AMBER),
    ],
)
def test_rates_by_target_and_comparators_as_002(
    case: str,
    value: str,
    target: str,
    neighbours: str | None,
    national: str | None,
    polarity: Polarity,
    rag: Rag,
) -> None:
    assert (
        rag_by_comparison(
            D(value),
            D(target),
            None if neighbours is None else D(neighbours),
            None if national is None else D(national),
            polarity,
        )
        is rag
    ), case


@pytest.mark.parametrize(
    ("target", "neighbours", "national", "polarity"),
    [
        (None, "78", "79", HIGH),
        ("75", None, None, HIGH),
        ("75", "78", "79", INFO),
        ("75", "78", "79", WITHIN),
    ],
)
def test_cannot_rate_by_comparison_without_a_target_and_an_average(
    target: str | None, neighbours: str | None, national: str | None, polarity: Polarity
) -> None:
    assert (
        rag_by_comparison(
            D(80),
            None if target is None else D(target),
            None if neighbours is None else D(neighbours),
            None if national is None else D(national),
            polarity,
        )
        is None
    )


@pytest.mark.parametrize(
    ("row", "previous", "current", "polarity", "travel"),
    [
        ("004 EH 1.2 triage", "93.0", "94.5", HIGH, Travel.IMPROVING),
        ("004 EH 3.2 assessments in 35 days", "30.2", "18.2", HIGH, Travel.DECLINING),
        ("004 CSC 1.6 referrals to assessment", "99.0", "99.0", HIGH, Travel.MAINTAINED),
        ("004 CSC 8.2 three or more placements", "12.8", "11.7", LOW, Travel.IMPROVING),
        ("004 EH 9.4 NEET care leavers", "25.9", "29.2", LOW, Travel.DECLINING),
        ("004 EH 4.1 open cases", "1175", "1285", INFO, Travel.UP),
        ("004 EH 4.2 closed cases", "193", "169", INFO, Travel.DOWN),
        ("004 EH 11.6 capability processes", "0", "0", INFO, Travel.SAME),
        ("within limits with no range", "12.5", "12.9", WITHIN, Travel.UP),
        ("000 NI 59, February to March 2011", "82.1", "82.9", HIGH, Travel.IMPROVING),
    ],
)
def test_direction_of_travel_goes_through_the_polarity(
    row: str, previous: str, current: str, polarity: Polarity, travel: Travel
) -> None:
    assert direction_of_travel(D(current), D(previous), polarity) is travel, row


@pytest.mark.parametrize(
    ("previous", "current", "travel"),
    [
        # 004 CSC 10.3, range 14-20: 12.5 to 12.9 comes nearer the range.
        ("12.5", "12.9", Travel.IMPROVING),
        ("15", "16", Travel.MAINTAINED),
        ("19", "21", Travel.DECLINING),
        ("22", "13", Travel.IMPROVING),
        ("13", "22", Travel.DECLINING),
    ],
)
def test_within_limits_improves_towards_the_range(
    previous: str, current: str, travel: Travel
) -> None:
    bands = parse_tolerances(
        "over 1% above range", "1% above range", "14-20", polarity=WITHIN, unit=NUM
    )
    assert direction_of_travel(D(current), D(previous), WITHIN, tolerances=bands) is travel


@pytest.mark.parametrize(("current", "previous"), [(None, D(1)), (D(1), None), (None, None)])
def test_no_direction_without_two_figures(
    current: Decimal | None, previous: Decimal | None
) -> None:
    assert direction_of_travel(current, previous, HIGH) is None


figures = st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False)
_OPPOSITE = {
    Travel.IMPROVING: Travel.DECLINING,
    Travel.DECLINING: Travel.IMPROVING,
    Travel.MAINTAINED: Travel.MAINTAINED,
    Travel.UP: Travel.DOWN,
    Travel.DOWN: Travel.UP,
    Travel.SAME: Travel.SAME,
}


@given(a=figures, b=figures, polarity=st.sampled_from([HIGH, LOW, INFO]))
def test_travel_back_is_the_opposite_way(a: Decimal, b: Decimal, polarity: Polarity) -> None:
    there = direction_of_travel(b, a, polarity)
    assert there is not None
    assert direction_of_travel(a, b, polarity) is _OPPOSITE[there]


@given(a=figures, b=figures)
def test_low_is_good_travels_opposite_to_high(a: Decimal, b: Decimal) -> None:
    high = direction_of_travel(b, a, HIGH)
    assert high is not None
    assert direction_of_travel(b, a, LOW) is _OPPOSITE[high]


@pytest.mark.parametrize(
    ("travel", "within_limits", "words"),
    [
        (Travel.UP, None, "increase in numbers (no good/bad performance)"),
        (Travel.SAME, None, "stable with last month (no good/bad performance)"),
        (Travel.DOWN, None, "decrease in numbers (no good/bad performance)"),
        (Travel.IMPROVING, False, "improvement in performance"),
        (Travel.IMPROVING, True, "improvement in performance"),
        (Travel.MAINTAINED, True, "no movement but within limits of target"),
        (Travel.MAINTAINED, False, "no movement, not on target"),
        (Travel.DECLINING, True, "decline in performance but still within limits of target"),
        (Travel.DECLINING, False, "decline in performance, not on target"),
        (Travel.DECLINING, None, "decline in performance (no target set)"),
        (Travel.MAINTAINED, None, "no movement (no target set)"),
        (None, True, "comparison cannot be made"),
    ],
)
def test_words_the_direction_as_004s_key(
    travel: Travel | None, within_limits: bool | None, words: str
) -> None:
    assert dot_text(travel, within_limits) == words


def test_draws_the_arrows_and_symbols_of_the_papers() -> None:
    assert [t.arrow for t in Travel] == ["↑", "→", "↓", "↑", "→", "↓"]
    assert [s.symbol for s in YtdSymbol] == ["★", "●", "▲", "–"]
    assert YtdSymbol.ABOVE.label == "2% above target or top performance"
    assert Quartile.TOP.label == "Top quartile"


# 004 EH 2.2, initial contacts in three days: numbers in time out of those in scope.
CONTACTS = [
    ("Mar-16", "50.0% (10/20)"),
    ("Nov-16", "25.3% (23/91)"),
    ("Dec-16", "23.7% (28/118)"),
    ("Jan-17", "31.1% (28/90)"),
]
# 004 EH 1.1, contacts with an Early Help recommendation.
EH_CONTACTS = [("Mar-16", "300"), ("Nov-16", "278"), ("Dec-16", "267"), ("Jan-17", "403")]
# 004 EH 7.2, school attendance (primary), an academic-year measure.
ATTENDANCE = [("Aug-16", "90.0%"), ("Nov-16", "95.9%"), ("Dec-16", "95.3%")]


@pytest.mark.parametrize(
    ("case", "cells", "unit", "method", "basis", "frequency", "upto", "ytd"),
    [
        (
            "count summed over the financial year",
            EH_CONTACTS,
            NUM,
            YtdMethod.CUMULATIVE_SUM,
            FIN,
            Frequency.MONTHLY,
            "Jan-17",
            "948",
        ),
        (
            "count summed up to December",
            EH_CONTACTS,
            NUM,
            YtdMethod.CUMULATIVE_SUM,
            FIN,
            Frequency.MONTHLY,
            "Dec-16",
            "545",
        ),
        (
            "count in a calendar year",
            EH_CONTACTS,
            NUM,
            YtdMethod.CUMULATIVE_SUM,
            YearBasis.CALENDAR,
            Frequency.MONTHLY,
            "Jan-17",
            "403",
        ),
        (
            "percentage as numerators over denominators",
            CONTACTS,
            PCT,
            YtdMethod.CUMULATIVE_SUM,
            FIN,
            Frequency.MONTHLY,
            "Jan-17",
            "26.4",
        ),
        (
            "month-end position",
            [("Nov-16", "1,192"), ("Dec-16", "1,175"), ("Jan-17", "1,285")],
            NUM,
            YtdMethod.LATEST_VALUE,
            FIN,
            Frequency.MONTHLY,
            "Jan-17",
            "1285",
        ),
        (
            "academic-year average",
            ATTENDANCE,
            PCT,
            YtdMethod.AVERAGE,
            YearBasis.ACADEMIC,
            Frequency.MONTHLY,
            "Jan-17",
            "95.6",
        ),
        (
            "average over the months of the year",
            [("Nov-16", "70.9%"), ("Dec-16", "72.7%"), ("Jan-17", "70.1%")],
            PCT,
            YtdMethod.AVERAGE,
            FIN,
            Frequency.MONTHLY,
            "Jan-17",
            "71.2",
        ),
        (
            "a rolling year is its latest figure",
            [("Dec-16", "28.3%"), ("Jan-17", "28.1%")],
            PCT,
            YtdMethod.CUMULATIVE_SUM,
            FIN,
            Frequency.ROLLING_YEAR,
            "Jan-17",
            "28.1",
        ),
        (
            "no data months are left out",
            [("Nov-16", "-"), ("Dec-16", "4"), ("Jan-17", "n/a")],
            NUM,
            YtdMethod.CUMULATIVE_SUM,
            FIN,
            Frequency.MONTHLY,
            "Jan-17",
            "4",
        ),
    ],
)
def test_forms_the_year_to_date_by_basis_and_method(
    case: str,
    cells: list[tuple[str, str]],
    unit: Unit,
    method: YtdMethod,
    basis: YearBasis,
    frequency: Frequency,
    upto: str,
    ytd: str,
) -> None:
    readings = _readings(unit, cells, frequency=frequency, basis=basis)
    result = year_to_date(
        readings,
        method=method,
        basis=basis,
        frequency=frequency,
        period=_period(upto, basis),
        unit=unit,
    )
    assert result == D(ytd), case


@pytest.mark.parametrize(
    ("cells", "upto"),
    [
        ([("Nov-16", "25.3%"), ("Dec-16", "23.7% (28/118)")], "Jan-17"),
        ([("2015/16", "80%")], "Jan-17"),
        ([("Mar-16", "50%")], "Jan-17"),
        ([("Jan-17", "-")], "Jan-17"),
    ],
)
def test_no_year_to_date_without_what_it_is_formed_from(
    cells: list[tuple[str, str]], upto: str
) -> None:
    assert (
        year_to_date(
            _readings(PCT, cells),
            method=YtdMethod.CUMULATIVE_SUM,
            basis=FIN,
            frequency=Frequency.MONTHLY,
            period=_period(upto),
            unit=PCT,
        )
        is None
    )


@pytest.mark.parametrize(
    ("case", "ytd", "target", "polarity", "top", "symbol"),
    [
        # 003: NI 103b "still 3% above target" is a star.
        ("3% above target", "97.9", "95", HIGH, None, YtdSymbol.ABOVE),
        ("2% of the target above it", "96.9", "95", HIGH, None, YtdSymbol.ABOVE),
        # 2% is a share of the target, not percentage points: 1.5 points on 50 is 3%.
        ("1.5 points above a target of 50", "51.5", "50", HIGH, None, YtdSymbol.ABOVE),
        ("1.5 points above a target of 95", "96.5", "95", HIGH, None, YtdSymbol.ON_TARGET),
        ("on target exactly", "95", "95", HIGH, None, YtdSymbol.ON_TARGET),
        # 003: NI 113a chlamydia screening at 7.1% against 8.9%.
        ("003 NI 113a below target", "7.1", "8.9", HIGH, None, YtdSymbol.BELOW),
        ("low is good, 2% under", "4.4", "4.5", LOW, None, YtdSymbol.ABOVE),
        ("low is good, just under", "4.45", "4.5", LOW, None, YtdSymbol.ON_TARGET),
        ("low is good, over", "4.6", "4.5", LOW, None, YtdSymbol.BELOW),
        ("top performance without a target", "8.0", None, LOW, "8.0", YtdSymbol.ABOVE),
        ("top performance below target", "90", "95", HIGH, "88", YtdSymbol.ABOVE),
        ("outside the top quartile", "90", "95", HIGH, "97.8", YtdSymbol.BELOW),
        ("no target set", "90", None, HIGH, None, YtdSymbol.NO_TARGET),
        ("no year to date", None, "95", HIGH, None, YtdSymbol.NO_TARGET),
        ("information only", "90", "95", INFO, None, YtdSymbol.NO_TARGET),
        # 003: none at all is top performance, as no schools in special measures.
        ("none at all against a target of nought", "0", "0", LOW, None, YtdSymbol.ABOVE),
        ("none at all without a target", "0", None, LOW, None, YtdSymbol.ABOVE),
    ],
)
def test_gives_the_year_to_date_003s_symbol(
    case: str,
    ytd: str | None,
    target: str | None,
    polarity: Polarity,
    top: str | None,
    symbol: YtdSymbol,
) -> None:
    assert (
        ytd_symbol(
            None if ytd is None else D(ytd),
            None if target is None else D(target),
            polarity,
            None if top is None else D(top),
        )
        is symbol
    ), case


@pytest.mark.parametrize(
    ("case", "value", "polarity", "top", "unit", "top_performer"),
    [
        # 003: every statement of special educational needs issued within timescales.
        ("all of them in time", "100", HIGH, None, PCT, True),
        ("nearly all", "99.9", HIGH, None, PCT, False),
        ("a high count has no ceiling", "100", HIGH, None, NUM, False),
        # 003: no schools in special measures.
        ("none at all, low is good", "0", LOW, None, NUM, True),
        ("in the top quartile", "97.9", HIGH, "97.8", PCT, True),
        ("outside it", "11.7", LOW, "8.0", PCT, False),
        ("information only", "0", INFO, None, NUM, False),
    ],
)
def test_knows_top_performance(
    case: str, value: str, polarity: Polarity, top: str | None, unit: Unit, top_performer: bool
) -> None:
    threshold = None if top is None else D(top)
    assert top_performance(D(value), polarity, threshold, unit=unit) is top_performer, case


def test_top_performance_earns_the_star_on_target() -> None:
    assert ytd_symbol(D(100), D(100), HIGH, None, unit=PCT) is YtdSymbol.ABOVE
    assert ytd_symbol(D(100), D(100), HIGH, None, unit=NUM) is YtdSymbol.ON_TARGET


@pytest.mark.parametrize(("ytd", "symbol"), [("16", YtdSymbol.ON_TARGET), ("21", YtdSymbol.BELOW)])
def test_a_within_limits_year_to_date_is_on_target_inside_the_range(
    ytd: str, symbol: YtdSymbol
) -> None:
    bands = parse_tolerances("", "1% above range", "14-20", polarity=WITHIN, unit=NUM)
    assert ytd_symbol(D(ytd), None, WITHIN, None, tolerances=bands) is symbol


# 000, NI 59: "80% March 2010 85% October 2010 87% March 2011".
NI_59_TARGETS = [
    _target("80", date(2010, 3, 31)),
    _target("85", date(2010, 10, 31)),
    _target("87", date(2011, 3, 31)),
]


@pytest.mark.parametrize(
    ("heading", "target"),
    [
        ("Nov-09", "80"),
        ("Mar-10", "80"),
        ("Apr-10", "85"),
        ("Oct-10", "85"),
        ("Nov-10", "87"),
        ("Mar-11", "87"),
        ("2010/11", "87"),
        ("Apr-11", None),
    ],
)
def test_takes_the_staged_target_in_force(heading: str, target: str | None) -> None:
    found = target_for(NI_59_TARGETS, _period(heading))
    assert (None if found is None else str(found.value)) == target


def test_a_target_does_not_apply_before_it_starts() -> None:
    later = [_target("90", date(2011, 3, 31), applies_from=date(2010, 4, 1))]
    assert target_for(later, _period("Jan-10")) is None
    assert target_for(later, _period("Apr-10")) == later[0]


@pytest.mark.parametrize(
    ("row", "value", "threshold", "polarity", "position"),
    [
        ("004 CSC 1.6 referrals to assessment", "99.0", "97.8", HIGH, Quartile.TOP),
        ("004 CSC 2.2 assessments in 45 days", "67.7", "91.2", HIGH, Quartile.NOT_TOP),
        ("004 CSC 8.2 three or more placements", "11.7", "8.0", LOW, Quartile.NOT_TOP),
        ("004 CSC 5.12 CP plans over 2 years", "0.0", "2.4", LOW, Quartile.TOP),
        ("on the threshold", "72.0", "72.0", HIGH, Quartile.TOP),
        ("information only", "911.9", "548.3", INFO, None),
    ],
)
def test_places_a_figure_against_the_top_quartile(
    row: str, value: str, threshold: str, polarity: Polarity, position: Quartile | None
) -> None:
    assert quartile(D(value), D(threshold), polarity) is position, row


def test_no_quartile_without_a_figure_or_threshold() -> None:
    assert quartile(None, D(1), HIGH) is None
    assert quartile(D(1), None, HIGH) is None


def test_placements_low_is_good_falling_into_amber_is_amber_and_improving() -> None:
    readings = _readings(PCT, [("Nov-16", "10.4%"), ("Dec-16", "12.8%"), ("Jan-17", "11.7%")])
    benchmarks = [
        BenchmarkFacts(BenchmarkKind.STAT_NEIGHBOUR_AVERAGE, D("9.2"), "2014/15"),
        BenchmarkFacts(BenchmarkKind.NATIONAL_TOP_QUARTILE, D("8.0"), "2014/15"),
    ]
    result = assess(
        _indicator(LOW), readings, [], _tolerances("12%+", "12%>", "9.6%<"), benchmarks, JAN_17
    )
    assert result.rag is Rag.AMBER
    assert result.travel is Travel.IMPROVING
    assert result.movement is Travel.DOWN
    assert result.dot_text == "improvement in performance"
    assert result.on_target is False
    assert [r.period.label if r else None for r in result.recent] == ["Nov-16", "Dec-16", "Jan-17"]
    assert [p.label for p in result.recent_periods] == ["Nov-16", "Dec-16", "Jan-17"]
    assert result.latest is not None and result.latest.value.value == D("11.7")
    assert result.previous is not None and result.previous.value.value == D("12.8")
    assert result.quartile is Quartile.NOT_TOP
    assert result.benchmarks == tuple(benchmarks)
    assert result.problems == ()


def test_triage_at_94_5_with_amber_above_90_is_amber_and_within_limits() -> None:
    readings = _readings(PCT, [("Nov-16", "92.4%"), ("Dec-16", "93.0%"), ("Jan-17", "94.5%")])
    result = assess(
        _indicator(HIGH), readings, [], _tolerances("", ">90% <100%", "100%"), [], JAN_17
    )
    assert (result.rag, result.travel) == (Rag.AMBER, Travel.IMPROVING)
    assert result.on_target is False


def test_a_decline_within_the_amber_band_is_within_limits_of_target() -> None:
    readings = _readings(PCT, [("Dec-16", "96.0%"), ("Jan-17", "93.0%")])
    result = assess(_indicator(HIGH), readings, [], _tolerances("<90%", "90%>", "95%+"), [], JAN_17)
    assert result.rag is Rag.AMBER
    assert result.dot_text == "decline in performance but still within limits of target"


def test_assessments_in_35_days_falling_to_18_2_is_red_and_declining_off_target() -> None:
    readings = _readings(PCT, [("Nov-16", "26.0%"), ("Dec-16", "30.2%"), ("Jan-17", "18.2%")])
    result = assess(
        _indicator(HIGH), readings, [], _tolerances("", ">90% <100%", "100%"), [], JAN_17
    )
    assert result.rag is Rag.RED
    assert result.dot_text == "decline in performance, not on target"


def test_initial_contacts_declining_at_the_quarter_end_are_a_clinic_candidate() -> None:
    # 004 EH 2.2, "Past Performance 2016/17": September 65.8%, December 23.7%.
    readings = _readings(
        PCT,
        [
            ("Jun-16", "39.0%"),
            ("Sep-16", "65.8%"),
            ("Oct-16", "68.0%"),
            ("Nov-16", "25.3%"),
            ("Dec-16", "23.7%"),
            ("Jan-17", "31.1%"),
        ],
    )
    result = assess(
        _indicator(HIGH),
        readings,
        [_target("75", date(2017, 3, 31))],
        _tolerances("", ">65% <75%", "75%"),
        [],
        JAN_17,
    )
    assert result.rag is Rag.RED
    assert result.travel is Travel.IMPROVING
    assert result.clinic_candidate is True
    assert result.clinic_quarters == ("Q3 2016/17",)


def _quarterly(
    cells: list[tuple[str, str]], target: str, period: str
) -> tuple[bool, tuple[str, ...]]:
    result = assess(
        _indicator(HIGH, frequency=Frequency.QUARTERLY),
        _readings(PCT, cells, frequency=Frequency.QUARTERLY),
        [_target(target, date(2010, 3, 31))],
        [],
        [],
        _period(period),
    )
    return result.clinic_candidate, result.clinic_quarters


@pytest.mark.parametrize(
    ("case", "cells", "target", "candidate", "quarters"),
    [
        # 003 NI 67: child protection reviews declined in Q2 and are below their 100% target.
        (
            "NI 67 declined off target",
            [("Q1 2009/10", "100%"), ("Q2 2009/10", "97.6%")],
            "100",
            True,
            ("Q2 2009/10",),
        ),
        # 003 NI 60: core assessments improved slightly since Q1 but are still at 63.7%.
        (
            "NI 60 improved off target",
            [("Q1 2009/10", "62.9%"), ("Q2 2009/10", "63.7%")],
            "80",
            False,
            (),
        ),
        # 003 NI 103b: statements in timescale declined but are still 3% above target.
        (
            "NI 103b declined on target",
            [("Q1 2009/10", "99%"), ("Q2 2009/10", "97.9%")],
            "95",
            False,
            (),
        ),
        (
            "declined two quarters running",
            [("Q4 2008/09", "70%"), ("Q1 2009/10", "66%"), ("Q2 2009/10", "60%")],
            "75",
            True,
            ("Q1 2009/10", "Q2 2009/10"),
        ),
        (
            "declined, then recovered",
            [("Q4 2008/09", "70%"), ("Q1 2009/10", "66%"), ("Q2 2009/10", "68%")],
            "75",
            False,
            (),
        ),
        ("no earlier quarter to compare", [("Q2 2009/10", "60%")], "75", False, ()),
    ],
)
def test_clinic_candidates_are_off_target_and_declining_at_the_quarter_end(
    case: str,
    cells: list[tuple[str, str]],
    target: str,
    candidate: bool,
    quarters: tuple[str, ...],
) -> None:
    assert _quarterly(cells, target, "Q2 2009/10") == (candidate, quarters), case


def test_a_quarter_is_judged_once_it_has_ended() -> None:
    cells = [("Q1 2009/10", "100%"), ("Q2 2009/10", "97.6%")]
    assert _quarterly(cells, "100", "Oct-09") == (True, ("Q2 2009/10",))
    assert _quarterly(cells, "100", "Aug-09") == (False, ())


def test_a_quarterly_figure_shows_in_the_month_its_quarter_ends() -> None:
    # 004 EH 6.1, children registered with a children's centre: 93% under Dec-16, green 95%.
    readings = _readings(PCT, [("Dec-16", "93%")], frequency=Frequency.QUARTERLY)
    result = assess(
        _indicator(HIGH, frequency=Frequency.QUARTERLY),
        readings,
        [_target("95", date(2017, 3, 31))],
        _tolerances("", "", "95%"),
        [],
        JAN_17,
    )
    assert [r is not None for r in result.recent] == [False, True, False]
    assert result.latest is not None and result.latest.period.label == "Q3 2016/17"
    assert result.on_target is False
    assert result.rag is Rag.AMBER
    assert result.problems == ()


# 004's rows with a target but no red or amber band, as the paper rated them in January 2017.
@pytest.mark.parametrize(
    ("case", "polarity", "cells", "green", "rag"),
    [
        ("EH 9.3 care leavers in EET, declining", HIGH, ["72.7%", "70.1%"], "80.0%", Rag.RED),
        ("EH 9.4 care leavers NEET, declining", LOW, ["25.9%", "29.2%"], "20.0%", Rag.RED),
        ("EH 11.7 sick days, improving", LOW, ["10.78", "10.73"], "10.2", Rag.AMBER),
        ("EH 6.2 centre activities, no earlier month", HIGH, ["", "43%"], "66%", Rag.AMBER),
        ("EH 9.2 NEET, on its target", LOW, ["3.0%", "3.2%"], "3.2%", Rag.GREEN),
        ("EH 11.5 appraisals, above target", HIGH, ["100%", "100%"], "98%", Rag.GREEN),
    ],
)
def test_a_target_without_red_or_amber_bands_rates_as_the_paper_does(
    case: str, polarity: Polarity, cells: list[str], green: str, rag: Rag
) -> None:
    months = [(m, cell) for m, cell in zip(["Dec-16", "Jan-17"], cells, strict=True) if cell]
    result = assess(
        _indicator(polarity),
        _readings(PCT, months),
        [_target(green.rstrip("%"), date(2017, 3, 31))],
        _tolerances("", "", green),
        [],
        JAN_17,
    )
    assert (result.rag, result.problems) == (rag, ()), case


def test_the_latest_recorded_reading_for_a_period_is_the_one_in_force() -> None:
    first, correction = _readings(PCT, [("Jan-17", "94.5%"), ("Jan-17", "89.0%")])
    correction = ReadingFacts(
        correction.period, correction.value, "corrected", RECORDED + timedelta(days=1), True
    )
    result = assess(
        _indicator(HIGH),
        [correction, first],
        [],
        _tolerances("", ">90% <100%", "100%"),
        [],
        JAN_17,
    )
    assert result.latest == correction
    assert result.rag is Rag.RED


def test_rates_by_comparison_with_the_benchmarks() -> None:
    result = assess(
        _indicator(HIGH, rag_method=RagMethod.COMPARISON, frequency=Frequency.ANNUAL),
        _readings(PCT, [("2013/14", "43%")], frequency=Frequency.ANNUAL),
        [_target("45", date(2014, 3, 31))],
        [],
        [
            BenchmarkFacts(BenchmarkKind.STAT_NEIGHBOUR_AVERAGE, D("59.2"), "2013"),
            BenchmarkFacts(BenchmarkKind.NATIONAL_AVERAGE, D("55"), "2013"),
        ],
        _period("2013/14"),
    )
    assert result.rag is Rag.RED
    assert result.rag_method is RagMethod.COMPARISON
    assert [r.period.label for r in result.outturns] == ["2013/14"]


def test_says_why_a_comparison_cannot_rate() -> None:
    result = assess(
        _indicator(HIGH, rag_method=RagMethod.COMPARISON),
        _readings(PCT, [("Jan-17", "43%")]),
        [_target("45", date(2017, 3, 31))],
        [],
        [],
        JAN_17,
    )
    assert result.rag is None
    assert result.problems == (
        "No RAG: rating by comparison needs a target and a statistical neighbour or national"
        " average",
    )


def test_an_unreadable_tolerance_is_a_problem_not_a_failure() -> None:
    result = assess(
        _indicator(HIGH),
        _readings(PCT, [("Jan-17", "43%")]),
        [],
        _tolerances("<90%", "about 90", "95%+"),
        [],
        JAN_17,
    )
    assert result.rag is None
    assert result.problems[0].startswith(
        "The tolerances cannot be read. Amber: “about 90” is not a tolerance"
    )


def test_a_range_to_be_set_gives_no_rag() -> None:
    result = assess(
        _indicator(HIGH),
        _readings(PCT, [("Dec-16", "21.4%"), ("Jan-17", "18.7%")]),
        [],
        _tolerances("range to be set", "", ""),
        [],
        JAN_17,
    )
    assert (result.rag, result.travel) == (None, Travel.DECLINING)
    assert result.dot_text == "decline in performance (no target set)"


def test_says_why_a_cumulative_percentage_has_no_year_to_date() -> None:
    result = assess(
        _indicator(HIGH, ytd_method=YtdMethod.CUMULATIVE_SUM),
        _readings(PCT, [("Dec-16", "23.7%"), ("Jan-17", "31.1% (28/90)")]),
        [],
        [],
        [],
        JAN_17,
    )
    assert result.ytd is None
    assert result.ytd_symbol is YtdSymbol.NO_TARGET
    assert "numerator and denominator" in result.problems[0]


def test_keeps_year_outturns_apart_from_the_months() -> None:
    readings = _readings(
        PCT,
        [("2014/15", "12.0%"), ("2015/16", "11.9%"), ("Mar-16", "11.0%"), ("Jan-17", "11.7%")],
    )
    result = assess(_indicator(LOW), readings, [], [], [], JAN_17)
    assert [r.period.label for r in result.outturns] == ["2014/15", "2015/16"]
    assert result.ytd == D("11.7")
    assert [r is not None for r in result.recent] == [False, False, True]


def test_nothing_to_judge_without_a_reading() -> None:
    result = assess(
        _indicator(HIGH),
        [],
        [_target("95", date(2017, 3, 31))],
        _tolerances("<90%", "90%>", "95%+"),
        [],
        JAN_17,
    )
    assert (result.latest, result.rag, result.travel, result.on_target) == (None, None, None, None)
    assert result.dot_text == "comparison cannot be made"
    assert result.ytd_symbol is YtdSymbol.NO_TARGET
    assert result.clinic_candidate is False
    assert result.target is not None and result.target.value == D(95)


def test_an_information_measure_ignores_its_tolerances() -> None:
    result = assess(
        _indicator(INFO, unit=NUM, ytd_method=YtdMethod.CUMULATIVE_SUM),
        _readings(NUM, [("Nov-16", "278"), ("Dec-16", "267"), ("Jan-17", "403")]),
        [],
        _tolerances("lots", "", ""),
        [],
        JAN_17,
    )
    assert result.rag is None
    assert result.travel is Travel.UP
    assert result.dot_text == "increase in numbers (no good/bad performance)"
    assert result.ytd == D(948)
    assert result.ytd_symbol is YtdSymbol.NO_TARGET
    assert result.problems == ()


def test_a_quarters_figure_beside_the_months_is_not_counted_twice() -> None:
    readings = _readings(NUM, EH_CONTACTS) + _readings(
        NUM, [("Q3 2016/17", "545")], frequency=Frequency.QUARTERLY
    )
    result = year_to_date(
        readings,
        method=YtdMethod.CUMULATIVE_SUM,
        basis=FIN,
        frequency=Frequency.MONTHLY,
        period=JAN_17,
        unit=NUM,
    )
    assert result == D(948)


def test_a_quarterly_scorecard_steps_back_over_its_own_quarters() -> None:
    academic = _indicator(HIGH, basis=YearBasis.ACADEMIC)
    readings = _readings(PCT, [("Jun-16", "90%"), ("Sep-16", "91%"), ("Dec-16", "92%")])
    result = assess(academic, readings, [], [], [], _period("Q3 2016/17"))
    assert [p.label for p in result.recent_periods] == ["Q1 2016/17", "Q2 2016/17", "Q3 2016/17"]
    assert [r.period.label if r else None for r in result.recent] == ["Jun-16", "Sep-16", "Dec-16"]


# The action plans' NI 59 and NI 60 against their staged targets, as the plans rated them.
STAGES_59 = [("80", date(2010, 3, 31)), ("85", date(2010, 10, 31)), ("87", date(2011, 3, 31))]
STAGES_60 = [("80", date(2010, 3, 31)), ("84", date(2010, 10, 31)), ("87", date(2011, 3, 31))]


@pytest.mark.parametrize(
    ("case", "stages", "cells", "month", "rag"),
    [
        (
            "NI 59 Aug 2010, past the March stage",
            STAGES_59,
            ["80.16%", "80.11%"],
            "Aug-10",
            Rag.AMBER,
        ),
        ("NI 60 Aug 2010, on October's", STAGES_60, ["", "87.67%"], "Aug-10", Rag.GREEN),
        ("NI 59 Mar 2011, short of October's", STAGES_59, ["82.1%", "82.9%"], "Mar-11", Rag.RED),
        ("NI 60 Mar 2011, short of October's", STAGES_60, ["", "80.23%"], "Mar-11", Rag.RED),
    ],
)
def test_staged_targets_rate_amber_while_the_stage_already_past_is_met(
    case: str, stages: list[tuple[str, date]], cells: list[str], month: str, rag: Rag
) -> None:
    period = _period(month)
    before = previous_period(period, Frequency.MONTHLY, FIN)
    months = [(p.label, c) for p, c in zip([before, period], cells, strict=True) if c]
    result = assess(
        _indicator(HIGH),
        _readings(PCT, months),
        [_target(value, due) for value, due in stages],
        [],
        [],
        period,
    )
    assert result.rag is rag, case

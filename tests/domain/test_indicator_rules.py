"""Judge indicators as the papers did: RAG, direction of travel, year to date and clinics."""

from datetime import UTC, date, datetime
from decimal import Decimal

from tracker.domain.enums import Rag
from tracker.domain.indicator_rules import (
    Assessment,
    BenchmarkFacts,
    IndicatorFacts,
    ReadingFacts,
    TargetFacts,
    ToleranceFacts,
    Travel,
    YtdSymbol,
    assess,
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
from tracker.domain.indicator_values import month_period, parse_reading

RECORDED = datetime(2017, 2, 3, 9, 0, tzinfo=UTC)


def _indicator(
    polarity: Polarity,
    *,
    unit: Unit = Unit.PERCENTAGE,
    frequency: Frequency = Frequency.MONTHLY,
    ytd_method: YtdMethod = YtdMethod.LATEST_VALUE,
    rag_method: RagMethod = RagMethod.TOLERANCE,
) -> IndicatorFacts:
    return IndicatorFacts(
        id=1,
        ref="8.2",
        title="% of LAC who have had 3 or more placements - rolling 12 months",
        theme="Looked after children",
        unit=unit,
        polarity=polarity,
        frequency=frequency,
        year_basis=YearBasis.FINANCIAL,
        ytd_method=ytd_method,
        rag_method=rag_method,
    )


def _monthly(unit: Unit, **cells: str) -> list[ReadingFacts]:
    """Return readings from cells named like the scorecard's columns, as nov_16="12.8%"."""
    readings = []
    for heading, text in cells.items():
        month_name, short_year = heading.split("_")
        month = date(2000 + int(short_year), 1, 1).replace(
            month=[
                "jan",
                "feb",
                "mar",
                "apr",
                "may",
                "jun",
                "jul",
                "aug",
                "sep",
                "oct",
                "nov",
                "dec",
            ].index(month_name)
            + 1
        )
        readings.append(
            ReadingFacts(
                period=month_period(month.year, month.month),
                value=parse_reading(text, unit),
                commentary="",
                recorded_at=RECORDED,
                corrected=False,
            )
        )
    return readings


def _tolerances(red: str, amber: str, green: str) -> list[ToleranceFacts]:
    return [ToleranceFacts(year_start=date(2016, 4, 1), red=red, amber=amber, green=green)]


JAN_17 = month_period(2017, 1)


def test_placements_low_is_good_falling_into_amber_is_amber_and_improving() -> None:
    indicator = _indicator(Polarity.LOW)
    result = assess(
        indicator,
        _monthly(Unit.PERCENTAGE, nov_16="10.4%", dec_16="12.8%", jan_17="11.7%"),
        [],
        _tolerances("12%+", "12%>", "9.6%<"),
        [BenchmarkFacts(BenchmarkKind.NATIONAL_TOP_QUARTILE, Decimal("8.0"), "2014/15")],
        JAN_17,
    )
    assert isinstance(result, Assessment)
    assert result.rag is Rag.AMBER
    assert result.travel is Travel.IMPROVING
    assert result.dot_text == "improvement in performance"
    assert [r.period.label if r else None for r in result.recent] == ["Nov-16", "Dec-16", "Jan-17"]
    assert result.latest is not None and result.latest.value.value == Decimal("11.7")
    assert result.quartile is not None and result.quartile.value == "not_top"


def test_triage_at_94_5_with_amber_above_90_is_amber() -> None:
    result = assess(
        _indicator(Polarity.HIGH),
        _monthly(Unit.PERCENTAGE, nov_16="92.4%", dec_16="93.0%", jan_17="94.5%"),
        [],
        _tolerances("", ">90% <100%", "100%"),
        [],
        JAN_17,
    )
    assert (result.rag, result.travel) == (Rag.AMBER, Travel.IMPROVING)


def test_initial_contacts_at_31_1_declining_is_red_and_a_clinic_candidate() -> None:
    readings = _monthly(
        Unit.PERCENTAGE,
        sep_16="65.8%",
        oct_16="68.0%",
        nov_16="25.3%",
        dec_16="23.7%",
        jan_17="31.1%",
    )
    result = assess(
        _indicator(Polarity.HIGH),
        readings,
        [TargetFacts(Decimal(75), date(2016, 4, 1), date(2017, 3, 31), "75%")],
        _tolerances("", ">65% <75%", "75%"),
        [],
        JAN_17,
    )
    assert result.rag is Rag.RED
    assert result.on_target is False
    assert result.clinic_candidate is True
    assert result.clinic_quarters == ("Q3 2016/17",)


def test_information_only_measure_goes_up_in_numbers_without_rag() -> None:
    result = assess(
        _indicator(Polarity.INFO, unit=Unit.NUMBER, ytd_method=YtdMethod.CUMULATIVE_SUM),
        _monthly(Unit.NUMBER, nov_16="278", dec_16="267", jan_17="403"),
        [],
        [],
        [],
        JAN_17,
    )
    assert result.rag is None
    assert result.travel is Travel.UP
    assert result.dot_text == "increase in numbers (no good/bad performance)"
    assert result.ytd == Decimal(948)
    assert result.ytd_symbol is YtdSymbol.NO_TARGET

"""Read tolerance texts of the scorecards into bands and rate figures by them."""

from decimal import Decimal

import pytest

from tracker.domain.enums import Rag
from tracker.domain.indicator_rules import rag_by_tolerance
from tracker.domain.indicator_terms import Polarity, Unit
from tracker.domain.indicator_tolerances import parse_tolerances
from tracker.domain.indicator_values import ValueProblem


@pytest.mark.parametrize(
    ("ref", "red", "amber", "green", "polarity", "unit", "value", "rag"),
    [
        ("004 EH 1.2", "", ">90% <100%", "100%", Polarity.HIGH, Unit.PERCENTAGE, "94.5", Rag.AMBER),
        ("004 EH 2.2", "", ">65% <75%", "75%", Polarity.HIGH, Unit.PERCENTAGE, "31.1", Rag.RED),
        ("004 CSC 8.2", "12%+", "12%>", "9.6%<", Polarity.LOW, Unit.PERCENTAGE, "11.7", Rag.AMBER),
        ("004 CSC 1.2", "<92%", "92%>", "95%+", Polarity.HIGH, Unit.PERCENTAGE, "79.8", Rag.RED),
        (
            "004 CSC 10.3",
            "over 1% above range",
            "1% above range",
            "14-20",
            Polarity.WITHIN_LIMITS,
            Unit.NUMBER,
            "17",
            Rag.GREEN,
        ),
        (
            "004 CSC 10.3",
            "over 1% above range",
            "1% above range",
            "14-20",
            Polarity.WITHIN_LIMITS,
            Unit.NUMBER,
            "20.2",
            Rag.AMBER,
        ),
        (
            "004 CSC 10.3",
            "over 1% above range",
            "1% above range",
            "14-20",
            Polarity.WITHIN_LIMITS,
            Unit.NUMBER,
            "12.9",
            Rag.RED,
        ),
    ],
)
def test_rates_the_papers_rows(
    ref: str, red: str, amber: str, green: str, polarity: Polarity, unit: Unit, value: str, rag: Rag
) -> None:
    tolerances = parse_tolerances(red, amber, green, polarity=polarity, unit=unit)
    assert rag_by_tolerance(Decimal(value), tolerances, polarity) is rag, ref


def test_a_range_still_to_be_set_rates_nothing() -> None:
    tolerances = parse_tolerances(
        "range to be set", "", "", polarity=Polarity.HIGH, unit=Unit.PERCENTAGE
    )
    assert tolerances.range_to_be_set
    assert rag_by_tolerance(Decimal(50), tolerances, Polarity.HIGH) is None


def test_refuses_an_unreadable_tolerance_naming_its_column() -> None:
    with pytest.raises(ValueProblem, match=r"^Amber: “about 90” is not a tolerance"):
        parse_tolerances("<90%", "about 90", "95%+", polarity=Polarity.HIGH, unit=Unit.PERCENTAGE)

"""Read the scorecards' tolerance texts into bands and rate figures by them."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracker.domain.enums import Rag
from tracker.domain.indicator_rules import rag_by_tolerance
from tracker.domain.indicator_terms import Polarity, Unit
from tracker.domain.indicator_tolerances import Band, Limit, Tolerances, parse_tolerances
from tracker.domain.indicator_values import ValueProblem

HIGH = Polarity.HIGH
LOW = Polarity.LOW
WITHIN = Polarity.WITHIN_LIMITS
INFO = Polarity.INFO
PCT = Unit.PERCENTAGE
NUM = Unit.NUMBER
RATE = Unit.RATE_PER_10000
R, A, G = Rag.RED, Rag.AMBER, Rag.GREEN


# Rows of 004 (January 2017) with their red, amber and green texts and the January figure.
# The Early Help rows carry the paper's own RAG letter; the children's social care scorecard's
# RAG column was colour only, so those rows give the band the texts put the figure in.
@pytest.mark.parametrize(
    ("row", "red", "amber", "green", "polarity", "unit", "value", "rag"),
    [
        ("EH 1.2 triage in 5 days", "", ">90% <100%", "100%", HIGH, PCT, "94.5", A),
        ("EH 2.2 initial contacts", "", ">65% <75%", "75%", HIGH, PCT, "31.1", R),
        ("EH 3.2 assessments in 35 days", "", ">90% <100%", "100%", HIGH, PCT, "18.2", R),
        ("CSC 8.2 three or more placements", "12%+", "12%>", "9.6%<", LOW, PCT, "11.7", A),
        ("CSC 8.2 in November", "12%+", "12%>", "9.6%<", LOW, PCT, "10.4", A),
        ("CSC 8.2 in December", "12%+", "12%>", "9.6%<", LOW, PCT, "12.8", R),
        ("CSC 1.2 contacts decided in a day", "<92%", "92%>", "95%+", HIGH, PCT, "79.8", R),
        ("CSC 1.6 referrals to assessment", "<83%", "83%>", "86%+", HIGH, PCT, "99.0", G),
        ("CSC 1.8 re-referrals in month", "26%+", "26%>", "23%<", LOW, PCT, "22.7", G),
        ("CSC 1.9 re-referrals in 12 months", "30%+", "26%>", "26%<", LOW, PCT, "28.1", A),
        ("CSC 2.2 assessments in 45 days", "<83%", "83%>", "86%+", HIGH, PCT, "67.7", R),
        ("CSC 4.5 CIN with a plan", "<85%", "85%>", "90%+", HIGH, PCT, "87.5", A),
        ("CSC 5.5 ICPCs in 15 days", "<85%", "85%>", "90%+", HIGH, PCT, "97.6", G),
        ("CSC 5.8 CP discontinuations", "<55", "55>", "59.9+", HIGH, RATE, "81.4", G),
        ("CSC 5.11 CP plans over 2 years", "3.6%+", "3.6%>", "2.6%<", LOW, PCT, "0.3", G),
        ("CSC 6.8 children adopted", "<20%", "20%>", "22.7% +", HIGH, PCT, "75.0", G),
        ("CSC 6.15 LAC visits", "<95%", "95%> ", "98%+", HIGH, PCT, "78.7", R),
        ("CSC 8.1 stable placements", "<68%", "68%>", "70%+", HIGH, PCT, "66.2", R),
        ("CSC 9.2 days to adoption placement", "511+", "511>", "487<", LOW, Unit.DAYS, "374.7", G),
        ("CSC 9.3 days to matching", "127+", "127>", "121<", LOW, Unit.DAYS, "208.4", R),
        ("CSC 10.1 maximum caseload", "25+", "24>", "22<", LOW, NUM, "36", R),
        ("CSC 10.2 maximum caseload in LAC", "21+", "20>", "18<", LOW, NUM, "18", G),
        # "Within limits (low)": one-sided texts, whose red 79+ says high is bad.
        ("CSC 5.3 ICPCs per 10,000", "79+", "79<", "74.1<", WITHIN, RATE, "78.0", A),
        (
            "CSC 10.3 caseload in LAC",
            "over 1% above range",
            "1% above range",
            "14-20",
            WITHIN,
            NUM,
            "12.9",
            R,
        ),
        (
            "CSC 10.4 caseload in duty teams",
            "over 1% above range",
            "1% above range",
            "16-22",
            WITHIN,
            NUM,
            "15.8",
            R,
        ),
        (
            "CSC 10.7 caseload in CIN South",
            "over 1% above range",
            "1% above range",
            "16-22",
            WITHIN,
            NUM,
            "17.9",
            G,
        ),
        (
            "CSC 10.9 caseload in CSE team",
            "over 1% above range",
            "1% above range",
            "16-22",
            WITHIN,
            NUM,
            "2.8",
            R,
        ),
        (
            "CSC 5.6 CP plans per 10,000",
            "more than +/-10",
            "+/-10",
            "+/-5 of 52.3",
            WITHIN,
            RATE,
            "58.5",
            A,
        ),
        (
            "CSC 3.3 S47s per 10,000",
            "more than +/-15",
            "+/-15",
            "+/-5 of 158.8",
            WITHIN,
            RATE,
            "244.0",
            R,
        ),
        (
            "CSC 6.2 LAC per 10,000",
            "more than +/-5",
            "+/-5",
            "up to +/-2 of 73.5",
            WITHIN,
            RATE,
            "75.0",
            G,
        ),
    ],
)
def test_rates_the_papers_rows(
    row: str,
    red: str,
    amber: str,
    green: str,
    polarity: Polarity,
    unit: Unit,
    value: str,
    rag: Rag,
) -> None:
    tolerances = parse_tolerances(red, amber, green, polarity=polarity, unit=unit)
    assert rag_by_tolerance(Decimal(value), tolerances, polarity) is rag, row


@pytest.mark.parametrize(
    ("red", "amber", "green", "polarity", "unit", "value", "rag"),
    [
        # The edges of each band: which side a figure on the limit falls.
        ("<92%", "92%>", "95%+", HIGH, PCT, "95", G),
        ("<92%", "92%>", "95%+", HIGH, PCT, "94.9", A),
        ("<92%", "92%>", "95%+", HIGH, PCT, "92", A),
        ("<92%", "92%>", "95%+", HIGH, PCT, "91.9", R),
        ("", ">90% <100%", "100%", HIGH, PCT, "100", G),
        ("", ">90% <100%", "100%", HIGH, PCT, "90.1", A),
        ("", ">90% <100%", "100%", HIGH, PCT, "90", R),
        ("12%+", "12%>", "9.6%<", LOW, PCT, "9.6", G),
        ("12%+", "12%>", "9.6%<", LOW, PCT, "9.7", A),
        ("12%+", "12%>", "9.6%<", LOW, PCT, "11.99", A),
        ("12%+", "12%>", "9.6%<", LOW, PCT, "12", R),
        # Within limits: green inside the range, amber within 1% of it either side, red beyond.
        ("over 1% above range", "1% above range", "14-20", WITHIN, NUM, "14", G),
        ("over 1% above range", "1% above range", "14-20", WITHIN, NUM, "20", G),
        ("over 1% above range", "1% above range", "14-20", WITHIN, NUM, "20.2", A),
        ("over 1% above range", "1% above range", "14-20", WITHIN, NUM, "20.21", R),
        ("over 1% above range", "1% above range", "14-20", WITHIN, NUM, "13.86", A),
        ("over 1% above range", "1% above range", "14-20", WITHIN, NUM, "13.85", R),
        ("more than +/-15", "+/-15", "+/-5 of 158.8", WITHIN, RATE, "163.8", G),
        ("more than +/-15", "+/-15", "+/-5 of 158.8", WITHIN, RATE, "143.8", A),
        ("more than +/-15", "+/-15", "+/-5 of 158.8", WITHIN, RATE, "173.9", R),
        # The same limits written other ways.
        ("more than ±15", "±15", "±5 of 158.8", WITHIN, RATE, "170", A),
        ("over 1% below range", "1% outside range", "14 to 20", WITHIN, NUM, "13.9", A),
        ("below 90%", "", "95% or more", HIGH, PCT, "91", A),
        ("<=90%", "", ">=95%", HIGH, PCT, "90", R),
        ("12% or more", "", "9.6% or less", LOW, PCT, "9.6", G),
        # Red alone, or amber alone, still says where red begins.
        ("<90%", "", "95%+", HIGH, PCT, "91", A),
        ("", "90%>", "95%+", HIGH, PCT, "89", R),
        ("over 1% above range", "", "14-20", WITHIN, NUM, "20.1", A),
    ],
)
def test_puts_a_figure_on_a_limit_in_the_band_the_text_says(
    red: str, amber: str, green: str, polarity: Polarity, unit: Unit, value: str, rag: Rag
) -> None:
    tolerances = parse_tolerances(red, amber, green, polarity=polarity, unit=unit)
    assert rag_by_tolerance(Decimal(value), tolerances, polarity) is rag


def test_reads_the_triage_row_into_its_bands() -> None:
    assert parse_tolerances("", ">90% <100%", "100%", polarity=HIGH, unit=PCT) == Tolerances(
        range_to_be_set=False,
        green=Band(Limit(Decimal(100), True), None),
        not_red=Band(Limit(Decimal(90), False), None),
    )


def test_reads_the_placements_row_into_its_bands() -> None:
    assert parse_tolerances("12%+", "12%>", "9.6%<", polarity=LOW, unit=PCT) == Tolerances(
        range_to_be_set=False,
        green=Band(None, Limit(Decimal("9.6"), True)),
        not_red=Band(None, Limit(Decimal(12), False)),
    )


@pytest.mark.parametrize(
    ("red", "amber", "green"),
    [
        ("range to be set", "", ""),
        ("", "range to be set", ""),
        ("Range to be set", "Range to be set", "Range to be set"),
        # 004 CSC 8.3, as the cells arrive: "range", "87.5% to be set", ">".
        ("range", "87.5% to be set", ">"),
    ],
)
def test_a_range_still_to_be_set_rates_nothing(red: str, amber: str, green: str) -> None:
    tolerances = parse_tolerances(red, amber, green, polarity=HIGH, unit=PCT)
    assert tolerances == Tolerances(range_to_be_set=True, green=None, not_red=None)
    assert rag_by_tolerance(Decimal(50), tolerances, HIGH) is None


@pytest.mark.parametrize(
    ("red", "amber", "green"), [("", "", ""), ("", "", "n/a"), ("-", "-", "-")]
)
def test_no_tolerances_rate_nothing(red: str, amber: str, green: str) -> None:
    tolerances = parse_tolerances(red, amber, green, polarity=HIGH, unit=PCT)
    assert tolerances == Tolerances(range_to_be_set=False, green=None, not_red=None)
    assert rag_by_tolerance(Decimal(50), tolerances, HIGH) is None


def test_a_target_alone_rates_only_green() -> None:
    # 004 EH 6.1: green 95% with no red or amber; 93% is not green, but how far off is not said.
    tolerances = parse_tolerances("", "", "95%", polarity=HIGH, unit=PCT)
    assert rag_by_tolerance(Decimal(95), tolerances, HIGH) is G
    assert rag_by_tolerance(Decimal(93), tolerances, HIGH) is None


def test_an_information_measure_is_not_rated() -> None:
    tolerances = parse_tolerances(
        "more than +/-15", "+/-15", "+/-5 of 346.4", polarity=INFO, unit=RATE
    )
    assert tolerances.green == Band(Limit(Decimal("341.4"), True), Limit(Decimal("351.4"), True))
    assert rag_by_tolerance(Decimal("357.3"), tolerances, INFO) is None


@pytest.mark.parametrize(
    ("red", "amber", "green", "polarity", "unit", "reason"),
    [
        ("<90%", "about 90", "95%+", HIGH, PCT, "Amber: “about 90” is not a tolerance"),
        ("<90%", "90%>", "lots", HIGH, PCT, "Green: “lots” is not a tolerance"),
        ("12..3", "", "95%+", HIGH, PCT, "Red: “12..3” is not a tolerance"),
        ("12%+", "12%>", "9.6%<", LOW, NUM, "Red: “12%” is a percentage, but this indicator"),
        ("<90%", "90%>", "", HIGH, PCT, "Green: there is no green tolerance"),
        ("12%+", "12%>", "95%+", LOW, PCT, "Green: the green tolerance points the wrong way"),
        ("12%+", "", "95%+", HIGH, PCT, "Red: the red tolerance points the wrong way"),
        ("<96%", "", "95%+", HIGH, PCT, "Red: the red tolerance reaches into the green one"),
        ("", "", "95%", WITHIN, PCT, "Green: a measure within limits needs a range"),
        ("", "lower", "14-20", WITHIN, NUM, "Amber: “lower” is not a tolerance"),
        ("", "<10", "14-20", WITHIN, NUM, "Amber: a measure within limits needs a margin"),
        ("Lower than same quarter previous year", "", "", LOW, RATE, "Red: “Lower than"),
    ],
)
def test_refuses_what_it_cannot_read_naming_the_column(
    red: str, amber: str, green: str, polarity: Polarity, unit: Unit, reason: str
) -> None:
    with pytest.raises(ValueProblem) as refused:
        parse_tolerances(red, amber, green, polarity=polarity, unit=unit)
    assert str(refused.value).startswith(reason)


_WORSE_FIRST = {Rag.RED: 0, Rag.AMBER: 1, Rag.GREEN: 2}
limits = st.tuples(
    st.decimals(min_value=0, max_value=100, places=1),
    st.decimals(min_value=0, max_value=100, places=1),
).map(sorted)


@given(limits=limits, a=st.decimals(0, 100, places=1), b=st.decimals(0, 100, places=1))
def test_a_better_figure_is_never_rated_worse(
    limits: list[Decimal], a: Decimal, b: Decimal
) -> None:
    lower, upper = limits
    high = parse_tolerances(f"<{lower}%", f"{lower}%>", f"{upper}%+", polarity=HIGH, unit=PCT)
    low = parse_tolerances(f"{upper}%+", f"{upper}%>", f"{lower}%<", polarity=LOW, unit=PCT)
    worse, better = sorted((a, b))
    for bands, polarity, good, bad in ((high, HIGH, better, worse), (low, LOW, worse, better)):
        good_rag = rag_by_tolerance(good, bands, polarity)
        bad_rag = rag_by_tolerance(bad, bands, polarity)
        assert good_rag is not None and bad_rag is not None
        assert _WORSE_FIRST[good_rag] >= _WORSE_FIRST[bad_rag]

"""Importing the other layouts the papers print: quarters, terms, staged targets, merged cells."""

from datetime import UTC, date, datetime
from decimal import Decimal

import openpyxl
import pytest
from sqlalchemy import select

from tests.factories import make_plan
from tests.indicators.conftest import indicator, readings, run_import
from tests.reports.conftest import counting_queries
from tests.table_files import write_csv
from tracker.domain.indicator_terms import Frequency, Polarity, RagMethod, YearBasis
from tracker.extensions import db
from tracker.models import IndicatorBenchmark, IndicatorTarget, IndicatorTolerance
from tracker.services.indicator_import import import_indicator_rows


def targets(ref: str) -> list[tuple[Decimal, date | None, date, str]]:
    return [
        (target.value, target.applies_from, target.applies_until, target.text)
        for target in db.session.scalars(
            select(IndicatorTarget)
            .where(IndicatorTarget.indicator_id == indicator(ref).id)
            .order_by(IndicatorTarget.applies_until)
        )
    ]


def test_quarterly_report_with_staged_targets_and_fractions_as_the_2009_paper(
    runner, plan, tmp_path
):
    rows = [
        [
            "Ref",
            "Measure",
            "Good performance is",
            "Unit",
            "Frequency",
            "Target",
            "Q1 2009/10",
            "Q2 2009/10",
            "Owner",
        ],
        [
            "NI 59",
            "Initial assessments for children's social care carried out within 7 working"
            " days of referral",
            "High",
            "%",
            "Quarterly",
            "65% March 2010 68% October 2010 70% March 2011",
            "61.2%",
            "73% (826/1128)",
            "Howard Woolfenden",
        ],
        [
            "NI 68",
            "Referrals to children's social care going on to initial assessment",
            "High",
            "%",
            "Quarterly",
            "70%",
            "55.0%",
            "58.4%",
            "",
        ],
    ]
    result = run_import(runner, write_csv(tmp_path / "quarterly.csv", rows))
    assert result.exit_code == 0, result.output
    assert targets("NI 59") == [
        (Decimal("65"), None, date(2010, 3, 31), "65% March 2010"),
        (Decimal("68"), None, date(2010, 10, 31), "68% October 2010"),
        (Decimal("70"), None, date(2011, 3, 31), "70% March 2011"),
    ]
    assert targets("NI 68") == [
        (Decimal("70"), date(2009, 4, 1), date(2010, 3, 31), "70%"),
    ]
    ni59 = indicator("NI 59")
    assert ni59.frequency == Frequency.QUARTERLY
    second = readings("NI 59")[-1]
    assert (second.period_start, second.period_end) == (date(2009, 7, 1), date(2009, 9, 30))
    assert (second.value, second.numerator, second.denominator) == (
        Decimal("73"),
        Decimal("826"),
        Decimal("1128"),
    )
    assert second.text == "73% (826/1128)"


def test_termly_measure_on_academic_years_reads_its_term_and_bracketed_outturns(
    runner, plan, tmp_path
):
    rows = [
        [
            "No.",
            "Indicator",
            "Good perf is",
            "Unit",
            "Nov-16",
            "Dec-16",
            "Jan-17",
            "Data note",
            "Target Green",
            "2014/15",
            "2015/16",
            "Stat Neigh Ave",
            "Nat Ave",
        ],
        [
            "7.1",
            "% of Persistently Absent (PA) Children and Young People",
            "Low",
            "Primary % (Termly)",
            "",
            "11.3%",
            "",
            "Academic Year",
            "8.4%",
            "12.9% (Autumn Term 2014)",
            "10.9% (Autumn Term 2015)",
            "9.6% (Autumn Term 2015)",
            "8.4% (2014/15) / 9.0% Autumn Term 2015",
        ],
    ]
    result = run_import(runner, write_csv(tmp_path / "welfare.csv", rows))
    assert result.exit_code == 0, result.output
    absence = indicator("7.1")
    assert (absence.frequency, absence.year_basis, absence.polarity) == (
        Frequency.TERMLY,
        YearBasis.ACADEMIC,
        Polarity.LOW,
    )
    autumn, *_ = [r for r in readings("7.1") if r.period_end == date(2016, 12, 31)]
    assert (autumn.period_start, autumn.value) == (date(2016, 9, 1), Decimal("11.3"))
    outturn = next(r for r in readings("7.1") if r.period_end == date(2016, 8, 31))
    assert (outturn.period_start, outturn.value, outturn.commentary) == (
        date(2015, 9, 1),
        Decimal("10.9"),
        "Autumn Term 2015",
    )
    labels = {
        (benchmark.period_label, benchmark.value, benchmark.text)
        for benchmark in db.session.scalars(select(IndicatorBenchmark))
    }
    assert labels == {
        ("Autumn Term 2015", Decimal("9.6"), "9.6% (Autumn Term 2015)"),
        ("2014/15", Decimal("8.4"), "8.4% (2014/15) / 9.0% Autumn Term 2015"),
    }


def test_outturn_report_without_tolerances_is_judged_by_comparison(runner, plan, tmp_path):
    rows = [
        ["Ref", "Indicator", "Polarity", "Unit", "2013/14", "Target", "Stat Neigh Ave", "Nat Ave"],
        [
            "NI 62",
            "Stability of placements of looked after children: number of moves",
            "Low",
            "%",
            "9.8%",
            "10%",
            "10.9%",
            "11%",
        ],
    ]
    result = run_import(runner, write_csv(tmp_path / "outturn.csv", rows))
    assert result.exit_code == 0, result.output
    assert indicator("NI 62").rag_method == RagMethod.COMPARISON
    assert targets("NI 62") == [(Decimal("10"), date(2013, 4, 1), date(2014, 3, 31), "10%")]
    outturn = readings("NI 62")[0]
    assert (outturn.period_start, outturn.period_end) == (date(2013, 4, 1), date(2014, 3, 31))


def test_merged_theme_cells_and_a_merged_range_to_be_set_are_read_as_the_sheet_shows(
    runner, plan, tmp_path
):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(
        [
            "Theme",
            "No.",
            "Indicator",
            "Good perf is",
            "Unit",
            "Jan-17",
            "Red",
            "Amber",
            "Target Green",
        ]
    )
    sheet.append(
        [
            "CHILD PROTECTION",
            "5.4",
            "Number of Initial CP Conferences - in month",
            "Info",
            "Count",
            "42",
            "range to be set",
            "",
            "",
        ]
    )
    sheet.append(
        [
            "",
            "5.5",
            "% of ICPCs completed within 15 days of S47",
            "High",
            "Percentage",
            "97.6%",
            "<85%",
            "85%>",
            "90%+",
        ]
    )
    sheet.append(
        [
            "",
            "6.6",
            "Percentage of LAC ceased due to a Special Guardianship Order",
            "High",
            "Percentage",
            "0.0%",
            "range to be set",
            "",
            "",
        ]
    )
    sheet.merge_cells("A2:A4")
    sheet.merge_cells("G4:I4")
    path = tmp_path / "merged.xlsx"
    workbook.save(path)
    result = run_import(runner, path)
    assert result.exit_code == 0, result.output
    assert {indicator(ref).theme for ref in ("5.4", "5.5", "6.6")} == {"CHILD PROTECTION"}
    band = db.session.scalars(
        select(IndicatorTolerance).where(IndicatorTolerance.indicator_id == indicator("6.6").id)
    ).one()
    assert (band.red, band.amber, band.green) == ("range to be set", "", "")


def scorecard(indicators: int, january: str, team: str = "") -> list[list[str]]:
    rows = [
        [
            "No.",
            "Indicator",
            "Good perf is",
            "Unit",
            "Nov-16",
            "Dec-16",
            "Jan-17",
            "Red",
            "Amber",
            "Target Green",
            "Nat Ave",
            "Owner",
        ]
    ]
    for number in range(indicators):
        rows.append(
            [
                f"{number}.1",
                f"Indicator {number}",
                "High",
                "%",
                "90%",
                "91%",
                january,
                "<90%",
                "90%>",
                "95%+",
                "93%",
                f"Officer {team} {number % 3}",
            ]
        )
    return rows


def statements_to_import(rows: list[list[str]], slug: str) -> int:
    with counting_queries() as executed:
        import_indicator_rows(
            rows,
            slug=slug,
            source="scorecard.csv",
            today=date(2017, 3, 1),
            now=datetime(2017, 3, 1, 9, tzinfo=UTC),
        )
    return len(executed)


def test_import_takes_the_same_number_of_statements_whatever_the_number_of_indicators(app):
    sizes = {"small": 3, "large": 30}
    for slug in sizes:
        make_plan(slug=slug)

    def each_plan(january: str) -> set[int]:
        return {
            statements_to_import(scorecard(size, january, team=slug), slug)
            for slug, size in sizes.items()
        }

    first, again, corrected = each_plan("92%"), each_plan("92%"), each_plan("93%")
    assert len(first) == len(again) == len(corrected) == 1
    assert min(again) < min(first)


def test_section_names_down_an_unheaded_first_column_are_the_themes(runner, plan, tmp_path):
    rows = [
        [
            "",
            "NO.",
            "INDICATOR",
            "GOOD PERF IS",
            "NOTE (Monthly)",
            "Nov-16",
            "Dec-16",
            "Jan-17",
            "Red",
            "Amber",
            "Target Green",
        ],
        [
            "CONTACT & REFERRAL",
            "1.2",
            "% Contacts with decision within 1 working day",
            "High",
            "Percentage",
            "55.8%",
            "80.2%",
            "79.8%",
            "<92%",
            "92%>",
            "95%+",
        ],
        [
            "",
            "1.5",
            "Rate of referrals per 10,000 population aged under 18 - rolling 12 month",
            "Info",
            "Rate per 10,000",
            "953.8",
            "973.3",
            "911.9",
            "",
            "",
            "n/a",
        ],
        [
            "ASSESSMENTS",
            "2.2",
            "% of assessments completed in 45 working days of referral",
            "High",
            "Percentage",
            "77.9%",
            "74.4%",
            "67.7%",
            "<83%",
            "83%>",
            "86%+",
        ],
    ]
    result = run_import(runner, write_csv(tmp_path / "csc.csv", rows))
    assert result.exit_code == 0, result.output
    assert [indicator(ref).theme for ref in ("1.2", "1.5", "2.2")] == [
        "CONTACT & REFERRAL",
        "CONTACT & REFERRAL",
        "ASSESSMENTS",
    ]
    referrals = indicator("1.5")
    assert referrals.unit.value == "rate_per_10000"
    assert readings("1.5")[-1].value == Decimal("911.9")


def test_commentary_goes_with_the_latest_reading_of_the_row(runner, plan, tmp_path):
    rows = [
        ["Ref", "Indicator", "Good perf is", "Unit", "Dec-16", "Jan-17", "Commentary"],
        [
            "1.1",
            "Number of contacts",
            "Info",
            "Count",
            "1287",
            "1651",
            "An increase of 364 since December, after the new front door",
        ],
    ]
    result = run_import(runner, write_csv(tmp_path / "commented.csv", rows))
    assert result.exit_code == 0, result.output
    assert [(r.period_end, r.commentary) for r in readings("1.1")] == [
        (date(2016, 12, 31), ""),
        (date(2017, 1, 31), "An increase of 364 since December, after the new front door"),
    ]


@pytest.mark.parametrize("written", ["Mid range", "mid range is good", "Within range"])
def test_a_mid_range_measure_as_the_action_plans_write_ni_68_is_within_limits(
    runner, plan, tmp_path, written
):
    rows = [
        ["Ref", "Indicator", "Good performance is", "Unit", "Target", "Aug-10"],
        ["NI 68", "Referrals going on to initial assessment", written, "%", "68%", "79.74%"],
    ]
    result = run_import(runner, write_csv(tmp_path / "plan.csv", rows))
    assert result.exit_code == 0, result.output
    assert indicator("NI 68").polarity == Polarity.WITHIN_LIMITS


def test_staged_targets_are_the_yardstick_even_beside_the_averages(runner, plan, tmp_path):
    rows = [
        ["Ref", "Indicator", "Good performance is", "Unit", "Target", "Stat Neigh Ave", "Nat Ave"],
        [
            "NI 59",
            "Initial assessments carried out within 7 working days of referral",
            "High",
            "%",
            "80% March 2010 85% October 2010 87% March 2011",
            "69.2%",
            "67.1%",
        ],
    ]
    result = run_import(runner, write_csv(tmp_path / "plan.csv", rows))
    assert result.exit_code == 0, result.output
    assert indicator("NI 59").rag_method == RagMethod.TOLERANCE

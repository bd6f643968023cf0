"""Importing a scorecard in the layout of the council's monthly paper, with its guarantees."""

import json
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from sqlalchemy import func, select

from tests.indicators.conftest import IMPORT_SLUG, indicator, readings, run_import
from tests.table_files import WRITERS, write_csv, write_xlsx
from tracker.domain.indicator_terms import (
    BenchmarkKind,
    Frequency,
    Polarity,
    RagOn,
    Unit,
    YearBasis,
    YtdMethod,
)
from tracker.extensions import db
from tracker.models import (
    AuditEvent,
    Indicator,
    IndicatorBenchmark,
    IndicatorReading,
    IndicatorTarget,
    IndicatorTolerance,
    Person,
)

TITLE_ROW = ["Early Help and Children's Social Care - Performance Summary as at January 2017"]
HEADER = [
    "NO.",
    "INDICATORS - EARLY HELP BOROUGH WIDE PERFORMANCE",
    "GOOD PERF IS",
    "DATA NOTE (Monthly)",
    "Nov-16",
    "Dec-16",
    "Jan-17",
    "YTD",
    "DATA NOTE",
    "DOT (Month on Month)",
    "RAG (in month)",
    "Red",
    "Amber",
    "Target Green",
    "2014/15",
    "2015/16",
    "STAT NEIGH AVE",
    "BEST STAT NEIGH",
    "NAT AVE",
    "NAT TOP QTILE THRESHOLD",
    "Owner",
]


def _row(ref: str, title: str, polarity: str, unit: str, months: tuple[str, str, str], **rest):
    cells = dict.fromkeys(HEADER, "")
    cells.update(
        {
            "NO.": ref,
            HEADER[1]: title,
            "GOOD PERF IS": polarity,
            "DATA NOTE (Monthly)": unit,
            "Nov-16": months[0],
            "Dec-16": months[1],
            "Jan-17": months[2],
        }
    )
    for name, value in rest.items():
        cells[
            {
                "ytd": "YTD",
                "note": "DATA NOTE",
                "dot": "DOT (Month on Month)",
                "rag": "RAG (in month)",
                "red": "Red",
                "amber": "Amber",
                "green": "Target Green",
                "y1415": "2014/15",
                "y1516": "2015/16",
                "sn": "STAT NEIGH AVE",
                "best": "BEST STAT NEIGH",
                "nat": "NAT AVE",
                "top": "NAT TOP QTILE THRESHOLD",
                "owner": "Owner",
            }[name]
        ] = value
    return [cells[name] for name in HEADER]


# Rows of the paper's January 2017 scorecard (Early Help, and Children's Social Care).
ROWS = [
    TITLE_ROW,
    HEADER,
    ["TRIAGE"],
    _row(
        "1.2",
        "Early Help contacts triaged within five working days of receipt",
        "High",
        "%",
        ("92.4%", "93.0%", "94.5%"),
        ytd="85.2%",
        note="Financial Year (Cumulative)",
        dot="↑",
        rag="A",
        amber=">90% <100%",
        green="100%",
        owner="Susan Claydon",
    ),
    ["INITIAL CONTACTS"],
    _row(
        "2.2",
        "Initial contacts made within three working days of allocation",
        "High",
        "%",
        ("25.3%", "23.7%", "31.1%"),
        note="Financial Year (Cumulative)",
        dot="↑",
        rag="R",
        amber=">65% <75%",
        green="75%",
        owner="Susan Claydon",
    ),
    _row(
        "3.2",
        "Early Help assessments completed within 35 working days",
        "High",
        "%",
        ("26.0%", "30.2%", "18.2%"),
        note="Financial Year (Cumulative)",
        dot="↓",
        rag="R",
        amber=">90% <100%",
        green="100%",
    ),
    ["CASELOAD"],
    _row(
        "4.1",
        "Number of open cases",
        "Info",
        "Number",
        ("1,192", "1,175", "1,285"),
        ytd="1285",
        note="Month end position",
        dot="↑",
    ),
    ["CHILDREN'S CENTRES"],
    _row(
        "6.1",
        "% of children aged 0-5 living in the area who are registered with a Children's Centre",
        "High",
        "% (Quarterly)",
        ("", "93%", ""),
        ytd="93%",
        note="Financial Year",
        dot="↑",
        rag="A",
        green="95%",
        y1415="98%",
        y1516="91%",
    ),
    ["LOOKED AFTER CHILDREN"],
    _row(
        "8.2",
        "% of LAC who have had 3 or more placements - rolling 12 months",
        "Low",
        "Percentage",
        ("10.4%", "12.8%", "11.7%"),
        dot="↑",
        red="12%+",
        amber="12%>",
        green="9.6%<",
        y1415="12.0%",
        y1516="11.9%",
        sn="9.2%",
        best="6.0%",
        nat="10.0%",
        top="8.0%",
    ),
    _row(
        "10.3",
        "Average number of cases per qualified social worker in LAC",
        "Within Limits",
        "Average count",
        ("-", "12.5", "12.9"),
        dot="↑",
        red="over 1% above range",
        amber="1% above range",
        green="14-20",
    ),
]
# Spreadsheet row of each indicator, as the problems name them.
ROW_OF = {"1.2": 4, "2.2": 6, "3.2": 7, "4.1": 9, "6.1": 11, "8.2": 13, "10.3": 14}


def changed_rows(ref: str, column: str, text: str) -> list[list[str]]:
    rows = [list(row) for row in ROWS]
    index = ROW_OF[ref] - 1
    rows[index][HEADER.index(column)] = text
    return rows


def with_target_column(ref: str, text: str) -> list[list[str]]:
    rows = [[*row, ""] for row in ROWS]
    rows[1][-1] = "Target"
    rows[ROW_OF[ref] - 1][-1] = text
    return rows


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def nothing_written() -> bool:
    return count(Indicator) == 0 and count(IndicatorReading) == 0


@pytest.mark.parametrize("kind", sorted(WRITERS))
def test_scorecard_file_creates_indicators_with_their_bands_targets_benchmarks_and_readings(
    runner, plan, tmp_path, kind
):
    path = WRITERS[kind](tmp_path / f"scorecard.{kind}", ROWS)
    result = run_import(runner, path)
    assert result.exit_code == 0, result.output
    assert "      7  indicators created" in result.output
    assert "YTD" in result.output and "DOT (Month on Month)" in result.output
    assert "RAG (in month)" in result.output
    assert count(Indicator) == 7

    triage = indicator("1.2")
    assert triage.title.startswith("Early Help contacts triaged")
    assert triage.theme == "TRIAGE"
    assert (triage.polarity, triage.unit, triage.frequency) == (
        Polarity.HIGH,
        Unit.PERCENTAGE,
        Frequency.MONTHLY,
    )
    assert (triage.year_basis, triage.ytd_method) == (
        YearBasis.FINANCIAL,
        YtdMethod.CUMULATIVE_SUM,
    )
    assert triage.owner is not None and triage.owner.name == "Susan Claydon"
    assert [reading.value for reading in readings("1.2")] == [
        Decimal("92.4"),
        Decimal("93.0"),
        Decimal("94.5"),
    ]
    january = readings("1.2")[-1]
    assert (january.period_start, january.period_end) == (date(2017, 1, 1), date(2017, 1, 31))
    assert january.text == "94.5%"
    assert january.source == f"import scorecard.{kind}"
    band = db.session.scalars(
        select(IndicatorTolerance).where(IndicatorTolerance.indicator_id == triage.id)
    ).one()
    assert (band.year_start, band.red, band.amber, band.green) == (
        date(2016, 4, 1),
        "",
        ">90% <100%",
        "100%",
    )
    target = db.session.scalars(
        select(IndicatorTarget).where(IndicatorTarget.indicator_id == triage.id)
    ).one()
    assert (target.value, target.applies_from, target.applies_until) == (
        Decimal("100"),
        date(2016, 4, 1),
        date(2017, 3, 31),
    )

    open_cases = indicator("4.1")
    assert (open_cases.polarity, open_cases.unit) == (Polarity.INFO, Unit.NUMBER)
    assert open_cases.ytd_method == YtdMethod.LATEST_VALUE
    assert open_cases.notes == "Month end position"
    assert [reading.value for reading in readings("4.1")] == [
        Decimal("1192"),
        Decimal("1175"),
        Decimal("1285"),
    ]

    centres = indicator("6.1")
    assert centres.theme == "CHILDREN'S CENTRES"
    assert centres.frequency == Frequency.QUARTERLY
    quarter, *outturns = sorted(readings("6.1"), key=lambda reading: reading.period_end)[::-1]
    assert (quarter.period_start, quarter.period_end, quarter.value) == (
        date(2016, 10, 1),
        date(2016, 12, 31),
        Decimal("93"),
    )
    assert sorted((r.period_start, r.period_end, r.value) for r in outturns) == [
        (date(2014, 4, 1), date(2015, 3, 31), Decimal("98")),
        (date(2015, 4, 1), date(2016, 3, 31), Decimal("91")),
    ]

    placements = indicator("8.2")
    assert placements.polarity == Polarity.LOW
    assert len(readings("8.2")) == 5
    benchmarks = {
        benchmark.kind: benchmark.value
        for benchmark in db.session.scalars(
            select(IndicatorBenchmark).where(IndicatorBenchmark.indicator_id == placements.id)
        )
    }
    assert benchmarks == {
        BenchmarkKind.STAT_NEIGHBOUR_AVERAGE: Decimal("9.2"),
        BenchmarkKind.BEST_STAT_NEIGHBOUR: Decimal("6.0"),
        BenchmarkKind.NATIONAL_AVERAGE: Decimal("10.0"),
        BenchmarkKind.NATIONAL_TOP_QUARTILE: Decimal("8.0"),
    }

    caseload = indicator("10.3")
    assert caseload.polarity == Polarity.WITHIN_LIMITS
    no_data = readings("10.3")[0]
    assert (no_data.value, no_data.text) == (None, "-")

    assert (
        db.session.scalars(
            select(AuditEvent).where(AuditEvent.entity == "indicator", AuditEvent.verb == "import")
        )
        .one()
        .details["indicators_created"]
        == 7
    )


def test_a_key_under_the_table_is_read_as_notes_and_a_row_of_figures_needs_a_ref(
    runner, plan, tmp_path
):
    key = [
        "",
        "*'DOT' - Direction of travel represents the direction of 'performance'",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "see the key below",
    ]
    result = run_import(runner, write_csv(tmp_path / "keyed.csv", [*ROWS, key]))
    assert result.exit_code == 0, result.output
    assert "Rows read as notes or a repeated header, not as indicators: 15" in result.output

    repeated = run_import(runner, write_csv(tmp_path / "pages.csv", [*ROWS, HEADER, ROWS[3]]))
    assert repeated.exit_code == 1
    assert "row 16, column A: Ref '1.2' is also on row 4" in repeated.output
    assert "row 15" not in repeated.output

    figures_without_ref = ["", "Number of initial contacts", "Info", "Number", "23", "28", "28"]
    no_ref = write_csv(tmp_path / "noref.csv", [*ROWS, figures_without_ref])
    left_out = run_import(runner, no_ref)
    assert left_out.exit_code == 0, left_out.output
    assert "Rows not imported (1)" in left_out.output
    assert "row 15, column A: this indicator has no Ref" in left_out.output
    assert count(Indicator) == len(ROW_OF)
    refused = run_import(runner, no_ref, "--strict")
    assert refused.exit_code == 1
    assert "row 15, column A: this indicator has no Ref" in refused.output


def test_importing_the_same_file_again_changes_nothing(runner, plan, tmp_path):
    path = write_xlsx(tmp_path / "scorecard.xlsx", ROWS)
    assert run_import(runner, path).exit_code == 0
    before = (count(Indicator), count(IndicatorReading), count(IndicatorTarget))
    versions = {ref: indicator(ref).version for ref in ROW_OF}

    again = run_import(runner, path)

    assert again.exit_code == 0, again.output
    assert "      0  readings recorded" in again.output
    assert "      7  indicators already as the file has them" in again.output
    assert (count(Indicator), count(IndicatorReading), count(IndicatorTarget)) == before
    assert {ref: indicator(ref).version for ref in ROW_OF} == versions


def test_a_different_figure_for_a_period_records_a_correction_that_supersedes(
    runner, plan, tmp_path
):
    assert run_import(runner, write_csv(tmp_path / "january.csv", ROWS)).exit_code == 0
    first = readings("1.2")[-1]

    corrected = write_csv(tmp_path / "january-v2.csv", changed_rows("1.2", "Jan-17", "95.1%"))
    result = run_import(runner, corrected)

    assert result.exit_code == 0, result.output
    assert "corrected: 1.2 " in result.output
    january = [r for r in readings("1.2") if r.period_end == date(2017, 1, 31)]
    assert [(r.value, r.supersedes_id) for r in january] == [
        (Decimal("94.5"), None),
        (Decimal("95.1"), first.id),
    ]
    assert january[1].source == "import january-v2.csv"
    assert indicator("1.2").last_recorded_at is not None


def test_dry_run_says_what_would_be_created_and_writes_nothing(runner, plan, tmp_path):
    result = run_import(runner, write_csv(tmp_path / "scorecard.csv", ROWS), "--dry-run")
    assert result.exit_code == 0, result.output
    assert "Dry run: nothing was written" in result.output
    assert "      7  indicators created" in result.output
    assert nothing_written()
    assert count(AuditEvent) == 0


def test_mapping_file_places_columns_the_headers_do_not_name(runner, plan, tmp_path):
    header = ["Measure ID", "What we measure", "Which way is good", "Kind", "Nov-16", "Remarks"]
    rows = [
        header,
        ["NI 59", "Initial assessments within 7 working days", "High", "%", "73%", "Pplus"],
    ]
    mapping = tmp_path / "mapping.json"
    mapping.write_text(
        json.dumps(
            {
                "header_row": 1,
                "columns": {
                    "Measure ID": "ref",
                    "What we measure": "indicator",
                    "Which way is good": "good performance is",
                    "Kind": "unit",
                    "Remarks": "ignore",
                },
            }
        ),
        encoding="utf-8",
    )
    result = run_import(runner, write_csv(tmp_path / "ni.csv", rows), "--mapping", str(mapping))
    assert result.exit_code == 0, result.output
    assert "Columns not read: F 'Remarks'" in result.output
    assert indicator("NI 59").title == "Initial assessments within 7 working days"
    assert [reading.value for reading in readings("NI 59")] == [Decimal("73")]


def test_mapping_file_naming_an_unknown_field_is_refused_with_the_fields_it_may_name(
    runner, plan, tmp_path
):
    mapping = tmp_path / "mapping.json"
    mapping.write_text(json.dumps({"columns": {"Measure ID": "reference number"}}))
    result = run_import(
        runner, write_csv(tmp_path / "scorecard.csv", ROWS), "--mapping", str(mapping)
    )
    assert result.exit_code == 1
    assert "column 'Measure ID': 'reference number' is not a field" in result.output
    assert "Nothing was written." in result.output
    assert nothing_written()


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        (
            changed_rows("2.2", "Nov-16", "=SUM(E4:E5)"),
            "row 6, column E: the reading '=SUM(E4:E5)' under 'Nov-16' is a formula",
        ),
        (
            changed_rows("3.2", "NO.", "2.2"),
            "row 7, column A: Ref '2.2' is also on row 6",
        ),
        (
            [TITLE_ROW, [*HEADER[:4], "Q5 2016/17", *HEADER[5:]], *ROWS[2:]],
            "row 2, column E: the heading 'Q5 2016/17' is not a period",
        ),
    ],
    ids=["formula", "duplicate ref", "bad period heading"],
)
def test_an_unusable_file_is_refused_with_its_row_column_and_reason_and_nothing_is_written(
    runner, plan, tmp_path, rows, expected
):
    result = run_import(runner, write_csv(tmp_path / "scorecard.csv", rows))
    assert result.exit_code == 1, result.output
    assert expected in result.output
    assert "Nothing was written." in result.output
    assert nothing_written()


# A cell that cannot be read, the problem the import names, and the rows it still imports.
UNREAD_CELLS = [
    pytest.param(
        changed_rows("1.2", "Jan-17", "12..3%"),
        "row 4, column G: the reading '12..3%' under 'Jan-17' cannot be read",
        7,
        id="bad number",
    ),
    pytest.param(
        changed_rows("8.2", "Amber", "purple"),
        "row 13, column M: the tolerances cannot be read: Amber:",
        7,
        id="unreadable tolerance",
    ),
    pytest.param(
        changed_rows("8.2", "NAT AVE", "ten"),
        "row 13, column S: the figure 'ten' cannot be read",
        7,
        id="bad benchmark",
    ),
    pytest.param(
        with_target_column("6.1", "lots"),
        "row 11, column V: the target 'lots' cannot be read",
        7,
        id="bad target",
    ),
    pytest.param(
        changed_rows("3.2", "GOOD PERF IS", "Sideways"),
        "row 7, column C: 'Sideways' is not what good performance is",
        6,
        id="unknown polarity",
    ),
    pytest.param(
        changed_rows("4.1", "DATA NOTE (Monthly)", "Bananas"),
        "row 9, column D: 'Bananas' is not a unit the tracker knows",
        6,
        id="unknown unit",
    ),
]


@pytest.mark.parametrize(("rows", "expected", "imported"), UNREAD_CELLS)
def test_a_cell_that_cannot_be_read_is_flagged_with_its_row_column_and_reason_and_the_rest_imported(
    runner, plan, tmp_path, rows, expected, imported
):
    result = run_import(runner, write_csv(tmp_path / "scorecard.csv", rows))
    assert result.exit_code == 0, result.output
    assert expected in result.output
    assert count(Indicator) == imported


@pytest.mark.parametrize(("rows", "expected", "imported"), UNREAD_CELLS)
def test_strict_refuses_the_whole_file_for_a_cell_that_cannot_be_read(
    runner, plan, tmp_path, rows, expected, imported
):
    result = run_import(runner, write_csv(tmp_path / "scorecard.csv", rows), "--strict")
    assert result.exit_code == 1, result.output
    assert expected in result.output
    assert "Nothing was written." in result.output
    assert nothing_written()


def test_a_reading_not_read_is_kept_as_written_with_no_figure(runner, plan, tmp_path):
    rows = changed_rows("1.2", "Jan-17", "(Nov, Dec, Jan ave)")
    result = run_import(runner, write_csv(tmp_path / "scorecard.csv", rows))
    assert result.exit_code == 0, result.output
    assert "Not read (1 cell)" in result.output
    january = readings("1.2")[-1]
    assert (january.period_end, january.value, january.text) == (
        date(2017, 1, 31),
        None,
        "(Nov, Dec, Jan ave)",
    )


def test_a_reading_not_read_leaves_the_figure_recorded_before_in_force(runner, plan, tmp_path):
    run_import(runner, write_csv(tmp_path / "first.csv", ROWS))
    rows = changed_rows("1.2", "Jan-17", "12..3%")
    result = run_import(runner, write_csv(tmp_path / "again.csv", rows))
    assert result.exit_code == 0, result.output
    assert "stays in force: 1.2 Jan-17" in result.output
    assert [reading.text for reading in readings("1.2")][-1] == "94.5%"


def test_an_unknown_polarity_leaves_the_stored_indicator_as_it_was(runner, plan, tmp_path):
    run_import(runner, write_csv(tmp_path / "first.csv", ROWS))
    before = len(readings("3.2"))
    rows = changed_rows("3.2", "GOOD PERF IS", "Sideways")
    rows[ROW_OF["3.2"] - 1][HEADER.index("Jan-17")] = "1%"
    result = run_import(runner, write_csv(tmp_path / "again.csv", rows))
    assert result.exit_code == 0, result.output
    assert "Rows not imported (1)" in result.output
    assert indicator("3.2").polarity is Polarity.HIGH
    assert len(readings("3.2")) == before


def test_dry_run_shows_the_cells_not_read_and_writes_nothing(runner, plan, tmp_path):
    rows = changed_rows("1.2", "Jan-17", "12..3%")
    result = run_import(runner, write_csv(tmp_path / "scorecard.csv", rows), "--dry-run")
    assert result.exit_code == 0, result.output
    assert "row 4, column G: the reading '12..3%' under 'Jan-17' cannot be read" in result.output
    assert nothing_written()


def test_every_problem_in_the_file_is_reported_at_once(runner, plan, tmp_path):
    rows = changed_rows("1.2", "Jan-17", "12..3%")
    rows[ROW_OF["3.2"] - 1][HEADER.index("GOOD PERF IS")] = "Sideways"
    result = run_import(runner, write_xlsx(tmp_path / "scorecard.xlsx", rows), "--strict")
    assert result.exit_code == 1
    assert "row 4, column G" in result.output and "row 7, column C" in result.output
    assert nothing_written()


def test_percentages_stored_as_fractions_in_a_workbook_are_read_as_the_sheet_shows(
    runner, plan, tmp_path
):
    path = tmp_path / "fractions.xlsx"
    workbook = openpyxl.Workbook()
    for row in ROWS:
        workbook.active.append(row)
    for cell, value in (("E4", 0.924), ("F4", 0.93), ("G4", 0.945)):
        workbook.active[cell] = value
        workbook.active[cell].number_format = "0.0%"
    workbook.save(path)
    result = run_import(runner, path)
    assert result.exit_code == 0, result.output
    assert [(r.value, r.text) for r in readings("1.2")] == [
        (Decimal("92.4"), "92.4%"),
        (Decimal("93.0"), "93.0%"),
        (Decimal("94.5"), "94.5%"),
    ]


def test_a_formula_cell_without_a_saved_value_is_refused(runner, plan, tmp_path):
    path = tmp_path / "formula.xlsx"
    workbook = openpyxl.Workbook()
    for row in ROWS:
        workbook.active.append(row)
    workbook.active["G4"] = "=E4+F4"
    workbook.save(path)
    result = run_import(runner, path)
    assert result.exit_code == 1
    assert "cell G4 holds a formula" in result.output
    assert nothing_written()


def test_a_file_over_the_size_cap_is_refused_before_it_is_read(app, runner, plan, tmp_path):
    app.config["IMPORT_MAX_BYTES"] = 1000
    result = run_import(runner, write_csv(tmp_path / "big.csv", ROWS * 5))
    assert result.exit_code == 1
    assert "the largest file accepted is 1,000 bytes" in result.output
    assert nothing_written()


def test_a_file_without_ref_and_indicator_columns_is_refused(runner, plan, tmp_path):
    result = run_import(runner, write_csv(tmp_path / "plain.csv", [["a", "b"], ["1", "2"]]))
    assert result.exit_code == 1
    assert "no header row found" in result.output
    assert nothing_written()


def test_an_unknown_plan_is_refused(runner, app, tmp_path):
    result = run_import(runner, write_csv(tmp_path / "scorecard.csv", ROWS))
    assert result.exit_code == 1
    assert f"there is no plan '{IMPORT_SLUG}'" in result.output
    assert count(Indicator) == 0


def test_an_owner_already_known_is_linked_not_added_again(runner, plan, tmp_path):
    before = count(Person)
    assert run_import(runner, write_csv(tmp_path / "one.csv", ROWS)).exit_code == 0
    assert count(Person) == before + 1
    assert run_import(runner, write_csv(tmp_path / "two.csv", ROWS)).exit_code == 0
    assert count(Person) == before + 1


def test_mapping_naming_a_column_the_file_lacks_is_refused(runner, plan, tmp_path):
    mapping = tmp_path / "mapping.json"
    mapping.write_text(json.dumps({"header_row": 2, "columns": {"Measure ID": "ref"}}))
    result = run_import(
        runner, write_csv(tmp_path / "scorecard.csv", ROWS), "--mapping", str(mapping)
    )
    assert result.exit_code == 1
    assert "row 2: the mapping names column 'Measure ID', which the header row does not have" in (
        result.output
    )
    assert nothing_written()


def test_an_import_again_leaves_what_the_file_does_not_state(runner, plan, tmp_path):
    rows = [
        ["Ref", "Indicator", "Good perf is", "Unit", "Jan-17"],
        ["1.2", "Contacts triaged within five working days", "High", "%", "94.5%"],
    ]
    assert run_import(runner, write_csv(tmp_path / "first.csv", rows)).exit_code == 0
    triage = indicator("1.2")
    owner = Person(
        organisation_id=plan.organisation_id, name="Susan Claydon", name_key="susan claydon"
    )
    db.session.add(owner)
    db.session.flush()
    triage.owner_person_id = owner.id
    triage.theme = "TRIAGE"
    triage.notes = "Liquid Logic figures"
    triage.ytd_method = YtdMethod.LATEST_VALUE
    triage.year_basis = YearBasis.CALENDAR
    db.session.commit()

    rows[0].append("2015")
    rows[1][1] = "Early Help contacts triaged within five working days"
    rows[1].append("85.0%")
    again = run_import(runner, write_csv(tmp_path / "again.csv", rows))

    assert again.exit_code == 0, again.output
    assert "changed: 1.2: title" in again.output
    triage = indicator("1.2")
    assert (triage.owner_person_id, triage.theme, triage.notes) == (
        owner.id,
        "TRIAGE",
        "Liquid Logic figures",
    )
    assert (triage.ytd_method, triage.year_basis) == (YtdMethod.LATEST_VALUE, YearBasis.CALENDAR)
    outturn = readings("1.2")[0]
    assert (outturn.period_start, outturn.period_end) == (date(2015, 1, 1), date(2015, 12, 31))


@pytest.mark.parametrize(
    ("column", "text", "arrears", "rag_on"),
    [
        ("DATA NOTE (Monthly)", "Primary % (One month in arears)", 1, RagOn.PERIOD),
        ("DATA NOTE (Monthly)", "% (one month in arrears)", 1, RagOn.PERIOD),
        ("DATA NOTE", "Reported 2 months in arrears", 2, RagOn.PERIOD),
        ("DATA NOTE", "Tenants in rent arrears", 0, RagOn.PERIOD),
        ("RAG (in month)", "YTD", 0, RagOn.YEAR_TO_DATE),
        ("DATA NOTE", "Financial year. RAG: YTD", 0, RagOn.YEAR_TO_DATE),
        ("RAG (in month)", "A", 0, RagOn.PERIOD),
    ],
)
def test_the_import_reads_months_in_arrears_and_rag_on_the_year_to_date(
    runner, plan, tmp_path, column, text, arrears, rag_on
):
    result = run_import(runner, write_csv(tmp_path / "s.csv", changed_rows("1.2", column, text)))
    assert result.exit_code == 0, result.output
    assert (indicator("1.2").months_in_arrears, indicator("1.2").rag_on) == (arrears, rag_on)
    assert (indicator("2.2").months_in_arrears, indicator("2.2").rag_on) == (0, RagOn.PERIOD)


def test_a_rag_ytd_heading_rates_every_row_on_the_year_to_date(runner, plan, tmp_path):
    rows = [list(row) for row in ROWS]
    rows[1][HEADER.index("RAG (in month)")] = "RAG (YTD)"
    result = run_import(runner, write_csv(tmp_path / "s.csv", rows))
    assert result.exit_code == 0, result.output
    assert {row.rag_on for row in db.session.scalars(select(Indicator))} == {RagOn.YEAR_TO_DATE}

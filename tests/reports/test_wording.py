"""The reports' words and formats, the one source for the pages, PDF, Word and JSON."""

from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from tracker.domain.as_at import Month
from tracker.domain.enums import Direction
from tracker.domain.tallies import BandTally, Tallies, Tally
from tracker.reports import wording

OCTOBER = Month(2009, 10)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        pytest.param(Decimal("0.00"), "0.00", id="no change has no sign"),
        pytest.param(Decimal("-0.00"), "0.00", id="negative zero has no sign"),
        pytest.param(Decimal("25"), "+25.00", id="rise"),
        pytest.param(Decimal("-1.5"), "-1.50", id="fall, two places"),
        pytest.param(Decimal("12.34"), "+12.34", id="two places kept"),
    ],
)
def test_points(value, text):
    assert wording.points(value) == text


@pytest.mark.parametrize(
    ("function", "value", "text"),
    [
        (wording.percent, Decimal("58.56"), "58.56%"),
        (wording.percent, Decimal("0.00"), "0.00%"),
        (wording.count_change, 4, "+4"),
        (wording.count_change, -1, "-1"),
        (wording.count_change, 0, "+0"),
    ],
)
def test_number_formats(function, value, text):
    assert function(value) == text


def test_a_count_with_its_percentage():
    assert wording.count_with_percent(12, Decimal("6.63")) == "12 (6.63%)"


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (date(2009, 11, 2), "2 November 2009"),
        (date(2011, 3, 30), "30 March 2011"),
        (None, ""),
    ],
)
def test_date_text(day, text):
    assert wording.date_text(day) == text


@pytest.mark.parametrize(
    ("written", "day", "text"),
    [
        pytest.param("", None, "Not recorded", id="nothing written or resolved"),
        pytest.param("Ongoing", None, "Ongoing", id="words with no date"),
        pytest.param("", date(2010, 3, 31), "31 March 2010", id="date alone"),
        pytest.param("March 2010", date(2010, 3, 31), "31 March 2010", id="month says no more"),
        pytest.param(
            "End of Q4", date(2010, 3, 31), "End of Q4 (31 March 2010)", id="words add something"
        ),
    ],
)
def test_target_text(written, day, text):
    assert wording.target_text(written, day) == text


@pytest.mark.parametrize(
    ("written", "day", "text"),
    [("March 2010", date(2010, 3, 31), "March 2010"), ("", date(2010, 3, 31), "31 March 2010")],
)
def test_the_written_target_wins_over_its_date(written, day, text):
    assert wording.written_target(written, day) == text


@pytest.mark.parametrize(
    ("function", "text"),
    [
        (wording.completed_heading, "Completed in October 2009"),
        (wording.planned_heading, "Planned for November 2009"),
        (wording.completed_box_heading, "Completed in October"),
        (wording.planned_box_heading, "Planned for November"),
        (wording.due_header, "Due in November"),
        (wording.achievements_heading, "Achievements in October 2009"),
        (wording.summary_heading, "October 2009 at a glance"),
    ],
)
def test_month_headings(function, text):
    assert function(OCTOBER) == text


@pytest.mark.parametrize(
    ("function", "text"),
    [
        (wording.status_heading, "Overall Completion Status 2 November 2009"),
        (wording.bands_heading, "Actions as at 2 November 2009"),
        (wording.previous_label, "At 2 November 2009"),
    ],
)
def test_day_headings(function, text):
    assert function(date(2009, 11, 2)) == text


@pytest.mark.parametrize(
    ("heading", "count", "text"),
    [("Overdue actions", 0, "Overdue actions"), ("Overdue actions", 3, "Overdue actions (3)")],
)
def test_a_heading_counts_only_what_it_lists(heading, count, text):
    assert wording.counted(heading, count) == text


@pytest.mark.parametrize(
    ("label", "direction", "arrows", "text"),
    [
        pytest.param(None, None, True, "Not rated", id="no status"),
        pytest.param("Red", None, True, "Red", id="no direction"),
        pytest.param("On track", Direction.IMPROVING, True, "↑ On track", id="arrow"),
        pytest.param("On track", Direction.IMPROVING, False, "Improving, On track", id="words"),
    ],
)
def test_status_labels(label, direction, arrows, text):
    assert wording.status_text(label, direction, arrows=arrows) == text


@pytest.mark.parametrize(("keyed", "header"), [(False, "RAG"), (True, "Status")])
def test_the_status_column_is_named_by_the_plan_s_key(keyed, header):
    assert wording.status_header(keyed) == header
    assert wording.exception_header(header)[4] == header
    assert wording.red_page_header(header)[3] == header


def test_the_papers_exception_header_names_the_rag():
    assert wording.exception_header("RAG") == wording.EXCEPTION_HEADER


@pytest.mark.parametrize(
    ("bands", "expected"),
    [
        pytest.param((), False, id="no bands"),
        pytest.param(((None, "No priority"),), False, id="only the unbanded row"),
        pytest.param(((1, "Priority 1"), (None, "No priority")), True, id="a numbered band"),
    ],
)
def test_has_bands(bands, expected):
    tallies = Tallies(
        as_at=date(2009, 10, 31),
        overall=Tally.from_counts({}),
        bands=tuple(BandTally(number, label, Tally.from_counts({})) for number, label in bands),
        themes=(),
    )
    assert wording.has_bands(tallies) is expected


@pytest.mark.parametrize(
    ("function", "args", "text"),
    [
        (wording.theme_heading, (1, "Management"), "1. Management"),
        (wording.theme_region_label, (1, "Management"), "Completion of theme 1. Management"),
        (wording.objective_heading, ("Keep children safe",), "Objective: Keep children safe"),
        (wording.objective_region_label, (2, 3, "Be safe"), "Theme 2, objective 3: Be safe"),
        (wording.continued, ("Overdue actions",), "Overdue actions (continued)"),
        (wording.page_number, (2, 7), "Page 2 of 7"),
        (wording.ref_and_text, ("1.01", "Audit files"), "1.01 Audit files"),
        (wording.ref_and_text, (None, "Audit files"), "Audit files"),
    ],
)
def test_captions(function, args, text):
    assert function(*args) == text


@pytest.mark.parametrize(
    ("moment", "text"),
    [
        pytest.param(
            datetime(2009, 11, 2, 9, 15, tzinfo=UTC),
            "Generated 2 November 2009, 09:15 GMT",
            id="GMT",
        ),
        pytest.param(
            datetime(2010, 6, 1, 8, 0, tzinfo=UTC), "Generated 1 June 2010, 09:00 BST", id="BST"
        ),
    ],
)
def test_generated_in_uk_time(moment, text):
    assert wording.generated_text(moment) == text
    assert wording.generated_by(moment) == f"{text} by Improvement Tracker."


PAPER_WORDS = (
    *wording.COMPLETION_HEADERS[1:],
    wording.TOTAL_ACTIONS_HEADER,
    wording.PERCENT_OF_ALL_ROW,
    wording.CHANGE_ROW,
    wording.THEME_ACTIONS_ROW,
    wording.THEMES_HEADING,
    wording.TREND_HEADING,
    wording.OVERDUE_HEADING,
    wording.OPEN_RISKS_HEADING,
    wording.COMPLETED_ON_HEADER,
    wording.AWAITING_SIGN_OFF_HEADING,
    wording.DAYS_OVERDUE_HEADER,
    wording.NO_COMPLETED,
    wording.NO_PLANNED,
    wording.NO_OVERDUE,
    wording.NO_RISKS,
    wording.NO_RED,
    wording.NO_ACHIEVEMENTS,
    wording.NO_RECOMMENDATIONS,
    "Recommendations met",
    "Performance commentary",
    "Objective: ",
    "Completed in ",
    "Planned for ",
    "Achievements in ",
    "%+",
    '"RAG" if',
    ", objective ",
)


@pytest.mark.parametrize("words", PAPER_WORDS)
def test_the_report_templates_take_the_papers_words_from_wording(words):
    templates = Path(__file__).parents[2] / "templates"
    written = [
        path.relative_to(templates).as_posix()
        for folder in ("reports", "plans")
        for path in sorted((templates / folder).glob("*.html"))
        if words in path.read_text(encoding="utf-8")
    ]
    assert written == []


SCORECARD_WORDS = (
    wording.SCORECARD_SUMMARY_HEADING,
    wording.SCORECARD_EXCEPTIONS_HEADING,
    wording.CLINICS_HEADING,
    wording.NO_SCORECARD_EXCEPTIONS,
    wording.NO_CLINICS,
    wording.NO_INDICATORS,
    wording.SUMMARY_TOTAL_ROW,
    "Has met target",
    "Good performance is",
    "Year-on-year trend",
)


@pytest.mark.parametrize("words", SCORECARD_WORDS)
def test_the_scorecard_templates_take_their_words_from_wording(words):
    templates = Path(__file__).parents[2] / "templates" / "reports"
    written = [
        path.name
        for path in sorted(templates.glob("*scorecard*.html"))
        if words in path.read_text(encoding="utf-8")
    ]
    assert written == []


def test_the_recommendations_line_counts_those_met_of_all():
    from tracker.domain.recommendations import RecommendationsSummary

    summary = RecommendationsSummary(as_at=date(2010, 10, 31), met=7, total=12, rows=())
    assert wording.recommendations_met(summary) == "Recommendations met: 7 of 12"


@pytest.mark.parametrize(
    ("source", "made_on", "text"),
    [
        (
            "Ofsted inspection, August 2009",
            date(2009, 8, 27),
            "Ofsted inspection, August 2009, 27 August 2009",
        ),
        ("CQC must do", None, "CQC must do"),
        ("  ", date(2009, 8, 27), "27 August 2009"),
        ("", None, "-"),
    ],
)
def test_a_recommendation_s_source_names_who_made_it_and_when(source, made_on, text):
    assert wording.recommendation_source(source, made_on) == text


@pytest.mark.parametrize(
    ("count", "total", "text"),
    [(2, 3, "67%"), (1, 3, "33%"), (0, 0, "0%"), (13, 25, "52%"), (1, 8, "13%")],
)
def test_a_share_is_a_whole_percentage_as_003_prints_it(count, total, text):
    assert wording.share(count, total) == text


def test_the_scorecard_words_its_cells_without_colour_alone():
    assert wording.travel_text("↑", "Improving") == "↑ Improving"
    assert wording.travel_text(None, None) == "-"
    assert wording.rag_text("Amber") == "Amber"
    assert wording.rag_text(None) == "Not rated"
    assert wording.tolerance_text("", ">90% <100%", "100%") == "Amber >90% <100%; Green 100%"
    assert wording.tolerance_text("12%+", "12%>", "9.6%<") == "Red 12%+; Amber 12%>; Green 9.6%<"
    assert wording.clinic_quarters_text(("Q2 2009/10", "Q3 2009/10")) == "Q2 2009/10, Q3 2009/10"
    assert wording.clinic_quarters_text(()) == "-"
    assert wording.scorecard_theme("  ") == "Indicators"
    assert wording.exception_measure("NI 78", "Schools below the floor") == (
        "Measure (NI 78): Schools below the floor"
    )


def test_the_scorecard_title_names_the_month():
    assert (
        wording.scorecard_title("CYPS", date(2017, 1, 31))
        == "CYPS – Performance Scorecard, January 2017"
    )
    assert wording.scorecard_subtitle(date(2017, 1, 31)) == (
        "Performance summary as at month end January 2017"
    )


def test_a_reading_is_printed_with_its_counts_or_why_it_has_no_figure():
    from tracker.domain.indicator_rules import ReadingFacts
    from tracker.domain.indicator_terms import Unit
    from tracker.domain.indicator_values import ReadingValue, month_period

    def reading(value, numerator=None, denominator=None, no_data=None):
        return ReadingFacts(
            period=month_period(2009, 10),
            value=ReadingValue(value, numerator, denominator, no_data),
            commentary="",
            recorded_at=datetime(2009, 10, 26, tzinfo=UTC),
            corrected=False,
        )

    counted = reading(Decimal("77.8"), Decimal("1767"), Decimal("2270"))
    assert wording.reading_text(counted, Unit.PERCENTAGE) == "77.8% (1,767/2,270)"
    assert wording.reading_text(reading(None, no_data="not applicable"), Unit.PERCENTAGE) == (
        "not applicable"
    )
    assert wording.reading_text(None, Unit.NUMBER) == "-"
    assert wording.figure(None, Unit.NUMBER) == "-"
    assert wording.target_figure(None, Unit.PERCENTAGE) == "No target set"

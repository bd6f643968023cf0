"""Word the reports' titles, headings, headers, captions and cells once, for every renderer."""

# The pages, the PDF, the Word document, the JSON and the command line all take their words
# and number formats from here; the templates reach this module as the Jinja global `wording`.

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from tracker.clock import LONDON
from tracker.domain.as_at import Month
from tracker.domain.assurance import SignOff
from tracker.domain.empty_values import recorded
from tracker.domain.enums import Completion, Direction
from tracker.domain.highlight import HighlightReport, ReportItem
from tracker.domain.indicator_rules import Assessment, ReadingFacts, TargetFacts
from tracker.domain.indicator_terms import Unit
from tracker.domain.indicator_values import format_value
from tracker.domain.milestones import MILESTONE_OVERDUE
from tracker.domain.plan_report import MeasureRow, PlanReport
from tracker.domain.recommendations import RecommendationsSummary
from tracker.domain.tallies import Tallies
from tracker.filters import long_date

AUTHOR = "Improvement Tracker"
LANGUAGE = "en-GB"

# The completion statuses' own labels, in the order the papers print them.
COMPLETION_HEADERS = tuple(completion.label for completion in Completion)
RAG_HEADER = "RAG"
STATUS_HEADER = "Status"
CURRENT_PERFORMANCE_LABEL = "Current performance"
TOTAL_ACTIONS_HEADER = "Total actions"
ACTIONS_HEADER = "Actions"
ACTIONS_ROW = "Actions"
PERCENT_OF_ALL_ROW = "Percentage of all actions"
CHANGE_ROW = "Change since then (percentage points)"
THEME_ACTIONS_ROW = "All actions in the theme"
THEME_PERCENT_ROW = "Percentage"
BANDS_CAPTION = "By priority"
ITEM_HEADER = ("Ref", "Key action", "Leads", "Target date")
RISK_HEADER = ("Risk or issue", "Likelihood", "Consequences", "Mitigation", "Owner", "Raised")
RED_HEADER = ("Ref", "Key action", "Leads", "Target date", RAG_HEADER, "Commentary")
ACHIEVEMENT_HEADER = ("Date", "Achievement")
RECOMMENDATIONS_HEADING = "Recommendations"
RECOMMENDATION_HEADER = ("Ref", "Recommendation", "Source", "Status")
NO_RECOMMENDATIONS = "The plan has no recommendations yet."
INDICATORS_HEADING = "Performance indicators of the actions"
INDICATOR_HEADER = (
    "Ref",
    "Indicator",
    "Period",
    "Latest reading",
    RAG_HEADER,
    "Direction of travel",
)
TREND_HEADER = ("Month", "Completed", "Actions")
# The page's table under its chart names each month by its end, the chart's moment.
TREND_PAGE_HEADER = ("Month end", "Completed", "Actions")
TREND_FIGURES_CAPTION = "The chart's figures"
TREND_CHART_LABEL = "Chart of the percentage of actions completed at each month end"
TREND_CHART_DESCRIPTION = "A bar for each month; the same figures are in the table under the chart."
PLAN_HEADER = (
    "Objective",
    "Key Actions",
    "Baseline",
    "Targets",
    "Target Date",
    "Lead",
    RAG_HEADER,
    "Performance Commentary",
    "Lead Workstream(s)",
)
# The cross-plan tallies table, on its page, in its CSV and on the command line.
PORTFOLIO_HEADER = (
    "Plan",
    "Short name",
    "Owner",
    "Actions",
    *COMPLETION_HEADERS,
    "Percentage completed",
    "Change since last month (percentage points)",
    "Overdue",
    "Exceptions",
    "Last update",
)
ALL_PLANS = "All plans"

THEMES_HEADING = "Completion by theme"
TREND_HEADING = "Percentage of actions completed at each month end"
OVERDUE_HEADING = "Overdue actions"
RISKS_HEADING = "Risks and issues"
OPEN_RISKS_HEADING = "Open risks and issues"
RED_HEADING = "Red-rated actions"
DAYS_OVERDUE_HEADER = "Days overdue"
# Actions whose own target date is not past but a milestone of which was missed.
MILESTONES_OVERDUE_HEADING = "Actions with a milestone overdue"
MILESTONE_OVERDUE_HEADER = MILESTONE_OVERDUE.capitalize()
COMPLETED_ON_HEADER = "Completed on"
DUE_HEADER = "Due"
NOT_RATED = "Not rated"
# Where a page has room for words instead of the scorecard's dash: no previous figure to compare.
NO_COMPARISON = "No comparison"
AS_WRITTEN_LABEL = "As written"

NO_COMPLETED = "No actions were completed in the month."
# Actions a lead marked Completed in a plan that asks for sign-off, not yet signed off.
AWAITING_SIGN_OFF_HEADING = SignOff.AWAITING.label
NO_PLANNED = "No actions fall due in the next month."
NO_OVERDUE = "No actions are overdue."
NO_RISKS = "No risks or issues are open."
NO_RED = "No actions are rated red."
NO_ACHIEVEMENTS = "No achievements were recorded for the month."
NO_PLAN_ROWS = "The plan had no actions with an update on that date."


def exception_header(status: str = RAG_HEADER) -> tuple[str, ...]:
    """Return the exception report's column headers, the status column named as given."""
    return (
        "Ref",
        "Key action",
        "Lead",
        "Target date",
        status,
        CURRENT_PERFORMANCE_LABEL,
        "Performance commentary",
    )


EXCEPTION_HEADER = exception_header()


def status_header(keyed: bool) -> str:
    """Return the status column's header: "Status" for a plan with its own key, else "RAG"."""
    return STATUS_HEADER if keyed else RAG_HEADER


def red_page_header(status: str) -> tuple[str, ...]:
    """Return the headers of the page's red-rated table, which leaves out the target date."""
    return ("Ref", "Key action", "Leads", status, "Commentary")


def has_bands(tallies: Tallies) -> bool:
    """Say whether the tallies have priority bands worth a table of their own."""
    return any(band.number is not None for band in tallies.bands)


def theme_heading(number: int, title: str) -> str:
    """Return a theme's heading, e.g. "1. Management arrangements"."""
    return f"{number}. {title}"


def theme_region_label(number: int, title: str) -> str:
    """Return the name a screen reader gives a theme's scrolling table."""
    return f"Completion of theme {theme_heading(number, title)}"


def objective_region_label(theme_number: int, position: int, objective: str) -> str:
    """Return the name a screen reader gives an objective's scrolling table."""
    return f"Theme {theme_number}, objective {position}: {objective}"


def continued(heading: str) -> str:
    """Return a heading restated at the top of a page its table or list runs onto."""
    return f"{heading} (continued)"


def page_number(number: int, total: int) -> str:
    """Return a page's place in its document, e.g. "Page 2 of 7"."""
    return f"Page {number} of {total}"


def ref_and_text(ref: str | None, text: str) -> str:
    """Return an action as the plan's table lists it: its ref, then its text."""
    return f"{ref} {text}" if ref else text


def objective_heading(objective: str) -> str:
    """Return the caption over an objective's actions."""
    return f"Objective: {objective}"


def status_heading(day: date) -> str:
    """Return the overall table's heading for a day: "Overall Completion Status 2 November 2009"."""
    return f"Overall Completion Status {long_date(day)}"


def bands_heading(day: date) -> str:
    """Return the priority table's first header for a day, e.g. "Actions as at 2 November 2009"."""
    return f"Actions as at {long_date(day)}"


def highlight_title(report: HighlightReport) -> str:
    """Return the report's title as the paper words it, marked while it is provisional."""
    title = f"{report.plan_title} – {report.month.month_name} Highlight Report"
    return f"{title} (provisional, so far)" if report.provisional else title


def highlight_status_heading(report: HighlightReport) -> str:
    """Return the overall table's heading, e.g. "Overall Completion Status 2 November 2009"."""
    heading = status_heading(report.as_at)
    return f"{heading} (so far)" if report.provisional else heading


def highlight_bands_heading(report: HighlightReport) -> str:
    """Return the heading of the priority table, e.g. "Actions as at October 2009"."""
    return f"Actions as at {report.month.label}"


def provisional_note(report: HighlightReport) -> str:
    """Return why the report is provisional, or nothing when its position is final."""
    if not report.provisional:
        return ""
    if report.as_at <= report.month.last_day:
        why = f"{report.month.label} has not ended"
    else:
        why = f"its cut-off date, {long_date(report.cut_off)}, is not over"
    return (
        f"This report is provisional: {why}. It shows the position so far, as at "
        f"{long_date(report.as_at)}, and may change as updates arrive."
    )


def highlight_subject(report: HighlightReport) -> str:
    """Return what the highlight report is about, for a document's properties."""
    return f"Highlight report for {report.month.label}, as at {long_date(report.as_at)}"


def previous_label(day: date) -> str:
    """Return the label of the overall table's row of the figures at an earlier date."""
    return f"At {long_date(day)}"


def completed_heading(month: Month) -> str:
    """Return the heading of the box of actions completed in the month."""
    return f"Completed in {month.label}"


def planned_heading(month: Month) -> str:
    """Return the heading of the box of actions due in the month after."""
    return f"Planned for {month.next().label}"


def completed_box_heading(month: Month) -> str:
    """Return the heading of the page's summary box of completions, naming the month alone."""
    return f"Completed in {month.month_name}"


def planned_box_heading(month: Month) -> str:
    """Return the heading of the page's summary box of plans, naming the next month alone."""
    return f"Planned for {month.next().month_name}"


def due_header(month: Month) -> str:
    """Return the header of the due-date column of the planned box."""
    return f"Due in {month.next().label.split()[0]}"


def achievements_heading(month: Month) -> str:
    """Return the heading of the month's achievements."""
    return f"Achievements in {month.label}"


def summary_heading(month: Month) -> str:
    """Return the heading of the page of four boxes, e.g. "October 2009 at a glance"."""
    return f"{month.label} at a glance"


def recommendations_met(summary: RecommendationsSummary) -> str:
    """Return the report's line on recommendations, e.g. "Recommendations met: 7 of 12"."""
    return f"Recommendations met: {summary.met} of {summary.total}"


def recommendation_source(source: str, made_on: date | None) -> str:
    """Return who made a recommendation and when, as its table's Source cell shows it."""
    made = long_date(made_on) if made_on else ""
    return ", ".join(part for part in (source.strip(), made) if part) or "-"


def milestone_overdue(item: ReportItem) -> str:
    """Return which milestone of an item was missed, when it was due and how many days ago."""
    if item.milestone is None:
        return ""
    days = item.milestone_days_overdue or 0
    return (
        f"{item.milestone.name}: due {long_date(item.milestone.due_on)},"
        f" {days} {'day' if days == 1 else 'days'} overdue"
    )


def counted(heading: str, count: int) -> str:
    """Return a box's heading with how many it lists, when it lists any."""
    return f"{heading} ({count})" if count else heading


def trend_alt_text(report: HighlightReport) -> str:
    """Describe the trend chart in words for readers who cannot see it."""
    points = report.trend
    if not points:
        return "Bar chart of the percentage of actions completed: no months to show."
    first, last = points[0], points[-1]
    return (
        f"Bar chart of the percentage of actions completed at each month end, from "
        f"{first.month.label} ({percent(first.percent_completed)}) to {last.month.label} "
        f"({percent(last.percent_completed)}). The table below gives every month's figures."
    )


def plan_title(report: PlanReport) -> str:
    """Return the title of the full plan or of the exception report."""
    kind = "Exception Report" if report.red_only else "Performance Measures"
    return f"{report.plan_title} – {kind}"


def plan_subtitle(report: PlanReport) -> str:
    """Return the line under the plan's title saying which date it shows."""
    if report.red_only:
        return f"Red-rated actions as at {long_date(report.as_at)}"
    return f"Position as at {long_date(report.as_at)}"


def _rated_red(count: int) -> str:
    return f"{count} action{'s' if count != 1 else ''} rated red"


def plan_note(report: PlanReport) -> str | None:
    """Return the sentence under the subtitle: the count of red actions, or why none show."""
    count = len(report.rows)
    if report.red_only:
        if not count:
            return "No actions were rated red on that date."
        return f"{_rated_red(count)}."
    return None if count else NO_PLAN_ROWS


def exceptions_page_note(report: PlanReport) -> str:
    """Return the exception page's count of red actions, naming the date."""
    count = len(report.rows)
    if not count:
        return f"No actions were rated red as at {long_date(report.as_at)}."
    return f"{_rated_red(count)} as at {long_date(report.as_at)}."


def status_text(
    label: str | None, direction: Direction | None = None, *, arrows: bool = True
) -> str:
    """Return a recorded status as the papers print it, e.g. "↑ On track", without colour."""
    if label is None:
        return NOT_RATED
    if direction is None:
        return label
    return f"{direction.arrow} {label}" if arrows else f"{direction.label}, {label}"


def date_text(day: date | None) -> str:
    """Return a date as the papers print it, or nothing."""
    return long_date(day) if day else ""


def completed_on_text(item: ReportItem) -> str:
    """Return when a reported action was completed, and signed off where it was."""
    completed = date_text(item.completed_on)
    if item.signed_off_on is None:
        return completed
    signed = f"signed off {long_date(item.signed_off_on)}"
    return f"{completed} ({signed})" if completed else signed.capitalize()


def written_target(text: str, day: date | None) -> str:
    """Return the target date as written, else the date it resolves to, else nothing."""
    return text or date_text(day)


def target_text(text: str, day: date | None) -> str:
    """Return the target date as written, with the date it resolves to when that adds anything."""
    if day is None:
        return recorded(text)
    resolved = long_date(day)
    return f"{text} ({resolved})" if target_text_adds(text, day) else resolved


def revision_note(baseline: date | None, revised_on: date | None, count: int) -> str:
    """Return how a revised target date came to be, e.g. "revised from 31 October 2010 (…)"."""
    if not count:
        return ""
    approved = f"approved {long_date(revised_on)}" if revised_on else "approved"
    first = long_date(baseline) if baseline else "no target date"
    revisions = "1 revision" if count == 1 else f"{count} revisions"
    return f"revised from {first} ({approved}); {revisions}"


def item_revision_note(item: ReportItem) -> str:
    """Return how a report item's target date was revised by the report's date, or ""."""
    return revision_note(item.baseline_target_date, item.revised_on, item.revision_count)


def item_target(item: ReportItem) -> str:
    """Return a report item's target date as a document's cell gives it, revision included."""
    text = target_text(item.target_date_text, item.target_date)
    note = item_revision_note(item)
    return f"{text}, {note}" if note else text


def row_target(row: MeasureRow, *, written: bool) -> str:
    """Return a plan report row's target date (as written, if asked), revision included."""
    text = (
        written_target(row.target_date_text, row.target_date)
        if written
        else target_text(row.target_date_text, row.target_date)
    )
    note = revision_note(row.baseline_target_date, row.revised_on, row.revision_count)
    return f"{text}, {note}" if note else text


def target_text_adds(text: str, day: date) -> bool:
    """Say whether a target date as written says more than the month it resolves to."""
    return bool(text) and text.strip() != f"{day:%B %Y}"


def percent(value: Decimal) -> str:
    """Return a percentage with its sign."""
    return f"{value}%"


def count_with_percent(count: int, value: Decimal) -> str:
    """Return a count with its percentage, e.g. "12 (6.63%)"."""
    return f"{count} ({percent(value)})"


def points(value: Decimal) -> str:
    """Return a change in percentage points, signed, to two places: +1.50, -0.25, 0.00."""
    return "0.00" if value == 0 else f"{value:+.2f}"


def count_change(value: int) -> str:
    """Return a change in a count, signed: +4, -1, +0."""
    return f"{value:+}"


def generated_by(moment: datetime) -> str:
    """Return the sentence saying when and by what a document was made."""
    return f"{generated_text(moment)} by {AUTHOR}."


def generated_text(moment: datetime) -> str:
    """Return when a document was made, in UK time: Generated 2 November 2009, 09:15 GMT."""
    local = moment.astimezone(LONDON)
    return f"Generated {long_date(local)}, {local:%H:%M} {local.tzname()}"


# The overdue list across plans, on its page, in its CSV and in its PDF.
OVERDUE_LIST_HEADING = f"{OVERDUE_HEADING} across plans"
OVERDUE_LIST_HEADER = (
    "Plan",
    "Ref",
    "Key action",
    "Lead",
    "Target date",
    DAYS_OVERDUE_HEADER,
    STATUS_HEADER,
)


def overdue_list_title(day: date) -> str:
    """Return the overdue list's title, naming the day it is as at."""
    return f"{OVERDUE_LIST_HEADING} as at {long_date(day)}"


def overdue_count(count: int) -> str:
    """Return how many actions the overdue list holds, e.g. "3 actions are overdue."."""
    if count == 0:
        return NO_OVERDUE
    return "1 action is overdue." if count == 1 else f"{count:,} actions are overdue."


# The performance scorecard: the monthly scorecard of 004, the summary of 003, the exception
# report of 002 and the clinic list of 003.
SCORECARD_HEADING = "Performance scorecard"
SCORECARD_LINK = "Performance scorecard of the indicators for the last complete month"
NO_THEME = "Indicators"
SCORECARD_HEADER = (
    "Ref",
    "Indicator",
    "Good performance is",
    "Last three periods",
    "Year to date",
    "Direction of travel",
    "RAG",
    "Target and tolerances",
    "Year-on-year trend",
    "Benchmarks",
    "Quartile",
)
SCORECARD_SUMMARY_HEADING = "Performance summary by theme"
ON_TARGET_CAPTION = "Performance against targets"
DOT_CAPTION = "Direction of travel"
YTD_CAPTION = "Year to date performance"
RAG_CAPTION = "RAG in the period"
SUMMARY_TOTAL_ROW = "Total number of indicators"
# Each summary table's rows: the mark the papers print, the words, the ThemeSummary field.
ON_TARGET_ROWS = (
    ("✓", "Has met target", "on_target"),
    ("✗", "Has not met target", "off_target"),
    ("–", "No target set", "no_target"),
)
DOT_ROWS = (
    ("↑", "Top performance or improvement", "improving"),
    ("→", "Performance has maintained", "maintained"),
    ("↓", "Performance has declined", "declining"),
    ("–", "Comparison cannot be made", "no_travel"),
    ("", "Information only (no good or bad performance)", "information_only"),
)
YTD_ROWS = (
    ("★", "2% above target or top performance", "ytd_above"),
    ("●", "On target", "ytd_on"),
    ("▲", "Below target", "ytd_below"),
    ("–", "No target set", "ytd_none"),
)
RAG_ROWS = (
    ("", "Red", "red"),
    ("", "Amber", "amber"),
    ("", "Green", "green"),
    ("", NOT_RATED, "not_rated"),
)
SUMMARY_TABLES = (
    (ON_TARGET_CAPTION, ON_TARGET_ROWS),
    (DOT_CAPTION, DOT_ROWS),
    (YTD_CAPTION, YTD_ROWS),
    (RAG_CAPTION, RAG_ROWS),
)
SCORECARD_EXCEPTIONS_HEADING = "Exception report (RAG rated red)"
SCORECARD_EXCEPTION_HEADER = ("Ref", "Indicator", "Latest", "Target", "Direction of travel")
NO_SCORECARD_EXCEPTIONS = "No indicators are rated red for the period."
CLINICS_HEADING = "Performance clinic candidates"
CLINICS_INTRO = (
    "Indicators both off target and declining at the quarter's end are considered for a clinic."
)
CLINIC_HEADER = ("Ref", "Indicator", "Latest", "Target", "Direction of travel", "Quarters")
NO_CLINICS = "No indicators are both off target and declining."
NO_INDICATORS = "This plan has no performance indicators yet."
NO_FIGURE = "-"
NO_TARGET = "No target set"
TARGET_LABEL = "Target"
TOLERANCE_LABELS = ("Red", "Amber", "Green")
NO_COMMENTARY = "No commentary was recorded."
INDICATOR_CHART_HEADER = ("Period", "Reading")
INDICATOR_CHART_DESCRIPTION = "A bar for each period; the same figures are in the table below."


def scorecard_title(plan_title: str, period_end: date) -> str:
    """Return the scorecard's title, e.g. "Plan – Performance Scorecard, January 2017"."""
    return f"{plan_title} – Performance Scorecard, {period_end:%B %Y}"


def scorecard_subtitle(period_end: date) -> str:
    """Return the line under the title naming the month end the scorecard is as at."""
    return f"Performance summary as at month end {period_end:%B %Y}"


def share(count: int, total: int) -> str:
    """Return a count's share of a total as a whole percentage, as 003 prints it: "67%"."""
    if not total:
        return "0%"
    return f"{(Decimal(count * 100) / total).quantize(Decimal('1'), rounding=ROUND_HALF_UP)}%"


def travel_text(arrow: str | None, label: str | None) -> str:
    """Return a direction of travel as its arrow and words, or a dash when none is judged."""
    if label is None:
        return NO_FIGURE
    return f"{arrow} {label}" if arrow else label


def rag_text(label: str | None) -> str:
    """Return a RAG as its word, never a colour alone."""
    return label or NOT_RATED


def tolerance_text(red: str, amber: str, green: str) -> str:
    """Return the bands as the scorecard writes them, e.g. "Amber >90% <100%; Green 100%"."""
    bands = zip(TOLERANCE_LABELS, (red, amber, green), strict=True)
    return "; ".join(f"{name} {text.strip()}" for name, text in bands if text.strip())


def clinic_quarters_text(quarters: tuple[str, ...]) -> str:
    """Return the quarters an indicator has been off target and declining."""
    return ", ".join(quarters) if quarters else NO_FIGURE


def indicator_chart_label(ref: str, title: str) -> str:
    """Return the name of an indicator's trend chart and its table."""
    return f"Trend of {ref} {title}"


def figure(value: Decimal | None, unit: Unit) -> str:
    """Return a figure in its unit's one display format, or a dash when there is none."""
    return NO_FIGURE if value is None else format_value(value, unit)


def reading_text(reading: ReadingFacts | None, unit: Unit) -> str:
    """Return a reading as the scorecard prints it: "77.8% (1767/2270)", "no data" or a dash."""
    if reading is None:
        return NO_FIGURE
    value = reading.value
    if value.value is None:
        return value.no_data or NO_FIGURE
    text = format_value(value.value, unit)
    if value.numerator is not None and value.denominator is not None:
        counts = (
            format_value(count, Unit.NUMBER) for count in (value.numerator, value.denominator)
        )
        text += " ({}/{})".format(*counts)
    return text


def target_figure(target: TargetFacts | None, unit: Unit) -> str:
    """Return the target in force as written, else its figure, else that none is set."""
    if target is None:
        return NO_TARGET
    return target.text.strip() or format_value(target.value, unit)


def benchmark_text(kind_label: str, period_label: str) -> str:
    """Return a benchmark's name with the period its figure refers to."""
    return f"{kind_label} ({period_label})" if period_label else kind_label


def scorecard_theme(title: str) -> str:
    """Return a scorecard section's heading, naming the indicators given none."""
    return title.strip() or NO_THEME


def chart_figures_caption(chart_label: str) -> str:
    """Return the caption of the table of a chart's figures."""
    return f"{chart_label}: figures"


def exception_measure(ref: str, title: str) -> str:
    """Return an exception's heading over its commentary, as 002: "Measure (NI 78): title"."""
    return f"Measure ({ref}): {title}"


# The scorecard's PDF and Word document print each indicator's row in these words, as the page.
SCORECARD_TREND_HEADER = "Trend"
TREND_FIGURES_HEADER = ("Ref", "Indicator", "Readings, oldest first")


def trend_figures_caption(theme: str) -> str:
    """Return the caption of a theme's table of each indicator's readings, the charts' figures."""
    return f"{scorecard_theme(theme)}: the trend's figures"


def summary_cell(count: int, total: int) -> str:
    """Return a count of the summary with its share of the theme's indicators, e.g. "2 (67%)"."""
    return f"{count} ({share(count, total)})"


def summary_row_label(mark: str, words: str, *, marks: bool = True) -> str:
    """Return a summary row's label: the paper's mark, when the font has it, then the words."""
    return f"{mark} {words}" if mark and marks else words


def scorecard_row(
    assessment: Assessment, notes: str, *, symbols: bool = True
) -> tuple[tuple[str, ...], ...]:
    """Return an indicator's scorecard cells, each as its lines, in SCORECARD_HEADER's order."""
    facts = assessment.indicator
    unit = facts.unit
    travel = assessment.travel
    ytd = assessment.ytd_symbol
    tolerances = assessment.tolerances
    bands = tolerance_text(tolerances.red, tolerances.amber, tolerances.green) if tolerances else ""
    # The bands stand for a target never set, as the paper's Target Green column does.
    target = (
        (f"{TARGET_LABEL}: {target_figure(assessment.target, unit)}",)
        if assessment.target or not bands
        else ()
    )
    return (
        (facts.ref,),
        (facts.title, *((notes,) if notes else ()), *assessment.problems),
        (facts.polarity.label, f"{facts.unit.label}, {facts.frequency.label.lower()}"),
        tuple(
            f"{period.label}: {reading_text(reading, unit)}"
            for period, reading in zip(assessment.recent_periods, assessment.recent, strict=True)
        ),
        (figure(assessment.ytd, unit), f"{ytd.symbol} {ytd.label}" if symbols else ytd.label),
        (
            travel_text(
                travel.arrow if travel and symbols else None, travel.label if travel else None
            ),
            *((assessment.dot_text,) if assessment.dot_text else ()),
        ),
        (rag_text(assessment.rag.label if assessment.rag else None),),
        (*target, *((bands,) if bands else ())),
        tuple(
            f"{reading.period.label}: {reading_text(reading, unit)}"
            for reading in assessment.outturns
        )
        or (NO_FIGURE,),
        tuple(
            f"{benchmark_text(b.kind.label, b.period_label)}: {figure(b.value, unit)}"
            for b in assessment.benchmarks
        )
        or (NO_FIGURE,),
        (assessment.quartile.label if assessment.quartile else NO_FIGURE,),
    )


def brief_row(assessment: Assessment, *, arrows: bool = True) -> tuple[str, ...]:
    """Return an indicator's cells in the exception report and the clinic list, as the page."""
    facts = assessment.indicator
    travel = assessment.travel
    words = travel_text(
        travel.arrow if travel and arrows else None, travel.label if travel else None
    )
    if assessment.dot_text:
        words = f"{words}: {assessment.dot_text}"
    return (
        facts.ref,
        facts.title,
        f"{assessment.period.label}: {reading_text(assessment.latest, facts.unit)}",
        target_figure(assessment.target, facts.unit),
        words,
    )


def exception_commentary(assessment: Assessment) -> str:
    """Return a red indicator's commentary for the period, or that none was recorded."""
    latest = assessment.latest
    return (latest.commentary if latest else "") or NO_COMMENTARY

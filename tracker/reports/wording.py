"""Word the reports' titles, headings, column headers and cells once, for the PDF and Word files."""

from datetime import date, datetime
from decimal import Decimal

from tracker.clock import LONDON
from tracker.domain.as_at import Month
from tracker.domain.empty_values import recorded
from tracker.domain.enums import Direction
from tracker.domain.highlight import HighlightReport
from tracker.domain.plan_report import PlanReport
from tracker.filters import long_date

AUTHOR = "Improvement Tracker"
LANGUAGE = "en-GB"

COMPLETION_HEADERS = (
    "Completed",
    "Not completed",
    "Partially completed",
    "Completion status not known",
)
ITEM_HEADER = ("Ref", "Key action", "Leads", "Target date")
RISK_HEADER = ("Risk or issue", "Likelihood", "Consequences", "Mitigation", "Owner", "Raised")
RED_HEADER = ("Ref", "Key action", "Leads", "Target date", "RAG", "Commentary")
ACHIEVEMENT_HEADER = ("Date", "Achievement")
TREND_HEADER = ("Month", "Completed", "Actions")
PLAN_HEADER = (
    "Objective",
    "Key Actions",
    "Baseline",
    "Targets",
    "Target Date",
    "Lead",
    "RAG",
    "Performance Commentary",
    "Lead Workstream(s)",
)
EXCEPTION_HEADER = (
    "Ref",
    "Key action",
    "Lead",
    "Target date",
    "RAG",
    "Current performance",
    "Performance commentary",
)

THEMES_HEADING = "Completion by theme"
TREND_HEADING = "Percentage of actions completed at each month end"
OVERDUE_HEADING = "Overdue actions"
RISKS_HEADING = "Risks and issues"
OPEN_RISKS_HEADING = "Open risks and issues"
RED_HEADING = "Red-rated actions"
DAYS_OVERDUE_HEADER = "Days overdue"
COMPLETED_ON_HEADER = "Completed on"

NO_COMPLETED = "No actions were completed in the month."
NO_PLANNED = "No actions fall due in the next month."
NO_OVERDUE = "No actions are overdue."
NO_RISKS = "No risks or issues are open."
NO_RED = "No actions are rated red."
NO_ACHIEVEMENTS = "No achievements were recorded for the month."
NO_PLAN_ROWS = "The plan had no actions with an update on that date."


def highlight_subject(report: HighlightReport) -> str:
    """Return what the highlight report is about, for a document's properties."""
    return f"Highlight report for {report.month.label}, as at {long_date(report.as_at)}"


def previous_label(report: HighlightReport) -> str:
    """Return the label of the previous month's row in the overall table."""
    return f"At {long_date(report.previous_tallies.as_at)}"


def completed_heading(month: Month) -> str:
    """Return the heading of the box of actions completed in the month."""
    return f"Completed in {month.label}"


def planned_heading(month: Month) -> str:
    """Return the heading of the box of actions due in the month after."""
    return f"Planned for {month.next().label}"


def due_header(month: Month) -> str:
    """Return the header of the due-date column of the planned box."""
    return f"Due in {month.next().label.split()[0]}"


def achievements_heading(month: Month) -> str:
    """Return the heading of the month's achievements."""
    return f"Achievements in {month.label}"


def summary_heading(month: Month) -> str:
    """Return the heading of the page of four boxes, e.g. "October 2009 at a glance"."""
    return f"{month.label} at a glance"


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
        f"{first.month.label} ({first.percent_completed}%) to {last.month.label} "
        f"({last.percent_completed}%). The table below gives every month's figures."
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


def plan_note(report: PlanReport) -> str | None:
    """Return the sentence under the subtitle: the count of red actions, or why none show."""
    count = len(report.rows)
    if report.red_only:
        if not count:
            return "No actions were rated red on that date."
        return f"{count} action{'s' if count != 1 else ''} rated red."
    return None if count else NO_PLAN_ROWS


def status_text(
    label: str | None, direction: Direction | None = None, *, arrows: bool = True
) -> str:
    """Return a recorded status as the papers print it, e.g. "↑ On track", without colour."""
    if label is None:
        return "Not rated"
    if direction is None:
        return label
    return f"{direction.arrow} {label}" if arrows else f"{direction.label}, {label}"


def date_text(day: date | None) -> str:
    """Return a date as the papers print it, or nothing."""
    return long_date(day) if day else ""


def target_text(text: str, day: date | None) -> str:
    """Return the target date as written, with the date it resolves to when that adds anything."""
    if day is None:
        return recorded(text)
    resolved = long_date(day)
    if not text or text.strip() == f"{day:%B %Y}":
        return resolved
    return f"{text} ({resolved})"


def percent(value: Decimal) -> str:
    """Return a percentage with its sign."""
    return f"{value}%"


def points(value: Decimal) -> str:
    """Return a change in percentage points, signed."""
    return "0.00" if value == 0 else f"{value:+}"


def generated_text(moment: datetime) -> str:
    """Return when a document was made, in UK time: Generated 2 November 2009, 09:15 GMT."""
    local = moment.astimezone(LONDON)
    return f"Generated {long_date(local)}, {local:%H:%M} {local.tzname()}"

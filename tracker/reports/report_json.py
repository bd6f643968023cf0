"""Render the highlight report, a plan's tallies and the cross-plan tallies as JSON-ready data."""

# Dates are ISO, percentages strings with two places, and changes in points as the pages word
# them, so a reader of the JSON gets the figures the pages and papers print.

from datetime import date
from decimal import Decimal
from typing import Any

from tracker.domain.enums import Completion
from tracker.domain.highlight import HighlightReport, ReportItem
from tracker.domain.milestones import MilestoneFacts
from tracker.domain.portfolio import Portfolio
from tracker.domain.recommendations import RecommendationsSummary
from tracker.domain.tallies import BandTally, Tallies, Tally
from tracker.reports import wording
from tracker.reports.wording import points


def highlight_json(report: HighlightReport) -> dict[str, Any]:
    """Return the report as JSON-ready data: ISO dates, percentages as strings with two places."""
    return {
        "plan": {"slug": report.plan_slug, "title": report.plan_title},
        "month": report.month.isoformat(),
        "as_at": report.as_at.isoformat(),
        "cut_off": report.cut_off.isoformat(),
        "provisional": report.provisional,
        "title": wording.highlight_title(report),
        "tallies": tallies_json(report.tallies),
        "previous_tallies": tallies_json(report.previous_tallies),
        "change": _percent_json(report.change),
        "completed": [
            {
                **_item_json(item),
                "completed_on": _date_json(item.completed_on),
                "signed_off_on": _date_json(item.signed_off_on),
            }
            for item in report.completed
        ],
        "awaiting_sign_off": [
            {**_item_json(item), "completed_on": _date_json(item.completed_on)}
            for item in report.awaiting_sign_off
        ],
        "planned": [
            {**_item_json(item), "due": _date_json(item.due_in_month)} for item in report.planned
        ],
        "overdue": [
            {**_item_json(item), "days_overdue": item.days_overdue}
            for item in report.overdue_actions
        ],
        "milestones_overdue": [
            {
                **_item_json(item),
                "milestone_overdue": wording.milestone_overdue(item),
                "milestone": _milestone_json(item.milestone),
                "milestone_days_overdue": item.milestone_days_overdue,
            }
            for item in report.milestones_overdue
            if item.milestone is not None
        ],
        "risks": [
            {
                "description": risk.description,
                "likelihood": risk.likelihood,
                "consequences": risk.consequences,
                "mitigation": risk.mitigation,
                "owner": risk.owner,
                "raised_on": risk.raised_on.isoformat(),
            }
            for risk in report.risks
        ],
        "red_actions": [_item_json(item) for item in report.red_actions],
        "achievements": [
            {"text": achievement.text, "achieved_on": achievement.achieved_on.isoformat()}
            for achievement in report.achievements
        ],
        "indicators": [
            {
                "action_id": line.action_id,
                "action_ref": line.action_ref,
                "indicator_id": line.indicator_id,
                "ref": line.indicator_ref,
                "title": line.indicator_title,
                "period": line.period,
                "latest": line.reading,
                "rag": line.rag.value if line.rag else None,
                "dot": line.travel,
            }
            for line in report.indicators
        ],
        "recommendations": recommendations_json(report.recommendations),
        "trend": [
            {
                "month": point.month.isoformat(),
                "percent_completed": str(point.percent_completed),
                "total": point.total,
            }
            for point in report.trend
        ],
    }


def recommendations_json(summary: RecommendationsSummary | None) -> dict[str, Any] | None:
    """Return the recommendations and which were met as JSON-ready data; None when none."""
    if summary is None:
        return None
    return {
        "as_at": summary.as_at.isoformat(),
        "met": summary.met,
        "total": summary.total,
        "line": wording.recommendations_met(summary),
        "rows": [
            {
                "ref": row.recommendation.ref,
                "text": row.recommendation.text,
                "source": row.recommendation.source,
                "made_on": _date_json(row.recommendation.made_on),
                "due_on": _date_json(row.recommendation.due_on),
                "status": row.status.value,
                "status_text": row.label,
                "actions_done": row.done,
                "actions": row.total,
                "action_ids": list(row.recommendation.action_ids),
            }
            for row in summary.rows
        ],
    }


def tallies_json(tallies: Tallies) -> dict[str, Any]:
    """Return tallies as JSON-ready data, in the shape the report's "tallies" key has."""
    return {
        "as_at": tallies.as_at.isoformat(),
        "overall": tally_json(tallies.overall),
        "bands": [_band_json(band) for band in tallies.bands],
        "themes": [
            {
                "number": theme.number,
                "title": theme.title,
                **tally_json(theme.tally),
                "bands": [_band_json(band) for band in theme.bands],
            }
            for theme in tallies.themes
        ],
    }


def plan_tallies_json(slug: str, title: str, tallies: Tallies) -> dict[str, Any]:
    """Return a plan's tallies as JSON-ready data, named by the plan's short name and title."""
    return {"plan": {"slug": slug, "title": title}, **tallies_json(tallies)}


def tally_json(tally: Tally) -> dict[str, Any]:
    """Return one tally as JSON-ready data, in the shape each entry of "tallies" has."""
    return {
        "total": tally.total,
        **{completion.value: tally.count(completion) for completion in Completion},
        "percent": _percent_json(tally.percentages),
    }


def portfolio_json(portfolio: Portfolio) -> dict[str, Any]:
    """Return the cross-plan tallies as JSON-ready data, each tally in the reports' shape."""
    return {
        "as_at": portfolio.as_at.isoformat(),
        "previous_as_at": portfolio.previous_as_at.isoformat(),
        "overall": {
            **tally_json(portfolio.overall),
            "change": points(portfolio.change),
            "overdue": portfolio.overdue,
            "exceptions": portfolio.exceptions,
        },
        "plans": [
            {
                "slug": plan.slug,
                "title": plan.title,
                "owner": plan.owner,
                "tally": tally_json(plan.tally),
                "change": points(plan.change),
                "overdue": plan.overdue,
                "exceptions": plan.exceptions,
                "last_update_on": _date_json(plan.last_update_on),
                "completed_by_month": [
                    {"month": month.isoformat(), "completed": count}
                    for month, count in plan.completed_by_month
                ],
            }
            for plan in portfolio.plans
        ],
    }


def _date_json(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def _percent_json(percentages: dict[Completion, Decimal]) -> dict[str, str]:
    return {completion.value: str(percentages[completion]) for completion in Completion}


def _band_json(band: BandTally) -> dict[str, Any]:
    return {"number": band.number, "label": band.label, **tally_json(band.tally)}


def _milestone_json(milestone: MilestoneFacts) -> dict[str, Any]:
    return {
        "ref": milestone.ref,
        "text": milestone.text,
        "due_on": _date_json(milestone.due_on),
        "done_on": _date_json(milestone.done_on),
    }


def _item_json(item: ReportItem) -> dict[str, Any]:
    return {
        "action_id": item.action_id,
        "ref": item.ref,
        "action": item.action,
        "theme": item.theme_number,
        "leads": list(item.leads),
        "target_date": _date_json(item.target_date),
        "target_date_text": item.target_date_text,
        "baseline_target_date": _date_json(item.baseline_target_date),
        "revision_count": item.revision_count,
        "revised_on": _date_json(item.revised_on),
        "revision_note": wording.item_revision_note(item),
        "rag": None if item.rag is None else item.rag.value,
        "status": item.status_label,
        "status_colour": None if item.status_colour is None else item.status_colour.value,
        "commentary": item.commentary,
        "short_title": item.short_title,
        "report_note": item.report_note,
    }

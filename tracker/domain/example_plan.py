"""Lay out the fictional example plan's monthly snapshots, its dates counted from the load day."""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from tracker.domain.as_at import long_day
from tracker.domain.cells import format_completion_cell
from tracker.domain.due import add_months
from tracker.domain.enums import Completion
from tracker.domain.layout import EXPORT_HEADERS
from tracker.domain.milestones import MilestoneFacts, format_milestones_cell
from tracker.domain.recommendations import REF_SEPARATOR, TEXT_SEPARATOR
from tracker.domain.working_days import WorkingCalendar

OFFSET_UNITS = ("months", "days", "working_days")
# The columns of the importer's own layout, so the snapshots are read without a mapping.
HEADERS = [header for _, header in EXPORT_HEADERS]
COMPLETE_RAG = "Complete"


class ExamplePlanError(ValueError):
    """Say what is wrong with the example plan's data file."""


def offset_date(offset: Mapping[str, int], *, today: date, working: WorkingCalendar) -> date:
    """Return the day an offset names: months from today, then days, then working days."""
    unknown = sorted(set(offset) - set(OFFSET_UNITS))
    if unknown or not offset:
        raise ExamplePlanError(
            f"an offset takes {', '.join(OFFSET_UNITS)}; got {dict(offset) or 'nothing'}"
        )
    day = add_months(today, offset.get("months", 0)) + timedelta(days=offset.get("days", 0))
    return working.add_working_days(day, offset.get("working_days", 0))


def snapshot_dates(today: date, months: int) -> list[date]:
    """Return the as-at dates of monthly updates: each past month's last day, then today."""
    if months < 1:
        raise ExamplePlanError(f"the plan needs at least one month of updates, not {months}")
    past = []
    for back in range(months - 1, 0, -1):
        day = add_months(today, -back)
        past.append(day.replace(day=calendar.monthrange(day.year, day.month)[1]))
    return [*past, today]


@dataclass(frozen=True)
class ActionDates:
    """The days an action's offsets name, resolved against the load day."""

    target: date | None
    completed_on: date | None
    reported_until: date | None
    earlier_until: date | None
    # The first target date where the target was revised, and the milestones' due and done days.
    baseline: date | None = None
    milestones: tuple[MilestoneFacts, ...] = ()


def action_dates(
    action: Mapping[str, Any], *, today: date, working: WorkingCalendar
) -> ActionDates:
    """Resolve one action's offsets; a recurrence word ("Monthly") as target has no date."""

    def resolve(value: Any) -> date | None:
        return None if value is None else offset_date(value, today=today, working=working)

    target = action["target"]
    return ActionDates(
        target=None if isinstance(target, str) else resolve(target),
        completed_on=resolve(action.get("completed")),
        reported_until=resolve(action.get("reported_until")),
        earlier_until=resolve(action.get("earlier", {}).get("until")),
        baseline=resolve(action.get("baseline_target")),
        milestones=tuple(
            MilestoneFacts(
                None,
                milestone.get("ref"),
                milestone["text"],
                offset_date(milestone["due"], today=today, working=working),
                resolve(milestone.get("done")),
            )
            for milestone in action.get("milestones", ())
        ),
    )


def snapshot_row(
    action: Mapping[str, Any],
    dates: ActionDates,
    *,
    as_at: date,
    first_as_at: date,
    recommendations: Mapping[str, Mapping[str, Any]] | None = None,
) -> list[str] | None:
    """Return the action's row in the snapshot as at a date, or None when not reported then."""
    if dates.reported_until is not None and as_at > dates.reported_until:
        return None
    completed = dates.completed_on is not None and dates.completed_on <= as_at
    earlier = action.get("earlier", {})
    if completed:
        rag = COMPLETE_RAG
        commentary = action.get("completed_commentary", action["commentary"])
        completion = Completion.COMPLETED
    else:
        in_earlier = dates.earlier_until is not None and as_at < dates.earlier_until
        rag = earlier["rag"] if in_earlier else action.get("rag", "→ Amber")
        commentary = earlier["commentary"] if in_earlier else action["commentary"]
        completion = (
            Completion.NOT_COMPLETED if as_at == first_as_at else Completion.PARTIALLY_COMPLETED
        )
    values = {
        "ref": action["ref"],
        "theme": action["theme"],
        "objective": action["objective"],
        "action": action["action"],
        "priority": str(action["priority"]),
        "target_date": long_day(dates.target) if dates.target else action["target"],
        "current_performance": action.get("performance", ""),
        "lead": action["lead"],
        "rag": rag,
        "commentary": commentary,
        "workstreams": action.get("workstream", ""),
        "completion": format_completion_cell(completion),
        "completed_on": dates.completed_on.isoformat() if completed and dates.completed_on else "",
        "baseline_target_date": long_day(dates.baseline) if dates.baseline else "",
        "recommendation": f"{REF_SEPARATOR} ".join(
            f"{ref}{TEXT_SEPARATOR} {(recommendations or {})[ref]['text']}"
            for ref in action.get("recommendations", ())
        ),
        # Each milestone as the snapshot's day knew it: done only once its done day has come.
        "milestones": format_milestones_cell(
            replace(m, done_on=m.done_on if m.done_on and m.done_on <= as_at else None)
            for m in dates.milestones
        ),
    }
    return [values.get(key, "") for key, _ in EXPORT_HEADERS]


def snapshots(
    plan: Mapping[str, Any], *, today: date, working: WorkingCalendar
) -> list[tuple[date, list[list[str]]]]:
    """Return each monthly snapshot's as-at date and its table, header row first."""
    as_ats = snapshot_dates(today, plan["months_of_updates"])
    resolved = [
        (action, action_dates(action, today=today, working=working)) for action in plan["actions"]
    ]
    tables = []
    for as_at in as_ats:
        rows = [
            row
            for action, dates in resolved
            if (
                row := snapshot_row(
                    action,
                    dates,
                    as_at=as_at,
                    first_as_at=as_ats[0],
                    recommendations=plan.get("recommendations"),
                )
            )
            is not None
        ]
        tables.append((as_at, [HEADERS, *rows]))
    return tables


def resolve_dates(entry: Mapping[str, Any], *, today: date, working: WorkingCalendar) -> dict:
    """Return a risk, achievement or band with each offset replaced by its ISO date."""
    return {
        name: offset_date(value, today=today, working=working).isoformat()
        if isinstance(value, Mapping)
        else value
        for name, value in entry.items()
    }

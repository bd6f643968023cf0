"""Export a plan as at a date in the council layout that the importer reads back."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import raiseload

from tracker.domain.as_at import state_as_at
from tracker.domain.cells import format_completion_cell
from tracker.domain.layout import EXPORT_HEADERS
from tracker.domain.status_key import format_status_cell
from tracker.extensions import db
from tracker.models import Action, Objective, Plan, PriorityBand, Theme
from tracker.services.facts import load_update_facts
from tracker.services.tabular import write_table


def export_rows(plan: Plan, as_at: date) -> list[list[str]]:
    """Return one row per action that is in the plan as at the date, in plan order."""
    rows = db.session.execute(
        select(Action, Objective.text, Theme.number, Theme.title, PriorityBand.number)
        .join(Objective, Objective.id == Action.objective_id)
        .join(Theme, Theme.id == Objective.theme_id)
        .outerjoin(PriorityBand, PriorityBand.id == Action.band_id)
        .options(raiseload("*"))
        .where(Action.plan_id == plan.id, Action.archived_at.is_(None))
        .order_by(Theme.number, Objective.position, Objective.id, Action.position, Action.id)
    ).all()
    states = state_as_at(load_update_facts(plan.id, as_at), as_at)
    table = []
    for action, objective_text, theme_number, theme_title, band_number in rows:
        state = states.get(action.id)
        if state is None:
            continue
        values = {
            "ref": action.ref or "",
            "theme": f"{theme_number}. {theme_title}",
            "objective": objective_text,
            "action": action.text,
            "priority": "" if band_number is None else str(band_number),
            "target_date": action.target_date_text,
            "baseline": action.baseline,
            "targets": action.targets,
            "current_performance": state.current_performance,
            "lead": action.lead_text,
            "rag": format_status_cell(state.status_label, state.direction),
            "commentary": state.commentary,
            "workstreams": action.workstreams,
            "completion": format_completion_cell(state.completion),
            "completed_on": state.completed_on.isoformat() if state.completed_on else "",
        }
        table.append([values[key] for key, _ in EXPORT_HEADERS])
    return table


def export_plan_file(plan: Plan, as_at: date, path: Path) -> int:
    """Write the plan as at the date to an .xlsx or .csv file; return the number of actions."""
    rows = export_rows(plan, as_at)
    write_table(path, [header for _, header in EXPORT_HEADERS], rows)
    return len(rows)

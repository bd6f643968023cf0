"""Export a plan as at a date in the council's own layout or the standard one, to read back."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path

from sqlalchemy import Row, Select, select

from tracker.domain.as_at import long_day
from tracker.domain.cells import format_completion_cell
from tracker.domain.council_export import ExportedAction, council_table
from tracker.domain.date_revisions import RevisionFacts, baseline_date, date_in_force
from tracker.domain.enums import Completion
from tracker.domain.facts import UpdateFacts
from tracker.domain.layout import EXPORT_HEADERS
from tracker.domain.milestones import MilestoneFacts, format_milestones_cell
from tracker.domain.plan_order import plan_order
from tracker.domain.status_key import format_status_cell
from tracker.extensions import db
from tracker.models import Action, Milestone, Objective, Plan, PriorityBand, Theme
from tracker.services.facts import load_revision_facts, load_states_as_at
from tracker.services.plan_reads import saved_mapping
from tracker.services.recommendations import refs_by_action
from tracker.services.tabular import table_bytes


class ExportLayout(StrEnum):
    """The layouts a plan is exported in."""

    COUNCIL = "council"
    STANDARD = "standard"


class ExportRefused(ValueError):
    """Say why a plan cannot be exported in the layout asked for."""


@dataclass(frozen=True)
class PlanExport:
    """A plan exported: the file's content, its layout, and what the layout had no column for."""

    content: bytes
    layout: ExportLayout
    actions: int
    left_out: tuple[str, ...] = ()


def default_layout(plan: Plan) -> ExportLayout:
    """Return the council's layout when the plan has a saved mapping, else the standard one."""
    return ExportLayout.COUNCIL if saved_mapping(plan) is not None else ExportLayout.STANDARD


def exported_actions(
    plan: Plan, as_at: date, only: Sequence[int] | None = None, within: Select | None = None
) -> list[ExportedAction]:
    """Return the actions in the plan as at the date (or only those, in that order) as cells."""
    # Columns, not Action entities: the ORM's bookkeeping per entity cost more than the export.
    query = (
        select(
            Action.id.label("action_id"),
            Action.ref,
            Action.position,
            Action.text,
            Action.target_date_text,
            Action.target_date,
            Action.baseline,
            Action.targets,
            Action.lead_text,
            Action.workstreams,
            Action.extras,
            Objective.text.label("objective_text"),
            Theme.number.label("theme_number"),
            Theme.title.label("theme_title"),
            PriorityBand.number.label("band_number"),
            Objective.position.label("objective_position"),
        )
        .join(Objective, Objective.id == Action.objective_id)
        .join(Theme, Theme.id == Objective.theme_id)
        .outerjoin(PriorityBand, PriorityBand.id == Action.band_id)
        .where(Action.plan_id == plan.id, Action.archived_at.is_(None))
    )
    if within is not None:
        # The ids' own query, not the ids, so that no statement carries one parameter per id.
        query = query.where(Action.id.in_(within))
    if only is None:
        rows = sorted(db.session.execute(query), key=plan_order)
    else:
        # The ids come in the order the caller sorted them; SQL gives them back in any order.
        by_id = {row.action_id: row for row in db.session.execute(query)}
        rows = [by_id[action_id] for action_id in only if action_id in by_id]
    states = load_states_as_at(plan.id, as_at, within)
    recommendation_refs = refs_by_action(plan.id)
    milestones = _milestones_as_at(plan.id, as_at, within)
    revisions = load_revision_facts([Action.plan_id == plan.id])
    exported = []
    for row in rows:
        state = states.get(row.action_id)
        if state is None and only is None:
            # No update by the date: the action had not come into the plan yet.
            continue
        status = _status_cells(state)
        target, baseline = _target_cells(row, revisions.get(row.action_id, ()), as_at)
        values = {
            "ref": row.ref or "",
            "theme": f"{row.theme_number}. {row.theme_title}",
            "objective": row.objective_text,
            "action": row.text,
            "priority": "" if row.band_number is None else str(row.band_number),
            "target_date": target,
            "baseline_target_date": baseline,
            "baseline": row.baseline,
            "targets": row.targets,
            "current_performance": status["current_performance"],
            "lead": row.lead_text,
            "rag": status["rag"],
            "commentary": status["commentary"],
            "workstreams": row.workstreams,
            "completion": status["completion"],
            "completed_on": status["completed_on"],
            "recommendation": recommendation_refs.get(row.action_id, ""),
            "milestones": format_milestones_cell(milestones.get(row.action_id, ())),
        }
        exported.append(ExportedAction(values, dict(row.extras or {})))
    return exported


def _milestones_as_at(
    plan_id: int, as_at: date, within: Select | None
) -> dict[int, list[MilestoneFacts]]:
    """Return the live actions' milestones by action, a done date after as_at not yet known."""
    query = (
        select(
            Milestone.action_id,
            Milestone.id,
            Milestone.ref,
            Milestone.text,
            Milestone.due_on,
            Milestone.done_on,
        )
        .join(Action, Action.id == Milestone.action_id)
        .where(Action.plan_id == plan_id, Action.archived_at.is_(None))
        .order_by(Milestone.action_id, Milestone.due_on, Milestone.position, Milestone.id)
    )
    if within is not None:
        query = query.where(Milestone.action_id.in_(within))
    by_action: dict[int, list[MilestoneFacts]] = defaultdict(list)
    for action_id, milestone_id, ref, words, due_on, done_on in db.session.execute(query):
        known = done_on if done_on is not None and done_on <= as_at else None
        by_action[action_id].append(MilestoneFacts(milestone_id, ref, words, due_on, known))
    return by_action


def _target_cells(row: Row, revisions: Sequence[RevisionFacts], as_at: date) -> tuple[str, str]:
    """Return the Target Date and Baseline Target Date cells: the date in force and the first."""
    in_force = date_in_force(baseline_date(row.target_date, revisions), revisions, as_at)
    if not in_force.revision_count:
        # Not revised by then: the words as written, and no baseline column of its own.
        return row.target_date_text, ""
    baseline = in_force.baseline
    return (
        long_day(in_force.target_date) if in_force.target_date else "",
        long_day(baseline) if baseline else "",
    )


def _status_cells(state: UpdateFacts | None) -> dict[str, str]:
    """Return the cells an action's status fills, blank (not known) when it has none yet."""
    if state is None:
        return {
            "current_performance": "",
            "rag": "",
            "commentary": "",
            "completion": format_completion_cell(Completion.NOT_KNOWN),
            "completed_on": "",
        }
    return {
        "current_performance": state.current_performance,
        "rag": format_status_cell(state.status_label, state.direction),
        "commentary": state.commentary,
        "completion": format_completion_cell(state.completion),
        "completed_on": state.completed_on.isoformat() if state.completed_on else "",
    }


def export_plan(
    plan: Plan,
    as_at: date,
    *,
    name: str,
    layout: ExportLayout | None = None,
    only: Sequence[int] | None = None,
    within: Select | None = None,
) -> PlanExport:
    """Return the plan (or only those actions, in that order) as at the date as a file's content."""
    layout = layout or default_layout(plan)
    actions = exported_actions(plan, as_at, only, within)
    if layout is ExportLayout.STANDARD:
        rows = [
            [header for _, header in EXPORT_HEADERS],
            *([action.values[key] for key, _ in EXPORT_HEADERS] for action in actions),
        ]
        return PlanExport(table_bytes(name, rows), layout, len(actions))
    mapping = saved_mapping(plan)
    if mapping is None:
        raise ExportRefused(
            f"the plan '{plan.slug}' has no saved column mapping, so it has no layout of its "
            "own; export it in the standard layout"
        )
    table = council_table(mapping, title=plan.title, actions=actions)
    return PlanExport(table_bytes(name, table.rows), layout, len(actions), table.left_out)


def export_plan_file(
    plan: Plan, as_at: date, path: Path, layout: ExportLayout | None = None
) -> PlanExport:
    """Write the plan as at the date to an .xlsx or .csv file."""
    exported = export_plan(plan, as_at, name=path.name, layout=layout)
    path.write_bytes(exported.content)
    return exported

"""Import a plan table in the council layout: create the plan or add a snapshot to it."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import raiseload

from tracker.domain.leads import person_key
from tracker.domain.plan_rows import ParsedPlan, PlanRow, Problem, parse_plan_rows
from tracker.domain.text_limits import PLAN_TITLE, shortened
from tracker.extensions import db
from tracker.models import (
    Action,
    ActionLead,
    Objective,
    Person,
    Plan,
    PriorityBand,
    StatusUpdate,
    Theme,
)
from tracker.services.action_details import (
    find_or_create_people,
    replace_leads,
    replace_milestones,
    set_target_date,
)
from tracker.services.audit import record_change
from tracker.services.tabular import TableError, TableLimits, read_table, unneutralise

SLUG_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")


class ImportRejected(Exception):
    """Carry every problem that stopped an import; nothing was written."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


@dataclass
class ImportSummary:
    """Say what an import created and changed."""

    plan_slug: str
    plan_title: str
    as_at: date
    plan_created: bool = False
    bands_created: list[int] = field(default_factory=list)
    themes_created: list[str] = field(default_factory=list)
    objectives_created: int = 0
    people_created: list[str] = field(default_factory=list)
    actions_created: list[str] = field(default_factory=list)
    actions_changed: list[str] = field(default_factory=list)
    updates_added: int = 0
    updates_already_recorded: int = 0
    actions_not_in_file: int = 0
    flagged_target_dates: list[str] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        """Return the summary as lines for a terminal."""
        verb = "Created" if self.plan_created else "Updated"
        lines = [f"{verb} plan '{self.plan_slug}' ({self.plan_title}) as at {self.as_at}."]
        counts = [
            ("priority bands created", len(self.bands_created)),
            ("themes created", len(self.themes_created)),
            ("objectives created", self.objectives_created),
            ("people created", len(self.people_created)),
            ("actions created", len(self.actions_created)),
            ("actions whose details changed", len(self.actions_changed)),
            ("status updates added", self.updates_added),
            ("status updates already recorded (unchanged)", self.updates_already_recorded),
            (
                "actions in the plan but not in the file (left as they were)",
                self.actions_not_in_file,
            ),
        ]
        lines.extend(f"  {count:>5}  {label}" for label, count in counts)
        for text in self.actions_changed:
            lines.append(f"  changed: {text}")
        if self.unknown_columns:
            lines.append("Columns not recognised, ignored: " + ", ".join(self.unknown_columns))
        if self.flagged_target_dates:
            lines.append("Target dates kept as written but not resolved to a date:")
            lines.extend(f"  {text}" for text in self.flagged_target_dates)
        return lines


def import_plan_file(
    path: Path,
    *,
    slug: str,
    title: str | None,
    as_at: date,
    today: date,
    now: datetime,
    limits: TableLimits,
    source: str | None = None,
    user_id: int | None = None,
) -> ImportSummary:
    """Read a file and import it; raise ImportRejected with every problem found."""
    try:
        rows = read_table(path, limits)
    except TableError as error:
        raise ImportRejected([Problem(str(error))]) from error
    return import_plan_rows(
        rows,
        slug=slug,
        title=title,
        as_at=as_at,
        today=today,
        now=now,
        source=source or path.name,
        user_id=user_id,
    )


def import_plan_rows(
    rows: list[list[str]],
    *,
    slug: str,
    title: str | None,
    as_at: date,
    today: date,
    now: datetime,
    source: str,
    user_id: int | None = None,
) -> ImportSummary:
    """Import parsed table rows into the plan with this slug, flushing but not committing."""
    problems: list[Problem] = []
    if not SLUG_PATTERN.match(slug):
        problems.append(
            Problem(
                f"the plan slug '{slug}' must be lower-case letters, digits and hyphens "
                "(for example 'childrens-improvement-plan')"
            )
        )
    if as_at > today:
        problems.append(
            Problem(f"the as-at date {as_at.isoformat()} is in the future (today is {today})")
        )
    # People named before let a Lead cell split where its words alone cannot ("DM/PL/KL").
    known_names = frozenset(db.session.scalars(select(Person.name)))
    parsed = parse_plan_rows(
        [[unneutralise(cell) for cell in row] for row in rows], as_at=as_at, known_names=known_names
    )
    problems.extend(parsed.problems)
    plan = db.session.scalar(select(Plan).options(raiseload("*")).where(Plan.slug == slug))
    new_title = title or parsed.title_hint or _title_from_slug(slug)
    if plan is None and (problem := _title_problem(new_title, given=bool(title), parsed=parsed)):
        problems.append(problem)
    if problems:
        raise ImportRejected(problems)

    summary = ImportSummary(
        plan_slug=slug,
        plan_title="",
        as_at=as_at,
        unknown_columns=parsed.unknown_columns,
    )
    if plan is None:
        plan = Plan(slug=slug, title=new_title)
        db.session.add(plan)
        db.session.flush()
        summary.plan_created = True
    summary.plan_title = plan.title
    _Importer(plan, as_at, now, source, summary).run(parsed.rows)
    record_change(
        user_id=user_id,
        verb="import",
        entity="plan",
        entity_id=plan.id,
        summary=f"Imported {source} as at {as_at.isoformat()}",
        details={
            "source": source,
            "as_at": as_at.isoformat(),
            "actions_created": len(summary.actions_created),
            "updates_added": summary.updates_added,
        },
    )
    db.session.flush()
    return summary


def _title_problem(title: str, *, given: bool, parsed: ParsedPlan) -> Problem | None:
    """Return the problem with a new plan's title, given or read from the title row."""
    message = PLAN_TITLE.problem(title)
    if message is None:
        return None
    if given:
        return Problem(f"{message} (the title given has {len(title):,})")
    return Problem(
        f"{message} (this cell has {len(title):,}); shorten the title row or give a title",
        row=parsed.title_row,
        column=parsed.title_column,
    )


def _title_from_slug(slug: str) -> str:
    return slug.replace("-", " ").capitalize()


class _Importer:
    """Apply checked rows to one plan, loading what exists in a few queries."""

    def __init__(self, plan: Plan, as_at: date, now: datetime, source: str, summary: ImportSummary):
        self.plan = plan
        self.as_at = as_at
        self.now = now
        self.source = source
        self.summary = summary
        session = db.session
        self.bands = {
            band.number: band
            for band in session.scalars(
                select(PriorityBand).options(raiseload("*")).where(PriorityBand.plan_id == plan.id)
            )
        }
        self.themes = {
            theme.number: theme
            for theme in session.scalars(
                select(Theme).options(raiseload("*")).where(Theme.plan_id == plan.id)
            )
        }
        self.objectives = {
            (objective.theme_id, person_key(objective.text)): objective
            for objective in session.scalars(
                select(Objective)
                .options(raiseload("*"))
                .join(Theme)
                .where(Theme.plan_id == plan.id)
            )
        }
        self.actions = list(
            session.scalars(select(Action).options(raiseload("*")).where(Action.plan_id == plan.id))
        )
        self.leads: dict[int, list[int]] = defaultdict(list)
        for action_id, person_id in session.execute(
            select(ActionLead.action_id, ActionLead.person_id)
            .join(Action)
            .where(Action.plan_id == plan.id)
            .order_by(ActionLead.position)
        ):
            self.leads[action_id].append(person_id)
        self.same_day_updates: dict[int, list[StatusUpdate]] = defaultdict(list)
        for update in session.scalars(
            select(StatusUpdate)
            .options(raiseload("*"))
            .join(Action)
            .where(Action.plan_id == plan.id, StatusUpdate.as_at == as_at)
        ):
            self.same_day_updates[update.action_id].append(update)
        self.people: dict[str, Person] = {}

    def run(self, rows: list[PlanRow]) -> None:
        """Create or match every row's action and record its status as at the date."""
        self._load_people(rows)
        by_ref = {action.ref: action for action in self.actions if action.ref}
        by_key = {self._action_key(action): action for action in self.actions}
        matched: set[int] = set()
        for row in rows:
            theme = self._theme_for(row)
            objective = self._objective_for(theme, row)
            action = by_ref.get(row.ref) if row.ref else None
            if action is None:
                candidate = by_key.get(
                    (theme.id, person_key(row.objective), person_key(row.action))
                )
                if candidate is not None and (row.ref is None or candidate.ref is None):
                    action = candidate
            if action is None:
                action = self._create_action(row, objective)
            else:
                self._refresh_action(action, row, objective)
            matched.add(action.id)
            self._record_update(action, row)
            if row.target.flagged:
                self.summary.flagged_target_dates.append(
                    f"row {row.row_number}: '{row.target.text}' ({row.target.reason})"
                )
        self.summary.actions_not_in_file = sum(
            1 for action in self.actions if action.id not in matched and action.archived_at is None
        )

    def _action_key(self, action: Action) -> tuple[int, str, str]:
        objective = next(o for o in self.objectives.values() if o.id == action.objective_id)
        return (objective.theme_id, person_key(objective.text), person_key(action.text))

    def _load_people(self, rows: list[PlanRow]) -> None:
        self.people, created = find_or_create_people(name for row in rows for name in row.leads)
        self.summary.people_created.extend(created)

    def _theme_for(self, row: PlanRow) -> Theme:
        number = row.theme_number
        if number is None:
            wanted = person_key(row.theme_title)
            existing = next(
                (t for t in self.themes.values() if person_key(t.title) == wanted), None
            )
            if existing is not None:
                return existing
            number = max(self.themes, default=0) + 1
        theme = self.themes.get(number)
        if theme is None:
            theme = Theme(plan_id=self.plan.id, number=number, title=row.theme_title)
            db.session.add(theme)
            db.session.flush()
            self.themes[number] = theme
            self.summary.themes_created.append(f"{number}. {row.theme_title}")
        return theme

    def _objective_for(self, theme: Theme, row: PlanRow) -> Objective:
        key = (theme.id, person_key(row.objective))
        objective = self.objectives.get(key)
        if objective is None:
            objective = Objective(theme_id=theme.id, text=row.objective, position=row.row_number)
            db.session.add(objective)
            db.session.flush()
            self.objectives[key] = objective
            self.summary.objectives_created += 1
        return objective

    def _band_id(self, number: int | None) -> int | None:
        if number is None:
            return None
        band = self.bands.get(number)
        if band is None:
            band = PriorityBand(plan_id=self.plan.id, number=number, label="")
            db.session.add(band)
            db.session.flush()
            self.bands[number] = band
            self.summary.bands_created.append(number)
        return band.id

    def _create_action(self, row: PlanRow, objective: Objective) -> Action:
        action = Action(
            plan_id=self.plan.id,
            objective_id=objective.id,
            band_id=self._band_id(row.priority),
            ref=row.ref,
            text=row.action,
            position=row.row_number,
            baseline=row.baseline,
            targets=row.targets,
            workstreams=row.workstreams,
            lead_text=row.lead_text,
        )
        self._set_target(action, row)
        db.session.add(action)
        db.session.flush()
        self._set_leads(action, row)
        self._set_milestones(action, row)
        self.summary.actions_created.append(row.ref or shortened(row.action, 60))
        return action

    def _refresh_action(self, action: Action, row: PlanRow, objective: Objective) -> None:
        """Bring an action's details up to this snapshot unless a later one is already in."""
        if action.current_as_at is not None and action.current_as_at > self.as_at:
            return
        changes = []
        new_values = {
            "objective_id": objective.id,
            "band_id": self._band_id(row.priority),
            "text": row.action,
            "position": row.row_number,
            "baseline": row.baseline,
            "targets": row.targets,
            "workstreams": row.workstreams,
        }
        if row.ref and not action.ref:
            new_values["ref"] = row.ref
        for name, value in new_values.items():
            if getattr(action, name) != value:
                setattr(action, name, value)
                if name != "position":
                    changes.append(name.replace("_id", "").replace("_", " "))
        if row.target.text != action.target_date_text:
            self._set_target(action, row)
            self._set_milestones(action, row)
            changes.append("target date")
        if row.lead_text != action.lead_text:
            action.lead_text = row.lead_text
            self._set_leads(action, row)
            changes.append("leads")
        if changes:
            self.summary.actions_changed.append(
                f"{action.ref or shortened(action.text, 60)}: {', '.join(changes)}"
            )

    def _set_target(self, action: Action, row: PlanRow) -> None:
        set_target_date(action, row.target)

    def _set_leads(self, action: Action, row: PlanRow) -> None:
        wanted = [self.people[person_key(name)].id for name in row.leads]
        if self.leads.get(action.id) == wanted:
            return
        replace_leads(action.id, wanted)
        self.leads[action.id] = wanted

    def _set_milestones(self, action: Action, row: PlanRow) -> None:
        replace_milestones(action.id, row.target.milestones)

    def _record_update(self, action: Action, row: PlanRow) -> None:
        values = {
            "completion": row.completion,
            "rag": row.rag,
            "direction": row.direction,
            "current_performance": row.current_performance,
            "commentary": row.commentary,
            "completed_on": row.completed_on,
        }
        for existing in self.same_day_updates.get(action.id, []):
            if all(getattr(existing, name) == value for name, value in values.items()):
                self.summary.updates_already_recorded += 1
                return
        update = StatusUpdate(
            action_id=action.id,
            as_at=self.as_at,
            recorded_at=self.now,
            source=f"import of {self.source}",
            **values,
        )
        db.session.add(update)
        self.same_day_updates[action.id].append(update)
        self.summary.updates_added += 1
        if action.current_as_at is None or action.current_as_at <= self.as_at:
            apply_update_to_action(action, update)


def apply_update_to_action(action: Action, update: StatusUpdate) -> None:
    """Copy an update into the action's current fields, which mirror its latest update."""
    action.current_completion = update.completion
    action.current_rag = update.rag
    action.current_direction = update.direction
    action.current_performance = update.current_performance
    action.current_commentary = update.commentary
    action.current_as_at = update.as_at
    action.current_completed_on = update.completed_on

"""Import a plan table in the council layout: create the plan or add a snapshot to it."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm import raiseload

from tracker.domain.as_at import long_day
from tracker.domain.assurance import RevisionStatus, SignOff
from tracker.domain.completion_dates import completed_on_unknown
from tracker.domain.date_revisions import IMPORTED
from tracker.domain.enums import Completion, Direction, Rag
from tracker.domain.field_values import SLUG_PATTERN
from tracker.domain.import_mapping import (
    ColumnMapping,
    LayoutRefused,
    MappingError,
    fit_saved_mapping,
    guess_mapping,
    mapped_layout,
    mapping_from_json,
    status_words_found,
)
from tracker.domain.leads import person_key
from tracker.domain.merged_cells import MergedRange
from tracker.domain.milestones import MilestoneFacts, from_target
from tracker.domain.plan_order import ref_sort_key
from tracker.domain.plan_rows import ParsedPlan, PlanRow, Problem, parse_plan_rows
from tracker.domain.single_line import has_line_break, single_line
from tracker.domain.status_key import (
    StatusColour,
    StatusKey,
    StatusKeyError,
    stored_status_key,
)
from tracker.domain.text_limits import PLAN_TITLE, shortened
from tracker.extensions import Base, db
from tracker.models import (
    Action,
    ActionLead,
    Objective,
    Person,
    Plan,
    PriorityBand,
    StatusUpdate,
    TargetDateRevision,
    Theme,
)
from tracker.services.action_details import (
    replace_leads_in_bulk,
    replace_milestones_in_bulk,
    set_target_date,
    target_date_values,
)
from tracker.services.audit import record_change
from tracker.services.organisations import (
    lead_reading,
    organisation_for_import,
    organisation_for_new_plan,
    organisation_problems,
)
from tracker.services.person_matching import (
    LinkedName,
    NewPerson,
    resolve_lead_people,
    same_as_problems,
)
from tracker.services.recommendations import link_from_cells
from tracker.services.status_updates import CURRENT_STATE, current_state_values
from tracker.services.tabular import (
    Sheet,
    TableError,
    TableLimits,
    read_sheet,
    read_sheet_content,
    unneutralise,
)


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
    new_people: list[NewPerson] = field(default_factory=list)
    linked_people: list[LinkedName] = field(default_factory=list)
    actions_created: list[str] = field(default_factory=list)
    actions_changed: list[str] = field(default_factory=list)
    updates_added: int = 0
    updates_already_recorded: int = 0
    actions_not_in_file: int = 0
    recommendations_created: int = 0
    recommendations_linked: int = 0
    flagged_target_dates: list[str] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)
    extra_columns: list[str] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    mapping_source: str = ""
    notes: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        """Return the summary as lines for a terminal."""
        verb = "Created" if self.plan_created else "Updated"
        lines = [
            f"{verb} plan '{self.plan_slug}' ({self.plan_title}) as at {long_day(self.as_at)}."
        ]
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
        if self.mapping_source:
            lines.append(f"Columns read by {self.mapping_source}.")
        lines.extend(self.notes)
        lines.extend(f"  {count:>5}  {label}" for label, count in counts)
        if self.recommendations_created or self.recommendations_linked:
            lines.append(
                f"Recommendations: {self.recommendations_created} created, "
                f"{self.recommendations_linked} links to actions added."
            )
        lines.extend(self.people_lines())
        for text in self.actions_changed:
            lines.append(f"  changed: {text}")
        if self.unknown_columns:
            lines.append(
                "Columns not recognised, kept as extra columns: " + ", ".join(self.unknown_columns)
            )
            lines.append(
                "To place them, map the columns on the import page, or from the command line"
                " with --write-mapping FILE.json, then --mapping FILE.json once edited."
            )
        if self.extra_columns:
            lines.append("Extra columns kept with each action: " + ", ".join(self.extra_columns))
        if self.ignored_columns:
            lines.append("Columns ignored, as the mapping says: " + ", ".join(self.ignored_columns))
        if self.flagged_target_dates:
            lines.append("Target dates kept as written but not resolved to a date:")
            lines.extend(f"  {text}" for text in self.flagged_target_dates)
        return lines

    def people_lines(self) -> list[str]:
        """Return a line for each person added, with the existing people it may be instead."""
        lines = [
            f"  new person: {new.name}"
            + (" (same person as " + " or ".join(new.suggestions) + "?)" if new.suggestions else "")
            for new in self.new_people
        ]
        lines.extend(
            f"  read as {linked.person}: {linked.name}"
            + (" (remembered)" if linked.remembered else " (remembered from now on)")
            for linked in self.linked_people
        )
        if any(new.suggestions for new in self.new_people):
            lines.append(
                "To read a new name as an existing person, accept the suggestion on the import "
                'page, or add "people": {"new name": "existing name"} to the mapping file.'
            )
        return lines


def import_plan_file(
    path: Path, *, limits: TableLimits, source: str | None = None, **details: Any
) -> ImportSummary:
    """Read a file and import it; raise ImportRejected with every problem found."""
    sheet = _read(read_sheet, path, limits)
    return import_plan_rows(
        sheet.rows, source=source or path.name, **_sheet_details(sheet), **details
    )


def import_plan_upload(
    content: bytes, *, filename: str, limits: TableLimits, **details: Any
) -> ImportSummary:
    """Read an uploaded file's content and import it, naming it as it was uploaded."""
    sheet = _read(read_sheet_content, content, filename, limits)
    return import_plan_rows(sheet.rows, source=filename, **_sheet_details(sheet), **details)


def _sheet_details(sheet: Sheet) -> dict[str, Any]:
    """Return what the import needs of a sheet besides its rows."""
    return {"fills": sheet.fills, "merged": sheet.merged, "encoding": sheet.encoding}


def _read(reader: Callable[..., Sheet], *arguments: Any) -> Sheet:
    """Read a table, turning what makes it unreadable into the import's rejection."""
    try:
        return reader(*arguments)
    except TableError as error:
        raise ImportRejected([Problem(str(error))]) from error


MAPPING_GIVEN = "the mapping given"
MAPPING_SAVED = "the mapping saved with the plan"
MAPPING_GUESSED = "the automatic guess"


@dataclass(frozen=True)
class ChosenMapping:
    """The mapping an import uses, where it came from, and the plan's key it reads status by."""

    mapping: ColumnMapping | None
    source: str
    status_key: StatusKey
    note: str | None = None


def read_mapping_file(path: Path) -> ColumnMapping:
    """Read a mapping file; raise MappingError naming what is wrong with it."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise MappingError([f"could not read the mapping file {path.name}: {error}"]) from None
    try:
        data = json.loads(text, object_pairs_hook=_refuse_repeated_names)
    except json.JSONDecodeError as error:
        where = f"line {error.lineno}, column {error.colno}"
        raise MappingError([f"the mapping file is not JSON: {error.msg} at {where}"]) from None
    return mapping_from_json(data)


def _refuse_repeated_names(pairs: list[tuple[str, object]]) -> dict[str, object]:
    """Build a JSON object, refusing a name written twice (JSON would keep only the last)."""
    names: dict[str, object] = {}
    for name, value in pairs:
        if name in names:
            raise MappingError([f"'{name}' is written twice in the same object"])
        names[name] = value
    return names


def choose_mapping(
    rows: list[list[str]], plan: Plan | None, given: ColumnMapping | None
) -> ChosenMapping:
    """Pick the mapping: the one given, else the plan's saved one if the headers fit, else guess."""
    key = plan_status_key(plan)
    if given is not None:
        return ChosenMapping(given, MAPPING_GIVEN, given.status_key or key)
    if plan is None or not plan.import_mapping:
        return ChosenMapping(None, MAPPING_GUESSED, key)
    try:
        saved = mapping_from_json(plan.import_mapping)
    except MappingError as error:
        return ChosenMapping(
            None,
            MAPPING_GUESSED,
            key,
            f"The mapping saved with the plan could not be read ({error}); the columns were "
            "guessed.",
        )
    fitted = fit_saved_mapping(rows, saved)
    if fitted is None:
        return ChosenMapping(
            None,
            MAPPING_GUESSED,
            key,
            "The file's headers differ from the mapping saved with the plan ("
            + ", ".join(header for header, _ in saved.columns)
            + "), so the columns were guessed again; give --mapping to choose them.",
        )
    return ChosenMapping(fitted, MAPPING_SAVED, key)


def plan_status_key(plan: Plan | None) -> StatusKey:
    """Return the plan's own status key, or the default key."""
    return stored_status_key(None if plan is None else plan.status_key)


def _choose_or_reject(
    rows: list[list[str]], plan: Plan | None, given: ColumnMapping | None
) -> ChosenMapping:
    """Choose the mapping, refusing the import when the plan's stored key cannot be read."""
    try:
        return choose_mapping(rows, plan, given)
    except StatusKeyError as error:
        raise ImportRejected(
            [Problem(f"the plan's status key cannot be read ({error}); correct it on its page")]
        ) from None


@dataclass(frozen=True)
class MappingToWrite:
    """The whole mapping an import would use, where it came from, and the words to assign."""

    mapping: ColumnMapping
    source: str
    unknown_status_words: list[str]


def mapping_for_file(
    path: Path, *, slug: str, limits: TableLimits, given: ColumnMapping | None = None
) -> MappingToWrite:
    """Read a file and return the whole mapping an import of it would use, and its source."""
    return mapping_to_write(_read(read_sheet, path, limits).rows, slug=slug, given=given)


def mapping_to_write(
    rows: list[list[str]], *, slug: str, given: ColumnMapping | None = None
) -> MappingToWrite:
    """Return the whole mapping an import of these rows would use, with the plan's key."""
    plan = db.session.scalar(select(Plan).options(raiseload("*")).where(Plan.slug == slug))
    cells = [[unneutralise(cell) for cell in row] for row in rows]
    chosen = _choose_or_reject(cells, plan, given)
    if chosen.mapping is None:
        mapping = guess_mapping(cells, status_key=chosen.status_key, propose_status=True)
    else:
        layout = mapped_layout(cells, chosen.mapping, status_key=chosen.status_key)
        if isinstance(layout, LayoutRefused):
            raise ImportRejected(
                [
                    Problem(message, row=None if index is None else index + 1)
                    for index, message in layout.problems
                ]
            )
        mapping = replace(layout.mapping, day_first=chosen.mapping.day_first)
    unknown = [
        found.word
        for found in status_words_found(cells, mapping, chosen.status_key)
        if found.entry is None
    ]
    return MappingToWrite(replace(mapping, status_key=chosen.status_key), chosen.source, unknown)


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
    mapping: ColumnMapping | None = None,
    fills: dict[tuple[int, int], str] | None = None,
    merged: tuple[MergedRange, ...] = (),
    encoding: str | None = None,
    organisation: str | None = None,
    same_as: Mapping[str, str] | None = None,
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
            Problem(
                f"the as-at date {long_day(as_at)} is in the future (today is {long_day(today)})"
            )
        )
    plan = db.session.scalar(select(Plan).options(raiseload("*")).where(Plan.slug == slug))
    cells = [[unneutralise(cell) for cell in row] for row in rows]
    chosen = _choose_or_reject(cells, plan, mapping)
    # People named before let a Lead cell split where its words alone cannot ("DM/PL/KL"), and
    # texts an administrator kept whole stay one lead: both within the plan's organisation (for
    # a new plan, the one named, else the default one), whose people the leads are matched to.
    organisation_found = organisation_for_import(slug, organisation)
    reading = lead_reading(organisation_found.id if organisation_found else None)
    parsed = parse_plan_rows(
        cells,
        as_at=as_at,
        known_names=reading.known_names,
        kept_whole=reading.kept_whole,
        status_key=chosen.status_key,
        mapping=chosen.mapping,
        fills=fills,
        merged=merged,
    )
    if parsed.problems and chosen.note:
        problems.append(Problem(chosen.note))
    problems.extend(parsed.problems)
    problems.extend(organisation_problems(plan, organisation, organisation_found))
    # Names to read as existing people: the mapping file's "people" and those accepted on the page.
    people_same_as = {**dict(mapping.people if mapping else ()), **(same_as or {})}
    problems.extend(
        Problem(message)
        for message in same_as_problems(
            people_same_as, organisation_found.id if organisation_found else None
        )
    )
    written_title = title or parsed.title_hint or _title_from_slug(slug)
    new_title = single_line(written_title)
    if plan is None and (problem := _title_problem(new_title, given=bool(title), parsed=parsed)):
        problems.append(problem)
    if problems:
        raise ImportRejected(problems)

    summary = ImportSummary(
        plan_slug=slug,
        plan_title="",
        as_at=as_at,
        unknown_columns=parsed.unknown_columns,
        extra_columns=parsed.extra_columns,
        ignored_columns=parsed.ignored_columns,
        mapping_source=chosen.source,
        notes=_reading_notes(parsed, encoding),
    )
    if chosen.note:
        summary.notes.append(chosen.note)
    if plan is None:
        if has_line_break(written_title):
            summary.notes.append(
                "The title's line breaks became spaces: a title is kept on one line."
            )
        plan = Plan(
            slug=slug,
            title=new_title,
            organisation_id=organisation_found.id
            if organisation_found
            else organisation_for_new_plan(organisation, user_id=user_id).id,
        )
        db.session.add(plan)
        db.session.flush()
        summary.plan_created = True
    summary.plan_title = plan.title
    if mapping is not None and mapping.status_key is not None:
        if plan_status_key(plan) != mapping.status_key:
            summary.notes.append(
                "The plan's status key is now the mapping's: "
                + ", ".join(entry.label for entry in mapping.status_key.entries)
                + "."
            )
        plan.status_key = mapping.status_key.to_json()
    if parsed.mapping is not None:
        plan.import_mapping = replace(parsed.mapping, status_key=None).to_json()
    _Importer(plan, as_at, now, source, summary, people_same_as, user_id).run(parsed.rows)
    record_change(
        user_id=user_id,
        verb="import",
        entity="plan",
        entity_id=plan.id,
        summary=f"Imported {source} as at {long_day(as_at)}",
        details={
            "source": source,
            "as_at": as_at.isoformat(),
            "actions_created": len(summary.actions_created),
            "updates_added": summary.updates_added,
            "mapping": chosen.source,
        },
    )
    db.session.flush()
    return summary


def _reading_notes(parsed: ParsedPlan, encoding: str | None) -> list[str]:
    """Say how the file was read where it could have been read otherwise."""
    notes = [f"The file's text was read as {encoding}."] if encoding else []
    from_colour = [str(row.row_number) for row in parsed.rows if row.status_from_colour]
    if from_colour:
        rows = "row" if len(from_colour) == 1 else "rows"
        notes.append(
            f"Status read from the cell's colour, the cell having no text, on {rows} "
            f"{', '.join(from_colour)}."
        )
    return notes


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
    """Apply checked rows to one plan, adding each kind of row for the whole file at once."""

    def __init__(
        self,
        plan: Plan,
        as_at: date,
        now: datetime,
        source: str,
        summary: ImportSummary,
        same_as: Mapping[str, str],
        user_id: int | None,
    ):
        self.plan = plan
        self.same_as = same_as
        self.user_id = user_id
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
        self.themes_by_title: dict[str, Theme] = {}
        for theme in self.themes.values():
            self.themes_by_title.setdefault(person_key(theme.title), theme)
        self.objectives: dict[tuple[int, str], int] = {}
        self.objective_keys: dict[int, tuple[int, str]] = {}
        for objective_id, theme_id, text in session.execute(
            select(Objective.id, Objective.theme_id, Objective.text)
            .join(Theme)
            .where(Theme.plan_id == plan.id)
        ):
            key = (theme_id, person_key(text))
            self.objectives[key] = objective_id
            self.objective_keys[objective_id] = key
        self.new_objectives: dict[tuple[int, str], dict] = {}
        self.new_objective_positions: dict[int, tuple[int, str]] = {}
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
        actions_by_id = {action.id: action for action in self.actions}
        self.same_day_updates: dict[Action, list[_Snapshot]] = defaultdict(list)
        for stored in session.scalars(
            select(StatusUpdate)
            .options(raiseload("*"))
            .join(Action)
            .where(Action.plan_id == plan.id, StatusUpdate.as_at == as_at)
        ):
            self.same_day_updates[actions_by_id[stored.action_id]].append(_Snapshot.of(stored))
        self.reported_before = set(
            session.scalars(
                select(StatusUpdate.action_id)
                .join(Action)
                .where(Action.plan_id == plan.id, StatusUpdate.as_at < as_at)
                .distinct()
            )
        )
        self.people: dict[str, Person] = {}
        self.new_leads: dict[int, list[int]] = {}
        self.new_milestones: dict[int, tuple[MilestoneFacts, ...]] = {}
        self.new_current_states: dict[Action, dict[str, object]] = {}

    def run(self, rows: list[PlanRow]) -> None:
        """Create or match every row's action and record its status as at the date."""
        # Each step adds what all rows need at once, so the number of queries does not grow
        # with the number of rows: new objectives and actions go in as batched inserts.
        self._load_people(rows)
        themes = [self._theme_for(row) for row in rows]
        db.session.flush()
        objective_keys = [
            self._objective_for(theme, row) for theme, row in zip(themes, rows, strict=True)
        ]
        for position, objective_id in _insert_all(
            Objective, list(self.new_objectives.values()), "position"
        ).items():
            self.objectives[self.new_objective_positions[position]] = objective_id
        matches = self._match(rows, themes)
        for row, action in zip(rows, matches, strict=True):
            if action is None or not self._has_later_snapshot(action):
                self._band_for(row.priority)
        db.session.flush()
        new_actions: list[dict] = []
        placed: list[tuple[PlanRow, Action | None, _Snapshot | None]] = []
        matched: set[int] = set()
        for row, objective_key, action in zip(rows, objective_keys, matches, strict=True):
            objective_id = self.objectives[objective_key]
            snapshot = _Snapshot.of_row(
                row,
                self.as_at,
                earlier_status=action is not None and action.id in self.reported_before,
            )
            if action is None:
                new_actions.append(self._new_action(row, objective_id, snapshot))
                self.summary.updates_added += 1
                placed.append((row, action, snapshot))
            else:
                self._refresh_action(action, row, objective_id)
                matched.add(action.id)
                placed.append((row, action, self._record_update(action, snapshot)))
            if row.target.flagged:
                self.summary.flagged_target_dates.append(
                    f"row {row.row_number}: '{row.target.text}' ({row.target.reason})"
                )
        db.session.flush()
        self._update_current_states()
        new_ids = _insert_all(Action, new_actions, "position")
        updates = []
        recommendation_cells: dict[int, str] = {}
        revised: list[tuple[int, PlanRow]] = []
        for row, action, recorded in placed:
            if action is None:
                action_id = new_ids[row.row_number]
                self._set_leads(action_id, row)
                self._set_milestones(action_id, row)
            else:
                action_id = action.id
            if row.recommendation:
                recommendation_cells[action_id] = row.recommendation
            if row.baseline_target is not None and row.baseline_target != row.target.due:
                revised.append((action_id, row))
            if recorded is not None:
                updates.append(
                    {
                        "action_id": action_id,
                        "recorded_at": self.now,
                        "source": f"import of {self.source}",
                        **vars(recorded),
                    }
                )
        self.summary.recommendations_created, self.summary.recommendations_linked = link_from_cells(
            self.plan, recommendation_cells, user_id=self.user_id
        )
        replace_leads_in_bulk(self.new_leads)
        replace_milestones_in_bulk(self.new_milestones)
        self._add_imported_revisions(revised)
        if updates:
            # The table, not the entity: one executemany, however the values vary.
            db.session.execute(insert(StatusUpdate.__table__), updates)
        self.summary.actions_not_in_file = sum(
            1 for action in self.actions if action.id not in matched and action.archived_at is None
        )

    def _match(self, rows: list[PlanRow], themes: list[Theme]) -> list[Action | None]:
        """Return the existing action each row matches, by Ref or else by its wording."""
        by_ref = {action.ref: action for action in self.actions if action.ref}
        by_key = {self._action_key(action): action for action in self.actions}
        matches: list[Action | None] = []
        for row, theme in zip(rows, themes, strict=True):
            action = by_ref.get(row.ref) if row.ref else None
            if action is None:
                candidate = by_key.get(
                    (theme.id, person_key(row.objective), person_key(row.action))
                )
                if candidate is not None and (row.ref is None or candidate.ref is None):
                    action = candidate
            matches.append(action)
        return matches

    def _action_key(self, action: Action) -> tuple[int, str, str]:
        theme_id, objective_key = self.objective_keys[action.objective_id]
        return (theme_id, objective_key, person_key(action.text))

    def _has_later_snapshot(self, action: Action) -> bool:
        return action.current_as_at is not None and action.current_as_at > self.as_at

    def _load_people(self, rows: list[PlanRow]) -> None:
        found = resolve_lead_people(
            (name for row in rows for name in row.leads),
            self.plan.organisation_id,
            same_as=self.same_as,
            user_id=self.user_id,
        )
        self.people = found.people
        self.summary.people_created.extend(new.name for new in found.created)
        self.summary.new_people.extend(found.created)
        self.summary.linked_people.extend(found.linked)

    def _theme_for(self, row: PlanRow) -> Theme:
        number = row.theme_number
        if number is None:
            existing = self.themes_by_title.get(person_key(row.theme_title))
            if existing is not None:
                return existing
            number = max(self.themes, default=0) + 1
        theme = self.themes.get(number)
        if theme is None:
            theme = Theme(plan_id=self.plan.id, number=number, title=row.theme_title)
            db.session.add(theme)
            self.themes[number] = theme
            self.themes_by_title.setdefault(person_key(row.theme_title), theme)
            self.summary.themes_created.append(f"{number}. {row.theme_title}")
        return theme

    def _objective_for(self, theme: Theme, row: PlanRow) -> tuple[int, str]:
        key = (theme.id, person_key(row.objective))
        if key not in self.objectives and key not in self.new_objectives:
            self.new_objectives[key] = {
                "theme_id": theme.id,
                "text": row.objective,
                "position": row.row_number,
            }
            self.new_objective_positions[row.row_number] = key
            self.summary.objectives_created += 1
        return key

    def _band_for(self, number: int | None) -> PriorityBand | None:
        if number is None:
            return None
        band = self.bands.get(number)
        if band is None:
            band = PriorityBand(plan_id=self.plan.id, number=number, label="")
            db.session.add(band)
            self.bands[number] = band
            self.summary.bands_created.append(number)
        return band

    def _band_id(self, number: int | None) -> int | None:
        return None if number is None else self.bands[number].id

    def _new_action(self, row: PlanRow, objective_id: int, snapshot: _Snapshot) -> dict:
        """Return a new action's values, its current state being the row's status."""
        self.summary.actions_created.append(row.ref or shortened(row.action, 60))
        return {
            "plan_id": self.plan.id,
            "objective_id": objective_id,
            "band_id": self._band_id(row.priority),
            "ref": row.ref,
            # A core insert skips the model's listener, so the key is written here.
            "ref_sort_key": ref_sort_key(row.ref),
            "text": row.action,
            "position": row.row_number,
            "baseline": row.baseline,
            "targets": row.targets,
            "workstreams": row.workstreams,
            "lead_text": row.lead_text,
            "extras": dict(row.extras),
            "version": 1,
            **target_date_values(row.target),
            **current_state_values(snapshot),
        }

    def _refresh_action(self, action: Action, row: PlanRow, objective_id: int) -> None:
        """Bring an action's details up to this snapshot unless a later one is already in."""
        if self._has_later_snapshot(action):
            return
        changes = []
        new_values = {
            "objective_id": objective_id,
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
            set_target_date(action, row.target)
            self._set_milestones(action.id, row)
            changes.append("target date")
        elif row.milestones is not None:
            self._set_milestones(action.id, row)
        if row.lead_text != action.lead_text:
            action.lead_text = row.lead_text
            self._set_leads(action.id, row)
            changes.append("leads")
        if dict(row.extras) != (action.extras or {}):
            action.extras = dict(row.extras)
            changes.append("extra columns")
        if changes:
            self.summary.actions_changed.append(
                f"{action.ref or shortened(action.text, 60)}: {', '.join(changes)}"
            )

    def _add_imported_revisions(self, revised: list[tuple[int, PlanRow]]) -> None:
        """Keep a row's Baseline Target Date as an approved revision to its Target Date."""
        if not revised:
            return
        known: set[tuple[int, date | None, date]] = set(
            (action_id, from_date, to_date)
            for action_id, from_date, to_date in db.session.execute(
                select(
                    TargetDateRevision.action_id,
                    TargetDateRevision.from_date,
                    TargetDateRevision.to_date,
                )
                .join(Action, Action.id == TargetDateRevision.action_id)
                .where(
                    Action.plan_id == self.plan.id,
                    TargetDateRevision.status == RevisionStatus.APPROVED,
                )
            ).all()
        )
        rows = []
        for action_id, row in revised:
            if row.target.due is None or (action_id, row.baseline_target, row.target.due) in known:
                continue
            known.add((action_id, row.baseline_target, row.target.due))
            rows.append(
                {
                    "action_id": action_id,
                    "from_date": row.baseline_target,
                    "to_date": row.target.due,
                    "reason": f"Revised before the import of {self.source}",
                    "status": RevisionStatus.APPROVED,
                    "proposed_at": self.now,
                    # Approved on a day not known: in force from the start.
                    "decided_on": None,
                    "decision_note": "",
                    "source": IMPORTED,
                }
            )
        if rows:
            db.session.execute(insert(TargetDateRevision), rows)

    def _set_leads(self, action_id: int, row: PlanRow) -> None:
        wanted = [self.people[person_key(name)].id for name in row.leads]
        if self.leads.get(action_id) == wanted:
            return
        self.new_leads[action_id] = wanted
        self.leads[action_id] = wanted

    def _set_milestones(self, action_id: int, row: PlanRow) -> None:
        # The Milestones column of an export, when filled, else the target-date text's dates.
        self.new_milestones[action_id] = (
            row.milestones if row.milestones is not None else from_target(row.target)
        )

    def _record_update(self, action: Action, snapshot: _Snapshot) -> _Snapshot | None:
        """Return the status to add as an update, or None if that day already has it."""
        same_day = self.same_day_updates[action]
        if snapshot in same_day:
            self.summary.updates_already_recorded += 1
            return None
        same_day.append(snapshot)
        self.summary.updates_added += 1
        if action.current_as_at is None or action.current_as_at <= self.as_at:
            self.new_current_states[action] = current_state_values(snapshot)
        return snapshot

    def _update_current_states(self) -> None:
        """Set the current state of the matched actions whose latest update this import adds."""
        if not self.new_current_states:
            return
        table = Action.__table__
        # One executemany instead of an UPDATE per action; the version moves on as an ORM
        # update would move it, so an edit form opened before the import sees the change.
        db.session.execute(
            update(table)
            .where(table.c.id == bindparam("action_id"))
            .values(
                {name: bindparam(f"new_{name}", type_=table.c[name].type) for name in CURRENT_STATE}
            )
            .values(version=table.c.version + 1),
            [
                {"action_id": action.id, **{f"new_{k}": v for k, v in values.items()}}
                for action, values in self.new_current_states.items()
            ],
        )
        for action in self.new_current_states:
            db.session.expire(action, ["version", *CURRENT_STATE])


def _insert_all(model: type[Base], rows: list[dict], key: str) -> dict[Any, int]:
    """Insert rows in batches and return their new ids by a column unique among them."""
    if not rows:
        return {}
    table = model.__table__
    result = db.session.execute(insert(table).returning(table.c.id, table.c[key]), rows)
    return {row_key: row_id for row_id, row_key in result}


@dataclass(frozen=True)
class _Snapshot:
    """Hold the status a row reports, as the status update it becomes."""

    as_at: date
    completion: Completion
    rag: Rag | None
    direction: Direction | None
    current_performance: str
    commentary: str
    completed_on: date | None
    completed_on_unknown: bool
    status_label: str | None
    status_colour: StatusColour | None
    status_exception: bool
    # Left out of the comparison so that re-importing a day's export does not add the update
    # again only because the stored one awaits sign-off.
    sign_off: SignOff | None = field(default=None, compare=False)

    @classmethod
    def of_row(cls, row: PlanRow, as_at: date, *, earlier_status: bool) -> _Snapshot:
        """Return the status a row reports as at the import's date."""
        return cls(
            as_at=as_at,
            completion=row.completion,
            rag=row.rag,
            direction=row.direction,
            current_performance=row.current_performance,
            commentary=row.commentary,
            completed_on=row.completed_on,
            completed_on_unknown=completed_on_unknown(
                row.completion, row.completed_on, earlier_status=earlier_status
            ),
            status_label=row.status.label if row.status else None,
            status_colour=row.status.colour if row.status else None,
            status_exception=row.status.exception if row.status else False,
            # An imported update is the council's own record of the action, not a lead's claim:
            # it is not held for sign-off, even where the plan asks for it.
            sign_off=None,
        )

    @classmethod
    def of(cls, update: StatusUpdate) -> _Snapshot:
        """Return a stored update's status."""
        return cls(
            as_at=update.as_at,
            completion=update.completion,
            rag=update.rag,
            direction=update.direction,
            current_performance=update.current_performance,
            commentary=update.commentary,
            completed_on=update.completed_on,
            completed_on_unknown=update.completed_on_unknown,
            status_label=update.status_label,
            status_colour=update.status_colour,
            status_exception=update.status_exception,
            sign_off=update.sign_off,
        )

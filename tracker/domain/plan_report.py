"""Lay out the whole plan as at a date, theme by theme, and the exception report."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from tracker.domain.as_at import state_as_at
from tracker.domain.date_revisions import RevisionFacts, date_in_force
from tracker.domain.enums import Completion, Direction
from tracker.domain.facts import UpdateFacts
from tracker.domain.plan_order import plan_order
from tracker.domain.status_key import StatusColour


@dataclass(frozen=True, slots=True)
class MeasureFacts:
    """Describe one key action with the cells the papers' Performance Measures table prints."""

    action_id: int
    ref: str | None
    theme_number: int
    theme_title: str
    objective_id: int
    objective_position: int
    objective: str
    position: int
    text: str
    baseline: str
    targets: str
    target_date_text: str
    target_date: date | None
    lead_text: str
    workstreams: str
    band_number: int | None
    # The first target date and the approved new dates, so the report uses the date then.
    baseline_target_date: date | None = None
    revisions: tuple[RevisionFacts, ...] = ()


@dataclass(frozen=True, slots=True)
class MeasureRow:
    """Show one key action with its state as at the report's date."""

    action_id: int
    ref: str | None
    theme_number: int
    theme_title: str
    objective: str
    text: str
    baseline: str
    targets: str
    target_date_text: str
    target_date: date | None
    lead_text: str
    workstreams: str
    band_number: int | None
    completion: Completion
    status_label: str | None
    status_colour: StatusColour | None
    direction: Direction | None
    current_performance: str
    commentary: str
    updated_on: date
    # As at the report's date: the first target date once revised, the approved revisions
    # taken effect, and the day the one in force was approved.
    baseline_target_date: date | None = None
    revision_count: int = 0
    revised_on: date | None = None


@dataclass(frozen=True, slots=True)
class ObjectiveSection:
    """Hold an objective and its key actions in plan order."""

    objective: str
    rows: tuple[MeasureRow, ...]


@dataclass(frozen=True, slots=True)
class ThemeSection:
    """Hold a theme and its objectives in plan order."""

    number: int
    title: str
    objectives: tuple[ObjectiveSection, ...]


@dataclass(frozen=True, slots=True)
class PlanReport:
    """Hold the plan (or its actions whose status is an exception) as at a date, for renderers."""

    plan_slug: str
    plan_title: str
    as_at: date
    red_only: bool
    themes: tuple[ThemeSection, ...]

    @property
    def rows(self) -> tuple[MeasureRow, ...]:
        """Return every row in plan order."""
        return tuple(
            row for theme in self.themes for objective in theme.objectives for row in objective.rows
        )


def build_plan_report(
    *,
    plan_slug: str,
    plan_title: str,
    as_at: date,
    measures: Sequence[MeasureFacts],
    updates: Iterable[UpdateFacts],
    red_only: bool = False,
) -> PlanReport:
    """Lay out the actions that have an update as at a date; only exceptions if asked."""
    states = state_as_at(updates, as_at)
    rows = []
    for measure in sorted(measures, key=plan_order):
        state = states.get(measure.action_id)
        if state is None or (red_only and not state.status_exception):
            continue
        rows.append((measure, _row(measure, state, as_at)))

    themes: list[ThemeSection] = []
    theme_key: tuple[int, str] | None = None
    objectives: list[ObjectiveSection] = []
    objective_id: int | None = None
    objective_rows: list[MeasureRow] = []

    def close_objective() -> None:
        if objective_rows:
            objectives.append(ObjectiveSection(objective_rows[0].objective, tuple(objective_rows)))
            objective_rows.clear()

    def close_theme() -> None:
        close_objective()
        if theme_key is not None and objectives:
            themes.append(ThemeSection(theme_key[0], theme_key[1], tuple(objectives)))
            objectives.clear()

    for measure, row in rows:
        if (measure.theme_number, measure.theme_title) != theme_key:
            close_theme()
            theme_key = (measure.theme_number, measure.theme_title)
            objective_id = None
        if measure.objective_id != objective_id:
            close_objective()
            objective_id = measure.objective_id
        objective_rows.append(row)
    close_theme()
    return PlanReport(plan_slug, plan_title, as_at, red_only, tuple(themes))


def _row(measure: MeasureFacts, state: UpdateFacts, as_at: date) -> MeasureRow:
    in_force = date_in_force(measure.baseline_target_date, measure.revisions, as_at)
    revised = bool(in_force.revision_count)
    return MeasureRow(
        action_id=measure.action_id,
        ref=measure.ref,
        theme_number=measure.theme_number,
        theme_title=measure.theme_title,
        objective=measure.objective,
        text=measure.text,
        baseline=measure.baseline,
        targets=measure.targets,
        target_date_text="" if revised else measure.target_date_text,
        target_date=in_force.target_date if measure.revisions else measure.target_date,
        lead_text=measure.lead_text,
        workstreams=measure.workstreams,
        band_number=measure.band_number,
        completion=state.completion,
        status_label=state.status_label,
        status_colour=state.status_colour,
        direction=state.direction,
        current_performance=state.current_performance,
        commentary=state.commentary,
        updated_on=state.as_at,
        baseline_target_date=in_force.baseline if revised else None,
        revision_count=in_force.revision_count,
        revised_on=in_force.revised_on,
    )

"""Create, change and archive plans and what hangs off them: bands, themes, objectives, risks."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import CursorResult, func, select, update
from sqlalchemy.orm import raiseload

from tracker.domain.bands import band_window_problem
from tracker.domain.retention import Removal, removal_for
from tracker.domain.risk_dates import RiskStatus, settle_risk_dates
from tracker.extensions import db
from tracker.models import (
    Achievement,
    Action,
    Objective,
    Person,
    Plan,
    PriorityBand,
    Recommendation,
    Risk,
    Theme,
)
from tracker.services.audit import record_change, snapshot, update_and_record
from tracker.services.organisations import default_organisation
from tracker.services.validation import Invalid

PLAN_FIELDS = (
    "slug",
    "title",
    "owner",
    "owner_person_id",
    "reporting_cadence",
    "due_soon_working_days",
    "escalation_working_days",
    "reminder_repeat_working_days",
    "report_cut_off_working_days",
    "reading_due_working_days",
    "revised_dates_need_approval",
    "sign_off_required",
    "panel_may_sign_off",
)
BAND_FIELDS = ("number", "label", "window_start", "window_end")
THEME_FIELDS = ("number", "title")
OBJECTIVE_FIELDS = ("theme_id", "text")
RISK_FIELDS = (
    "description",
    "likelihood",
    "consequences",
    "mitigation",
    "owner",
    "status",
    "raised_on",
    "closed_on",
)
ACHIEVEMENT_FIELDS = ("text", "achieved_on")


def _one(query: Any) -> Any:
    return db.session.scalar(query.options(raiseload("*")))


def _count(query: Any) -> int:
    return db.session.scalar(query) or 0


def _created(
    record: Any, entity: str, fields: tuple[str, ...], user_id: int | None, summary: str
) -> None:
    record_change(
        user_id=user_id,
        verb="create",
        entity=entity,
        entity_id=record.id,
        summary=summary,
        after=snapshot(record, fields),
    )


def _deleted(
    record: Any, entity: str, fields: tuple[str, ...], user_id: int | None, summary: str
) -> None:
    record_change(
        user_id=user_id,
        verb="delete",
        entity=entity,
        entity_id=record.id,
        summary=summary,
        before=snapshot(record, fields),
        after=dict.fromkeys(fields),
    )
    db.session.delete(record)
    db.session.flush()


def _set_archived(
    record: Any, entity: str, archived_at: datetime | None, user_id: int | None, what: str
) -> None:
    """Archive or restore a record that takes nothing with it, naming it in the audit as what."""
    verb = "archive" if archived_at else "restore"
    before = snapshot(record, ["archived_at"])
    record.archived_at = archived_at
    record_change(
        user_id=user_id,
        verb=verb,
        entity=entity,
        entity_id=record.id,
        summary=f"{verb.capitalize()}d {what}",
        before=before,
        after={"archived_at": archived_at},
    )
    db.session.flush()


# Plans


@dataclass
class PlanCounts:
    """How much a plan holds, for its admin page."""

    bands: int
    themes: int
    objectives: int
    actions: int
    archived_actions: int
    open_risks: int
    achievements: int
    recommendations: int = 0


def get_plan(slug: str) -> Plan | None:
    """Return the plan with this slug, archived or not."""
    return _one(select(Plan).where(Plan.slug == slug))


def people_choices(
    include_id: int | None = None, organisation_id: int | None = None
) -> list[tuple[int, str]]:
    """Return an organisation's active people as (id, name), and the one chosen even if not."""
    organisation_id = organisation_id or default_organisation().id
    query = select(Person.id, Person.name).order_by(Person.name)
    offered = Person.active.is_(True) & (Person.organisation_id == organisation_id)
    if include_id is None:
        query = query.where(offered)
    else:
        query = query.where(offered | (Person.id == include_id))
    return [(person_id, name) for person_id, name in db.session.execute(query)]


def _check_plan(
    values: dict[str, Any],
    plan_id: int | None,
    organisation_id: int | None = None,
    current_owner_id: int | None = None,
) -> None:
    problems = {}
    taken = select(Plan.id).where(Plan.slug == values["slug"])
    if plan_id is not None:
        taken = taken.where(Plan.id != plan_id)
    if db.session.scalar(taken) is not None:
        problems["slug"] = "Another plan already uses this slug; choose a different one"
    owner_person_id = values.get("owner_person_id")
    if owner_person_id is not None and owner_person_id not in dict(
        people_choices(current_owner_id, organisation_id)
    ):
        problems["owner_person_id"] = "Choose a person from the list"
    if problems:
        raise Invalid(problems)


def create_plan(values: dict[str, Any], *, user_id: int | None) -> Plan:
    """Create a plan from the form's values."""
    _check_plan(values, None)
    plan = Plan(**values, organisation_id=default_organisation().id)
    db.session.add(plan)
    db.session.flush()
    _created(plan, "plan", PLAN_FIELDS, user_id, f"Created plan '{plan.title}'")
    db.session.flush()
    return plan


def update_plan(plan: Plan, values: dict[str, Any], *, user_id: int | None) -> dict[str, Any]:
    """Change a plan's settings and return what changed."""
    _check_plan(values, plan.id, plan.organisation_id, plan.owner_person_id)
    return update_and_record(
        plan, values, user_id=user_id, entity="plan", summary=f"Changed plan '{plan.title}'"
    )


def set_plan_archived(plan: Plan, archived_at: datetime | None, *, user_id: int | None) -> None:
    """Archive a plan (it leaves the list of plans; its history stays) or bring it back."""
    _set_archived(plan, "plan", archived_at, user_id, f"plan '{plan.title}'")


def plan_counts(plan: Plan) -> PlanCounts:
    """Count what a plan holds."""
    live_actions = select(func.count(Action.id)).where(
        Action.plan_id == plan.id, Action.archived_at.is_(None)
    )
    return PlanCounts(
        bands=_count(select(func.count(PriorityBand.id)).where(PriorityBand.plan_id == plan.id)),
        themes=_count(
            select(func.count(Theme.id)).where(
                Theme.plan_id == plan.id, Theme.archived_at.is_(None)
            )
        ),
        objectives=_count(
            select(func.count(Objective.id))
            .join(Theme, Theme.id == Objective.theme_id)
            .where(Theme.plan_id == plan.id, Objective.archived_at.is_(None))
        ),
        actions=_count(live_actions),
        archived_actions=_count(
            select(func.count(Action.id)).where(
                Action.plan_id == plan.id, Action.archived_at.is_not(None)
            )
        ),
        open_risks=_count(
            select(func.count(Risk.id)).where(
                Risk.plan_id == plan.id, Risk.status == RiskStatus.OPEN.value
            )
        ),
        achievements=_count(
            select(func.count(Achievement.id)).where(
                Achievement.plan_id == plan.id, Achievement.archived_at.is_(None)
            )
        ),
        recommendations=_count(
            select(func.count(Recommendation.id)).where(
                Recommendation.plan_id == plan.id, Recommendation.archived_at.is_(None)
            )
        ),
    )


# Priority bands


@dataclass
class BandRow:
    """A band with how many actions carry it and how it can be removed."""

    band: PriorityBand
    actions: int
    removal: Removal


def list_bands(plan: Plan) -> list[BandRow]:
    """Return the plan's bands in number order with their action counts."""
    counts = dict(
        db.session.execute(
            select(Action.band_id, func.count(Action.id))
            .where(Action.plan_id == plan.id, Action.band_id.is_not(None))
            .group_by(Action.band_id)
        ).all()
    )
    bands = db.session.scalars(
        select(PriorityBand)
        .options(raiseload("*"))
        .where(PriorityBand.plan_id == plan.id)
        .order_by(PriorityBand.number)
    )
    return [
        BandRow(
            band,
            counts.get(band.id, 0),
            removal_for(has_history=counts.get(band.id, 0) > 0, archivable=False),
        )
        for band in bands
    ]


def get_band(plan: Plan, band_id: int) -> PriorityBand | None:
    """Return a band of this plan, or None."""
    return _one(
        select(PriorityBand).where(PriorityBand.id == band_id, PriorityBand.plan_id == plan.id)
    )


def _check_band(plan: Plan, values: dict[str, Any], band_id: int | None) -> None:
    problems = {}
    taken = select(PriorityBand.id).where(
        PriorityBand.plan_id == plan.id, PriorityBand.number == values["number"]
    )
    if band_id is not None:
        taken = taken.where(PriorityBand.id != band_id)
    if db.session.scalar(taken) is not None:
        problems["number"] = f"This plan already has a priority {values['number']}"
    window = band_window_problem(values["window_start"], values["window_end"])
    if window:
        problems["window_end"] = window
    if problems:
        raise Invalid(problems)


def create_band(plan: Plan, values: dict[str, Any], *, user_id: int | None) -> PriorityBand:
    """Add a priority band to a plan."""
    _check_band(plan, values, None)
    band = PriorityBand(plan_id=plan.id, **values)
    db.session.add(band)
    db.session.flush()
    _created(band, "band", BAND_FIELDS, user_id, f"Added priority {band.number} to '{plan.title}'")
    db.session.flush()
    return band


def update_band(
    plan: Plan, band: PriorityBand, values: dict[str, Any], *, user_id: int | None
) -> dict[str, Any]:
    """Change a band and return what changed."""
    _check_band(plan, values, band.id)
    return update_and_record(
        band,
        values,
        user_id=user_id,
        entity="band",
        summary=f"Changed priority {band.number} of '{plan.title}'",
    )


def delete_band(plan: Plan, band: PriorityBand, *, user_id: int | None) -> None:
    """Delete a band no action carries; refuse otherwise."""
    used = _count(select(func.count(Action.id)).where(Action.band_id == band.id))
    if removal_for(has_history=used > 0, archivable=False) is not Removal.DELETE:
        raise Invalid({"band": f"Priority {band.number} is used by {used} action(s)"})
    _deleted(
        band, "band", BAND_FIELDS, user_id, f"Deleted priority {band.number} of '{plan.title}'"
    )


# Themes and objectives


@dataclass
class ObjectiveRow:
    """An objective with how many actions it holds and how it can be removed."""

    objective: Objective
    actions: int
    removal: Removal


@dataclass
class ThemeRow:
    """A theme with its objectives and how it can be removed."""

    theme: Theme
    objectives: list[ObjectiveRow] = field(default_factory=list)

    @property
    def removal(self) -> Removal:
        """Delete a theme with no objectives; archive one with."""
        return removal_for(has_history=bool(self.objectives), archivable=True)


def list_themes(plan: Plan) -> list[ThemeRow]:
    """Return the plan's themes in number order, each with its objectives and action counts."""
    themes = db.session.scalars(
        select(Theme).options(raiseload("*")).where(Theme.plan_id == plan.id).order_by(Theme.number)
    ).all()
    objectives = db.session.scalars(
        select(Objective)
        .options(raiseload("*"))
        .join(Theme, Theme.id == Objective.theme_id)
        .where(Theme.plan_id == plan.id)
        .order_by(Objective.position, Objective.id)
    ).all()
    counts = dict(
        db.session.execute(
            select(Action.objective_id, func.count(Action.id))
            .where(Action.plan_id == plan.id)
            .group_by(Action.objective_id)
        ).all()
    )
    by_theme: dict[int, list[ObjectiveRow]] = defaultdict(list)
    for objective in objectives:
        count = counts.get(objective.id, 0)
        by_theme[objective.theme_id].append(
            ObjectiveRow(objective, count, removal_for(has_history=count > 0, archivable=True))
        )
    return [ThemeRow(theme, by_theme[theme.id]) for theme in themes]


def get_theme(plan: Plan, theme_id: int) -> Theme | None:
    """Return a theme of this plan, or None."""
    return _one(select(Theme).where(Theme.id == theme_id, Theme.plan_id == plan.id))


def theme_choices(plan: Plan) -> list[tuple[int, str]]:
    """Return the plan's live themes as (id, 'N. title')."""
    return [
        (theme_id, f"{number}. {title}")
        for theme_id, number, title in db.session.execute(
            select(Theme.id, Theme.number, Theme.title)
            .where(Theme.plan_id == plan.id, Theme.archived_at.is_(None))
            .order_by(Theme.number)
        )
    ]


def _check_theme(plan: Plan, values: dict[str, Any], theme_id: int | None) -> None:
    taken = select(Theme.id).where(Theme.plan_id == plan.id, Theme.number == values["number"])
    if theme_id is not None:
        taken = taken.where(Theme.id != theme_id)
    if db.session.scalar(taken) is not None:
        raise Invalid({"number": f"This plan already has a theme {values['number']}"})


def create_theme(plan: Plan, values: dict[str, Any], *, user_id: int | None) -> Theme:
    """Add a theme to a plan."""
    _check_theme(plan, values, None)
    theme = Theme(plan_id=plan.id, **values)
    db.session.add(theme)
    db.session.flush()
    _created(theme, "theme", THEME_FIELDS, user_id, f"Added theme {theme.number}. {theme.title}")
    db.session.flush()
    return theme


def update_theme(
    plan: Plan, theme: Theme, values: dict[str, Any], *, user_id: int | None
) -> dict[str, Any]:
    """Change a theme and return what changed."""
    _check_theme(plan, values, theme.id)
    return update_and_record(
        theme, values, user_id=user_id, entity="theme", summary=f"Changed theme {theme.number}"
    )


def _set_rows_archived(
    model: Any,
    condition: Any,
    archived_at: datetime | None,
    was_archived_at: datetime | None,
    **also: Any,
) -> int:
    """Archive live rows, or restore those archived at that moment; return how many."""
    if archived_at is not None:
        state = model.archived_at.is_(None)
    else:
        state = model.archived_at == was_archived_at
    result = db.session.execute(
        update(model)
        .where(condition, state)
        .values(archived_at=archived_at, **also)
        .execution_options(synchronize_session="fetch")
    )
    return cast(CursorResult[Any], result).rowcount


def _set_actions_archived(
    condition: Any, archived_at: datetime | None, was_archived_at: datetime | None
) -> int:
    """Archive live actions, or restore those archived at that moment; bump their version."""
    # A bulk update passes by the version counter, and open edit forms must see the change.
    return _set_rows_archived(
        Action, condition, archived_at, was_archived_at, version=Action.version + 1
    )


def set_theme_archived(
    plan: Plan, theme: Theme, archived_at: datetime | None, *, user_id: int | None
) -> None:
    """Archive a theme with its live objectives and actions, or restore what went with it."""
    # Archiving a whole section takes its actions out of the tallies too; restoring brings back
    # only what was archived with the theme, at the same moment, not what was archived before.
    was_archived_at = theme.archived_at
    objective_ids = select(Objective.id).where(Objective.theme_id == theme.id)
    actions = _set_actions_archived(
        Action.objective_id.in_(objective_ids), archived_at, was_archived_at
    )
    objectives = _set_rows_archived(
        Objective, Objective.theme_id == theme.id, archived_at, was_archived_at
    )
    theme.archived_at = archived_at
    verb = "archive" if archived_at else "restore"
    record_change(
        user_id=user_id,
        verb=verb,
        entity="theme",
        entity_id=theme.id,
        summary=f"{verb.capitalize()}d theme {theme.number}. {theme.title}",
        before={"archived_at": was_archived_at},
        after={"archived_at": archived_at},
        details={"objectives": objectives, "actions": actions},
    )
    db.session.flush()


def delete_theme(plan: Plan, theme: Theme, *, user_id: int | None) -> None:
    """Delete a theme with no objectives; refuse otherwise."""
    objectives = _count(select(func.count(Objective.id)).where(Objective.theme_id == theme.id))
    if removal_for(has_history=objectives > 0, archivable=True) is not Removal.DELETE:
        raise Invalid({"theme": "This theme has objectives: archive it instead"})
    _deleted(theme, "theme", THEME_FIELDS, user_id, f"Deleted theme {theme.number}. {theme.title}")


def get_objective(plan: Plan, objective_id: int) -> Objective | None:
    """Return an objective of this plan, or None."""
    return _one(
        select(Objective)
        .join(Theme, Theme.id == Objective.theme_id)
        .where(Objective.id == objective_id, Theme.plan_id == plan.id)
    )


def _check_objective(plan: Plan, values: dict[str, Any]) -> None:
    if get_theme(plan, values["theme_id"]) is None:
        raise Invalid({"theme_id": "Choose a theme of this plan"})


def create_objective(plan: Plan, values: dict[str, Any], *, user_id: int | None) -> Objective:
    """Add an objective at the end of a theme."""
    _check_objective(plan, values)
    last = db.session.scalar(
        select(func.max(Objective.position)).where(Objective.theme_id == values["theme_id"])
    )
    objective = Objective(position=(last or 0) + 1, **values)
    db.session.add(objective)
    db.session.flush()
    _created(objective, "objective", OBJECTIVE_FIELDS, user_id, "Added an objective")
    db.session.flush()
    return objective


def update_objective(
    plan: Plan, objective: Objective, values: dict[str, Any], *, user_id: int | None
) -> dict[str, Any]:
    """Change an objective's wording or theme and return what changed."""
    _check_objective(plan, values)
    return update_and_record(
        objective, values, user_id=user_id, entity="objective", summary="Changed an objective"
    )


def set_objective_archived(
    plan: Plan, objective: Objective, archived_at: datetime | None, *, user_id: int | None
) -> None:
    """Archive an objective with its live actions, or restore what went with it."""
    was_archived_at = objective.archived_at
    actions = _set_actions_archived(
        Action.objective_id == objective.id, archived_at, was_archived_at
    )
    objective.archived_at = archived_at
    verb = "archive" if archived_at else "restore"
    record_change(
        user_id=user_id,
        verb=verb,
        entity="objective",
        entity_id=objective.id,
        summary=f"{verb.capitalize()}d an objective",
        before={"archived_at": was_archived_at},
        after={"archived_at": archived_at},
        details={"actions": actions},
    )
    db.session.flush()


def delete_objective(plan: Plan, objective: Objective, *, user_id: int | None) -> None:
    """Delete an objective with no actions; refuse otherwise."""
    actions = _count(select(func.count(Action.id)).where(Action.objective_id == objective.id))
    if removal_for(has_history=actions > 0, archivable=True) is not Removal.DELETE:
        raise Invalid({"objective": "This objective has actions: archive it instead"})
    _deleted(objective, "objective", OBJECTIVE_FIELDS, user_id, "Deleted an objective")


# Risks and achievements


def list_risks(plan: Plan) -> list[Risk]:
    """Return the plan's risks: open ones first, then the most recently raised."""
    return list(
        db.session.scalars(
            select(Risk)
            .options(raiseload("*"))
            .where(Risk.plan_id == plan.id)
            .order_by((Risk.status == RiskStatus.OPEN.value).desc(), Risk.raised_on.desc(), Risk.id)
        )
    )


def get_risk(plan: Plan, risk_id: int) -> Risk | None:
    """Return a risk of this plan, or None."""
    return _one(select(Risk).where(Risk.id == risk_id, Risk.plan_id == plan.id))


def _settle_risk(values: dict[str, Any], today: date) -> dict[str, Any]:
    status = RiskStatus(values["status"])
    settled = settle_risk_dates(status, values["raised_on"], values["closed_on"], today)
    if settled.problems:
        raise Invalid(settled.problems)
    return {**values, "status": status.value, "closed_on": settled.closed_on}


def create_risk(plan: Plan, values: dict[str, Any], *, today: date, user_id: int | None) -> Risk:
    """Add a risk or issue to a plan."""
    risk = Risk(plan_id=plan.id, **_settle_risk(values, today))
    db.session.add(risk)
    db.session.flush()
    _created(risk, "risk", RISK_FIELDS, user_id, f"Added a risk to '{plan.title}'")
    db.session.flush()
    return risk


def update_risk(
    plan: Plan, risk: Risk, values: dict[str, Any], *, today: date, user_id: int | None
) -> dict[str, Any]:
    """Change a risk, closing or reopening it, and return what changed."""
    settled = _settle_risk(values, today)
    closing = risk.status != RiskStatus.CLOSED and settled["status"] == RiskStatus.CLOSED
    verb = "Closed" if closing else "Changed"
    return update_and_record(
        risk, settled, user_id=user_id, entity="risk", summary=f"{verb} a risk of '{plan.title}'"
    )


def list_achievements(plan: Plan) -> list[Achievement]:
    """Return the plan's achievements, newest first, archived ones last."""
    return list(
        db.session.scalars(
            select(Achievement)
            .options(raiseload("*"))
            .where(Achievement.plan_id == plan.id)
            .order_by(
                Achievement.archived_at.is_not(None),
                Achievement.achieved_on.desc(),
                Achievement.id.desc(),
            )
        )
    )


def get_achievement(plan: Plan, achievement_id: int) -> Achievement | None:
    """Return an achievement of this plan, or None."""
    return _one(
        select(Achievement).where(Achievement.id == achievement_id, Achievement.plan_id == plan.id)
    )


def create_achievement(plan: Plan, values: dict[str, Any], *, user_id: int | None) -> Achievement:
    """Add an achievement to a plan."""
    achievement = Achievement(plan_id=plan.id, **values)
    db.session.add(achievement)
    db.session.flush()
    _created(
        achievement,
        "achievement",
        ACHIEVEMENT_FIELDS,
        user_id,
        f"Added an achievement to '{plan.title}'",
    )
    db.session.flush()
    return achievement


def update_achievement(
    plan: Plan, achievement: Achievement, values: dict[str, Any], *, user_id: int | None
) -> dict[str, Any]:
    """Change an achievement and return what changed."""
    return update_and_record(
        achievement,
        values,
        user_id=user_id,
        entity="achievement",
        summary=f"Changed an achievement of '{plan.title}'",
    )


def set_achievement_archived(
    plan: Plan, achievement: Achievement, archived_at: datetime | None, *, user_id: int | None
) -> None:
    """Archive an achievement (it leaves the reports) or bring it back."""
    _set_archived(
        achievement, "achievement", archived_at, user_id, f"an achievement of '{plan.title}'"
    )

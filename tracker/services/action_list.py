"""Find a plan's live actions by the list's filters, sorted and paged in SQL."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, case, exists, func, select

from tracker.domain import due
from tracker.domain.action_filters import (
    LIKE_ESCAPE,
    NO_STATUS,
    PAGE_SIZE,
    ActionFilters,
    FilterChoices,
    ListSort,
    TargetWindow,
    day_start,
    like_pattern,
    page_count,
)
from tracker.domain.assurance import SignOff
from tracker.domain.bands import band_label
from tracker.domain.enums import Completion, Recurrence
from tracker.domain.status_key import StatusColour, stored_status_key
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
from tracker.services.plan_export import ExportLayout, PlanExport, export_plan


@dataclass(frozen=True)
class ListedAction:
    """One row of the action list, as its columns were selected."""

    id: int
    ref: str | None
    text: str
    short_title: str | None
    theme_number: int
    theme_title: str
    band_number: int | None
    band_wording: str | None
    target_date: date | None
    target_date_text: str
    recurrence: Recurrence
    lead_text: str
    completion: Completion
    status_label: str | None
    status_colour: StatusColour | None
    last_update_on: date | None
    sign_off: SignOff | None = None

    @property
    def completion_label(self) -> str:
        """Return the completion as pages word it: Completed awaiting sign-off says so."""
        if self.sign_off is SignOff.AWAITING and self.completion is Completion.COMPLETED:
            return self.sign_off.label
        return self.completion.label

    @property
    def band_name(self) -> str:
        """Return the band as the papers name it, or nothing without one."""
        return (
            ""
            if self.band_number is None
            else band_label(self.band_number, self.band_wording or "")
        )

    def days_overdue(self, today: date) -> int | None:
        """Return the days past the target date, or None when it is not overdue."""
        return due.days_overdue(self.target_date, self.completion, today)


@dataclass(frozen=True)
class ListPage:
    """One page of the list, with how many actions match and how many pages they fill."""

    rows: list[ListedAction]
    total: int
    number: int
    pages: int


@dataclass(frozen=True)
class ListOptions:
    """The plan's choices the filter form offers, each as a value and its words."""

    leads: list[tuple[int, str]]
    statuses: list[str]
    themes: list[tuple[int, str]]
    bands: list[tuple[int, str]]

    @property
    def choices(self) -> FilterChoices:
        """Return the values each filter accepts."""
        return FilterChoices(
            lead_ids=frozenset(person_id for person_id, _ in self.leads),
            status_labels=tuple(self.statuses),
            theme_numbers=frozenset(number for number, _ in self.themes),
            band_numbers=frozenset(number for number, _ in self.bands),
        )


_COLUMNS = (
    Action.id,
    Action.ref,
    Action.text,
    Action.short_title,
    Theme.number.label("theme_number"),
    Theme.title.label("theme_title"),
    PriorityBand.number.label("band_number"),
    PriorityBand.label.label("band_wording"),
    Action.target_date,
    Action.target_date_text,
    Action.recurrence,
    Action.lead_text,
    Action.current_completion.label("completion"),
    Action.current_status_label.label("status_label"),
    Action.current_status_colour.label("status_colour"),
    Action.current_as_at.label("last_update_on"),
    Action.current_sign_off.label("sign_off"),
)


def list_options(plan: Plan) -> ListOptions:
    """Return the plan's leads, status key labels, live themes and bands, in three queries."""
    leads = db.session.execute(
        select(Person.id, Person.name)
        .where(
            # The plan's few leads are found from its actions, not every person's actions.
            Person.id.in_(
                select(ActionLead.person_id)
                .join(Action, Action.id == ActionLead.action_id)
                .where(Action.plan_id == plan.id, Action.archived_at.is_(None))
            )
        )
        .order_by(Person.name, Person.id)
    ).all()
    themes = db.session.execute(
        select(Theme.number, Theme.title)
        .where(Theme.plan_id == plan.id, Theme.archived_at.is_(None))
        .order_by(Theme.number)
    ).all()
    bands = db.session.execute(
        select(PriorityBand.number, PriorityBand.label)
        .where(PriorityBand.plan_id == plan.id)
        .order_by(PriorityBand.number)
    ).all()
    return ListOptions(
        leads=[(person_id, name) for person_id, name in leads],
        statuses=[entry.label for entry in stored_status_key(plan.status_key).entries],
        themes=[(number, f"{number}. {title}") for number, title in themes],
        bands=[(number, band_label(number, label)) for number, label in bands],
    )


def _conditions(
    scope: ColumnElement[bool], filters: ActionFilters, window: TargetWindow
) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = [scope, Action.archived_at.is_(None)]
    if filters.plan is not None:
        conditions.append(Plan.slug == filters.plan)
    if filters.lead is not None:
        conditions.append(
            exists().where(ActionLead.action_id == Action.id, ActionLead.person_id == filters.lead)
        )
    if filters.status == NO_STATUS:
        conditions.append(Action.current_status_label.is_(None))
    elif filters.status is not None:
        conditions.append(Action.current_status_label == filters.status)
    if filters.completion is not None:
        conditions.append(Action.current_completion == filters.completion)
    if window.exclude_completed:
        conditions.append(Action.current_completion != Completion.COMPLETED)
    if window.before is not None:
        conditions.append(Action.target_date < window.before)
    if window.from_day is not None:
        conditions.append(Action.target_date >= window.from_day)
    if window.until is not None:
        conditions.append(Action.target_date <= window.until)
    if filters.theme is not None:
        conditions.append(Theme.number == filters.theme)
    if filters.band is not None:
        conditions.append(PriorityBand.number == filters.band)
    if filters.recurring is not None:
        recurring = Action.recurrence != Recurrence.NONE
        conditions.append(recurring if filters.recurring else ~recurring)
    if filters.due_before is not None:
        conditions.append(Action.target_date <= filters.due_before)
    if filters.due_after is not None:
        conditions.append(Action.target_date >= filters.due_after)
    if filters.updated_since is not None:
        conditions.append(
            exists().where(
                StatusUpdate.action_id == Action.id,
                StatusUpdate.recorded_at >= day_start(filters.updated_since),
            )
        )
    if filters.text:
        pattern = like_pattern(filters.text)
        conditions.append(
            func.lower(func.coalesce(Action.ref, "")).like(pattern, escape=LIKE_ESCAPE)
            | func.lower(Action.text).like(pattern, escape=LIKE_ESCAPE)
            | func.lower(Action.current_commentary).like(pattern, escape=LIKE_ESCAPE)
        )
    return conditions


def plan_scope(plan_id: int) -> ColumnElement[bool]:
    """Return the condition that keeps a list to one plan."""
    return Action.plan_id == plan_id


def ordering(filters: ActionFilters, today: date, *, across_plans: bool = False) -> list[Any]:
    """Return the ORDER BY of the sort asked for; rows without the value sort last both ways."""
    # Plan order as plan_reads.in_plan_order sorts it, with ref_sort_key for the natural ref;
    # across plans, each plan's actions together, plans by title.
    plan_order: list[Any] = [
        *((Plan.title, Plan.id) if across_plans else ()),
        Theme.number,
        Objective.position,
        Action.ref_sort_key.is_(None),
        Action.ref_sort_key,
        Action.position,
    ]
    if filters.sort is ListSort.REF:
        keys = plan_order
        if filters.descending:
            return [key.desc() for key in keys] + [Action.id.desc()]
        return [*keys, Action.id]
    if filters.sort is ListSort.TARGET_DATE:
        value: Any = Action.target_date
    elif filters.sort is ListSort.LAST_UPDATE:
        value = Action.current_as_at
    else:
        # Days overdue grow as the target date gets earlier, so the date is sorted the other way.
        value = case(
            (
                (Action.target_date < today) & (Action.current_completion != Completion.COMPLETED),
                Action.target_date,
            )
        )
    ascending = (
        filters.descending if filters.sort is ListSort.DAYS_OVERDUE else not filters.descending
    )
    return [value.is_(None), value if ascending else value.desc(), *plan_order, Action.id]


def joined(columns: tuple) -> Select:
    """Return the SELECT of these columns from actions with their plan, objective, theme, band."""
    return (
        select(*columns)
        .select_from(Action)
        .join(Plan, Plan.id == Action.plan_id)
        .join(Objective, Objective.id == Action.objective_id)
        .join(Theme, Theme.id == Objective.theme_id)
        .outerjoin(PriorityBand, PriorityBand.id == Action.band_id)
    )


def matching(
    columns: tuple, scope: ColumnElement[bool], filters: ActionFilters, window: TargetWindow
) -> Select:
    """Return the SELECT of these columns from the live actions in scope the filters match."""
    return joined(columns).where(*_conditions(scope, filters, window))


def list_page(plan: Plan, filters: ActionFilters, window: TargetWindow, *, today: date) -> ListPage:
    """Return the page of matching actions the filters ask for, in two queries: count and rows."""
    scope = plan_scope(plan.id)
    total = db.session.scalar(matching((func.count(Action.id),), scope, filters, window)) or 0
    pages = page_count(total)
    number = min(filters.page, pages)
    rows = db.session.execute(
        matching(_COLUMNS, scope, filters, window)
        .order_by(*ordering(filters, today))
        .limit(PAGE_SIZE)
        .offset((number - 1) * PAGE_SIZE)
    )
    return ListPage([ListedAction(**row._mapping) for row in rows], total, number, pages)


def matching_ids(
    plan: Plan, filters: ActionFilters, window: TargetWindow, *, today: date
) -> list[int]:
    """Return the ids of every matching action in the list's order, not only one page's."""
    return list(
        db.session.scalars(
            matching((Action.id,), plan_scope(plan.id), filters, window).order_by(
                *ordering(filters, today)
            )
        )
    )


def download(
    plan: Plan,
    filters: ActionFilters,
    window: TargetWindow,
    *,
    today: date,
    name: str,
    layout: ExportLayout,
) -> PlanExport:
    """Return every matching action as the plan export writes them, in the list's order."""
    ids = matching_ids(plan, filters, window, today=today)
    # Not correlated: the export's own queries select from action too.
    within = matching((Action.id,), plan_scope(plan.id), filters, window).correlate(None)
    return export_plan(plan, today, name=name, layout=layout, only=ids, within=within)

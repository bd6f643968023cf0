"""Lay out many plans side by side: figures per plan, their sum, and the overview's order."""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from math import ceil
from typing import Any, Generic, TypeVar

from tracker.domain.as_at import Month
from tracker.domain.enums import Completion
from tracker.domain.tallies import Tally

OVERVIEW_PAGE_SIZE = 50
TREND_MONTHS_SHOWN = 6


@dataclass(frozen=True, slots=True)
class PlanName:
    """Name one plan: what the overview's filter looks in and its order by title reads."""

    plan_id: int
    slug: str
    title: str
    owner: str


@dataclass(frozen=True, slots=True)
class PlanFigures:
    """Give one plan's figures as at a date and at the end of the month before."""

    # `tally` counts the actions with a status as at the date, as the plan's own tallies do;
    # `overdue` and `exceptions` count live actions, updated or not, by the rules of due.py
    # and of the status key. `completed_by_month` counts actions completed as at the date
    # by the month of their completion, for the last TREND_MONTHS_SHOWN months.

    plan_id: int
    slug: str
    title: str
    owner: str
    tally: Tally
    previous: Tally
    overdue: int
    exceptions: int
    last_update_on: date | None
    completed_by_month: tuple[tuple[Month, int], ...]

    @property
    def percent_completed(self) -> Decimal:
        """Return the share of actions completed as at the date."""
        return self.tally.percent(Completion.COMPLETED)

    @property
    def change(self) -> Decimal:
        """Return the change in percentage points completed since the end of last month."""
        return self.percent_completed - self.previous.percent(Completion.COMPLETED)


@dataclass(frozen=True, slots=True)
class Portfolio:
    """Hold every readable plan's figures as at one date, and their sums."""

    as_at: date
    previous_as_at: date
    plans: tuple[PlanFigures, ...]
    overall: Tally
    previous: Tally
    overdue: int
    exceptions: int

    @classmethod
    def of(cls, as_at: date, previous_as_at: date, plans: Sequence[PlanFigures]) -> "Portfolio":
        """Gather plans' figures and add them up: all the plans' actions together."""
        return cls(
            as_at=as_at,
            previous_as_at=previous_as_at,
            plans=tuple(plans),
            overall=_added(plan.tally for plan in plans),
            previous=_added(plan.previous for plan in plans),
            overdue=sum(plan.overdue for plan in plans),
            exceptions=sum(plan.exceptions for plan in plans),
        )

    @property
    def change(self) -> Decimal:
        """Return the change in percentage points completed across the plans since last month."""
        return self.overall.percent(Completion.COMPLETED) - self.previous.percent(
            Completion.COMPLETED
        )


def _added(tallies: Iterable[Tally]) -> Tally:
    """Add tallies status by status."""
    # Field by field, not Tally + Tally: thousands of plans would build as many tallies.
    counted = list(tallies)
    return Tally(
        total=sum(tally.total for tally in counted),
        completed=sum(tally.completed for tally in counted),
        not_completed=sum(tally.not_completed for tally in counted),
        partially_completed=sum(tally.partially_completed for tally in counted),
        not_known=sum(tally.not_known for tally in counted),
    )


def previous_month_end(as_at: date) -> date:
    """Return the last day of the month before the date's month, which "last month" means."""
    return Month.of(as_at).previous().last_day


def trend_months(as_at: date) -> tuple[Month, ...]:
    """Return the months the small trend covers, ending with the date's month."""
    last = Month.of(as_at)
    return last.shifted(1 - TREND_MONTHS_SHOWN).through(last)


class SortKey(StrEnum):
    """Name the columns the overview can be sorted by."""

    TITLE = "title"
    COMPLETED = "completed"
    CHANGE = "change"
    OVERDUE = "overdue"
    EXCEPTIONS = "exceptions"
    UPDATED = "updated"
    ACTIONS = "actions"

    @property
    def needs_figures(self) -> bool:
        """Say whether ordering by this column needs the plans' figures, not only their names."""
        return self is not SortKey.TITLE


_SORT_VALUES: dict[SortKey, Callable[[Any], Any]] = {
    SortKey.TITLE: lambda plan: plan.title.casefold(),
    SortKey.COMPLETED: lambda plan: plan.percent_completed,
    SortKey.CHANGE: lambda plan: plan.change,
    SortKey.OVERDUE: lambda plan: plan.overdue,
    SortKey.EXCEPTIONS: lambda plan: plan.exceptions,
    SortKey.UPDATED: lambda plan: plan.last_update_on or date.min,
    SortKey.ACTIONS: lambda plan: plan.tally.total,
}


# The overview filters, orders and pages plans named only, or with their figures.
ListedPlan = TypeVar("ListedPlan", PlanName, PlanFigures)


def matching(plans: Sequence[ListedPlan], text: str) -> list[ListedPlan]:
    """Keep the plans whose title, owner or short name contains the text, ignoring case."""
    wanted = text.strip().casefold()
    if not wanted:
        return list(plans)
    return [
        plan
        for plan in plans
        if wanted in plan.title.casefold()
        or wanted in plan.owner.casefold()
        or wanted in plan.slug.casefold()
    ]


def sorted_plans(
    plans: Sequence[ListedPlan], key: SortKey, *, descending: bool
) -> list[ListedPlan]:
    """Order plans by a column, ties by title then short name in ascending order."""
    if key.needs_figures and not all(isinstance(plan, PlanFigures) for plan in plans):
        raise TypeError(f"ordering plans by {key.value} needs their figures, not only names")
    by_title = sorted(plans, key=lambda plan: (plan.title.casefold(), plan.slug))
    return sorted(by_title, key=_SORT_VALUES[key], reverse=descending)


@dataclass(frozen=True, slots=True)
class OverviewPage(Generic[ListedPlan]):
    """Hold one page of the overview and where it sits among the pages."""

    plans: tuple[ListedPlan, ...]
    number: int
    pages: int
    matched: int


def overview_page(
    plans: Sequence[ListedPlan], number: int, size: int = OVERVIEW_PAGE_SIZE
) -> OverviewPage[ListedPlan]:
    """Return page `number` (from 1) of the plans, the last page when it is past the end."""
    if size < 1:
        raise ValueError(f"a page holds at least one plan, not {size}")
    pages = max(1, ceil(len(plans) / size))
    number = min(max(number, 1), pages)
    start = (number - 1) * size
    return OverviewPage(tuple(plans[start : start + size]), number, pages, len(plans))


@dataclass(frozen=True, slots=True)
class Overview:
    """Hold one page of the plans overview as at a date, and whether any plan is readable."""

    as_at: date
    previous_as_at: date
    any_plans: bool
    page: OverviewPage[PlanFigures]


def with_figures(
    page: OverviewPage[PlanName], figures: Iterable[PlanFigures]
) -> OverviewPage[PlanFigures]:
    """Return the page of named plans holding each plan's figures instead, in the page's order."""
    # A plan archived since its name was read has no figures; it leaves the page, as it would
    # on the next request.
    by_id = {plan.plan_id: plan for plan in figures}
    shown = tuple(by_id[plan.plan_id] for plan in page.plans if plan.plan_id in by_id)
    return OverviewPage(shown, page.number, page.pages, page.matched)

"""Read and check the filters, sort and page of a plan's action list from its address."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from tracker.domain.due import due_until
from tracker.domain.enums import Completion
from tracker.domain.working_days import WorkingCalendar

PAGE_SIZE = 50
MOST_WORKING_DAYS = 60
LONGEST_SEARCH = 200
# The status filter's value for actions that have had no status yet.
NO_STATUS = "none"
YES, NO = "yes", "no"
LIKE_ESCAPE = "\\"


class ListSort(StrEnum):
    """Say what the action list is sorted by."""

    REF = "ref"
    TARGET_DATE = "target_date"
    DAYS_OVERDUE = "days_overdue"
    LAST_UPDATE = "last_update"

    @property
    def label(self) -> str:
        """Return the words the sort control shows."""
        return _SORT_LABELS[self]


_SORT_LABELS = {
    ListSort.REF: "Ref",
    ListSort.TARGET_DATE: "Target date",
    ListSort.DAYS_OVERDUE: "Days overdue",
    ListSort.LAST_UPDATE: "Last update",
}


@dataclass(frozen=True)
class FilterChoices:
    """What the plan offers to filter by: its leads, status labels, themes and bands."""

    lead_ids: frozenset[int] = frozenset()
    status_labels: tuple[str, ...] = ()
    theme_numbers: frozenset[int] = frozenset()
    band_numbers: frozenset[int] = frozenset()


@dataclass(frozen=True)
class ActionFilters:
    """The filters, sort and page asked for; None or False means that filter is not used."""

    lead: int | None = None
    status: str | None = None
    completion: Completion | None = None
    overdue: bool = False
    due_within: int | None = None
    theme: int | None = None
    band: int | None = None
    recurring: bool | None = None
    text: str = ""
    sort: ListSort = ListSort.REF
    descending: bool = False
    page: int = 1

    @property
    def filtering(self) -> bool:
        """Say whether any filter narrows the list."""
        return self.filter_args() != {}

    def filter_args(self) -> dict[str, str]:
        """Return the address parameters of the filters in use, as the form writes them."""
        values = {
            "lead": None if self.lead is None else str(self.lead),
            "status": self.status,
            "completion": None if self.completion is None else self.completion.value,
            "overdue": YES if self.overdue else None,
            "due_within": None if self.due_within is None else str(self.due_within),
            "theme": None if self.theme is None else str(self.theme),
            "band": None if self.band is None else str(self.band),
            "recurring": None if self.recurring is None else (YES if self.recurring else NO),
            "q": self.text or None,
        }
        return {name: value for name, value in values.items() if value is not None}

    def address_args(self, **changes: object) -> dict[str, str]:
        """Return every parameter of this list's address, with a page or sort changed."""
        args = {
            **self.filter_args(),
            "sort": self.sort.value,
            "order": "desc" if self.descending else "asc",
            "page": str(self.page),
        }
        args.update({name: str(value) for name, value in changes.items()})
        return args


@dataclass(frozen=True)
class TargetWindow:
    """The target dates the due filters allow, and whether completed actions are left out."""

    before: date | None = None
    from_day: date | None = None
    until: date | None = None
    exclude_completed: bool = False


@dataclass
class FilterProblems(ValueError):
    """Say which parameters are wrong and why, by parameter name."""

    problems: dict[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        """Join the problems into one sentence per parameter."""
        return " ".join(f"{name}: {message}" for name, message in self.problems.items())


def search_problem(search: str) -> str | None:
    """Return what is wrong with the text searched for, or None when it can be searched."""
    if len(search) > LONGEST_SEARCH:
        return f"Search for at most {LONGEST_SEARCH} characters."
    if any(unicodedata.category(character) == "Cc" for character in search):
        # PostgreSQL refuses a NUL in text, and no record holds a control character.
        return "Search for text without control characters such as tabs or line breaks."
    return None


def _whole_number(text: str) -> int | None:
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 9 else None


def parse_action_filters(args: Mapping[str, str], choices: FilterChoices) -> ActionFilters:
    """Return the filters the address asks for, or raise FilterProblems naming each bad one."""
    problems: dict[str, str] = {}

    def text(name: str) -> str:
        return args.get(name, "").strip()

    def number(name: str, allowed: frozenset[int], what: str) -> int | None:
        written = text(name)
        if not written:
            return None
        value = _whole_number(written)
        if value is None or value not in allowed:
            problems[name] = f"Choose {what} from the list; '{written}' is not one of them."
            return None
        return value

    lead = number("lead", choices.lead_ids, "a lead")
    theme = number("theme", choices.theme_numbers, "a theme")
    band = number("band", choices.band_numbers, "a priority band")

    status = text("status") or None
    if status is not None and status != NO_STATUS and status not in choices.status_labels:
        problems["status"] = f"Choose a status from the plan's key; '{status}' is not in it."
        status = None

    completion = None
    if written := text("completion"):
        try:
            completion = Completion(written)
        except ValueError:
            problems["completion"] = f"Choose a completion status; '{written}' is not one."

    overdue = False
    if written := text("overdue"):
        overdue = written == YES
        if not overdue:
            problems["overdue"] = "Overdue is either 'yes' or left out."

    due_within = None
    if written := text("due_within"):
        due_within = _whole_number(written)
        if due_within is None or not 1 <= due_within <= MOST_WORKING_DAYS:
            problems["due_within"] = (
                f"Enter a whole number of working days from 1 to {MOST_WORKING_DAYS};"
                f" '{written}' is not."
            )
            due_within = None

    recurring = None
    if written := text("recurring"):
        if written not in (YES, NO):
            problems["recurring"] = "Recurring is 'yes', 'no' or left out."
        else:
            recurring = written == YES

    search = text("q")
    if problem := search_problem(search):
        problems["q"] = problem

    sort = ListSort.REF
    if written := text("sort"):
        if written in {key.value for key in ListSort}:
            sort = ListSort(written)
        else:
            problems["sort"] = "Sort by " + ", ".join(f"'{key.value}'" for key in ListSort) + "."

    order = text("order") or "asc"
    if order not in ("asc", "desc"):
        problems["order"] = "The order is 'asc' or 'desc'."

    page = 1
    if written := text("page"):
        page = _whole_number(written) or 0
        if page < 1:
            problems["page"] = f"The page '{written}' is not a page number such as 2."

    if problems:
        raise FilterProblems(problems)
    return ActionFilters(
        lead=lead,
        status=status,
        completion=completion,
        overdue=overdue,
        due_within=due_within,
        theme=theme,
        band=band,
        recurring=recurring,
        text=search,
        sort=sort,
        descending=order == "desc",
        page=page,
    )


def target_window(
    filters: ActionFilters, *, today: date, calendar: WorkingCalendar
) -> TargetWindow:
    """Return the target dates the overdue and due filters allow, as assess_due decides them."""
    # assess_due: not completed and a target before today is overdue; not completed and a target
    # from today up to due_until is due within that many working days.
    if not filters.overdue and filters.due_within is None:
        return TargetWindow()
    return TargetWindow(
        before=today if filters.overdue else None,
        from_day=today if filters.due_within is not None else None,
        until=(
            due_until(today, calendar, filters.due_within)
            if filters.due_within is not None
            else None
        ),
        exclude_completed=True,
    )


def like_pattern(text: str) -> str:
    """Return a LIKE pattern finding text anywhere, with % _ and the escape taken literally."""
    escaped = (
        text.lower()
        .replace(LIKE_ESCAPE, LIKE_ESCAPE * 2)
        .replace("%", LIKE_ESCAPE + "%")
        .replace("_", LIKE_ESCAPE + "_")
    )
    return f"%{escaped}%"


def page_count(total: int) -> int:
    """Return how many pages of PAGE_SIZE a list of total rows fills, at least one."""
    return max(1, -(-total // PAGE_SIZE))

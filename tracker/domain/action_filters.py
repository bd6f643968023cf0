"""Read and check the filters, sort and page of a plan's action list from its address."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from enum import StrEnum

from tracker.clock import LONDON
from tracker.domain.date_params import BadReportParameter, parse_day
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
    """What the list offers to filter by: plans, leads, status labels, themes and bands.

    A plan's list offers no plans (None: the parameter is not read). Across plans no one plan's
    leads, themes or bands apply: None there takes any whole number.
    """

    lead_ids: frozenset[int] | None = frozenset()
    status_labels: tuple[str, ...] = ()
    theme_numbers: frozenset[int] | None = frozenset()
    band_numbers: frozenset[int] | None = frozenset()
    plan_slugs: frozenset[str] | None = None


@dataclass(frozen=True)
class ActionFilters:
    """The filters, sort and page asked for; None or False means that filter is not used."""

    plan: str | None = None
    lead: int | None = None
    status: str | None = None
    completion: Completion | None = None
    overdue: bool = False
    due_within: int | None = None
    theme: int | None = None
    band: int | None = None
    recurring: bool | None = None
    due_before: date | None = None
    due_after: date | None = None
    updated_since: date | None = None
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
            "plan": self.plan,
            "lead": None if self.lead is None else str(self.lead),
            "status": self.status,
            "completion": None if self.completion is None else self.completion.value,
            "overdue": YES if self.overdue else None,
            "due_within": None if self.due_within is None else str(self.due_within),
            "theme": None if self.theme is None else str(self.theme),
            "band": None if self.band is None else str(self.band),
            "recurring": None if self.recurring is None else (YES if self.recurring else NO),
            "due_before": None if self.due_before is None else self.due_before.isoformat(),
            "due_after": None if self.due_after is None else self.due_after.isoformat(),
            "updated_since": (
                None if self.updated_since is None else self.updated_since.isoformat()
            ),
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


def whole_number(text: str) -> int | None:
    """Return the whole number written in ASCII digits, or None when it is not one."""
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 9 else None


def choice_problem(what: str, written: str) -> str:
    """Return the message for a filter value that is not one of the choices offered."""
    return f"Choose {what} from the list; '{written}' is not one of them."


# Each date filter's name in its messages.
DATE_FILTER_NAMES = {
    "due_before": "due-before date",
    "due_after": "due-after date",
    "updated_since": "updated-since date",
}


def parse_action_filters(args: Mapping[str, str], choices: FilterChoices) -> ActionFilters:
    """Return the filters the address asks for, or raise FilterProblems naming each bad one."""
    problems: dict[str, str] = {}

    def text(name: str) -> str:
        return args.get(name, "").strip()

    def number(name: str, allowed: frozenset[int] | None, what: str) -> int | None:
        written = text(name)
        if not written:
            return None
        value = whole_number(written)
        if value is None or (allowed is not None and value not in allowed):
            problems[name] = choice_problem(what, written)
            return None
        return value

    def day(name: str) -> date | None:
        written = args.get(name, "")
        if not written.strip():
            return None
        try:
            return parse_day(written, DATE_FILTER_NAMES[name])
        except BadReportParameter as error:
            problems[name] = str(error)
            return None

    plan = None
    if choices.plan_slugs is not None and (written := text("plan")):
        if written in choices.plan_slugs:
            plan = written
        else:
            problems["plan"] = choice_problem("a plan", written)
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
        due_within = whole_number(written)
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

    due_before, due_after, updated_since = day("due_before"), day("due_after"), day("updated_since")
    if due_before is not None and due_after is not None and due_after > due_before:
        problems["due_after"] = "The due-after date must be on or before the due-before date."

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
        page = whole_number(written) or 0
        if page < 1:
            problems["page"] = f"The page '{written}' is not a page number such as 2."

    if problems:
        raise FilterProblems(problems)
    return ActionFilters(
        plan=plan,
        lead=lead,
        status=status,
        completion=completion,
        overdue=overdue,
        due_within=due_within,
        theme=theme,
        band=band,
        recurring=recurring,
        due_before=due_before,
        due_after=due_after,
        updated_since=updated_since,
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


def day_start(day: date) -> datetime:
    """Return the moment a UK day begins, in UTC, as recorded times are kept."""
    # The day an update was recorded on is the UK's day, as every date the tracker shows.
    return datetime.combine(day, time(), tzinfo=LONDON).astimezone(UTC)


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

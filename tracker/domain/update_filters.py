"""Read and check the filters of a list of status updates from its address."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from tracker.domain.action_filters import FilterProblems, choice_problem, whole_number
from tracker.domain.date_params import BadReportParameter, parse_day

# Each date filter's name in its messages.
DATE_FILTER_NAMES = {
    "recorded_since": "recorded-since date",
    "as_at_from": "as-at-from date",
    "as_at_to": "as-at-to date",
}


@dataclass(frozen=True)
class UpdateFilters:
    """The status updates asked for; None means that filter is not used."""

    plan: str | None = None
    action: int | None = None
    recorded_since: date | None = None
    as_at_from: date | None = None
    as_at_to: date | None = None


def parse_update_filters(args: Mapping[str, str], plan_slugs: frozenset[str]) -> UpdateFilters:
    """Return the filters the address asks for, or raise FilterProblems naming each bad one."""
    problems: dict[str, str] = {}

    plan = args.get("plan", "").strip() or None
    if plan is not None and plan not in plan_slugs:
        problems["plan"] = choice_problem("a plan", plan)
        plan = None

    action = None
    if written := args.get("action", "").strip():
        action = whole_number(written)
        if action is None:
            problems["action"] = f"Give an action by its id, a whole number; '{written}' is not."

    days: dict[str, date | None] = {}
    for name, words in DATE_FILTER_NAMES.items():
        days[name] = None
        if (written := args.get(name, "")).strip():
            try:
                days[name] = parse_day(written, words)
            except BadReportParameter as error:
                problems[name] = str(error)
    as_at_from, as_at_to = days["as_at_from"], days["as_at_to"]
    if as_at_from is not None and as_at_to is not None and as_at_from > as_at_to:
        problems["as_at_from"] = "The as-at-from date must be on or before the as-at-to date."

    if problems:
        raise FilterProblems(problems)
    return UpdateFilters(
        plan=plan,
        action=action,
        recorded_since=days["recorded_since"],
        as_at_from=as_at_from,
        as_at_to=as_at_to,
    )

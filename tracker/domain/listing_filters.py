"""Read the filters of the API's lists of plans, their parts and people from the address."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from tracker.domain.action_filters import search_problem
from tracker.domain.risk_dates import RiskStatus

ALL = "all"


class Archived(StrEnum):
    """Say which records a list shows: the live ones, the archived ones, or both."""

    NO = "no"
    YES = "yes"
    ALL = ALL


@dataclass(frozen=True, slots=True)
class ListingFilters:
    """The filters a list of plans, themes, objectives, risks, achievements or people takes."""

    archived: Archived = Archived.NO
    # None lists open and closed risks alike.
    risk_status: RiskStatus | None = None
    text: str = ""


def parse_listing_filters(args: Mapping[str, str]) -> tuple[ListingFilters, dict[str, str]]:
    """Return the filters asked for and the problem of each wrong parameter, by its name."""
    problems: dict[str, str] = {}
    archived = Archived.NO
    if written := args.get("archived", "").strip():
        try:
            archived = Archived(written)
        except ValueError:
            problems["archived"] = f"Archived is 'no', 'yes' or 'all'; '{written}' is none of them."
    risk_status = None
    if (written := args.get("status", "").strip()) and written != ALL:
        try:
            risk_status = RiskStatus(written)
        except ValueError:
            problems["status"] = (
                f"The status is 'open', 'closed' or 'all'; '{written}' is none of them."
            )
    text = args.get("q", "").strip()
    if problem := search_problem(text):
        problems["q"] = problem
        text = ""
    return ListingFilters(archived=archived, risk_status=risk_status, text=text), problems

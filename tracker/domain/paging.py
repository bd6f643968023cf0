"""Read which page of a list the API is asked for, and the links to its neighbours."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from math import ceil

from tracker.domain.action_filters import whole_number

PER_PAGE = 50
LARGEST_PAGE = 200
CSV, JSON = "csv", "json"


@dataclass(frozen=True)
class Paging:
    """The page asked for, its size, and whether every row is wanted as CSV instead."""

    page: int = 1
    per_page: int = PER_PAGE
    as_csv: bool = False

    @property
    def offset(self) -> int:
        """Return how many rows come before this page."""
        return (self.page - 1) * self.per_page


def parse_paging(args: Mapping[str, str]) -> tuple[Paging, dict[str, str]]:
    """Return the page asked for and the problems of each wrong parameter, by its name."""
    problems: dict[str, str] = {}
    page = 1
    if written := args.get("page", "").strip():
        page = whole_number(written) or 0
        if page < 1:
            problems["page"] = f"The page '{written}' is not a page number such as 2."
            page = 1
    per_page = PER_PAGE
    if written := args.get("per_page", "").strip():
        per_page = whole_number(written) or 0
        if not 1 <= per_page <= LARGEST_PAGE:
            problems["per_page"] = (
                f"Ask for 1 to {LARGEST_PAGE} rows a page; '{written}' is not in that range."
            )
            per_page = PER_PAGE
    written = args.get("format", "").strip() or JSON
    if written not in (JSON, CSV):
        problems["format"] = f"The format is 'json' or 'csv'; '{written}' is neither."
    return Paging(page=page, per_page=per_page, as_csv=written == CSV), problems


def page_total(total: int, per_page: int) -> int:
    """Return how many pages the rows fill, at least one."""
    return max(1, ceil(total / per_page))


def neighbour_pages(page: int, pages: int) -> dict[str, int]:
    """Return the pages a Link header names, by relation: first, prev, next and last."""
    links = {"first": 1, "last": pages}
    if page > 1:
        links["prev"] = min(page - 1, pages)
    if page < pages:
        links["next"] = page + 1
    return links

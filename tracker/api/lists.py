"""Answer a list: a page of JSON with Link headers and totals, or every row as CSV."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from typing import Any

from flask import Response, json, request, url_for

from tracker.api.problems import invalid
from tracker.domain.paging import Paging, neighbour_pages, page_total, parse_paging
from tracker.services.tabular import neutralise


def requested_paging(problems: Mapping[str, str] | None = None) -> Paging:
    """Return the page asked for; raise the 422 problem naming it and any other bad parameter."""
    paging, paging_problems = parse_paging(request.args)
    every = {**(problems or {}), **paging_problems}
    if every:
        raise invalid(every)
    return paging


def list_response(items: list[dict[str, Any]], total: int, paging: Paging) -> Response:
    """Return a page of items with its totals and Link header, or every item as CSV."""
    if paging.as_csv:
        return csv_response(items)
    pages = page_total(total, paging.per_page)
    body = {
        "items": items,
        "page": paging.page,
        "per_page": paging.per_page,
        "total": total,
        "pages": pages,
    }
    response = Response(
        json.dumps(body, ensure_ascii=False), content_type="application/json; charset=utf-8"
    )
    response.headers["X-Total-Count"] = str(total)
    response.headers["Link"] = ", ".join(
        f'<{_page_address(number)}>; rel="{relation}"'
        for relation, number in neighbour_pages(paging.page, pages).items()
    )
    return response


def _page_address(page: int) -> str:
    """Return this request's address with another page, every other parameter kept."""
    args: dict[str, Any] = {name: request.args.getlist(name) for name in request.args}
    args["page"] = [str(page)]
    assert request.endpoint is not None
    return url_for(request.endpoint, **(request.view_args or {}), **args)


def csv_response(items: Iterable[Mapping[str, Any]]) -> Response:
    """Return the items as a CSV file: a column per field, nested fields named parent.child."""
    rows = [_flat(item) for item in items]
    columns: list[str] = []
    for row in rows:
        columns.extend(name for name in row if name not in columns)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows([row.get(name, "") for name in columns] for row in rows)
    # With a byte-order mark, Excel opens the file as UTF-8 rather than its local code page.
    return Response("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")


def _flat(item: Mapping[str, Any], prefix: str = "") -> dict[str, str]:
    """Return an item's fields as cells: nested objects spread out, lists joined with '; '."""
    cells: dict[str, str] = {}
    for name, value in item.items():
        key = f"{prefix}{name}"
        if isinstance(value, Mapping):
            cells.update(_flat(value, f"{key}."))
        elif isinstance(value, list):
            cells[key] = "; ".join(
                json.dumps(part, ensure_ascii=False)
                if isinstance(part, Mapping | list)
                else _cell(part)
                for part in value
            )
        else:
            cells[key] = _cell(value)
    return cells


def _cell(value: Any) -> str:
    """Return a value as a CSV cell: empty for none, true or false, text kept from formulas."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return neutralise(value)
    return str(value)

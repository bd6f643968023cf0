"""Lay a plan out in the council's own layout: its title row, its headers in order, its extras."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from tracker.domain.cells import format_completion_cell
from tracker.domain.enums import Completion
from tracker.domain.import_mapping import EXTRA, IGNORE, ColumnMapping
from tracker.domain.layout import EXPORT_HEADERS, field_name, normalise_header
from tracker.domain.plan_rows import DEFAULT_THEME_TITLE

_KEY_BY_FIELD = {header: key for key, header in EXPORT_HEADERS}
# distinct_headers names a repeated header "Date (2)"; the file itself says "Date" again.
_REPEAT_NUMBER = re.compile(r"^(?P<header>.+) \((?P<number>\d+)\)$")
# What a cell holds when the plan knows nothing for it: not worth saying it was left out.
_NOTHING = {"completion": format_completion_cell(Completion.NOT_KNOWN)}
# The theme the importer gives the actions of a file without themes, read back the same way
# when the actions come before any heading row.
_FIRST_DEFAULT_THEME = f"1. {DEFAULT_THEME_TITLE}"


@dataclass(frozen=True)
class ExportedAction:
    """One action's cells by layout key ("ref", "theme" …) and its extra columns by header."""

    values: Mapping[str, str]
    extras: Mapping[str, str]


@dataclass(frozen=True)
class CouncilTable:
    """The rows of the file, and what the plan holds that the council's layout has no column for."""

    rows: list[list[str]]
    left_out: tuple[str, ...]


def written_header(name: str, earlier: Sequence[str]) -> str:
    """Return a header as the file writes it: "Date (2)" is "Date" when a "Date" came before."""
    repeat = _REPEAT_NUMBER.match(name)
    if repeat and int(repeat["number"]) >= 2:
        base = normalise_header(repeat["header"])
        if any(normalise_header(header) == base for header in earlier):
            return repeat["header"]
    return name


def council_table(
    mapping: ColumnMapping, *, title: str, actions: Sequence[ExportedAction]
) -> CouncilTable:
    """Lay actions out under the mapping's headers, with the title row and heading rows it needs."""
    headers = [header for header, _ in mapping.columns]
    places = [place for _, place in mapping.columns]
    width = max(len(headers), 1)
    header_index = (mapping.header_row or 1) - 1
    rows: list[list[str]] = [[""] * width for _ in range(header_index)]
    title_index = _title_index(mapping, header_index)
    if title_index is not None:
        rows[title_index][0] = title
    rows.append([written_header(name, headers[:index]) for index, name in enumerate(headers)])
    fields = {_KEY_BY_FIELD[place] for place in places if place not in (EXTRA, IGNORE)}
    extra_headers = {header for header, place in mapping.columns if place == EXTRA}
    # A layout without a Theme column carries themes as heading rows, as they are read back, and
    # objectives too when it has no Objective column; beside a Theme column a heading row would
    # be read as a theme, so there an objective without a column is left out.
    headings = (
        [] if "theme" in fields else ["theme", *(() if "objective" in fields else ("objective",))]
    )
    left_out: dict[str, None] = {}
    heading: dict[str, str] = {}
    for action in actions:
        for text in _heading_rows(headings, heading, action):
            rows.append([text, *[""] * (width - 1)])
        rows.append(
            [_cell(place, header, action) for header, place in zip(headers, places, strict=True)]
        )
        for name in _left_out(action, fields | set(headings), extra_headers):
            left_out.setdefault(name, None)
    return CouncilTable(rows, tuple(left_out))


def _heading_rows(
    headings: Sequence[str], heading: dict[str, str], action: ExportedAction
) -> list[str]:
    """Return the heading rows an action needs above it, updating the headings in force."""
    # Once a theme changes, its objective heading is written again even if its text is the same.
    texts: list[str] = []
    changed = False
    for key in headings:
        text = action.values.get(key, "")
        changed = changed or heading.get(key) != text
        unwritten = key == "theme" and not heading and text == _FIRST_DEFAULT_THEME
        if changed and text and not unwritten:
            texts.append(text)
        heading[key] = text
    return texts


def _left_out(action: ExportedAction, written: set[str], extra_headers: set[str]) -> list[str]:
    """Return the names of what an action holds that the layout has no column for."""
    names = [
        field_name(key)
        for key, text in action.values.items()
        if text not in ("", _NOTHING.get(key)) and key not in written
    ]
    names.extend(
        header for header, text in action.extras.items() if text and header not in extra_headers
    )
    return names


def _title_index(mapping: ColumnMapping, header_index: int) -> int | None:
    """Return the title's row: the mapping's, else the row above the header if there is one."""
    if mapping.title_row is not None and mapping.title_row - 1 < header_index:
        return mapping.title_row - 1
    return 0 if header_index > 0 else None


def _cell(place: str, header: str, action: ExportedAction) -> str:
    if place == EXTRA:
        return action.extras.get(header, "")
    if place == IGNORE:
        return ""
    return action.values.get(_KEY_BY_FIELD[place], "")

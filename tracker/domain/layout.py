"""Name the columns of the council plan layout and recognise them in a sheet's header row."""

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass

EXPORT_HEADERS: tuple[tuple[str, str], ...] = (
    ("ref", "Ref"),
    ("theme", "Theme"),
    ("objective", "Objective"),
    ("action", "Key Actions"),
    ("priority", "Priority"),
    ("target_date", "Target Date"),
    ("baseline", "Baseline"),
    ("targets", "Targets"),
    ("current_performance", "Current Performance"),
    ("lead", "Lead"),
    ("rag", "RAG"),
    ("commentary", "Performance Commentary"),
    ("workstreams", "Lead Workstream(s)"),
    ("completion", "Completion status"),
    ("completed_on", "Completed On"),
)

HEADER_VARIANTS: dict[str, tuple[str, ...]] = {
    "ref": ("Ref", "Reference", "No", "Ref No"),
    "theme": ("Theme", "Section"),
    "objective": ("Objective",),
    "action": ("Key Actions", "Key Action", "Action", "Actions"),
    "priority": ("Priority",),
    "target_date": ("Target Date", "Target Dates", "Timescale"),
    "baseline": ("Baseline",),
    "targets": ("Targets", "Target"),
    "current_performance": ("Current Performance",),
    "lead": ("Lead", "Leads", "Lead Officer"),
    "rag": ("RAG", "RAG Status"),
    "commentary": ("Performance Commentary", "Commentary", "Update", "Progress Update"),
    "workstreams": ("Lead Workstream(s)", "Lead Workstreams", "Workstream", "Workstreams"),
    "completion": ("Comp Y/N", "Completion status", "Completion", "Complete"),
    "completed_on": ("Completed On", "Completion Date"),
}

REQUIRED_KEYS = frozenset({"action"})

_HTML_TAG = re.compile(r"<[^>]*>")
_NOT_LETTER_OR_DIGIT = re.compile(r"[\W_]+")
_EXPORT_HEADER_BY_KEY = dict(EXPORT_HEADERS)


@dataclass(frozen=True)
class HeaderMatch:
    """Say which column holds each known key, which headers were not known, and what is wrong."""

    columns: dict[str, int]
    unknown: tuple[tuple[int, str], ...]
    problems: tuple[str, ...]


def normalise_header(text: str) -> str:
    """Reduce a header to lower-case letters and digits so spacing and punctuation do not count."""
    plain = html.unescape(_HTML_TAG.sub(" ", text))
    return _NOT_LETTER_OR_DIGIT.sub("", plain.casefold())


_KEY_BY_HEADER = {
    normalise_header(variant): key
    for key, variants in HEADER_VARIANTS.items()
    for variant in variants
}


def match_headers(cells: Sequence[str | None]) -> HeaderMatch:
    """Match a header row's cells to the layout's keys by the whole normalised header."""
    columns: dict[str, int] = {}
    unknown: list[tuple[int, str]] = []
    problems: list[str] = []
    for index, cell in enumerate(cells):
        header = " ".join((cell or "").split())
        normalised = normalise_header(header)
        if not normalised:
            continue
        key = _KEY_BY_HEADER.get(normalised)
        if key is None:
            unknown.append((index, header))
        elif key in columns:
            first = columns[key]
            problems.append(
                f"column {column_letter(index)} '{header}' repeats column"
                f" {column_letter(first)} '{' '.join((cells[first] or '').split())}'"
            )
        else:
            columns[key] = index
    for key in sorted(REQUIRED_KEYS - columns.keys()):
        header = _EXPORT_HEADER_BY_KEY[key]
        problems.append(f"no '{header}' column: add a column headed '{header}'")
    return HeaderMatch(columns, tuple(unknown), tuple(problems))


def column_letter(index: int) -> str:
    """Name a 0-based column index by its spreadsheet letters: 0 is A, 26 is AA."""
    if index < 0:
        raise ValueError(f"column index {index} is negative")
    letters = ""
    number = index + 1
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def find_header_row(rows: Sequence[Sequence[str | None]], limit: int = 20) -> int | None:
    """Return the index of the first row that heads a Key Actions column and another known one."""
    for index, row in enumerate(rows[:limit]):
        columns = match_headers(row).columns
        if "action" in columns and len(columns) >= 2:
            return index
    return None

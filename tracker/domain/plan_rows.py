"""Turn the rows of a plan table in the council layout into checked key-action rows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from tracker.domain.cells import (
    CellError,
    completion_from_rag,
    parse_completion_cell,
    parse_iso_date_cell,
    parse_priority_cell,
    parse_rag_cell,
    parse_theme_cell,
)
from tracker.domain.enums import Completion, Direction, Rag
from tracker.domain.layout import column_letter, find_header_row, match_headers
from tracker.domain.leads import person_key, split_leads
from tracker.domain.target_dates import ResolvedTargetDate, resolve_target_date

HEADER_LABELS = {
    "ref": "Ref",
    "theme": "Theme",
    "objective": "Objective",
    "action": "Key Actions",
    "priority": "Priority",
    "target_date": "Target Date",
    "baseline": "Baseline",
    "targets": "Targets",
    "current_performance": "Current Performance",
    "lead": "Lead",
    "rag": "RAG",
    "commentary": "Commentary",
    "workstreams": "Lead Workstream(s)",
    "completion": "Completion status",
    "completed_on": "Completed On",
}
DEFAULT_THEME_TITLE = "General"


@dataclass(frozen=True)
class Problem:
    """Say what is wrong with a file and where: row and column as a spreadsheet shows them."""

    message: str
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column}")
        return f"{', '.join(where)}: {self.message}" if where else self.message


@dataclass(frozen=True)
class PlanRow:
    """One key action read from a row, with every cell parsed."""

    row_number: int
    ref: str | None
    theme_number: int | None
    theme_title: str
    objective: str
    action: str
    priority: int | None
    target: ResolvedTargetDate
    baseline: str
    targets: str
    current_performance: str
    lead_text: str
    leads: tuple[str, ...]
    rag: Rag | None
    direction: Direction | None
    commentary: str
    workstreams: str
    completion: Completion
    completed_on: date | None

    @property
    def match_key(self) -> tuple[str, str, str]:
        """Return the theme, objective and action text as matched when a row has no Ref."""
        return (person_key(self.theme_title), person_key(self.objective), person_key(self.action))


@dataclass
class ParsedPlan:
    """The result of reading a plan table: rows, problems, and what was noticed on the way."""

    rows: list[PlanRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)
    columns: frozenset[str] = frozenset()
    title_hint: str | None = None


def parse_plan_rows(rows: Sequence[Sequence[str]], *, as_at: date) -> ParsedPlan:
    """Read a table's header and key-action rows; collect every problem instead of stopping."""
    result = ParsedPlan()
    header_index = find_header_row(rows)
    if header_index is None:
        result.problems.append(
            Problem(
                "no header row found in the first 20 rows: the table needs a row of column "
                "headings including 'Key Actions' (and usually Theme, Objective, Target Date, "
                "Lead, RAG)"
            )
        )
        return result
    result.title_hint = next(
        (cell.strip() for row in rows[:header_index] for cell in row if cell.strip()), None
    )
    header = match_headers(rows[header_index])
    result.problems.extend(Problem(message, row=header_index + 1) for message in header.problems)
    if header.problems:
        return result
    columns = dict(header.columns)
    unknown = dict(header.unknown)
    first_data_index = header_index + 1
    sub_header = _sub_header(rows, first_data_index, columns)
    if sub_header is not None:
        columns.update(sub_header)
        for index in sub_header.values():
            unknown.pop(index, None)
        first_data_index += 1
    result.columns = frozenset(columns)
    result.unknown_columns = [
        f"{column_letter(index)} '{text}'"
        for index, text in sorted(unknown.items())
        if index not in columns.values()
    ]
    theme: tuple[int | None, str] | None = None
    objective = ""
    seen_refs: dict[str, int] = {}
    seen_keys: dict[tuple[str, str, str], int] = {}
    header_words = _filled_words(rows[header_index])

    for index in range(first_data_index, len(rows)):
        row_number = index + 1
        cells = rows[index]

        def cell(key: str, cells: Sequence[str] = cells) -> str:
            position = columns.get(key)
            if position is None or position >= len(cells):
                return ""
            return cells[position].strip()

        def where(key: str) -> str:
            return f"{column_letter(columns[key])} ({HEADER_LABELS[key]})"

        filled = [text for text in cells if text.strip()]
        # A table split across pages repeats its header row.
        if not filled or (
            len(filled) == len(header_words) and _filled_words(cells) == header_words
        ):
            continue
        action_text = cell("action")
        if not action_text:
            if len(filled) == 1:
                theme = parse_theme_cell(filled[0].strip())
                objective = ""
                continue
            result.problems.append(
                Problem(
                    "the key action is blank but other cells are filled: fill in the key "
                    "action, or clear the row",
                    row=row_number,
                    column=where("action"),
                )
            )
            continue

        row_problems: list[Problem] = []
        theme_text = cell("theme")
        if theme_text:
            parsed_theme = parse_theme_cell(theme_text)
            if parsed_theme != theme:
                objective = ""
            theme = parsed_theme
        current_theme = theme or (None, DEFAULT_THEME_TITLE)
        objective = cell("objective") or objective

        ref = cell("ref") or None
        if ref is not None:
            if ref in seen_refs:
                row_problems.append(
                    Problem(
                        f"Ref '{ref}' is already used on row {seen_refs[ref]}; each action "
                        "needs its own Ref",
                        row=row_number,
                        column=where("ref"),
                    )
                )
            seen_refs.setdefault(ref, row_number)

        priority = _parse(
            row_problems, parse_priority_cell, cell("priority"), row_number, where, "priority"
        )
        rag_cell = _parse(row_problems, parse_rag_cell, cell("rag"), row_number, where, "rag")
        rag = rag_cell.rag if rag_cell else None
        direction = rag_cell.direction if rag_cell else None
        if "completion" in columns:
            completion = _parse(
                row_problems,
                parse_completion_cell,
                cell("completion"),
                row_number,
                where,
                "completion",
            )
        else:
            completion = completion_from_rag(rag)
        completed_on = _parse(
            row_problems,
            parse_iso_date_cell,
            cell("completed_on"),
            row_number,
            where,
            "completed_on",
        )
        if completed_on is not None and completed_on > as_at:
            row_problems.append(
                Problem(
                    f"the completion date {completed_on.isoformat()} is after the as-at date "
                    f"{as_at.isoformat()}",
                    row=row_number,
                    column=where("completed_on"),
                )
            )

        plan_row = PlanRow(
            row_number=row_number,
            ref=ref,
            theme_number=current_theme[0],
            theme_title=current_theme[1],
            objective=objective,
            action=action_text,
            priority=priority,
            target=resolve_target_date(cell("target_date"), default_year=as_at.year),
            baseline=cell("baseline"),
            targets=cell("targets"),
            current_performance=cell("current_performance"),
            lead_text=cell("lead"),
            leads=split_leads(cell("lead")),
            rag=rag,
            direction=direction,
            commentary=cell("commentary"),
            workstreams=cell("workstreams"),
            completion=completion or Completion.NOT_KNOWN,
            completed_on=completed_on,
        )
        if ref is None:
            key = plan_row.match_key
            if key in seen_keys:
                row_problems.append(
                    Problem(
                        f"this key action repeats row {seen_keys[key]} under the same theme and "
                        "objective; give each a Ref so they can be told apart",
                        row=row_number,
                        column=where("action"),
                    )
                )
            seen_keys.setdefault(key, row_number)
        if row_problems:
            result.problems.extend(row_problems)
        else:
            result.rows.append(plan_row)

    if not result.rows and not result.problems:
        result.problems.append(Problem("the table has a header row but no key actions under it"))
    return result


def _parse(problems: list[Problem], parser, text: str, row_number: int, where, key: str):
    try:
        return parser(text)
    except CellError as error:
        problems.append(Problem(str(error), row=row_number, column=where(key)))
        return None


def _sub_header(
    rows: Sequence[Sequence[str]], index: int, columns: dict[str, int]
) -> dict[str, int] | None:
    """Return the columns named by a second header row, as under the papers' "Measures" cell."""
    if index >= len(rows):
        return None
    cells = rows[index]
    filled = [(i, text) for i, text in enumerate(cells) if text and text.strip()]
    if not filled or any(i == columns["action"] for i, _ in filled):
        return None
    match = match_headers(cells)
    if match.unknown or len(match.columns) != len(filled):
        return None
    if any(key in columns for key in match.columns):
        return None
    return match.columns


def _filled_words(cells: Sequence[str]) -> list[str]:
    """Return a row's filled cells in lower case, to tell a repeated header row."""
    return [c.strip().lower() for c in cells if c.strip()]

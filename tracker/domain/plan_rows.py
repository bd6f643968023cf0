"""Turn the rows of a plan table in the council layout into checked key-action rows."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise

from tracker.domain.cells import (
    CellError,
    parse_completion_cell,
    parse_iso_date_cell,
    parse_priority_cell,
    parse_theme_cell,
)
from tracker.domain.enums import Completion, Direction, Rag
from tracker.domain.layout import (
    accepted_headers,
    column_letter,
    field_name,
    find_header_row,
    likely_header_row,
    match_headers,
    nearest_known_header,
    pick_title,
)
from tracker.domain.leads import person_key, split_leads
from tracker.domain.status_key import DEFAULT_STATUS_KEY, StatusKey, StatusKeyEntry
from tracker.domain.target_dates import ResolvedTargetDate, resolve_target_date
from tracker.domain.text_limits import (
    ACTION_REF,
    ACTION_TEXT,
    BASELINE,
    COMMENTARY,
    CURRENT_PERFORMANCE,
    LEAD_TEXT,
    OBJECTIVE,
    TARGET_DATE_TEXT,
    TARGETS,
    THEME_TITLE,
    WORKSTREAMS,
    TextLimit,
    lead_names_problem,
)

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
HEADER_SEARCH_ROWS = 20
_SHORT_NUMBER = re.compile(r"^\d{1,2}(?:\.\d{1,2})*[.)]?$")
_HEADING_NUMBER_KEYS = frozenset({"ref", "theme", "objective"})
_HEADING_TEXT_KEYS = frozenset({"theme", "objective", "action"})
_SUB_HEADING_NUMBER = re.compile(r"^\d{1,2}\.\d{1,2}(?!\d)")
CELL_LIMITS: dict[str, TextLimit] = {
    "ref": ACTION_REF,
    "objective": OBJECTIVE,
    "action": ACTION_TEXT,
    "target_date": TARGET_DATE_TEXT,
    "baseline": BASELINE,
    "targets": TARGETS,
    "current_performance": CURRENT_PERFORMANCE,
    "lead": LEAD_TEXT,
    "commentary": COMMENTARY,
    "workstreams": WORKSTREAMS,
}


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
    status: StatusKeyEntry | None = None
    extras: tuple[tuple[str, str], ...] = ()

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
    title_row: int | None = None
    title_column: str | None = None


def parse_plan_rows(
    rows: Sequence[Sequence[str]],
    *,
    as_at: date,
    day_first: bool = True,
    known_names: frozenset[str] = frozenset(),
    kept_whole: frozenset[str] = frozenset(),
    status_key: StatusKey = DEFAULT_STATUS_KEY,
) -> ParsedPlan:
    """Read a table's header and key-action rows; collect every problem instead of stopping."""
    result = ParsedPlan()
    header_index = find_header_row(rows, limit=HEADER_SEARCH_ROWS)
    if header_index is None:
        result.problems.extend(_no_header_problems(rows))
        return result
    title = pick_title(rows[:header_index])
    if title is not None:
        result.title_hint = title.text
        result.title_row = title.row + 1
        result.title_column = column_letter(title.column)
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
    not_read: dict[int, str] = {}
    for key in sorted(header.guessed - {"action"}):
        reason = _unreadable_guess(key, columns[key], rows[first_data_index:], columns["action"])
        if reason is not None:
            position = columns.pop(key)
            unknown[position] = " ".join(rows[header_index][position].split())
            not_read[position] = f" (not read as {field_name(key)}: {reason})"
    result.columns = frozenset(columns)
    result.unknown_columns = [
        f"{column_letter(index)} '{text}'{not_read.get(index, '')}"
        for index, text in sorted(unknown.items())
        if index not in columns.values()
    ]
    theme: tuple[int | None, str] | None = None
    objective = ""
    in_headings = False
    two_levels = False
    seen_refs: dict[str, int] = {}
    seen_keys: dict[tuple[str, str, str], int] = {}
    header_words = _filled_words(rows[header_index])
    content = [
        index
        for index in range(first_data_index, len(rows))
        if any(text.strip() for text in rows[index])
        and not _repeats_header(rows[index], header_words)
    ]
    headings = {
        index: text
        for index in content
        if (text := _heading_text(rows[index], columns)) is not None
    }
    heading_follows = {index: following in headings for index, following in pairwise(content)}

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
        if not filled or _repeats_header(cells, header_words):
            continue
        action_text = cell("action")
        if index in headings:
            two_levels = two_levels or (in_headings and theme is not None)
            theme, objective = _apply_heading(
                headings[index],
                theme,
                objective,
                in_headings=in_headings,
                lone=not in_headings and not heading_follows.get(index, False),
                two_levels=two_levels,
            )
            limit, text = (OBJECTIVE, objective) if objective else (THEME_TITLE, theme[1])
            message = _too_long(limit, text)
            if message:
                heading_at = next(i for i, value in enumerate(cells) if value.strip())
                result.problems.append(
                    Problem(message, row=row_number, column=column_letter(heading_at))
                )
            in_headings = True
            continue
        in_headings = False
        if not action_text:
            result.problems.append(
                Problem(
                    "the key action is blank but other cells are filled: fill in the key "
                    "action, or clear the row",
                    row=row_number,
                    column=where("action"),
                )
            )
            continue

        row_problems: list[Problem] = [
            Problem(message, row=row_number, column=where(key))
            for key, limit in CELL_LIMITS.items()
            if key in columns and (message := _too_long(limit, cell(key)))
        ]
        lead_problem = lead_names_problem(cell("lead"))
        if lead_problem and not any(problem.column == where("lead") for problem in row_problems):
            row_problems.append(Problem(lead_problem, row=row_number, column=where("lead")))
        theme_text = cell("theme")
        if theme_text:
            parsed_theme = parse_theme_cell(theme_text)
            if parsed_theme != theme:
                objective = ""
            theme = parsed_theme
            message = _too_long(THEME_TITLE, parsed_theme[1])
            if message:
                row_problems.append(Problem(message, row=row_number, column=where("theme")))
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
        reading = _parse(row_problems, status_key.read, cell("rag"), row_number, where, "rag")
        status = reading.entry if reading else None
        rag = status.rag if status else None
        direction = reading.direction if reading else None
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
            completion = status.completion if status else Completion.NOT_KNOWN
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
            target=resolve_target_date(cell("target_date"), as_at=as_at, day_first=day_first),
            baseline=cell("baseline"),
            targets=cell("targets"),
            current_performance=cell("current_performance"),
            lead_text=cell("lead"),
            leads=split_leads(cell("lead"), known_names=known_names, kept_whole=kept_whole),
            rag=rag,
            direction=direction,
            commentary=cell("commentary"),
            workstreams=cell("workstreams"),
            completion=completion or Completion.NOT_KNOWN,
            completed_on=completed_on,
            status=status,
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


def _no_header_problems(rows: Sequence[Sequence[str]]) -> list[Problem]:
    """Explain a missing header row: where it was looked for, what was read, and how to fix it."""
    searched = min(len(rows), HEADER_SEARCH_ROWS)
    needs = (
        "a header row needs a Key Actions column and at least one other known column"
        " (Ref, Theme, Objective, Target Date, Lead, RAG …)"
    )
    if searched == 0:
        return [Problem(f"no header row found: the file has no rows; {needs}")]
    where = "row 1" if searched == 1 else f"rows 1–{searched}"
    problems = [Problem(f"no header row found in {where}: {needs}")]
    likely = likely_header_row(rows, limit=HEADER_SEARCH_ROWS)
    if likely is not None:
        match = match_headers(rows[likely])
        read = [" ".join(cell.split()) for cell in rows[likely] if cell.strip()]
        recognised = ", ".join(
            f"'{' '.join(rows[likely][index].split())}' as {field_name(key)}"
            for key, index in match.columns.items()
        )
        problems.append(
            Problem(
                "the most likely header row reads "
                + ", ".join(f"'{text}'" for text in read)
                + f"; recognised: {recognised or 'none'}"
                + ("" if "action" in match.columns else "; none of them is a Key Actions column"),
                row=likely + 1,
            )
        )
        for index, text in match.unknown:
            nearest = nearest_known_header(text)
            hint = (
                f"the nearest known header is '{nearest[0]}' ({nearest[1]})"
                if nearest
                else "no known header is close"
            )
            problems.append(
                Problem(
                    f"'{text}' is not a known header; {hint}",
                    row=likely + 1,
                    column=column_letter(index),
                )
            )
    problems.append(
        Problem(
            "to import the file as it is, map its columns to the plan's fields with a column "
            "mapping file (--mapping) or on the import page; or rename the column that holds "
            "the actions to one of: "
            + ", ".join(f"'{header}'" for header in accepted_headers("action"))
            + ", and the other columns to headers listed in the README table"
        )
    )
    return problems


def _unreadable_guess(
    key: str, position: int, rows: Sequence[Sequence[str]], action_index: int
) -> str | None:
    """Say why a column placed by a guess cannot be that field, or None when it can be."""
    # A guessed Ref whose values repeat is a numbering, and a guessed column none of whose cells
    # reads as its field holds something else; either is left out, as before the guess existed.
    values = [
        " ".join(cells[position].split())
        for cells in rows
        if position < len(cells)
        and cells[position].strip()
        and action_index < len(cells)
        and cells[action_index].strip()
    ]
    if key == "ref":
        seen: set[str] = set()
        for value in values:
            if value in seen:
                return f"'{value}' appears more than once"
            seen.add(value)
        return None
    parser = _CELL_PARSERS.get(key)
    if parser is None or not values:
        return None
    for value in values:
        try:
            parser(value)
        except CellError:
            continue
        return None
    return f"none of its cells reads as {field_name(key)}, e.g. '{values[0]}'"


def _heading_text(cells: Sequence[str], columns: dict[str, int]) -> str | None:
    """Return a heading row's text: one cell alone, or a short number and a text beside it."""
    # A number and a text count only in the columns a heading uses (Ref, Theme, Objective, Key
    # Actions, or one not read), so a priority beside a target date stays a row missing its
    # action; in the Key Actions column the text must be in capitals, or it is an action.
    filled = [(i, " ".join(text.split())) for i, text in enumerate(cells) if text.strip()]
    if len(filled) == 1:
        return None if filled[0][0] == columns["action"] else filled[0][1]
    if len(filled) != 2:
        return None
    (number_index, number), (text_index, text) = filled
    if text_index != number_index + 1 or not _SHORT_NUMBER.match(number):
        return None
    if _SHORT_NUMBER.match(text):
        return None
    key_at = {index: key for key, index in columns.items()}
    if key_at.get(number_index, "ref") not in _HEADING_NUMBER_KEYS:
        return None
    if key_at.get(text_index, "theme") not in _HEADING_TEXT_KEYS:
        return None
    if text_index == columns["action"] and text != text.upper():
        return None
    return f"{number} {text}"


def _apply_heading(
    text: str,
    theme: tuple[int | None, str] | None,
    objective: str,
    *,
    in_headings: bool,
    lone: bool,
    two_levels: bool,
) -> tuple[tuple[int | None, str], str]:
    """Place a heading row: a new theme, or under the theme as its objective (sub-heading)."""
    # The first of consecutive heading rows is the theme and the rest its objective. A heading
    # alone between actions is a sub-heading when numbered like 1.2, or when the plan heads its
    # themes with two rows; a heading with a theme number after a numbered theme is a new theme.
    parsed = parse_theme_cell(text)
    if theme is None or (parsed[0] is not None and theme[0] is not None):
        return parsed, ""
    if in_headings:
        return theme, f"{objective} – {text}" if objective else text
    if _SUB_HEADING_NUMBER.match(text) or (lone and two_levels):
        return theme, text
    return parsed, ""


def _too_long(limit: TextLimit, text: str) -> str | None:
    """Return the limit's message with the length found, when the text is over it."""
    message = limit.problem(text)
    return f"{message} (this cell has {len(text):,})" if message else None


def _parse(problems: list[Problem], parser, text: str, row_number: int, where, key: str):
    try:
        return parser(text)
    except CellError as error:
        problems.append(Problem(str(error), row=row_number, column=where(key)))
        return None


_CELL_PARSERS: dict[str, Callable[[str], object]] = {
    "priority": parse_priority_cell,
    "rag": DEFAULT_STATUS_KEY.read,
    "completion": parse_completion_cell,
    "completed_on": parse_iso_date_cell,
}


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


def _repeats_header(cells: Sequence[str], header_words: list[str]) -> bool:
    """Tell whether a row is the header again, as tables split across pages repeat it."""
    filled = sum(1 for c in cells if c.strip())
    return filled == len(header_words) and _filled_words(cells) == header_words

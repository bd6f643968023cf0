"""Turn the rows of a plan table in the council layout into checked key-action rows."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import partial
from itertools import pairwise

from tracker.domain.as_at import long_day
from tracker.domain.cell_colours import colour_name, fill_status_colour
from tracker.domain.cells import (
    CellError,
    parse_completion_cell,
    parse_iso_date_cell,
    parse_priority_cell,
    parse_theme_cell,
)
from tracker.domain.enums import Completion, Direction, Rag
from tracker.domain.import_mapping import (
    HEADER_SEARCH_ROWS,
    ColumnMapping,
    LayoutRefused,
    TableLayout,
    guess_layout,
    mapped_layout,
)
from tracker.domain.layout import (
    accepted_headers,
    column_letter,
    field_name,
    likely_header_row,
    match_headers,
    nearest_known_header,
)
from tracker.domain.leads import person_key, split_leads
from tracker.domain.merged_cells import MergedRange, spread_merged_cells
from tracker.domain.milestones import MilestoneFacts, parse_milestones_cell
from tracker.domain.recommendations import recommendation_cell_problem
from tracker.domain.status_key import (
    DEFAULT_STATUS_KEY,
    StatusKey,
    StatusKeyEntry,
    StatusReading,
)
from tracker.domain.target_dates import ResolvedTargetDate, resolve_target_date
from tracker.domain.text_limits import (
    ACTION_REF,
    ACTION_TEXT,
    BASELINE,
    COMMENTARY,
    CURRENT_PERFORMANCE,
    LEAD_TEXT,
    OBJECTIVE,
    RECOMMENDATION_CELL,
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
    "baseline_target_date": "Baseline Target Date",
    "baseline": "Baseline",
    "targets": "Targets",
    "current_performance": "Current Performance",
    "lead": "Lead",
    "rag": "RAG",
    "commentary": "Commentary",
    "workstreams": "Lead Workstream(s)",
    "completion": "Completion status",
    "completed_on": "Completed On",
    "recommendation": "Recommendation",
    "milestones": "Milestones",
}
DEFAULT_THEME_TITLE = "General"
_SHORT_NUMBER = re.compile(r"^\d{1,2}(?:\.\d{1,2})*[.)]?$")
_HEADING_NUMBER_KEYS = frozenset({"ref", "theme", "objective"})
_HEADING_TEXT_KEYS = frozenset({"theme", "objective", "action"})
_WORD = re.compile(r"[^\W\d_]{2,}")
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
    "recommendation": RECOMMENDATION_CELL,
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
    status_from_colour: bool = False
    # The refs (with any new one's text) of the recommendations the action answers.
    recommendation: str = ""
    # From an export's Milestones column; None when it has none: the target date's are used.
    milestones: tuple[MilestoneFacts, ...] | None = None
    # The first target date when the Target Date is a revised one; None when not given.
    baseline_target: date | None = None

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
    extra_columns: list[str] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    columns: frozenset[str] = frozenset()
    mapping: ColumnMapping | None = None
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
    mapping: ColumnMapping | None = None,
    fills: Mapping[tuple[int, int], str] | None = None,
    merged: Sequence[MergedRange] = (),
) -> ParsedPlan:
    """Read a table's key-action rows by a mapping or the guess; collect every problem."""
    # fills: the RRGGBB fill of coloured cells by 0-based (row, column); merged: the sheet's
    # merged ranges, each read as its top-left cell repeated down every row it spans.
    result = ParsedPlan()
    if mapping is None:
        layout = guess_layout(rows, status_key=status_key)
        if layout is None:
            result.problems.extend(_no_header_problems(rows))
            return result
    else:
        layout = mapped_layout(rows, mapping, status_key=status_key)
        day_first = mapping.day_first
    if isinstance(layout, LayoutRefused):
        result.problems.extend(
            Problem(message, row=None if index is None else index + 1)
            for index, message in layout.problems
        )
        return result
    result.mapping = replace(layout.mapping, day_first=day_first)
    # The layout finds a title's text, row and column together, or none of them.
    if (
        layout.title_text is not None
        and layout.title_index is not None
        and layout.title_column is not None
    ):
        result.title_hint = layout.title_text
        result.title_row = layout.title_index + 1
        result.title_column = column_letter(layout.title_column)
    columns = dict(layout.columns)
    rows, spread_fills = spread_merged_cells(
        rows,
        fills or {},
        merged,
        first_row=layout.first_data_index,
        once={columns["ref"]} if "ref" in columns else (),
    )
    result.columns = frozenset(columns)
    result.unknown_columns = list(layout.unknown)
    result.extra_columns = list(layout.extras.values())
    result.ignored_columns = list(layout.ignored.values())
    reader = _TableReader(
        result=result,
        layout=layout,
        columns=columns,
        fills=spread_fills,
        context=_ReadingContext(
            as_at=as_at,
            day_first=day_first,
            known_names=known_names,
            kept_whole=kept_whole,
            status_key=status_key,
        ),
    )
    reader.read(rows)
    if not result.rows and not result.problems:
        result.problems.append(Problem("the table has a header row but no key actions under it"))
    return result


@dataclass(frozen=True)
class _ReadingContext:
    """What every row is read against: the as-at date, date order, people and the status key."""

    as_at: date
    day_first: bool
    known_names: frozenset[str]
    kept_whole: frozenset[str]
    status_key: StatusKey


@dataclass
class _RowCells:
    """One row's cells, looked up by field, with where each field sits for a problem."""

    index: int
    cells: Sequence[str]
    columns: dict[str, int]
    problems: list[Problem] = field(default_factory=list)

    @property
    def row_number(self) -> int:
        """Return the row's number as a spreadsheet shows it."""
        return self.index + 1

    def cell(self, key: str) -> str:
        """Return the trimmed text of the field's cell, or "" without that column."""
        position = self.columns.get(key)
        if position is None or position >= len(self.cells):
            return ""
        return self.cells[position].strip()

    def where(self, key: str) -> str:
        """Return the field's column as a problem names it: letter and header."""
        return f"{column_letter(self.columns[key])} ({HEADER_LABELS[key]})"

    def problem(self, message: str, key: str) -> None:
        """Note a problem in the field's cell of this row."""
        self.problems.append(Problem(message, row=self.row_number, column=self.where(key)))

    def parse(self, parser, key: str):
        """Return the field's cell read by the parser, or None with its problem noted."""
        try:
            return parser(self.cell(key))
        except CellError as error:
            self.problem(str(error), key)
            return None


@dataclass
class _TableReader:
    """Walk a table's rows in order, keeping the theme and objective headings they sit under."""

    result: ParsedPlan
    layout: TableLayout
    columns: dict[str, int]
    fills: Mapping[tuple[int, int], str]
    context: _ReadingContext
    theme: tuple[int | None, str] | None = None
    objective: str = ""
    sub_heading: str = ""
    in_headings: bool = False
    two_levels: bool = False
    seen_refs: dict[str, int] = field(default_factory=dict)
    seen_keys: dict[tuple[str, str, str], int] = field(default_factory=dict)

    def read(self, rows: Sequence[Sequence[str]]) -> None:
        """Read every row after the header into the result's rows or problems."""
        layout = self.layout
        first_data_index = layout.first_data_index
        header_words = _filled_words(rows[layout.header_index])
        content = [
            index
            for index in range(first_data_index, len(rows))
            if any(text.strip() for text in rows[index])
            and not _repeats_header(rows[index], header_words)
        ]
        headings = {
            index: text
            for index in content
            if (text := _heading_text(rows[index], self.columns)) is not None
        }
        heading_follows = {index: following in headings for index, following in pairwise(content)}
        for index in content:
            if index in headings:
                self._read_heading(
                    index, rows[index], headings[index], heading_follows.get(index, False)
                )
                continue
            self.in_headings = False
            self._read_action(_RowCells(index, rows[index], self.columns))

    def _read_heading(
        self, index: int, cells: Sequence[str], text: str, heading_follows: bool
    ) -> None:
        """Place a heading row as a theme or objective, checking its length."""
        self.two_levels = self.two_levels or (self.in_headings and self.theme is not None)
        self.theme, self.objective = _apply_heading(
            text,
            self.theme,
            self.objective,
            in_headings=self.in_headings,
            lone=not self.in_headings and not heading_follows,
            two_levels=self.two_levels,
        )
        self.sub_heading = self.objective
        limit, checked = (
            (OBJECTIVE, self.objective) if self.objective else (THEME_TITLE, self.theme[1])
        )
        message = _too_long(limit, checked)
        if message:
            heading_at = next(i for i, value in enumerate(cells) if value.strip())
            self.result.problems.append(
                Problem(message, row=index + 1, column=column_letter(heading_at))
            )
        self.in_headings = True

    def _read_action(self, row: _RowCells) -> None:
        """Read a key-action row into the result's rows, or its problems into the problems."""
        action_text = row.cell("action")
        if not action_text:
            self.result.problems.append(
                Problem(
                    "the key action is blank but other cells are filled: fill in the key "
                    "action, or clear the row",
                    row=row.row_number,
                    column=row.where("action"),
                )
            )
            return
        self._check_lengths(row)
        self._read_theme(row)
        current_theme = self.theme or (None, DEFAULT_THEME_TITLE)
        self.objective = _under_heading(self.sub_heading, row.cell("objective")) or self.objective
        ref = self._read_ref(row)
        priority = row.parse(parse_priority_cell, "priority")
        reading = self._read_status(row)
        status = reading.entry if reading else None
        completion = self._read_completion(row, status)
        completed_on = self._read_completed_on(row)
        context = self.context
        plan_row = PlanRow(
            row_number=row.row_number,
            ref=ref,
            theme_number=current_theme[0],
            theme_title=current_theme[1],
            objective=self.objective,
            action=action_text,
            priority=priority,
            target=resolve_target_date(
                row.cell("target_date"), as_at=context.as_at, day_first=context.day_first
            ),
            baseline=row.cell("baseline"),
            targets=row.cell("targets"),
            current_performance=row.cell("current_performance"),
            lead_text=row.cell("lead"),
            leads=split_leads(
                row.cell("lead"), known_names=context.known_names, kept_whole=context.kept_whole
            ),
            rag=status.rag if status else None,
            direction=reading.direction if reading else None,
            commentary=row.cell("commentary"),
            workstreams=row.cell("workstreams"),
            completion=completion or Completion.NOT_KNOWN,
            completed_on=completed_on,
            status=status,
            extras=self._extras(row.cells),
            status_from_colour=reading.from_colour if reading else False,
            recommendation=row.cell("recommendation"),
            milestones=row.parse(parse_milestones_cell, "milestones"),
            baseline_target=resolve_target_date(
                row.cell("baseline_target_date"), as_at=context.as_at, day_first=context.day_first
            ).due,
        )
        if ref is None:
            self._check_repeated_action(row, plan_row.match_key)
        if row.problems:
            self.result.problems.extend(row.problems)
        else:
            self.result.rows.append(plan_row)

    def _check_lengths(self, row: _RowCells) -> None:
        """Note every cell over its length limit, and lead names that cannot be read."""
        for key, limit in CELL_LIMITS.items():
            if key in self.columns and (message := _too_long(limit, row.cell(key))):
                row.problem(message, key)
        written = recommendation_cell_problem(row.cell("recommendation"))
        if written and not any(
            problem.column == row.where("recommendation") for problem in row.problems
        ):
            row.problem(written, "recommendation")
        lead_problem = lead_names_problem(row.cell("lead"))
        if lead_problem and not any(
            problem.column == row.where("lead") for problem in row.problems
        ):
            row.problem(lead_problem, "lead")

    def _read_theme(self, row: _RowCells) -> None:
        """Move to the row's own theme when it names one; a new theme clears the objective."""
        theme_text = row.cell("theme")
        if not theme_text:
            return
        parsed_theme = parse_theme_cell(theme_text)
        if parsed_theme != self.theme:
            self.objective = self.sub_heading = ""
        self.theme = parsed_theme
        message = _too_long(THEME_TITLE, parsed_theme[1])
        if message:
            row.problem(message, "theme")

    def _read_ref(self, row: _RowCells) -> str | None:
        """Return the row's Ref, noting one another row already uses."""
        ref = row.cell("ref") or None
        if ref is not None:
            if ref in self.seen_refs:
                row.problem(
                    f"Ref '{ref}' is already used on row {self.seen_refs[ref]}; each action "
                    "needs its own Ref",
                    "ref",
                )
            self.seen_refs.setdefault(ref, row.row_number)
        return ref

    def _read_status(self, row: _RowCells) -> StatusReading | None:
        """Read the status cell by its words, or by its fill when the row itself is not shaded."""
        fill = self.fills.get((row.index, self.columns["rag"])) if "rag" in self.columns else None
        # A colour the key action's cell has too shades the row; it is not a status.
        if fill == self.fills.get((row.index, self.columns["action"])):
            fill = None
        return row.parse(partial(_status_reading, self.context.status_key, fill), "rag")

    def _read_completion(self, row: _RowCells, status: StatusKeyEntry | None) -> Completion | None:
        """Read the completion column, or take the completion the status implies without one."""
        if "completion" in self.columns:
            return row.parse(
                partial(_read_completion, status_key=self.context.status_key), "completion"
            )
        return status.completion if status else Completion.NOT_KNOWN

    def _read_completed_on(self, row: _RowCells) -> date | None:
        """Read the completion date, noting one after the as-at date."""
        completed_on = row.parse(parse_iso_date_cell, "completed_on")
        as_at = self.context.as_at
        if completed_on is not None and completed_on > as_at:
            row.problem(
                f"the completion date {long_day(completed_on)} is after the as-at date "
                f"{long_day(as_at)}",
                "completed_on",
            )
        return completed_on

    def _check_repeated_action(self, row: _RowCells, key: tuple[str, str, str]) -> None:
        """Note a row without a Ref that repeats another's theme, objective and action."""
        if key in self.seen_keys:
            row.problem(
                f"this key action repeats row {self.seen_keys[key]} under the same theme and "
                "objective; give each a Ref so they can be told apart",
                "action",
            )
        self.seen_keys.setdefault(key, row.row_number)

    def _extras(self, cells: Sequence[str]) -> tuple[tuple[str, str], ...]:
        """Return the row's filled cells in extra columns, a column without a header by letter."""
        named = self.layout.extras
        not_extra = set(self.columns.values()) | set(self.layout.ignored)
        extras: list[tuple[str, str]] = []
        for index, text in enumerate(cells):
            if index in not_extra or not text.strip():
                continue
            header = named.get(index)
            if header is None:
                header = f"Column {column_letter(index)}"
                if header not in self.result.extra_columns:
                    self.result.extra_columns.append(header)
            extras.append((header, text.strip()))
        return tuple(extras)


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


def _heading_text(cells: Sequence[str], columns: dict[str, int]) -> str | None:
    """Return a heading row's text: one cell alone, or a short number and a text beside it."""
    # A number and a text count only in the columns a heading uses (Ref, Theme, Objective, Key
    # Actions, or one not read), so a priority beside a target date stays a row missing its
    # action; in the Key Actions column the text must be in capitals, or it is an action (a
    # heading merged across the row from the first column lands there when it holds the actions).
    filled = [(i, " ".join(text.split())) for i, text in enumerate(cells) if text.strip()]
    if len(filled) == 1:
        index, text = filled[0]
        return None if index == columns["action"] and not _in_capitals(text) else text
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
    if text_index == columns["action"] and not _in_capitals(text):
        return None
    return f"{number} {text}"


def _in_capitals(text: str) -> bool:
    """Tell whether a text is written in capitals, as headings are, with a word to it."""
    return text == text.upper() and _WORD.search(text) is not None


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


def _under_heading(sub_heading: str, own: str) -> str:
    """Return a row's own objective, after the sub-heading it sits under if there is one."""
    # The sub-heading would otherwise be lost: the plan has one objective level to keep it in.
    if sub_heading and own and person_key(own) != person_key(sub_heading):
        return f"{sub_heading} – {own}"
    return own


def _status_reading(status_key: StatusKey, fill: str | None, text: str) -> StatusReading:
    """Read a status cell by its words, or by its fill colour when it has none."""
    if text.strip() or fill is None:
        return status_key.read(text)
    colour = fill_status_colour(fill, {entry.colour for entry in status_key.entries})
    entry = status_key.entry_for_colour(colour) if colour is not None else None
    if entry is None:
        colours = ", ".join(
            f"{entry.label} ({entry.colour.label.lower()})" for entry in status_key.entries
        )
        raise CellError(
            f"the cell has no text and is filled {colour_name(fill)} (#{fill}), a colour no entry"
            f" of the plan's status key has ({colours}); type the status in the cell, or add an"
            " entry of that colour to the key"
        )
    return StatusReading(entry, from_colour=True)


def _too_long(limit: TextLimit, text: str) -> str | None:
    """Return the limit's message with the length found, when the text is over it."""
    message = limit.problem(text)
    return f"{message} (this cell has {len(text):,})" if message else None


def _read_completion(text: str, *, status_key: StatusKey) -> Completion | None:
    """Read a completion cell: Y/N and the completion words, else a key word that implies one."""
    try:
        return parse_completion_cell(text)
    except CellError:
        entry = status_key.entry_for_word(text)
        if entry is None or entry.completion is Completion.NOT_KNOWN:
            raise
        return entry.completion


def _filled_words(cells: Sequence[str]) -> list[str]:
    """Return a row's filled cells in lower case, to tell a repeated header row."""
    return [c.strip().lower() for c in cells if c.strip()]


def _repeats_header(cells: Sequence[str], header_words: list[str]) -> bool:
    """Tell whether a row is the header again, as tables split across pages repeat it."""
    filled = sum(1 for c in cells if c.strip())
    return filled == len(header_words) and _filled_words(cells) == header_words

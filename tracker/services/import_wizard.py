"""Walk an uploaded plan file through the import steps: columns, status words, preview."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select

from tracker.domain.cells import CellError, parse_completion_cell, plain_cell_text
from tracker.domain.enums import Completion
from tracker.domain.layout import (
    EXPORT_HEADERS,
    column_letter,
    find_header_row,
    match_headers,
    pick_title,
)
from tracker.domain.plan_rows import HEADER_SEARCH_ROWS, ParsedPlan, Problem, parse_plan_rows
from tracker.domain.status_key import (
    DEFAULT_STATUS_KEY,
    StatusColour,
    StatusKey,
    StatusKeyEntry,
    StatusKeyError,
    key_problems,
    status_key_from_json,
    status_word_key,
    with_words,
)
from tracker.extensions import db
from tracker.models import Person, Plan
from tracker.services.plan_import import ImportRejected, ImportSummary, import_plan_rows
from tracker.services.tabular import TableError, TableLimits, read_table_content, unneutralise

EXTRA = "extra"
IGNORE = "ignore"
FIELD_NAMES: tuple[str, ...] = tuple(name for _, name in EXPORT_HEADERS)
_FIELD_BY_KEY = dict(EXPORT_HEADERS)
_EXAMPLE_LENGTH = 60


@dataclass(frozen=True)
class NewStatusEntry:
    """A status the administrator adds to the plan's key for a word the key lacked."""

    label: str
    colour: StatusColour
    completion: Completion
    exception: bool

    def entry(self, word: str) -> StatusKeyEntry:
        """Return the key entry this makes, meaning the word it was added for."""
        words = () if status_word_key(word) == status_word_key(self.label) else (word,)
        return StatusKeyEntry(self.label, self.colour, self.completion, self.exception, words)


@dataclass
class WizardChoices:
    """What the administrator has confirmed so far, kept with the staged file between steps."""

    header_row: int
    title_row: int | None
    fields: list[str]
    columns_confirmed: bool = False
    words: dict[str, str] = field(default_factory=dict)
    new_entries: dict[str, NewStatusEntry] = field(default_factory=dict)
    words_confirmed: bool = False

    def to_json(self) -> dict[str, Any]:
        """Return the choices as kept in the staged row."""
        return {
            "header_row": self.header_row,
            "title_row": self.title_row,
            "fields": list(self.fields),
            "columns_confirmed": self.columns_confirmed,
            "words": dict(self.words),
            "new_entries": {
                word: {
                    "label": new.label,
                    "colour": new.colour.value,
                    "completion": new.completion.value,
                    "exception": new.exception,
                }
                for word, new in self.new_entries.items()
            },
            "words_confirmed": self.words_confirmed,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> WizardChoices:
        """Rebuild the choices kept in the staged row."""
        return cls(
            header_row=data["header_row"],
            title_row=data["title_row"],
            fields=list(data["fields"]),
            columns_confirmed=data["columns_confirmed"],
            words=dict(data["words"]),
            new_entries={
                word: NewStatusEntry(
                    new["label"],
                    StatusColour(new["colour"]),
                    Completion(new["completion"]),
                    new["exception"],
                )
                for word, new in data["new_entries"].items()
            },
            words_confirmed=data["words_confirmed"],
        )


@dataclass(frozen=True)
class ColumnChoice:
    """One header of the file, where it is, what it was matched to, and a value under it."""

    index: int
    letter: str
    header: str
    field: str
    example: str


@dataclass(frozen=True)
class StatusWord:
    """A distinct word in the status or completion column, and what it reads as."""

    word: str
    column: str
    rows: tuple[int, ...]
    in_status_column: bool
    entry: StatusKeyEntry | None = None
    completion: Completion | None = None
    problem: str | None = None

    @property
    def needs_an_entry(self) -> bool:
        """Tell whether this is a status word the key does not know, to be placed before import."""
        return self.problem is not None and self.in_status_column


def read_rows(content: bytes, filename: str, limits: TableLimits) -> list[list[str]]:
    """Read an uploaded table's cells; an unreadable file is the import's rejection."""
    try:
        rows = read_table_content(content, filename, limits)
    except TableError as error:
        raise ImportRejected([Problem(str(error))]) from error
    return [[unneutralise(cell) for cell in row] for row in rows]


def guess_choices(rows: Sequence[Sequence[str]], header_row: int | None = None) -> WizardChoices:
    """Guess the header row (unless given), the title row and each column's field."""
    index = (
        header_row - 1
        if header_row is not None
        else find_header_row(rows, limit=HEADER_SEARCH_ROWS) or 0
    )
    cells = rows[index] if index < len(rows) else []
    match = match_headers(cells)
    keys_by_index = {position: key for key, position in match.columns.items()}
    fields = []
    for position, cell in enumerate(cells):
        if not cell.strip():
            fields.append(IGNORE)
        elif position in keys_by_index:
            fields.append(_FIELD_BY_KEY[keys_by_index[position]])
        else:
            fields.append(EXTRA)
    title = pick_title(rows[:index])
    return WizardChoices(
        header_row=index + 1,
        title_row=title.row + 1 if title is not None else None,
        fields=fields,
    )


def choices_from_saved_mapping(
    rows: Sequence[Sequence[str]], mapping: dict[str, Any] | None
) -> WizardChoices | None:
    """Return a plan's saved mapping as choices when the file's headers are the same, else None."""
    if not mapping or "columns" not in mapping:
        return None
    index = int(mapping.get("header_row", 1)) - 1
    if index >= len(rows):
        return None
    headers = [" ".join(cell.split()) for cell in rows[index]]
    saved = list(mapping["columns"].items())
    filled = [header for header in headers if header]
    if [header for header, _ in saved] != filled:
        return None
    by_header = dict(saved)
    return WizardChoices(
        header_row=index + 1,
        title_row=mapping.get("title_row"),
        fields=[by_header[header] if header else IGNORE for header in headers],
        columns_confirmed=True,
    )


def is_standard_layout(rows: Sequence[Sequence[str]], choices: WizardChoices) -> bool:
    """Tell whether every header of the file names a field as the standard layout writes it."""
    headers = _headers(rows, choices)
    named = {" ".join(name.lower().split()) for name in FIELD_NAMES}
    filled = [header for header in headers if header]
    return bool(filled) and all(" ".join(header.lower().split()) in named for header in filled)


def column_choices(rows: Sequence[Sequence[str]], choices: WizardChoices) -> list[ColumnChoice]:
    """List every header of the file with the field chosen for it and the first value under it."""
    headers = _headers(rows, choices)
    listed = []
    for position, header in enumerate(headers):
        if not header:
            continue
        example = next(
            (
                " ".join(row[position].split())
                for row in rows[choices.header_row :]
                if position < len(row) and row[position].strip()
            ),
            "",
        )
        if len(example) > _EXAMPLE_LENGTH:
            example = example[: _EXAMPLE_LENGTH - 1] + "…"
        field_chosen = choices.fields[position] if position < len(choices.fields) else EXTRA
        listed.append(
            ColumnChoice(position, column_letter(position), header, field_chosen, example)
        )
    return listed


def columns_problems(choices: WizardChoices, headers: Sequence[ColumnChoice]) -> dict[int, str]:
    """Say, by column, what stops the chosen fields being read: a field twice, no Key Actions."""
    problems: dict[int, str] = {}
    first: dict[str, ColumnChoice] = {}
    for column in headers:
        chosen = choices.fields[column.index]
        if chosen in (EXTRA, IGNORE):
            continue
        if chosen in first:
            earlier = first[chosen]
            problems[column.index] = (
                f"Column {column.letter} '{column.header}' and column {earlier.letter} "
                f"'{earlier.header}' are both matched to {chosen}: choose another field for one"
            )
        else:
            first[chosen] = column
    action = _FIELD_BY_KEY["action"]
    if headers and action not in first:
        problems.setdefault(
            headers[0].index,
            f"No column is matched to {action}: choose the column that holds the key actions",
        )
    return problems


def plan_status_key(slug: str) -> StatusKey:
    """Return the status key of the plan with this slug, or the default key for a new plan."""
    stored = db.session.scalar(select(Plan.status_key).where(Plan.slug == slug))
    return DEFAULT_STATUS_KEY if stored is None else status_key_from_json(stored)


def saved_mapping(slug: str) -> dict[str, Any] | None:
    """Return the mapping saved with the plan with this slug, if any."""
    return db.session.scalar(select(Plan.import_mapping).where(Plan.slug == slug))


def chosen_key(key: StatusKey, choices: WizardChoices) -> StatusKey:
    """Return the key with the new entries added and the assigned words given to their entries."""
    added = StatusKey(
        (
            *key.entries,
            *(new.entry(word) for word, new in choices.new_entries.items()),
        )
    )
    return with_words(added, choices.words.items())


def new_entries_problems(key: StatusKey, choices: WizardChoices) -> dict[str, str]:
    """Say, by word, what makes a new entry unusable: a label already in the key or repeated."""
    problems: dict[str, str] = {}
    labels: dict[str, str] = {}
    for word, new in choices.new_entries.items():
        label_key = status_word_key(new.label)
        if key.entry_named(new.label) is not None:
            problems[word] = (
                f"The key already has an entry '{new.label}': choose it for '{word}' instead, "
                "or give the new entry another label"
            )
        elif label_key in labels:
            problems[word] = (
                f"'{word}' and '{labels[label_key]}' both add an entry labelled '{new.label}': "
                "add it once and choose it for the other word"
            )
        else:
            labels[label_key] = word
    if not problems:
        try:
            entries = chosen_key(key, choices).entries
        except StatusKeyError as error:
            return {next(iter(choices.new_entries), ""): str(error)}
        for message in key_problems(entries):
            problems.setdefault(next(iter(choices.new_entries), ""), message)
    return problems


def status_words(
    rows: Sequence[Sequence[str]], choices: WizardChoices, key: StatusKey
) -> list[StatusWord]:
    """List each distinct word in the status and completion columns with what it reads as."""
    found: list[StatusWord] = []
    for field_name in (_FIELD_BY_KEY["rag"], _FIELD_BY_KEY["completion"]):
        if field_name not in choices.fields:
            continue
        position = choices.fields.index(field_name)
        column = f"{column_letter(position)} ({field_name})"
        seen: dict[str, tuple[str, list[int]]] = {}
        for index in range(choices.header_row, len(rows)):
            row = rows[index]
            text = plain_cell_text(row[position]) if position < len(row) else ""
            if not text:
                continue
            seen.setdefault(status_word_key(text), (text, []))[1].append(index + 1)
        for word, row_numbers in seen.values():
            found.append(_read_word(word, column, tuple(row_numbers), field_name, key))
    return found


def _read_word(
    word: str, column: str, rows: tuple[int, ...], field_name: str, key: StatusKey
) -> StatusWord:
    if field_name == _FIELD_BY_KEY["completion"]:
        try:
            return StatusWord(word, column, rows, False, completion=parse_completion_cell(word))
        except CellError as error:
            return StatusWord(word, column, rows, False, problem=str(error))
    try:
        reading = key.read(word)
    except CellError as error:
        return StatusWord(word, column, rows, True, problem=str(error))
    return StatusWord(word, column, rows, True, entry=reading.entry)


def mapped_rows(rows: Sequence[Sequence[str]], choices: WizardChoices) -> list[list[str]]:
    """Return the rows with the header row naming each chosen field as the standard layout does."""
    # The rows above the header are blanked but kept, so that problems keep the file's row numbers.
    header_index = choices.header_row - 1
    relabelled: list[list[str]] = []
    for index, row in enumerate(rows):
        if index == header_index:
            relabelled.append(
                [
                    choices.fields[position]
                    if position < len(choices.fields)
                    and choices.fields[position] not in (EXTRA, IGNORE)
                    else ""
                    for position in range(len(row))
                ]
            )
        elif index < header_index and index + 1 != choices.title_row:
            relabelled.append([""] * len(row))
        else:
            relabelled.append(list(row))
    return relabelled


def title_text(rows: Sequence[Sequence[str]], choices: WizardChoices) -> str | None:
    """Return the chosen title row's text, its filled cells joined, or None."""
    if choices.title_row is None or choices.title_row > len(rows):
        return None
    text = " ".join(cell.strip() for cell in rows[choices.title_row - 1] if cell.strip())
    return text or None


def preview(
    rows: Sequence[Sequence[str]], choices: WizardChoices, key: StatusKey, *, as_at: date
) -> ParsedPlan:
    """Read every row as the import will store it, with its problems by row and column."""
    known_names = frozenset(db.session.scalars(select(Person.name)))
    return parse_plan_rows(
        mapped_rows(rows, choices),
        as_at=as_at,
        known_names=known_names,
        status_key=chosen_key(key, choices),
    )


def saved_mapping_json(rows: Sequence[Sequence[str]], choices: WizardChoices) -> dict[str, Any]:
    """Return the confirmed choices in the saved mapping format: every header in file order."""
    headers = _headers(rows, choices)
    mapping: dict[str, Any] = {
        "header_row": choices.header_row,
        "columns": {
            header: choices.fields[position]
            for position, header in enumerate(headers)
            if header and position < len(choices.fields)
        },
        "dates": {"day_first": True},
    }
    title = title_text(rows, choices)
    if choices.title_row is not None and title is not None:
        mapping["title_row"] = choices.title_row
        mapping["title"] = title
    return mapping


def _headers(rows: Sequence[Sequence[str]], choices: WizardChoices) -> list[str]:
    index = choices.header_row - 1
    cells = rows[index] if 0 <= index < len(rows) else []
    return [" ".join(cell.split()) for cell in cells]


def import_choices(
    rows: Sequence[Sequence[str]],
    choices: WizardChoices,
    *,
    slug: str,
    title: str | None,
    **details: Any,
) -> ImportSummary:
    """Import the rows as the choices read them; keep the mapping and the key with the plan."""
    key = plan_status_key(slug)
    summary = import_plan_rows(
        mapped_rows(rows, choices),
        slug=slug,
        title=title or _title_not_found_by_guess(rows, choices),
        **details,
    )
    plan = db.session.scalar(select(Plan).where(Plan.slug == slug))
    plan.import_mapping = saved_mapping_json(rows, choices)
    confirmed = chosen_key(key, choices)
    plan.status_key = None if confirmed.is_default else confirmed.to_json()
    db.session.flush()
    return summary


def _title_not_found_by_guess(rows: Sequence[Sequence[str]], choices: WizardChoices) -> str | None:
    """Return the chosen title row's text when the title guess would not read it by itself."""
    guessed = pick_title(mapped_rows(rows, choices)[: choices.header_row - 1])
    if guessed is not None and guessed.row + 1 == choices.title_row:
        return None
    return title_text(rows, choices)

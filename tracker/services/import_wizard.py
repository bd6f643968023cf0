"""Walk an uploaded plan file through the import steps: columns, status words, preview."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import raiseload

from tracker.domain.enums import Completion
from tracker.domain.import_mapping import (
    EXTRA,
    IGNORE,
    ColumnMapping,
    FoundStatusWord,
    distinct_headers,
    guess_mapping,
    header_cells_at,
    status_words_found,
)
from tracker.domain.layout import (
    EXPORT_HEADERS,
    column_letter,
    field_name,
    match_headers,
    normalise_header,
    pick_title,
)
from tracker.domain.leads import lead_text_key, whole_lead
from tracker.domain.plan_rows import ParsedPlan, Problem, parse_plan_rows
from tracker.domain.status_key import (
    StatusColour,
    StatusKey,
    StatusKeyEntry,
    StatusKeyError,
    status_word_key,
    with_words,
)
from tracker.extensions import db
from tracker.models import Plan
from tracker.services import plan_import
from tracker.services.organisations import lead_reading_for_import
from tracker.services.plan_import import (
    MAPPING_SAVED,
    ImportRejected,
    ImportSummary,
    choose_mapping,
    import_plan_rows,
)
from tracker.services.tabular import (
    Sheet,
    TableError,
    TableLimits,
    read_sheet_content,
    unneutralise,
)

FIELD_NAMES: tuple[str, ...] = tuple(name for _, name in EXPORT_HEADERS)
_EXAMPLE_LENGTH = 60
CONFIRMED_MAPPING = "the mapping confirmed on these pages"


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

    mapping: ColumnMapping
    columns_confirmed: bool = False
    words: dict[str, str] = field(default_factory=dict)
    new_entries: dict[str, NewStatusEntry] = field(default_factory=dict)
    words_confirmed: bool = False
    # Names in the file to read as an existing person: name as written to that person's name.
    people: dict[str, str] = field(default_factory=dict)

    @property
    def header_row(self) -> int:
        """Return the header row's number, 1-based."""
        return self.mapping.header_row or 1

    def to_json(self) -> dict[str, Any]:
        """Return the choices as kept in the staged row."""
        return {
            # Kept as written rather than as a mapping file, which must name a column: the header
            # row being chosen may have no headers yet.
            "mapping": {
                "columns": [list(pair) for pair in self.mapping.columns],
                "header_row": self.mapping.header_row,
                "title_row": self.mapping.title_row,
                "title": self.mapping.title,
                "day_first": self.mapping.day_first,
            },
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
            "people": dict(self.people),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> WizardChoices:
        """Rebuild the choices kept in the staged row."""
        return cls(
            mapping=ColumnMapping(
                columns=tuple((header, place) for header, place in data["mapping"]["columns"]),
                header_row=data["mapping"]["header_row"],
                title_row=data["mapping"]["title_row"],
                title=data["mapping"]["title"],
                day_first=data["mapping"]["day_first"],
            ),
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
            people=dict(data.get("people", {})),
        )


@dataclass(frozen=True)
class SplitLead:
    """A Lead text the preview reads as two or more leads, the leads, and the rows that hold it."""

    text: str
    leads: tuple[str, ...]
    row_numbers: tuple[int, ...]


@dataclass(frozen=True)
class ColumnChoice:
    """One header of the file, where it is, what it was matched to, and a value under it."""

    index: int
    letter: str
    header: str
    place: str
    example: str


def read_upload(content: bytes, filename: str, limits: TableLimits) -> Sheet:
    """Read an uploaded table as stored; an unreadable file is the import's rejection."""
    try:
        return read_sheet_content(content, filename, limits)
    except TableError as error:
        raise ImportRejected([Problem(str(error))]) from error


def cell_texts(rows: Sequence[Sequence[str]]) -> list[list[str]]:
    """Return the cells' texts as the import reads them, guards against formulas removed."""
    return [[unneutralise(cell) for cell in row] for row in rows]


def guess_choices(
    rows: Sequence[Sequence[str]], key: StatusKey, header_row: int | None = None
) -> WizardChoices:
    """Guess each column's field; the header row too unless given, and the title row above it."""
    if header_row is None:
        return WizardChoices(guess_mapping(rows, status_key=key, propose_status=True))
    index = header_row - 1
    cells = header_cells_at(rows, index)
    matched = {position: field_name(key) for key, position in match_headers(cells).columns.items()}
    title = pick_title(rows[:index])
    return WizardChoices(
        ColumnMapping(
            columns=tuple(
                (name, matched.get(position, EXTRA))
                for position, name in distinct_headers(cells).items()
            ),
            header_row=header_row,
            title_row=None if title is None else title.row + 1,
            title=None if title is None else title.text,
        )
    )


def choices_from_saved_mapping(rows: Sequence[Sequence[str]], slug: str) -> WizardChoices | None:
    """Return the plan's saved mapping, confirmed, if the file's headers are its own; else None."""
    plan = db.session.scalar(select(Plan).options(raiseload("*")).where(Plan.slug == slug))
    chosen = choose_mapping([list(row) for row in rows], plan, None)
    if chosen.source != MAPPING_SAVED or chosen.mapping is None:
        return None
    return WizardChoices(chosen.mapping, columns_confirmed=True)


def is_standard_layout(choices: WizardChoices) -> bool:
    """Tell whether every header of the file names its field as the standard layout writes it."""
    named = {normalise_header(name) for name in FIELD_NAMES}
    return bool(choices.mapping.columns) and all(
        normalise_header(header) in named and normalise_header(place) == normalise_header(header)
        for header, place in choices.mapping.columns
    )


def column_choices(rows: Sequence[Sequence[str]], choices: WizardChoices) -> list[ColumnChoice]:
    """List every header of the file with the field chosen for it and the first value under it."""
    places = {normalise_header(header): place for header, place in choices.mapping.columns}
    listed = []
    first_data = choices.header_row
    for position, header in _headers(rows, choices).items():
        example = next(
            (
                " ".join(row[position].split())
                for row in rows[first_data:]
                if position < len(row) and row[position].strip()
            ),
            "",
        )
        if len(example) > _EXAMPLE_LENGTH:
            example = example[: _EXAMPLE_LENGTH - 1] + "…"
        listed.append(
            ColumnChoice(
                position,
                column_letter(position),
                header,
                places.get(normalise_header(header), EXTRA),
                example,
            )
        )
    return listed


def with_columns(
    choices: WizardChoices,
    places: dict[int, str],
    rows: Sequence[Sequence[str]],
    title_row: int | None,
    *,
    day_first: bool = True,
) -> WizardChoices:
    """Return the choices with each column placed as chosen, the title row and the date order."""
    headers = _headers(rows, choices)
    title = None
    if title_row is not None and title_row <= len(rows):
        title = " ".join(cell.strip() for cell in rows[title_row - 1] if cell.strip()) or None
    mapping = replace(
        choices.mapping,
        columns=tuple(
            (header, places.get(position, EXTRA)) for position, header in headers.items()
        ),
        title_row=title_row,
        title=title,
        day_first=day_first,
    )
    return replace(choices, mapping=mapping)


def columns_problems(columns: Sequence[ColumnChoice]) -> dict[int, str]:
    """Say, by column, what stops the chosen fields being read: a field twice, no Key Actions."""
    problems: dict[int, str] = {}
    first: dict[str, ColumnChoice] = {}
    for column in columns:
        if column.place in (EXTRA, IGNORE):
            continue
        if column.place in first:
            earlier = first[column.place]
            problems[column.index] = (
                f"Column {column.letter} '{column.header}' and column {earlier.letter} "
                f"'{earlier.header}' are both matched to {column.place}: choose another field "
                "for one of them"
            )
        else:
            first[column.place] = column
    action = field_name("action")
    if columns and action not in first:
        problems.setdefault(
            columns[0].index,
            f"No column is matched to {action}: choose the column that holds the key actions",
        )
    return problems


def plan_status_key(slug: str) -> StatusKey:
    """Return the status key of the plan with this slug, or the default key for a new plan."""
    plan = db.session.scalar(select(Plan).options(raiseload("*")).where(Plan.slug == slug))
    try:
        return plan_import.plan_status_key(plan)
    except StatusKeyError as error:
        raise ImportRejected(
            [
                Problem(
                    f"the status key of the plan '{slug}' cannot be read ({error}); correct it "
                    "on the plan's page, then choose the file again"
                )
            ]
        ) from None


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
    """Say, by word, what makes a new entry unusable: its label already in the key or taken."""
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
    if problems:
        return problems
    # A new entry's label may be another unknown word, given to an entry of its own.
    for word, new in choices.new_entries.items():
        for other, owner in choices.words.items():
            if status_word_key(other) == status_word_key(new.label):
                problems[word] = (
                    f"The new entry's label '{new.label}' is also a word given to '{owner}': "
                    "choose one meaning for it"
                )
    return problems


def status_words(
    rows: Sequence[Sequence[str]], choices: WizardChoices, key: StatusKey
) -> list[FoundStatusWord]:
    """List each distinct word in the status and completion columns with the entry it means."""
    return status_words_found(rows, choices.mapping, key)


def unknown_words(
    rows: Sequence[Sequence[str]], choices: WizardChoices, key: StatusKey
) -> list[FoundStatusWord]:
    """List the words the key does not know, each to be assigned or added before the preview."""
    return [word for word in status_words(rows, choices, key) if word.entry is None]


def preview(
    sheet: Sheet, choices: WizardChoices, key: StatusKey, *, slug: str, as_at: date
) -> ParsedPlan:
    """Read every row as the import will store it, with its problems by row and column."""
    reading = lead_reading_for_import(slug)
    return parse_plan_rows(
        cell_texts(sheet.rows),
        as_at=as_at,
        known_names=reading.known_names,
        kept_whole=reading.kept_whole,
        status_key=chosen_key(key, choices),
        mapping=choices.mapping,
        fills=sheet.fills,
        merged=sheet.merged,
    )


def split_leads_found(parsed: ParsedPlan) -> list[SplitLead]:
    """List each Lead text read as two or more leads once, in file order, with its rows."""
    found: dict[str, SplitLead] = {}
    for row in parsed.rows:
        if len(row.leads) < 2:
            continue
        text = whole_lead(row.lead_text)
        key = lead_text_key(text)
        earlier = found.get(key)
        found[key] = (
            SplitLead(text, row.leads, (row.row_number,))
            if earlier is None
            else replace(earlier, row_numbers=(*earlier.row_numbers, row.row_number))
        )
    return list(found.values())


def split_lead_named(parsed: ParsedPlan, text: str) -> SplitLead | None:
    """Return the split Lead text that is this text ignoring case and spacing, or None."""
    key = lead_text_key(text)
    return next(
        (split for split in split_leads_found(parsed) if lead_text_key(split.text) == key), None
    )


@dataclass(frozen=True)
class PersonChoice:
    """A name the import would add or link, the existing people it may be, and the one chosen."""

    name: str
    options: tuple[str, ...]
    chosen: str | None


def people_choices(summary: ImportSummary, choices: WizardChoices) -> list[PersonChoice]:
    """List each name to decide on: new ones close to someone, and those already accepted."""
    listed = [
        PersonChoice(new.name, new.suggestions, None)
        for new in summary.new_people
        if new.suggestions
    ]
    listed.extend(
        PersonChoice(linked.name, (linked.person,), linked.person)
        for linked in summary.linked_people
        if not linked.remembered and linked.name in choices.people
    )
    return listed


def with_people(
    choices: WizardChoices, decided: list[PersonChoice], answers: dict[str, str]
) -> WizardChoices:
    """Return the choices with each name read as the person chosen for it, or as a new person."""
    people = dict(choices.people)
    for choice in decided:
        answer = answers.get(choice.name, "")
        if answer in choice.options:
            people[choice.name] = answer
        else:
            people.pop(choice.name, None)
    return replace(choices, people=people)


def _headers(rows: Sequence[Sequence[str]], choices: WizardChoices) -> dict[int, str]:
    index = choices.header_row - 1
    return distinct_headers(header_cells_at(rows, index)) if index < len(rows) else {}


def import_choices(
    sheet: Sheet,
    choices: WizardChoices,
    *,
    slug: str,
    **details: Any,
) -> ImportSummary:
    """Import the sheet as the confirmed mapping reads it; the plan keeps the mapping and key."""
    key = plan_status_key(slug)
    confirmed = chosen_key(key, choices)
    mapping = replace(choices.mapping, status_key=None if confirmed == key else confirmed)
    summary = import_plan_rows(
        [list(row) for row in sheet.rows],
        slug=slug,
        mapping=mapping,
        fills=sheet.fills,
        merged=sheet.merged,
        encoding=sheet.encoding,
        same_as=choices.people,
        **details,
    )
    summary.mapping_source = CONFIRMED_MAPPING
    return summary

"""Say which column of a plan file holds which field: a mapping given, saved or guessed."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import NamedTuple

from tracker.domain.cells import (
    CellError,
    parse_completion_cell,
    parse_iso_date_cell,
    parse_priority_cell,
)
from tracker.domain.layout import (
    ACTION_OR_OBJECTIVE_HEADERS,
    EXPORT_HEADERS,
    HEADER_VARIANTS,
    column_letter,
    field_name,
    find_header_row,
    likely_header_row,
    match_headers,
    normalise_header,
    pick_title,
)
from tracker.domain.status_key import (
    DEFAULT_STATUS_KEY,
    StatusKey,
    StatusKeyEntry,
    StatusKeyError,
    status_key_from_json,
    status_word_key,
)

EXTRA = "extra"
IGNORE = "ignore"
FIELD_NAMES: tuple[str, ...] = tuple(header for _, header in EXPORT_HEADERS)
HEADER_SEARCH_ROWS = 20
_KEY_BY_FIELD = {header: key for key, header in EXPORT_HEADERS}
# Field names as a mapping may write them: the standard header or one of its named variants.
_FIELD_BY_NORMALISED = {
    **{
        normalise_header(variant): field_name(key)
        for key, variants in HEADER_VARIANTS.items()
        for variant in variants
    },
    **{normalise_header(header): header for header in FIELD_NAMES},
}
_ACTION_OR_OBJECTIVE = frozenset(normalise_header(header) for header in ACTION_OR_OBJECTIVE_HEADERS)
_SETTINGS = frozenset(
    {"header_row", "columns", "dates", "title_row", "title", "status_key", "people"}
)


class MappingError(ValueError):
    """Carry every problem found in a mapping as written, each naming what is wrong."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class ColumnMapping:
    """Place each header of a plan file: a field of the layout, an extra column, or ignored."""

    columns: tuple[tuple[str, str], ...]
    header_row: int | None = None
    day_first: bool = True
    title_row: int | None = None
    title: str | None = None
    status_key: StatusKey | None = None
    # Lead names of the file to read as an existing person: name as written to that person's name.
    people: tuple[tuple[str, str], ...] = ()

    def field_headers(self) -> dict[str, str]:
        """Return the header placed as each layout key, e.g. {"action": "How?"}."""
        return {
            _KEY_BY_FIELD[place]: header
            for header, place in self.columns
            if place not in (EXTRA, IGNORE)
        }

    def headers_placed(self, place: str) -> list[str]:
        """Return the headers given this place (a field name, "extra" or "ignore")."""
        return [header for header, placed in self.columns if placed == place]

    def to_json(self) -> dict[str, object]:
        """Return the mapping as the mapping file and the saved mapping write it."""
        data: dict[str, object] = {}
        if self.header_row is not None:
            data["header_row"] = self.header_row
        if self.title_row is not None:
            data["title_row"] = self.title_row
        if self.title is not None:
            data["title"] = self.title
        data["columns"] = dict(self.columns)
        data["dates"] = {"day_first": self.day_first}
        if self.status_key is not None:
            data["status_key"] = self.status_key.to_json()
        if self.people:
            data["people"] = dict(self.people)
        return data


def mapping_from_json(data: object) -> ColumnMapping:
    """Read a mapping file's JSON; raise MappingError naming every problem found."""
    if not isinstance(data, Mapping):
        raise MappingError(['a mapping must be a JSON object with "columns"'])
    problems: list[str] = []
    unknown = sorted(str(name) for name in set(data) - _SETTINGS)
    if unknown:
        problems.append(
            "unknown setting(s) "
            + ", ".join(f"'{name}'" for name in unknown)
            + "; a mapping may have "
            + ", ".join(sorted(_SETTINGS))
        )
    header_row = _row_number(data.get("header_row"), "header_row", problems)
    title_row = _row_number(data.get("title_row"), "title_row", problems)
    if header_row is not None and title_row is not None and title_row >= header_row:
        problems.append(f"title_row {title_row} must be above header_row {header_row}")
    title = data.get("title")
    if title is not None and not isinstance(title, str):
        problems.append("title must be a text")
        title = None
    columns = _columns(data.get("columns"), problems)
    day_first = _day_first(data.get("dates", {}), problems)
    status_key: StatusKey | None = None
    if data.get("status_key") is not None:
        try:
            status_key = status_key_from_json(data["status_key"])
        except StatusKeyError as error:
            problems.append(f"status_key: {error}")
    people = _people(data.get("people", {}), problems)
    if problems:
        raise MappingError(problems)
    return ColumnMapping(
        columns=columns,
        header_row=header_row,
        day_first=day_first,
        title_row=title_row,
        title=title,
        status_key=status_key,
        people=people,
    )


def _people(value: object, problems: list[str]) -> tuple[tuple[str, str], ...]:
    """Read "people": each name in the file to the name of the existing person it means."""
    if not isinstance(value, Mapping) or not all(
        isinstance(name, str) and isinstance(person, str) for name, person in value.items()
    ):
        problems.append(
            "people must be an object of a name in the file to an existing person's name, "
            'e.g. {"Lynn Burns": "Lyn Burns"}'
        )
        return ()
    pairs: list[tuple[str, str]] = []
    for name, person in value.items():
        name, person = " ".join(name.split()), " ".join(person.split())
        if not name or not person:
            problems.append(f'people entry "{name}": "{person}": give both names')
            continue
        pairs.append((name, person))
    return tuple(pairs)


def _row_number(value: object, name: str, problems: list[str]) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        problems.append(f"{name} must be a row number, 1 or more (not {value!r})")
        return None
    if value > HEADER_SEARCH_ROWS * 5:
        problems.append(f"{name} {value} is too far down; a header is read in the first rows")
        return None
    return value


def _columns(value: object, problems: list[str]) -> tuple[tuple[str, str], ...]:
    if isinstance(value, Mapping):
        pairs = list(value.items())
    elif isinstance(value, list) and all(
        isinstance(pair, list | tuple) and len(pair) == 2 for pair in value
    ):
        pairs = [tuple(pair) for pair in value]
    else:
        problems.append(
            'columns must be an object of header to field, e.g. {"How?": "Key Actions"}'
        )
        return ()
    columns: list[tuple[str, str]] = []
    headers_seen: dict[str, str] = {}
    fields_seen: dict[str, str] = {}
    for header, place in pairs:
        if not isinstance(header, str) or not normalise_header(header):
            problems.append(f"column {header!r}: a header must be a text with letters or digits")
            continue
        header = " ".join(header.split())
        earlier = headers_seen.get(normalise_header(header))
        if earlier is not None:
            problems.append(f"column '{header}' is named twice (also as '{earlier}')")
            continue
        headers_seen[normalise_header(header)] = header
        resolved = _place(place)
        if resolved is None:
            problems.append(
                f"column '{header}': {place!r} is not a field; use one of "
                + ", ".join(FIELD_NAMES)
                + f', or "{EXTRA}" or "{IGNORE}"'
            )
            continue
        if resolved not in (EXTRA, IGNORE):
            if resolved in fields_seen:
                problems.append(
                    f"field '{resolved}' is given to two columns, '{fields_seen[resolved]}' "
                    f"and '{header}'; a field takes one column"
                )
                continue
            fields_seen[resolved] = header
        columns.append((header, resolved))
    if not columns and not problems:
        problems.append("columns is empty: name at least the column holding the key actions")
    return tuple(columns)


def _place(value: object) -> str | None:
    """Return the field name, "extra" or "ignore" a mapping's value means, or None."""
    if not isinstance(value, str):
        return None
    plain = normalise_header(value)
    if plain in (EXTRA, "keepasextra", "keepasanextracolumn"):
        return EXTRA
    if plain == IGNORE:
        return IGNORE
    return _FIELD_BY_NORMALISED.get(plain)


def _day_first(value: object, problems: list[str]) -> bool:
    if not isinstance(value, Mapping):
        problems.append('dates must be an object such as {"day_first": true}')
        return True
    unknown = sorted(str(name) for name in set(value) - {"day_first"})
    if unknown:
        problems.append(f"dates: unknown setting(s) {', '.join(unknown)}; use day_first")
    day_first = value.get("day_first", True)
    if not isinstance(day_first, bool):
        problems.append(f"dates.day_first must be true or false (not {day_first!r})")
        return True
    return day_first


def distinct_headers(cells: Sequence[str | None]) -> dict[int, str]:
    """Name each filled header cell by its text, a repeated one as "Date (2)", by column."""
    names: dict[int, str] = {}
    seen: Counter[str] = Counter()
    for index, cell in enumerate(cells):
        text = " ".join((cell or "").split())
        if not normalise_header(text):
            continue
        seen[normalise_header(text)] += 1
        count = seen[normalise_header(text)]
        names[index] = text if count == 1 else f"{text} ({count})"
    return names


def mapping_problems(mapping: ColumnMapping, header_cells: Sequence[str | None]) -> list[str]:
    """Name each column of the mapping the header row lacks, then say what the row reads."""
    present = {normalise_header(name) for name in distinct_headers(header_cells).values()}
    problems = [
        f"the mapping names column '{header}', which the header row does not have"
        for header, _ in mapping.columns
        if normalise_header(header) not in present
    ]
    if problems:
        problems.append(
            "the header row reads "
            + ", ".join(f"'{name}'" for name in distinct_headers(header_cells).values())
        )
    return problems


def headers_differ(saved: ColumnMapping, header_cells: Sequence[str | None]) -> bool:
    """Tell whether a header row's headers are not the ones a saved mapping lists."""
    in_file = sorted(normalise_header(name) for name in distinct_headers(header_cells).values())
    return in_file != sorted(normalise_header(header) for header, _ in saved.columns)


@dataclass(frozen=True)
class TableLayout:
    """Where a plan table's header, title, fields and extra columns are (0-based)."""

    header_index: int
    first_data_index: int
    columns: dict[str, int]
    extras: dict[int, str]
    ignored: dict[int, str]
    unknown: tuple[str, ...]
    mapping: ColumnMapping
    title_text: str | None = None
    title_index: int | None = None
    title_column: int | None = None


@dataclass(frozen=True)
class LayoutRefused:
    """Why a table's layout could not be read, by row (0-based) where known."""

    problems: tuple[tuple[int | None, str], ...]


def header_cells_at(rows: Sequence[Sequence[str]], index: int) -> list[str]:
    """Return a header row's cells with those of the sub-header row under it laid over them."""
    cells = list(rows[index]) if index < len(rows) else []
    sub = _sub_header_cells(rows, index)
    if sub is None:
        return cells
    return [
        (sub[i] if i < len(sub) and sub[i].strip() else cell)
        for i, cell in enumerate(cells + [""] * max(0, len(sub) - len(cells)))
    ]


def _sub_header_cells(rows: Sequence[Sequence[str]], index: int) -> Sequence[str] | None:
    """Return the row under a header when it names more known columns, as under "Measures"."""
    if index + 1 >= len(rows):
        return None
    header = match_headers(rows[index]).columns
    cells = rows[index + 1]
    filled = [(i, text) for i, text in enumerate(cells) if text and text.strip()]
    if not filled or ("action" in header and any(i == header["action"] for i, _ in filled)):
        return None
    match = match_headers(cells)
    if match.unknown or len(match.columns) != len(filled):
        return None
    if any(key in header for key in match.columns):
        return None
    # The header row must keep a cell of its own, or the row under it is the header itself.
    if not any(
        text.strip() and (i >= len(cells) or not cells[i].strip())
        for i, text in enumerate(rows[index])
    ):
        return None
    return cells


def guess_layout(
    rows: Sequence[Sequence[str]],
    *,
    status_key: StatusKey = DEFAULT_STATUS_KEY,
    propose_status: bool = False,
) -> TableLayout | LayoutRefused | None:
    """Find the header row and place its columns by the known headers; None if none is found."""
    # An import reads a status column only when its words are in the key, keeping it as an extra
    # column otherwise; a mapping being proposed for someone to confirm places it anyway, so that
    # its words are asked about instead of the column being lost from view.
    header_index = find_header_row(rows, limit=HEADER_SEARCH_ROWS)
    if header_index is None:
        return None
    cells = header_cells_at(rows, header_index)
    problems = match_headers(cells).problems
    if problems:
        return LayoutRefused(tuple((header_index, message) for message in problems))
    return _layout(
        rows,
        header_index,
        cells,
        {},
        status_key=status_key,
        mapping=None,
        propose_status=propose_status,
    )


def guess_mapping(
    rows: Sequence[Sequence[str]],
    *,
    status_key: StatusKey = DEFAULT_STATUS_KEY,
    propose_status: bool = False,
) -> ColumnMapping:
    """Return the mapping the automatic guess would use, unknown headers kept as extra."""
    layout = guess_layout(rows, status_key=status_key, propose_status=propose_status)
    if isinstance(layout, TableLayout):
        return layout.mapping
    index = (
        layout.problems[0][0]
        if isinstance(layout, LayoutRefused)
        else likely_header_row(rows, limit=HEADER_SEARCH_ROWS)
    )
    if index is None:
        return ColumnMapping(columns=(), header_row=1)
    cells = header_cells_at(rows, index)
    places: dict[int, str] = {}
    for key, position in match_headers(cells).columns.items():
        places[position] = field_name(key)
    columns = tuple(
        (name, places.get(position, EXTRA)) for position, name in distinct_headers(cells).items()
    )
    return ColumnMapping(columns=columns, header_row=index + 1)


def mapped_layout(
    rows: Sequence[Sequence[str]],
    mapping: ColumnMapping,
    *,
    status_key: StatusKey = DEFAULT_STATUS_KEY,
) -> TableLayout | LayoutRefused:
    """Place a table's columns by a mapping, guessing only the headers it leaves out."""
    if "action" not in mapping.field_headers():
        return LayoutRefused(
            (
                (
                    None,
                    "the mapping places no column as 'Key Actions': name the column that holds "
                    'the actions, e.g. {"How?": "Key Actions"}',
                ),
            )
        )
    if mapping.header_row is not None:
        header_index = mapping.header_row - 1
        if header_index >= len(rows):
            return LayoutRefused(
                ((None, f"header_row {mapping.header_row} is below the file's last row"),)
            )
        cells = _mapped_header_cells(rows, header_index, mapping)
        if cells is None:
            problems = mapping_problems(mapping, header_cells_at(rows, header_index))
            return LayoutRefused(tuple((header_index, message) for message in problems))
    else:
        found = _row_with_headers(rows, mapping)
        if found is None:
            return _nearest_header_row_refused(rows, mapping)
        header_index, cells = found
    return _layout(
        rows, header_index, cells, dict(mapping.columns), status_key=status_key, mapping=mapping
    )


def _mapped_header_cells(
    rows: Sequence[Sequence[str]], index: int, mapping: ColumnMapping
) -> list[str] | None:
    """Return the header cells (the row, or with its sub-header) having the mapping's columns."""
    for cells in (list(rows[index]), header_cells_at(rows, index)):
        if not mapping_problems(mapping, cells):
            return cells
    return None


def _nearest_header_row_refused(
    rows: Sequence[Sequence[str]], mapping: ColumnMapping
) -> LayoutRefused:
    """Say that no row has every mapped header, and which ones the nearest row lacks."""
    searched = min(len(rows), HEADER_SEARCH_ROWS)
    where = "row 1" if searched == 1 else f"rows 1–{searched}"
    first = (
        None,
        f"no row among {where} has every column the mapping names; give header_row, or "
        "correct the column names",
    )
    if searched == 0:
        return LayoutRefused((first,))
    nearest = min(
        range(searched),
        key=lambda index: len(mapping_problems(mapping, header_cells_at(rows, index))),
    )
    problems = mapping_problems(mapping, header_cells_at(rows, nearest))
    return LayoutRefused((first, *((nearest, message) for message in problems)))


def _row_with_headers(
    rows: Sequence[Sequence[str]], mapping: ColumnMapping
) -> tuple[int, list[str]] | None:
    for index in range(min(len(rows), HEADER_SEARCH_ROWS)):
        cells = _mapped_header_cells(rows, index, mapping)
        if cells is not None:
            return index, cells
    return None


def fit_saved_mapping(rows: Sequence[Sequence[str]], saved: ColumnMapping) -> ColumnMapping | None:
    """Return the saved mapping, its header row found again, if the file's headers are its own."""
    candidates = [saved.header_row - 1] if saved.header_row is not None else []
    candidates += [i for i in range(min(len(rows), HEADER_SEARCH_ROWS)) if i not in candidates]
    for index in candidates:
        if index >= len(rows):
            continue
        for cells in (list(rows[index]), header_cells_at(rows, index)):
            if not headers_differ(saved, cells):
                return replace(saved, header_row=index + 1)
    return None


def _layout(
    rows: Sequence[Sequence[str]],
    header_index: int,
    cells: list[str],
    given: dict[str, str],
    *,
    status_key: StatusKey,
    mapping: ColumnMapping | None,
    propose_status: bool = False,
) -> TableLayout:
    """Place every header: as the mapping says, else by the known headers, else as extra."""
    first_data_index = header_index + (1 if cells == list(rows[header_index]) else 2)
    names = distinct_headers(cells)
    places = _given_places(names, given)
    columns = {
        _KEY_BY_FIELD[place]: index
        for index, place in places.items()
        if place not in (EXTRA, IGNORE)
    }
    guessed, not_read = _guessed_columns(
        rows[first_data_index:],
        cells,
        places,
        columns,
        status_key=status_key,
        propose_status=propose_status,
    )
    columns.update(guessed)
    placed_at = set(columns.values())
    extras = {
        index: name
        for index, name in names.items()
        if index not in placed_at and places.get(index) != IGNORE
    }
    ignored = {index: name for index, name in names.items() if places.get(index) == IGNORE}
    unknown = tuple(
        f"{column_letter(index)} '{name}'{not_read.get(index, '')}"
        for index, name in extras.items()
        if index not in places
    )
    title = _title(rows, header_index, mapping)
    return TableLayout(
        header_index=header_index,
        first_data_index=first_data_index,
        columns=dict(sorted(columns.items(), key=lambda item: item[1])),
        extras=extras,
        ignored=ignored,
        unknown=unknown,
        mapping=_used_mapping(names, columns, ignored, header_index, title, mapping),
        title_text=None if title is None else title[2],
        title_index=None if title is None else title[0],
        title_column=None if title is None else title[1],
    )


def _given_places(names: dict[int, str], given: dict[str, str]) -> dict[int, str]:
    """Return the place the mapping gives each column, by the column's position."""
    given_by_header = {normalise_header(header): place for header, place in given.items()}
    return {
        index: given_by_header[normalise_header(name)]
        for index, name in names.items()
        if normalise_header(name) in given_by_header
    }


def _guessed_columns(
    data_rows: Sequence[Sequence[str]],
    cells: list[str],
    places: dict[int, str],
    columns: dict[str, int],
    *,
    status_key: StatusKey,
    propose_status: bool,
) -> tuple[dict[str, int], dict[int, str]]:
    """Guess the fields of the columns the mapping leaves, and why a guess was not read."""
    match = match_headers([cell if index not in places else "" for index, cell in enumerate(cells)])
    found = dict(match.columns)
    # What? beside a mapped How? is the objective, as it would be had both been guessed.
    flexible = found.get("action")
    if (
        "action" in columns
        and flexible is not None
        and "objective" not in columns
        and "objective" not in found
        and normalise_header(cells[flexible]) in _ACTION_OR_OBJECTIVE
    ):
        found["objective"] = found.pop("action")
    guessed = {key: index for key, index in found.items() if key not in columns}
    action_index = columns.get("action", guessed.get("action"))
    not_read: dict[int, str] = {}
    if action_index is None:
        return guessed, not_read
    checked = (set(guessed) & match.guessed) - {"action"} - ({"rag"} if propose_status else set())
    for key in sorted(checked):
        reason = _unreadable_guess(key, guessed[key], data_rows, action_index, status_key)
        if reason is not None:
            not_read[guessed.pop(key)] = f" (not read as {field_name(key)}: {reason})"
    return guessed, not_read


def _used_mapping(
    names: dict[int, str],
    columns: dict[str, int],
    ignored: dict[int, str],
    header_index: int,
    title: tuple[int, int, str] | None,
    mapping: ColumnMapping | None,
) -> ColumnMapping:
    """Return the mapping the table was read by, to save and to show."""
    by_index = {index: field_name(key) for key, index in columns.items()}
    return ColumnMapping(
        columns=tuple(
            (name, by_index.get(index, IGNORE if index in ignored else EXTRA))
            for index, name in names.items()
        ),
        header_row=header_index + 1,
        day_first=True if mapping is None else mapping.day_first,
        title_row=None if title is None else title[0] + 1,
        title=None if title is None else title[2],
        status_key=None if mapping is None else mapping.status_key,
    )


def _title(
    rows: Sequence[Sequence[str]], header_index: int, mapping: ColumnMapping | None
) -> tuple[int, int, str] | None:
    """Return the title's row, column and text: the mapping's title row, else the likeliest."""
    if mapping is not None and mapping.title_row is not None:
        index = mapping.title_row - 1
        if index < header_index:
            filled = [
                (len(text.strip()), column, text)
                for column, text in enumerate(rows[index])
                if text.strip()
            ]
            if filled:
                _, column, text = max(filled, key=lambda item: (item[0], -item[1]))
                return index, column, text.strip()
    title = pick_title(rows[:header_index])
    return None if title is None else (title.row, title.column, title.text)


def _unreadable_guess(
    key: str,
    position: int,
    rows: Sequence[Sequence[str]],
    action_index: int,
    status_key: StatusKey,
) -> str | None:
    """Say why a column placed by a guess cannot be that field, or None when it can be."""
    # A guessed Ref whose values repeat is a numbering, and a guessed column none of whose cells
    # reads as its field holds something else; either is kept as an extra column instead.
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
    parsers: dict[str, Callable[[str], object]] = {
        "priority": parse_priority_cell,
        "rag": status_key.read,
        "completion": parse_completion_cell,
        "completed_on": parse_iso_date_cell,
    }
    parser = parsers.get(key)
    if parser is None or not values:
        return None
    for value in values:
        try:
            parser(value)
        except CellError:
            continue
        return None
    return f"none of its cells reads as {field_name(key)}, e.g. '{values[0]}'"


class FoundStatusWord(NamedTuple):
    """A distinct word of a file's status or completion column, its key entry and its count."""

    word: str
    entry: StatusKeyEntry | None
    count: int  # type: ignore[assignment]  # the field hides tuple.count, which nothing calls


def status_words_found(
    rows: Sequence[Sequence[str]], mapping: ColumnMapping, key: StatusKey
) -> list[FoundStatusWord]:
    """List each distinct word in the status and completion columns with the entry it means."""
    layout = mapped_layout(rows, mapping, status_key=key)
    if isinstance(layout, LayoutRefused):
        return []
    action_index = layout.columns["action"]
    found: dict[str, FoundStatusWord] = {}
    for cells in rows[layout.first_data_index :]:
        if action_index >= len(cells) or not cells[action_index].strip():
            continue
        for column in ("rag", "completion"):
            position = layout.columns.get(column)
            if position is None or position >= len(cells) or not cells[position].strip():
                continue
            text = " ".join(cells[position].split())
            if column == "completion" and _reads_as_completion(text):
                continue
            word = status_word_key(text)
            if word in found:
                found[word] = found[word]._replace(count=found[word].count + 1)
                continue
            try:
                entry = key.read(text).entry
            except CellError:
                entry = None
            found[word] = FoundStatusWord(text, entry, 1)
    return list(found.values())


def _reads_as_completion(text: str) -> bool:
    try:
        parse_completion_cell(text)
    except CellError:
        return False
    return True

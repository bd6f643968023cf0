"""Check a list of people's names and email addresses before any of it is written."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from email_validator import EmailNotValidError, validate_email

from tracker.domain.leads import person_key
from tracker.domain.text_limits import PERSON_NAME

NAME_COLUMN = "name"
EMAIL_COLUMNS = frozenset({"email", "e mail", "email address"})


@dataclass(frozen=True, slots=True)
class PersonRow:
    """Hold one row of a people file as read, numbered as a spreadsheet shows it."""

    row_number: int
    name: str
    email: str


@dataclass(frozen=True, slots=True)
class PersonEntry:
    """Hold one checked row: a tidy name, its matching key and a normalised address."""

    row_number: int
    name: str
    key: str
    email: str


@dataclass(frozen=True, slots=True)
class PeopleCheck:
    """Hold the rows that passed and every problem found; write nothing unless problems is empty."""

    entries: tuple[PersonEntry, ...]
    problems: tuple[str, ...]


def find_columns(headers: Sequence[str]) -> tuple[int | None, int | None]:
    """Return the positions of the Name and Email columns, matched ignoring case and spacing."""
    keys = [person_key(header) for header in headers]
    name = next((i for i, key in enumerate(keys) if key == NAME_COLUMN), None)
    email = next((i for i, key in enumerate(keys) if key in EMAIL_COLUMNS), None)
    return name, email


def normalise_email(address: str) -> str:
    """Return the address as it should be stored, or raise ValueError saying what is wrong."""
    try:
        # Reminders go out over plain SMTP, so the address must be expressible in ASCII.
        result = validate_email(address, check_deliverability=False, allow_smtputf8=False)
    except EmailNotValidError as error:
        raise ValueError(str(error)) from None
    return result.ascii_email or result.normalized


def check_people_rows(rows: Iterable[PersonRow]) -> PeopleCheck:
    """Check every row, collecting each problem with its row number."""
    entries: list[PersonEntry] = []
    problems: list[str] = []
    first_row_of: dict[str, int] = {}
    for row in rows:
        name = " ".join(row.name.split())
        key = person_key(name)
        address = row.email.strip()
        row_problems: list[str] = []
        if not key:
            row_problems.append(f"Row {row.row_number}: the Name is blank.")
        elif len(name) > PERSON_NAME.maximum:
            row_problems.append(
                f"Row {row.row_number}: the Name is longer than {PERSON_NAME.maximum} characters."
            )
        elif key in first_row_of:
            row_problems.append(
                f"Row {row.row_number}: {name} is already on row {first_row_of[key]}."
            )
        else:
            first_row_of[key] = row.row_number
        email = ""
        if not address:
            row_problems.append(f"Row {row.row_number}: the Email is blank.")
        else:
            try:
                email = normalise_email(address)
            except ValueError as error:
                row_problems.append(
                    f"Row {row.row_number}: '{address}' is not a usable email address. {error}"
                )
        if row_problems:
            problems.extend(row_problems)
        else:
            entries.append(PersonEntry(row.row_number, name, key, email))
    return PeopleCheck(tuple(entries), tuple(problems))


# How close two names must be for the import to ask whether they are one person. A suggestion
# only asks, so a near miss costs a click; but on short names two letters are most of the name
# ("Sam Hill" and "Tom Hill", "SA" and "PA"), so the edit distance allowed grows with the length.
_FUZZY_DISTANCE_BY_LENGTH = ((10, 2), (6, 1))
# A single word ("John", "Head") is inside too many names to suggest any of them.
_CONTAINED_MIN_WORDS = 2
MAX_SUGGESTIONS = 3


def match_key(name: str) -> str:
    """Return a name's key ignoring case, spacing and punctuation, "Q.A." being "QA"."""
    return person_key(name.replace(".", "").replace("'", "").replace("’", ""))


def edit_distance(first: str, second: str, *, limit: int) -> int:
    """Return the Levenshtein distance between two texts, or limit + 1 once it is more."""
    if abs(len(first) - len(second)) > limit:
        return limit + 1
    previous = list(range(len(second) + 1))
    for i, a in enumerate(first, start=1):
        current = [i]
        for j, b in enumerate(second, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a != b)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return min(previous[-1], limit + 1)


def _allowed_distance(key: str) -> int:
    return next((allowed for length, allowed in _FUZZY_DISTANCE_BY_LENGTH if len(key) >= length), 0)


def _contains_words(longer: str, shorter: str) -> bool:
    words, inner = longer.split(), shorter.split()
    if len(inner) < _CONTAINED_MIN_WORDS or len(inner) >= len(words):
        return False
    return any(words[i : i + len(inner)] == inner for i in range(len(words) - len(inner) + 1))


def closeness(new: str, existing: str) -> int | None:
    """Return how far apart two names are (0 the closest), or None if they are not close."""
    a, b = match_key(new), match_key(existing)
    if not a or not b:
        return None
    if a == b:
        return 0
    if _contains_words(a, b) or _contains_words(b, a):
        return 1
    allowed = _allowed_distance(min(a, b, key=len))
    distance = edit_distance(a, b, limit=allowed)
    if distance > allowed or _a_word_replaced(a.split(), b.split()):
        return None
    return 1 + distance


def _a_word_replaced(first: list[str], second: list[str]) -> bool:
    """Tell whether a word changes by half its letters or more ("QA" to "HR", "Sam" to "Tom")."""
    if len(first) != len(second):
        return False
    return any(
        2 * edit_distance(a, b, limit=len(a) + len(b)) > min(len(a), len(b))
        for a, b in zip(first, second, strict=True)
    )


def same_person_suggestions(name: str, existing: Iterable[str]) -> tuple[str, ...]:
    """Return the existing names that may be this person, closest first, at most a few."""
    scored = [
        (score, candidate)
        for candidate in existing
        if (score := closeness(name, candidate)) is not None
    ]
    return tuple(candidate for _, candidate in sorted(scored)[:MAX_SUGGESTIONS])

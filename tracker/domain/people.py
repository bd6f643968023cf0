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

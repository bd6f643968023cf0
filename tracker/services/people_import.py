"""Set people's email addresses from a CSV file of names and addresses."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from tracker.domain.people import PersonRow, check_people_rows, find_columns
from tracker.extensions import db
from tracker.models import Person
from tracker.services.organisations import (
    default_organisation,
    find_organisation,
    other_organisations,
)


class PeopleImportRejected(Exception):
    """Carry every problem that stopped an import."""

    def __init__(self, problems: list[str] | tuple[str, ...]) -> None:
        """Keep the problems in the order they were found."""
        super().__init__("; ".join(problems))
        self.problems = tuple(problems)


@dataclass
class PeopleImportSummary:
    """Say who was added, whose address changed and who was left as they were."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        """Return a readable account of the import."""
        lines = [
            f"Added {len(self.added)}, updated {len(self.updated)}, "
            f"unchanged {len(self.unchanged)}."
        ]
        lines += [f"  added: {name}" for name in self.added]
        lines += [f"  updated: {name}" for name in self.updated]
        return lines


def read_people_csv(path: Path, max_bytes: int) -> list[PersonRow]:
    """Read the Name and Email columns of a CSV file, numbering rows as a spreadsheet does."""
    try:
        if path.stat().st_size > max_bytes:
            raise PeopleImportRejected([f"The file is larger than {max_bytes} bytes."])
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise PeopleImportRejected(["The file is not UTF-8 text; save it as CSV UTF-8."]) from None
    except OSError as error:
        raise PeopleImportRejected([f"The file cannot be read: {error.strerror}."]) from None
    try:
        records = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        raise PeopleImportRejected([f"The file is not valid CSV: {error}."]) from None
    if not records:
        raise PeopleImportRejected(["The file is empty; it needs a header row: Name, Email."])
    name_column, email_column = find_columns(records[0])
    if name_column is None or email_column is None:
        found = ", ".join(header for header in records[0] if header.strip()) or "none"
        raise PeopleImportRejected(
            [f"Row 1 must name the columns Name and Email; the columns found are: {found}."]
        )
    rows = []
    for row_number, record in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in record):
            continue
        cells = record + [""] * (max(name_column, email_column) + 1 - len(record))
        rows.append(PersonRow(row_number, cells[name_column], cells[email_column]))
    return rows


def import_people(rows: list[PersonRow], *, organisation: str | None = None) -> PeopleImportSummary:
    """Check every row, then set the addresses of the organisation's people and add the others."""
    checked = check_people_rows(rows)
    if checked.problems:
        raise PeopleImportRejected(checked.problems)
    found = find_organisation(organisation) if organisation else default_organisation()
    if found is None:
        names = ", ".join(name for _, name in other_organisations()) or "none but the default"
        raise PeopleImportRejected(
            [f"There is no organisation called '{organisation}'; the others are: {names}."]
        )
    keys = [entry.key for entry in checked.entries]
    people = {
        person.name_key: person
        for person in db.session.scalars(
            select(Person).where(Person.organisation_id == found.id, Person.name_key.in_(keys))
        )
    }
    summary = PeopleImportSummary()
    for entry in checked.entries:
        person = people.get(entry.key)
        if person is None:
            db.session.add(
                Person(
                    organisation_id=found.id,
                    name=entry.name,
                    name_key=entry.key,
                    email=entry.email,
                )
            )
            summary.added.append(entry.name)
        elif person.email == entry.email:
            summary.unchanged.append(person.name)
        else:
            person.email = entry.email
            summary.updated.append(person.name)
    db.session.flush()
    return summary

"""List, add and change people and see who has a sign-in account."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import contains_eager, joinedload, raiseload

from tracker.domain.enums import Role
from tracker.domain.leads import person_key
from tracker.extensions import db
from tracker.models import ActionLead, Organisation, Person, User
from tracker.services.audit import record_change, snapshot, update_and_record
from tracker.services.organisations import chosen_organisation
from tracker.services.validation import Invalid

PERSON_FIELDS = ("name", "email", "due_soon_opt_out", "active")
NEW_PERSON_FIELDS = (*PERSON_FIELDS, "organisation_id")


@dataclass
class PersonRow:
    """A person with their organisation, their account's id and role, and how many they lead."""

    person: Person
    organisation: str
    account_id: int | None
    account_role: Role | None
    actions: int


@dataclass
class AccountRow:
    """An account with the name of its person."""

    user: User

    @property
    def name(self) -> str:
        """Return the name of the account's person."""
        return self.user.person.name


def list_people() -> list[PersonRow]:
    """Return everyone, active people first, by name."""
    counts = dict(
        db.session.execute(
            select(ActionLead.person_id, func.count(ActionLead.action_id)).group_by(
                ActionLead.person_id
            )
        ).all()
    )
    rows = db.session.execute(
        select(
            Person,
            Organisation.name.label("organisation"),
            User.id.label("account_id"),
            User.role.label("account_role"),
        )
        .join(Organisation, Organisation.id == Person.organisation_id)
        .outerjoin(User, User.person_id == Person.id)
        .options(raiseload("*"))
        .order_by(Person.active.desc(), Person.name, Organisation.name)
    )
    return [
        PersonRow(
            person=row.Person,
            organisation=row.organisation,
            account_id=row.account_id,
            account_role=row.account_role,
            actions=counts.get(row.Person.id, 0),
        )
        for row in rows
    ]


def get_person(person_id: int) -> Person | None:
    """Return a person, or None."""
    return db.session.scalar(select(Person).options(raiseload("*")).where(Person.id == person_id))


def _tidied(values: dict[str, Any]) -> dict[str, Any]:
    # Addresses are kept in lower case; an empty one is none.
    return {**values, "email": (values["email"] or "").lower() or None}


def _check_person(values: dict[str, Any], person_id: int | None, organisation_id: int) -> str:
    key = person_key(values["name"])
    if not key:
        raise Invalid({"name": "Enter a name with letters or digits in it"})
    taken = select(Person.name).where(
        Person.organisation_id == organisation_id, Person.name_key == key
    )
    if person_id is not None:
        taken = taken.where(Person.id != person_id)
    existing = db.session.scalar(taken)
    if existing is not None:
        raise Invalid({"name": f"There is already a person called {existing} in this organisation"})
    return key


def create_person(values: dict[str, Any], *, user_id: int | None) -> Person:
    """Add a person to the organisation chosen, the default one if none is."""
    values = {
        **_tidied(values),
        "organisation_id": chosen_organisation(values.get("organisation_id")).id,
    }
    key = _check_person(values, None, values["organisation_id"])
    person = Person(name_key=key, **values)
    db.session.add(person)
    db.session.flush()
    record_change(
        user_id=user_id,
        verb="create",
        entity="person",
        entity_id=person.id,
        summary=f"Added {person.name}",
        after=snapshot(person, NEW_PERSON_FIELDS),
    )
    db.session.flush()
    return person


def update_person(person: Person, values: dict[str, Any], *, user_id: int | None) -> dict[str, Any]:
    """Change a person's details and return what changed."""
    values = _tidied(values)
    key = _check_person(values, person.id, person.organisation_id)
    person.name_key = key
    return update_and_record(
        person, values, user_id=user_id, entity="person", summary=f"Changed {values['name']}"
    )


def list_accounts() -> list[AccountRow]:
    """Return every account with its person's name, active ones first."""
    users = db.session.scalars(
        select(User)
        .join(User.person)
        .options(contains_eager(User.person), raiseload("*"))
        .order_by(User.active.desc(), Person.name)
    )
    return [AccountRow(user) for user in users]


def get_account(user_id: int) -> AccountRow | None:
    """Return an account with its person's name, or None."""
    user = db.session.scalar(
        select(User).options(joinedload(User.person), raiseload("*")).where(User.id == user_id)
    )
    return AccountRow(user) if user else None


def people_without_account() -> list[tuple[int, str, str]]:
    """Return active people with no account as (id, name, email or '')."""
    return [
        (person_id, name, email or "")
        for person_id, name, email in db.session.execute(
            select(Person.id, Person.name, Person.email)
            .outerjoin(User, User.person_id == Person.id)
            .where(User.id.is_(None), Person.active.is_(True))
            .order_by(Person.name)
        )
    ]

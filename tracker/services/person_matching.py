"""Match the leads an import names to an organisation's people, their aliases and close names."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import raiseload

from tracker.domain.leads import person_key
from tracker.domain.people import same_person_suggestions
from tracker.extensions import db
from tracker.models import Person, PersonAlias
from tracker.services.audit import record_change


@dataclass(frozen=True)
class NewPerson:
    """A lead the import adds as a person, and the existing people it may be instead."""

    name: str
    suggestions: tuple[str, ...] = ()


@dataclass(frozen=True)
class LinkedName:
    """A lead read as an existing person of another name; remembered if an alias said so."""

    name: str
    person: str
    remembered: bool


@dataclass
class LeadPeople:
    """The people each lead is, by person_key, with who was added and who was linked."""

    people: dict[str, Person] = field(default_factory=dict)
    created: list[NewPerson] = field(default_factory=list)
    linked: list[LinkedName] = field(default_factory=list)


def _people_of(organisation_id: int) -> list[Person]:
    return list(
        db.session.scalars(
            select(Person)
            .options(raiseload("*"))
            .where(Person.organisation_id == organisation_id)
            .order_by(Person.name)
        )
    )


def _aliases_of(organisation_id: int) -> dict[str, int]:
    # A person moved to another organisation with their plan leaves their aliases behind unused.
    return dict(
        db.session.execute(
            select(PersonAlias.alias_key, PersonAlias.person_id)
            .join(Person, Person.id == PersonAlias.person_id)
            .where(
                PersonAlias.organisation_id == organisation_id,
                Person.organisation_id == organisation_id,
            )
        ).all()
    )


def same_as_problems(same_as: Mapping[str, str], organisation_id: int | None) -> list[str]:
    """Say which names are to be read as a person the organisation does not have."""
    if not same_as:
        return []
    known: set[str] = set()
    if organisation_id is not None:
        known = {person.name_key for person in _people_of(organisation_id)}
        known |= set(_aliases_of(organisation_id))
    return [
        f'the people entry "{name}": "{person}" names no existing person "{person}"; '
        "give the name of a person on the People page, or remove the entry"
        for name, person in same_as.items()
        if person_key(person) not in known
    ]


def add_alias(
    organisation_id: int, name: str, person: Person, *, user_id: int | None
) -> PersonAlias:
    """Remember that a name means this person, and record it in the audit trail."""
    key = person_key(name)
    # An alias left behind by a person who moved organisation is taken over, not duplicated.
    alias = db.session.scalar(
        select(PersonAlias)
        .options(raiseload("*"))
        .where(PersonAlias.organisation_id == organisation_id, PersonAlias.alias_key == key)
    ) or PersonAlias(organisation_id=organisation_id, alias_key=key)
    alias.alias = name
    alias.person_id = person.id
    db.session.add(alias)
    db.session.flush()
    record_change(
        user_id=user_id,
        verb="create",
        entity="person_alias",
        entity_id=alias.id,
        summary=f"{name} is read as {person.name}",
        details={"alias": name, "person_id": person.id, "person": person.name},
    )
    return alias


def resolve_lead_people(
    names: Iterable[str],
    organisation_id: int,
    *,
    same_as: Mapping[str, str],
    user_id: int | None,
) -> LeadPeople:
    """Return the person each lead is: by name, by alias, as accepted, else a new person."""
    wanted = {person_key(name): name for name in names}
    existing = _people_of(organisation_id)
    by_key = {person.name_key: person for person in existing}
    by_id = {person.id: person for person in existing}
    aliases = _aliases_of(organisation_id)
    accepted = {person_key(name): person_key(person) for name, person in same_as.items()}
    names_before = [person.name for person in existing]
    result = LeadPeople()
    for key, name in wanted.items():
        if key in by_key:
            result.people[key] = by_key[key]
        elif key in aliases:
            person = by_id[aliases[key]]
            result.people[key] = person
            result.linked.append(LinkedName(name, person.name, remembered=True))
        elif key in accepted:
            target = accepted[key]
            person = by_key[target] if target in by_key else by_id[aliases[target]]
            add_alias(organisation_id, name, person, user_id=user_id)
            result.people[key] = person
            result.linked.append(LinkedName(name, person.name, remembered=False))
        else:
            person = Person(organisation_id=organisation_id, name=name, name_key=key)
            db.session.add(person)
            result.people[key] = person
            result.created.append(NewPerson(name, same_person_suggestions(name, names_before)))
    db.session.flush()
    return result

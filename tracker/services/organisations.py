"""Name the organisation a plan and its people belong to, and the Lead texts it keeps whole."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select, update
from sqlalchemy.orm import raiseload

from tracker.domain.leads import lead_text_key, person_key, split_leads, whole_lead
from tracker.domain.plan_rows import Problem
from tracker.domain.text_limits import ORGANISATION_NAME, PERSON_NAME
from tracker.extensions import db
from tracker.models import Action, ActionLead, KeptWholeLead, Organisation, Person, Plan
from tracker.services.action_details import find_or_create_people, replace_leads_in_bulk
from tracker.services.audit import record_change
from tracker.services.validation import Invalid

# Plans and people from before organisations existed are in this one (migration 0005).
DEFAULT_ORGANISATION = "Default organisation"


@dataclass(frozen=True)
class LeadReading:
    """What splitting an organisation's Lead cells needs: its people's names and kept texts."""

    known_names: frozenset[str] = frozenset()
    kept_whole: frozenset[str] = frozenset()


@dataclass
class LeadKeptWhole:
    """What keeping a Lead text whole did: whether it was new, and the actions re-linked."""

    text: str
    recorded: bool
    actions_relinked: int = 0
    people_created: list[str] = field(default_factory=list)


@dataclass
class PlanMoved:
    """What moving a plan to another organisation did to the people leading its actions."""

    organisation: Organisation
    changed: bool = False
    people_moved: list[str] = field(default_factory=list)
    people_matched: list[str] = field(default_factory=list)
    people_created: list[str] = field(default_factory=list)


def default_organisation() -> Organisation:
    """Return the default organisation, adding it if it is not there."""
    organisation = find_organisation(DEFAULT_ORGANISATION)
    if organisation is None:
        organisation = Organisation(
            name=DEFAULT_ORGANISATION, name_key=person_key(DEFAULT_ORGANISATION)
        )
        db.session.add(organisation)
        db.session.flush()
    return organisation


def find_organisation(name: str) -> Organisation | None:
    """Return the organisation with this name ignoring case, spacing and punctuation, or None."""
    return db.session.scalar(
        select(Organisation)
        .options(raiseload("*"))
        .where(Organisation.name_key == person_key(name))
    )


def get_organisation(organisation_id: int) -> Organisation | None:
    """Return an organisation, or None."""
    return db.session.get(Organisation, organisation_id)


def organisation_choices() -> list[tuple[int, str]]:
    """Return every organisation as (id, name), by name."""
    return [
        (organisation_id, name)
        for organisation_id, name in db.session.execute(
            select(Organisation.id, Organisation.name).order_by(Organisation.name)
        )
    ]


def other_organisations() -> list[tuple[int, str]]:
    """Return every organisation but the default one as (id, name), by name."""
    return [
        (organisation_id, name)
        for organisation_id, name in db.session.execute(
            select(Organisation.id, Organisation.name)
            .where(Organisation.name_key != person_key(DEFAULT_ORGANISATION))
            .order_by(Organisation.name)
        )
    ]


def chosen_organisation(organisation_id: int | None) -> Organisation:
    """Return the organisation chosen by id, None being the default one."""
    if organisation_id is None:
        return default_organisation()
    organisation = get_organisation(organisation_id)
    if organisation is None:
        raise Invalid({"organisation_id": "Choose an organisation from the list"})
    return organisation


def find_or_create_organisation(name: str, *, user_id: int | None) -> Organisation:
    """Return the organisation with this name, adding it (and recording that) if it is new."""
    name = " ".join(name.split())
    if message := _name_problem(name):
        raise Invalid({"new_organisation": message})
    organisation = find_organisation(name)
    if organisation is not None:
        return organisation
    organisation = Organisation(name=name, name_key=person_key(name))
    db.session.add(organisation)
    db.session.flush()
    record_change(
        user_id=user_id,
        verb="create",
        entity="organisation",
        entity_id=organisation.id,
        summary=f"Added the organisation {name}",
        after={"name": name},
    )
    return organisation


def _name_problem(name: str) -> str | None:
    if not person_key(name):
        return "Enter the organisation's name, with letters or digits in it"
    return ORGANISATION_NAME.problem(" ".join(name.split()))


def organisation_for_import(slug: str, name: str | None) -> Organisation | None:
    """Return the organisation an import into this plan reads leads by, if it exists yet."""
    plan_organisation = select(Plan.organisation_id).where(Plan.slug == slug).scalar_subquery()
    by_plan = db.session.scalar(
        select(Organisation).options(raiseload("*")).where(Organisation.id == plan_organisation)
    )
    return by_plan or find_organisation(name or DEFAULT_ORGANISATION)


def organisation_problems(
    plan: Plan | None, name: str | None, found: Organisation | None
) -> list[Problem]:
    """Return what is wrong with the organisation an import names for its plan."""
    if name is None:
        return []
    if plan is not None and found is not None and person_key(name) != found.name_key:
        return [
            Problem(
                f"the plan '{plan.slug}' belongs to {found.name}, not {' '.join(name.split())}; "
                "change its organisation on the plan's admin page, or leave the organisation out"
            )
        ]
    if found is None and (message := _name_problem(name)):
        return [Problem(f"the organisation given: {message}")]
    return []


def organisation_for_new_plan(name: str | None, *, user_id: int | None) -> Organisation:
    """Return the organisation named for a new plan, added if new, or the default one."""
    if name is None:
        return default_organisation()
    return find_or_create_organisation(name, user_id=user_id)


def lead_reading(organisation_id: int | None) -> LeadReading:
    """Return the names of an organisation's people and the Lead texts it keeps whole."""
    if organisation_id is None:
        return LeadReading()
    return LeadReading(
        known_names=frozenset(
            db.session.scalars(select(Person.name).where(Person.organisation_id == organisation_id))
        ),
        kept_whole=frozenset(
            db.session.scalars(
                select(KeptWholeLead.text).where(KeptWholeLead.organisation_id == organisation_id)
            )
        ),
    )


def lead_reading_for_import(slug: str, organisation: str | None = None) -> LeadReading:
    """Return how an import into this plan (new in the organisation named) splits Lead cells."""
    found = organisation_for_import(slug, organisation)
    return lead_reading(found.id if found else None)


def keep_lead_whole_for_import(
    slug: str, text: str, *, organisation: str | None = None, user_id: int | None
) -> LeadKeptWhole:
    """Keep a Lead text whole in the organisation of the plan an import goes into."""
    found = organisation_for_import(slug, organisation)
    if found is None:
        found = organisation_for_new_plan(organisation, user_id=user_id)
    return keep_lead_whole(found.id, text, user_id=user_id)


def keep_lead_whole(organisation_id: int, text: str, *, user_id: int | None) -> LeadKeptWhole:
    """Remember a Lead text as one lead in an organisation and re-link the actions naming it."""
    tidy = whole_lead(text)
    key = lead_text_key(tidy)
    if not person_key(tidy):
        raise Invalid({"lead_text": "There is no lead text to keep as one lead"})
    if len(tidy) > PERSON_NAME.maximum:
        raise Invalid(
            {
                "lead_text": f"A lead's name must be {PERSON_NAME.maximum:,} characters or "
                f"fewer, and this text has {len(tidy):,}; it cannot be one lead"
            }
        )
    existing = db.session.scalar(
        select(KeptWholeLead.id).where(
            KeptWholeLead.organisation_id == organisation_id, KeptWholeLead.text_key == key
        )
    )
    result = LeadKeptWhole(tidy, recorded=existing is None)
    if existing is None:
        kept = KeptWholeLead(organisation_id=organisation_id, text=tidy, text_key=key)
        db.session.add(kept)
        db.session.flush()
        record_change(
            user_id=user_id,
            verb="create",
            entity="kept_whole_lead",
            entity_id=kept.id,
            summary=f"Kept '{tidy}' as one lead",
            after={"text": tidy, "organisation_id": organisation_id},
        )
    result.actions_relinked, created = _relink_leads(organisation_id, key)
    for person in created:
        record_change(
            user_id=user_id,
            verb="create",
            entity="person",
            entity_id=person.id,
            summary=f"Added {person.name}, named as a lead once '{tidy}' was kept as one lead",
            after={"name": person.name},
        )
        result.people_created.append(person.name)
    db.session.flush()
    return result


def _relink_leads(organisation_id: int, key: str) -> tuple[int, list[Person]]:
    """Split again the Lead texts in the organisation's plans that hold a newly kept text."""
    reading = lead_reading(organisation_id)
    wanted: dict[int, tuple[str, ...]] = {}
    for action_id, lead_text in db.session.execute(
        select(Action.id, Action.lead_text)
        .join(Plan, Plan.id == Action.plan_id)
        .where(Plan.organisation_id == organisation_id, Action.lead_text != "")
    ):
        if key in lead_text_key(lead_text):
            wanted[action_id] = split_leads(
                lead_text, known_names=reading.known_names, kept_whole=reading.kept_whole
            )
    if not wanted:
        return 0, []
    people, created = find_or_create_people(
        (name for names in wanted.values() for name in names), organisation_id
    )
    current: dict[int, list[int]] = defaultdict(list)
    for action_id, person_id in db.session.execute(
        select(ActionLead.action_id, ActionLead.person_id)
        .where(ActionLead.action_id.in_(list(wanted)))
        .order_by(ActionLead.position)
    ):
        current[action_id].append(person_id)
    changed = {
        action_id: ids
        for action_id, names in wanted.items()
        if (ids := [people[person_key(name)].id for name in names]) != current[action_id]
    }
    replace_leads_in_bulk(changed)
    return len(changed), [people[person_key(name)] for name in created]


def set_plan_organisation(
    plan: Plan, organisation_id: int | None, new_name: str, *, user_id: int | None
) -> PlanMoved:
    """Put a plan in the organisation chosen, or in a new one when a name is given."""
    if new_name.strip():
        organisation = find_or_create_organisation(new_name, user_id=user_id)
    else:
        organisation = chosen_organisation(organisation_id)
    return move_plan(plan, organisation, user_id=user_id)


def organisation_name(organisation_id: int) -> str:
    """Return an organisation's name."""
    return db.session.execute(
        select(Organisation.name).where(Organisation.id == organisation_id)
    ).scalar_one()


def move_plan(plan: Plan, organisation: Organisation, *, user_id: int | None) -> PlanMoved:
    """Put a plan in another organisation, its leads becoming that organisation's people."""
    moved = PlanMoved(organisation)
    old_id = plan.organisation_id
    if organisation.id == old_id:
        return moved
    moved.changed = True
    used_here = set(
        db.session.scalars(
            select(ActionLead.person_id)
            .join(Action, Action.id == ActionLead.action_id)
            .where(Action.plan_id == plan.id)
        )
    )
    if plan.owner_person_id is not None:
        used_here.add(plan.owner_person_id)
    used_elsewhere = set(
        db.session.scalars(
            select(ActionLead.person_id)
            .join(Action, Action.id == ActionLead.action_id)
            .where(Action.plan_id != plan.id, ActionLead.person_id.in_(used_here))
        )
    ) | set(
        db.session.scalars(
            select(Plan.owner_person_id).where(
                Plan.id != plan.id, Plan.owner_person_id.in_(used_here)
            )
        )
    )
    people = list(
        db.session.scalars(select(Person).options(raiseload("*")).where(Person.id.in_(used_here)))
    )
    there = {
        person.name_key: person
        for person in db.session.scalars(
            select(Person)
            .options(raiseload("*"))
            .where(
                Person.organisation_id == organisation.id,
                Person.name_key.in_([person.name_key for person in people]),
            )
        )
    }
    new_ids: dict[int, int] = {}
    for person in sorted(people, key=lambda person: person.name):
        match = there.get(person.name_key)
        if match is not None:
            new_ids[person.id] = match.id
            moved.people_matched.append(person.name)
        elif person.id not in used_elsewhere:
            # Only this plan names them: they are this organisation's, email and account too.
            person.organisation_id = organisation.id
            moved.people_moved.append(person.name)
        else:
            copy = Person(
                organisation_id=organisation.id, name=person.name, name_key=person.name_key
            )
            db.session.add(copy)
            db.session.flush()
            new_ids[person.id] = copy.id
            moved.people_created.append(person.name)
    action_ids = select(Action.id).where(Action.plan_id == plan.id).scalar_subquery()
    for old_person, new_person in new_ids.items():
        db.session.execute(
            update(ActionLead)
            .where(ActionLead.person_id == old_person, ActionLead.action_id.in_(action_ids))
            .values(person_id=new_person)
            .execution_options(synchronize_session=False)
        )
    old_name = organisation_name(old_id)
    if plan.owner_person_id is not None:
        plan.owner_person_id = new_ids.get(plan.owner_person_id, plan.owner_person_id)
    plan.organisation_id = organisation.id
    db.session.flush()
    record_change(
        user_id=user_id,
        verb="update",
        entity="plan",
        entity_id=plan.id,
        summary=f"Moved plan '{plan.title}' from {old_name} to {organisation.name}",
        before={"organisation": old_name},
        after={"organisation": organisation.name},
        details={
            "people moved": moved.people_moved,
            "people matched by name": moved.people_matched,
            "people added": moved.people_created,
        },
    )
    db.session.flush()
    return moved

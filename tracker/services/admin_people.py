"""List, add and change people and see who has a sign-in account."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import contains_eager, joinedload, raiseload

from tracker.domain.enums import Role
from tracker.domain.leads import person_key
from tracker.domain.plan_order import plan_order_key
from tracker.extensions import db
from tracker.models import (
    Action,
    ActionLead,
    ApiToken,
    AuditEvent,
    Evidence,
    Indicator,
    IndicatorReading,
    Objective,
    Organisation,
    OutboxMessage,
    Person,
    PersonAlias,
    Plan,
    PreparedDocument,
    StagedImport,
    StatusUpdate,
    TargetDateRevision,
    Theme,
    User,
)
from tracker.services.audit import record_change, snapshot, update_and_record
from tracker.services.organisations import chosen_organisation
from tracker.services.person_matching import add_alias
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


# Every column pointing at a person or an account, each moved by merge_people; a test fails when
# a new one is added without being moved here too.
MERGED_REFERENCES = frozenset(
    {
        "action_lead.person_id",
        "outbox_message.person_id",
        "person_alias.person_id",
        "plan.owner_person_id",
        "user_account.person_id",
        "audit_event.user_id",
        "staged_import.user_id",
        "prepared_document.user_id",
        "status_update.author_user_id",
        "indicator.owner_person_id",
        "indicator_reading.recorded_by_user_id",
        "evidence.uploaded_by_user_id",
        "target_date_revision.proposed_by_user_id",
        "target_date_revision.decided_by_user_id",
        "api_token.user_id",
    }
)


@dataclass
class Lead:
    """An action a person leads, for linking to it."""

    action_id: int
    plan_slug: str
    ref: str | None
    text: str


@dataclass
class MergePlan:
    """Two people to merge, what would move to the one kept, and why it is refused if it is."""

    keep: Person
    remove: Person
    keep_account: User | None
    remove_account: User | None
    leads: int
    shared_leads: int
    plans_owned: int
    messages: int
    aliases: int
    refusal: str | None


def _account_of(person_id: int) -> User | None:
    return db.session.scalar(
        select(User).options(raiseload("*")).where(User.person_id == person_id)
    )


def _count(statement: Any) -> int:
    return db.session.scalar(select(func.count()).select_from(statement.subquery())) or 0


def plan_merge(keep: Person, remove: Person) -> MergePlan:
    """Say what merging one person into another would move, or why it cannot be done."""
    kept_actions = select(ActionLead.action_id).where(ActionLead.person_id == keep.id)
    removed_leads = select(ActionLead.action_id).where(ActionLead.person_id == remove.id)
    keep_account, remove_account = _account_of(keep.id), _account_of(remove.id)
    refusal = None
    if keep.id == remove.id:
        refusal = "Choose two different people to merge"
    elif keep.organisation_id != remove.organisation_id:
        refusal = (
            f"{keep.name} and {remove.name} belong to different organisations; move one of "
            "their plans first so that both are the same organisation's"
        )
    elif keep_account is not None and remove_account is not None and remove_account.active:
        refusal = (
            f"{keep.name} and {remove.name} both have sign-in accounts, and a person has only "
            f"one. Deactivate {remove.name}'s account ({remove_account.email}) first, or keep "
            f"{remove.name} instead"
        )
    return MergePlan(
        keep=keep,
        remove=remove,
        keep_account=keep_account,
        remove_account=remove_account,
        leads=_count(removed_leads),
        shared_leads=_count(removed_leads.where(ActionLead.action_id.in_(kept_actions))),
        plans_owned=_count(select(Plan.id).where(Plan.owner_person_id == remove.id)),
        messages=_count(select(OutboxMessage.id).where(OutboxMessage.person_id == remove.id)),
        aliases=_count(select(PersonAlias.id).where(PersonAlias.person_id == remove.id)),
        refusal=refusal,
    )


def merge_people(plan: MergePlan, *, user_id: int | None, now: datetime) -> dict[str, Any]:
    """Move everything of the person removed to the one kept, remember the name, and record it."""
    if plan.refusal is not None:
        raise Invalid({"keep": plan.refusal})
    keep, remove = plan.keep, plan.remove
    kept_actions = select(ActionLead.action_id).where(ActionLead.person_id == keep.id)
    indicators_owned = _count(select(Indicator.id).where(Indicator.owner_person_id == remove.id))
    # Leading the same action twice is one lead: the kept person's row stays.
    db.session.execute(
        delete(ActionLead).where(
            ActionLead.person_id == remove.id, ActionLead.action_id.in_(kept_actions)
        )
    )
    for column in (
        ActionLead.person_id,
        OutboxMessage.person_id,
        PersonAlias.person_id,
        Plan.owner_person_id,
        Indicator.owner_person_id,
    ):
        db.session.execute(
            update(column.class_).where(column == remove.id).values({column.key: keep.id})
        )
    moved: dict[str, Any] = {
        "kept": keep.name,
        "removed": remove.name,
        "leads_moved": plan.leads - plan.shared_leads,
        "leads_already_shared": plan.shared_leads,
        "plans_owned_moved": plan.plans_owned,
        "reminders_moved": plan.messages,
        "aliases_moved": plan.aliases,
        "indicators_owned_moved": indicators_owned,
        "account_moved": False,
        "status_updates_moved": 0,
    }
    account = plan.remove_account
    if account is not None:
        moved["status_updates_moved"] = _count(
            select(StatusUpdate.id).where(StatusUpdate.author_user_id == account.id)
        )
    if account is not None and plan.keep_account is None:
        # Updates the person wrote stay with their account, which is now the kept person's.
        db.session.execute(update(User).where(User.id == account.id).values(person_id=keep.id))
        moved["account_moved"] = True
    elif account is not None and plan.keep_account is not None:
        # The removed person's account is deactivated: what it did is the kept person's doing.
        kept_user = plan.keep_account.id
        db.session.execute(
            update(StatusUpdate)
            .where(StatusUpdate.author_user_id == account.id)
            .values(author_user_id=kept_user)
        )
        # Who asked for and who decided a new target date is history too.
        for column in (
            TargetDateRevision.proposed_by_user_id,
            TargetDateRevision.decided_by_user_id,
        ):
            db.session.execute(
                update(TargetDateRevision)
                .where(column == account.id)
                .values({column.key: kept_user})
            )
        # A bulk update, so readings stay unchanged history apart from who recorded them.
        db.session.execute(
            update(IndicatorReading)
            .where(IndicatorReading.recorded_by_user_id == account.id)
            .values(recorded_by_user_id=kept_user)
        )
        db.session.execute(
            update(Evidence)
            .where(Evidence.uploaded_by_user_id == account.id)
            .values(uploaded_by_user_id=kept_user)
        )
        moved["audit_events_moved"] = _count(
            select(AuditEvent.id).where(AuditEvent.user_id == account.id)
        )
        db.session.execute(
            update(AuditEvent).where(AuditEvent.user_id == account.id).values(user_id=kept_user)
        )
        # The trail names the tokens changes were made with, so they stay, revoked: acting for
        # the kept account is more than their owner gave them.
        moved["api_tokens_revoked"] = _count(
            select(ApiToken.id).where(ApiToken.user_id == account.id, ApiToken.revoked_at.is_(None))
        )
        db.session.execute(
            update(ApiToken)
            .where(ApiToken.user_id == account.id)
            .values(user_id=kept_user, revoked_at=func.coalesce(ApiToken.revoked_at, now))
        )
        # An unfinished import and documents prepared for download are the account's own
        # passing work, not history: they go with it.
        db.session.execute(delete(StagedImport).where(StagedImport.user_id == account.id))
        db.session.execute(delete(PreparedDocument).where(PreparedDocument.user_id == account.id))
        db.session.expunge(account)
        db.session.execute(delete(User).where(User.id == account.id))
        moved["account_removed"] = account.email
    if not keep.email and remove.email:
        keep.email = remove.email
        moved["email_taken"] = remove.email
    removed_id, removed_name = remove.id, remove.name
    db.session.expunge(remove)
    db.session.execute(delete(Person).where(Person.id == removed_id))
    db.session.flush()
    add_alias(keep.organisation_id, removed_name, keep, user_id=user_id)
    record_change(
        user_id=user_id,
        verb="merge",
        entity="person",
        entity_id=keep.id,
        summary=f"Merged {removed_name} into {keep.name}",
        details=moved,
    )
    db.session.flush()
    return moved


def merge_candidates(person: Person) -> list[tuple[int, str]]:
    """Return the other people of the person's organisation as (id, name), by name."""
    return [
        (person_id, name)
        for person_id, name in db.session.execute(
            select(Person.id, Person.name)
            .where(Person.organisation_id == person.organisation_id, Person.id != person.id)
            .order_by(Person.name)
        )
    ]


def people_without_email() -> list[tuple[Person, list[Lead]]]:
    """Return the active people with no email address, each with the actions they lead."""
    people = list(
        db.session.scalars(
            select(Person)
            .options(raiseload("*"))
            .where(Person.active.is_(True), (Person.email.is_(None)) | (Person.email == ""))
            .order_by(Person.name)
        )
    )
    leads: dict[int, list[Lead]] = {person.id: [] for person in people}
    if not people:
        return []
    rows = db.session.execute(
        select(
            ActionLead.person_id,
            Action.id,
            Action.ref,
            Action.text,
            Action.position,
            Plan.slug,
            Theme.number,
            Objective.position.label("objective_position"),
        )
        .join(Action, Action.id == ActionLead.action_id)
        .join(Plan, Plan.id == Action.plan_id)
        .join(Objective, Objective.id == Action.objective_id)
        .join(Theme, Theme.id == Objective.theme_id)
        .where(ActionLead.person_id.in_(list(leads)), Action.archived_at.is_(None))
    ).all()
    for row in sorted(
        rows,
        key=lambda row: (
            row.slug,
            plan_order_key(
                theme_number=row.number,
                objective_position=row.objective_position,
                position=row.position,
                ref=row.ref,
                action_id=row.id,
            ),
        ),
    ):
        leads[row.person_id].append(Lead(row.id, row.slug, row.ref, row.text))
    return [(person, leads[person.id]) for person in people]

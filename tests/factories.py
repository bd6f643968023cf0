"""Build plans, people and accounts for tests through the models, flushing as they go."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime

from tracker.domain.enums import Completion, Direction, Rag, Recurrence, Role
from tracker.domain.leads import person_key
from tracker.domain.status_key import DEFAULT_STATUS_KEY, StatusKeyEntry
from tracker.extensions import db
from tracker.models import (
    Action,
    ActionLead,
    Objective,
    Organisation,
    Person,
    Plan,
    PriorityBand,
    StatusUpdate,
    Theme,
    User,
)
from tracker.services.accounts import hash_password
from tracker.services.organisations import default_organisation
from tracker.services.status_updates import apply_update_to_action, status_values

PASSWORD = "correct horse battery staple"
_sequence = itertools.count(1)


def make_person(
    name: str | None = None, email: str | None = None, organisation: Organisation | None = None
) -> Person:
    """Create a person, with a unique name unless one is given, in the default organisation."""
    name = name or f"Person {next(_sequence)}"
    person = Person(
        organisation_id=(organisation or default_organisation()).id,
        name=name,
        name_key=person_key(name),
        email=email,
    )
    db.session.add(person)
    db.session.flush()
    return person


def make_user(
    role: Role = Role.LEAD,
    *,
    person: Person | None = None,
    email: str | None = None,
    password: str = PASSWORD,
) -> User:
    """Create an active account with a known password."""
    person = person or make_person()
    email = email or f"user{next(_sequence)}@example.org"
    if person.email is None:
        person.email = email
    user = User(
        person_id=person.id,
        email=email,
        role=role,
        password_hash=hash_password(password),
    )
    db.session.add(user)
    db.session.flush()
    return user


def make_plan(
    slug: str | None = None,
    title: str | None = None,
    bands: int = 0,
    organisation: Organisation | None = None,
) -> Plan:
    """Create a plan, optionally with numbered priority bands, in the default organisation."""
    number = next(_sequence)
    plan = Plan(
        slug=slug or f"plan-{number}",
        title=title or f"Plan {number}",
        owner="",
        organisation_id=(organisation or default_organisation()).id,
    )
    db.session.add(plan)
    db.session.flush()
    for band in range(1, bands + 1):
        db.session.add(PriorityBand(plan_id=plan.id, number=band, label=f"Band {band}"))
    db.session.flush()
    return plan


def make_theme(plan: Plan, number: int = 1, title: str | None = None) -> Theme:
    """Create a theme in a plan."""
    theme = Theme(plan_id=plan.id, number=number, title=title or f"Theme {number}")
    db.session.add(theme)
    db.session.flush()
    return theme


def make_action(
    plan: Plan,
    *,
    text: str | None = None,
    ref: str | None = None,
    leads: list[Person] = (),
    target_date: date | None = None,
    target_date_text: str | None = None,
    recurrence: Recurrence = Recurrence.NONE,
    theme: Theme | None = None,
    band_number: int | None = None,
) -> Action:
    """Create an action under a (new or given) theme and objective, with its leads."""
    if theme is None:
        theme = db.session.query(Theme).filter_by(plan_id=plan.id, number=1).one_or_none()
        theme = theme or make_theme(plan)
    objective = Objective(theme_id=theme.id, text="Objective", position=0)
    db.session.add(objective)
    db.session.flush()
    band_id = None
    if band_number is not None:
        band_id = (
            db.session.query(PriorityBand.id)
            .filter_by(plan_id=plan.id, number=band_number)
            .scalar()
        )
    number = next(_sequence)
    action = Action(
        plan_id=plan.id,
        objective_id=objective.id,
        band_id=band_id,
        ref=ref,
        text=text or f"Action {number}",
        position=number,
        target_date=target_date,
        target_date_text=target_date_text
        or (
            f"{target_date:%B %Y}"
            if target_date
            else recurrence.value.capitalize()
            if recurrence is not Recurrence.NONE
            else ""
        ),
        recurrence=recurrence,
        lead_text=" / ".join(p.name for p in leads),
    )
    db.session.add(action)
    db.session.flush()
    for position, person in enumerate(leads):
        db.session.add(ActionLead(action_id=action.id, person_id=person.id, position=position))
    db.session.flush()
    return action


def add_update(
    action: Action,
    *,
    as_at: date,
    completion: Completion = Completion.NOT_COMPLETED,
    rag: Rag | None = Rag.AMBER,
    status: StatusKeyEntry | None = None,
    direction: Direction | None = None,
    commentary: str = "",
    current_performance: str = "",
    completed_on: date | None = None,
    completed_on_unknown: bool = False,
    recorded_at: datetime | None = None,
    author: User | None = None,
    report_note: str | None = None,
) -> StatusUpdate:
    """Record a status update and refresh the action's current fields when it is the latest."""
    # Without an entry of the plan's own key, the update is recorded under the default key.
    if status is None and rag is not None:
        status = DEFAULT_STATUS_KEY.entry_named(rag.label)
    update = StatusUpdate(
        action_id=action.id,
        as_at=as_at,
        recorded_at=recorded_at or datetime.now(UTC),
        author_user_id=author.id if author else None,
        source="test",
        completion=completion,
        direction=direction,
        commentary=commentary,
        current_performance=current_performance,
        completed_on=completed_on,
        completed_on_unknown=completed_on_unknown,
        report_note=report_note,
        **status_values(status),
    )
    db.session.add(update)
    if action.current_as_at is None or action.current_as_at <= as_at:
        apply_update_to_action(action, update)
    db.session.flush()
    return update

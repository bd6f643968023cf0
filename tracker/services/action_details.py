"""Set an action's target date, milestones and leads the same way for imports and edits."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import delete, select
from sqlalchemy.orm import raiseload

from tracker.domain.enums import Recurrence
from tracker.domain.leads import person_key
from tracker.domain.target_dates import ResolvedTargetDate
from tracker.extensions import db
from tracker.models import Action, ActionLead, Milestone, Person


def set_target_date(action: Action, target: ResolvedTargetDate) -> None:
    """Keep the target date as written beside its due date, recurrence and flag reason."""
    action.target_date_text = target.text
    action.target_date = target.due
    action.recurrence = target.recurrence or Recurrence.NONE
    action.target_date_problem = target.reason if target.flagged else None


def replace_milestones(action_id: int, due_dates: Iterable[date]) -> None:
    """Replace an action's milestones with these dates."""
    db.session.execute(delete(Milestone).where(Milestone.action_id == action_id))
    db.session.add_all(Milestone(action_id=action_id, due_on=due_on) for due_on in due_dates)


def replace_leads(action_id: int, person_ids: list[int]) -> None:
    """Replace an action's leads with these people, in this order."""
    db.session.execute(delete(ActionLead).where(ActionLead.action_id == action_id))
    db.session.add_all(
        ActionLead(action_id=action_id, person_id=person_id, position=position)
        for position, person_id in enumerate(person_ids)
    )


def find_or_create_people(names: Iterable[str]) -> tuple[dict[str, Person], list[str]]:
    """Return the people with these names by person_key, creating the missing; and who was new."""
    wanted = {person_key(name): name for name in names}
    people: dict[str, Person] = {}
    if wanted:
        for person in db.session.scalars(
            select(Person).options(raiseload("*")).where(Person.name_key.in_(list(wanted)))
        ):
            people[person.name_key] = person
    created = []
    for key, name in wanted.items():
        if key not in people:
            person = Person(name=name, name_key=key)
            db.session.add(person)
            people[key] = person
            created.append(name)
    db.session.flush()
    return people, created

"""Set an action's target date, milestones and leads the same way for imports and edits."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import raiseload

from tracker.domain.enums import Recurrence
from tracker.domain.leads import person_key
from tracker.domain.milestones import MilestoneFacts, from_target
from tracker.domain.target_dates import ResolvedTargetDate
from tracker.extensions import db
from tracker.models import Action, ActionLead, Milestone, Person


def set_target_date(action: Action, target: ResolvedTargetDate) -> None:
    """Keep the target date as written beside its due date, recurrence and flag reason."""
    for name, value in target_date_values(target).items():
        setattr(action, name, value)


def target_date_values(target: ResolvedTargetDate) -> dict[str, object]:
    """Return an action's target date fields for a resolved target date."""
    return {
        "target_date_text": target.text,
        "target_date": target.due,
        "recurrence": target.recurrence or Recurrence.NONE,
        "target_date_problem": target.reason if target.flagged else None,
    }


def replace_milestones(action_id: int, target: ResolvedTargetDate) -> None:
    """Replace an action's milestones with those of its target-date text, keeping done dates."""
    replace_milestones_in_bulk({action_id: from_target(target)})


def replace_leads(action_id: int, person_ids: list[int]) -> None:
    """Replace an action's leads with these people, in this order."""
    db.session.execute(delete(ActionLead).where(ActionLead.action_id == action_id))
    db.session.add_all(
        ActionLead(action_id=action_id, person_id=person_id, position=position)
        for position, person_id in enumerate(person_ids)
    )


def replace_milestones_in_bulk(milestones: Mapping[int, Sequence[MilestoneFacts]]) -> None:
    """Replace many actions' milestones, by action id, in one delete."""
    if not milestones:
        return
    # A milestone given no done date, due on a day the action had one done for, keeps the day
    # it was done: a re-read target-date text does not undo what a lead marked done.
    done: dict[tuple[int, date], date | None] = {
        (action_id, due_on): done_on
        for action_id, due_on, done_on in db.session.execute(
            select(Milestone.action_id, Milestone.due_on, Milestone.done_on).where(
                Milestone.action_id.in_(list(milestones)), Milestone.done_on.is_not(None)
            )
        )
    }
    # Only for actions whose milestones are not loaded in the session: nothing there to update.
    db.session.execute(
        delete(Milestone)
        .where(Milestone.action_id.in_(list(milestones)))
        .execution_options(synchronize_session=False)
    )
    values = [
        {
            "action_id": action_id,
            "ref": milestone.ref,
            "text": milestone.text,
            "due_on": milestone.due_on,
            "done_on": milestone.done_on or done.get((action_id, milestone.due_on)),
            "position": position,
        }
        for action_id, given in milestones.items()
        for position, milestone in enumerate(given)
    ]
    if values:
        db.session.execute(insert(Milestone.__table__), values)


def replace_leads_in_bulk(leads: Mapping[int, Sequence[int]]) -> None:
    """Replace the leads of many actions, by action id, in one delete."""
    if not leads:
        return
    # Only for actions whose lead rows are not loaded in the session: nothing there to update.
    db.session.execute(
        delete(ActionLead)
        .where(ActionLead.action_id.in_(list(leads)))
        .execution_options(synchronize_session=False)
    )
    values = [
        {"action_id": action_id, "person_id": person_id, "position": position}
        for action_id, person_ids in leads.items()
        for position, person_id in enumerate(person_ids)
    ]
    if values:
        db.session.execute(insert(ActionLead.__table__), values)


def find_or_create_people(
    names: Iterable[str], organisation_id: int
) -> tuple[dict[str, Person], list[str]]:
    """Return an organisation's people with these names by person_key, creating the missing."""
    wanted = {person_key(name): name for name in names}
    people: dict[str, Person] = {}
    if wanted:
        for person in db.session.scalars(
            select(Person)
            .options(raiseload("*"))
            .where(Person.organisation_id == organisation_id, Person.name_key.in_(list(wanted)))
        ):
            people[person.name_key] = person
    created = []
    for key, name in wanted.items():
        if key not in people:
            person = Person(organisation_id=organisation_id, name=name, name_key=key)
            db.session.add(person)
            people[key] = person
            created.append(name)
    db.session.flush()
    return people, created

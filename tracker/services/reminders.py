"""Plan a day's reminder digests from the plans, actions and people in the database."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from tracker.domain.as_at import state_as_at
from tracker.domain.facts import UpdateFacts
from tracker.domain.indicator_reminders import IndicatorDueFacts, oldest_period_end_needed
from tracker.domain.reminders import (
    Digest,
    PlanReminderSettings,
    Recipient,
    ReminderRun,
    plan_reminders,
)
from tracker.domain.working_days import WorkingCalendar
from tracker.extensions import db
from tracker.models import Indicator, IndicatorReading, Person, Plan
from tracker.services.facts import load_action_facts, load_update_facts


@dataclass(frozen=True, slots=True)
class DayPlan:
    """Hold a day's reminder run with the plans and people it was worked out from."""

    run: ReminderRun
    plans: dict[int, PlanReminderSettings]
    recipients: dict[int, Recipient]


def load_plan_settings() -> list[PlanReminderSettings]:
    """Return the reminder settings of every plan."""
    query = select(
        Plan.id,
        Plan.title,
        Plan.slug,
        Plan.archived_at,
        Plan.due_soon_working_days,
        Plan.escalation_working_days,
        Plan.owner_person_id,
        Plan.reminder_repeat_working_days,
        Plan.reading_due_working_days,
    ).order_by(Plan.id)
    return [
        PlanReminderSettings(
            plan_id=plan_id,
            plan_title=title,
            plan_slug=slug,
            archived=archived_at is not None,
            due_soon_working_days=due_soon,
            escalation_working_days=escalation,
            owner_person_id=owner_id,
            repeat_working_days=repeat,
            reading_due_working_days=reading_due,
        )
        for (
            plan_id,
            title,
            slug,
            archived_at,
            due_soon,
            escalation,
            owner_id,
            repeat,
            reading_due,
        ) in db.session.execute(query)
    ]


def load_indicators(plan_ids: Collection[int]) -> list[IndicatorDueFacts]:
    """Return the indicators of these plans that someone owns and nobody has archived."""
    if not plan_ids:
        return []
    rows = db.session.execute(
        select(
            Indicator.id,
            Indicator.plan_id,
            Indicator.ref,
            Indicator.title,
            Indicator.frequency,
            Indicator.year_basis,
            Indicator.owner_person_id,
        )
        .where(
            Indicator.plan_id.in_(list(plan_ids)),
            Indicator.archived_at.is_(None),
            Indicator.owner_person_id.is_not(None),
        )
        .order_by(Indicator.id)
    )
    return [
        IndicatorDueFacts(
            indicator_id=indicator_id,
            plan_id=plan_id,
            ref=ref,
            title=title,
            frequency=frequency,
            year_basis=year_basis,
            owner_person_id=owner_id,
            archived=False,
        )
        for indicator_id, plan_id, ref, title, frequency, year_basis, owner_id in rows
    ]


def load_recorded_periods(
    indicator_ids: Collection[int], today: date
) -> dict[int, set[tuple[date, date]]]:
    """Return, by indicator, the periods it has a reading for that can matter to today."""
    if not indicator_ids:
        return {}
    rows = db.session.execute(
        select(
            IndicatorReading.indicator_id,
            IndicatorReading.period_start,
            IndicatorReading.period_end,
        )
        .where(
            IndicatorReading.indicator_id.in_(list(indicator_ids)),
            IndicatorReading.period_end >= oldest_period_end_needed(today),
        )
        .distinct()
    )
    periods: dict[int, set[tuple[date, date]]] = {}
    for indicator_id, start, end in rows:
        periods.setdefault(indicator_id, set()).add((start, end))
    return periods


def load_recipients(person_ids: Collection[int]) -> dict[int, Recipient]:
    """Return these people as reminder recipients."""
    if not person_ids:
        return {}
    rows = db.session.execute(
        select(
            Person.id.label("person_id"),
            Person.name,
            Person.email,
            Person.active,
            Person.due_soon_opt_out,
        ).where(Person.id.in_(list(person_ids)))
    )
    return {row.person_id: Recipient(**row._mapping) for row in rows}


def plan_day(today: date) -> DayPlan:
    """Work out the digests due on today, one per person and kind across every plan."""
    plans = load_plan_settings()
    live_ids = [plan.plan_id for plan in plans if not plan.archived]
    actions = load_action_facts(live_ids)
    latest: dict[int, UpdateFacts] = {}
    for plan_id in live_ids:
        latest.update(state_as_at(load_update_facts(plan_id, up_to=today), today))
    people = {lead_id for action in actions for lead_id in action.lead_ids}
    people |= {plan.owner_person_id for plan in plans if plan.owner_person_id is not None}
    indicators = load_indicators(live_ids)
    people |= {i.owner_person_id for i in indicators if i.owner_person_id is not None}
    recipients = load_recipients(people)
    run = plan_reminders(
        today=today,
        calendar=WorkingCalendar(),
        plans=plans,
        actions=actions,
        latest=latest,
        recipients=recipients,
        indicators=indicators,
        recorded_periods=load_recorded_periods([i.indicator_id for i in indicators], today),
    )
    return DayPlan(run, {plan.plan_id: plan for plan in plans}, recipients)


def describe_unreachable(day: DayPlan) -> list[dict[str, object]]:
    """Return who should get a digest but cannot, as the job's output lists them."""
    return [
        {
            "person_id": person.person_id,
            "name": person.name,
            "plan": day.plans[person.plan_id].plan_slug,
            "kind": person.kind.value,
            "reason": person.reason,
        }
        for person in day.run.unreachable
    ]


def by_recipient(day: DayPlan) -> list[tuple[Recipient, list[Digest]]]:
    """Group the day's digests by the person they go to, in name order."""
    grouped: dict[int, list[Digest]] = {}
    for digest in day.run.digests:
        grouped.setdefault(digest.person_id, []).append(digest)
    people = sorted(grouped, key=lambda person_id: (day.recipients[person_id].name, person_id))
    return [(day.recipients[person_id], grouped[person_id]) for person_id in people]

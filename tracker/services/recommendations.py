"""Keep a plan's recommendations and their links to actions, and say where each stands."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import raiseload

from tracker.domain.as_at import state_as_at
from tracker.domain.audit import AuditEntity, AuditVerb
from tracker.domain.facts import UpdateFacts
from tracker.domain.plan_order import natural_ref_key
from tracker.domain.recommendations import (
    RecommendationFacts,
    RecommendationsSummary,
    WrittenRecommendation,
    is_done,
    join_refs,
    read_recommendation_cell,
    recommendation_order,
    summarise_recommendations,
)
from tracker.domain.text_limits import length_problems, shortened
from tracker.extensions import db
from tracker.models import Action, ActionRecommendation, Plan, Recommendation
from tracker.services.audit import record_change, snapshot, update_and_record
from tracker.services.facts import load_states_as_at
from tracker.services.validation import Invalid

RECOMMENDATION_FIELDS = ("ref", "text", "source", "made_on", "due_on")


@dataclass(frozen=True)
class LinkedAction:
    """One action a recommendation links to, as the admin list names it."""

    action_id: int
    ref: str | None
    text: str


@dataclass(frozen=True)
class AdminRecommendation:
    """One recommendation on the admin list, archived or not, with the actions answering it."""

    recommendation: Recommendation
    actions: tuple[LinkedAction, ...]


def load_recommendation_facts(plan_id: int) -> list[RecommendationFacts]:
    """Return the plan's live recommendations, each with its live actions, in one query."""
    rows = db.session.execute(
        select(
            Recommendation.id,
            Recommendation.ref,
            Recommendation.text,
            Recommendation.source,
            Recommendation.made_on,
            Recommendation.due_on,
            Recommendation.position,
            Action.id,
        )
        .outerjoin(
            ActionRecommendation, ActionRecommendation.recommendation_id == Recommendation.id
        )
        .outerjoin(
            Action,
            (Action.id == ActionRecommendation.action_id) & Action.archived_at.is_(None),
        )
        .where(Recommendation.plan_id == plan_id, Recommendation.archived_at.is_(None))
    )
    linked: dict[int, list[int]] = defaultdict(list)
    found: dict[int, tuple[Any, ...]] = {}
    for row in rows:
        recommendation_id: int = row[0]
        found[recommendation_id] = tuple(row[:-1])
        if row[-1] is not None:
            linked[recommendation_id].append(row[-1])
    return [
        RecommendationFacts(
            recommendation_id=recommendation_id,
            ref=ref,
            text=text,
            source=source,
            made_on=made_on,
            due_on=due_on,
            action_ids=tuple(sorted(linked[recommendation_id])),
            position=position,
        )
        for recommendation_id, ref, text, source, made_on, due_on, position in found.values()
    ]


def recommendations_as_at(plan_id: int, day: date) -> RecommendationsSummary:
    """Return the plan's recommendations made by a day, each with its status on that day."""
    return summarise_recommendations(
        load_recommendation_facts(plan_id), load_states_as_at(plan_id, day), day
    )


@dataclass(frozen=True)
class RecommendationsPage:
    """The plan's recommendations on a day, with the actions answering each and which were done."""

    summary: RecommendationsSummary
    actions: dict[int, LinkedAction]
    done: frozenset[int]


def recommendations_page(plan_id: int, day: date) -> RecommendationsPage:
    """Return the plan's recommendations on a day, with their actions named and marked done."""
    states = load_states_as_at(plan_id, day)
    summary = summarise_recommendations(load_recommendation_facts(plan_id), states, day)
    linked = {action_id for row in summary.rows for action_id in row.recommendation.action_ids}
    actions = {
        action_id: LinkedAction(action_id, ref, text)
        for action_id, ref, text in db.session.execute(
            select(Action.id, Action.ref, Action.text).where(
                Action.plan_id == plan_id, Action.id.in_(linked)
            )
        )
        if action_id in states
    }
    done = frozenset(action_id for action_id in actions if is_done(states[action_id]))
    return RecommendationsPage(summary, actions, done)


def report_recommendations(
    plan_id: int, updates: Iterable[UpdateFacts], day: date
) -> RecommendationsSummary | None:
    """Return the recommendations for a report from its loaded updates; None when there are none."""
    facts = load_recommendation_facts(plan_id)
    if not facts:
        return None
    return summarise_recommendations(facts, state_as_at(updates, day), day)


def action_recommendations(action_id: int, day: date) -> RecommendationsSummary:
    """Return the live recommendations an action answers, each with its status on a day."""
    plan_id = db.session.scalar(select(Action.plan_id).where(Action.id == action_id))
    answered = set(
        db.session.scalars(
            select(ActionRecommendation.recommendation_id).where(
                ActionRecommendation.action_id == action_id
            )
        )
    )
    if plan_id is None or not answered:
        return RecommendationsSummary(as_at=day, met=0, total=0, rows=())
    facts = [
        recommendation
        for recommendation in load_recommendation_facts(plan_id)
        if recommendation.recommendation_id in answered
    ]
    return summarise_recommendations(facts, load_states_as_at(plan_id, day), day)


# Administration


def list_recommendations(plan: Plan) -> list[AdminRecommendation]:
    """Return the plan's recommendations in order, archived ones last, with their actions."""
    recommendations = list(
        db.session.scalars(
            select(Recommendation).options(raiseload("*")).where(Recommendation.plan_id == plan.id)
        )
    )
    actions: dict[int, list[LinkedAction]] = defaultdict(list)
    for recommendation_id, action_id, ref, text in db.session.execute(
        select(ActionRecommendation.recommendation_id, Action.id, Action.ref, Action.text)
        .join(Action, Action.id == ActionRecommendation.action_id)
        .join(Recommendation, Recommendation.id == ActionRecommendation.recommendation_id)
        .where(Recommendation.plan_id == plan.id, Action.archived_at.is_(None))
    ):
        actions[recommendation_id].append(LinkedAction(action_id, ref, text))
    return [
        AdminRecommendation(
            recommendation,
            tuple(sorted(actions[recommendation.id], key=lambda a: _ref_key(a.ref))),
        )
        for recommendation in sorted(
            recommendations,
            key=lambda r: (r.archived_at is not None, recommendation_order(_facts(r))),
        )
    ]


def get_recommendation(plan: Plan, recommendation_id: int) -> Recommendation | None:
    """Return a recommendation of this plan, or None."""
    return db.session.scalar(
        select(Recommendation)
        .options(raiseload("*"))
        .where(Recommendation.id == recommendation_id, Recommendation.plan_id == plan.id)
    )


def linked_action_refs(recommendation: Recommendation) -> str:
    """Return the refs of the live actions answering a recommendation, as its form shows them."""
    refs = db.session.scalars(
        select(Action.ref)
        .join(ActionRecommendation, ActionRecommendation.action_id == Action.id)
        .where(
            ActionRecommendation.recommendation_id == recommendation.id,
            Action.archived_at.is_(None),
            Action.ref.is_not(None),
        )
    )
    return join_refs(sorted((ref for ref in refs if ref), key=_ref_key))


def create_recommendation(
    plan: Plan, values: dict[str, Any], action_refs: str, *, user_id: int | None
) -> Recommendation:
    """Add a recommendation to a plan, linked to the actions whose refs are given."""
    action_ids = _checked(plan, values, action_refs, None)
    position = db.session.scalar(
        select(func.coalesce(func.max(Recommendation.position), 0)).where(
            Recommendation.plan_id == plan.id
        )
    )
    recommendation = Recommendation(plan_id=plan.id, position=(position or 0) + 1, **values)
    db.session.add(recommendation)
    db.session.flush()
    _link(recommendation.id, action_ids)
    record_change(
        user_id=user_id,
        verb=AuditVerb.CREATE,
        entity=AuditEntity.RECOMMENDATION,
        entity_id=recommendation.id,
        summary=f"Added recommendation {recommendation.ref} to '{plan.title}'",
        after={
            **snapshot(recommendation, RECOMMENDATION_FIELDS),
            "actions": _refs_of(action_ids),
        },
    )
    db.session.flush()
    return recommendation


def update_recommendation(
    plan: Plan,
    recommendation: Recommendation,
    values: dict[str, Any],
    action_refs: str,
    *,
    user_id: int | None,
) -> dict[str, Any]:
    """Change a recommendation and the actions answering it; return what changed."""
    action_ids = _checked(plan, values, action_refs, recommendation.id)
    summary = f"Changed recommendation {values['ref']} of '{plan.title}'"
    changes = update_and_record(
        recommendation,
        values,
        user_id=user_id,
        entity=AuditEntity.RECOMMENDATION,
        summary=summary,
    )
    before = _linked_ids(recommendation.id)
    if before != set(action_ids):
        _link(recommendation.id, action_ids)
        linked = {"actions": [_refs_of(before), _refs_of(action_ids)]}
        record_change(
            user_id=user_id,
            verb=AuditVerb.UPDATE,
            entity=AuditEntity.RECOMMENDATION,
            entity_id=recommendation.id,
            summary=summary,
            details=linked,
        )
        changes.update(linked)
    db.session.flush()
    return changes


def recommendation_choices(plan: Plan) -> list[tuple[int, str]]:
    """Return the plan's live recommendations in order as (id, 'ref: short text')."""
    facts = [
        RecommendationFacts(
            recommendation_id=row.id, ref=row.ref, text=row.text, position=row.position
        )
        for row in db.session.execute(
            select(
                Recommendation.id, Recommendation.ref, Recommendation.text, Recommendation.position
            ).where(Recommendation.plan_id == plan.id, Recommendation.archived_at.is_(None))
        )
    ]
    return [
        (fact.recommendation_id, f"{fact.ref}: {shortened(fact.text, 90)}")
        for fact in sorted(facts, key=recommendation_order)
    ]


def answered_by(action_id: int) -> list[int]:
    """Return the ids of the live recommendations an action answers."""
    return list(
        db.session.scalars(
            select(ActionRecommendation.recommendation_id)
            .join(Recommendation, Recommendation.id == ActionRecommendation.recommendation_id)
            .where(
                ActionRecommendation.action_id == action_id, Recommendation.archived_at.is_(None)
            )
            .order_by(ActionRecommendation.recommendation_id)
        )
    )


def set_answered(
    plan: Plan, action: Action, recommendation_ids: Sequence[int], *, user_id: int | None
) -> dict[str, Any]:
    """Make these the live recommendations an action answers; return what changed.

    Each recommendation gained or lost is recorded as a change of its actions, as its own form
    records them; archived recommendations keep their links.
    """
    refs = dict(
        db.session.execute(
            select(Recommendation.id, Recommendation.ref).where(
                Recommendation.plan_id == plan.id, Recommendation.archived_at.is_(None)
            )
        ).all()
    )
    wanted = set(recommendation_ids)
    if not wanted <= set(refs):
        raise Invalid({"recommendation_ids": "Choose recommendations of this plan"})
    before = set(answered_by(action.id))
    if before == wanted:
        return {}
    for recommendation_id in sorted(before ^ wanted):
        old = _linked_ids(recommendation_id)
        if recommendation_id in wanted:
            db.session.add(
                ActionRecommendation(action_id=action.id, recommendation_id=recommendation_id)
            )
            new = old | {action.id}
        else:
            db.session.execute(
                delete(ActionRecommendation).where(
                    ActionRecommendation.action_id == action.id,
                    ActionRecommendation.recommendation_id == recommendation_id,
                )
            )
            new = old - {action.id}
        record_change(
            user_id=user_id,
            verb=AuditVerb.UPDATE,
            entity=AuditEntity.RECOMMENDATION,
            entity_id=recommendation_id,
            summary=f"Changed recommendation {refs[recommendation_id]} of '{plan.title}'",
            details={"actions": [_refs_of(old), _refs_of(new)]},
        )
    db.session.flush()
    named = [join_refs(sorted((refs[i] for i in ids), key=_ref_key)) for ids in (before, wanted)]
    return {"recommendations": {"old": named[0], "new": named[1]}}


def set_recommendation_archived(
    plan: Plan, recommendation: Recommendation, archived_at: datetime | None, *, user_id: int | None
) -> None:
    """Archive a recommendation (it leaves the pages and reports) or bring it back."""
    verb = AuditVerb.ARCHIVE if archived_at else AuditVerb.RESTORE
    before = snapshot(recommendation, ["archived_at"])
    recommendation.archived_at = archived_at
    record_change(
        user_id=user_id,
        verb=verb,
        entity=AuditEntity.RECOMMENDATION,
        entity_id=recommendation.id,
        summary=f"{verb.capitalize()}d recommendation {recommendation.ref} of '{plan.title}'",
        before=before,
        after={"archived_at": archived_at},
    )
    db.session.flush()


def link_from_cells(plan: Plan, cells: dict[int, str], *, user_id: int | None) -> tuple[int, int]:
    """Link each imported action to the recommendations its cell names, creating new ones.

    Returns how many recommendations were created and how many links were added.
    """
    written: dict[int, tuple[WrittenRecommendation, ...]] = {
        action_id: read_recommendation_cell(cell) for action_id, cell in cells.items()
    }
    existing = {
        ref.casefold(): recommendation_id
        for recommendation_id, ref in db.session.execute(
            select(Recommendation.id, Recommendation.ref).where(Recommendation.plan_id == plan.id)
        )
    }
    created = 0
    wanted: set[tuple[int, int]] = set()
    for action_id, named in written.items():
        for entry in named:
            key = entry.ref.casefold()
            if key not in existing:
                existing[key] = create_recommendation(
                    plan,
                    {"ref": entry.ref, "text": entry.text or entry.ref, "source": ""},
                    "",
                    user_id=user_id,
                ).id
                created += 1
            wanted.add((action_id, existing[key]))
    already = {
        (action_id, recommendation_id)
        for action_id, recommendation_id in db.session.execute(
            select(ActionRecommendation.action_id, ActionRecommendation.recommendation_id).where(
                ActionRecommendation.action_id.in_(list(cells))
            )
        )
    }
    added = wanted - already
    db.session.add_all(
        ActionRecommendation(action_id=action_id, recommendation_id=recommendation_id)
        for action_id, recommendation_id in sorted(added)
    )
    db.session.flush()
    return created, len(added)


def refs_by_action(plan_id: int, action_ids: Sequence[int] | None = None) -> dict[int, str]:
    """Return each action's live recommendations' refs as one "; "-separated export cell."""
    query = (
        select(ActionRecommendation.action_id, Recommendation.ref)
        .join(Recommendation, Recommendation.id == ActionRecommendation.recommendation_id)
        .where(Recommendation.plan_id == plan_id, Recommendation.archived_at.is_(None))
    )
    refs: dict[int, list[str]] = defaultdict(list)
    for action_id, ref in db.session.execute(query):
        refs[action_id].append(ref)
    wanted = None if action_ids is None else set(action_ids)
    return {
        action_id: join_refs(sorted(named, key=_ref_key))
        for action_id, named in refs.items()
        if wanted is None or action_id in wanted
    }


def _checked(
    plan: Plan, values: dict[str, Any], action_refs: str, recommendation_id: int | None
) -> list[int]:
    """Return the ids of the actions the refs name, or say every problem with the values."""
    problems = length_problems(
        "recommendation", {name: values[name] or "" for name in ("ref", "text", "source")}
    )
    if "ref" not in problems:
        taken = select(Recommendation.id).where(
            Recommendation.plan_id == plan.id,
            func.lower(Recommendation.ref) == values["ref"].lower(),
        )
        if recommendation_id is not None:
            taken = taken.where(Recommendation.id != recommendation_id)
        if db.session.scalar(taken) is not None:
            problems["ref"] = f"The plan already has a recommendation {values['ref']}"
    if values.get("made_on") and values.get("due_on") and values["due_on"] < values["made_on"]:
        problems["due_on"] = "The due date must be on or after the date it was made"
    action_ids, action_problem = _action_ids(plan, action_refs)
    if action_problem:
        problems["action_refs"] = action_problem
    if problems:
        raise Invalid(problems)
    return action_ids


def _action_ids(plan: Plan, action_refs: str) -> tuple[list[int], str | None]:
    """Return the live actions the refs name, or say which refs name none or several."""
    refs = [entry.ref for entry in read_recommendation_cell(action_refs.replace(",", ";"))]
    if not refs:
        return [], None
    by_ref: dict[str, list[int]] = defaultdict(list)
    for action_id, ref in db.session.execute(
        select(Action.id, Action.ref).where(
            Action.plan_id == plan.id,
            Action.archived_at.is_(None),
            func.lower(Action.ref).in_([ref.lower() for ref in refs]),
        )
    ):
        by_ref[(ref or "").casefold()].append(action_id)
    unknown = [ref for ref in refs if not by_ref.get(ref.casefold())]
    if unknown:
        return [], f"No action of this plan has the reference {', '.join(unknown)}"
    several = [ref for ref in refs if len(by_ref[ref.casefold()]) > 1]
    if several:
        return [], f"More than one action has the reference {', '.join(several)}"
    return [by_ref[ref.casefold()][0] for ref in refs], None


def _linked_ids(recommendation_id: int) -> set[int]:
    return set(
        db.session.scalars(
            select(ActionRecommendation.action_id)
            .join(Action, Action.id == ActionRecommendation.action_id)
            .where(
                ActionRecommendation.recommendation_id == recommendation_id,
                Action.archived_at.is_(None),
            )
        )
    )


def _link(recommendation_id: int, action_ids: Sequence[int]) -> None:
    """Make these the live actions answering a recommendation; archived actions keep theirs."""
    live = select(Action.id).where(Action.archived_at.is_(None))
    db.session.execute(
        delete(ActionRecommendation).where(
            ActionRecommendation.recommendation_id == recommendation_id,
            ActionRecommendation.action_id.in_(live),
        )
    )
    db.session.add_all(
        ActionRecommendation(action_id=action_id, recommendation_id=recommendation_id)
        for action_id in dict.fromkeys(action_ids)
    )
    db.session.flush()


def _refs_of(action_ids: Iterable[int]) -> str:
    ids = list(action_ids)
    if not ids:
        return ""
    refs = db.session.scalars(select(Action.ref).where(Action.id.in_(ids)))
    return join_refs(sorted((ref or "" for ref in refs), key=_ref_key))


def _ref_key(ref: str | None) -> tuple[str | int, ...]:
    return natural_ref_key(ref or "")


def _facts(recommendation: Recommendation) -> RecommendationFacts:
    return RecommendationFacts(
        recommendation_id=recommendation.id,
        ref=recommendation.ref,
        text=recommendation.text,
        position=recommendation.position,
    )

"""Create and change indicators, their tolerances, targets, benchmarks and links to actions."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import raiseload

from tracker.domain.audit import AuditEntity, AuditVerb
from tracker.domain.indicator_terms import BenchmarkKind, Unit
from tracker.domain.indicator_tolerances import parse_tolerances
from tracker.domain.indicator_values import ValueProblem, parse_figure, year_start
from tracker.extensions import db
from tracker.models import (
    Action,
    Indicator,
    IndicatorAction,
    IndicatorBenchmark,
    IndicatorTarget,
    IndicatorTolerance,
    Plan,
)
from tracker.services.audit import record_change, snapshot, update_and_record
from tracker.services.validation import Invalid

# The indicator's own fields an administrator sets, in the order the form asks for them.
INDICATOR_FIELDS = (
    "ref",
    "title",
    "theme",
    "position",
    "unit",
    "polarity",
    "frequency",
    "year_basis",
    "ytd_method",
    "rag_method",
    "rag_on",
    "months_in_arrears",
    "owner_person_id",
    "notes",
)


def list_indicators(plan: Plan) -> list[Indicator]:
    """Return every indicator of the plan in scorecard order, archived ones last."""
    return list(
        db.session.scalars(
            select(Indicator)
            .options(raiseload("*"))
            .where(Indicator.plan_id == plan.id)
            .order_by(
                Indicator.archived_at.is_not(None), Indicator.position, Indicator.ref, Indicator.id
            )
        )
    )


def count_indicators(plan: Plan) -> int:
    """Return how many live indicators the plan has."""
    return (
        db.session.scalar(
            select(func.count(Indicator.id)).where(
                Indicator.plan_id == plan.id, Indicator.archived_at.is_(None)
            )
        )
        or 0
    )


def get_indicator(plan: Plan, indicator_id: int) -> Indicator | None:
    """Return an indicator of this plan, archived or not, or None."""
    return db.session.scalar(
        select(Indicator)
        .options(raiseload("*"))
        .where(Indicator.id == indicator_id, Indicator.plan_id == plan.id)
    )


def _check_ref(plan: Plan, ref: str, indicator_id: int | None) -> None:
    taken = select(Indicator.id).where(Indicator.plan_id == plan.id, Indicator.ref == ref)
    if indicator_id is not None:
        taken = taken.where(Indicator.id != indicator_id)
    if db.session.scalar(taken) is not None:
        raise Invalid({"ref": f"Another indicator of this plan is {ref}; choose a different ref"})


def create_indicator(plan: Plan, values: dict[str, Any], *, user_id: int | None) -> Indicator:
    """Add an indicator to a plan."""
    _check_ref(plan, values["ref"], None)
    indicator = Indicator(plan_id=plan.id, **values)
    db.session.add(indicator)
    db.session.flush()
    record_change(
        user_id=user_id,
        verb=AuditVerb.CREATE,
        entity=AuditEntity.INDICATOR,
        entity_id=indicator.id,
        summary=f"Added indicator {indicator.ref} to '{plan.title}'",
        after=snapshot(indicator, INDICATOR_FIELDS),
    )
    db.session.flush()
    return indicator


def update_indicator(
    plan: Plan, indicator: Indicator, values: dict[str, Any], *, user_id: int | None
) -> dict[str, Any]:
    """Change an indicator's fields and return what changed."""
    _check_ref(plan, values["ref"], indicator.id)
    return update_and_record(
        indicator,
        values,
        user_id=user_id,
        entity=AuditEntity.INDICATOR,
        summary=f"Changed indicator {values['ref']} of '{plan.title}'",
    )


def set_indicator_archived(
    plan: Plan, indicator: Indicator, archived_at: datetime | None, *, user_id: int | None
) -> None:
    """Archive an indicator (it leaves the scorecard and reports) or bring it back."""
    verb = AuditVerb.ARCHIVE if archived_at else AuditVerb.RESTORE
    before = snapshot(indicator, ["archived_at"])
    indicator.archived_at = archived_at
    record_change(
        user_id=user_id,
        verb=verb,
        entity=AuditEntity.INDICATOR,
        entity_id=indicator.id,
        summary=f"{verb.capitalize()}d indicator {indicator.ref} of '{plan.title}'",
        before=before,
        after={"archived_at": archived_at},
    )
    db.session.flush()


def _audit(
    indicator: Indicator, summary: str, details: dict[str, Any], user_id: int | None
) -> None:
    record_change(
        user_id=user_id,
        verb=AuditVerb.UPDATE,
        entity=AuditEntity.INDICATOR,
        entity_id=indicator.id,
        summary=f"{summary} of indicator {indicator.ref}",
        details=details,
    )
    db.session.flush()


def set_tolerances(
    indicator: Indicator,
    year_of: date,
    red: str,
    amber: str,
    green: str,
    *,
    user_id: int | None,
) -> IndicatorTolerance:
    """Keep the bands for the year containing a day, refusing text the rules cannot read."""
    try:
        parse_tolerances(red, amber, green, polarity=indicator.polarity, unit=indicator.unit)
    except ValueProblem as problem:
        raise Invalid({_band_field(str(problem)): str(problem)}) from problem
    first_day = year_start(year_of, indicator.year_basis)
    bands = db.session.scalar(
        select(IndicatorTolerance).where(
            IndicatorTolerance.indicator_id == indicator.id,
            IndicatorTolerance.year_start == first_day,
        )
    )
    values = {"red": red, "amber": amber, "green": green}
    if bands is None:
        bands = IndicatorTolerance(indicator_id=indicator.id, year_start=first_day, **values)
        db.session.add(bands)
        changes: dict[str, Any] = values
    else:
        before = snapshot(bands, values)
        changes = {name: {"old": before[name], "new": value} for name, value in values.items()}
        for name, value in values.items():
            setattr(bands, name, value)
    _audit(
        indicator,
        f"Set the tolerances for the year from {first_day.isoformat()}",
        {"year_start": first_day.isoformat(), **changes},
        user_id,
    )
    return bands


def _band_field(problem: str) -> str:
    """Return the form field a tolerance problem names ("Amber: ..."), else the red one."""
    named = problem.split(":", 1)[0].strip().lower()
    return named if named in ("red", "amber", "green") else "red"


def delete_tolerances(indicator: Indicator, tolerance_id: int, *, user_id: int | None) -> bool:
    """Remove a year's bands of the indicator; say whether there were any."""
    bands = db.session.scalar(
        select(IndicatorTolerance).where(
            IndicatorTolerance.id == tolerance_id, IndicatorTolerance.indicator_id == indicator.id
        )
    )
    if bands is None:
        return False
    details = {"year_start": bands.year_start.isoformat(), **snapshot(bands, _BANDS)}
    db.session.execute(delete(IndicatorTolerance).where(IndicatorTolerance.id == bands.id))
    _audit(indicator, "Removed a year's tolerances", details, user_id)
    return True


_BANDS = ("red", "amber", "green")


def _figure(text: str, unit: Unit, field: str) -> Decimal:
    """Read a figure typed for a field, or refuse it naming the field's problem."""
    try:
        return parse_figure(text, unit)
    except ValueProblem as problem:
        raise Invalid({field: str(problem)}) from problem


def add_target(
    indicator: Indicator,
    value_text: str,
    applies_from: date | None,
    applies_until: date,
    *,
    user_id: int | None,
) -> IndicatorTarget:
    """Add a target, one of a staged series, for the period up to a date."""
    if applies_from is not None and applies_from > applies_until:
        raise Invalid({"applies_from": "The start must be on or before the date it applies until"})
    target = IndicatorTarget(
        indicator_id=indicator.id,
        value=_figure(value_text, indicator.unit, "value"),
        applies_from=applies_from,
        applies_until=applies_until,
        text=value_text.strip(),
    )
    db.session.add(target)
    db.session.flush()
    _audit(
        indicator,
        "Added a target",
        {
            "target": target.text,
            "applies_from": applies_from.isoformat() if applies_from else None,
            "applies_until": applies_until.isoformat(),
        },
        user_id,
    )
    return target


def delete_target(indicator: Indicator, target_id: int, *, user_id: int | None) -> bool:
    """Remove a target of the indicator; say whether there was one."""
    target = db.session.scalar(
        select(IndicatorTarget).where(
            IndicatorTarget.id == target_id, IndicatorTarget.indicator_id == indicator.id
        )
    )
    if target is None:
        return False
    details = {"target": target.text, "applies_until": target.applies_until.isoformat()}
    db.session.execute(delete(IndicatorTarget).where(IndicatorTarget.id == target.id))
    _audit(indicator, "Removed a target", details, user_id)
    return True


def set_benchmark(
    indicator: Indicator,
    kind: BenchmarkKind,
    value_text: str,
    period_label: str,
    *,
    user_id: int | None,
) -> IndicatorBenchmark:
    """Keep a comparator figure for a period, replacing the one of the same kind and period."""
    value = _figure(value_text, indicator.unit, "value")
    benchmark = db.session.scalar(
        select(IndicatorBenchmark).where(
            IndicatorBenchmark.indicator_id == indicator.id,
            IndicatorBenchmark.kind == kind,
            IndicatorBenchmark.period_label == period_label,
        )
    )
    old = None
    if benchmark is None:
        benchmark = IndicatorBenchmark(
            indicator_id=indicator.id, kind=kind, period_label=period_label, value=value
        )
        db.session.add(benchmark)
    else:
        old = benchmark.text
        benchmark.value = value
    benchmark.text = value_text.strip()
    db.session.flush()
    _audit(
        indicator,
        f"Set the {kind.label.lower()}",
        {"benchmark": kind.label, "period": period_label, "old": old, "new": benchmark.text},
        user_id,
    )
    return benchmark


def delete_benchmark(indicator: Indicator, benchmark_id: int, *, user_id: int | None) -> bool:
    """Remove a benchmark of the indicator; say whether there was one."""
    benchmark = db.session.scalar(
        select(IndicatorBenchmark).where(
            IndicatorBenchmark.id == benchmark_id, IndicatorBenchmark.indicator_id == indicator.id
        )
    )
    if benchmark is None:
        return False
    details = {"benchmark": benchmark.kind.label, "period": benchmark.period_label}
    db.session.execute(delete(IndicatorBenchmark).where(IndicatorBenchmark.id == benchmark.id))
    _audit(indicator, "Removed a benchmark", details, user_id)
    return True


def action_choices(plan: Plan) -> list[tuple[int, str]]:
    """Return the plan's live actions as (id, "ref text"), by ref."""
    return [
        (action_id, f"{ref or '#' + str(action_id)} {text[:100]}")
        for action_id, ref, text in db.session.execute(
            select(Action.id, Action.ref, Action.text)
            .where(Action.plan_id == plan.id, Action.archived_at.is_(None))
            .order_by(Action.ref, Action.id)
        )
    ]


def linked_action_ids(indicator: Indicator) -> list[int]:
    """Return the ids of the actions the indicator is linked to."""
    return list(
        db.session.scalars(
            select(IndicatorAction.action_id).where(IndicatorAction.indicator_id == indicator.id)
        )
    )


def link_actions(
    plan: Plan, indicator: Indicator, action_ids: list[int], *, user_id: int | None
) -> dict[str, list[int]]:
    """Link the indicator to exactly these live actions of its plan; return the changes."""
    offered = {action_id for action_id, _ in action_choices(plan)}
    unknown = [action_id for action_id in action_ids if action_id not in offered]
    if unknown:
        raise Invalid({"actions": "Choose actions of this plan that are not archived"})
    current = set(linked_action_ids(indicator))
    wanted = set(action_ids)
    added, removed = sorted(wanted - current), sorted((current - wanted) & offered)
    if removed:
        db.session.execute(
            delete(IndicatorAction).where(
                IndicatorAction.indicator_id == indicator.id,
                IndicatorAction.action_id.in_(removed),
            )
        )
    db.session.add_all(
        IndicatorAction(indicator_id=indicator.id, action_id=action_id) for action_id in added
    )
    db.session.flush()
    if added or removed:
        _audit(indicator, "Changed the actions", {"linked": added, "unlinked": removed}, user_id)
    return {"linked": added, "unlinked": removed}

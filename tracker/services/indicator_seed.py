"""Load the demo's indicators: the papers' NI 59, 60 and 68 and a fictional scorecard."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select

from tracker.domain.indicator_terms import (
    BenchmarkKind,
    Frequency,
    Polarity,
    RagMethod,
    Unit,
    YearBasis,
    YtdMethod,
)
from tracker.domain.indicator_values import (
    Period,
    parse_figure,
    parse_period_heading,
    parse_reading,
    period_containing,
    previous_period,
    year_start,
)
from tracker.extensions import db
from tracker.models import (
    Action,
    Indicator,
    IndicatorAction,
    IndicatorBenchmark,
    IndicatorReading,
    IndicatorTarget,
    IndicatorTolerance,
    Person,
    Plan,
)

# Readings are recorded a few days after their period ends, as a council collects them.
_RECORDED_AFTER = timedelta(days=5)


@dataclass(frozen=True, slots=True)
class IndicatorSeedSummary:
    """Say how many indicators and readings one plan's part of the demo added."""

    plan_slug: str
    indicators_created: int
    readings_added: int


def load_demo_indicators(
    data: dict[str, Any], *, today: date, now: datetime
) -> list[IndicatorSeedSummary]:
    """Add the demo's indicators that are not in yet; an indicator already there is left alone."""
    summaries = [
        _load_plan(entry["plan"], entry["source"], entry["indicators"], _paper_indicator, now)
        for entry in data["papers"]
    ]
    example = data["example"]
    summaries.append(
        _load_plan(
            example["plan"],
            example["source"],
            example["indicators"],
            lambda plan_id, entry, source, now: _example_indicator(
                plan_id, entry, source, today=today, now=now
            ),
            now,
        )
    )
    return summaries


def _load_plan(
    slug: str,
    source: str,
    entries: Sequence[dict[str, Any]],
    add: Any,
    now: datetime,
) -> IndicatorSeedSummary:
    plan_id = db.session.scalar(select(Plan.id).where(Plan.slug == slug))
    if plan_id is None:
        raise LookupError(f"the demo indicators' plan {slug!r} is not loaded")
    existing = set(db.session.scalars(select(Indicator.ref).where(Indicator.plan_id == plan_id)))
    created = readings = 0
    for entry in entries:
        if entry["ref"] in existing:
            continue
        readings += add(plan_id, entry, source, now)
        created += 1
    db.session.flush()
    return IndicatorSeedSummary(slug, created, readings)


def _new_indicator(plan_id: int, entry: dict[str, Any], owner_id: int | None) -> Indicator:
    indicator = Indicator(
        plan_id=plan_id,
        ref=entry["ref"],
        title=entry["title"],
        theme=entry["theme"],
        position=entry["position"],
        unit=Unit(entry["unit"]),
        polarity=Polarity(entry["polarity"]),
        frequency=Frequency(entry["frequency"]),
        year_basis=YearBasis(entry["year_basis"]),
        ytd_method=YtdMethod(entry["ytd_method"]),
        rag_method=RagMethod(entry["rag_method"]),
        owner_person_id=owner_id,
        notes=entry.get("notes", ""),
    )
    db.session.add(indicator)
    db.session.flush()
    return indicator


def _recorded_at(period: Period, now: datetime) -> datetime:
    return min(now, datetime.combine(period.end + _RECORDED_AFTER, time(9), tzinfo=UTC))


def _add_reading(
    indicator: Indicator,
    period: Period,
    text: str,
    *,
    commentary: str,
    source: str,
    recorded_at: datetime,
    supersedes: IndicatorReading | None = None,
) -> IndicatorReading:
    value = parse_reading(text, indicator.unit)
    reading = IndicatorReading(
        indicator_id=indicator.id,
        period_start=period.start,
        period_end=period.end,
        value=value.value,
        numerator=value.numerator,
        denominator=value.denominator,
        text=text,
        commentary=commentary,
        recorded_at=recorded_at,
        source=source,
        supersedes_id=supersedes.id if supersedes is not None else None,
    )
    db.session.add(reading)
    db.session.flush()
    indicator.last_recorded_at = max(indicator.last_recorded_at or recorded_at, recorded_at)
    return reading


def _add_benchmarks(indicator: Indicator, benchmarks: Sequence[dict[str, Any]]) -> None:
    for benchmark in benchmarks:
        period_end = benchmark.get("period_end")
        db.session.add(
            IndicatorBenchmark(
                indicator_id=indicator.id,
                kind=BenchmarkKind(benchmark["kind"]),
                value=parse_figure(benchmark["text"], indicator.unit),
                period_label=benchmark["period_label"],
                period_end=date.fromisoformat(period_end) if period_end else None,
                text=benchmark["text"],
            )
        )


def _link_actions(indicator: Indicator, action_ids: Sequence[int]) -> None:
    for action_id in dict.fromkeys(action_ids):
        db.session.add(IndicatorAction(indicator_id=indicator.id, action_id=action_id))


def _person_named(name: str) -> int | None:
    return db.session.scalar(select(Person.id).where(Person.name == name).order_by(Person.id))


def _person_with_email(email: str) -> int | None:
    return db.session.scalar(select(Person.id).where(Person.email == email).order_by(Person.id))


def _paper_indicator(plan_id: int, entry: dict[str, Any], source: str, now: datetime) -> int:
    """Add one of the papers' indicators with its staged targets, readings and comparators."""
    indicator = _new_indicator(plan_id, entry, _person_named(entry["owner"]))
    for target in entry["targets"]:
        db.session.add(
            IndicatorTarget(
                indicator_id=indicator.id,
                value=parse_figure(target["figure"], indicator.unit),
                applies_from=None,
                applies_until=date.fromisoformat(target["applies_until"]),
                text=target["text"],
            )
        )
    for reading in entry["readings"]:
        period = parse_period_heading(
            reading["period"], frequency=indicator.frequency, year_basis=indicator.year_basis
        )
        _add_reading(
            indicator,
            period,
            reading["text"],
            commentary=reading["commentary"],
            source=source,
            recorded_at=_recorded_at(period, now),
        )
    _add_benchmarks(indicator, entry["benchmarks"])
    # The plan's own rows for the indicator are the actions that work towards it.
    mentioning = db.session.scalars(
        select(Action.id).where(
            Action.plan_id == plan_id,
            Action.archived_at.is_(None),
            Action.text.contains(entry["ref"]),
        )
    )
    _link_actions(indicator, list(mentioning))
    return len(entry["readings"])


def _example_indicator(
    plan_id: int, entry: dict[str, Any], source: str, *, today: date, now: datetime
) -> int:
    """Add a fictional indicator whose readings run up to the last period complete on today."""
    indicator = _new_indicator(plan_id, entry, _person_with_email(entry["owner_email"]))
    frequency, basis = indicator.frequency, indicator.year_basis
    periods = [previous_period(period_containing(today, frequency, basis), frequency, basis)]
    while len(periods) < len(entry["readings"]):
        periods.append(previous_period(periods[-1], frequency, basis))
    periods.reverse()
    added = 0
    latest: IndicatorReading | None = None
    for period, text in zip(periods, entry["readings"], strict=True):
        if text is None:
            continue
        is_latest = period == periods[-1]
        latest = _add_reading(
            indicator,
            period,
            text,
            commentary=entry.get("commentary_on_latest", "") if is_latest else "",
            source=source,
            recorded_at=_recorded_at(period, now),
        )
        added += 1
    correction = entry.get("correction_of_latest")
    if correction is not None and latest is not None:
        corrected_on = max(latest.recorded_at, min(now, latest.recorded_at + timedelta(days=2)))
        _add_reading(
            indicator,
            periods[-1],
            correction["text"],
            commentary=correction["commentary"],
            source=source,
            recorded_at=corrected_on,
            supersedes=latest,
        )
        added += 1
    # Tolerances and targets for this year and last, so the year-on-year figures are judged too.
    this_year = year_start(today, basis)
    years = [year_start(this_year - timedelta(days=1), basis), this_year]
    for first_day in years:
        last_day = year_start(first_day + timedelta(days=400), basis) - timedelta(days=1)
        tolerances = entry.get("tolerances")
        if tolerances is not None:
            db.session.add(
                IndicatorTolerance(indicator_id=indicator.id, year_start=first_day, **tolerances)
            )
        target = entry.get("target")
        if target is not None:
            db.session.add(
                IndicatorTarget(
                    indicator_id=indicator.id,
                    value=parse_figure(target, indicator.unit),
                    applies_from=first_day,
                    applies_until=last_day,
                    text=target,
                )
            )
    _add_benchmarks(indicator, entry["benchmarks"])
    refs = entry["actions"]
    if refs:
        _link_actions(
            indicator,
            list(
                db.session.scalars(
                    select(Action.id).where(Action.plan_id == plan_id, Action.ref.in_(refs))
                )
            ),
        )
    return added

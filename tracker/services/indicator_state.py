"""Judge indicators on their latest readings, for the pages and reports that show them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from sqlalchemy import select

from tracker.domain.indicator_rules import (
    Assessment,
    BenchmarkFacts,
    IndicatorFacts,
    ReadingFacts,
    TargetFacts,
    ToleranceFacts,
    assess,
)
from tracker.domain.indicator_values import period_containing, previous_period
from tracker.domain.scorecard import in_force, reading_period, stored_value
from tracker.extensions import db
from tracker.models import (
    Indicator,
    IndicatorAction,
    IndicatorBenchmark,
    IndicatorReading,
    IndicatorTarget,
    IndicatorTolerance,
)


def latest_for_actions(action_ids: Iterable[int], today: date) -> dict[int, list[Assessment]]:
    """Return, per action, its live indicators judged on their latest readings up to today."""
    wanted = list(action_ids)
    if not wanted:
        return {}
    links = db.session.execute(
        select(IndicatorAction.action_id, IndicatorAction.indicator_id)
        .join(Indicator, Indicator.id == IndicatorAction.indicator_id)
        .where(IndicatorAction.action_id.in_(wanted), Indicator.archived_at.is_(None))
    ).all()
    judged = latest_assessments({indicator_id for _, indicator_id in links}, today)
    by_action: dict[int, list[Assessment]] = defaultdict(list)
    for action_id, indicator_id in links:
        by_action[action_id].append(judged[indicator_id])
    return {
        action_id: sorted(assessments, key=lambda a: (a.indicator.ref, a.indicator.id))
        for action_id, assessments in by_action.items()
    }


def latest_assessments(indicator_ids: Iterable[int], today: date) -> dict[int, Assessment]:
    """Judge each indicator for the period of its latest reading up to today, in five queries."""
    ids = sorted(set(indicator_ids))
    if not ids:
        return {}
    facts = {
        row.id: IndicatorFacts(**row._mapping)
        for row in db.session.execute(
            select(
                Indicator.id,
                Indicator.ref,
                Indicator.title,
                Indicator.theme,
                Indicator.unit,
                Indicator.polarity,
                Indicator.frequency,
                Indicator.year_basis,
                Indicator.ytd_method,
                Indicator.rag_method,
                # Not months_in_arrears: these judge the latest reading's own period, not a
                # scorecard column the figure arrives late for.
                Indicator.rag_on,
            ).where(Indicator.id.in_(ids))
        )
    }
    readings = _readings_in_force(facts, today)
    targets: dict[int, list[TargetFacts]] = defaultdict(list)
    for target in db.session.execute(
        select(
            IndicatorTarget.indicator_id,
            IndicatorTarget.value,
            IndicatorTarget.applies_from,
            IndicatorTarget.applies_until,
            IndicatorTarget.text,
        ).where(IndicatorTarget.indicator_id.in_(ids))
    ):
        targets[target.indicator_id].append(
            TargetFacts(target.value, target.applies_from, target.applies_until, target.text)
        )
    tolerances: dict[int, list[ToleranceFacts]] = defaultdict(list)
    for bands in db.session.execute(
        select(
            IndicatorTolerance.indicator_id,
            IndicatorTolerance.year_start,
            IndicatorTolerance.red,
            IndicatorTolerance.amber,
            IndicatorTolerance.green,
        ).where(IndicatorTolerance.indicator_id.in_(ids))
    ):
        tolerances[bands.indicator_id].append(
            ToleranceFacts(bands.year_start, bands.red, bands.amber, bands.green)
        )
    benchmarks: dict[int, list[BenchmarkFacts]] = defaultdict(list)
    for benchmark in db.session.execute(
        select(
            IndicatorBenchmark.indicator_id,
            IndicatorBenchmark.kind,
            IndicatorBenchmark.value,
            IndicatorBenchmark.period_label,
        ).where(IndicatorBenchmark.indicator_id.in_(ids))
    ):
        benchmarks[benchmark.indicator_id].append(
            BenchmarkFacts(benchmark.kind, benchmark.value, benchmark.period_label)
        )
    judged = {}
    for indicator_id, indicator in facts.items():
        own = readings.get(indicator_id, [])
        period = (
            max(own, key=lambda reading: reading.period.end).period
            if own
            else previous_period(
                period_containing(today, indicator.frequency, indicator.year_basis),
                indicator.frequency,
                indicator.year_basis,
            )
        )
        judged[indicator_id] = assess(
            indicator,
            own,
            targets[indicator_id],
            tolerances[indicator_id],
            benchmarks[indicator_id],
            period,
        )
    return judged


def _readings_in_force(
    facts: dict[int, IndicatorFacts], today: date
) -> dict[int, list[ReadingFacts]]:
    """Return the readings no correction supersedes, for periods ended by today."""
    rows = db.session.execute(
        select(
            IndicatorReading.id,
            IndicatorReading.indicator_id,
            IndicatorReading.period_start,
            IndicatorReading.period_end,
            IndicatorReading.value,
            IndicatorReading.numerator,
            IndicatorReading.denominator,
            IndicatorReading.text,
            IndicatorReading.commentary,
            IndicatorReading.recorded_at,
            IndicatorReading.supersedes_id,
        ).where(
            IndicatorReading.indicator_id.in_(list(facts)), IndicatorReading.period_end <= today
        )
    ).all()
    superseded = {row.supersedes_id for row in rows if row.supersedes_id is not None}
    unsuperseded: dict[int, list[tuple[int, ReadingFacts]]] = defaultdict(list)
    for row in rows:
        if row.id in superseded:
            continue
        indicator = facts[row.indicator_id]
        unsuperseded[row.indicator_id].append(
            (
                row.id,
                ReadingFacts(
                    period=reading_period(
                        row.period_start, row.period_end, indicator.frequency, indicator.year_basis
                    ),
                    value=stored_value(
                        row.value, row.numerator, row.denominator, row.text, indicator.unit
                    ),
                    commentary=row.commentary,
                    recorded_at=row.recorded_at,
                    corrected=row.supersedes_id is not None,
                ),
            )
        )
    return {indicator_id: list(in_force(pairs)) for indicator_id, pairs in unsuperseded.items()}

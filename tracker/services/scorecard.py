"""Load a plan's indicators in a fixed number of queries and build its scorecard for a month."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import exists, select
from sqlalchemy.orm import aliased
from sqlalchemy.sql.elements import ColumnElement

from tracker import clock
from tracker.domain.indicator_rules import (
    BenchmarkFacts,
    IndicatorFacts,
    ReadingFacts,
    TargetFacts,
    ToleranceFacts,
)
from tracker.domain.indicator_values import Period
from tracker.domain.scorecard import (
    IndicatorInput,
    Scorecard,
    assemble_scorecard,
    in_force,
    reading_period,
    stored_value,
)
from tracker.extensions import db
from tracker.models import (
    Indicator,
    IndicatorBenchmark,
    IndicatorReading,
    IndicatorTarget,
    IndicatorTolerance,
    Organisation,
    Plan,
)


class UnknownPlan(LookupError):
    """Say that no plan has the slug asked for."""


def has_indicators(plan_id: int) -> bool:
    """Say whether the plan has any live indicator, so its scorecard is worth a link."""
    return bool(
        db.session.scalar(
            select(exists().where(Indicator.plan_id == plan_id, Indicator.archived_at.is_(None)))
        )
    )


def _live(plan_id: int) -> tuple[ColumnElement[bool], ...]:
    return (Indicator.plan_id == plan_id, Indicator.archived_at.is_(None))


def build_scorecard(plan_slug: str, period: Period, *, today: date | None = None) -> Scorecard:
    """Return the plan's scorecard for the month `period`, in six queries whatever its size."""
    plan_row = db.session.execute(
        select(Plan.id, Plan.title, Plan.slug, Organisation.name)
        .join(Organisation, Organisation.id == Plan.organisation_id)
        .where(Plan.slug == plan_slug)
    ).one_or_none()
    if plan_row is None:
        raise UnknownPlan(plan_slug)
    plan_id, title, slug, organisation = plan_row
    live = _live(plan_id)

    indicators = db.session.execute(
        select(
            Indicator.id,
            Indicator.ref,
            Indicator.title,
            Indicator.theme,
            Indicator.position,
            Indicator.unit,
            Indicator.polarity,
            Indicator.frequency,
            Indicator.year_basis,
            Indicator.ytd_method,
            Indicator.rag_method,
            Indicator.months_in_arrears,
            Indicator.rag_on,
            Indicator.notes,
        ).where(*live)
    ).all()
    facts = {
        row.id: IndicatorFacts(
            id=row.id,
            ref=row.ref,
            title=row.title,
            theme=row.theme,
            unit=row.unit,
            polarity=row.polarity,
            frequency=row.frequency,
            year_basis=row.year_basis,
            ytd_method=row.ytd_method,
            rag_method=row.rag_method,
            months_in_arrears=row.months_in_arrears,
            rag_on=row.rag_on,
        )
        for row in indicators
    }

    correction = aliased(IndicatorReading)
    readings: dict[int, list[tuple[int, ReadingFacts]]] = defaultdict(list)
    for row in db.session.execute(
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
        )
        .join(Indicator, Indicator.id == IndicatorReading.indicator_id)
        .where(
            *live,
            IndicatorReading.period_end <= period.end,
            ~exists().where(correction.supersedes_id == IndicatorReading.id),
        )
        .order_by(IndicatorReading.indicator_id, IndicatorReading.period_end)
    ):
        indicator = facts[row.indicator_id]
        readings[row.indicator_id].append(
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

    targets: dict[int, list[TargetFacts]] = defaultdict(list)
    for target in db.session.execute(
        select(
            IndicatorTarget.indicator_id,
            IndicatorTarget.value,
            IndicatorTarget.applies_from,
            IndicatorTarget.applies_until,
            IndicatorTarget.text,
        )
        .join(Indicator, Indicator.id == IndicatorTarget.indicator_id)
        .where(*live)
        .order_by(IndicatorTarget.indicator_id, IndicatorTarget.applies_until)
    ):
        targets[target.indicator_id].append(
            TargetFacts(
                value=target.value,
                applies_from=target.applies_from,
                applies_until=target.applies_until,
                text=target.text,
            )
        )

    tolerances: dict[int, list[ToleranceFacts]] = defaultdict(list)
    for tolerance in db.session.execute(
        select(
            IndicatorTolerance.indicator_id,
            IndicatorTolerance.year_start,
            IndicatorTolerance.red,
            IndicatorTolerance.amber,
            IndicatorTolerance.green,
        )
        .join(Indicator, Indicator.id == IndicatorTolerance.indicator_id)
        .where(*live)
        .order_by(IndicatorTolerance.indicator_id, IndicatorTolerance.year_start)
    ):
        tolerances[tolerance.indicator_id].append(
            ToleranceFacts(
                year_start=tolerance.year_start,
                red=tolerance.red,
                amber=tolerance.amber,
                green=tolerance.green,
            )
        )

    benchmarks: dict[int, list[BenchmarkFacts]] = defaultdict(list)
    for benchmark in db.session.execute(
        select(
            IndicatorBenchmark.indicator_id,
            IndicatorBenchmark.kind,
            IndicatorBenchmark.value,
            IndicatorBenchmark.period_label,
        )
        .join(Indicator, Indicator.id == IndicatorBenchmark.indicator_id)
        .where(*live)
        .order_by(IndicatorBenchmark.indicator_id, IndicatorBenchmark.kind, IndicatorBenchmark.id)
    ):
        benchmarks[benchmark.indicator_id].append(
            BenchmarkFacts(
                kind=benchmark.kind, value=benchmark.value, period_label=benchmark.period_label
            )
        )

    return assemble_scorecard(
        plan_title=title,
        plan_slug=slug,
        organisation=organisation,
        period=period,
        generated_on=today or clock.today(),
        indicators=[
            IndicatorInput(
                facts=facts[row.id],
                position=row.position,
                notes=row.notes,
                readings=in_force(readings[row.id]),
                targets=tuple(targets[row.id]),
                tolerances=tuple(tolerances[row.id]),
                benchmarks=tuple(benchmarks[row.id]),
            )
            for row in indicators
        ],
    )

"""Load a plan's indicators in a fixed number of queries and build its scorecard for a month."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import Row, case, exists, extract, or_, select
from sqlalchemy.orm import aliased
from sqlalchemy.sql import Executable
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
    reading_window,
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

_SECONDS_A_DAY = 86_400


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


def _rows(statement: Executable) -> Sequence[Row[*tuple[Any, ...]]]:
    """Run a query of plain columns on the session's connection, past the ORM layer."""
    return db.session.connection().execute(statement).all()


def _needed(period: Period) -> ColumnElement[bool]:
    """Say in SQL whether a reading is one the scorecard for period draws on."""
    window = reading_window(period)
    start, end = IndicatorReading.period_start, IndicatorReading.period_end
    # Whole seconds of the Unix epoch: the one date difference SQLite and PostgreSQL both give.
    seconds_spanned = extract("epoch", end) - extract("epoch", start)
    return or_(
        Indicator.frequency.not_in(tuple(window.since)),
        end >= case(*((Indicator.frequency == f, since) for f, since in window.since.items())),
        end.in_(window.quarter_ends),
        seconds_spanned >= window.year_long_days * _SECONDS_A_DAY,
    )


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

    indicators = _rows(
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
    )
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
    # By position: this is the one query whose rows run to thousands.
    for (
        reading_id,
        indicator_id,
        period_start,
        period_end,
        value,
        numerator,
        denominator,
        text,
        commentary,
        recorded_at,
        supersedes_id,
    ) in _rows(
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
            _needed(period),
            ~exists().where(correction.supersedes_id == IndicatorReading.id),
        )
        .order_by(IndicatorReading.indicator_id, IndicatorReading.period_end)
    ):
        indicator = facts[indicator_id]
        readings[indicator_id].append(
            (
                reading_id,
                ReadingFacts(
                    reading_period(
                        period_start, period_end, indicator.frequency, indicator.year_basis
                    ),
                    stored_value(value, numerator, denominator, text, indicator.unit),
                    commentary,
                    recorded_at,
                    supersedes_id is not None,
                ),
            )
        )

    # Only the targets and tolerances that can be in force for a period the scorecard judges.
    window = reading_window(period)
    targets: dict[int, list[TargetFacts]] = defaultdict(list)
    for indicator_id, value, applies_from, applies_until, text in _rows(
        select(
            IndicatorTarget.indicator_id,
            IndicatorTarget.value,
            IndicatorTarget.applies_from,
            IndicatorTarget.applies_until,
            IndicatorTarget.text,
        )
        .join(Indicator, Indicator.id == IndicatorTarget.indicator_id)
        .where(
            *live,
            IndicatorTarget.applies_until >= window.targets_from,
            or_(IndicatorTarget.applies_from.is_(None), IndicatorTarget.applies_from <= period.end),
        )
        .order_by(IndicatorTarget.indicator_id, IndicatorTarget.applies_until)
    ):
        targets[indicator_id].append(TargetFacts(value, applies_from, applies_until, text))

    tolerances: dict[int, list[ToleranceFacts]] = defaultdict(list)
    replacement = aliased(IndicatorTolerance)
    for indicator_id, year_start, red, amber, green in _rows(
        select(
            IndicatorTolerance.indicator_id,
            IndicatorTolerance.year_start,
            IndicatorTolerance.red,
            IndicatorTolerance.amber,
            IndicatorTolerance.green,
        )
        .join(Indicator, Indicator.id == IndicatorTolerance.indicator_id)
        .where(
            *live,
            IndicatorTolerance.year_start <= period.end,
            ~exists().where(
                replacement.indicator_id == IndicatorTolerance.indicator_id,
                replacement.year_start > IndicatorTolerance.year_start,
                replacement.year_start <= window.tolerances_replaced_by,
            ),
        )
        .order_by(IndicatorTolerance.indicator_id, IndicatorTolerance.year_start)
    ):
        tolerances[indicator_id].append(ToleranceFacts(year_start, red, amber, green))

    benchmarks: dict[int, list[BenchmarkFacts]] = defaultdict(list)
    for indicator_id, kind, value, period_label in _rows(
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
        benchmarks[indicator_id].append(BenchmarkFacts(kind, value, period_label))

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

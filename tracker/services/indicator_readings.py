"""Record an indicator's readings as history, and read that history back with who recorded it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased, raiseload
from sqlalchemy.orm.exc import StaleDataError

from tracker.domain.audit import AuditEntity, AuditVerb
from tracker.domain.indicator_terms import Frequency, Polarity, Unit
from tracker.domain.indicator_values import (
    Period,
    ReadingValue,
    ValueProblem,
    format_value,
    not_read,
    parse_reading,
)
from tracker.domain.scorecard import reading_period
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
    User,
)
from tracker.services.audit import record_change


class IndicatorChanged(Exception):
    """Say that a reading was recorded for the indicator after the form was opened."""


@dataclass(frozen=True)
class ReadingShown:
    """A reading with the name of whoever recorded it and what it corrected or was corrected by."""

    reading: IndicatorReading
    recorded_by: str
    # The period as a scorecard heads it, such as "Nov-16"; empty where not worked out.
    period_label: str = ""
    supersedes: IndicatorReading | None = None
    superseded_by: IndicatorReading | None = None
    superseded_by_name: str = ""
    # Why the text as written gives no figure, when it could not be read (an import flags it).
    not_read: str = ""


def load_live_indicator(indicator_id: int) -> Indicator | None:
    """Return the indicator, without relationships, unless it or its plan is archived."""
    return db.session.scalar(
        select(Indicator)
        .join(Plan, Plan.id == Indicator.plan_id)
        .options(raiseload("*"))
        .where(
            Indicator.id == indicator_id,
            Indicator.archived_at.is_(None),
            Plan.archived_at.is_(None),
        )
    )


def history(indicator: Indicator) -> list[ReadingShown]:
    """Return every reading of the indicator, newest period first, corrections beside the rest."""
    indicator_id = indicator.id
    rows = db.session.execute(
        select(IndicatorReading, Person.name)
        .outerjoin(User, User.id == IndicatorReading.recorded_by_user_id)
        .outerjoin(Person, Person.id == User.person_id)
        .options(raiseload("*"))
        .where(IndicatorReading.indicator_id == indicator_id)
        .order_by(
            IndicatorReading.period_end.desc(),
            IndicatorReading.recorded_at.desc(),
            IndicatorReading.id.desc(),
        )
    ).all()
    by_id = {reading.id: (reading, name or "") for reading, name in rows}
    corrected_by = {
        reading.supersedes_id: (reading, name or "")
        for reading, name in rows
        if reading.supersedes_id is not None
    }
    shown = []
    for reading, name in rows:
        supersedes = by_id.get(reading.supersedes_id) if reading.supersedes_id else None
        correction = corrected_by.get(reading.id)
        shown.append(
            ReadingShown(
                reading=reading,
                recorded_by=name or "",
                period_label=reading_period(
                    reading.period_start,
                    reading.period_end,
                    indicator.frequency,
                    indicator.year_basis,
                ).label,
                supersedes=supersedes[0] if supersedes else None,
                superseded_by=correction[0] if correction else None,
                superseded_by_name=correction[1] if correction else "",
                not_read=_not_read(reading, indicator.unit),
            )
        )
    return shown


def _not_read(reading: IndicatorReading, unit: Unit) -> str:
    """Say why a reading with no figure could not be read, or nothing when it says none."""
    if reading.value is not None:
        return ""
    try:
        parse_reading(reading.text, unit)
    except ValueProblem as problem:
        return not_read(problem)
    return ""


def in_force(indicator_id: int, period: Period) -> ReadingShown | None:
    """Return the reading in force for a period: the one no correction supersedes, if any."""
    corrections = aliased(IndicatorReading)
    row = db.session.execute(
        select(IndicatorReading, Person.name)
        .outerjoin(User, User.id == IndicatorReading.recorded_by_user_id)
        .outerjoin(Person, Person.id == User.person_id)
        .outerjoin(corrections, corrections.supersedes_id == IndicatorReading.id)
        .options(raiseload("*"))
        .where(
            IndicatorReading.indicator_id == indicator_id,
            IndicatorReading.period_start == period.start,
            IndicatorReading.period_end == period.end,
            corrections.id.is_(None),
        )
        .order_by(IndicatorReading.recorded_at.desc(), IndicatorReading.id.desc())
        .limit(1)
    ).first()
    return None if row is None else ReadingShown(row[0], row[1] or "")


def record_reading(
    indicator: Indicator,
    period: Period,
    value: ReadingValue,
    *,
    text: str,
    commentary: str,
    seen_version: int,
    user_id: int,
    now: datetime,
) -> IndicatorReading:
    """Add a reading, superseding the one in force for its period; raise if the indicator moved."""
    if indicator.version != seen_version:
        raise IndicatorChanged
    earlier = in_force(indicator.id, period)
    reading = IndicatorReading(
        indicator_id=indicator.id,
        period_start=period.start,
        period_end=period.end,
        value=value.value,
        numerator=value.numerator,
        denominator=value.denominator,
        text=text.strip(),
        commentary=commentary.strip(),
        recorded_at=now,
        recorded_by_user_id=user_id,
        source="",
        supersedes_id=earlier.reading.id if earlier else None,
    )
    db.session.add(reading)
    # Moves the version on, so that a form opened before this reading is refused.
    indicator.last_recorded_at = now
    try:
        db.session.flush()
    except (StaleDataError, IntegrityError) as error:
        raise IndicatorChanged from error
    shown = value.no_data or format_value(value.value, indicator.unit)
    corrects = f", correcting {earlier.reading.text or '-'}" if earlier else ""
    record_change(
        user_id=user_id,
        verb=AuditVerb.CREATE,
        entity=AuditEntity.INDICATOR_READING,
        entity_id=reading.id,
        summary=f"Recorded a reading of indicator {indicator.ref} for {period.label}: "
        f"{shown}{corrects}",
        details={
            "indicator_id": indicator.id,
            "period": period.label,
            "value": reading.text,
            "supersedes_id": reading.supersedes_id,
        },
    )
    db.session.flush()
    return reading


@dataclass(frozen=True)
class IndicatorView:
    """Everything the indicator's page shows about it."""

    indicator: Indicator
    plan_slug: str
    plan_title: str
    plan_archived: bool
    owner_name: str
    targets: list[IndicatorTarget]
    tolerances: list[IndicatorTolerance]
    benchmarks: list[IndicatorBenchmark]
    actions: list[LinkedAction]
    readings: list[ReadingShown]

    @property
    def live(self) -> bool:
        """Tell whether readings may be recorded: neither the indicator nor its plan archived."""
        return self.indicator.archived_at is None and not self.plan_archived


@dataclass(frozen=True)
class LinkedAction:
    """An action the indicator is linked to, for linking to it."""

    action_id: int
    ref: str | None
    text: str


def load_indicator_view(indicator_id: int) -> IndicatorView | None:
    """Return the indicator with its figures, links and history, or None when there is none."""
    row = db.session.execute(
        select(Indicator, Plan.slug, Plan.title, Plan.archived_at, Person.name)
        .join(Plan, Plan.id == Indicator.plan_id)
        .outerjoin(Person, Person.id == Indicator.owner_person_id)
        .options(raiseload("*"))
        .where(Indicator.id == indicator_id)
    ).first()
    if row is None:
        return None
    indicator, slug, title, plan_archived_at, owner_name = row
    return IndicatorView(
        indicator=indicator,
        plan_slug=slug,
        plan_title=title,
        plan_archived=plan_archived_at is not None,
        owner_name=owner_name or "",
        targets=list(
            db.session.scalars(
                select(IndicatorTarget)
                .where(IndicatorTarget.indicator_id == indicator_id)
                .order_by(IndicatorTarget.applies_until, IndicatorTarget.id)
            )
        ),
        tolerances=list(
            db.session.scalars(
                select(IndicatorTolerance)
                .where(IndicatorTolerance.indicator_id == indicator_id)
                .order_by(IndicatorTolerance.year_start.desc())
            )
        ),
        benchmarks=list(
            db.session.scalars(
                select(IndicatorBenchmark)
                .where(IndicatorBenchmark.indicator_id == indicator_id)
                .order_by(IndicatorBenchmark.kind, IndicatorBenchmark.id)
            )
        ),
        actions=[
            LinkedAction(action_id, ref, text)
            for action_id, ref, text in db.session.execute(
                select(Action.id, Action.ref, Action.text)
                .join(IndicatorAction, IndicatorAction.action_id == Action.id)
                .where(IndicatorAction.indicator_id == indicator_id, Action.archived_at.is_(None))
                .order_by(Action.ref, Action.id)
            )
        ],
        readings=history(indicator),
    )


@dataclass(frozen=True)
class ListedIndicator:
    """One live indicator in a plan's list."""

    indicator_id: int
    ref: str
    title: str
    theme: str
    polarity: Polarity
    unit: Unit
    frequency: Frequency
    owner_name: str


def list_indicators(plan_id: int) -> list[ListedIndicator]:
    """Return a plan's live indicators in scorecard order: theme as placed, then position."""
    return [
        ListedIndicator(**row._mapping)
        for row in db.session.execute(
            select(
                Indicator.id.label("indicator_id"),
                Indicator.ref,
                Indicator.title,
                Indicator.theme,
                Indicator.polarity,
                Indicator.unit,
                Indicator.frequency,
                func.coalesce(Person.name, "").label("owner_name"),
            )
            .outerjoin(Person, Person.id == Indicator.owner_person_id)
            .where(Indicator.plan_id == plan_id, Indicator.archived_at.is_(None))
            .order_by(Indicator.position, Indicator.ref, Indicator.id)
        )
    ]


def in_force_by_period(readings: list[ReadingShown]) -> dict[tuple[date, date], ReadingShown]:
    """Return the reading in force for each period of a history, keyed by first and last day."""
    in_force: dict[tuple[date, date], ReadingShown] = {}
    # A history lists each period's latest recorded reading first: that one is in force.
    for shown in readings:
        if shown.superseded_by is None:
            in_force.setdefault((shown.reading.period_start, shown.reading.period_end), shown)
    return in_force

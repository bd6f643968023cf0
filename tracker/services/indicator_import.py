"""Import a performance scorecard into a plan's indicators, targets, tolerances and readings."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm import raiseload

from tracker.domain.audit import AuditEntity, AuditVerb
from tracker.domain.indicator_layout import (
    IndicatorRow,
    MappingProblem,
    ScorecardLayout,
    ScorecardMapping,
    find_layout,
    parse_scorecard_rows,
    scorecard_mapping_from_json,
)
from tracker.domain.leads import person_key
from tracker.domain.merged_cells import MergedRange, spread_merged_cells
from tracker.domain.plan_rows import Problem
from tracker.extensions import Base, db
from tracker.models import (
    Indicator,
    IndicatorBenchmark,
    IndicatorReading,
    IndicatorTarget,
    IndicatorTolerance,
    Plan,
)
from tracker.services.audit import record_change
from tracker.services.person_matching import (
    LinkedName,
    NewPerson,
    resolve_lead_people,
    same_as_problems,
)
from tracker.services.tabular import TableError, TableLimits, read_sheet, unneutralise

# The indicator's own settings an import sets, compared with what is stored to say what changed.
_SETTINGS = (
    "title",
    "theme",
    "unit",
    "polarity",
    "frequency",
    "year_basis",
    "ytd_method",
    "rag_method",
    "months_in_arrears",
    "rag_on",
    "notes",
)


class IndicatorImportRejected(Exception):
    """Carry every problem that stopped an import; nothing was written."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


@dataclass
class IndicatorImportSummary:
    """Say what an import of a scorecard created and changed."""

    plan_slug: str
    plan_title: str
    source: str
    indicators_created: list[str] = field(default_factory=list)
    indicators_changed: list[str] = field(default_factory=list)
    indicators_unchanged: int = 0
    readings_added: int = 0
    readings_corrected: list[str] = field(default_factory=list)
    readings_already_recorded: int = 0
    tolerances_set: int = 0
    targets_set: int = 0
    benchmarks_set: int = 0
    new_people: list[NewPerson] = field(default_factory=list)
    linked_people: list[LinkedName] = field(default_factory=list)
    computed_columns: tuple[str, ...] = ()
    ignored_columns: tuple[str, ...] = ()
    note_rows: tuple[int, ...] = ()
    # Cells not read, each with its row, column and reason; the rest of the row is imported.
    not_read: tuple[Problem, ...] = ()
    # Rows left out: no Ref or title, or a setting is a word the tracker does not know.
    rows_left_out: tuple[Problem, ...] = ()
    # Readings not read whose period already has a figure recorded, which stays in force.
    unread_kept: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        """Return the summary as lines for a terminal."""
        lines = [
            f"The indicators of plan '{self.plan_slug}' ({self.plan_title}) from {self.source}:"
        ]
        counts = [
            ("indicators created", len(self.indicators_created)),
            ("indicators whose details changed", len(self.indicators_changed)),
            ("indicators already as the file has them", self.indicators_unchanged),
            ("readings recorded", self.readings_added),
            (
                "readings corrected (the earlier figure kept as superseded)",
                len(self.readings_corrected),
            ),
            ("readings already recorded (unchanged)", self.readings_already_recorded),
            ("tolerance bands set or changed", self.tolerances_set),
            ("targets set or changed", self.targets_set),
            ("benchmarks set or changed", self.benchmarks_set),
            ("people added as owners", len(self.new_people)),
        ]
        lines.extend(f"  {count:>5}  {label}" for label, count in counts)
        lines.extend(f"  changed: {text}" for text in self.indicators_changed)
        lines.extend(f"  corrected: {text}" for text in self.readings_corrected)
        lines.extend(
            f"  new person: {new.name}"
            + (" (same person as " + " or ".join(new.suggestions) + "?)" if new.suggestions else "")
            for new in self.new_people
        )
        lines.extend(f"  read as {linked.person}: {linked.name}" for linked in self.linked_people)
        if self.computed_columns:
            lines.append(
                "Columns the paper works out, ignored because the tracker works them out from"
                " the readings: " + ", ".join(self.computed_columns)
            )
        if self.ignored_columns:
            lines.append("Columns not read: " + ", ".join(self.ignored_columns))
        if self.note_rows:
            lines.append(
                "Rows read as notes or a repeated header, not as indicators: "
                + ", ".join(str(number) for number in self.note_rows)
            )
        if self.not_read:
            lines.append(
                f"Not read ({_cells(len(self.not_read))}): each is flagged and the rest imported."
                " A reading not read is kept as written with no figure; a target or benchmark"
                " not read is not stored; tolerances not read are kept as written and not rated:"
            )
            lines.extend(f"  {problem}" for problem in self.not_read)
        if self.unread_kept:
            lines.append(
                "Readings not read where a figure is already recorded, which stays in force: "
                + ", ".join(self.unread_kept)
            )
        if self.rows_left_out:
            lines.append(
                f"Rows not imported ({len(self.rows_left_out)}), each with its reason; an"
                " indicator already stored keeps what it has:"
            )
            lines.extend(f"  {problem}" for problem in self.rows_left_out)
        return lines


def _cells(count: int) -> str:
    return f"{count} cell" if count == 1 else f"{count} cells"


def read_scorecard_mapping(path: Path) -> ScorecardMapping:
    """Read a scorecard mapping file; raise MappingProblem naming what is wrong with it."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise MappingProblem([f"could not read the mapping file {path.name}: {error}"]) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        where = f"line {error.lineno}, column {error.colno}"
        raise MappingProblem([f"the mapping file is not JSON: {error.msg} at {where}"]) from None
    return scorecard_mapping_from_json(data)


def import_indicator_file(
    path: Path,
    *,
    slug: str,
    limits: TableLimits,
    today: date,
    now: datetime,
    mapping: ScorecardMapping | None = None,
    user_id: int | None = None,
    strict: bool = False,
) -> IndicatorImportSummary:
    """Read a scorecard file and import it; raise IndicatorImportRejected with every problem."""
    try:
        sheet = read_sheet(path, limits)
    except TableError as error:
        raise IndicatorImportRejected([Problem(str(error))]) from error
    return import_indicator_rows(
        sheet.rows,
        slug=slug,
        source=path.name,
        today=today,
        now=now,
        mapping=mapping,
        merged=sheet.merged,
        user_id=user_id,
        strict=strict,
    )


def import_indicator_rows(
    rows: list[list[str]],
    *,
    slug: str,
    source: str,
    today: date,
    now: datetime,
    mapping: ScorecardMapping | None = None,
    merged: Sequence[MergedRange] = (),
    user_id: int | None = None,
    strict: bool = False,
) -> IndicatorImportSummary:
    """Import a scorecard's rows into the plan with this slug, flushing but not committing."""
    # strict: a cell or row that cannot be read refuses the whole file, as some councils want.
    plan = db.session.scalar(select(Plan).options(raiseload("*")).where(Plan.slug == slug))
    if plan is None:
        raise IndicatorImportRejected(
            [Problem(f"there is no plan '{slug}'; import the plan first, or check the slug")]
        )
    cells = [[unneutralise(cell) for cell in row] for row in rows]
    layout = find_layout(cells, mapping)
    if not isinstance(layout, ScorecardLayout):
        raise IndicatorImportRejected(layout)
    spread, _ = spread_merged_cells(cells, {}, merged, first_row=layout.header_index + 1)
    existing = {
        indicator.ref.casefold(): indicator
        for indicator in db.session.scalars(
            select(Indicator).options(raiseload("*")).where(Indicator.plan_id == plan.id)
        )
    }
    parsed = parse_scorecard_rows(
        spread,
        layout,
        today=today,
        stored={
            ref: (indicator.frequency, indicator.year_basis) for ref, indicator in existing.items()
        },
    )
    same_as = dict(mapping.people) if mapping is not None else {}
    problems = list(parsed.problems)
    problems.extend(Problem(text) for text in same_as_problems(same_as, plan.organisation_id))
    if strict:
        problems.extend(parsed.refused_rows)
        problems.extend(parsed.unread)
    if problems:
        raise IndicatorImportRejected(problems)
    summary = IndicatorImportSummary(
        plan.slug,
        plan.title,
        source,
        computed_columns=layout.computed,
        ignored_columns=layout.ignored,
        note_rows=tuple(parsed.notes),
        not_read=tuple(parsed.unread),
        rows_left_out=tuple(parsed.refused_rows),
    )
    _Import(plan, summary, source=source, now=now, user_id=user_id, same_as=same_as).run(
        parsed.indicators, existing
    )
    record_change(
        user_id=user_id,
        verb=AuditVerb.IMPORT,
        entity=AuditEntity.INDICATOR,
        entity_id=None,
        summary=f"Imported indicators from {source} into {plan.title}",
        details={
            "plan": plan.slug,
            "source": source,
            "indicators_created": len(summary.indicators_created),
            "indicators_changed": len(summary.indicators_changed),
            "readings_added": summary.readings_added,
            "readings_corrected": len(summary.readings_corrected),
        },
    )
    db.session.flush()
    return summary


_ReadingKey = tuple[int, date, date]


@dataclass(frozen=True)
class _InForce:
    """The reading in force for a period and its figures, to tell whether the file differs."""

    id: int
    figures: tuple[Decimal | None, Decimal | None, Decimal | None]


class _Import:
    """Match the file's indicators to the plan's by Ref and write what differs."""

    def __init__(
        self,
        plan: Plan,
        summary: IndicatorImportSummary,
        *,
        source: str,
        now: datetime,
        user_id: int | None,
        same_as: dict[str, str],
    ) -> None:
        self.plan = plan
        self.summary = summary
        self.source = f"import {source}"
        self.now = now
        self.user_id = user_id
        self.same_as = same_as

    def run(self, rows: list[IndicatorRow], existing: dict[str, Indicator]) -> None:
        """Create or update each indicator, then its bands, targets, benchmarks and readings."""
        # Each step loads or writes what every row needs at once (new rows go in as one batched
        # insert), so the number of queries does not grow with the number of indicators.
        session = db.session
        people = resolve_lead_people(
            (row.owner for row in rows if row.owner),
            self.plan.organisation_id,
            same_as=self.same_as,
            user_id=self.user_id,
        )
        self.summary.new_people.extend(people.created)
        self.summary.linked_people.extend(people.linked)
        new: list[dict[str, object]] = []
        placed: list[tuple[IndicatorRow, Indicator | None]] = []
        for position, row in enumerate(rows, start=1):
            owner = people.people[person_key(row.owner)] if row.owner else None
            values: dict[str, object] = {name: getattr(row, name) for name in _SETTINGS}
            values["position"] = position
            values["owner_person_id"] = None if owner is None else owner.id
            indicator = existing.get(row.ref.casefold())
            placed.append((row, indicator))
            if indicator is None:
                new.append(
                    {
                        "plan_id": self.plan.id,
                        "ref": row.ref,
                        "created_at": self.now,
                        "last_recorded_at": self.now if row.readings else None,
                        "version": 1,
                        **values,
                    }
                )
                self.summary.indicators_created.append(row.ref)
                continue
            # What the file does not state keeps what an administrator may have set since.
            stated = {
                name: value
                for name, value in values.items()
                if name.removesuffix("_person_id") not in row.defaulted
            }
            changed = [
                name.removesuffix("_person_id").replace("_", " ")
                for name, value in stated.items()
                if getattr(indicator, name) != value and name != "position"
            ]
            for name, value in stated.items():
                if getattr(indicator, name) != value:
                    setattr(indicator, name, value)
            if changed:
                self.summary.indicators_changed.append(f"{row.ref}: {', '.join(changed)}")
            else:
                self.summary.indicators_unchanged += 1
        session.flush()
        new_ids: dict[str, int] = {}
        if new:
            table = Indicator.__table__
            result = session.execute(insert(table).returning(table.c.id, table.c.ref), new)
            new_ids = {ref: indicator_id for indicator_id, ref in result}
        indicators = [
            _Placed(row, new_ids[row.ref] if indicator is None else indicator.id, indicator)
            for row, indicator in placed
        ]
        ids = [placed.id for placed in indicators]
        self._tolerances(indicators, ids)
        self._targets(indicators, ids)
        self._benchmarks(indicators, ids)
        self._readings(indicators, ids)

    def _tolerances(self, indicators: list[_Placed], ids: list[int]) -> None:
        stored = {
            (band.indicator_id, band.year_start): band
            for band in db.session.scalars(
                select(IndicatorTolerance)
                .options(raiseload("*"))
                .where(IndicatorTolerance.indicator_id.in_(ids))
            )
        }
        new = []
        for placed in indicators:
            row = placed.row
            if row.tolerances is None:
                continue
            red, amber, green = row.tolerances
            band = stored.get((placed.id, row.tolerance_year_start))
            if band is None:
                new.append(
                    {
                        "indicator_id": placed.id,
                        "year_start": row.tolerance_year_start,
                        "red": red,
                        "amber": amber,
                        "green": green,
                    }
                )
            elif (band.red, band.amber, band.green) != row.tolerances:
                band.red, band.amber, band.green = red, amber, green
            else:
                continue
            self.summary.tolerances_set += 1
        _insert(IndicatorTolerance, new)

    def _targets(self, indicators: list[_Placed], ids: list[int]) -> None:
        stored = {
            (target.indicator_id, target.applies_from, target.applies_until): target
            for target in db.session.scalars(
                select(IndicatorTarget)
                .options(raiseload("*"))
                .where(IndicatorTarget.indicator_id.in_(ids))
            )
        }
        new = []
        for placed in indicators:
            for given in placed.row.targets:
                target = stored.get((placed.id, given.applies_from, given.applies_until))
                if target is None:
                    new.append(
                        {
                            "indicator_id": placed.id,
                            "value": given.value,
                            "applies_from": given.applies_from,
                            "applies_until": given.applies_until,
                            "text": given.text,
                        }
                    )
                elif (target.value, target.text) != (given.value, given.text):
                    target.value, target.text = given.value, given.text
                else:
                    continue
                self.summary.targets_set += 1
        _insert(IndicatorTarget, new)

    def _benchmarks(self, indicators: list[_Placed], ids: list[int]) -> None:
        stored = {
            (benchmark.indicator_id, benchmark.kind, benchmark.period_label): benchmark
            for benchmark in db.session.scalars(
                select(IndicatorBenchmark)
                .options(raiseload("*"))
                .where(IndicatorBenchmark.indicator_id.in_(ids))
            )
        }
        new = []
        for placed in indicators:
            for given in placed.row.benchmarks:
                benchmark = stored.get((placed.id, given.kind, given.period_label))
                if benchmark is None:
                    new.append(
                        {
                            "indicator_id": placed.id,
                            "kind": given.kind,
                            "value": given.value,
                            "period_label": given.period_label,
                            "text": given.text,
                        }
                    )
                elif (benchmark.value, benchmark.text) != (given.value, given.text):
                    benchmark.value, benchmark.text = given.value, given.text
                else:
                    continue
                self.summary.benchmarks_set += 1
        _insert(IndicatorBenchmark, new)

    def _readings(self, indicators: list[_Placed], ids: list[int]) -> None:
        in_force = _readings_in_force(ids)
        new: list[dict[str, object]] = []
        recorded: list[Indicator] = []
        for placed in indicators:
            added = False
            for reading in placed.row.readings:
                current = in_force.get((placed.id, reading.period.start, reading.period.end))
                figures = (reading.value.value, reading.value.numerator, reading.value.denominator)
                if reading.unread and current is not None and current.figures[0] is not None:
                    # A cell that cannot be read does not put aside a figure recorded before.
                    self.summary.unread_kept.append(f"{placed.row.ref} {reading.period.label}")
                    continue
                if current is not None and figures == current.figures:
                    self.summary.readings_already_recorded += 1
                    continue
                if current is None:
                    self.summary.readings_added += 1
                else:
                    self.summary.readings_corrected.append(
                        f"{placed.row.ref} {reading.period.label}: {reading.text}"
                    )
                new.append(
                    {
                        "indicator_id": placed.id,
                        "period_start": reading.period.start,
                        "period_end": reading.period.end,
                        "value": reading.value.value,
                        "numerator": reading.value.numerator,
                        "denominator": reading.value.denominator,
                        "text": reading.text,
                        "commentary": reading.commentary,
                        "recorded_at": self.now,
                        "recorded_by_user_id": self.user_id,
                        "source": self.source[:200],
                        "supersedes_id": None if current is None else current.id,
                    }
                )
                added = True
            if added and placed.indicator is not None:
                recorded.append(placed.indicator)
        _insert(IndicatorReading, new)
        if recorded:
            # One executemany instead of an UPDATE per indicator; the version moves on as an
            # ORM update would move it, so a reading form opened before the import is stale.
            table = Indicator.__table__
            db.session.execute(
                update(table)
                .where(table.c.id == bindparam("indicator_id"))
                .values(last_recorded_at=self.now, version=table.c.version + 1),
                [{"indicator_id": indicator.id} for indicator in recorded],
            )
            for indicator in recorded:
                db.session.expire(indicator, ["version", "last_recorded_at"])
        db.session.flush()


@dataclass(frozen=True)
class _Placed:
    """A row of the file and the indicator it is: its id, and the stored one if it was there."""

    row: IndicatorRow
    id: int
    indicator: Indicator | None


def _insert(model: type[Base], rows: list[dict[str, object]]) -> None:
    """Insert rows in one executemany: the table, not the entity, however the values vary."""
    if rows:
        db.session.execute(insert(model.__table__), rows)


def _readings_in_force(ids: list[int]) -> dict[_ReadingKey, _InForce]:
    """Return the reading in force for each indicator and period: the latest not superseded."""
    table = IndicatorReading.__table__
    superseded = select(table.c.supersedes_id).where(
        table.c.supersedes_id.is_not(None), table.c.indicator_id.in_(ids)
    )
    rows = db.session.execute(
        select(
            table.c.id,
            table.c.indicator_id,
            table.c.period_start,
            table.c.period_end,
            table.c.value,
            table.c.numerator,
            table.c.denominator,
        )
        .where(table.c.indicator_id.in_(ids), table.c.id.not_in(superseded))
        .order_by(table.c.recorded_at, table.c.id)
    )
    found: dict[_ReadingKey, _InForce] = {}
    for row in rows:
        found[(row.indicator_id, row.period_start, row.period_end)] = _InForce(
            row.id, (row.value, row.numerator, row.denominator)
        )
    return found

"""Time a plan's performance scorecard for a month against a raw SQL and bare Python baseline."""

# The data: one plan of 500 monthly indicators (50 with `quick`), each with 36 monthly readings
# up to the scorecard's month, one in twenty of them corrected by a later reading, a target and
# red/amber/green tolerances per financial year, and four benchmarks; the polarities, the ways
# of forming the year to date and both RAG methods are spread over the indicators. It is
# generated once per database and reused while its fingerprint holds (bench.run.data_marker).
# The measure is scorecard.build_scorecard, loading included. The baseline does the same work
# by the cheapest honest means: one SQL for the readings in force that the scorecard shows or
# judges by (the trend chart's thirteen months, the clinic list's eight quarter ends and any
# year outturns: the same readings the scorecard loads), one aggregating each indicator's year
# to date in the database, one each for the indicators, their targets in force over those
# quarters, their tolerances and their benchmarks, and then the same RAG, direction of travel,
# on-target, year-to-date and clinic (off target and declining at each quarter end) arithmetic
# in a bare Python loop over plain tuples. The two run in interleaved pairs
# (bench.run.median_pair). Run alone with
# `python -m bench.scorecard --databases sqlite,postgresql`, or in `make bench`.

from __future__ import annotations

import json
import random
import re
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from itertools import pairwise

import flask
from flask_migrate import upgrade
from sqlalchemy import func, insert, select, text

from bench.run import (
    _reset,
    data_marker,
    measure_each_database,
    median_pair,
    raw_query,
    server_version,
)
from tracker import create_app
from tracker.config import Config
from tracker.domain.indicator_rules import CLINIC_HISTORY_QUARTERS
from tracker.domain.indicator_terms import (
    BenchmarkKind,
    Frequency,
    Polarity,
    RagMethod,
    Unit,
    YearBasis,
    YtdMethod,
)
from tracker.domain.indicator_values import Period, month_period
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
from tracker.services.scorecard import build_scorecard

INDICATORS = 500
QUICK_INDICATORS = 50
MONTHS = 36
SLUG = "bench-scorecard"
# The scorecard's month, and the first month with a reading (36 months up to it).
PERIOD = month_period(2023, 12)
FIRST_MONTH = (2021, 1)
YEAR_STARTS = (date(2020, 4, 1), date(2021, 4, 1), date(2022, 4, 1), date(2023, 4, 1))
GENERATOR_VERSION = 1
GOALS = {"scorecard_ratio": ("≤", 3.0)}
POLARITIES = (Polarity.HIGH, Polarity.LOW, Polarity.WITHIN_LIMITS, Polarity.INFO)
YTD_METHODS = (YtdMethod.LATEST_VALUE, YtdMethod.AVERAGE, YtdMethod.CUMULATIVE_SUM)
# The tolerances as the papers write them, for a polarity: red, amber, green.
TOLERANCES = {
    Polarity.HIGH: ("<83%", "83%>", "86%+"),
    Polarity.LOW: ("26%+", "26%>", "23%<"),
    Polarity.WITHIN_LIMITS: ("over 1% above range", "1% above range", "14-20"),
    Polarity.INFO: ("", "", ""),
}
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def _months() -> list[Period]:
    year, month = FIRST_MONTH
    periods = []
    for _ in range(MONTHS):
        periods.append(month_period(year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return periods


def generate(count: int) -> None:
    """Write one plan of count monthly indicators with their readings, targets and the rest."""
    rng = random.Random(14)
    organisation_id = db.session.scalar(select(func.min(Organisation.id)))
    if organisation_id is None:
        raise RuntimeError("the database has no organisation: run the migrations first")
    plan = Plan(slug=SLUG, title="Benchmark scorecard", owner="", organisation_id=organisation_id)
    db.session.add(plan)
    db.session.flush()
    created = datetime(2020, 12, 1, tzinfo=UTC)
    indicator_rows = []
    for number in range(1, count + 1):
        polarity = POLARITIES[number % len(POLARITIES)]
        indicator_rows.append(
            {
                "plan_id": plan.id,
                "ref": f"{number // 10 + 1}.{number % 10 + 1}",
                "title": f"Benchmark indicator {number}",
                "theme": f"Theme {number % 8 + 1}",
                "position": number,
                "unit": Unit.NUMBER if polarity is Polarity.WITHIN_LIMITS else Unit.PERCENTAGE,
                "polarity": polarity,
                "frequency": Frequency.MONTHLY,
                "year_basis": YearBasis.FINANCIAL,
                "ytd_method": YTD_METHODS[number % len(YTD_METHODS)],
                "rag_method": RagMethod.COMPARISON if number % 5 == 0 else RagMethod.TOLERANCE,
                "notes": "",
                "created_at": created,
                "version": 1,
            }
        )
    db.session.execute(insert(Indicator), indicator_rows)
    indicators = db.session.execute(
        select(Indicator.id, Indicator.polarity)
        .where(Indicator.plan_id == plan.id)
        .order_by(Indicator.id)
    ).all()
    months = _months()
    readings, corrections, targets, tolerances, benchmarks = [], [], [], [], []
    for indicator_id, polarity in indicators:
        level = 18.0 if polarity is Polarity.WITHIN_LIMITS else rng.uniform(20, 95)
        for period in months:
            level = max(1.0, min(99.0, level + rng.uniform(-2.5, 2.5)))
            value = Decimal(f"{level:.1f}")
            readings.append(
                {
                    "indicator_id": indicator_id,
                    "period_start": period.start,
                    "period_end": period.end,
                    "value": value,
                    "text": f"{value}",
                    "commentary": "",
                    "recorded_at": datetime.combine(
                        period.end + timedelta(days=5), datetime.min.time(), tzinfo=UTC
                    ),
                    "source": "benchmark",
                }
            )
        red, amber, green = TOLERANCES[polarity]
        for first_day in YEAR_STARTS:
            tolerances.append(
                {
                    "indicator_id": indicator_id,
                    "year_start": first_day,
                    "red": red,
                    "amber": amber,
                    "green": green,
                }
            )
            if polarity in (Polarity.HIGH, Polarity.LOW):
                figure = Decimal(86 if polarity is Polarity.HIGH else 23)
                targets.append(
                    {
                        "indicator_id": indicator_id,
                        "value": figure,
                        "applies_from": first_day,
                        "applies_until": first_day.replace(year=first_day.year + 1)
                        - timedelta(days=1),
                        "text": f"{figure}%",
                    }
                )
        for kind, figure in (
            (BenchmarkKind.STAT_NEIGHBOUR_AVERAGE, rng.uniform(40, 80)),
            (BenchmarkKind.NATIONAL_AVERAGE, rng.uniform(40, 80)),
            (BenchmarkKind.BEST_STAT_NEIGHBOUR, rng.uniform(80, 95)),
            (BenchmarkKind.NATIONAL_TOP_QUARTILE, rng.uniform(75, 90)),
        ):
            benchmarks.append(
                {
                    "indicator_id": indicator_id,
                    "kind": kind,
                    "value": Decimal(f"{figure:.1f}"),
                    "period_label": "2022/23",
                    "text": f"{figure:.1f}%",
                }
            )
    db.session.execute(insert(IndicatorReading), readings)
    db.session.execute(insert(IndicatorTarget), targets)
    db.session.execute(insert(IndicatorTolerance), tolerances)
    db.session.execute(insert(IndicatorBenchmark), benchmarks)
    # One indicator in twenty has its last reading corrected by a later one.
    corrected = db.session.execute(
        select(IndicatorReading.id, IndicatorReading.indicator_id, IndicatorReading.value)
        .join(Indicator, Indicator.id == IndicatorReading.indicator_id)
        .where(
            Indicator.plan_id == plan.id,
            Indicator.position % 20 == 0,
            IndicatorReading.period_end == PERIOD.end,
        )
    ).all()
    for reading_id, indicator_id, value in corrected:
        corrections.append(
            {
                "indicator_id": indicator_id,
                "period_start": PERIOD.start,
                "period_end": PERIOD.end,
                "value": value + 1,
                "text": f"{value + 1}",
                "commentary": "Corrected",
                "recorded_at": datetime(2024, 1, 10, tzinfo=UTC),
                "source": "benchmark",
                "supersedes_id": reading_id,
            }
        )
    if corrections:
        db.session.execute(insert(IndicatorReading), corrections)
    db.session.commit()


def prepare(url: str, count: int) -> tuple[flask.Flask, dict]:
    """Return an app on a database holding the benchmark plan, generating it when needed."""
    config = type("BenchConfig", (Config,), {"SQLALCHEMY_DATABASE_URI": url})
    app = create_app(config)
    marker = data_marker(url)
    fingerprint = {"version": GENERATOR_VERSION, "indicators": count, "url": url}
    with app.app_context():
        stored = json.loads(marker.read_text()) if marker.exists() else {}
        generation = {"seconds": stored.get("seconds"), "reused": True}
        if stored.get("fingerprint") != fingerprint:
            print(f"  generating {count} indicators of {MONTHS} monthly readings", flush=True)
            started = time.perf_counter()
            _reset(url)
            db.engine.dispose()
            upgrade()
            generate(count)
            if db.engine.dialect.name == "postgresql":
                with db.engine.begin() as connection:
                    connection.execute(text("ANALYZE"))
            seconds = round(time.perf_counter() - started, 1)
            generation = {"seconds": seconds, "reused": False}
            marker.write_text(json.dumps({"fingerprint": fingerprint, "seconds": seconds}))
    return app, generation


IN_FORCE = """
SELECT r.indicator_id, r.period_end, r.value
FROM indicator_reading r JOIN indicator i ON i.id = r.indicator_id
WHERE i.plan_id = {p} AND i.archived_at IS NULL AND r.period_end <= {p}
  AND (r.period_end >= {p} OR r.period_end IN ({quarter_ends}) OR {seconds_spanned} >= 300 * 86400)
  AND NOT EXISTS (SELECT 1 FROM indicator_reading c WHERE c.supersedes_id = r.id)
"""
# How many seconds a reading's period runs over, in each database's own words.
SECONDS_SPANNED = {
    "sqlite": "CAST(strftime('%s', r.period_end) AS INTEGER)"
    " - CAST(strftime('%s', r.period_start) AS INTEGER)",
    "postgresql": "EXTRACT(EPOCH FROM r.period_end) - EXTRACT(EPOCH FROM r.period_start)",
}
YEAR_TO_DATE = """
SELECT r.indicator_id, sum(r.value), avg(r.value), count(*)
FROM indicator_reading r JOIN indicator i ON i.id = r.indicator_id
WHERE i.plan_id = {p} AND i.archived_at IS NULL AND r.period_end >= {p} AND r.period_end <= {p}
  AND NOT EXISTS (SELECT 1 FROM indicator_reading c WHERE c.supersedes_id = r.id)
GROUP BY r.indicator_id
"""
INDICATORS_SQL = """
SELECT id, ref, title, theme, polarity, ytd_method, rag_method
FROM indicator WHERE plan_id = {p} AND archived_at IS NULL ORDER BY theme, position, id
"""
TARGETS_SQL = """
SELECT t.indicator_id, t.value, t.applies_from, t.applies_until
FROM indicator_target t JOIN indicator i ON i.id = t.indicator_id
WHERE i.plan_id = {p} AND (t.applies_from IS NULL OR t.applies_from <= {p})
  AND t.applies_until >= {p}
"""
TOLERANCES_SQL = """
SELECT t.indicator_id, t.red, t.green FROM indicator_tolerance t
JOIN indicator i ON i.id = t.indicator_id WHERE i.plan_id = {p} AND t.year_start = {p}
"""
BENCHMARKS_SQL = """
SELECT b.indicator_id, b.kind, b.value FROM indicator_benchmark b
JOIN indicator i ON i.id = b.indicator_id WHERE i.plan_id = {p}
"""


def _day(value: object) -> date | None:
    """Return a date the driver gave as a date or, as SQLite's does, as text."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _bands(red: str, green: str) -> tuple[float, float] | tuple[()]:
    """Return the green and red limits written in a tolerance's texts, or () for none."""
    greens = [float(n) for n in _NUMBER.findall(green)]
    reds = [float(n) for n in _NUMBER.findall(red)]
    if len(greens) == 2:
        return greens[0], greens[1]
    if greens and reds:
        return greens[0], reds[0]
    return ()


def baseline(plan_id: int) -> Callable[[], list[tuple]]:
    """Return a function doing the scorecard's work by raw SQL and a bare Python loop."""
    months = _months()
    previous, latest = months[-2], months[-1]
    year_start = YEAR_STARTS[-1]
    # The council's last quarter ends, newest first: the clinic list's figures.
    quarter_ends = [m.end for m in reversed(months) if m.end.month % 3 == 0]
    quarter_ends = quarter_ends[:CLINIC_HISTORY_QUARTERS]
    in_force = IN_FORCE.replace("{quarter_ends}", ", ".join("{p}" for _ in quarter_ends)).replace(
        "{seconds_spanned}", SECONDS_SPANNED[db.engine.dialect.name]
    )
    queries = (
        raw_query(INDICATORS_SQL, plan_id),
        # The chart's thirteen months, the quarter ends and the year outturns.
        raw_query(in_force, plan_id, latest.end, months[-13].start, *quarter_ends),
        raw_query(YEAR_TO_DATE, plan_id, year_start, latest.end),
        raw_query(TARGETS_SQL, plan_id, latest.end, quarter_ends[-1]),
        raw_query(TOLERANCES_SQL, plan_id, year_start),
        raw_query(BENCHMARKS_SQL, plan_id),
    )

    def run() -> list[tuple]:
        indicators, readings, ytds, targets, tolerances, benchmarks = (q() for q in queries)
        values: dict[tuple[int, object], float] = {
            (indicator_id, str(end)[:10]): float(value)
            for indicator_id, end, value in readings
            if value is not None
        }
        ytd_by = {row[0]: row for row in ytds}
        targets_by: dict[int, list[tuple[float, date | None, date | None]]] = {}
        for indicator_id, value, applies_from, applies_until in targets:
            targets_by.setdefault(indicator_id, []).append(
                (float(value), _day(applies_from), _day(applies_until))
            )

        def target_at(indicator_id: int, day: date) -> float | None:
            for value, applies_from, applies_until in targets_by.get(indicator_id, ()):
                started = applies_from is None or applies_from <= day
                if started and (applies_until is None or day <= applies_until):
                    return value
            return None

        bands_by = {indicator_id: _bands(red, green) for indicator_id, red, green in tolerances}
        comparators: dict[int, dict[str, float]] = {}
        for indicator_id, kind, value in benchmarks:
            comparators.setdefault(indicator_id, {})[kind] = float(value)
        out = []
        for indicator_id, _ref, _title, _theme, polarity, ytd_method, rag_method in indicators:
            now = values.get((indicator_id, latest.end.isoformat()))
            before = values.get((indicator_id, previous.end.isoformat()))
            sign = -1 if polarity == "low" else 1
            travel = None
            if now is not None and before is not None:
                travel = (
                    "same" if now == before else ("up" if (now - before) * sign > 0 else "down")
                )
            ytd_row = ytd_by.get(indicator_id)
            ytd = None
            if ytd_row is not None:
                ytd = {
                    "cumulative_sum": float(ytd_row[1]),
                    "average": float(ytd_row[2]),
                    "latest_value": now,
                }[ytd_method]
            target = target_at(indicator_id, latest.end)
            on_target = None if now is None or target is None else (now - target) * sign >= 0
            rag = None
            if now is not None and polarity != "info":
                if rag_method == "comparison":
                    averages = comparators.get(indicator_id, {})
                    above = [
                        (now - averages[kind]) * sign >= 0
                        for kind in ("stat_neighbour_average", "national_average")
                        if kind in averages
                    ]
                    rag = "green" if on_target and any(above) else "amber" if any(above) else "red"
                else:
                    bands = bands_by.get(indicator_id, ())
                    if len(bands) == 2 and polarity == "within_limits":
                        low, high = bands
                        rag = (
                            "green"
                            if low <= now <= high
                            else "amber"
                            if low * 0.99 <= now <= high * 1.01
                            else "red"
                        )
                    elif len(bands) == 2:
                        green_limit, red_limit = bands
                        rag = (
                            "green"
                            if (now - green_limit) * sign >= 0
                            else "red"
                            if (red_limit - now) * sign > 0
                            else "amber"
                        )
            ytd_symbol = "–"
            if ytd is not None and target is not None:
                ytd_symbol = (
                    "★"
                    if (ytd - target * 1.02) * sign >= 0
                    else "●"
                    if (ytd - target) * sign >= 0
                    else "▲"
                )
            # Off target and declining at each quarter end, newest first, as long as it lasts.
            clinic_run = 0
            bands = bands_by.get(indicator_id, ())
            for quarter_end, earlier_end in pairwise(quarter_ends):
                at = values.get((indicator_id, quarter_end.isoformat()))
                then = values.get((indicator_id, earlier_end.isoformat()))
                if polarity == "info" or at is None or then is None:
                    break
                if polarity == "within_limits" and len(bands) == 2:
                    low, high = bands
                    off = not low <= at <= high
                    worse = max(low - at, at - high, 0) > max(low - then, then - high, 0)
                else:
                    quarter_target = target_at(indicator_id, quarter_end)
                    off = quarter_target is not None and (at - quarter_target) * sign < 0
                    worse = (at - then) * sign < 0
                if not (off and worse):
                    break
                clinic_run += 1
            out.append(
                (indicator_id, now, before, travel, ytd, rag, on_target, ytd_symbol, clinic_run)
            )
        return out

    return run


def measure(url: str, *, quick: bool = False) -> dict:
    """Time the scorecard of the benchmark plan for its month against the baseline."""
    count = QUICK_INDICATORS if quick else INDICATORS
    app, generation = prepare(url, count)
    details: dict = {"generation": generation, "indicators": count, "months": MONTHS}
    with app.app_context():
        details["server_version"] = server_version()
        plan_id = db.session.scalar(select(Plan.id).where(Plan.slug == SLUG))
        if plan_id is None:
            raise RuntimeError(f"the benchmark plan {SLUG} is missing: delete {data_marker(url)}")
        readings = db.session.scalar(
            select(func.count())
            .select_from(IndicatorReading)
            .join(Indicator, Indicator.id == IndicatorReading.indicator_id)
            .where(Indicator.plan_id == plan_id)
        )
        if readings < count * MONTHS:
            raise RuntimeError(f"expected {count * MONTHS} readings or more, found {readings}")
        details["readings"] = readings
        scorecard = build_scorecard(SLUG, PERIOD, today=date(2024, 1, 15))
        assessed = sum(len(theme.assessments) for theme in scorecard.themes)
        if assessed != count:
            raise RuntimeError(f"the scorecard assessed {assessed} indicators, not {count}")
        details["red"] = len(scorecard.exceptions)
        details["clinics"] = len(scorecard.clinics)
        print(f"  {count} indicators: scorecard for {PERIOD.label}", flush=True)
        timing = median_pair(
            lambda: build_scorecard(SLUG, PERIOD, today=date(2024, 1, 15)), baseline(plan_id)
        )
        details["scorecard"] = timing
        db.session.rollback()
        # Closed, not left to the collector: its database may be dropped next.
        db.session.remove()
        db.engine.dispose()
    return {"keys": {"scorecard_ratio": timing["ratio"]}, "details": details}


def markdown(details: dict[str, dict]) -> list[str]:
    """Return the scorecard's time beside its baseline's, per database."""
    lines = [
        "| database | indicators × months | measured s | baseline s | ratio |",
        "|---|---|---|---|---|",
    ]
    for database, result in details.items():
        timing = result["scorecard"]
        lines.append(
            f"| {database} | {result['indicators']} × {result['months']} | "
            f"{timing['measured_seconds']:.4f} | {timing['baseline_seconds']:.4f} | "
            f"{timing['ratio']:.2f} |"
        )
    lines += [
        "",
        f"`build_scorecard` for {PERIOD.label}, loading included, against raw SQL for the",
        "readings in force that the scorecard shows or judges by (the trend chart's thirteen",
        "months, the clinic list's eight quarter ends, year outturns), each indicator's year to",
        "date aggregated in the database, its targets in force over those quarters, tolerances",
        "and benchmarks, and the same RAG, direction of travel, on-target, year-to-date and",
        "clinic arithmetic in a bare Python loop.",
    ]
    return lines


if __name__ == "__main__":
    measure_each_database(
        "scorecard",
        "scorecard.sqlite",
        "BENCH_DATABASE_URL",
        "postgresql+psycopg://postgres@127.0.0.1:5432/bench_tracker_scorecard",
        measure,
        description=__doc__.splitlines()[0],
    )

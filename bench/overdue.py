"""Time the overdue list's CSV and PDF at 100,000 actions beside Redmine's recorded figures."""

# The data is the portfolio benchmark's: 2,000 plans of 50 actions (bench.portfolio.prepare).
# Its actions' targets run from January 2023 to June 2024, so the list is taken as at AS_AT,
# when about 30% of the actions are past their target and not completed: about as many rows as
# Redmine's overdue list of 29,896 issues. The CSV is the service's streamed lines, timed in
# interleaved pairs with the cheapest honest baseline: the same rows by raw SQL through the
# driver, written by the csv module. The PDF is built by the service the route calls, in a
# child process that reports its time and its peak resident memory. `quick` runs the same on
# 40 plans in a database of its own. Run alone:
# `python -m bench.overdue --databases sqlite,postgresql`; a database that cannot be reached,
# or data that is not as expected, stops the run with exit status 1.

from __future__ import annotations

import csv
import io
import json
import os
import re
import statistics
import subprocess
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path

from flask_migrate import upgrade
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from bench import portfolio
from bench.generate import generate
from bench.run import _reset, measure_each_database, median_pair, own_peak_mib, raw_query
from tracker import create_app
from tracker.config import Config
from tracker.extensions import db
from tracker.models import Action
from tracker.services import overdue
from tracker.services.tabular import FORMULA_TRIGGERS

AS_AT = date(2024, 3, 15)
QUICK_PLANS = 40
PDF_RUNS = 3
# Judged by make bench: at least ten times faster than Redmine's recorded figures for its
# 29,896 overdue issues, and the PDF within 300 MiB.
GOALS = {
    "overdue_csv_100k_seconds": ("≤", 0.65),
    "overdue_pdf_100k_seconds": ("≤", 10.3),
    "overdue_pdf_100k_peak_mib": ("≤", 300.0),
}
REDMINE = {
    "rows": 29_896,
    "csv_seconds": 6.5,
    "pdf_seconds": 103.0,
    "pdf_peak_mib": 789,
}
SPEEDUP_GOAL = 10
PEAK_MIB_GOAL = 300
# The share of all actions overdue at AS_AT must be near Redmine's list for the figures to
# compare.
OVERDUE_SHARE = (0.25, 0.35)
DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/bench_overdue"

# The rows the list shows, in its order, with only the columns a writer needs.
OVERDUE_ROWS = """
SELECT p.title, a.ref, coalesce(a.short_title, a.text), a.lead_text, a.target_date,
       a.current_status_label
FROM action a JOIN "plan" p ON p.id = a.plan_id
WHERE p.archived_at IS NULL AND a.archived_at IS NULL
  AND a.target_date < {p} AND a.current_completion <> 'completed'
ORDER BY a.target_date, p.title, p.id, a.ref_sort_key IS NULL, a.ref_sort_key, a.position, a.id
"""


class BenchmarkCannotRun(RuntimeError):
    """Say why the overdue list cannot be measured."""


def _quick_url(url: str) -> str:
    """Return a database of its own for the quick run, beside the full run's."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = Path(parsed.database or "")
        return f"sqlite:///{path.with_name(path.stem + '-overdue-quick' + path.suffix)}"
    name = f"{parsed.database}_overdue_quick"
    engine = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        exists = connection.scalar(
            text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
        )
        if not exists:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return parsed.set(database=name).render_as_string(hide_password=False)


def _prepare_quick(url: str) -> None:
    """Generate QUICK_PLANS plans of 50 actions in the quick database, once."""
    config = type("OverdueQuickConfig", (Config,), {"SQLALCHEMY_DATABASE_URI": url})
    app = create_app(config)
    with app.app_context():
        wanted = QUICK_PLANS * portfolio.ACTIONS_PER_PLAN
        try:
            found = db.session.scalar(select(func.count(Action.id)))
        except Exception:
            db.session.rollback()
            found = None
        if found != wanted:
            print(f"  generating {QUICK_PLANS} plans of 50 actions", flush=True)
            _reset(url)
            db.engine.dispose()
            upgrade()
            generate(db.engine, [portfolio.ACTIONS_PER_PLAN] * QUICK_PLANS, slug_prefix="quick")


def _baseline_csv() -> str:
    """Write the same rows fetched by raw SQL with the csv module: the cheapest honest CSV."""
    rows = raw_query(OVERDUE_ROWS, AS_AT)()
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(("Plan", "Ref", "Key action", "Lead", "Target date", "Days", "Status"))
    for title, ref, action, lead, target, status in rows:
        if isinstance(target, str):
            target = date.fromisoformat(target)
        cells = (
            title,
            ref or "",
            action,
            lead,
            target.isoformat(),
            str((AS_AT - target).days),
            status or "",
        )
        writer.writerow(
            ["'" + cell if cell.startswith(FORMULA_TRIGGERS) else cell for cell in cells]
        )
    return buffer.getvalue()


def _product_csv() -> str:
    return "".join(overdue.overdue_csv(None, AS_AT))


def _pdf_in_child(url: str) -> dict:
    """Build the PDF in a fresh process; return its seconds, peak memory and size."""
    completed = subprocess.run(
        [sys.executable, "-m", "bench.overdue", "--pdf-child", url],
        capture_output=True,
        text=True,
        check=False,
        cwd=Path(__file__).resolve().parents[1],
    )
    if completed.returncode != 0:
        raise BenchmarkCannotRun(f"the PDF could not be built: {completed.stderr[-2000:]}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def _pdf_child(url: str) -> None:
    """Build the overdue PDF once and print what it cost, as the parent process reads it."""
    config = type("OverdueBenchConfig", (Config,), {"SQLALCHEMY_DATABASE_URI": url})
    app = create_app(config)
    with app.app_context():
        before_mib = own_peak_mib()
        started, cpu_started = time.perf_counter(), time.process_time()
        content = overdue.overdue_pdf(None, AS_AT, datetime.now(UTC))
        seconds = time.perf_counter() - started
        cpu_seconds = time.process_time() - cpu_started
    peak_mib = own_peak_mib()
    print(
        json.dumps(
            {
                "seconds": round(seconds, 3),
                # On a loaded machine the wall clock counts time spent waiting for a core.
                "cpu_seconds": round(cpu_seconds, 3),
                "peak_mib": round(peak_mib, 1),
                "mib_before_building": round(before_mib, 1),
                "bytes": len(content),
                "pages": len(re.findall(rb"/Type /Page\b(?!s)", content)),
            }
        )
    )


def measure(url: str, *, quick: bool = False) -> dict:
    """Time the overdue CSV against raw SQL + csv, and the PDF's time and peak memory."""
    if quick:
        url = _quick_url(url)
        _prepare_quick(url)
        app = create_app(type("OverdueQuickConfig", (Config,), {"SQLALCHEMY_DATABASE_URI": url}))
        actions_expected = QUICK_PLANS * portfolio.ACTIONS_PER_PLAN
    else:
        app = portfolio.prepare(url, portfolio.PLANS)
        actions_expected = portfolio.PLANS * portfolio.ACTIONS_PER_PLAN
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            # Freshly bulk-loaded tables have no statistics until autovacuum gets to them; without
            # them the planner loops over every plan and the list's query takes seconds, not 0.1.
            db.session.execute(text("ANALYZE"))
            db.session.commit()
        actions = db.session.scalar(select(func.count(Action.id))) or 0
        rows = overdue.overdue_page(None, AS_AT, 1).total
        if actions != actions_expected:
            raise BenchmarkCannotRun(f"expected {actions_expected:,} actions, found {actions:,}")
        low, high = OVERDUE_SHARE
        if not low * actions <= rows <= high * actions:
            raise BenchmarkCannotRun(
                f"{rows:,} of {actions:,} actions are overdue at {AS_AT}: not about 30%"
            )
        product_lines = _product_csv().count("\r\n")
        baseline_lines = _baseline_csv().count("\r\n")
        if product_lines != rows + 1 or baseline_lines != rows + 1:
            raise BenchmarkCannotRun(
                f"the CSVs hold {product_lines:,} and {baseline_lines:,} lines, not {rows + 1:,}"
            )
        print(f"  overdue CSV, {rows:,} rows, paired with raw SQL + csv", flush=True)
        csv_pair = median_pair(_product_csv, _baseline_csv)
        # On a loaded machine the wall clock counts time spent waiting for a core.
        csv_cpu = {}
        for name, function in (("measured", _product_csv), ("baseline", _baseline_csv)):
            cpu_started = time.process_time()
            function()
            csv_cpu[name] = round(time.process_time() - cpu_started, 3)
        db.session.rollback()
        db.engine.dispose()
    print(f"  overdue PDF, {rows:,} rows, {1 if quick else PDF_RUNS} builds", flush=True)
    builds = [_pdf_in_child(url) for _ in range(1 if quick else PDF_RUNS)]
    pdf_seconds = statistics.median(build["seconds"] for build in builds)
    peak_mib = max(build["peak_mib"] for build in builds)
    csv_seconds = csv_pair["measured_seconds"]
    # Redmine's figures are for 29,896 rows: compare the time per row, as the counts differ.
    csv_speedup = (REDMINE["csv_seconds"] / REDMINE["rows"]) / (csv_seconds / rows)
    pdf_speedup = (REDMINE["pdf_seconds"] / REDMINE["rows"]) / (pdf_seconds / rows)
    return {
        "keys": {
            "overdue_rows": rows,
            "overdue_csv_100k_seconds": csv_seconds,
            "overdue_pdf_100k_seconds": pdf_seconds,
            "overdue_pdf_100k_peak_mib": peak_mib,
        },
        "details": {
            "actions": actions,
            "as_at": AS_AT.isoformat(),
            "quick": quick,
            "csv_against_raw_sql_and_csv_module": csv_pair,
            "csv_cpu_seconds": csv_cpu,
            "pdf_builds": builds,
            "redmine": REDMINE,
            "speedup_per_row": {"csv": round(csv_speedup, 1), "pdf": round(pdf_speedup, 1)},
            # At the quick size, fixed costs swamp the time per row: the goals are not judged.
            "goals": {}
            if quick
            else {
                f"csv ≥ {SPEEDUP_GOAL}× faster than Redmine": csv_speedup >= SPEEDUP_GOAL,
                f"pdf ≥ {SPEEDUP_GOAL}× faster than Redmine": pdf_speedup >= SPEEDUP_GOAL,
                f"pdf peak ≤ {PEAK_MIB_GOAL} MiB": peak_mib <= PEAK_MIB_GOAL,
            },
            "load_average": os.getloadavg(),
        },
    }


def main() -> None:
    """Measure each database asked for and print the results; exit 1 when a goal is missed."""
    if sys.argv[1:2] == ["--pdf-child"]:
        _pdf_child(sys.argv[2])
        return
    quick = "--quick" in sys.argv
    if quick:
        sys.argv.remove("--quick")
    load_at_start = os.getloadavg()
    by_database = measure_each_database(
        "overdue list",
        "portfolio.sqlite",
        "BENCH_PORTFOLIO_DATABASE_URL",
        DEFAULT_POSTGRES_URL,
        lambda url: measure(url, quick=quick),
        description=__doc__.splitlines()[0],
    )
    print(
        json.dumps(
            {"load_average": {"start": load_at_start, "end": os.getloadavg()}, **by_database},
            indent=2,
        )
    )
    missed = [
        f"{database}: {goal}"
        for database, result in by_database.items()
        for goal, met in result["details"]["goals"].items()
        if not met
    ]
    if missed:
        sys.exit(f"Goals missed: {'; '.join(missed)}")


if __name__ == "__main__":
    main()

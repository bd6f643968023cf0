"""Time a big plan's documents at 1,000 and 10,000 actions, and the plan PDF's peak memory."""

# The data is the benchmark generator's: one plan of each size, ten monthly updates per action.
# Each document is made as its route makes it: the service loads the report (or the export's
# rows) and the renderer builds the file. The plan PDF is paired with a bare ReportLab build of
# the same rows as plain strings in plain tables, timed alternately (A B A B ...). Peak memory
# is the peak resident set size of a child process that loads and builds the plan PDF once, as
# the child itself reads it (Linux's VmHWM in /proc/self/status) before exiting: it includes
# the interpreter and the app's imports.
# Run `python -m bench.big_plans --databases sqlite,postgresql`.

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from io import BytesIO

import flask
from reportlab.lib.pagesizes import A4, landscape
from reportlab.platypus import SimpleDocTemplate, Table

from bench.generate import PAST_DATE, REPORT_MONTH
from bench.run import DATA, TODAY, _reset, measure_each_database, own_peak_mib
from tracker import create_app
from tracker.config import Config
from tracker.domain.plan_report import PlanReport
from tracker.extensions import db
from tracker.reports import pdf, word
from tracker.reports.wording import PLAN_HEADER
from tracker.services import plan_reads, reports
from tracker.services.plan_export import ExportLayout, export_plan

SIZES = (1_000, 10_000)
QUICK_SIZES = (1_000,)
# Alternate runs of the plan PDF and its bare baseline, per size.
PAIRS = {1_000: 3, 10_000: 1}
GENERATOR_VERSION = 1
DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/bench_big_plans"
AS_AT = TODAY
GENERATED_AT = datetime(2024, 1, 15, 12, tzinfo=UTC)
# The plan PDF is timed in its pairs with the bare baseline, not again here.
DOCUMENTS = ("highlight_pdf", "csv", "xlsx", "plan_docx")


def _app(url: str) -> flask.Flask:
    config = type("BenchConfig", (Config,), {"SQLALCHEMY_DATABASE_URI": url})
    return create_app(config)


def prepare(url: str, sizes: tuple[int, ...]) -> flask.Flask:
    """Return an app on a database holding one plan per size, generating it when needed."""
    from flask_migrate import upgrade
    from sqlalchemy import text

    from bench.generate import generate

    app = _app(url)
    dialect = "postgresql" if url.startswith("postgresql") else "sqlite"
    marker = DATA / f"big_plans_{dialect}.json"
    fingerprint = {"version": GENERATOR_VERSION, "sizes": sorted(sizes), "url": url}
    with app.app_context():
        stored = json.loads(marker.read_text()) if marker.exists() else {}
        if stored.get("fingerprint") != fingerprint:
            _reset(url)
            db.engine.dispose()
            upgrade()
            generate(db.engine, sorted(sizes))
            if dialect == "postgresql":
                with db.engine.begin() as connection:
                    connection.execute(text("ANALYZE"))
            marker.write_text(json.dumps({"fingerprint": fingerprint}))
    return app


def _makers(size: int) -> dict[str, Callable[[], bytes]]:
    """Return a function per document that loads and renders it as its route does."""
    plan = plan_reads.get_plan(f"bench-{size}")

    def plan_pdf() -> bytes:
        return pdf.plan_pdf(reports.load_plan_report(plan, AS_AT), GENERATED_AT)

    def highlight_pdf() -> bytes:
        report = reports.load_highlight_report(plan, REPORT_MONTH, today=TODAY)
        return pdf.highlight_pdf(report, GENERATED_AT)

    def export(suffix: str) -> Callable[[], bytes]:
        def run() -> bytes:
            name = f"{plan.slug}{suffix}"
            return export_plan(plan, AS_AT, name=name, layout=ExportLayout.STANDARD).content

        return run

    def plan_docx() -> bytes:
        return word.plan_docx(reports.load_plan_report(plan, AS_AT), GENERATED_AT)

    return {
        "plan_pdf": plan_pdf,
        "highlight_pdf": highlight_pdf,
        "csv": export(".csv"),
        "xlsx": export(".xlsx"),
        "plan_docx": plan_docx,
    }


def bare_plan_pdf(report: PlanReport) -> Callable[[], bytes]:
    """Return a function that builds the plan's rows as plain strings in plain tables."""
    sections = [
        [
            [
                objective.objective,
                row.ref or "",
                row.text,
                row.baseline,
                row.targets,
                row.target_date_text,
                row.lead_text,
                row.status_label or "",
                row.commentary,
                row.workstreams,
            ]
            for row in objective.rows
        ]
        for theme in report.themes
        for objective in theme.objectives
    ]
    header = ["Objective", *PLAN_HEADER]

    def build() -> bytes:
        buffer = BytesIO()
        story = [Table([header, *rows], repeatRows=1) for rows in sections if rows]
        SimpleDocTemplate(buffer, pagesize=landscape(A4)).build(story)
        return buffer.getvalue()

    return build


def _seconds(function: Callable[[], object], cpu: list[float] | None = None) -> float:
    """Return how long a call took; add the processor time it used to cpu when given."""
    # Processor time moves less than elapsed time on a loaded machine: kept beside it.
    started, started_cpu = time.perf_counter(), time.process_time()
    function()
    if cpu is not None:
        cpu.append(time.process_time() - started_cpu)
    return time.perf_counter() - started


def _peak_mib(url: str, size: int) -> float:
    """Load and build the plan PDF once in a fresh process; return its own peak RSS."""
    result = subprocess.run(
        [sys.executable, "-m", "bench.big_plans", "--peak", url, str(size)],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"the plan PDF's memory could not be measured: {result.stderr[-2000:]}")
    return float(result.stdout.strip().splitlines()[-1])


def _child_peak(url: str, size: int) -> None:
    """Build the plan PDF once and print this process's peak RSS in MiB."""
    with _app(url).app_context():
        content = _makers(size)["plan_pdf"]()
        if not content.startswith(b"%PDF"):
            raise RuntimeError("the plan PDF was not built")
    print(own_peak_mib())


def measure(url: str, *, quick: bool = False) -> dict:
    """Time each big-plan document at each size and return results.json keys and details."""
    sizes = QUICK_SIZES if quick else SIZES
    # The data is always generated at both sizes so quick and full runs share one database.
    app = prepare(url, SIZES)
    keys: dict[str, float] = {}
    details: dict = {
        "sizes": {},
        "peak_memory": "peak RSS (VmHWM) of a child process that builds the plan PDF once",
        "load_average_start": os.getloadavg(),
    }
    with app.app_context():
        for size in sizes:
            label = f"{size // 1000}k"
            makers = _makers(size)
            timings: dict[str, float] = {}
            cpu: dict[str, list[float]] = {name: [] for name in ("plan_pdf", *DOCUMENTS)}
            for name in DOCUMENTS:
                print(f"  {size} actions: {name}", flush=True)
                timings[name] = round(_seconds(makers[name], cpu[name]), 3)
                db.session.rollback()
            plan = plan_reads.get_plan(f"bench-{size}")
            report = reports.load_plan_report(plan, AS_AT)
            bare = bare_plan_pdf(report)
            measured_times, baseline_times = [], []
            for _ in range(PAIRS[size]):
                baseline_times.append(_seconds(bare))
                measured_times.append(_seconds(makers["plan_pdf"], cpu["plan_pdf"]))
            pair = {
                "measured_seconds": round(statistics.median(measured_times), 3),
                "baseline_seconds": round(statistics.median(baseline_times), 3),
                "pairs": PAIRS[size],
            }
            pair["ratio"] = round(pair["measured_seconds"] / pair["baseline_seconds"], 3)
            db.session.rollback()
            print(f"  {size} actions: plan PDF peak memory", flush=True)
            peak = _peak_mib(url, size)
            details["sizes"][str(size)] = {
                "seconds": timings,
                "cpu_seconds": {
                    name: round(statistics.median(spent), 3) for name, spent in cpu.items()
                },
                "plan_pdf_against_bare_reportlab": pair,
                "plan_pdf_peak_mib": peak,
                "actions": size,
                "as_at": AS_AT.isoformat(),
                "past_date": PAST_DATE.isoformat(),
            }
            keys[f"plan_pdf_{label}_seconds"] = pair["measured_seconds"]
            keys[f"plan_pdf_{label}_peak_mib"] = peak
            keys[f"plan_pdf_{label}_bare_ratio"] = pair["ratio"]
            keys[f"highlight_pdf_{label}_seconds"] = timings["highlight_pdf"]
            keys[f"csv_{label}_seconds"] = timings["csv"]
            keys[f"xlsx_{label}_seconds"] = timings["xlsx"]
            keys[f"plan_docx_{label}_seconds"] = timings["plan_docx"]
    details["load_average_end"] = os.getloadavg()
    if not quick:
        for document in ("plan_pdf", "highlight_pdf", "csv", "xlsx", "plan_docx"):
            keys[f"{document}_scaling"] = round(
                keys[f"{document}_10k_seconds"] / keys[f"{document}_1k_seconds"], 2
            )
    return {"keys": keys, "details": details}


def main() -> None:
    """Measure each database asked for and print the results."""
    if len(sys.argv) == 4 and sys.argv[1] == "--peak":
        _child_peak(sys.argv[2], int(sys.argv[3]))
        return
    quick = "--quick" in sys.argv
    if quick:
        sys.argv.remove("--quick")
    results = measure_each_database(
        "big plans",
        "big_plans.sqlite",
        "BENCH_BIG_PLANS_POSTGRES_URL",
        DEFAULT_POSTGRES_URL,
        lambda url: measure(url, quick=quick),
        description="Time a big plan's PDFs, Word file and exports at 1,000 and 10,000 actions.",
    )
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()

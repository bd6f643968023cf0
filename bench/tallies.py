"""Time a plan's tallies, tallies as at a past date and highlight PDF against raw baselines."""

# Each measure runs in interleaved pairs with its baseline in the same process (bench.run's
# median_pair). The baselines do the same work as the product in the cheapest honest way: the
# tallies and the tallies as at a date are the same grouped queries sent as raw SQL through the
# driver, and the PDF is a bare ReportLab build of the report's rows as plain strings in plain
# tables. Run alone with `python -m bench.tallies --databases sqlite,postgresql`, or in
# `make bench`.

from __future__ import annotations

import json
import time
from collections.abc import Callable
from datetime import UTC, datetime
from io import BytesIO

import flask
from flask_migrate import upgrade
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table
from sqlalchemy import text

from bench.generate import PAST_DATE, REPORT_MONTH, UPDATES_PER_ACTION, generate
from bench.run import (
    TODAY,
    _reset,
    data_marker,
    measure_each_database,
    median_pair,
    raw_query,
    server_version,
)
from tracker import clock, create_app
from tracker.config import Config
from tracker.domain.highlight import HighlightReport
from tracker.extensions import db
from tracker.reports import pdf
from tracker.services import plan_reads, reports

TALLY_SIZES = (200, 10_000, 100_000)
PDF_SIZES = (500, 5_000)
QUICK_TALLY_SIZES = (200, 2_000)
QUICK_PDF_SIZES = (100, 500)
GENERATOR_VERSION = 3
GOALS = {
    "tally_ratio": ("≤", 3.0),
    "as_at_ratio": ("≤", 2.0),
    "pdf_ratio": ("≤", 1.5),
    "pdf_500_seconds": ("<", 1.0),
    "pdf_scaling": ("≤", 12.0),
}

CURRENT_GROUP_BY = """
SELECT t.number, b.number, a.current_completion, count(*)
FROM action a
JOIN objective o ON o.id = a.objective_id
JOIN theme t ON t.id = o.theme_id
LEFT JOIN priority_band b ON b.id = a.band_id
WHERE a.plan_id = {p} AND a.archived_at IS NULL AND a.current_as_at IS NOT NULL
GROUP BY t.number, b.number, a.current_completion
"""
# Each action's latest update on or before the date, counted by theme, band and completion in
# the database, as reports.tallies_as_at does: only the counts come back.
LATEST_GROUPED = """
SELECT o.theme_id, latest.band_id, latest.completion, count(*)
FROM (
  SELECT a.objective_id, a.band_id, su.completion,
         row_number() OVER (PARTITION BY su.action_id
                            ORDER BY su.as_at DESC, su.recorded_at DESC, su.id DESC) AS rank
  FROM status_update su JOIN action a ON a.id = su.action_id
  WHERE a.plan_id = {p} AND a.archived_at IS NULL AND su.as_at <= {p}
) latest
JOIN objective o ON o.id = latest.objective_id
WHERE latest.rank = 1
GROUP BY o.theme_id, latest.band_id, latest.completion
"""


def report_tables(report: HighlightReport) -> list[tuple[str, list[str], list[list[str]]]]:
    """Return the report's sections as a title, a header and rows of plain strings."""
    tallies = report.tallies
    scopes = [
        ("All", tallies.overall),
        *((band.label, band.tally) for band in tallies.bands),
        *((theme.title, theme.tally) for theme in tallies.themes),
        *(
            (f"{theme.title} {band.label}", band.tally)
            for theme in tallies.themes
            for band in theme.bands
        ),
    ]
    sections = [
        (
            "Tallies",
            ["Scope", "Actions", "Completed", "Not", "Partially", "Not known"],
            [
                [
                    scope,
                    *map(
                        str,
                        (t.total, t.completed, t.not_completed, t.partially_completed, t.not_known),
                    ),
                ]
                for scope, t in scopes
            ],
        ),
        (
            "Trend",
            ["Month", "Completed", "Actions"],
            [[p.month.label, str(p.percent_completed), str(p.total)] for p in report.trend],
        ),
    ]
    for title, items, last in (
        ("Completed", report.completed, lambda item: str(item.completed_on)),
        ("Planned", report.planned, lambda item: str(item.due_in_month)),
        ("Overdue", report.overdue, lambda item: str(item.days_overdue)),
    ):
        sections.append(
            (
                title,
                ["Ref", "Action", "Leads", "Target", title],
                [
                    [
                        item.ref or "",
                        item.action,
                        ", ".join(item.leads),
                        item.target_date_text,
                        last(item),
                    ]
                    for item in items
                ],
            )
        )
    sections += [
        (
            "Risks",
            ["Risk", "Likelihood", "Consequences", "Mitigation", "Owner", "Raised"],
            [
                [
                    r.description,
                    r.likelihood,
                    r.consequences,
                    r.mitigation,
                    r.owner,
                    str(r.raised_on),
                ]
                for r in report.risks
            ],
        ),
        (
            "Red",
            ["Ref", "Action", "Leads", "RAG", "Commentary"],
            [
                [i.ref or "", i.action, ", ".join(i.leads), "Red", i.commentary]
                for i in report.red_actions
            ],
        ),
        (
            "Achievements",
            ["Date", "Achievement"],
            [[str(a.achieved_on), a.text] for a in report.achievements],
        ),
    ]
    return sections


def bare_pdf(report: HighlightReport) -> Callable[[], bytes]:
    """Return a function that builds the report's rows as plain strings in plain tables."""
    sections = report_tables(report)
    heading = getSampleStyleSheet()["Heading2"]

    def build() -> bytes:
        buffer = BytesIO()
        story = []
        for title, header, rows in sections:
            story.append(Paragraph(title, heading))
            story.append(Table([header, *rows], repeatRows=1))
        SimpleDocTemplate(buffer, pagesize=landscape(A4)).build(story)
        return buffer.getvalue()

    return build


def prepare(url: str, sizes: tuple[int, ...]) -> tuple[flask.Flask, dict]:
    """Return an app on a database holding one plan per size, generating it when needed."""
    config = type("BenchConfig", (Config,), {"SQLALCHEMY_DATABASE_URI": url})
    app = create_app(config)
    marker = data_marker(url)
    fingerprint = {"version": GENERATOR_VERSION, "sizes": sorted(sizes), "url": url}
    with app.app_context():
        stored = json.loads(marker.read_text()) if marker.exists() else {}
        generation = {"seconds": stored.get("seconds"), "reused": True}
        if stored.get("fingerprint") != fingerprint:
            print(f"  generating plans of {', '.join(map(str, sorted(sizes)))} actions", flush=True)
            started = time.perf_counter()
            _reset(url)
            db.engine.dispose()
            upgrade()
            generate(db.engine, sorted(sizes))
            if db.engine.dialect.name == "postgresql":
                with db.engine.begin() as connection:
                    connection.execute(text("ANALYZE"))
            seconds = round(time.perf_counter() - started, 1)
            generation = {"seconds": seconds, "reused": False}
            marker.write_text(json.dumps({"fingerprint": fingerprint, "seconds": seconds}))
    return app, generation


def measure(url: str, *, quick: bool = False) -> dict:
    """Time the tallies, the tallies as at a past date and the highlight PDF on one database."""
    tally_sizes = QUICK_TALLY_SIZES if quick else TALLY_SIZES
    pdf_sizes = QUICK_PDF_SIZES if quick else PDF_SIZES
    app, generation = prepare(url, tuple(sorted({*tally_sizes, *pdf_sizes})))
    details: dict = {"generation": generation, "sizes": {}, "updates": UPDATES_PER_ACTION}
    with app.app_context():
        details["server_version"] = server_version()
        for size in tally_sizes:
            plan_id = plan_reads.get_plan(f"bench-{size}").id
            print(f"  {size:,} actions: tallies", flush=True)
            tally = median_pair(
                lambda plan_id=plan_id: reports.current_tallies(plan_id, TODAY),
                raw_query(CURRENT_GROUP_BY, plan_id),
            )
            print(f"  {size:,} actions: tallies as at {PAST_DATE}", flush=True)
            as_at = median_pair(
                lambda plan_id=plan_id: reports.tallies_as_at(plan_id, PAST_DATE),
                raw_query(LATEST_GROUPED, plan_id, PAST_DATE),
            )
            details["sizes"][str(size)] = {"tally": tally, "as_at": as_at}
        for size in pdf_sizes:
            print(f"  {size:,} actions: highlight PDF", flush=True)
            plan = plan_reads.get_plan(f"bench-{size}")

            def highlight(plan=plan) -> bytes:
                report = reports.load_highlight_report(plan, REPORT_MONTH, today=clock.today())
                return pdf.highlight_pdf(report, datetime.now(UTC))

            report = reports.load_highlight_report(plan, REPORT_MONTH, today=clock.today())
            timing = median_pair(highlight, bare_pdf(report))
            timing["rows"] = {
                "completed": len(report.completed),
                "planned": len(report.planned),
                "overdue": len(report.overdue),
                "red_actions": len(report.red_actions),
            }
            details["sizes"].setdefault(str(size), {})["pdf"] = timing
        db.session.rollback()
    sizes = details["sizes"]
    small, large = sizes[str(pdf_sizes[0])]["pdf"], sizes[str(pdf_sizes[-1])]["pdf"]
    keys = {
        "tally_ratio": {size: sizes[str(size)]["tally"]["ratio"] for size in tally_sizes},
        "as_at_ratio": {size: sizes[str(size)]["as_at"]["ratio"] for size in tally_sizes},
        "pdf_ratio": small["ratio"],
        "pdf_500_seconds": sizes[str(500)]["pdf"]["measured_seconds"],
        "pdf_scaling": round(large["measured_seconds"] / small["measured_seconds"], 2),
    }
    return {"keys": keys, "details": details}


def markdown(details: dict[str, dict]) -> list[str]:
    """Return a table of each measure beside its baseline, per database and plan size."""
    lines = [
        "| measure | database | size (actions) | measured s | baseline s | ratio |",
        "|---|---|---|---|---|---|",
    ]
    for database, result in details.items():
        for size, entry in result["sizes"].items():
            for key, label in (
                ("tally", "tallies vs the same GROUP BY in raw SQL"),
                ("as_at", f"tallies as at {PAST_DATE} vs the same grouped query in raw SQL"),
                ("pdf", "highlight PDF vs bare ReportLab build of its rows"),
            ):
                if key in entry:
                    timing = entry[key]
                    lines.append(
                        f"| {label} | {database} | {int(size):,} | "
                        f"{timing['measured_seconds']:.4f} | {timing['baseline_seconds']:.4f} | "
                        f"{timing['ratio']:.2f} |"
                    )
    lines += [
        "",
        "The tallies: `reports.current_tallies` (one grouped query plus the plan's bands and",
        "themes, assembled into Tallies) and `reports.tallies_as_at` (each action's latest",
        "update on or before the date by a window function, grouped in the database), each",
        "against the same grouped query sent through the driver. The highlight PDF for",
        f"{REPORT_MONTH.label}, loading included, against ReportLab building the report's rows",
        "as plain strings in plain tables (no Paragraph per cell, default styles). pdf_scaling",
        "is the largest plan's PDF over the smallest's.",
    ]
    return lines


if __name__ == "__main__":
    measure_each_database(
        "tallies",
        "tallies.sqlite",
        "BENCH_DATABASE_URL",
        "postgresql+psycopg://postgres@127.0.0.1:5432/bench_tracker_tallies",
        measure,
        description=__doc__.splitlines()[0],
    )

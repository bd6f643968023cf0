"""Time a plan's filtered action list and its CSV download at 100,000 actions against raw SQL."""

# The data is the benchmark generator's: one plan of 100,000 actions, ten updates each. The
# list is fetched through the app as a signed-in panel member with filters combined (band, not
# recurring, a text search) and sorted by target date, second page; the download asks for the
# same selection as CSV. Each is timed alternately with a baseline sending the same selection
# as raw SQL through the driver (for the download, fetching every matching row and writing it
# with the csv module), as bench.run does. The statements each page sends are counted, on the
# full plan and on a plan of 50, and must be equal. Results go to bench/results.json and
# bench/RESULTS.md through bench.run. Run `make bench` or `python -m bench.action_list`. A
# database that cannot be reached, or data that cannot be generated, stops the run with exit
# status 1.

from __future__ import annotations

import csv
import io
import json
import time
from collections.abc import Callable

import flask
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import event, select, text

from bench.generate import UPDATES_PER_ACTION, generate
from bench.run import (
    RUNS,
    BenchmarkCannotRun,
    _reset,
    data_marker,
    measure_each_database,
    median_pair,
    raw_query,
)
from tracker import clock, create_app
from tracker.config import Config
from tracker.domain.enums import Role
from tracker.extensions import db
from tracker.models import Person, User
from tracker.services.organisations import default_organisation

ACTIONS = 100_000
QUICK_ACTIONS = 5_000
SMALL = 50
GENERATOR_VERSION = 1
GOALS = {
    "action_list_page_ratio": ("≤", 3.0),
    "action_list_page_seconds": ("<", 0.5),
    "action_list_csv_ratio": ("≤", 3.0),
}
DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/bench_action_list"
SLUG = "filter-2"
SMALL_SLUG = "filter-1"
SEARCH = "referral"
FILTERS = f"band=2&recurring=no&q={SEARCH}&sort=target_date&order=desc"

# The list's selection written by hand: band 2, not recurring, the word in the ref, the text
# or the latest commentary, by target date latest first (none last), then plan order.
WHERE = """
FROM action a
JOIN objective o ON o.id = a.objective_id
JOIN theme t ON t.id = o.theme_id
LEFT JOIN priority_band b ON b.id = a.band_id
WHERE a.plan_id = {p} AND a.archived_at IS NULL AND b.number = 2 AND a.recurrence = 'none'
  AND (lower(coalesce(a.ref, '')) LIKE {p} OR lower(a.text) LIKE {p}
       OR lower(a.current_commentary) LIKE {p})
"""
PATTERN = f"%{SEARCH}%"
ORDER = """
ORDER BY a.target_date IS NULL, a.target_date DESC, t.number, o.position,
         a.ref_sort_key IS NULL, a.ref_sort_key, a.position, a.id
"""
PAGE = (
    "SELECT a.id, a.ref, a.text, a.short_title, t.number, t.title, b.number, b.label,"
    " a.target_date, a.target_date_text, a.recurrence, a.lead_text, a.current_completion,"
    " a.current_status_label, a.current_status_colour, a.current_as_at"
    + WHERE
    + ORDER
    + " LIMIT 50 OFFSET 50"
)
COUNT = "SELECT count(a.id)" + WHERE
DOWNLOAD = (
    "SELECT a.ref, t.number, t.title, o.text, a.text, b.number, a.target_date_text,"
    " a.baseline, a.targets, a.current_performance, a.lead_text, a.current_status_label,"
    " a.current_commentary, a.workstreams, a.current_completion, a.current_completed_on"
    + WHERE
    + ORDER
)


def prepare(url: str, actions: int) -> flask.Flask:
    """Return an app on a database holding the plans, generating them when needed."""
    config = type("ActionListBenchConfig", (Config,), {"SQLALCHEMY_DATABASE_URI": url})
    app = create_app(config)
    marker = data_marker(url)
    fingerprint = {"version": GENERATOR_VERSION, "sizes": [SMALL, actions], "url": url}
    with app.app_context():
        stored = json.loads(marker.read_text()) if marker.exists() else {}
        if stored.get("fingerprint") != fingerprint:
            print(f"  generating plans of {SMALL} and {actions:,} actions", flush=True)
            started = time.perf_counter()
            _reset(url)
            db.engine.dispose()
            upgrade()
            generate(db.engine, [SMALL, actions], slug_prefix="filter")
            person = Person(
                name="Pat Panel", name_key="pat panel", organisation_id=default_organisation().id
            )
            db.session.add(person)
            db.session.flush()
            db.session.add(User(person_id=person.id, email="panel@example.org", role=Role.PANEL))
            db.session.commit()
            if db.engine.dialect.name == "postgresql":
                with db.engine.begin() as connection:
                    connection.execute(text("ANALYZE"))
            seconds = round(time.perf_counter() - started, 1)
            marker.write_text(json.dumps({"fingerprint": fingerprint, "seconds": seconds}))
    return app


def _signed_in_client(app: flask.Flask) -> FlaskClient:
    client = app.test_client()
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "panel@example.org"))
        if user is None:
            raise BenchmarkCannotRun("the generated data has no panel account")
        session_id = f"{user.id}:{user.session_version}"
    with client.session_transaction() as session:
        session["_user_id"] = session_id
        session["_fresh"] = True
    return client


def _fetch(client: FlaskClient, url: str) -> Callable[[], bytes]:
    def run() -> bytes:
        response = client.get(url)
        if response.status_code != 200:
            raise BenchmarkCannotRun(f"{url} answered {response.status_code}")
        return response.data

    return run


def _statements(app: flask.Flask, fetch: Callable[[], bytes]) -> int:
    """Return how many statements one fetch sends."""
    sent: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany) -> None:
        sent.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        fetch()
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(sent)


def _plan_id(slug: str) -> int:
    plan_id = db.session.scalar(text("SELECT id FROM plan WHERE slug = :slug"), {"slug": slug})
    if plan_id is None:
        raise BenchmarkCannotRun(f"the generated data has no plan '{slug}'")
    return plan_id


def _csv_baseline(fetch_rows: Callable[[], list]) -> Callable[[], bytes]:
    def run() -> bytes:
        stream = io.StringIO()
        csv.writer(stream).writerows(fetch_rows())
        return stream.getvalue().encode("utf-8-sig")

    return run


def measure(url: str, *, quick: bool = False) -> dict:
    """Time the filtered page and the CSV download against the same selection in raw SQL."""
    actions = QUICK_ACTIONS if quick else ACTIONS
    app = prepare(url, actions)
    client = _signed_in_client(app)
    page = _fetch(client, f"/plans/{SLUG}/actions?{FILTERS}&page=2")
    download = _fetch(client, f"/plans/{SLUG}/actions/download?format=csv&{FILTERS}")
    statements = {
        "full_plan": _statements(app, page),
        "plan_of_50": _statements(app, _fetch(client, f"/plans/{SMALL_SLUG}/actions?{FILTERS}")),
    }
    if statements["full_plan"] != statements["plan_of_50"]:
        raise BenchmarkCannotRun(f"the list sends a number of statements that grows: {statements}")
    with app.app_context():
        plan_id = _plan_id(SLUG)
        count = raw_query(COUNT, plan_id, *[PATTERN] * 3)
        rows = raw_query(PAGE, plan_id, *[PATTERN] * 3)
        matching = count()[0][0]
        if matching <= 100:
            raise BenchmarkCannotRun(f"only {matching} actions match; the page would be short")
        if str(matching) not in page().decode():
            raise BenchmarkCannotRun(f"the page does not say the {matching} actions raw SQL finds")
        written = download().decode("utf-8-sig").count("\n")
        # One header line, and commentaries may hold line breaks: at least one line per action.
        if written < matching + 1:
            raise BenchmarkCannotRun(f"the download has {written} lines for {matching} actions")
        results: dict = {
            "actions": actions,
            "today": clock.today().isoformat(),
            "matching": matching,
            "statements_per_page": statements,
        }
        print("  filtered page", flush=True)
        results["page"] = median_pair(page, lambda: (count(), rows()))
        print("  CSV download", flush=True)
        results["csv"] = median_pair(
            download, _csv_baseline(raw_query(DOWNLOAD, plan_id, *[PATTERN] * 3))
        )
        db.session.rollback()
    keys = {
        "action_list_page_ratio": results["page"]["ratio"],
        "action_list_page_seconds": results["page"]["measured_seconds"],
        "action_list_csv_ratio": results["csv"]["ratio"],
    }
    return {"keys": keys, "details": results}


def markdown(details: dict[str, dict]) -> list[str]:
    """Return a table of the page and the download beside their baselines, per database."""
    lines = [
        "| measure | database | actions | matching | measured s | baseline s | ratio |",
        "|---|---|---|---|---|---|---|",
    ]
    for database, measures in details.items():
        for name, label in (("page", "filtered page"), ("csv", "CSV download")):
            timing = measures[name]
            lines.append(
                f"| {label} | {database} | {measures['actions']:,} | {measures['matching']:,} | "
                f"{timing['measured_seconds']:.4f} | {timing['baseline_seconds']:.4f} | "
                f"{timing['ratio']:.2f} |"
            )
    lines += [
        "",
        f"One plan, {UPDATES_PER_ACTION} updates per action. The list is filtered by band 2,",
        f"not recurring and the text '{SEARCH}', sorted by target date latest first, second",
        "page of 50; the download is the same selection as CSV. Median of",
        f"{RUNS} interleaved pairs with a baseline sending the same selection as raw SQL",
        "through the driver: for the page, the count and the page's rows; for the download,",
        "every matching row written with the csv module. Statements per page (the same on a",
        "plan of 50 and the full plan): "
        + ", ".join(
            f"{database} {measures['statements_per_page']['full_plan']}"
            for database, measures in details.items()
        )
        + ".",
    ]
    return lines


if __name__ == "__main__":
    measure_each_database(
        "action list",
        "action_list.sqlite",
        "BENCH_ACTION_LIST_DATABASE_URL",
        DEFAULT_POSTGRES_URL,
        measure,
        description=__doc__.splitlines()[0],
    )

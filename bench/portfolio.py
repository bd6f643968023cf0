"""Time the plans overview and cross-plan tallies at 2,000 plans against a raw GROUP BY."""

# The data is the benchmark generator's: 2,000 plans of 50 actions (100,000 actions, ten
# updates each). The overview page and /plans/tallies.json are fetched through the app as a
# signed-in panel member, and load_portfolio is called alone; each is timed alternately with
# the raw SQL GROUP BY of each plan's actions by status, as bench.run does. Results go to
# bench/portfolio_results.json and bench/PORTFOLIO.md. Run `make bench` or
# `python -m bench.portfolio --databases sqlite`. A database that cannot be reached, or data
# that cannot be generated, stops the run with exit status 1: it is never skipped.

from __future__ import annotations

import json
import os
import platform
import sys
import time
from datetime import UTC, datetime

import flask
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import select

from bench.generate import UPDATES_PER_ACTION, generate
from bench.run import DATA, HERE, RUNS, TODAY, _reset, measure_each_database, median_pair, raw_query
from tracker import create_app
from tracker.config import Config
from tracker.domain.enums import Role
from tracker.extensions import db
from tracker.models import Person, User
from tracker.services.organisations import default_organisation
from tracker.services.portfolio import load_portfolio, portfolio_statement

PLANS = 2_000
ACTIONS_PER_PLAN = 50
GENERATOR_VERSION = 2
GOALS = {
    "overview_ratio": ("≤", 3.0),
    "tallies_ratio": ("≤", 3.0),
    "overview_seconds": ("<", 0.5),
    "tallies_seconds": ("<", 0.5),
}
DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/bench_portfolio"

# Each plan's live actions counted by current status, with the figures the overview prints
# beside the counts, in one GROUP BY on the plan: the raw SQL a hand-written report would send.
GROUP_BY_PLAN = """
SELECT a.plan_id,
       sum(CASE WHEN a.current_completion = 'completed' THEN 1 ELSE 0 END),
       sum(CASE WHEN a.current_completion = 'not_completed' THEN 1 ELSE 0 END),
       sum(CASE WHEN a.current_completion = 'partially_completed' THEN 1 ELSE 0 END),
       sum(CASE WHEN a.current_completion = 'not_known' THEN 1 ELSE 0 END),
       sum(CASE WHEN a.target_date < {p} AND a.current_completion <> 'completed'
                THEN 1 ELSE 0 END),
       sum(CASE WHEN a.current_status_exception THEN 1 ELSE 0 END),
       max(a.current_as_at)
FROM action a
WHERE a.archived_at IS NULL AND a.current_as_at IS NOT NULL
GROUP BY a.plan_id
"""


class BenchmarkCannotRun(RuntimeError):
    """Say why a configuration cannot be measured."""


def prepare(url: str) -> flask.Flask:
    """Return an app on a database holding the portfolio, generating it when needed."""
    config = type("PortfolioBenchConfig", (Config,), {"SQLALCHEMY_DATABASE_URI": url})
    app = create_app(config)
    dialect = "postgresql" if url.startswith("postgresql") else "sqlite"
    marker = DATA / f"portfolio-{dialect}.json"
    fingerprint = {
        "version": GENERATOR_VERSION,
        "plans": PLANS,
        "actions_per_plan": ACTIONS_PER_PLAN,
        "url": url,
    }
    with app.app_context():
        stored = json.loads(marker.read_text()) if marker.exists() else {}
        if stored.get("fingerprint") != fingerprint:
            print(f"  generating {PLANS:,} plans of {ACTIONS_PER_PLAN} actions", flush=True)
            started = time.perf_counter()
            _reset(url)
            db.engine.dispose()
            upgrade()
            generate(db.engine, [ACTIONS_PER_PLAN] * PLANS, slug_prefix="portfolio")
            person = Person(
                name="Pat Panel", name_key="pat panel", organisation_id=default_organisation().id
            )
            db.session.add(person)
            db.session.flush()
            db.session.add(User(person_id=person.id, email="panel@example.org", role=Role.PANEL))
            db.session.commit()
            seconds = round(time.perf_counter() - started, 1)
            marker.write_text(json.dumps({"fingerprint": fingerprint, "seconds": seconds}))
    return app


def _signed_in_client(app: flask.Flask) -> FlaskClient:
    client = app.test_client()
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "panel@example.org"))
        session_id = f"{user.id}:{user.session_version}"
    with client.session_transaction() as session:
        session["_user_id"] = session_id
        session["_fresh"] = True
    return client


def _fetch(client: FlaskClient, url: str):
    def run() -> bytes:
        response = client.get(url)
        if response.status_code != 200:
            raise BenchmarkCannotRun(f"{url} answered {response.status_code}")
        return response.data

    return run


def measure(url: str) -> dict:
    """Time the overview, the tallies and load_portfolio against both raw GROUP BYs."""
    app = prepare(url)
    client = _signed_in_client(app)
    today = TODAY.isoformat()
    results: dict = {}
    with app.app_context():
        statement, parameters = portfolio_statement(TODAY)
        same_statement = raw_query(
            str(
                statement.params(parameters).compile(
                    dialect=db.engine.dialect, compile_kwargs={"literal_binds": True}
                )
            )
        )
        baselines = {
            "same_statement": same_statement,
            "group_by_plan": raw_query(GROUP_BY_PLAN, TODAY),
        }
        figures = load_portfolio(TODAY)
        if len(figures.plans) != PLANS or figures.overall.total != PLANS * ACTIONS_PER_PLAN:
            raise BenchmarkCannotRun(
                f"expected {PLANS:,} plans of {ACTIONS_PER_PLAN} updated actions, found "
                f"{len(figures.plans):,} plans and {figures.overall.total:,} actions"
            )
        for name, function in (
            ("overview", _fetch(client, f"/plans/?as_at={today}")),
            ("tallies", _fetch(client, f"/plans/tallies.json?as_at={today}")),
            ("load_portfolio", lambda: load_portfolio(TODAY)),
        ):
            print(f"  {name}", flush=True)
            results[name] = {
                baseline: median_pair(function, run) for baseline, run in baselines.items()
            }
        db.session.rollback()
    return results


def _met(key: str, value: float) -> str:
    sign, limit = GOALS[key]
    return "yes" if (value <= limit if sign == "≤" else value < limit) else "**no**"


def markdown(results: dict) -> str:
    """Write the results as a readable page."""
    lines = [
        "# Portfolio benchmark results",
        "",
        f"Run on {results['run_at']} with `make bench` (`python -m bench.portfolio`):",
        f"{PLANS:,} plans of {ACTIONS_PER_PLAN} actions ({PLANS * ACTIONS_PER_PLAN:,} actions,",
        f"{PLANS * ACTIONS_PER_PLAN * UPDATES_PER_ACTION:,} updates), as at {TODAY.isoformat()}.",
        f"Each figure is the median of {RUNS} runs after a warm-up, timed alternately with a",
        "baseline sent as raw SQL through the driver. Two baselines: **same statement** is the",
        "app's own grouped query with its values written in (what bench.run does for the",
        "tallies: the ratio is the cost of the app around the query); **GROUP BY plan** is the",
        "plainest query a hand-written report would send: every plan's actions counted by",
        "current status, with the overdue and exception counts and the latest update, and",
        "neither the state at the end of last month, nor the trend, nor updates dated after",
        "the day. The goals (ratio ≤ 3 and under 0.5 s) are checked against the same",
        "statement; the GROUP BY plan ratio shows what the extra figures cost.",
        "",
        "| measure | database | baseline | measured s | baseline s | ratio | ratio ≤ 3 "
        "| under 0.5 s |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for database, measures in results["databases"].items():
        for name, label in (
            ("overview", "plans overview page (`/plans/`, first page of 50)"),
            ("tallies", "cross-plan tallies (`/plans/tallies.json`)"),
            ("load_portfolio", "`load_portfolio` alone (the one grouped query)"),
        ):
            ratio_key = "tallies_ratio" if name == "tallies" else "overview_ratio"
            seconds_key = "tallies_seconds" if name == "tallies" else "overview_seconds"
            for baseline, baseline_label in (
                ("same_statement", "same statement"),
                ("group_by_plan", "GROUP BY plan"),
            ):
                timing = measures[name][baseline]
                checked = baseline == "same_statement"
                lines.append(
                    f"| {label} | {database} | {baseline_label} | "
                    f"{timing['measured_seconds']:.4f} | {timing['baseline_seconds']:.4f} | "
                    f"{timing['ratio']:.2f} | "
                    f"{_met(ratio_key, timing['ratio']) if checked else '(shown)'} | "
                    f"{_met(seconds_key, timing['measured_seconds'])} |"
                )
    lines += [
        "",
        "The page and JSON timings include the whole request: loading the account, the grouped",
        "query (which also counts each plan's state at the end of last month and its",
        "completions over six months), filtering, sorting and rendering. The as-at date falls",
        "after every generated update, so each action's current state is its state as at the",
        "date; an action updated after the date (or after the end of last month) is looked up",
        "in its history by one index seek.",
        "",
        "## Machine",
        "",
    ]
    for key, value in results["machine"].items():
        lines.append(f"- {key}: {value}")
    return "\n".join(lines) + "\n"


def main() -> None:
    """Generate the portfolio if needed, time it on each database and write the results."""
    by_database = measure_each_database(
        "portfolio",
        "portfolio.sqlite",
        "BENCH_PORTFOLIO_DATABASE_URL",
        DEFAULT_POSTGRES_URL,
        measure,
        description=__doc__.splitlines()[0],
    )
    results = {
        "run_at": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "data": {"plans": PLANS, "actions": PLANS * ACTIONS_PER_PLAN},
        "goals": {key: f"{sign} {limit:g}" for key, (sign, limit) in GOALS.items()},
        "databases": by_database,
        "machine": {
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
        },
    }
    (HERE / "portfolio_results.json").write_text(json.dumps(results, indent=2) + "\n")
    (HERE / "PORTFOLIO.md").write_text(markdown(results))
    missed = [
        f"{database} {name}"
        for database, measures in by_database.items()
        for name, baselines in measures.items()
        if name != "load_portfolio"
        and (
            baselines["same_statement"]["ratio"] > 3.0
            or baselines["same_statement"]["measured_seconds"] >= 0.5
        )
    ]
    print(f"Wrote {HERE / 'portfolio_results.json'} and {HERE / 'PORTFOLIO.md'}")
    if missed:
        sys.exit(f"Goals missed: {', '.join(missed)}")


if __name__ == "__main__":
    main()

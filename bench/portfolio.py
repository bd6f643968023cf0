"""Time the plans overview and cross-plan tallies at 2,000 plans against a raw GROUP BY."""

# The data is the benchmark generator's: 2,000 plans of 50 actions (100,000 actions, ten
# updates each). The overview page and /plans/tallies.json are fetched through the app as a
# signed-in panel member, and load_portfolio is called alone; each is timed alternately with
# the raw SQL GROUP BY of each plan's actions by status, as bench.run does. Results go to
# bench/results.json and bench/RESULTS.md through bench.run. Run `make bench` or
# `python -m bench.portfolio --databases sqlite`. A database that cannot be reached, or data
# that cannot be generated, stops the run with exit status 1: it is never skipped.

from __future__ import annotations

import json
import time

import flask
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import func, select, text

from bench.generate import UPDATES_PER_ACTION, generate
from bench.run import (
    RUNS,
    TODAY,
    BenchmarkCannotRun,
    _reset,
    data_marker,
    measure_each_database,
    median_pair,
    raw_query,
)
from tracker import create_app
from tracker.config import Config
from tracker.domain.enums import Role
from tracker.domain.portfolio import OVERVIEW_PAGE_SIZE as PAGE_SIZE
from tracker.extensions import db
from tracker.models import Person, Plan, User
from tracker.services.organisations import default_organisation
from tracker.services.portfolio import load_portfolio, portfolio_statement

PLANS = 2_000
QUICK_PLANS = 100
ACTIONS_PER_PLAN = 50
GENERATOR_VERSION = 2
GOALS = {
    "portfolio_overview_ratio": ("≤", 3.0),
    "portfolio_tallies_ratio": ("≤", 3.0),
    "portfolio_overview_seconds": ("<", 0.5),
    "portfolio_tallies_seconds": ("<", 0.5),
}
DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/bench_portfolio"

# Each plan's live actions counted by current status, with the figures the overview prints
# beside the counts, in one GROUP BY on the plan: the raw SQL a hand-written report would send.
PLAN_NAMES = "SELECT id, title FROM plan WHERE archived_at IS NULL ORDER BY lower(title), id"
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


def prepare(url: str, plans: int) -> flask.Flask:
    """Return an app on a database holding the portfolio, generating it when needed."""
    config = type("PortfolioBenchConfig", (Config,), {"SQLALCHEMY_DATABASE_URI": url})
    app = create_app(config)
    marker = data_marker(url)
    fingerprint = {
        "version": GENERATOR_VERSION,
        "plans": plans,
        "actions_per_plan": ACTIONS_PER_PLAN,
        "url": url,
    }
    with app.app_context():
        stored = json.loads(marker.read_text()) if marker.exists() else {}
        if stored.get("fingerprint") != fingerprint:
            print(f"  generating {plans:,} plans of {ACTIONS_PER_PLAN} actions", flush=True)
            started = time.perf_counter()
            _reset(url)
            db.engine.dispose()
            upgrade()
            generate(db.engine, [ACTIONS_PER_PLAN] * plans, slug_prefix="portfolio")
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


def measure(url: str, *, quick: bool = False) -> dict:
    """Time the overview, the tallies and load_portfolio against both raw GROUP BYs."""
    plans = QUICK_PLANS if quick else PLANS
    app = prepare(url, plans)
    client = _signed_in_client(app)
    today = TODAY.isoformat()
    results: dict = {}
    with app.app_context():

        def compiled(plan_ids: set[int] | None) -> str:
            statement, parameters = portfolio_statement(TODAY, plan_ids)
            return str(
                statement.params(parameters).compile(
                    dialect=db.engine.dialect, compile_kwargs={"literal_binds": True}
                )
            )

        baselines = {
            "same_statement": raw_query(compiled(None)),
            "group_by_plan": raw_query(GROUP_BY_PLAN, TODAY),
        }
        # The overview's first page works out figures for its 50 plans only: its baseline reads
        # the plans' names in title order, then runs the same grouped statement for those 50.
        names = raw_query(PLAN_NAMES)
        first_page = set(
            db.session.scalars(
                select(Plan.id)
                .where(Plan.archived_at.is_(None))
                .order_by(func.lower(Plan.title), Plan.id)
                .limit(PAGE_SIZE)
            )
        )
        page_figures = raw_query(compiled(first_page))
        overview_baselines = {"page_statement": lambda: (names(), page_figures())}
        figures = load_portfolio(TODAY)
        if len(figures.plans) != plans or figures.overall.total != plans * ACTIONS_PER_PLAN:
            raise BenchmarkCannotRun(
                f"expected {plans:,} plans of {ACTIONS_PER_PLAN} updated actions, found "
                f"{len(figures.plans):,} plans and {figures.overall.total:,} actions"
            )
        for name, function, against in (
            ("overview", _fetch(client, f"/plans/?as_at={today}"), overview_baselines),
            ("tallies", _fetch(client, f"/plans/tallies.json?as_at={today}"), baselines),
            ("load_portfolio", lambda: load_portfolio(TODAY), baselines),
        ):
            print(f"  {name}", flush=True)
            results[name] = {
                baseline: median_pair(function, run) for baseline, run in against.items()
            }
        db.session.rollback()
    overview = results["overview"]["page_statement"]
    tallies = results["tallies"]["same_statement"]
    keys = {
        "portfolio_overview_ratio": overview["ratio"],
        "portfolio_overview_seconds": overview["measured_seconds"],
        "portfolio_tallies_ratio": tallies["ratio"],
        "portfolio_tallies_seconds": tallies["measured_seconds"],
    }
    return {
        "keys": keys,
        "details": {"plans": plans, "actions_per_plan": ACTIONS_PER_PLAN, **results},
    }


def markdown(details: dict[str, dict]) -> list[str]:
    """Return a table of each measure beside both baselines, per database."""
    lines = [
        "| measure | database | plans | baseline | measured s | baseline s | ratio |",
        "|---|---|---|---|---|---|---|",
    ]
    for database, measures in details.items():
        for name, label in (
            ("overview", "plans overview page (`/plans/`, first page of 50)"),
            ("tallies", "cross-plan tallies (`/plans/tallies.json`)"),
            ("load_portfolio", "`load_portfolio` alone (the one grouped query)"),
        ):
            for baseline, baseline_label in (
                ("page_statement", "names, then the same statement for the page's plans"),
                ("same_statement", "same statement"),
                ("group_by_plan", "GROUP BY plan"),
            ):
                if baseline not in measures[name]:
                    continue
                timing = measures[name][baseline]
                lines.append(
                    f"| {label} | {database} | {measures['plans']:,} | {baseline_label} | "
                    f"{timing['measured_seconds']:.4f} | {timing['baseline_seconds']:.4f} | "
                    f"{timing['ratio']:.2f} |"
                )
    lines += [
        "",
        f"Plans of {ACTIONS_PER_PLAN} actions, {UPDATES_PER_ACTION} updates each, as at",
        f"{TODAY.isoformat()}, fetched through the app as a signed-in panel member; median of",
        f"{RUNS} interleaved pairs. Two baselines: **same statement** is the app's own grouped",
        "query with its values written in, sent through the driver (the goals are checked",
        "against it: the ratio is the cost of the app around the query); **GROUP BY plan** is",
        "the plainest query a hand-written report would send (every plan's actions counted by",
        "current status, with the overdue and exception counts and the latest update), shown",
        "for what the extra figures cost.",
    ]
    return lines


if __name__ == "__main__":
    measure_each_database(
        "portfolio",
        "portfolio.sqlite",
        "BENCH_PORTFOLIO_DATABASE_URL",
        DEFAULT_POSTGRES_URL,
        measure,
        description=__doc__.splitlines()[0],
    )

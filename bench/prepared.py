"""Time how long the web takes to answer a request for a big plan's whole PDF, and its build.

The data is the benchmark generator's: one plan of 10,000 actions (1,000 with --quick), ten
updates each. A signed-in panel member asks for the plan's PDF as at a date; the request must
answer with the page preparing it (303), not the PDF, and that answer is what a web worker
spends on it: timed for five dates, each a new job. The build then runs as a builder thread
runs it (outside any request) and is timed once; the download must be a PDF. Run
`python -m bench.prepared --databases sqlite,postgresql`; a database that cannot be reached,
or a request answered otherwise, stops the run with exit status 1.
"""

from __future__ import annotations

import json
import statistics
import time
from datetime import date, timedelta

import flask
from flask_migrate import upgrade
from sqlalchemy import select

from bench.generate import PAST_DATE, generate
from bench.run import _reset, measure_each_database
from tracker import create_app
from tracker.config import Config
from tracker.domain.enums import Role
from tracker.extensions import db
from tracker.models import Person, User
from tracker.prepared import builder
from tracker.services.organisations import default_organisation

ACTIONS = 10_000
QUICK_ACTIONS = 1_000
ASKS = 5
DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/bench_prepared"


class BenchmarkCannotRun(RuntimeError):
    """Say why the benchmark cannot measure this configuration."""


def _app(url: str, actions: int) -> tuple[flask.Flask, str]:
    """Return an app (builder threads off: the build is timed here) on a fresh plan."""
    config = type(
        "PreparedBenchConfig",
        (Config,),
        {"SQLALCHEMY_DATABASE_URI": url, "PREPARED_DOCUMENT_WORKERS": 0},
    )
    app = create_app(config)
    with app.app_context():
        _reset(url)
        db.engine.dispose()
        upgrade()
        (plan,) = generate(db.engine, [actions], slug_prefix="prepared")
        person = Person(
            name="Pat Panel", name_key="pat panel", organisation_id=default_organisation().id
        )
        db.session.add(person)
        db.session.flush()
        db.session.add(User(person_id=person.id, email="panel@example.org", role=Role.PANEL))
        db.session.commit()
    return app, plan.slug


def measure(url: str, *, quick: bool = False) -> dict:
    """Time the request for the whole plan's PDF and the build it hands to a builder."""
    actions = QUICK_ACTIONS if quick else ACTIONS
    app, slug = _app(url, actions)
    client = app.test_client()
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "panel@example.org"))
        session_id = f"{user.id}:{user.session_version}" if user else ""
    with client.session_transaction() as session:
        session["_user_id"] = session_id
        session["_fresh"] = True
    asks, tokens = [], []
    for day in range(ASKS):
        as_at: date = PAST_DATE + timedelta(days=day)
        started = time.perf_counter()
        response = client.get(f"/reports/{slug}/plan.pdf?as_at={as_at.isoformat()}")
        asks.append(time.perf_counter() - started)
        if response.status_code != 303:
            raise BenchmarkCannotRun(f"the plan's PDF answered {response.status_code}, not 303")
        tokens.append(response.headers["Location"].rsplit("/", 1)[1])
    with app.app_context():
        started = time.perf_counter()
        if not builder.build(tokens[0]):
            raise BenchmarkCannotRun("the builder found no queued job to build")
        build_seconds = time.perf_counter() - started
    download = client.get(f"/prepared/{tokens[0]}/download")
    if not download.data.startswith(b"%PDF"):
        raise BenchmarkCannotRun(f"the prepared download answered {download.status_code}")
    key = "plan_pdf_10k_request_seconds" if not quick else "plan_pdf_1k_request_seconds"
    return {
        "keys": {key: round(statistics.median(asks), 4)},
        "details": {
            "actions": actions,
            "request_seconds": [round(seconds, 4) for seconds in asks],
            "build_outside_request_seconds": round(build_seconds, 2),
            "pdf_bytes": len(download.data),
        },
    }


def main() -> None:
    """Measure each database asked for and print the results."""
    results = measure_each_database(
        "prepared documents",
        "prepared.db",
        "BENCH_PREPARED_DATABASE_URL",
        DEFAULT_POSTGRES_URL,
        measure,
        description=__doc__.splitlines()[0],
    )
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()

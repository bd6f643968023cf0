"""Load seven pages under gunicorn with a bounded load generator and report p50 and p95."""

# The data is the benchmark generator's: 2,000 plans of 50 actions (100,000 actions, ten
# updates each) and 5,000 leads, one of whom leads exactly 40 actions. Gunicorn runs the app
# with 2 workers on a free loopback port, configured through the environment as a deployment
# is; a panel member and that lead sign in through the sign-in form. Then a fixed number of
# client threads, each on its own keep-alive connection, request each page in turn a fixed
# number of times after a warm-up; every answer must be 200. As many clients as workers keep
# both workers busy without timing requests queued behind each other. Run `make bench` or
# `python -m bench.pages --databases sqlite,postgresql`; `--quick` uses 200 plans.

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

from flask_migrate import upgrade
from sqlalchemy import text
from werkzeug.security import generate_password_hash

from bench.generate import add_leads, generate
from bench.run import DATA, HERE, _reset
from tracker import create_app
from tracker.config import Config
from tracker.extensions import db

ACTIONS_PER_PLAN = 50
PLANS = 2_000
QUICK_PLANS = 200
LEADS = 5_000
QUICK_LEADS = 500
CLIENTS = 2
WORKERS = 2
REQUESTS = 200
QUICK_REQUESTS = 40
WARM_UP = 10
# Each page is asked for with these many different plans or actions in turn, so one cached row
# does not answer every request.
VARIANTS = 20
PASSWORD = "bench-pages-password"
PANEL_EMAIL = "pages-panel@example.org"
GENERATOR_VERSION = 1
GOAL_P95_MS = 150.0
DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/bench_pages"
PAGES = (
    "plans_overview",
    "plan",
    "overdue_actions",
    "my_actions",
    "dashboard",
    "highlight",
    "action",
)
ROOT = HERE.parent


class BenchmarkCannotRun(RuntimeError):
    """Say why a configuration cannot be measured."""


@dataclass(frozen=True)
class Data:
    """Name what the pages are asked about: plan slugs, action ids and the lead's sign-in."""

    slugs: list[str]
    action_ids: list[int]
    lead_email: str


def prepare(url: str, plans: int, leads: int) -> Data:
    """Generate the plans, leads and panel member in the database when not already there."""
    config = type("PagesBenchConfig", (Config,), {"SQLALCHEMY_DATABASE_URI": url})
    app = create_app(config)
    dialect = "postgresql" if url.startswith("postgresql") else "sqlite"
    marker = DATA / f"pages-{dialect}-{plans}.json"
    fingerprint = {"version": GENERATOR_VERSION, "plans": plans, "leads": leads, "url": url}
    password_hash = generate_password_hash(PASSWORD)
    with app.app_context():
        stored = json.loads(marker.read_text()) if marker.exists() else {}
        if stored.get("fingerprint") != fingerprint:
            print(f"  generating {plans:,} plans of {ACTIONS_PER_PLAN} actions", flush=True)
            started = time.perf_counter()
            _reset(url)
            db.engine.dispose()
            upgrade()
            generate(db.engine, [ACTIONS_PER_PLAN] * plans, slug_prefix="pages")
            generated = add_leads(db.engine, leads, password_hash=password_hash)
            if generated.actions != 40:
                raise BenchmarkCannotRun(f"the lead leads {generated.actions} actions, not 40")
            with db.engine.begin() as connection:
                person_id = connection.scalar(
                    text(
                        "INSERT INTO person (organisation_id, name, name_key, active, "
                        "due_soon_opt_out, created_at) SELECT min(id), 'Pat Panel', 'pat panel', "
                        ":yes, :no, :now FROM organisation RETURNING id"
                    ),
                    {"yes": True, "no": False, "now": "2022-12-01 09:00:00.000000"},
                )
                connection.execute(
                    text(
                        "INSERT INTO user_account (person_id, email, password_hash, role, "
                        "active, session_version, created_at) VALUES (:person_id, :email, "
                        ":password_hash, 'panel', :yes, 1, :now)"
                    ),
                    {
                        "person_id": person_id,
                        "email": PANEL_EMAIL,
                        "password_hash": password_hash,
                        "yes": True,
                        "now": "2022-12-01 09:00:00.000000",
                    },
                )
                connection.execute(text("ANALYZE"))
            seconds = round(time.perf_counter() - started, 1)
            stored = {"fingerprint": fingerprint, "seconds": seconds, "lead": generated.email}
            marker.write_text(json.dumps(stored))
        with db.engine.connect() as connection:
            step = max(plans // VARIANTS, 1)
            slugs = [f"pages-{number}" for number in range(1, plans + 1, step)][:VARIANTS]
            action_ids = list(
                connection.scalars(
                    text("SELECT id FROM action WHERE MOD(id, :step) = 7 ORDER BY id LIMIT :n"),
                    {"step": step * ACTIONS_PER_PLAN, "n": VARIANTS},
                )
            )
        db.engine.dispose()
    return Data(slugs=slugs, action_ids=action_ids, lead_email=stored["lead"])


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """Run gunicorn with the app on a loopback port, as the deployment's service does."""

    def __init__(self, url: str, log: Path) -> None:
        self.port = _free_port()
        base = f"http://127.0.0.1:{self.port}"
        environment = {
            **os.environ,
            "DATABASE_URL": url,
            "SECRET_KEY": secrets.token_hex(32),
            "TRACKER_BASE_URL": base,
            "MAIL_SERVER": "127.0.0.1",
            "MAIL_PORT": "2525",
            "LOG_FORMAT": "json",
        }
        self.log = log.open("w")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--workers",
                str(WORKERS),
                "--bind",
                f"127.0.0.1:{self.port}",
                "wsgi:app",
            ],
            cwd=ROOT,
            env=environment,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BenchmarkCannotRun(f"gunicorn stopped while starting; see {log}")
            try:
                status, _ = Client(self.port).get("/health/live")
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.5)
        self.stop()
        raise BenchmarkCannotRun("gunicorn did not answer /health/live within 60 s")

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


class Client:
    """Keep one keep-alive connection and the cookies the app sets on it."""

    def __init__(self, port: int) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.cookies: dict[str, str] = {}

    def _send(self, method: str, path: str, body: str | None = None) -> tuple[int, bytes]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        content = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response.status, content

    def get(self, path: str) -> tuple[int, bytes]:
        return self._send("GET", path)

    def sign_in(self, email: str) -> None:
        """Sign in through the form, with the CSRF token it carries."""
        status, page = self.get("/auth/sign-in")
        token = re.search(rb'name="csrf_token" type="hidden" value="([^"]+)"', page) or re.search(
            rb'name="csrf_token"[^>]*value="([^"]+)"', page
        )
        if status != 200 or token is None:
            raise BenchmarkCannotRun(f"the sign-in page answered {status} without a CSRF token")
        form = {"csrf_token": token.group(1).decode(), "email": email, "password": PASSWORD}
        status, _ = self._send("POST", "/auth/sign-in", urlencode(form))
        if status != 302:
            raise BenchmarkCannotRun(f"signing in as {email} answered {status}, not a redirect")

    def close(self) -> None:
        self.connection.close()


def page_paths(data: Data) -> dict[str, Callable[[int], str]]:
    """Return each page's address for the n-th request."""

    def slug(number: int) -> str:
        return data.slugs[number % len(data.slugs)]

    return {
        "plans_overview": lambda number: "/plans/",
        "plan": lambda number: f"/plans/{slug(number)}",
        "overdue_actions": lambda number: f"/plans/{slug(number)}/actions?overdue=yes",
        "my_actions": lambda number: "/actions/mine",
        "dashboard": lambda number: f"/reports/{slug(number)}/",
        "highlight": lambda number: f"/reports/{slug(number)}/highlight",
        "action": lambda number: f"/actions/{data.action_ids[number % len(data.action_ids)]}",
    }


def load(clients: list[Client], path: Callable[[int], str], requests: int) -> list[float]:
    """Send the requests from every client at once; return each one's milliseconds."""
    timings: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()

    def run(index: int, client: Client) -> None:
        for number in range(index, requests, len(clients)):
            address = path(number)
            started = time.perf_counter()
            status, _ = client.get(address)
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                timings.append(elapsed)
                if status != 200:
                    failures.append(f"{address} answered {status}")

    threads = [
        threading.Thread(target=run, args=(index, client)) for index, client in enumerate(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise BenchmarkCannotRun(f"{len(failures)} requests failed, first: {failures[0]}")
    if len(timings) != requests:
        raise BenchmarkCannotRun(f"{requests - len(timings)} requests got no answer")
    return timings


def measure(url: str, *, quick: bool = False) -> dict:
    """Time the seven pages under gunicorn and return their p50 and p95 in milliseconds."""
    plans = QUICK_PLANS if quick else PLANS
    requests = QUICK_REQUESTS if quick else REQUESTS
    DATA.mkdir(exist_ok=True)
    data = prepare(url, plans, QUICK_LEADS if quick else LEADS)
    load_before = os.getloadavg()
    server = Server(url, DATA / "pages-gunicorn.log")
    try:
        panel = [Client(server.port) for _ in range(CLIENTS)]
        lead = [Client(server.port) for _ in range(CLIENTS)]
        for client in panel:
            client.sign_in(PANEL_EMAIL)
        for client in lead:
            client.sign_in(data.lead_email)
        p50: dict[str, float] = {}
        p95: dict[str, float] = {}
        for name, path in page_paths(data).items():
            clients = lead if name == "my_actions" else panel
            load(clients, path, WARM_UP)
            timings = load(clients, path, requests)
            p50[name] = round(statistics.median(timings), 1)
            p95[name] = round(statistics.quantiles(timings, n=20, method="inclusive")[18], 1)
            print(f"  {name}: p50 {p50[name]} ms, p95 {p95[name]} ms", flush=True)
        for client in panel + lead:
            client.close()
    finally:
        server.stop()
    return {
        "keys": {"page_p95_ms": p95, "page_p50_ms": p50},
        "details": {
            "plans": plans,
            "actions": plans * ACTIONS_PER_PLAN,
            "leads": QUICK_LEADS if quick else LEADS,
            "workers": WORKERS,
            "clients": CLIENTS,
            "requests_per_page": requests,
            "warm_up_per_page": WARM_UP,
            "goal_p95_ms": GOAL_P95_MS,
            "load_average_before": [round(value, 2) for value in load_before],
            "load_average_after": [round(value, 2) for value in os.getloadavg()],
        },
    }


def main() -> None:
    """Measure the pages on each database asked for and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--databases", default="sqlite")
    parser.add_argument("--quick", action="store_true")
    arguments = parser.parse_args()
    urls = {
        "sqlite": f"sqlite:///{DATA / 'pages.sqlite'}",
        "postgresql": os.environ.get("BENCH_PAGES_DATABASE_URL", DEFAULT_POSTGRES_URL),
    }
    results = {}
    for name in arguments.databases.split(","):
        if name not in urls:
            sys.exit(f"Unknown database '{name}': choose from {', '.join(urls)}.")
        print(f"{name}:", flush=True)
        try:
            results[name] = measure(urls[name], quick=arguments.quick)
        except Exception as error:
            sys.exit(f"The pages benchmark cannot run on {name}: {error}")
    print(json.dumps(results, indent=2))
    missed = [
        f"{database} {page}"
        for database, result in results.items()
        for page, value in result["keys"]["page_p95_ms"].items()
        if value > GOAL_P95_MS
    ]
    if missed:
        print(f"p95 above {GOAL_P95_MS:g} ms: {', '.join(missed)}")


if __name__ == "__main__":
    main()

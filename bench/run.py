"""Run every benchmark part on SQLite and PostgreSQL and write bench/results.json and RESULTS.md."""

# `make bench` runs `python -m bench.run`: each module in PARTS is imported and its
# measure(url, *, quick=False) called once per database, each part on a database of its own.
# A part returns {"keys": {...}, "details": {...}}; the keys of every part are merged per
# database into results.json, and RESULTS.md gets a section per part with its goals met or not.
# A database that cannot be reached, or a part that raises, stops the run with exit status 1
# naming the part and the database: nothing is ever skipped. `--quick` runs every part with
# small sizes and writes its results under bench/data/ instead. Shared helpers for the parts
# (median_pair, raw_query, measure_each_database) live here too.

from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import resource
import sqlite3
import statistics
import subprocess
import sys
import time
import weakref
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from importlib.metadata import version
from pathlib import Path
from types import ModuleType

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DATA = HERE / "data"
RUNS = 5
BATCH_SECONDS = 0.02
TODAY = date(2024, 1, 15)
DATABASES = ("sqlite", "postgresql")
DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/bench_tracker"
# The parts `make bench` runs, in order; a new part only needs its module named here.
PARTS = (
    "bench.tallies",
    "bench.portfolio",
    "bench.action_list",
    "bench.overdue",
    "bench.pages",
    "bench.prepared",
    "bench.reminders",
    "bench.big_plans",
    "bench.scorecard",
)
# Goals from the issues, by key; a part may add its own in a GOALS dict of the same form.
GOALS: dict[str, tuple[str, float]] = {
    "reminder_floor_ratio": ("≤", 2.0),
    "reminder_l_seconds": ("<", 300.0),
    "plan_pdf_10k_seconds": ("≤", 10.0),
    "plan_pdf_10k_peak_mib": ("≤", 300.0),
    "highlight_pdf_10k_seconds": ("≤", 5.0),
    "csv_10k_seconds": ("≤", 1.0),
    "xlsx_10k_seconds": ("≤", 3.0),
    "portfolio_tallies_ratio": ("≤", 3.0),
    "portfolio_tallies_seconds": ("<", 0.5),
    "page_p95_ms": ("≤", 150.0),
    "startup_cpu_seconds": ("<", 0.7),
}
STARTUP_COMMAND = ("-m", "flask", "--app", "wsgi", "plans", "list")
# What any flask command of the app must import: the interpreter and the libraries the app is
# built on, without the app. The floor under startup_cpu_seconds.
STARTUP_FLOOR = (
    "-c",
    "import flask.cli, flask_sqlalchemy, flask_migrate, flask_login, flask_wtf, sqlalchemy",
)


class BenchmarkCannotRun(RuntimeError):
    """Say why a configuration cannot be measured."""


def _calls_per_run(function: Callable[[], object]) -> int:
    """Warm up with one call, then return how many calls make a run of about 20 ms."""
    function()
    calls, start = 0, time.perf_counter()
    while time.perf_counter() - start < BATCH_SECONDS / 4:
        function()
        calls += 1
    per_call = (time.perf_counter() - start) / calls
    return max(1, min(1000, int(BATCH_SECONDS / per_call)))


def _run(function: Callable[[], object], calls: int) -> float:
    start = time.perf_counter()
    for _ in range(calls):
        function()
    return (time.perf_counter() - start) / calls


def median_pair(
    measured: Callable[[], object], baseline: Callable[[], object], runs: int = RUNS
) -> dict:
    """Warm both up, then time them in interleaved pairs (B A B A …); return the medians."""
    # A call much shorter than the clock's noise is timed in a batch of calls lasting about
    # 20 ms, and the batch's mean counts as that run's time. The ratio is the median of each
    # pair's ratio, so that load which comes and goes moves both sides of a pair alike.
    measured_calls = _calls_per_run(measured)
    baseline_calls = _calls_per_run(baseline)
    measured_times, baseline_times = [], []
    for _ in range(runs):
        baseline_times.append(_run(baseline, baseline_calls))
        measured_times.append(_run(measured, measured_calls))
    return {
        "measured_seconds": round(statistics.median(measured_times), 6),
        "baseline_seconds": round(statistics.median(baseline_times), 6),
        "ratio": round(
            statistics.median(m / b for m, b in zip(measured_times, baseline_times, strict=True)),
            3,
        ),
        "calls_per_run": {"measured": measured_calls, "baseline": baseline_calls},
    }


def own_peak_mib() -> float:
    """Return this process's peak resident set size in MiB, counted from its exec."""
    # getrusage's ru_maxrss carries over the high-water mark of the process that started this
    # one (a benchmark holding its own data), across fork and exec alike, so Linux's VmHWM,
    # which starts afresh at exec, is read instead where there is one.
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    # ru_maxrss is in kibibytes on Linux and the BSDs (bytes on macOS, which has no /proc).
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round((peak / 1024 if sys.platform == "darwin" else peak) / 1024, 1)


def raw_query(sql: str, *params: object) -> Callable[[], list]:
    """Return a function that runs SQL on a driver connection of its own and fetches it."""
    from tracker.extensions import db

    # Not the session's connection: a request the app answers meanwhile may hand that back to
    # the pool, and a query on it afterwards would leave a pooled connection in a transaction.
    # Detached from the pool, so that closing it closes the driver's connection: that happens
    # once the returned function is dropped, and a database can then be dropped without force.
    connection = db.engine.raw_connection()
    connection.detach()
    if db.engine.dialect.name == "sqlite":
        # In one read transaction, as the app's session reads, rather than one per statement.
        begin = connection.cursor()
        begin.execute("BEGIN")
        begin.close()
    mark = "%s" if db.engine.dialect.name == "postgresql" else "?"
    statement = sql.format(p=mark)

    def run() -> list:
        cursor = connection.cursor()
        cursor.execute(statement, params)
        rows = cursor.fetchall()
        cursor.close()
        return rows

    weakref.finalize(run, connection.close)
    return run


def server_version() -> str:
    """Return the version of the database the app's session is on."""
    from tracker.extensions import db

    if db.engine.dialect.name == "postgresql":
        return db.session.execute(text("SHOW server_version")).scalar_one()
    return db.session.execute(text("SELECT sqlite_version()")).scalar_one()


def data_marker(url: str) -> Path:
    """Return the file that records what data the database at url holds."""
    name = make_url(url).database or "memory"
    return DATA / f"{Path(name).stem}.json"


def ensure_database(url: str) -> None:
    """Create the PostgreSQL database at url if missing; say why when it cannot be reached."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql":
        DATA.mkdir(exist_ok=True)
        return
    server = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with server.connect() as connection:
            exists = connection.scalar(
                text("SELECT 1 FROM pg_database WHERE datname = :name"),
                {"name": parsed.database},
            )
            if not exists:
                print(f"  creating database {parsed.database}", flush=True)
                connection.execute(text(f'CREATE DATABASE "{parsed.database}"'))
    except Exception as error:
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
        raise BenchmarkCannotRun(
            f"PostgreSQL at {parsed.host}:{parsed.port or 5432} cannot be used: {reason}"
        ) from error
    finally:
        server.dispose()


def _reset(url: str) -> None:
    if url.startswith("postgresql"):
        engine = create_engine(url)
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        engine.dispose()
    else:
        path = Path(url.removeprefix("sqlite:///"))
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)


def database_url(database: str, part: str, *, quick: bool = False) -> str:
    """Return the URL of the part's own database of that kind, quick runs apart."""
    name = part.removeprefix("bench.") + ("_quick" if quick else "")
    if database == "sqlite":
        return f"sqlite:///{DATA / name}.sqlite"
    if database == "postgresql":
        base = make_url(os.environ.get("BENCH_DATABASE_URL", DEFAULT_POSTGRES_URL))
        return base.set(database=f"{base.database}_{name}").render_as_string(hide_password=False)
    raise BenchmarkCannotRun(f"unknown database '{database}': choose from {', '.join(DATABASES)}")


def measure_each_database(
    what: str,
    sqlite_file: str,
    postgres_variable: str,
    default_postgres_url: str,
    measure: Callable[..., dict],
    *,
    description: str,
) -> dict[str, dict]:
    """Run one part alone: parse --databases and --quick, measure each and print the results."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--databases", default="sqlite")
    parser.add_argument("--quick", action="store_true", help="small sizes, for developers")
    arguments = parser.parse_args()
    DATA.mkdir(exist_ok=True)
    urls = {
        "sqlite": f"sqlite:///{DATA / sqlite_file}",
        "postgresql": os.environ.get(postgres_variable, default_postgres_url),
    }
    by_database = {}
    for name in arguments.databases.split(","):
        if name not in urls:
            sys.exit(f"Unknown database '{name}': choose from {', '.join(urls)}.")
        print(f"{name}:", flush=True)
        try:
            ensure_database(urls[name])
            by_database[name] = measure(urls[name], quick=arguments.quick)
        except Exception as error:
            sys.exit(f"The {what} benchmark cannot run on {name}: {error}")
    print(json.dumps(by_database, indent=2, default=str))
    return by_database


def startup_cpu_seconds(runs: int = RUNS) -> dict:
    """Time `flask plans list` in CPU seconds (user + system) against the libraries' floor."""
    url = f"sqlite:///{DATA / 'startup.sqlite'}"
    # With the bytecode cache, as an installed app runs (pip compiles it), whatever this
    # shell says; the first run of each writes the cache and is not counted.
    environment = {
        **{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
        "DATABASE_URL": url,
    }

    def cpu(arguments: Sequence[str]) -> float:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        finished = subprocess.run(
            [sys.executable, *arguments], cwd=ROOT, env=environment, capture_output=True
        )
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if finished.returncode != 0:
            raise BenchmarkCannotRun(
                f"python {' '.join(arguments)} failed: {finished.stderr.decode()[-500:]}"
            )
        return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)

    cpu(("-m", "flask", "--app", "wsgi", "db", "upgrade"))
    cpu(STARTUP_FLOOR)
    command, floor = [], []
    for _ in range(runs):
        floor.append(cpu(STARTUP_FLOOR))
        command.append(cpu(STARTUP_COMMAND))
    return {
        "command": "flask --app wsgi plans list",
        "cpu_seconds": round(statistics.median(command), 3),
        "floor_cpu_seconds": round(statistics.median(floor), 3),
        "floor": "python " + " ".join(STARTUP_FLOOR),
        "runs": runs,
    }


def goals_of(module: ModuleType) -> dict[str, tuple[str, float]]:
    """Return the goals that apply to a part's keys: the issues' and its own."""
    return {**GOALS, **getattr(module, "GOALS", {})}


def is_met(goal: tuple[str, float], value: object) -> bool:
    """Say whether a value, or every value of a dict of them, meets the goal."""
    if isinstance(value, dict):
        return all(is_met(goal, each) for each in value.values())
    sign, limit = goal
    number = float(value)  # type: ignore[arg-type]
    return number <= limit if sign == "≤" else number < limit


def _shown(value: object) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{name}: {_shown(each)}" for name, each in value.items())
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def part_section(module: ModuleType, by_database: dict[str, dict]) -> list[str]:
    """Return the part's section of RESULTS.md: its keys per database with goals met or not."""
    goals = goals_of(module)
    title = (module.__doc__ or module.__name__).strip().splitlines()[0]
    lines = [f"## {module.__name__}: {title}", ""]
    lines += ["| key | goal | database | value | met |", "|---|---|---|---|---|"]
    for database, result in by_database.items():
        for key, value in result["keys"].items():
            goal = goals.get(key)
            shown_goal = f"{goal[0]} {goal[1]:g}" if goal else "(shown)"
            met = ("yes" if is_met(goal, value) else "**no**") if goal else ""
            lines.append(f"| {key} | {shown_goal} | {database} | {_shown(value)} | {met} |")
    extra = getattr(module, "markdown", None)
    if extra is not None:
        lines += ["", *extra({name: result["details"] for name, result in by_database.items()})]
    return [*lines, ""]


def missed_goals(modules: dict[str, ModuleType], parts: dict[str, dict[str, dict]]) -> list[str]:
    """Return each part, database and key whose value misses its goal."""
    missed = []
    for name, by_database in parts.items():
        goals = goals_of(modules[name])
        for database, result in by_database.items():
            for key, value in result["keys"].items():
                if key in goals and not is_met(goals[key], value):
                    missed.append(f"{name} {database} {key}")
    return missed


def markdown(results: dict, modules: dict[str, ModuleType]) -> str:
    """Write the results as a readable page, a section per part."""
    start, end = results["load_average"]["start"], results["load_average"]["end"]
    startup = results["startup"]
    lines = [
        "# Benchmark results",
        "",
        f"Run on {results['run_at']} with `make bench` (`python -m bench.run"
        + (" --quick`, small sizes" if results["quick"] else "`")
        + f") on {', '.join(results['databases'])}.",
        "Each ratio is the median of the ratios of "
        f"{RUNS} interleaved pairs (baseline, measured, baseline, …)",
        "after a warm-up, in the same process, so that load moves both sides of a pair alike.",
        f"Load average (1, 5, 15 minutes) at the start: {', '.join(map(str, start))}; "
        f"at the end: {', '.join(map(str, end))}, on {results['machine']['cpus']} CPUs.",
        "",
        "## Start-up",
        "",
        f"`{startup['command']}` uses {startup['cpu_seconds']} CPU seconds (user + system,",
        f"median of {startup['runs']}; goal < 0.7); the interpreter importing the libraries the",
        f"app is built on, without the app, uses {startup['floor_cpu_seconds']}.",
        "",
    ]
    for name, by_database in results["parts"].items():
        lines += part_section(modules[name], by_database)
    missed = results["missed_goals"]
    lines += ["## Goals missed", "", *(f"- {each}" for each in missed or ["none"]), ""]
    lines += ["## Machine", ""]
    lines += [f"- {key}: {value}" for key, value in results["machine"].items()]
    return "\n".join(lines) + "\n"


def machine() -> dict:
    """Describe the machine and the versions the figures depend on."""
    return {
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "flask": version("flask"),
        "sqlalchemy": version("sqlalchemy"),
        "reportlab": version("reportlab"),
        "psycopg": version("psycopg"),
        "sqlite_library": sqlite3.sqlite_version,
    }


def run(
    parts: Sequence[str],
    databases: Sequence[str],
    *,
    quick: bool,
    measure_startup: Callable[[], dict] = startup_cpu_seconds,
) -> dict:
    """Measure each part on each database, then the start-up, and return the results."""
    started_load = [round(value, 2) for value in os.getloadavg()]
    modules = {}
    for name in parts:
        try:
            modules[name] = importlib.import_module(name)
        except ModuleNotFoundError as error:
            raise BenchmarkCannotRun(f"there is no benchmark part {name}: {error}") from error
    results: dict = {"parts": {name: {} for name in parts}, "databases": {}}
    for database in databases:
        results["databases"][database] = {}
        for name, module in modules.items():
            print(f"{name} on {database}:", flush=True)
            url = database_url(database, name, quick=quick)
            try:
                ensure_database(url)
                measured = module.measure(url, quick=quick)
            except Exception as error:
                raise BenchmarkCannotRun(f"{name} cannot run on {database}: {error}") from error
            results["parts"][name][database] = measured
            results["databases"][database].update(measured["keys"])
    print("start-up:", flush=True)
    DATA.mkdir(exist_ok=True)
    results["startup"] = measure_startup()
    results["startup_cpu_seconds"] = results["startup"]["cpu_seconds"]
    results["missed_goals"] = missed_goals(modules, results["parts"])
    if results["startup_cpu_seconds"] >= GOALS["startup_cpu_seconds"][1]:
        results["missed_goals"].append("startup_cpu_seconds")
    return {
        "run_at": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "quick": quick,
        "load_average": {"start": started_load, "end": [round(v, 2) for v in os.getloadavg()]},
        "goals": {key: f"{sign} {limit:g}" for key, (sign, limit) in GOALS.items()},
        **results,
        "machine": machine(),
    }


def main(arguments: Sequence[str] | None = None, *, folder: Path = HERE) -> None:
    """Run the parts asked for on the databases asked for and write the results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--databases", default=",".join(DATABASES))
    parser.add_argument("--parts", default=",".join(PARTS), help="e.g. portfolio,tallies")
    parser.add_argument("--quick", action="store_true", help="small sizes, for developers")
    options = parser.parse_args(arguments)
    parts = [p if p.startswith("bench.") else f"bench.{p}" for p in options.parts.split(",")]
    databases = options.databases.split(",")
    for database in databases:
        if database not in DATABASES:
            sys.exit(f"Unknown database '{database}': choose from {', '.join(DATABASES)}.")
    try:
        results = run(parts, databases, quick=options.quick)
    except BenchmarkCannotRun as error:
        sys.exit(f"The benchmark stopped: {error}")
    # A quick run's figures are not the benchmark's: they stay beside its data.
    folder = DATA if options.quick else folder
    prefix = "quick-" if options.quick else ""
    modules = {name: sys.modules[name] for name in parts}
    (folder / f"{prefix}results.json").write_text(json.dumps(results, indent=2) + "\n")
    (folder / f"{prefix}RESULTS.md").write_text(markdown(results, modules))
    print(f"Wrote {folder / f'{prefix}results.json'} and {folder / f'{prefix}RESULTS.md'}")
    if results["missed_goals"]:
        print(f"Goals missed: {', '.join(results['missed_goals'])}")


if __name__ == "__main__":
    main()

"""The benchmark harness runs each part on each database, merges their keys and fails loudly.

The parts here are small modules with the parts' interface, so the harness is checked in
milliseconds; the real parts are run by `make bench` and `python -m bench.run --quick`.
"""

from __future__ import annotations

import json
import sys
from types import ModuleType

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bench import run as harness
from tests.conftest import TEST_DATABASE_URL

STARTUP = {
    "command": "flask --app wsgi plans list",
    "cpu_seconds": 0.5,
    "floor_cpu_seconds": 0.4,
    "floor": "python -c ...",
    "runs": 5,
}


def part(name: str, keys: dict, goals: dict | None = None, fails: bool = False) -> ModuleType:
    """Return a benchmark part module whose measure returns the keys, or raises."""
    module = ModuleType(name, f"Time something called {name}.")
    calls: list[tuple[str, bool]] = []

    def measure(url: str, *, quick: bool = False) -> dict:
        calls.append((url, quick))
        if fails:
            raise RuntimeError("the generator found no plan")
        return {"keys": keys, "details": {"url": url}}

    module.measure = measure  # type: ignore[attr-defined]
    module.calls = calls  # type: ignore[attr-defined]
    if goals is not None:
        module.GOALS = goals  # type: ignore[attr-defined]
    return module


@pytest.fixture
def parts(monkeypatch) -> dict[str, ModuleType]:
    """Register two working parts and a failing one as importable modules."""
    modules = {
        "bench.stub_reminders": part(
            "bench.stub_reminders", {"reminder_floor_ratio": 1.6, "reminder_l_seconds": 420.0}
        ),
        "bench.stub_pages": part(
            "bench.stub_pages",
            {"page_p95_ms": {"plans": 90.0, "dashboard": 160.0}, "pages_loaded": 700},
            goals={"pages_loaded": ("≤", 1000.0)},
        ),
        "bench.stub_broken": part("bench.stub_broken", {}, fails=True),
    }
    for name, module in modules.items():
        monkeypatch.setitem(sys.modules, name, module)
    return modules


def test_the_parts_keys_are_merged_per_database_with_each_missed_goal_named(parts):
    results = harness.run(
        ["bench.stub_reminders", "bench.stub_pages"],
        ["sqlite"],
        quick=True,
        measure_startup=lambda: STARTUP,
    )
    assert results["databases"]["sqlite"] == {
        "reminder_floor_ratio": 1.6,
        "reminder_l_seconds": 420.0,
        "page_p95_ms": {"plans": 90.0, "dashboard": 160.0},
        "pages_loaded": 700,
    }
    assert results["startup_cpu_seconds"] == 0.5
    assert results["missed_goals"] == [
        "bench.stub_reminders sqlite reminder_l_seconds",
        "bench.stub_pages sqlite page_p95_ms",
    ]
    assert len(results["load_average"]["start"]) == len(results["load_average"]["end"]) == 3
    json.dumps(results)
    # Each part measures its own database, a quick one apart from the full run's.
    url, quick = parts["bench.stub_pages"].calls[0]
    assert quick is True
    assert make_url(url).database.endswith("stub_pages_quick.sqlite")


def test_the_page_has_a_section_per_part_saying_which_goals_are_met(parts):
    modules = {name: parts[name] for name in ("bench.stub_reminders", "bench.stub_pages")}
    results = harness.run(list(modules), ["sqlite"], quick=False, measure_startup=lambda: STARTUP)
    page = harness.markdown(results, modules)
    assert "## bench.stub_reminders: Time something called bench.stub_reminders." in page
    assert "| reminder_floor_ratio | ≤ 2 | sqlite | 1.6 | yes |" in page
    assert "| reminder_l_seconds | < 300 | sqlite | 420 | **no** |" in page
    assert "| page_p95_ms | ≤ 150 | sqlite | plans: 90, dashboard: 160 | **no** |" in page
    assert "| pages_loaded | ≤ 1000 | sqlite | 700 | yes |" in page
    assert "Load average (1, 5, 15 minutes) at the start:" in page
    assert "`flask --app wsgi plans list` uses 0.5 CPU seconds" in page


def test_a_part_that_raises_stops_the_run_with_exit_status_1_naming_part_and_database(parts):
    with pytest.raises(SystemExit) as stopped:
        harness.main(["--parts", "stub_reminders,stub_broken", "--databases", "sqlite"])
    assert stopped.value.code == (
        "The benchmark stopped: bench.stub_broken cannot run on sqlite: the generator found no plan"
    )


def test_an_unreachable_postgresql_stops_the_run_before_any_part_measures(parts, monkeypatch):
    # Nothing listens on port 9 of the loopback address.
    monkeypatch.setenv("BENCH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:9/bench")
    with pytest.raises(SystemExit) as stopped:
        harness.main(["--parts", "stub_reminders", "--databases", "postgresql"])
    assert stopped.value.code.startswith(
        "The benchmark stopped: bench.stub_reminders cannot run on postgresql: "
        "PostgreSQL at 127.0.0.1:9 cannot be used:"
    )
    assert parts["bench.stub_reminders"].calls == []


def test_an_unknown_part_stops_the_run_saying_so():
    with pytest.raises(SystemExit) as stopped:
        harness.main(["--parts", "no_such_part", "--databases", "sqlite"])
    assert stopped.value.code.startswith(
        "The benchmark stopped: there is no benchmark part bench.no_such_part:"
    )


def test_an_unknown_database_is_refused():
    with pytest.raises(SystemExit) as stopped:
        harness.main(["--databases", "sqlite,oracle"])
    assert stopped.value.code == "Unknown database 'oracle': choose from sqlite, postgresql."


def test_the_measure_and_its_baseline_run_in_interleaved_pairs():
    calls: list[str] = []
    timing = harness.median_pair(lambda: calls.append("measured"), lambda: calls.append("baseline"))
    blocks = [name for at, name in enumerate(calls) if at == 0 or calls[at - 1] != name]
    # Warm-up of the measure, then of the baseline, then baseline and measure in turn.
    assert blocks == ["measured"] + ["baseline", "measured"] * harness.RUNS
    assert set(timing) == {"measured_seconds", "baseline_seconds", "ratio", "calls_per_run"}


@pytest.mark.skipif(
    not TEST_DATABASE_URL, reason="creating a database needs the server of TEST_DATABASE_URL"
)
def test_a_missing_postgresql_database_is_created():
    server = make_url(TEST_DATABASE_URL)
    url = server.set(database=f"{server.database}_bench_created")
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    drop = text(f'DROP DATABASE IF EXISTS "{url.database}"')
    try:
        with admin.connect() as connection:
            connection.execute(drop)
        harness.ensure_database(url.render_as_string(hide_password=False))
        created = create_engine(url)
        with created.connect() as connection:
            assert connection.scalar(text("SELECT current_database()")) == url.database
        created.dispose()
    finally:
        with admin.connect() as connection:
            connection.execute(drop)
        admin.dispose()

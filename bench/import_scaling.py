"""Time checking and importing plan files of 500 to 5,000 rows, and how the time grows."""

# Each size gets realistic council-layout files (themes, objectives, refs, written target
# dates, several leads, RAG and long commentary) as CSV and .xlsx; a size counts the header
# row, so the largest file is at the 5,000-row cap, and at about 5 MB as CSV. For each, on a fresh
# migrated database: check a new plan (import, then roll back, as the admin page's check
# does), import it, then check and import a second snapshot of the same plan a month later
# (every row matched to an existing action); then check and import it as a new plan through
# the admin import page, upload and staging included. Run:
#   python -m bench.import_scaling                      # SQLite, all sizes, CSV and .xlsx
#   python -m bench.import_scaling --sizes 500 5000 --formats csv
#   python -m bench.import_scaling --database postgresql+psycopg://postgres@127.0.0.1/bench

from __future__ import annotations

import argparse
import io
import random
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

from flask_migrate import upgrade
from sqlalchemy import create_engine, text

from bench.generate import WORDS
from tracker import create_app
from tracker.config import Config
from tracker.domain.enums import Role
from tracker.extensions import db
from tracker.models import Person, User
from tracker.services.plan_import import import_plan_file
from tracker.services.tabular import TableLimits, write_table

SIZES = (500, 1_000, 2_500, 5_000)
FIRST_AS_AT = date(2011, 2, 28)
SECOND_AS_AT = date(2011, 3, 31)
TODAY = date(2011, 4, 1)
LIMITS = TableLimits()
HEADERS = (
    "Ref",
    "Theme",
    "Objective",
    "Key Actions",
    "Priority",
    "Target Date",
    "Baseline",
    "Targets",
    "Current Performance",
    "Lead",
    "RAG",
    "Performance Commentary",
    "Lead Workstream(s)",
    "Comp Y/N",
)
THEMES = (
    "Staying Safe - Social Worker Practice and Process",
    "Staying Safe - Performance",
    "Workforce - Recruitment and Retention",
    "Leadership, Management and Governance",
    "Partnership Working",
    "Quality Assurance and Performance Management",
    "Early Help and Prevention",
    "Looked After Children and Care Leavers",
)
FIRST_NAMES = ("Lyn", "Howard", "Deb", "Warren", "Julie", "Simon", "Joyce", "Sue", "Paul")
LAST_NAMES = ("Burns", "Woolfenden", "Johnson", "Carratt", "Westwood", "Perry", "Thacker")
TARGETS = (
    "March 2011",
    "mid Sept 2010",
    "30th Nov 2010",
    "Quarterly",
    "Ongoing",
    "August } Milestones Sept } Oct } 30th Nov deadline",
    "2011-06-30",
    "End of June 2011",
)
RAGS = ("↑ Green", "→ Amber", "↓ Red", "Complete", "Green", "Amber")
COMPLETION = ("N", "N", "P", "Y", "?")


def _sentence(rng: random.Random, shortest: int, longest: int) -> str:
    return " ".join(rng.choices(WORDS, k=rng.randint(shortest, longest))).capitalize() + "."


def plan_rows(size: int, seed: int, snapshot: int) -> list[list[str]]:
    """Return size - 1 key-action rows, a file of size rows with its header row.

    The same seed gives the same actions in every snapshot; the status cells change.
    """
    rng = random.Random(seed)
    people = [f"{first} {last}" for first in FIRST_NAMES for last in LAST_NAMES]
    rows = []
    per_objective = 8
    objectives_per_theme = max(1, size // (per_objective * len(THEMES)))
    for index in range(size - 1):
        objective_number = index // per_objective
        theme_number = min(objective_number // objectives_per_theme, len(THEMES) - 1) + 1
        leads = rng.sample(people, rng.randint(1, 3))
        text_rng = random.Random(f"{seed}-{index}-{snapshot}")
        rows.append(
            [
                f"{theme_number}.{index + 1:04d}",
                f"{theme_number}. {THEMES[theme_number - 1]}",
                f"Objective {objective_number + 1}: {_sentence(rng, 6, 14)}",
                _sentence(rng, 10, 30),
                str(rng.randint(1, 3)),
                rng.choice(TARGETS),
                _sentence(rng, 4, 12),
                f"{rng.randint(40, 70)}% March 2011 {rng.randint(70, 95)}% March 2012",
                f"{text_rng.randint(30, 90)}%",
                " / ".join(leads) if rng.random() < 0.7 else " and ".join(leads[:2]),
                text_rng.choice(RAGS),
                " ".join(_sentence(text_rng, 11, 27) for _ in range(3)),
                rng.choice(("Social Work", "Workforce", "Performance", "Commissioning")),
                text_rng.choice(COMPLETION),
            ]
        )
    return rows


def write_files(directory: Path, size: int, suffix: str) -> tuple[Path, Path]:
    """Write the two snapshots of a plan of size rows and return their paths."""
    paths = []
    for snapshot in (1, 2):
        path = directory / f"plan-{size}-{snapshot}{suffix}"
        write_table(path, HEADERS, plan_rows(size, seed=size, snapshot=snapshot))
        paths.append(path)
    return paths[0], paths[1]


def _reset(url: str) -> None:
    """Empty the scratch database: delete an SQLite file, recreate PostgreSQL's schema."""
    engine = create_engine(url)
    if engine.dialect.name == "sqlite":
        Path(engine.url.database).unlink(missing_ok=True)
    else:
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


class _Clock:
    """Measure wall time and this process's CPU time together."""

    def __enter__(self) -> _Clock:
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *_) -> None:
        self.wall, self.cpu = time.perf_counter() - self.wall, time.process_time() - self.cpu


def _timed(app, path: Path, slug: str, as_at: date, *, keep: bool) -> _Clock:
    with app.app_context(), _Clock() as clock:
        import_plan_file(
            path,
            slug=slug,
            title=None,
            as_at=as_at,
            today=TODAY,
            now=datetime(2011, 4, 1, 9, tzinfo=UTC),
            limits=LIMITS,
            source=path.name,
        )
        if keep:
            db.session.commit()
        else:
            db.session.rollback()
        db.session.remove()
    return clock


def _admin_client(app):
    """Return a test client signed in as a new administrator."""
    with app.app_context():
        person = Person(name="Bench Admin", name_key="bench admin")
        db.session.add(person)
        db.session.flush()
        user = User(person_id=person.id, email="bench@example.org", role=Role.ADMIN)
        db.session.add(user)
        db.session.commit()
        user_id, version = user.id, user.session_version
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = f"{user_id}:{version}"
        session["_fresh"] = True
    return client


def _web(client, path: Path, slug: str, as_at: date) -> tuple[_Clock, _Clock]:
    """Check then confirm a file through the admin import page; return both times."""
    form = {
        "file": (io.BytesIO(path.read_bytes()), path.name),
        "slug": slug,
        "title": "",
        "as_at": [str(as_at.day), str(as_at.month), str(as_at.year)],
    }
    with _Clock() as check:
        checked = client.post("/admin/import", data=form)
    with _Clock() as confirm:
        confirmed = client.post("/admin/import/confirm")
    if "Check the import" not in checked.get_data(as_text=True) or confirmed.status_code != 302:
        raise RuntimeError(f"the web import of {path.name} did not go through")
    return check, confirm


def measure(url: str, first: Path, second: Path, slug: str) -> dict[str, _Clock]:
    """Check and import both snapshots of one plan; return the seconds each step took."""
    config = type(
        "ImportBenchConfig",
        (Config,),
        {"SQLALCHEMY_DATABASE_URI": url, "WTF_CSRF_ENABLED": False},
    )
    app = create_app(config)
    timings = {
        "check new": _timed(app, first, slug, FIRST_AS_AT, keep=False),
        "import new": _timed(app, first, slug, FIRST_AS_AT, keep=True),
        "check again": _timed(app, second, slug, SECOND_AS_AT, keep=False),
        "import again": _timed(app, second, slug, SECOND_AS_AT, keep=True),
    }
    client = _admin_client(app)
    timings["web check"], timings["web import"] = _web(client, first, f"{slug}-web", FIRST_AS_AT)
    return timings


STEPS = ("check new", "import new", "check again", "import again", "web check", "web import")


def _table(results: dict, sizes: list[int], formats: list[str], kind: str) -> None:
    print(f"\n{kind} seconds, the least of the runs:\n")
    print("| format | rows | MB | " + " | ".join(STEPS) + " |")
    print("|---|---|---|" + "---|" * len(STEPS))
    for (suffix, size), (size_bytes, timings) in results.items():
        cells = " | ".join(f"{timings[step][kind]:.2f}" for step in STEPS)
        print(f"| {suffix} | {size:,} | {size_bytes / 1e6:.2f} | {cells} |")
    low, high = min(sizes), max(sizes)
    if low == high:
        return
    print()
    for suffix in formats:
        top, bottom = results[(suffix, high)][1], results[(suffix, low)][1]
        ratios = ", ".join(f"{step} {top[step][kind] / bottom[step][kind]:.1f}" for step in STEPS)
        print(f"{suffix}, {high:,}/{low:,} rows ({high / low:.0f} times the rows): {ratios}")


def main() -> None:
    """Generate the files, time every step at every size, and print the tables and ratios."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--formats", nargs="+", default=["csv", "xlsx"], choices=["csv", "xlsx"])
    parser.add_argument("--runs", type=int, default=1, help="runs per size; the least counts")
    parser.add_argument("--database", help="SQLAlchemy URL of a scratch database (wiped)")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        directory = Path(scratch)
        results: dict[tuple[str, int], tuple[int, dict[str, dict[str, float]]]] = {}
        for suffix in arguments.formats:
            for size in arguments.sizes:
                first, second = write_files(directory, size, f".{suffix}")
                best: dict[str, dict[str, float]] = {}
                for _ in range(arguments.runs):
                    url = arguments.database or f"sqlite:///{directory / f'{suffix}-{size}.db'}"
                    _reset(url)
                    app = create_app(type("Migrate", (Config,), {"SQLALCHEMY_DATABASE_URI": url}))
                    with app.app_context():
                        upgrade()
                        db.engine.dispose()
                    timings = measure(url, first, second, f"bench-{size}")
                    steps = "  ".join(
                        f"{name} {clock.wall:5.2f} s ({clock.cpu:5.2f} cpu)"
                        for name, clock in timings.items()
                    )
                    print(f"{suffix:>4} {size:>5} rows  {steps}", flush=True)
                    for name, clock in timings.items():
                        kept = best.setdefault(name, {"wall": clock.wall, "cpu": clock.cpu})
                        kept["wall"], kept["cpu"] = (
                            min(kept["wall"], clock.wall),
                            min(kept["cpu"], clock.cpu),
                        )
                results[(suffix, size)] = (first.stat().st_size, best)
        _table(results, arguments.sizes, arguments.formats, "wall")
        _table(results, arguments.sizes, arguments.formats, "cpu")


if __name__ == "__main__":
    main()

"""The scorecard benchmark part generates its plan once, checks it and times both sides."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from bench import run as harness
from bench import scorecard
from tests.conftest import TEST_DATABASE_URL
from tracker.extensions import db
from tracker.models import Plan


@pytest.fixture
def url(tmp_path, monkeypatch):
    """Return a database of the suite's kind for the part alone, its data marker in tmp_path."""
    monkeypatch.setattr(harness, "DATA", tmp_path)
    if not (TEST_DATABASE_URL or "").startswith("postgresql"):
        yield f"sqlite:///{tmp_path / 'scorecard_quick.sqlite'}"
        return
    base = make_url(TEST_DATABASE_URL)
    own = base.set(database=f"{base.database}_scorecard_part")
    harness.ensure_database(own.render_as_string(hide_password=False))
    yield own.render_as_string(hide_password=False)
    server = create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{own.database}" WITH (FORCE)'))
    server.dispose()


def test_the_quick_part_times_the_scorecard_against_a_baseline_judging_the_same(url):
    first = scorecard.measure(url, quick=True)
    second = scorecard.measure(url, quick=True)

    assert first["details"]["generation"]["reused"] is False
    assert second["details"]["generation"]["reused"] is True
    assert first["details"]["indicators"] == scorecard.QUICK_INDICATORS
    assert first["details"]["readings"] > scorecard.QUICK_INDICATORS * scorecard.MONTHS
    timing = first["details"]["scorecard"]
    assert timing["measured_seconds"] > 0 and timing["baseline_seconds"] > 0
    assert first["keys"] == {"scorecard_ratio": timing["ratio"]}
    assert "scorecard_ratio" in scorecard.GOALS
    assert "bench.scorecard" in harness.PARTS

    app, _ = scorecard.prepare(url, scorecard.QUICK_INDICATORS)
    with app.app_context():
        plan_id = db.session.scalar(select(Plan.id).where(Plan.slug == scorecard.SLUG))
        rows = scorecard.baseline(plan_id)()
        built = scorecard.build_scorecard(scorecard.SLUG, scorecard.PERIOD)
        db.session.rollback()
        db.engine.dispose()
    assert len(rows) == sum(len(theme.assessments) for theme in built.themes)
    assert {row[5] for row in rows} >= {"red", "green"}
    assert len(built.exceptions) > 0

"""Build plans with known figures for the report tests, and count the queries a request makes."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy import event

from tests.conftest import DatabaseSnapshot, take_snapshot
from tests.factories import add_update, make_action, make_person, make_plan, make_theme, make_user
from tracker.domain.enums import Completion, Rag, Role
from tracker.extensions import db
from tracker.models import Plan, PriorityBand

C = Completion.COMPLETED
N = Completion.NOT_COMPLETED
K = Completion.NOT_KNOWN

OCTOBER_2009_BANDS = {
    1: "Actions to be completed by October 2009",
    2: "Actions to be completed between 1st November and 31st December 2009",
    3: "Actions to be completed between 1st January and 31st March 2010",
}
OCTOBER_2009_THEMES = {
    1: "Management arrangements",
    2: "Resource management",
    3: "Safeguarding arrangements",
    4: "Performance management",
    5: "Future direction / partnerships",
}
# The October 2009 report: (theme, band) -> (completed, not completed, partially, not known).
OCTOBER_2009_BY_THEME_AND_BAND = {
    (1, 1): (7, 0, 9, 0),
    (1, 2): (0, 1, 3, 0),
    (1, 3): (0, 0, 0, 0),
    (2, 1): (28, 0, 3, 0),
    (2, 2): (1, 1, 2, 0),
    (2, 3): (0, 5, 6, 0),
    (3, 1): (28, 2, 2, 0),
    (3, 2): (3, 3, 5, 0),
    (3, 3): (0, 1, 0, 0),
    (4, 1): (17, 1, 5, 0),
    (4, 2): (2, 6, 10, 0),
    (4, 3): (0, 2, 0, 0),
    (5, 1): (11, 3, 1, 0),
    (5, 2): (6, 1, 0, 0),
    (5, 3): (3, 3, 0, 0),
}
SEPTEMBER_30 = date(2009, 9, 30)
OCTOBER_20 = date(2009, 10, 20)
NOVEMBER_5 = date(2009, 11, 5)


def build_october_2009_plan(slug: str = "cyps") -> Plan:
    """Create the 181 actions of the October 2009 report, with September and November noise."""
    # At the end of September every action is Not known; every third action changes again on
    # 5 November, and four actions are added in November, so only updates as at 31 October
    # give the paper's figures.
    plan = make_plan(slug=slug, title="CYPS Improvement Plan 2009/10")
    for number, label in OCTOBER_2009_BANDS.items():
        db.session.add(PriorityBand(plan_id=plan.id, number=number, label=label))
    themes = {
        number: make_theme(plan, number, title) for number, title in OCTOBER_2009_THEMES.items()
    }
    lead = make_person("Howard Woolfenden")
    made = 0
    for (theme, band), counts in OCTOBER_2009_BY_THEME_AND_BAND.items():
        for completion, how_many in zip(Completion, counts, strict=True):
            for _ in range(how_many):
                made += 1
                action = make_action(
                    plan,
                    ref=f"{theme}.{made:03d}",
                    theme=themes[theme],
                    band_number=band,
                    leads=[lead],
                    target_date=date(2010, 3, 31),
                )
                add_update(action, as_at=SEPTEMBER_30, completion=K, rag=Rag.AMBER)
                add_update(
                    action,
                    as_at=OCTOBER_20,
                    completion=completion,
                    completed_on=OCTOBER_20 if completion is C else None,
                    rag=Rag.COMPLETE if completion is C else Rag.AMBER,
                )
                if made % 3 == 0:
                    add_update(action, as_at=NOVEMBER_5, completion=N if completion is C else C)
    for extra in range(4):
        action = make_action(plan, ref=f"9.{extra}", theme=themes[1], band_number=3)
        add_update(action, as_at=NOVEMBER_5, completion=C, completed_on=NOVEMBER_5)
    db.session.commit()
    return plan


@pytest.fixture(scope="session")
def october_2009_snapshot(database_template: str, tmp_path_factory) -> DatabaseSnapshot[int]:
    """Build the October 2009 plan once for the whole session; keep its id."""
    return take_snapshot(
        database_template,
        tmp_path_factory.mktemp("october_2009"),
        lambda: build_october_2009_plan().id,
    )


@pytest.fixture
def october_2009_plan(app, october_2009_snapshot: DatabaseSnapshot[int]) -> Plan:
    """Return the plan of the October 2009 report, in a database holding nothing else."""
    return db.session.get(Plan, october_2009_snapshot.load())


@pytest.fixture
def panel_client(app, client, sign_in):
    """Return a test client signed in as a panel member."""
    user = make_user(Role.PANEL)
    db.session.commit()
    sign_in(client, user)
    return client


@contextlib.contextmanager
def counting_queries() -> Iterator[list[str]]:
    """Collect the SQL statements sent to the database inside the block."""
    statements: list[str] = []

    def before_cursor_execute(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    engine = db.engine
    event.listen(engine, "before_cursor_execute", before_cursor_execute)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", before_cursor_execute)


def assert_pages_fit(pages, paths: list[str], width: int, *, open_details: bool = False) -> None:
    """Open each page at the width: no sideways scroll, labelled scroll regions, axe clean."""
    problems: list[dict] = []
    too_wide: dict[str, int] = {}
    for path in paths:
        pages.open(path)
        assert pages.page.locator("h1").is_visible()
        if open_details:
            # Open every folded part, so what it holds is measured and checked too.
            for summary in pages.page.locator("details summary").all():
                summary.click()
        document_width = pages.page.evaluate("document.documentElement.scrollWidth")
        if document_width > width:
            too_wide[path] = document_width
        regions = pages.page.locator(".tracker-table-scroll")
        assert regions.count() > 0, path
        for index in range(regions.count()):
            region = regions.nth(index)
            assert region.get_attribute("role") == "region"
            assert region.get_attribute("tabindex") == "0"
            assert region.get_attribute("aria-label")
        problems += pages.accessibility_violations()

    assert not too_wide, too_wide
    assert not problems, json.dumps(problems, indent=2)
    assert not pages.csp_reports

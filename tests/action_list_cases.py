"""A plan's action list as the web list and the API both read it: its actions and filters.

The web list (tests/plans/test_action_list.py) and the API (tests/api/test_actions.py) run the
same filters and the same refused values through the same domain parser: the same actions come
back, and the same message names each refused value.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest

from tests.factories import add_update, make_action, make_person, make_plan, make_theme
from tracker import clock
from tracker.domain.enums import Completion, Rag, Recurrence
from tracker.domain.working_days import WorkingCalendar
from tracker.extensions import db
from tracker.models import Plan

LONG_AGO = datetime(2020, 1, 1, 12, tzinfo=UTC)
_DAY = re.compile(r"\{today([+-][0-9]+)?\}")


def dated(query: str, today: date) -> str:
    """Return the query with each {today}, {today-N} or {today+N} written as an ISO date."""
    return _DAY.sub(lambda found: (today + timedelta(days=int(found[1] or 0))).isoformat(), query)


def build_example_plan() -> Plan:
    """Return plan "p" with two themes, two bands and actions in several states, committed."""
    today = clock.today()
    calendar = WorkingCalendar()
    plan = make_plan(slug="p", title="Plan", bands=2)
    safe, healthy = make_theme(plan, 1, "Staying safe"), make_theme(plan, 2, "Being healthy")
    deb, warren = make_person("Deb Johnson"), make_person("Warren Carratt")
    late = make_action(
        plan,
        ref="1.10",
        leads=[deb],
        theme=safe,
        band_number=1,
        target_date=today - timedelta(days=40),
        text="Audit case files",
    )
    add_update(
        late,
        as_at=today - timedelta(days=3),
        rag=Rag.RED,
        commentary="Behind: 50% of files audited",
    )
    make_action(
        plan,
        ref="1.9",
        leads=[deb, warren],
        theme=safe,
        target_date=today - timedelta(days=2),
        text="Review referrals",
    )
    soon = make_action(
        plan,
        ref="1.2a",
        leads=[warren],
        theme=safe,
        band_number=2,
        target_date=calendar.add_working_days(today, 3),
        text="Train staff",
    )
    add_update(soon, as_at=today - timedelta(days=10), rag=Rag.GREEN, commentary="On track")
    done = make_action(
        plan,
        ref="2.1",
        leads=[deb],
        theme=healthy,
        target_date=today - timedelta(days=90),
        text="Open a clinic",
    )
    add_update(
        done,
        as_at=today - timedelta(days=80),
        completion=Completion.COMPLETED,
        rag=Rag.COMPLETE,
        completed_on=today - timedelta(days=80),
        # Recorded long ago: the updated-since filter leaves it out.
        recorded_at=LONG_AGO,
    )
    make_action(
        plan,
        ref="2.2",
        theme=healthy,
        recurrence=Recurrence.MONTHLY,
        text="Report 50_50 split monthly",
    )
    make_action(
        plan,
        ref="2.10",
        theme=healthy,
        target_date=today + timedelta(days=200),
        text="Rebuild the clinic",
    )
    db.session.commit()
    return plan


# The queries of the list and the refs they find, in the list's order.
FILTER_CASES = [
    pytest.param("", ["1.2a", "1.9", "1.10", "2.1", "2.2", "2.10"], id="all in natural order"),
    pytest.param("?order=desc", ["2.10", "2.2", "2.1", "1.10", "1.9", "1.2a"], id="reversed"),
    pytest.param("?overdue=yes", ["1.9", "1.10"], id="overdue leaves out completed"),
    pytest.param("?due_within=5", ["1.2a"], id="due within working days"),
    pytest.param("?due_within=1", [], id="not due within one working day"),
    pytest.param("?theme=2", ["2.1", "2.2", "2.10"], id="theme"),
    pytest.param("?band=1", ["1.10"], id="band"),
    pytest.param("?recurring=yes", ["2.2"], id="recurring"),
    pytest.param("?recurring=no&theme=2", ["2.1", "2.10"], id="not recurring in a theme"),
    pytest.param("?completion=completed", ["2.1"], id="completion"),
    pytest.param("?status=Red", ["1.10"], id="a status of the key"),
    pytest.param("?status=none", ["1.9", "2.2", "2.10"], id="no status yet"),
    pytest.param("?q=CLINIC", ["2.1", "2.10"], id="text search ignores case"),
    pytest.param("?q=50%25", ["1.10"], id="percent is literal, found in commentary"),
    pytest.param("?q=50_", ["2.2"], id="underscore is literal"),
    pytest.param("?q=1.2", ["1.2a"], id="search in the ref"),
    pytest.param("?q=clinic&overdue=yes", [], id="filters combine"),
    pytest.param(
        "?sort=target_date",
        ["2.1", "1.10", "1.9", "1.2a", "2.10", "2.2"],
        id="target date, none last",
    ),
    pytest.param(
        "?sort=target_date&order=desc",
        ["2.10", "1.2a", "1.9", "1.10", "2.1", "2.2"],
        id="target date descending, none still last",
    ),
    pytest.param(
        "?sort=days_overdue&order=desc",
        ["1.10", "1.9", "1.2a", "2.1", "2.2", "2.10"],
        id="most overdue first, the rest in plan order",
    ),
    pytest.param(
        "?sort=days_overdue",
        ["1.9", "1.10", "1.2a", "2.1", "2.2", "2.10"],
        id="least overdue first",
    ),
    pytest.param(
        "?sort=last_update&order=desc",
        ["1.10", "1.2a", "2.1", "1.9", "2.2", "2.10"],
        id="latest update first, never updated last",
    ),
    pytest.param("?due_before={today}", ["1.9", "1.10", "2.1"], id="due on or before"),
    pytest.param("?due_after={today}", ["1.2a", "2.10"], id="due on or after"),
    pytest.param("?due_after={today-40}&due_before={today-2}", ["1.9", "1.10"], id="due between"),
    pytest.param("?updated_since={today}", ["1.2a", "1.10"], id="updated since today"),
    pytest.param("?updated_since=2019-12-31", ["1.2a", "1.10", "2.1"], id="updated since"),
]


# Refused values, each with the parameter named and the message the web list and the API give.
BAD_FILTER_CASES = [
    pytest.param(
        "?due_within=61",
        "due_within",
        "Enter a whole number of working days from 1 to 60; '61' is not.",
        id="too many working days",
    ),
    pytest.param(
        "?due_within=abc",
        "due_within",
        "Enter a whole number of working days from 1 to 60; 'abc' is not.",
        id="not a number",
    ),
    pytest.param(
        "?lead=999999",
        "lead",
        "Choose a lead from the list; '999999' is not one of them.",
        id="not a lead of the plan",
    ),
    pytest.param(
        "?status=Purple",
        "status",
        "Choose a status from the plan's key; 'Purple' is not in it.",
        id="not in the key",
    ),
    pytest.param(
        "?sort=colour",
        "sort",
        "Sort by 'ref', 'target_date', 'days_overdue', 'last_update'.",
        id="unknown sort",
    ),
    pytest.param("?page=0", "page", "The page '0' is not a page number such as 2.", id="page zero"),
    pytest.param(
        "?q=" + "x" * 201, "q", "Search for at most 200 characters.", id="search too long"
    ),
    pytest.param("?overdue=no", "overdue", "Overdue is either 'yes' or left out.", id="overdue no"),
    pytest.param(
        "?due_before=31/03/2026",
        "due_before",
        "The due-before date '31/03/2026' is not a date. Write it as YYYY-MM-DD, for example "
        "2009-10-31.",
        id="a date written the British way",
    ),
    pytest.param(
        "?updated_since=2026-02-30",
        "updated_since",
        "The updated-since date '2026-02-30' is not a date. Write it as YYYY-MM-DD, for example "
        "2009-10-31.",
        id="no such day",
    ),
    pytest.param(
        "?due_after=2026-03-02&due_before=2026-03-01",
        "due_after",
        "The due-after date must be on or before the due-before date.",
        id="after later than before",
    ),
]

"""A plan with an action, a monthly indicator linked to it, and the accounts that read it."""

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.factories import add_update, make_action, make_plan, make_user
from tracker import clock
from tracker.domain.enums import Role
from tracker.domain.indicator_terms import (
    BenchmarkKind,
    Frequency,
    Polarity,
    RagMethod,
    Unit,
    YearBasis,
    YtdMethod,
)
from tracker.extensions import db
from tracker.models import (
    Action,
    Indicator,
    IndicatorAction,
    IndicatorBenchmark,
    IndicatorReading,
    IndicatorTarget,
    IndicatorTolerance,
    Plan,
    User,
)

TODAY = date(2016, 12, 15)
# The plan the import tests read scorecard files into.
IMPORT_SLUG = "early-help"


@dataclass
class Scorecard:
    """The plan, its action and indicator, and the accounts of its owner and others."""

    plan: Plan
    action: Action
    indicator: Indicator
    owner: User
    other_lead: User
    panel: User
    admin: User


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    """Make today 15 December 2016, so the last complete month is November 2016 (Nov-16)."""
    monkeypatch.setattr(clock, "today", lambda: TODAY)


def make_indicator(plan: Plan, owner: User | None, **overrides) -> Indicator:
    """Create 1.2 triage from the monthly scorecard: high is good, amber >90% <100%, green 100%."""
    values = {
        "plan_id": plan.id,
        "ref": "1.2",
        "title": "Percentage of contacts triaged within 24 hours",
        "theme": "Early Help",
        "unit": Unit.PERCENTAGE,
        "polarity": Polarity.HIGH,
        "frequency": Frequency.MONTHLY,
        "year_basis": YearBasis.FINANCIAL,
        "ytd_method": YtdMethod.AVERAGE,
        "rag_method": RagMethod.TOLERANCE,
        "owner_person_id": owner.person_id if owner else None,
        **overrides,
    }
    indicator = Indicator(**values)
    db.session.add(indicator)
    db.session.flush()
    db.session.add_all(
        [
            IndicatorTolerance(
                indicator_id=indicator.id,
                year_start=date(2016, 4, 1),
                red="<90%",
                amber=">90% <100%",
                green="100%",
            ),
            IndicatorTarget(
                indicator_id=indicator.id,
                value=Decimal("100"),
                applies_from=date(2016, 4, 1),
                applies_until=date(2017, 3, 31),
                text="100%",
            ),
            IndicatorBenchmark(
                indicator_id=indicator.id,
                kind=BenchmarkKind.NATIONAL_AVERAGE,
                value=Decimal("88.1"),
                period_label="2015/16",
                text="88.1%",
            ),
        ]
    )
    db.session.flush()
    return indicator


def add_reading(
    indicator: Indicator,
    start: date,
    end: date,
    text: str,
    value: str | None,
    *,
    recorded_at: datetime | None = None,
    supersedes: IndicatorReading | None = None,
    commentary: str = "",
) -> IndicatorReading:
    """Record a reading as an import would, without the form."""
    reading = IndicatorReading(
        indicator_id=indicator.id,
        period_start=start,
        period_end=end,
        value=Decimal(value) if value is not None else None,
        text=text,
        commentary=commentary,
        recorded_at=recorded_at or datetime(2016, 12, 1, 9, tzinfo=UTC),
        source="scorecard.xlsx",
        supersedes_id=supersedes.id if supersedes else None,
    )
    db.session.add(reading)
    indicator.last_recorded_at = reading.recorded_at
    db.session.flush()
    return reading


@pytest.fixture
def card(app) -> Scorecard:
    """Return the plan, its action linked to 1.2 triage, and the accounts, committed."""
    owner, other_lead = make_user(Role.LEAD), make_user(Role.LEAD)
    plan = make_plan(slug="cyps", title="Children's Services Plan")
    action = make_action(plan, ref="1.01", leads=[owner.person], text="Triage every contact")
    add_update(action, as_at=date(2016, 11, 30), commentary="Started")
    other_plan = make_plan()
    other_action = make_action(other_plan, ref="9.09", leads=[other_lead.person])
    add_update(other_action, as_at=date(2016, 11, 30), commentary="Started")
    indicator = make_indicator(plan, owner)
    db.session.add(IndicatorAction(indicator_id=indicator.id, action_id=action.id))
    card = Scorecard(
        plan=plan,
        action=action,
        indicator=indicator,
        owner=owner,
        other_lead=other_lead,
        panel=make_user(Role.PANEL),
        admin=make_user(Role.ADMIN),
    )
    db.session.commit()
    return card


@pytest.fixture
def plan(app) -> Plan:
    """Return the empty plan a scorecard file is imported into."""
    return make_plan(slug=IMPORT_SLUG, title="Early Help scorecard")


def run_import(runner, path: Path, *arguments: str):
    """Run `indicators import` of the file into the import plan."""
    return runner.invoke(
        args=["indicators", "import", str(path), "--plan", IMPORT_SLUG, *arguments]
    )


def indicator(ref: str) -> Indicator:
    """Return the plan's indicator with the ref."""
    return db.session.scalars(select(Indicator).where(Indicator.ref == ref)).one()


def readings(ref: str) -> list[IndicatorReading]:
    """Return the readings of the indicator with the ref, oldest period first."""
    return list(
        db.session.scalars(
            select(IndicatorReading)
            .join(Indicator)
            .where(Indicator.ref == ref)
            .order_by(IndicatorReading.period_end, IndicatorReading.id)
        )
    )


@pytest.fixture
def as_user(app, sign_in):
    """Return a function giving a test client signed in as an account."""

    def _client(user: User):
        client = app.test_client()
        sign_in(client, user)
        return client

    return _client

"""A small world to call every route in: two plans, two leads, and one account per persona."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from tests.factories import add_update, make_action, make_person, make_plan, make_user
from tracker import clock
from tracker.domain.api_tokens import TokenScope
from tracker.domain.assurance import EvidenceKind
from tracker.domain.enums import Role
from tracker.domain.indicator_terms import (
    BenchmarkKind,
    Frequency,
    Polarity,
    Unit,
    YearBasis,
    YtdMethod,
)
from tracker.extensions import db
from tracker.models import (
    Achievement,
    Evidence,
    Indicator,
    IndicatorAction,
    IndicatorBenchmark,
    IndicatorTarget,
    IndicatorTolerance,
    Milestone,
    Objective,
    OutboxMessage,
    Recommendation,
    Risk,
    TargetDateRevision,
    User,
)
from tracker.services.api_tokens import create_token

ANONYMOUS, OWN_LEAD, OTHER_LEAD, PANEL, ADMIN = PERSONAS = (
    "anonymous",
    "the action's lead",
    "another plan's lead",
    "panel member",
    "administrator",
)

STATE_CHANGING_METHODS = ("POST", "PUT", "PATCH", "DELETE")
CHECKED_METHODS = ("GET", *STATE_CHANGING_METHODS)


@dataclass
class World:
    """Two plans, each with an action led by a different lead, and one account per persona."""

    accounts: dict[str, User | None]
    own_plan_slug: str
    own_action_id: int
    other_plan_slug: str
    other_action_id: int
    records: dict[str, int]

    def sample_arguments(self) -> dict[str, object]:
        """Return a value for each kind of URL argument: ids and slugs of the own lead's plan."""
        return {
            "action_id": self.own_action_id,
            "slug": self.own_plan_slug,
            "token": "not-a-real-token",
            "filename": "favicon.svg",
            "entry_number": 1,
            **self.records,
        }


def make_world() -> World:
    """Create the plans, actions and accounts, and commit them."""
    own_lead, other_lead = make_user(Role.LEAD), make_user(Role.LEAD)
    own_plan, other_plan = make_plan(bands=1), make_plan()
    own_action = make_action(own_plan, ref="1.01", leads=[own_lead.person], band_number=1)
    other_action = make_action(other_plan, ref="9.09", leads=[other_lead.person])
    own_update, _other_update = (
        add_update(action, as_at=date(2011, 3, 30), commentary="Baseline")
        for action in (own_action, other_action)
    )
    accounts = {
        ANONYMOUS: None,
        OWN_LEAD: own_lead,
        OTHER_LEAD: other_lead,
        PANEL: make_user(Role.PANEL),
        ADMIN: make_user(Role.ADMIN),
    }
    db.session.flush()
    records = _records_of(own_plan, own_action)
    records["revision_id"] = _revision_of(own_action, own_lead)
    records["update_id"] = own_update.id
    records.update(_indicator_records(own_plan, own_action, own_lead))
    # The own lead's API token, which only they may revoke.
    records["token_id"] = create_token(
        own_lead.id,
        "Power BI",
        TokenScope.READ,
        clock.today() + timedelta(days=90),
        acting_user_id=own_lead.id,
        now=clock.now(),
    )[0].id
    db.session.commit()
    return World(accounts, own_plan.slug, own_action.id, other_plan.slug, other_action.id, records)


def _records_of(plan, action) -> dict[str, int]:
    """Create one of each record the admin and reminders pages take an id of."""
    # A spare account and person, so that an administrator's POST to them changes no persona.
    spare = make_user(Role.LEAD)
    risk = Risk(plan_id=plan.id, description="Caseloads", raised_on=date(2011, 3, 1))
    achievement = Achievement(plan_id=plan.id, text="Audits up", achieved_on=date(2011, 3, 1))
    recommendation = Recommendation(plan_id=plan.id, ref="R1", text="Improve supervision")
    message = OutboxMessage(
        idempotency_key="lead:1:1:2011-03-30",
        message_id="<m@tracker.test>",
        kind="lead",
        for_date=date(2011, 3, 30),
        plan_id=plan.id,
        person_id=spare.person_id,
        recipient="spare@example.org",
        subject="1 overdue action",
        body_text="x",
        body_html="x",
        status="failed",
    )
    milestone = Milestone(
        action_id=action.id, ref="1.01.1", text="Audit", due_on=date(2011, 2, 28), position=1
    )
    # A file kept in the database, so that it is there whichever storage the test app uses.
    evidence = Evidence(
        action_id=action.id,
        kind=EvidenceKind.FILE,
        text="audit.pdf",
        content_type="application/pdf",
        size=9,
        data=b"%PDF-1.4\n",
    )
    db.session.add_all([risk, achievement, recommendation, message, evidence, milestone])
    db.session.flush()
    objective = db.session.get(Objective, action.objective_id)
    return {
        "band_id": action.band_id,
        "theme_id": objective.theme_id,
        "objective_id": objective.id,
        "risk_id": risk.id,
        "achievement_id": achievement.id,
        "recommendation_id": recommendation.id,
        "milestone_id": milestone.id,
        "message_id": message.id,
        "evidence_id": evidence.id,
        "person_id": spare.person_id,
        "user_id": spare.id,
        # Two more spare people, so that an administrator's merge of them touches no one else.
        "keep_id": make_person(name="Lyn Burns").id,
        "remove_id": make_person(name="Lynn Burns").id,
    }


def _revision_of(action, lead: User) -> int:
    """Create a new target date the own lead asked for, waiting for a decision."""
    revision = TargetDateRevision(
        action_id=action.id,
        from_date=action.target_date,
        to_date=date(2011, 6, 30),
        reason="Waiting for the audit",
        proposed_by_user_id=lead.id,
    )
    db.session.add(revision)
    db.session.flush()
    return revision.id


def _indicator_records(plan, action, owner: User) -> dict[str, int]:
    """Create an indicator the own lead owns, linked to their action, with one of each figure."""
    indicator = Indicator(
        plan_id=plan.id,
        ref="1.2",
        title="Contacts triaged within 24 hours",
        unit=Unit.PERCENTAGE,
        polarity=Polarity.HIGH,
        frequency=Frequency.MONTHLY,
        year_basis=YearBasis.FINANCIAL,
        ytd_method=YtdMethod.AVERAGE,
        owner_person_id=owner.person_id,
    )
    db.session.add(indicator)
    db.session.flush()
    tolerance = IndicatorTolerance(
        indicator_id=indicator.id,
        year_start=date(2010, 4, 1),
        red="<90%",
        amber="90%>",
        green="100%",
    )
    target = IndicatorTarget(
        indicator_id=indicator.id,
        value=Decimal("100"),
        applies_until=date(2011, 3, 31),
        text="100%",
    )
    benchmark = IndicatorBenchmark(
        indicator_id=indicator.id,
        kind=BenchmarkKind.NATIONAL_AVERAGE,
        value=Decimal("88.1"),
        period_label="2010/11",
    )
    db.session.add_all(
        [
            tolerance,
            target,
            benchmark,
            IndicatorAction(indicator_id=indicator.id, action_id=action.id),
        ]
    )
    db.session.flush()
    return {
        "indicator_id": indicator.id,
        "tolerance_id": tolerance.id,
        "target_id": target.id,
        "benchmark_id": benchmark.id,
    }


def routes(app, methods=CHECKED_METHODS) -> list[tuple[str, str, object]]:
    """Return every (endpoint, method, rule) the app answers with one of these methods."""
    # Reads first: a state-changing request may archive or change what later reads look at.
    return sorted(
        (
            (rule.endpoint, method, rule)
            for rule in app.url_map.iter_rules()
            for method in rule.methods
            if method in methods
        ),
        key=lambda route: (route[1] != "GET", route[0], route[1]),
    )


def url_for_rule(app, world: World, endpoint: str, rule) -> str:
    """Build the rule's URL from the world's sample arguments."""
    samples = world.sample_arguments()
    unknown = sorted(rule.arguments - samples.keys())
    assert not unknown, (
        f"{endpoint} takes {unknown}: add sample values to World.sample_arguments in "
        "tests/auth/route_world.py"
    )
    with app.test_request_context():
        return app.url_for(endpoint, **{name: samples[name] for name in rule.arguments})

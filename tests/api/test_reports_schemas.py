"""The API's report models describe exactly what the JSON builders write, on the demo plans."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError
from sqlalchemy import select

from tracker import clock
from tracker.api.report_schemas import HighlightOut, PlanTalliesOut, PortfolioOut, ScorecardOut
from tracker.domain.as_at import Month
from tracker.domain.indicator_values import month_period
from tracker.domain.scorecard import scorecard_json
from tracker.extensions import db
from tracker.models import Plan
from tracker.reports.report_json import highlight_json, plan_tallies_json, portfolio_json
from tracker.services import reports, scorecard
from tracker.services.portfolio import load_portfolio

# Enough of each plan's months to meet every box of the report at least once.
MONTHS_A_PLAN = 4


def described(model: type[BaseModel], data: dict[str, Any]) -> BaseModel:
    """Validate the data as the API sends it: JSON text, strictly, no field left undescribed."""
    return model.model_validate_json(json.dumps(data, ensure_ascii=False), strict=True)


@pytest.fixture
def demo_plans(demo_seed) -> list[Plan]:
    """Return the demo seed's plans."""
    return list(db.session.scalars(select(Plan).order_by(Plan.slug)))


def test_every_highlight_report_of_the_demo_plans_matches_its_model(demo_plans):
    today = clock.today()
    seen: set[str] = set()
    for plan in demo_plans:
        months = reports.report_months(plan.id, plan.report_cut_off_working_days)
        for month in months[:MONTHS_A_PLAN]:
            report = highlight_json(reports.load_highlight_report(plan, month, today=today))
            described(HighlightOut, report)
            seen.update(name for name, value in report.items() if value)

    # The demo fills every part of the report somewhere, so each part's model was tried.
    assert seen >= {
        "completed",
        "planned",
        "overdue",
        "milestones_overdue",
        "risks",
        "red_actions",
        "achievements",
        "indicators",
        "recommendations",
        "trend",
    }


def test_the_tallies_of_the_demo_plans_match_their_model(demo_plans):
    for plan in demo_plans:
        for tallies in (
            reports.current_tallies(plan.id, clock.today()),
            reports.tallies_as_at(plan.id, date(2010, 3, 31)),
        ):
            described(PlanTalliesOut, plan_tallies_json(plan.slug, plan.title, tallies))


def test_the_cross_plan_tallies_match_their_model(demo_plans):
    for as_at in (clock.today(), date(2010, 12, 31)):
        data = portfolio_json(load_portfolio(as_at))
        described(PortfolioOut, data)
        assert data["plans"]


def test_the_scorecards_of_the_demo_plans_match_their_model(demo_plans):
    today = clock.today()
    periods = [Month.of(today).shifted(-1), Month(2010, 12), Month(2011, 3)]
    for plan in demo_plans:
        if not scorecard.has_indicators(plan.id):
            continue
        for month in periods:
            built = scorecard.build_scorecard(
                plan.slug, month_period(month.year, month.month), today=today
            )
            described(ScorecardOut, scorecard_json(built))


def test_a_field_the_builder_adds_or_drops_fails_the_model(demo_plans):
    plan = demo_plans[0]
    data = plan_tallies_json(plan.slug, plan.title, reports.current_tallies(plan.id, clock.today()))

    with pytest.raises(ValidationError, match="Extra inputs are not permitted"):
        described(PlanTalliesOut, {**data, "overall": {**data["overall"], "overdue": 1}})
    with pytest.raises(ValidationError, match="Field required"):
        described(PlanTalliesOut, {name: value for name, value in data.items() if name != "as_at"})

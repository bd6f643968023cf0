"""Loading the demo seed through the importer."""

import json
from datetime import UTC, date, datetime, time

import pytest
from sqlalchemy import func, select

from tests.factories import make_user
from tracker import ROOT, clock
from tracker.domain.as_at import Month
from tracker.domain.assurance import RevisionStatus
from tracker.domain.due import DueKind, add_months
from tracker.domain.enums import Completion, Rag, Role
from tracker.domain.risk_dates import RiskStatus
from tracker.domain.working_days import WorkingCalendar
from tracker.extensions import db
from tracker.models import (
    Achievement,
    Action,
    Milestone,
    Person,
    Plan,
    PriorityBand,
    Recommendation,
    Risk,
    StatusUpdate,
    TargetDateRevision,
    Theme,
    User,
)
from tracker.services.demo_seed import DEMO_PASSWORD, load_demo
from tracker.services.my_actions import MyAction, my_actions_page
from tracker.services.reports import load_trend
from tracker.services.tabular import TableLimits


def _counts() -> dict[str, int]:
    return {
        model.__name__: db.session.scalar(select(func.count()).select_from(model))
        for model in (
            Plan,
            Action,
            StatusUpdate,
            Risk,
            Achievement,
            User,
            Person,
            Theme,
            PriorityBand,
        )
    }


def test_seed_demo_loads_both_papers_as_one_plan_with_two_snapshots(runner):
    result = runner.invoke(args=["seed", "demo"])
    assert result.exit_code == 0, result.output
    rmbc = db.session.scalar(select(Plan).where(Plan.slug == "rmbc-notice-to-improve"))
    as_ats = db.session.scalars(
        select(StatusUpdate.as_at).join(Action).where(Action.plan_id == rmbc.id).distinct()
    ).all()
    assert sorted(d.isoformat() for d in as_ats) == ["2010-08-20", "2011-03-30"]
    assert "admin@example.org" in result.output
    assert "every demo password is" in result.output


def test_seed_demo_twice_changes_nothing(runner):
    assert runner.invoke(args=["seed", "demo"]).exit_code == 0
    before = _counts()
    second = runner.invoke(args=["seed", "demo"])
    assert second.exit_code == 0, second.output
    assert _counts() == before
    assert "0 demo accounts created" in second.output


def test_seed_demo_creates_an_account_for_each_lead_an_admin_and_a_panel_member(runner):
    runner.invoke(args=["seed", "demo"])
    roles = db.session.execute(select(User.role, func.count()).group_by(User.role)).all()
    by_role = {role.value: count for role, count in roles}
    assert by_role["admin"] == 1
    assert by_role["panel"] == 1
    assert by_role["lead"] >= 15
    hashes = db.session.scalars(select(User.password_hash)).all()
    assert all(h.startswith("scrypt:") for h in hashes)


EXAMPLE_SLUG = "example-improvement-plan"
EXAMPLE_TITLE = "Example Improvement Plan — fictional data"


def _example_plan() -> Plan:
    return db.session.scalar(select(Plan).where(Plan.slug == EXAMPLE_SLUG))


def _example_my_actions(today: date) -> dict[str, list[MyAction]]:
    """Return each example lead's My actions, by the lead's email address."""
    example = json.loads((ROOT / "seed" / "example-plan.json").read_text(encoding="utf-8"))
    rows = {}
    for person in example["people"]:
        person_id = db.session.scalar(select(User.person_id).where(User.email == person["email"]))
        rows[person["email"]] = my_actions_page(
            person_id, today=today, calendar=WorkingCalendar()
        ).rows
    return rows


def _load(seed_dir, today: date) -> None:
    load_demo(
        seed_dir,
        today=today,
        now=datetime.combine(today, time(9), tzinfo=UTC),
        limits=TableLimits(),
    )
    db.session.commit()


def test_seed_demo_adds_the_fictional_example_plan_beside_the_council_papers(runner):
    result = runner.invoke(args=["seed", "demo"])
    assert result.exit_code == 0, result.output
    slugs = set(db.session.scalars(select(Plan.slug)))
    assert {"rmbc-notice-to-improve", "cyps-immediate-priorities-2009", EXAMPLE_SLUG} <= slugs
    assert _example_plan().title == EXAMPLE_TITLE
    assert EXAMPLE_TITLE in result.output
    for email in ("alex.morgan@example.org", "priya.shah@example.org", "jordan.avery@example.org"):
        assert email in result.output


def test_example_plan_has_a_year_of_monthly_updates_ending_today(demo_seed):
    plan = _example_plan()
    as_ats = sorted(
        db.session.scalars(
            select(StatusUpdate.as_at).join(Action).where(Action.plan_id == plan.id).distinct()
        )
    )
    today = clock.today()
    assert len(as_ats) == 12
    assert as_ats[-1] == today
    assert {(day.year, day.month) for day in as_ats} == {
        (add_months(today, -back).year, add_months(today, -back).month) for back in range(12)
    }


def test_example_plans_completion_rises_month_by_month(demo_seed):
    trend = load_trend(_example_plan().id, Month.of(clock.today()))
    percents = [point.percent_completed for point in trend][-12:]
    assert len(percents) == 12
    assert percents == sorted(percents)
    assert percents[-1] >= percents[0] + 30


def test_example_plan_shows_every_state_today(demo_seed):
    today = clock.today()
    plan = _example_plan()
    actions = db.session.execute(
        select(
            Action.ref,
            Action.current_completion,
            Action.current_completed_on,
            Action.current_rag,
            Action.current_commentary,
        ).where(Action.plan_id == plan.id)
    ).all()
    completed_this_month = [
        a.ref
        for a in actions
        if a.current_completion is Completion.COMPLETED
        and a.current_completed_on is not None
        and (a.current_completed_on.year, a.current_completed_on.month) == (today.year, today.month)
    ]
    red_with_commentary = [
        a.ref for a in actions if a.current_rag is Rag.RED and a.current_commentary
    ]
    due = [row.due for rows in _example_my_actions(today).values() for row in rows]
    overdue_days = [d.days_overdue for d in due if d.kind is DueKind.OVERDUE]
    assert completed_this_month
    assert red_with_commentary
    assert any(d.kind is DueKind.DUE_SOON for d in due)
    assert any(days <= 14 for days in overdue_days)
    assert any(days >= 60 for days in overdue_days)
    assert any(d.kind is DueKind.UPDATE_DUE for d in due)
    risks = db.session.scalars(select(Risk.status).where(Risk.plan_id == plan.id)).all()
    assert RiskStatus.OPEN in risks
    assert db.session.scalar(
        select(func.count()).select_from(Achievement).where(Achievement.plan_id == plan.id)
    )
    themes = db.session.scalar(
        select(func.count()).select_from(Theme).where(Theme.plan_id == plan.id)
    )
    bands = db.session.scalar(
        select(func.count()).select_from(PriorityBand).where(PriorityBand.plan_id == plan.id)
    )
    assert themes >= 3
    assert bands >= 3


def test_each_example_lead_has_actions_in_several_states(demo_seed):
    for email, rows in _example_my_actions(clock.today()).items():
        states = {row.due.kind for row in rows} | {
            "completed" for row in rows if row.completion is Completion.COMPLETED
        }
        assert len(states) >= 3, (email, states)


def test_every_demo_lead_account_leads_an_action_on_my_actions(demo_seed):
    today = clock.today()
    leads = db.session.execute(select(User.email, User.person_id).where(User.role == Role.LEAD))
    empty = [
        email
        for email, person_id in leads
        if not my_actions_page(person_id, today=today, calendar=WorkingCalendar()).rows
    ]
    assert empty == []


def test_john_dunns_account_belongs_to_the_lead_the_papers_name(demo_seed):
    name = db.session.scalar(
        select(Person.name).join(User).where(User.email == "john.dunn@example.org")
    )
    assert name == "John Dunn, RBT"


def test_a_demo_lead_signs_in_and_sees_several_states_on_my_actions(demo_seed, client):
    response = client.post(
        "/auth/sign-in", data={"email": "alex.morgan@example.org", "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302
    page = client.get("/actions/mine").get_data(as_text=True)
    assert EXAMPLE_TITLE in page
    assert "Replace the case management system&#39;s reporting module" in page
    assert "Give every newly qualified social worker a protected caseload" in page
    assert "days overdue" in page
    assert "working day" in page


def test_the_example_plan_is_listed_on_the_plans_page(demo_seed, client, sign_in):
    sign_in(client, make_user(Role.PANEL))
    db.session.commit()
    assert EXAMPLE_TITLE in client.get("/plans/").get_data(as_text=True)


def test_loading_the_demo_on_the_same_day_twice_changes_nothing(app, seed_dir):
    today = date(2026, 11, 27)
    _load(seed_dir, today)
    before = _counts()
    _load(seed_dir, today)
    assert _counts() == before


def test_loading_the_demo_on_a_later_day_adds_nothing_and_keeps_the_first_days_dates(app, seed_dir):
    first_day = date(2026, 11, 27)
    _load(seed_dir, first_day)
    before = _counts()
    dates_before = db.session.execute(
        select(Action.ref, Action.target_date, Action.current_as_at).order_by(Action.id)
    ).all()
    _load(seed_dir, date(2027, 2, 15))
    assert _counts() == before
    assert (
        db.session.execute(
            select(Action.ref, Action.target_date, Action.current_as_at).order_by(Action.id)
        ).all()
        == dates_before
    )
    latest = db.session.scalar(
        select(func.max(StatusUpdate.as_at))
        .join(Action)
        .where(Action.plan_id == _example_plan().id)
    )
    assert latest == first_day


@pytest.mark.parametrize(
    ("path", "shown"),
    [
        (f"/plans/{EXAMPLE_SLUG}", "Replace the case management system&#39;s reporting module"),
        (f"/reports/{EXAMPLE_SLUG}/", "Example Improvement Plan"),
        (f"/reports/{EXAMPLE_SLUG}/highlight", "supplier does not deliver"),
    ],
)
def test_the_example_plans_pages_show_its_actions_risks_and_reports(
    demo_seed, client, sign_in, path, shown
):
    sign_in(client, make_user(Role.PANEL))
    db.session.commit()
    response = client.get(path)
    assert response.status_code == 200
    assert shown in response.get_data(as_text=True)


def test_example_plan_answers_recommendations_with_milestones_and_revised_dates(demo_seed):
    plan = _example_plan()
    recommendations = db.session.execute(
        select(Recommendation.ref, Recommendation.source, Recommendation.made_on)
        .where(Recommendation.plan_id == plan.id)
        .order_by(Recommendation.ref)
    ).all()
    assert [ref for ref, _, _ in recommendations] == ["R1", "R2", "R3", "R4", "R5", "R6"]
    assert all(source and made_on for _, source, made_on in recommendations)
    revised = db.session.execute(
        select(Action.ref, TargetDateRevision.from_date, TargetDateRevision.to_date)
        .join(Action, Action.id == TargetDateRevision.action_id)
        .where(Action.plan_id == plan.id, TargetDateRevision.status == RevisionStatus.APPROVED)
        .order_by(Action.ref)
    ).all()
    assert [ref for ref, _, _ in revised] == ["2.6", "4.5"]
    assert all(from_date < to_date for _, from_date, to_date in revised)
    milestones = db.session.execute(
        select(Milestone.ref, Milestone.due_on, Milestone.done_on)
        .join(Action, Action.id == Milestone.action_id)
        .where(Action.plan_id == plan.id, Action.ref == "2.4")
        .order_by(Milestone.due_on)
    ).all()
    today = clock.today()
    # One done, one missed (the action shows "milestone overdue"), one still to come.
    assert [ref for ref, _, _ in milestones] == ["2.4.1", "2.4.2", "2.4.3"]
    assert milestones[0].done_on is not None
    assert milestones[1].due_on < today and milestones[1].done_on is None
    assert milestones[2].due_on > today

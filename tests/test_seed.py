"""Loading the demo seed through the importer."""

from sqlalchemy import func, select

from tracker.extensions import db
from tracker.models import Achievement, Action, Plan, Risk, StatusUpdate, User


def _counts() -> dict[str, int]:
    return {
        model.__name__: db.session.scalar(select(func.count()).select_from(model))
        for model in (Plan, Action, StatusUpdate, Risk, Achievement, User)
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

"""Risks and issues (closing one records when) and achievements (archived, never deleted)."""

from datetime import date

from sqlalchemy import select

from tests.factories import make_plan
from tracker import clock
from tracker.extensions import db
from tracker.models import Achievement, AuditEvent, Risk


def _date(name: str, value: date | None) -> dict[str, list[str]]:
    if value is None:
        return {name: ["", "", ""]}
    return {name: [str(value.day), str(value.month), str(value.year)]}


def _risk_form(**overrides) -> dict:
    return {
        "description": "Recruitment of social workers falls behind",
        "likelihood": "High",
        "consequences": "Caseloads stay too high",
        "mitigation": "Agency cover while recruiting",
        "owner": "Howard Woolfenden",
        "status": "open",
        **_date("raised_on", date(2010, 3, 27)),
        **_date("closed_on", None),
        **overrides,
    }


def test_adding_a_risk_and_closing_it_records_the_date_it_closed(admin_client, admin):
    plan = make_plan(slug="p")
    db.session.commit()
    assert admin_client.post("/admin/plans/p/risks/new", data=_risk_form()).status_code == 302
    risk = db.session.scalar(select(Risk))
    assert (risk.plan_id, risk.status, risk.closed_on) == (plan.id, "open", None)

    admin_client.post(f"/admin/plans/p/risks/{risk.id}/edit", data=_risk_form(status="closed"))
    db.session.expire_all()
    risk = db.session.get(Risk, risk.id)
    assert (risk.status, risk.closed_on) == ("closed", clock.today())
    events = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    assert [(e.verb, e.entity, e.user_id) for e in events] == [
        ("create", "risk", admin.id),
        ("update", "risk", admin.id),
    ]
    assert events[1].details["closed_on"] == {"old": None, "new": clock.today().isoformat()}
    assert events[1].summary.startswith("Closed a risk")

    admin_client.post(f"/admin/plans/p/risks/{risk.id}/edit", data=_risk_form(status="open"))
    db.session.expire_all()
    assert db.session.get(Risk, risk.id).closed_on is None


def test_a_closed_date_before_the_raised_date_is_refused(admin_client):
    make_plan(slug="p")
    db.session.commit()
    page = admin_client.post(
        "/admin/plans/p/risks/new",
        data=_risk_form(status="closed", **_date("closed_on", date(2010, 1, 1))),
    ).get_data(as_text=True)
    assert "The date closed must be the same as or after the date raised" in page
    assert 'value="Recruitment of social workers falls behind"' not in page
    assert "Recruitment of social workers falls behind</textarea>" in page
    assert db.session.query(Risk).count() == 0
    assert db.session.query(AuditEvent).count() == 0


def test_a_risk_of_another_plan_is_not_found(admin_client):
    make_plan(slug="p")
    other = make_plan(slug="other")
    risk = Risk(plan_id=other.id, description="Elsewhere", raised_on=date(2010, 1, 1))
    db.session.add(risk)
    db.session.commit()
    response = admin_client.post(f"/admin/plans/p/risks/{risk.id}/edit", data=_risk_form())
    assert response.status_code == 404
    assert db.session.get(Risk, risk.id).description == "Elsewhere"


def test_achievements_are_added_changed_archived_and_restored(admin_client, admin):
    make_plan(slug="p")
    db.session.commit()
    admin_client.post(
        "/admin/plans/p/achievements/new",
        data={
            "text": "87.5% of care leavers are in education, employment or training",
            **_date("achieved_on", date(2010, 8, 20)),
        },
    )
    achievement = db.session.scalar(select(Achievement))
    assert achievement.achieved_on == date(2010, 8, 20)
    admin_client.post(f"/admin/plans/p/achievements/{achievement.id}/archive")
    db.session.expire_all()
    assert db.session.get(Achievement, achievement.id).archived_at is not None
    page = admin_client.get("/admin/plans/p/achievements").get_data(as_text=True)
    assert "Archived" in page
    admin_client.post(f"/admin/plans/p/achievements/{achievement.id}/restore")
    db.session.expire_all()
    assert db.session.get(Achievement, achievement.id).archived_at is None
    verbs = db.session.scalars(select(AuditEvent.verb).order_by(AuditEvent.id)).all()
    assert verbs == ["create", "archive", "restore"]


def test_an_achievement_needs_text_and_a_date(admin_client):
    make_plan(slug="p")
    db.session.commit()
    page = admin_client.post(
        "/admin/plans/p/achievements/new", data={"text": "", **_date("achieved_on", None)}
    ).get_data(as_text=True)
    assert "Describe the achievement" in page
    assert "Enter the date of the achievement" in page
    assert db.session.query(Achievement).count() == 0

"""Every admin form takes each text field up to its limit and refuses one character more."""

from datetime import date
from html import escape

import pytest
from sqlalchemy import func, select

from tests.factories import make_plan, make_theme
from tracker.domain import text_limits as limits
from tracker.domain.text_limits import TextLimit
from tracker.extensions import db
from tracker.models import (
    Achievement,
    Action,
    AuditEvent,
    Objective,
    Person,
    Plan,
    PriorityBand,
    Risk,
    Theme,
)


def _date(name: str, day: date) -> dict[str, list[str]]:
    return {name: [str(day.day), str(day.month), str(day.year)]}


def _plan(ids):
    return {
        "title": "Children's Improvement Plan",
        "slug": "new-plan",
        "owner": "Strategic Director",
        "owner_person_id": "",
        "reporting_cadence": "monthly",
        "due_soon_working_days": "5",
        "escalation_working_days": "10",
        "reminder_repeat_working_days": "5",
        "report_cut_off_working_days": "0",
        "reading_due_working_days": "10",
    }


def _band(ids):
    return {"number": "4", "label": "to be completed by October 2009"}


def _theme(ids):
    return {"number": "7", "title": "Staying Safe"}


def _objective(ids):
    return {"theme_id": str(ids["theme"]), "text": "Improve referrals"}


def _action(ids):
    return {
        "ref": "9.01",
        "text": "Audit 50 case files a month",
        "objective_id": str(ids["objective"]),
        "band_id": "",
        "target_date_text": "March 2011",
        "lead_text": "Deb Johnson",
        "baseline": "40%",
        "targets": "65%",
        "workstreams": "Social Work",
    }


def _person(ids):
    return {"name": "Sue Wilson", "email": "sue@example.org", "active": "y"}


def _risk(ids):
    return {
        "description": "Recruitment falls behind",
        "likelihood": "High",
        "consequences": "Caseloads stay high",
        "mitigation": "Agency cover",
        "owner": "Howard Woolfenden",
        "status": "open",
        **_date("raised_on", date(2010, 3, 27)),
        "closed_on": ["", "", ""],
    }


def _achievement(ids):
    return {"text": "Care leavers in work", **_date("achieved_on", date(2010, 8, 20))}


def _one_lead_name_per_200(maximum: int) -> str:
    # Leads become people, whose names have a limit of their own: five names of 199 or 200.
    names = ["w" * 197] * 4 + ["w" * (maximum - 4 * 197 - 12)]
    return " / ".join(names)


CASES = [
    ("/admin/plans/new", _plan, "title", limits.PLAN_TITLE, Plan),
    ("/admin/plans/new", _plan, "owner", limits.PLAN_OWNER, Plan),
    ("/admin/plans/p/bands/new", _band, "label", limits.BAND_LABEL, PriorityBand),
    ("/admin/plans/p/themes/new", _theme, "title", limits.THEME_TITLE, Theme),
    ("/admin/plans/p/objectives/new", _objective, "text", limits.OBJECTIVE, Objective),
    ("/admin/plans/p/actions/new", _action, "ref", limits.ACTION_REF, Action),
    ("/admin/plans/p/actions/new", _action, "text", limits.ACTION_TEXT, Action),
    ("/admin/plans/p/actions/new", _action, "target_date_text", limits.TARGET_DATE_TEXT, Action),
    ("/admin/plans/p/actions/new", _action, "lead_text", limits.LEAD_TEXT, Action),
    ("/admin/plans/p/actions/new", _action, "baseline", limits.BASELINE, Action),
    ("/admin/plans/p/actions/new", _action, "targets", limits.TARGETS, Action),
    ("/admin/plans/p/actions/new", _action, "workstreams", limits.WORKSTREAMS, Action),
    ("/admin/people/new", _person, "name", limits.PERSON_NAME, Person),
    ("/admin/plans/p/risks/new", _risk, "description", limits.RISK_DESCRIPTION, Risk),
    ("/admin/plans/p/risks/new", _risk, "likelihood", limits.RISK_LIKELIHOOD, Risk),
    ("/admin/plans/p/risks/new", _risk, "consequences", limits.RISK_CONSEQUENCES, Risk),
    ("/admin/plans/p/risks/new", _risk, "mitigation", limits.RISK_MITIGATION, Risk),
    ("/admin/plans/p/risks/new", _risk, "owner", limits.RISK_OWNER, Risk),
    ("/admin/plans/p/achievements/new", _achievement, "text", limits.ACHIEVEMENT, Achievement),
]
IDS = [f"{url.rsplit('/', 2)[-2]}-{field}" for url, _, field, _, _ in CASES]


@pytest.fixture
def ids(app):
    plan = make_plan(slug="p")
    theme = make_theme(plan, 1, "Staying Safe")
    objective = Objective(theme_id=theme.id, text="Improve assessments", position=1)
    db.session.add(objective)
    db.session.commit()
    return {"theme": theme.id, "objective": objective.id}


def _at_most(field: str, limit: TextLimit, extra: int = 0) -> str:
    at_limit = (
        _one_lead_name_per_200(limit.maximum) if field == "lead_text" else "w" * limit.maximum
    )
    return at_limit + "w" * extra


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.mark.parametrize(("url", "form", "field", "limit", "model"), CASES, ids=IDS)
def test_one_character_over_the_limit_is_refused_naming_the_field(
    admin_client, ids, url, form, field, limit, model
):
    before = _count(model)
    text = _at_most(field, limit, extra=1)

    response = admin_client.post(url, data={**form(ids), field: text})

    page = response.get_data(as_text=True)
    assert response.status_code < 500
    assert "Location" not in response.headers
    message = limit.problem(text)
    assert message.startswith(f"{limit.label} must be {limit.maximum:,} characters")
    assert escape(message) in page
    assert f'href="#{field}"' in page
    assert text in page
    assert _count(model) == before
    assert _count(AuditEvent) == 0


@pytest.mark.parametrize(("url", "form", "field", "limit", "model"), CASES, ids=IDS)
def test_a_text_at_the_limit_is_stored_whole(admin_client, ids, url, form, field, limit, model):
    before = _count(model)
    text = _at_most(field, limit)

    response = admin_client.post(url, data={**form(ids), field: text})

    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    assert _count(model) == before + 1
    stored = db.session.scalar(select(model).order_by(model.id.desc()).limit(1))
    assert getattr(stored, field) == text


def test_a_lead_name_too_long_to_be_a_person_is_refused(admin_client, ids):
    people = _count(Person)
    data = {**_action(ids), "lead_text": "Deb Johnson / " + "w" * 201}

    page = admin_client.post("/admin/plans/p/actions/new", data=data).get_data(as_text=True)

    assert "Each lead&#39;s name must be 200 characters or fewer" in page
    assert _count(Action) == 0 and _count(Person) == people


def test_an_email_address_over_its_limit_is_refused(admin_client, ids):
    people = _count(Person)
    address = "a" * 64 + "@" + "b" * 250 + ".example.org"
    assert len(address) > limits.EMAIL.maximum

    page = admin_client.post("/admin/people/new", data={**_person(ids), "email": address}).get_data(
        as_text=True
    )

    assert "Email address must be 320 characters or fewer" in page
    assert _count(Person) == people

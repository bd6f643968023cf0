"""Administrators add and change actions: target dates are read by the domain rule, leads are
matched to people (new ones added), the version check refuses lost edits, and history stays."""

from datetime import date

from sqlalchemy import select

from tests.factories import add_update, make_action, make_person, make_plan, make_theme
from tracker.domain.enums import Recurrence
from tracker.extensions import db
from tracker.models import Action, ActionLead, AuditEvent, Milestone, Objective, Person


def _plan_with_objective():
    plan = make_plan(slug="p", bands=2)
    theme = make_theme(plan, title="Staying Safe")
    objective = Objective(theme_id=theme.id, text="Improve assessments", position=1)
    db.session.add(objective)
    db.session.commit()
    return plan, objective


def _form(objective: Objective, **overrides) -> dict[str, str]:
    return {
        "ref": "1.02",
        "text": "Audit 50 case files a month",
        "objective_id": str(objective.id),
        "band_id": "",
        "target_date_text": "mid Sept 2010",
        "lead_text": "Deb Johnson and Warren Carratt",
        "baseline": "40%",
        "targets": "65% March 2010 68% October 2010",
        "workstreams": "Social Work",
        **overrides,
    }


def _action() -> Action:
    db.session.expire_all()
    return db.session.scalar(select(Action))


def _lead_names(action_id: int) -> list[str]:
    return list(
        db.session.scalars(
            select(Person.name)
            .join(ActionLead, ActionLead.person_id == Person.id)
            .where(ActionLead.action_id == action_id)
            .order_by(ActionLead.position)
        )
    )


def test_adding_an_action_resolves_its_target_date_and_matches_its_leads(admin_client, admin):
    _, objective = _plan_with_objective()
    make_person("Warren Carratt")
    db.session.commit()
    response = admin_client.post("/admin/plans/p/actions/new", data=_form(objective))
    assert response.status_code == 302
    action = _action()
    assert action.target_date == date(2010, 9, 15)
    assert action.target_date_text == "mid Sept 2010"
    assert action.target_date_problem is None
    assert _lead_names(action.id) == ["Deb Johnson", "Warren Carratt"]
    assert db.session.query(Person).filter_by(name="Warren Carratt").count() == 1

    page = admin_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "is read as 15 September 2010" in page
    assert "New people added as leads: Deb Johnson." in page

    events = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    assert [(e.verb, e.entity, e.user_id) for e in events] == [
        ("create", "action", admin.id),
        ("create", "person", admin.id),
    ]
    assert events[0].details["target_date"] == {"old": None, "new": "2010-09-15"}
    assert events[0].details["leads"] == {"old": None, "new": ["Deb Johnson", "Warren Carratt"]}


def test_an_unresolvable_target_date_is_kept_and_its_reason_shown(admin_client):
    _, objective = _plan_with_objective()
    response = admin_client.post(
        "/admin/plans/p/actions/new", data=_form(objective, target_date_text="Q3 2010")
    )
    action = _action()
    assert action.target_date is None
    assert action.target_date_text == "Q3 2010"
    assert "quarter 'Q3' does not name a month" in action.target_date_problem
    page = admin_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Not a date" in page
    assert "quarter &#39;Q3&#39; does not name a month" in page


def test_staged_dates_become_milestones_and_recurring_ones_have_no_due_date(admin_client):
    _, objective = _plan_with_objective()
    admin_client.post(
        "/admin/plans/p/actions/new",
        data=_form(objective, target_date_text="August } Milestones Sept } 30th Nov 2010 deadline"),
    )
    action = _action()
    assert action.target_date == date(2010, 11, 30)
    milestones = db.session.scalars(select(Milestone.due_on).order_by(Milestone.due_on)).all()
    assert milestones == [date(2010, 8, 31), date(2010, 9, 30)]

    admin_client.post(
        f"/admin/plans/p/actions/{action.id}/edit",
        data=_form(objective, target_date_text="Quarterly", version=str(action.version)),
    )
    action = _action()
    assert (action.target_date, action.recurrence) == (None, Recurrence.QUARTERLY)
    assert db.session.query(Milestone).count() == 0


def test_an_invalid_action_keeps_what_was_typed_and_writes_nothing(admin_client):
    _, objective = _plan_with_objective()
    response = admin_client.post(
        "/admin/plans/p/actions/new",
        data=_form(objective, text="", objective_id="", lead_text="Someone New"),
    )
    page = response.get_data(as_text=True)
    assert "Enter the key action" in page
    assert "Choose an objective" in page
    assert 'value="Someone New"' in page
    assert 'value="mid Sept 2010"' in page
    assert db.session.query(Action).count() == 0
    assert db.session.query(Person).count() == 1
    assert db.session.query(AuditEvent).count() == 0


def test_a_reference_is_unique_within_the_plan(admin_client):
    plan, objective = _plan_with_objective()
    make_action(plan, ref="1.02")
    db.session.commit()
    page = admin_client.post("/admin/plans/p/actions/new", data=_form(objective)).get_data(
        as_text=True
    )
    assert "already has the reference 1.02" in page
    assert db.session.query(Action).count() == 1
    assert db.session.query(Person).filter_by(name="Deb Johnson").count() == 0


def test_an_objective_or_band_of_another_plan_is_refused(admin_client):
    _, objective = _plan_with_objective()
    other = make_plan(slug="other", bands=1)
    foreign_action = make_action(other)
    db.session.commit()
    foreign_objective = str(foreign_action.objective_id)
    page = admin_client.post(
        "/admin/plans/p/actions/new", data=_form(objective, objective_id=foreign_objective)
    ).get_data(as_text=True)
    assert "Not a valid choice" in page
    assert admin_client.get(f"/admin/plans/p/actions/{foreign_action.id}").status_code == 404
    assert admin_client.get(f"/admin/plans/p/actions/{foreign_action.id}/edit").status_code == 404
    assert db.session.query(Action).count() == 1


def test_editing_an_action_records_old_and_new_values(admin_client, admin):
    _, objective = _plan_with_objective()
    admin_client.post("/admin/plans/p/actions/new", data=_form(objective))
    action = _action()
    form = admin_client.get(f"/admin/plans/p/actions/{action.id}/edit").get_data(as_text=True)
    assert f'name="version" type="hidden" value="{action.version}"' in form
    response = admin_client.post(
        f"/admin/plans/p/actions/{action.id}/edit",
        data=_form(
            objective,
            target_date_text="March 2011",
            lead_text="Warren Carratt",
            version=str(action.version),
        ),
    )
    assert response.status_code == 302
    action = _action()
    assert action.target_date == date(2011, 3, 31)
    assert _lead_names(action.id) == ["Warren Carratt"]
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.verb == "update"))
    assert event.user_id == admin.id
    assert event.details["target_date_text"] == {"old": "mid Sept 2010", "new": "March 2011"}
    assert event.details["target_date"] == {"old": "2010-09-15", "new": "2011-03-31"}
    assert event.details["leads"] == {
        "old": ["Deb Johnson", "Warren Carratt"],
        "new": ["Warren Carratt"],
    }
    assert "text" not in event.details


def test_an_edit_after_someone_else_changed_the_action_is_refused_with_409(
    app, admin_client, admin, sign_in
):
    _, objective = _plan_with_objective()
    admin_client.post("/admin/plans/p/actions/new", data=_form(objective))
    action = _action()
    seen = str(action.version)
    other_admin = app.test_client()
    sign_in(other_admin, admin)

    first = other_admin.post(
        f"/admin/plans/p/actions/{action.id}/edit",
        data=_form(objective, text="Audit 60 case files a month", version=seen),
    )
    assert first.status_code == 302

    second = admin_client.post(
        f"/admin/plans/p/actions/{action.id}/edit",
        data=_form(objective, text="Audit 40 case files a month", version=seen),
    )
    page = second.get_data(as_text=True)
    assert second.status_code == 409
    assert "Someone else changed this action while you were editing it" in page
    assert "Audit 60 case files a month" in page
    assert "Audit 40 case files a month" in page
    assert _action().text == "Audit 60 case files a month"
    updates = db.session.query(AuditEvent).filter_by(verb="update").count()
    assert updates == 1

    current = str(_action().version)
    assert f'name="version" type="hidden" value="{current}"' in page
    again = admin_client.post(
        f"/admin/plans/p/actions/{action.id}/edit",
        data=_form(objective, text="Audit 40 case files a month", version=current),
    )
    assert again.status_code == 302
    assert _action().text == "Audit 40 case files a month"


def test_a_lead_s_status_update_also_moves_the_version_on(admin_client):
    plan, objective = _plan_with_objective()
    action = make_action(plan, text="Recruit social workers")
    db.session.commit()
    seen = str(db.session.get(Action, action.id).version)
    add_update(db.session.get(Action, action.id), as_at=date(2010, 8, 20))
    db.session.commit()
    response = admin_client.post(
        f"/admin/plans/p/actions/{action.id}/edit", data=_form(objective, version=seen)
    )
    assert response.status_code == 409


def test_an_action_without_updates_can_be_deleted(admin_client, admin):
    plan, _ = _plan_with_objective()
    action = make_action(plan, leads=[make_person("Sue Wilson")], target_date=date(2011, 3, 31))
    db.session.commit()
    version = str(db.session.get(Action, action.id).version)
    response = admin_client.post(
        f"/admin/plans/p/actions/{action.id}/delete", data={"version": version}
    )
    assert response.headers["Location"].endswith("/admin/plans/p/actions")
    assert db.session.query(Action).count() == 0
    assert db.session.query(ActionLead).count() == 0
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.verb == "delete"))
    assert (event.entity, event.entity_id, event.user_id) == ("action", action.id, admin.id)


def test_an_action_with_updates_can_never_be_deleted_only_archived(admin_client, admin):
    plan, _ = _plan_with_objective()
    action = make_action(plan, text="Recruit social workers")
    add_update(action, as_at=date(2010, 8, 20))
    db.session.commit()
    version = str(db.session.get(Action, action.id).version)
    page = admin_client.get(f"/admin/plans/p/actions/{action.id}").get_data(as_text=True)
    assert "Archive the action" in page
    assert "Delete the action" not in page

    admin_client.post(f"/admin/plans/p/actions/{action.id}/delete", data={"version": version})
    assert db.session.get(Action, action.id) is not None
    flashed = admin_client.get(f"/admin/plans/p/actions/{action.id}").get_data(as_text=True)
    assert "can only be archived" in flashed

    admin_client.post(f"/admin/plans/p/actions/{action.id}/archive", data={"version": version})
    archived = _action()
    assert archived.archived_at is not None
    assert "Recruit social workers" not in admin_client.get("/plans/p").get_data(as_text=True)

    admin_client.post(
        f"/admin/plans/p/actions/{action.id}/restore", data={"version": str(archived.version)}
    )
    assert _action().archived_at is None
    verbs = db.session.scalars(
        select(AuditEvent.verb).where(AuditEvent.entity == "action").order_by(AuditEvent.id)
    ).all()
    assert verbs == ["archive", "restore"]


def test_archiving_with_a_stale_version_is_refused(admin_client):
    plan, _ = _plan_with_objective()
    action = make_action(plan)
    db.session.commit()
    stale = str(db.session.get(Action, action.id).version - 1)
    response = admin_client.post(
        f"/admin/plans/p/actions/{action.id}/archive", data={"version": stale}
    )
    assert response.status_code == 409
    assert _action().archived_at is None
    missing = admin_client.post(f"/admin/plans/p/actions/{action.id}/archive")
    assert missing.status_code == 400


def test_an_administrator_gives_an_action_a_short_title_for_the_reports_boxes(admin_client):
    _, objective = _plan_with_objective()
    response = admin_client.post(
        "/admin/plans/p/actions/new", data=_form(objective, short_title="Case file audits")
    )
    assert response.status_code == 302
    assert _action().short_title == "Case file audits"
    page = admin_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Case file audits" in page


def test_a_short_title_over_its_limit_is_refused_and_kept_as_typed(admin_client):
    _, objective = _plan_with_objective()
    typed = "Audit " * 21
    response = admin_client.post(
        "/admin/plans/p/actions/new", data=_form(objective, short_title=typed)
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Short title must be 120 characters or fewer" in page
    assert typed.strip() in page
    assert db.session.query(Action).count() == 0


def test_the_action_list_names_each_theme_and_band(admin_client):
    plan = make_plan(slug="p", bands=2)
    theme = make_theme(plan, 2, "Safeguarding")
    make_action(plan, ref="2.1", theme=theme, band_number=1)
    db.session.commit()
    page = admin_client.get("/admin/plans/p/actions").get_data(as_text=True)
    assert '<td class="govuk-table__cell">2. Safeguarding</td>' in page
    assert '<td class="govuk-table__cell">Priority 1 Band 1</td>' in page

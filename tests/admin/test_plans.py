"""Administrators create, change, archive and restore plans; each change is audited."""

from sqlalchemy import select

from tests.factories import make_person, make_plan
from tracker.extensions import db
from tracker.models import AuditEvent, Plan

PLAN_FORM = {
    "title": "Children's Improvement Plan 2009/10",
    "slug": "childrens-plan",
    "owner": "Strategic Director, CYPS",
    "owner_person_id": "",
    "reporting_cadence": "monthly",
    "due_soon_working_days": "5",
    "escalation_working_days": "10",
    "reminder_repeat_working_days": "5",
    "report_cut_off_working_days": "0",
    "reading_due_working_days": "10",
    # Ticked on the form by default, as a browser sends it.
    "revised_dates_need_approval": "y",
}


def _events(entity: str) -> list[AuditEvent]:
    return list(
        db.session.scalars(
            select(AuditEvent).where(AuditEvent.entity == entity).order_by(AuditEvent.id)
        )
    )


def test_creating_a_plan_saves_its_settings_and_records_who_did_it(admin_client, admin):
    owner = make_person("Joyce Thacker")
    db.session.commit()
    response = admin_client.post(
        "/admin/plans/new", data={**PLAN_FORM, "owner_person_id": str(owner.id)}
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/admin/plans/childrens-plan")
    plan = db.session.scalar(select(Plan).where(Plan.slug == "childrens-plan"))
    assert plan.title == "Children's Improvement Plan 2009/10"
    assert plan.owner_person_id == owner.id
    assert (plan.due_soon_working_days, plan.escalation_working_days) == (5, 10)
    [event] = _events("plan")
    assert (event.verb, event.entity_id, event.user_id) == ("create", plan.id, admin.id)
    assert event.details["slug"] == {"old": None, "new": "childrens-plan"}
    page = admin_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Plan &#39;Children&#39;s Improvement Plan 2009/10&#39; created." in page
    assert "Joyce Thacker" in page


def test_an_invalid_plan_keeps_what_was_typed_and_writes_nothing(admin_client):
    response = admin_client.post(
        "/admin/plans/new",
        data={
            **PLAN_FORM,
            "slug": "Not A Slug",
            "title": "",
            "due_soon_working_days": "five",
        },
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "<title>Error: Create a plan" in page
    assert 'class="govuk-error-summary"' in page
    assert "Enter the plan&#39;s title" in page
    assert "The short name must be lower-case letters" in page
    assert "The &#39;due soon&#39; working days must be a whole number" in page
    assert 'href="#title"' in page
    assert 'value="Not A Slug"' in page
    assert 'value="five"' in page
    assert 'value="Strategic Director, CYPS"' in page
    assert db.session.query(Plan).count() == 0
    assert db.session.query(AuditEvent).count() == 0


def test_a_slug_already_taken_is_refused_on_the_slug_field(admin_client):
    make_plan(slug="childrens-plan")
    db.session.commit()
    page = admin_client.post("/admin/plans/new", data=PLAN_FORM).get_data(as_text=True)
    assert "Another plan already uses this slug" in page
    assert 'href="#slug"' in page
    assert db.session.query(Plan).count() == 1
    assert db.session.query(AuditEvent).count() == 0


def test_the_slug_new_is_reserved_for_the_admin_pages(admin_client):
    page = admin_client.post("/admin/plans/new", data={**PLAN_FORM, "slug": "new"})
    assert "&#39;new&#39; is reserved" in page.get_data(as_text=True)
    assert db.session.query(Plan).count() == 0


def test_editing_a_plan_records_only_the_fields_that_changed(admin_client, admin):
    plan = make_plan(slug="childrens-plan", title="Old title")
    db.session.commit()
    form = admin_client.get("/admin/plans/childrens-plan/edit").get_data(as_text=True)
    assert 'value="Old title"' in form
    response = admin_client.post(
        "/admin/plans/childrens-plan/edit",
        data={**PLAN_FORM, "title": "New title"},
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Plan, plan.id).title == "New title"
    [event] = _events("plan")
    assert event.verb == "update"
    assert event.user_id == admin.id
    assert event.details == {
        "title": {"old": "Old title", "new": "New title"},
        "owner": {"old": "", "new": "Strategic Director, CYPS"},
    }


def test_saving_an_unchanged_plan_records_nothing(admin_client):
    make_plan(slug="childrens-plan", title="Children's Improvement Plan 2009/10")
    plan = db.session.scalar(select(Plan))
    plan.owner = "Strategic Director, CYPS"
    db.session.commit()
    admin_client.post("/admin/plans/childrens-plan/edit", data=PLAN_FORM)
    assert db.session.query(AuditEvent).count() == 0


def test_archiving_a_plan_hides_it_from_the_list_and_restoring_brings_it_back(admin_client, admin):
    plan = make_plan(slug="childrens-plan", title="Children's plan")
    db.session.commit()
    assert admin_client.post("/admin/plans/childrens-plan/archive").status_code == 302
    db.session.expire_all()
    assert db.session.get(Plan, plan.id).archived_at is not None
    assert 'href="/plans/childrens-plan"' not in admin_client.get("/plans/").get_data(as_text=True)
    admin_page = admin_client.get("/admin/plans").get_data(as_text=True)
    assert "Children&#39;s plan" in admin_page
    assert "Archived" in admin_page

    admin_client.post("/admin/plans/childrens-plan/restore")
    db.session.expire_all()
    assert db.session.get(Plan, plan.id).archived_at is None
    verbs = [(event.verb, event.user_id) for event in _events("plan")]
    assert verbs == [("archive", admin.id), ("restore", admin.id)]


def test_an_unknown_plan_is_not_found(admin_client):
    assert admin_client.get("/admin/plans/nothing-here/edit").status_code == 404
    assert admin_client.post("/admin/plans/nothing-here/archive").status_code == 404


def test_a_line_break_in_a_title_or_name_is_saved_as_a_space(admin_client):
    owner = "Strategic Director,\r\nCYPS"
    response = admin_client.post(
        "/admin/plans/new",
        data={
            **PLAN_FORM,
            "title": "Children's Improvement\r\nPlan\u20282009/10",
            "owner": owner,
        },
    )
    assert response.status_code == 302
    plan = db.session.scalar(select(Plan))
    assert (plan.title, plan.owner) == (
        "Children's Improvement Plan 2009/10",
        "Strategic Director, CYPS",
    )


def test_an_administrator_sets_the_working_days_of_the_report_cut_off(admin_client):
    plan = make_plan(slug="childrens-plan")
    db.session.commit()
    assert plan.report_cut_off_working_days == 0
    response = admin_client.post(
        "/admin/plans/childrens-plan/edit",
        data={**PLAN_FORM, "report_cut_off_working_days": "1"},
    )
    assert response.status_code == 302
    db.session.refresh(plan)
    assert plan.report_cut_off_working_days == 1
    page = admin_client.get("/admin/plans/childrens-plan").get_data(as_text=True)
    assert "1 working day after the month&#39;s end" in page
    assert _events("plan")[-1].details["report_cut_off_working_days"] == {"old": 0, "new": 1}


def test_a_cut_off_beyond_ten_working_days_is_refused_and_kept_as_typed(admin_client):
    plan = make_plan(slug="childrens-plan")
    db.session.commit()
    response = admin_client.post(
        "/admin/plans/childrens-plan/edit",
        data={**PLAN_FORM, "report_cut_off_working_days": "11"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "between 0 and 10" in page
    assert 'value="11"' in page
    db.session.refresh(plan)
    assert plan.report_cut_off_working_days == 0

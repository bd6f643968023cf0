"""Administrators set a plan's organisation on its admin page, and keep a Lead text whole from
an action's page; people pages say whose people they are."""

from sqlalchemy import select

from tests.factories import make_person, make_plan, make_theme
from tracker.extensions import db
from tracker.models import Action, ActionLead, AuditEvent, KeptWholeLead, Objective, Person, Plan
from tracker.services.organisations import (
    DEFAULT_ORGANISATION,
    default_organisation,
    find_or_create_organisation,
    keep_lead_whole,
)

SPLIT_BY_THE_RULES = "Head of Safeguarding and Quality Assurance Manager"


def _plan_with_action(client, lead_text: str = SPLIT_BY_THE_RULES) -> Action:
    plan = make_plan(slug="p")
    theme = make_theme(plan, title="Staying Safe")
    objective = Objective(theme_id=theme.id, text="Improve assessments", position=1)
    db.session.add(objective)
    db.session.commit()
    response = client.post(
        "/admin/plans/p/actions/new",
        data={
            "ref": "1.02",
            "text": "Audit 50 case files a month",
            "objective_id": str(objective.id),
            "band_id": "",
            "target_date_text": "Mar 2017",
            "lead_text": lead_text,
            "version": "0",
        },
    )
    assert response.status_code == 302
    return db.session.scalar(select(Action))


def _lead_names(action_id: int) -> list[str]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            select(Person.name)
            .join(ActionLead, ActionLead.person_id == Person.id)
            .where(ActionLead.action_id == action_id)
            .order_by(ActionLead.position)
        )
    )


def test_the_plan_page_names_its_organisation_and_links_to_change_it(admin_client):
    make_plan(slug="p")
    db.session.commit()

    page = admin_client.get("/admin/plans/p").get_data(as_text=True)

    assert DEFAULT_ORGANISATION in page
    assert 'href="/admin/plans/p/organisation"' in page


def test_adding_an_organisation_by_name_moves_the_plan_and_is_audited(admin_client, admin):
    _plan_with_action(admin_client, "Deb Johnson")

    response = admin_client.post(
        "/admin/plans/p/organisation",
        data={"organisation_id": str(_default_id()), "new_organisation": " Rotherham  MBC "},
    )

    assert response.status_code == 302
    page = admin_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "belongs to Rotherham MBC. Leads moved with the plan: 1." in page
    assert "Rotherham MBC" in page
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.entity.in_(["organisation", "plan"]))
    ).all()
    assert [(event.verb, event.entity, event.user_id) for event in events][-2:] == [
        ("create", "organisation", admin.id),
        ("update", "plan", admin.id),
    ]
    assert events[-1].details["organisation"] == {
        "old": DEFAULT_ORGANISATION,
        "new": "Rotherham MBC",
    }


def test_choosing_an_organisation_already_there_moves_the_plan(admin_client):
    make_plan(slug="p")
    other = find_or_create_organisation("Doncaster Council", user_id=None)
    db.session.commit()

    page = admin_client.get("/admin/plans/p/organisation").get_data(as_text=True)
    assert "Doncaster Council" in page
    response = admin_client.post(
        "/admin/plans/p/organisation",
        data={"organisation_id": str(other.id), "new_organisation": ""},
    )

    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.scalar(select(Plan.organisation_id)) == other.id


def test_a_too_long_organisation_name_is_refused_keeping_what_was_typed(admin_client):
    make_plan(slug="p")
    db.session.commit()
    typed = "Rotherham " + "x" * 200

    response = admin_client.post(
        "/admin/plans/p/organisation",
        data={"organisation_id": str(_default_id()), "new_organisation": typed},
    )

    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Organisation name must be 200 characters or fewer" in page
    assert typed in page
    assert db.session.scalar(select(Plan.organisation_id)) == _default_id()


def test_the_action_page_offers_to_keep_a_split_lead_text_as_one_lead(admin_client):
    action = _plan_with_action(admin_client)
    assert _lead_names(action.id) == ["Head of Safeguarding", "Quality Assurance Manager"]

    page = admin_client.get(f"/admin/plans/p/actions/{action.id}").get_data(as_text=True)
    assert f"Keep ‘{SPLIT_BY_THE_RULES}’ as one lead" in page

    response = admin_client.post(
        f"/admin/plans/p/actions/{action.id}/keep-lead-whole",
        data={"lead_text": SPLIT_BY_THE_RULES},
    )

    assert response.status_code == 302
    assert _lead_names(action.id) == [SPLIT_BY_THE_RULES]
    assert db.session.scalars(select(KeptWholeLead.text)).all() == [SPLIT_BY_THE_RULES]
    page = admin_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "is now kept as one lead in every import of this organisation" in page
    assert f"Keep ‘{SPLIT_BY_THE_RULES}’ as one lead" not in page


def test_keeping_a_lead_text_that_changed_since_the_page_was_opened_keeps_nothing(admin_client):
    action = _plan_with_action(admin_client)

    response = admin_client.post(
        f"/admin/plans/p/actions/{action.id}/keep-lead-whole",
        data={"lead_text": "Head of Safeguarding"},
    )

    assert response.status_code == 302
    page = admin_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "changed after the page was opened; nothing was kept" in page
    assert db.session.scalar(select(KeptWholeLead.id)) is None
    assert len(_lead_names(action.id)) == 2


def test_an_action_added_with_a_kept_text_reads_it_as_one_lead(admin_client):
    keep_lead_whole(_default_id(), SPLIT_BY_THE_RULES, user_id=None)
    db.session.commit()

    action = _plan_with_action(admin_client)

    assert _lead_names(action.id) == [SPLIT_BY_THE_RULES]


def test_the_people_page_names_each_persons_organisation_once_there_are_two(admin_client):
    make_person("Deb Johnson")
    db.session.commit()
    assert "Default organisation" not in admin_client.get("/admin/people").get_data(as_text=True)

    make_person("Deb Johnson", organisation=find_or_create_organisation("Other", user_id=None))
    db.session.commit()
    page = admin_client.get("/admin/people").get_data(as_text=True)

    assert page.count("Deb Johnson</a>") == 2
    assert "Default organisation" in page
    assert "Other</span>" in page


def test_a_person_is_added_to_the_organisation_chosen(admin_client):
    other = find_or_create_organisation("Other Council", user_id=None)
    make_person("Deb Johnson")
    db.session.commit()

    response = admin_client.post(
        "/admin/people/new",
        data={"name": "Deb Johnson", "email": "", "active": "y", "organisation_id": str(other.id)},
    )

    assert response.status_code == 302
    assert db.session.scalars(
        select(Person.organisation_id).where(Person.name == "Deb Johnson").order_by(Person.id)
    ).all() == [_default_id(), other.id]


def _default_id() -> int:
    organisation_id = default_organisation().id
    db.session.commit()
    return organisation_id

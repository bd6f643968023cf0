"""The plan's recommendations page, the action page's part, and the admin pages that keep them."""

from datetime import date

from sqlalchemy import select

from tests.factories import make_action, make_person, make_plan, make_user
from tracker.domain.enums import Role
from tracker.extensions import db
from tracker.models import ActionLead, ActionRecommendation, AuditEvent, Recommendation


def _date(name, value):
    if value is None:
        return {name: ["", "", ""]}
    return {name: [str(value.day), str(value.month), str(value.year)]}


def _form(**overrides):
    return {
        "ref": "R4",
        "text": "Strengthen management oversight",
        "source": "Ofsted inspection, August 2009",
        **_date("made_on", date(2009, 8, 27)),
        **_date("due_on", None),
        "action_refs": "1.1; 2.1",
        **overrides,
    }


def _links(recommendation_id):
    return set(
        db.session.scalars(
            select(ActionRecommendation.action_id).where(
                ActionRecommendation.recommendation_id == recommendation_id
            )
        )
    )


def test_readers_see_which_recommendations_were_met_on_any_day(recommended, panel_client):
    today = panel_client.get("/plans/cyps/recommendations").get_data(as_text=True)
    assert "Recommendations met: 1 of 3" in today
    assert "Improve the quality of &lt;b&gt;supervision&lt;/b&gt;" in today
    october = panel_client.get("/plans/cyps/recommendations?as_at=2010-10-31")
    assert october.status_code == 200
    page = october.get_data(as_text=True)
    assert "Recommendations met: 1 of 3" in page
    assert "1 of 2 actions done" in page
    assert "1.1 Action 1.1</a> – done" in page
    assert "1.2 Action 1.2</a> – not done" in page
    before = panel_client.get("/plans/cyps/recommendations?as_at=2009-08-01").get_data(as_text=True)
    assert "no recommendations yet" in before


def test_a_bad_date_says_what_to_fix(recommended, panel_client):
    response = panel_client.get("/plans/cyps/recommendations?as_at=31-10-2010")
    assert response.status_code == 400
    assert panel_client.get("/plans/cyps/recommendations.json?as_at=2010-02-31").status_code == 400


def test_the_json_gives_each_recommendation_s_status_and_actions_on_a_day(
    recommended, panel_client
):
    data = panel_client.get("/plans/cyps/recommendations.json?as_at=2010-10-31").get_json()
    assert (data["plan"]["slug"], data["as_at"], data["met"], data["total"]) == (
        "cyps",
        "2010-10-31",
        1,
        3,
    )
    r1 = data["rows"][0]
    assert (r1["ref"], r1["status"], r1["actions_done"], r1["actions"]) == (
        "R1",
        "in_progress",
        1,
        2,
    )
    assert r1["action_ids"] == sorted(
        [recommended.actions["1.1"].id, recommended.actions["1.2"].id]
    )


def test_a_lead_reads_only_the_recommendations_of_plans_they_take_part_in(
    recommended, app, sign_in
):
    person = make_person()
    db.session.add(ActionLead(action_id=recommended.actions["1.1"].id, person_id=person.id))
    lead = make_user(Role.LEAD, person=person)
    outsider = make_user(Role.LEAD)
    db.session.commit()
    client = app.test_client()
    sign_in(client, lead)
    assert client.get("/plans/cyps/recommendations").status_code == 200
    page = client.get(f"/actions/{recommended.actions['1.1'].id}").get_data(as_text=True)
    assert "Recommendations this action answers" in page
    assert "R1" in page and ">Met<" in page
    other = app.test_client()
    sign_in(other, outsider)
    assert other.get("/plans/cyps/recommendations").status_code == 403


def test_an_action_answering_none_has_no_recommendations_part(recommended, panel_client):
    plan = recommended.plan
    action = make_action(plan, ref="9.9")
    db.session.commit()
    page = panel_client.get(f"/actions/{action.id}").get_data(as_text=True)
    assert "Recommendations this action answers" not in page


def test_an_administrator_adds_a_recommendation_linked_by_action_refs(recommended, admin_client):
    response = admin_client.post("/admin/plans/cyps/recommendations/new", data=_form())
    assert response.status_code == 302
    added = db.session.scalar(select(Recommendation).where(Recommendation.ref == "R4"))
    assert added.source == "Ofsted inspection, August 2009"
    assert _links(added.id) == {recommended.actions["1.1"].id, recommended.actions["2.1"].id}
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.entity == "recommendation"))
    assert (event.verb, event.entity_id) == ("create", added.id)
    listing = admin_client.get("/admin/plans/cyps/recommendations").get_data(as_text=True)
    assert "R4" in listing and "1.1; 2.1" in listing


def test_changing_the_linked_actions_is_audited(recommended, admin_client):
    r1 = recommended.recommendations["R1"]
    edit = admin_client.get(f"/admin/plans/cyps/recommendations/{r1.id}/edit")
    assert "1.1; 1.2" in edit.get_data(as_text=True)
    response = admin_client.post(
        f"/admin/plans/cyps/recommendations/{r1.id}/edit",
        data=_form(ref="R1", text=r1.text, action_refs="2.1"),
    )
    assert response.status_code == 302
    assert _links(r1.id) == {recommended.actions["2.1"].id}
    event = db.session.scalar(
        select(AuditEvent)
        .where(AuditEvent.entity == "recommendation")
        .order_by(AuditEvent.id.desc())
    )
    assert event.details["actions"] == ["1.1; 1.2", "2.1"]


def test_a_form_with_problems_says_what_to_fix_and_saves_nothing(recommended, admin_client):
    response = admin_client.post(
        "/admin/plans/cyps/recommendations/new",
        data=_form(ref="r1", action_refs="1.1; 7.7", **_date("due_on", date(2009, 1, 1))),
    )
    page = response.get_data(as_text=True)
    assert response.status_code in (200, 400, 422)
    assert "No action of this plan has the reference 7.7" in page
    assert db.session.query(Recommendation).count() == 3
    response = admin_client.post(
        "/admin/plans/cyps/recommendations/new", data=_form(ref="r1", action_refs="")
    )
    assert "The plan already has a recommendation r1" in response.get_data(as_text=True)
    response = admin_client.post(
        "/admin/plans/cyps/recommendations/new",
        data=_form(action_refs="", **_date("due_on", date(2009, 1, 1))),
    )
    assert "The due date must be on or after the date it was made" in response.get_data(
        as_text=True
    )
    assert "Strengthen management oversight</textarea>" in response.get_data(as_text=True)
    assert db.session.query(Recommendation).count() == 3
    assert db.session.query(AuditEvent).count() == 0


def test_archiving_takes_a_recommendation_out_and_restoring_brings_it_back(
    recommended, admin_client, panel_client
):
    r3 = recommended.recommendations["R3"]
    admin_client.post(f"/admin/plans/cyps/recommendations/{r3.id}/archive")
    assert "Recommendations met: 1 of 2" in panel_client.get(
        "/plans/cyps/recommendations"
    ).get_data(as_text=True)
    admin_client.post(f"/admin/plans/cyps/recommendations/{r3.id}/restore")
    assert "Recommendations met: 1 of 3" in panel_client.get(
        "/plans/cyps/recommendations"
    ).get_data(as_text=True)
    verbs = db.session.scalars(
        select(AuditEvent.verb).where(AuditEvent.entity == "recommendation")
    ).all()
    assert verbs == ["archive", "restore"]


def test_a_recommendation_of_another_plan_is_not_found(recommended, admin_client):
    make_plan(slug="other")
    db.session.commit()
    r1 = recommended.recommendations["R1"]
    assert admin_client.get(f"/admin/plans/other/recommendations/{r1.id}/edit").status_code == 404
    assert (
        admin_client.post(f"/admin/plans/other/recommendations/{r1.id}/archive").status_code == 404
    )

"""Milestones: administrators add, change and delete them, leads mark them done when updating,
the action page shows which are missed, and imports and exports keep their words and dates."""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from tests.factories import add_update, make_action, make_person, make_plan, make_user
from tracker import clock
from tracker.domain.enums import Role
from tracker.domain.milestones import MilestoneFacts, parse_milestones_cell
from tracker.extensions import db
from tracker.models import Action, AuditEvent, Milestone
from tracker.services.action_details import replace_milestones_in_bulk
from tracker.services.plan_export import export_plan

FAR = date(2099, 12, 31)


@pytest.fixture
def world(app):
    plan = make_plan(slug="qsip", title="Quality and safety improvement plan")
    lead = make_user(Role.LEAD)
    admin = make_user(Role.ADMIN)
    action = make_action(plan, ref="QS1.1", leads=[lead.person], target_date=FAR)
    add_update(action, as_at=clock.today() - timedelta(days=40))
    missed = Milestone(
        action_id=action.id,
        ref="QS1.1.1",
        text="Audit <b>every</b> team",
        due_on=clock.today() - timedelta(days=10),
        position=1,
    )
    coming = Milestone(
        action_id=action.id, text="Report to the board", due_on=FAR - timedelta(days=1), position=2
    )
    db.session.add_all([missed, coming])
    db.session.commit()
    return {
        "plan": plan,
        "action": action,
        "lead": lead,
        "admin": admin,
        "missed": missed.id,
        "coming": coming.id,
    }


def client_as(app, sign_in, user):
    client = app.test_client()
    sign_in(client, user)
    return client


def milestone_rows() -> list[tuple]:
    db.session.expire_all()
    return list(
        db.session.execute(
            select(Milestone.ref, Milestone.text, Milestone.due_on, Milestone.done_on).order_by(
                Milestone.due_on
            )
        )
    )


def date_boxes(day: date | None) -> list[str]:
    return ["", "", ""] if day is None else [str(day.day), str(day.month), str(day.year)]


def test_an_administrator_adds_changes_and_deletes_a_milestone_with_an_audit_trail(
    app, sign_in, world
):
    admin = client_as(app, sign_in, world["admin"])
    base = f"/admin/plans/qsip/actions/{world['action'].id}/milestones"
    added = admin.post(
        f"{base}/new",
        data={
            "ref": "QS1.1.3",
            "text": "Peer review",
            "due_on": date_boxes(date(2030, 1, 31)),
            "done_on": date_boxes(None),
        },
    )
    assert added.status_code == 302
    new_id = db.session.scalar(select(Milestone.id).where(Milestone.ref == "QS1.1.3"))
    changed = admin.post(
        f"{base}/{new_id}/edit",
        data={
            "ref": "QS1.1.3",
            "text": "Peer review by another council",
            "due_on": date_boxes(date(2030, 2, 28)),
            "done_on": date_boxes(clock.today()),
        },
    )
    assert changed.status_code == 302
    assert ("QS1.1.3", "Peer review by another council", date(2030, 2, 28), clock.today()) in (
        milestone_rows()
    )
    page = admin.get(f"/admin/plans/qsip/actions/{world['action'].id}").get_data(as_text=True)
    assert "Peer review by another council" in page
    assert "Audit &lt;b&gt;every&lt;/b&gt; team" in page

    assert admin.post(f"{base}/{new_id}/delete", data={}).status_code == 400
    assert admin.get(f"{base}/{new_id}/delete").status_code == 200
    assert admin.post(f"{base}/{new_id}/delete", data={"confirm": "yes"}).status_code == 302
    assert db.session.get(Milestone, new_id) is None
    verbs = db.session.scalars(
        select(AuditEvent.verb).where(AuditEvent.entity == "milestone").order_by(AuditEvent.id)
    ).all()
    assert verbs == ["create", "update", "delete"]


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        pytest.param({"text": ""}, "Describe the milestone", id="no words"),
        pytest.param({"due_on": date_boxes(None)}, "Enter the date the milestone is due"),
        pytest.param(
            {"done_on": date_boxes(date(2099, 1, 1))},
            "The date done must be today or in the past",
            id="done in the future",
        ),
        pytest.param({"ref": "x" * 41}, "40 characters or fewer", id="long ref"),
        pytest.param({"due_on": ["31", "2", "2011"]}, "The due date", id="no such day"),
    ],
)
def test_a_wrong_milestone_is_refused_saying_what_to_fix_and_nothing_changes(
    app, sign_in, world, fields, problem
):
    admin = client_as(app, sign_in, world["admin"])
    before = milestone_rows()
    data = {
        "ref": "QS1.1.3",
        "text": "Peer review",
        "due_on": date_boxes(date(2030, 1, 31)),
        "done_on": date_boxes(None),
        **fields,
    }
    response = admin.post(
        f"/admin/plans/qsip/actions/{world['action'].id}/milestones/new", data=data
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "There is a problem" in page
    assert problem in page
    assert milestone_rows() == before


def test_a_milestone_of_another_action_is_not_found(app, sign_in, world):
    other = make_action(world["plan"], ref="QS9")
    db.session.commit()
    admin = client_as(app, sign_in, world["admin"])
    url = f"/admin/plans/qsip/actions/{other.id}/milestones/{world['missed']}/edit"
    assert admin.get(url).status_code == 404


def update_form(action: Action, **more) -> dict:
    today = clock.today()
    return {
        "version": str(action.version),
        "completion": "partially_completed",
        "rag": "amber",
        "commentary": "Audits under way.",
        "completed_on": ["", "", ""],
        "as_at": [str(today.day), str(today.month), str(today.year)],
        **more,
    }


def test_the_lead_marks_a_milestone_done_on_the_update_form(app, sign_in, world):
    lead = client_as(app, sign_in, world["lead"])
    action = world["action"]
    form = lead.get(f"/actions/{action.id}/update").get_data(as_text=True)
    assert "Milestones done" in form
    assert "QS1.1.1 Audit &lt;b&gt;every&lt;/b&gt; team" in form

    response = lead.post(
        f"/actions/{action.id}/update",
        data=update_form(db.session.get(Action, action.id), milestones_done=[str(world["missed"])]),
    )
    assert response.status_code == 302
    assert db.session.get(Milestone, world["missed"]).done_on == clock.today()
    assert db.session.get(Milestone, world["coming"]).done_on is None
    assert (
        db.session.scalar(
            select(func.count()).select_from(AuditEvent).where(AuditEvent.entity == "milestone")
        )
        == 1
    )
    again = lead.get(f"/actions/{action.id}/update").get_data(as_text=True)
    assert "Audit &lt;b&gt;every&lt;/b&gt; team" not in again


@pytest.mark.parametrize("chosen", ["999999", "abc", "-1", "1e9"])
def test_a_milestone_not_offered_is_refused_and_nothing_is_recorded(app, sign_in, world, chosen):
    lead = client_as(app, sign_in, world["lead"])
    action = db.session.get(Action, world["action"].id)
    version = action.version
    response = lead.post(
        f"/actions/{action.id}/update", data=update_form(action, milestones_done=[chosen])
    )
    assert response.status_code == 400
    assert "Milestones done" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Action, action.id).version == version


def test_a_milestone_of_another_action_cannot_be_marked_done(app, sign_in, world):
    other = make_action(world["plan"], ref="QS9", leads=[world["lead"].person], target_date=FAR)
    add_update(other, as_at=clock.today() - timedelta(days=3))
    db.session.commit()
    lead = client_as(app, sign_in, world["lead"])
    response = lead.post(
        f"/actions/{other.id}/update",
        data=update_form(db.session.get(Action, other.id), milestones_done=[str(world["missed"])]),
    )
    assert response.status_code == 400
    assert db.session.get(Milestone, world["missed"]).done_on is None


def test_the_action_page_marks_the_missed_milestone(app, sign_in, world):
    lead = client_as(app, sign_in, world["lead"])
    page = lead.get(f"/actions/{world['action'].id}").get_data(as_text=True)
    missed_item = page.split(f'id="milestone-{world["missed"]}"')[1].split("</li>")[0]
    coming_item = page.split(f'id="milestone-{world["coming"]}"')[1].split("</li>")[0]
    assert "Milestone overdue" in missed_item
    assert "Milestone overdue" not in coming_item


def test_my_actions_shows_a_milestone_overdue_not_an_overdue_action(app, sign_in, world):
    lead = client_as(app, sign_in, world["lead"])
    page = lead.get("/actions/mine").get_data(as_text=True)
    assert "Milestone overdue" in page
    assert "0 overdue, 1 with a milestone overdue," in " ".join(page.split())


def test_an_import_keeps_the_words_of_a_multi_date_target(app):
    plan = make_plan(slug="cyps")
    make_person("Deb Johnson")
    action = make_action(plan, ref="1.01")
    db.session.commit()
    from tracker.domain.target_dates import resolve_target_date
    from tracker.services.action_details import replace_milestones

    replace_milestones(
        action.id,
        resolve_target_date("August } Milestones Sept } Oct } 30th Nov 2010 deadline"),
    )
    assert [(text, due_on) for _, text, due_on, _ in milestone_rows()] == [
        ("August", date(2010, 8, 31)),
        ("Sept", date(2010, 9, 30)),
        ("Oct", date(2010, 10, 31)),
    ]


def test_a_re_read_target_keeps_the_done_date_of_a_milestone_on_the_same_day(app, world):
    action_id = world["action"].id
    done_day = clock.today() - timedelta(days=2)
    db.session.get(Milestone, world["missed"]).done_on = done_day
    db.session.commit()
    due_on = clock.today() - timedelta(days=10)
    replace_milestones_in_bulk({action_id: (MilestoneFacts(None, None, "Audit", due_on),)})
    assert milestone_rows() == [(None, "Audit", due_on, done_day)]


def test_export_writes_milestones_with_done_dates_known_at_its_date(app, world):
    plan = world["plan"]
    db.session.get(Milestone, world["missed"]).done_on = clock.today()
    db.session.commit()
    today = clock.today()
    exported = export_plan(plan, today, name="plan.csv").content.decode("utf-8-sig")
    earlier = export_plan(plan, today - timedelta(days=1), name="plan.csv").content.decode(
        "utf-8-sig"
    )
    missed_due = (today - timedelta(days=10)).isoformat()
    assert (
        f"{missed_due} | QS1.1.1 | Audit <b>every</b> team | done {today.isoformat()}" in exported
    )
    assert f"{missed_due} | QS1.1.1 | Audit <b>every</b> team\n" in earlier.replace("\r\n", "\n")
    assert "Milestones" in exported.splitlines()[0]


def test_the_milestones_cell_reads_back_what_export_writes():
    cell = "2010-08-31 | QS1.1.1 | August | done 2010-08-30\n2010-09-30 |  | Sept"
    assert parse_milestones_cell(cell) == (
        MilestoneFacts(None, "QS1.1.1", "August", date(2010, 8, 31), date(2010, 8, 30)),
        MilestoneFacts(None, None, "Sept", date(2010, 9, 30)),
    )
    assert parse_milestones_cell("  ") is None

"""Leads record status updates: the form, its rules, the history and no lost updates."""

import html
import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from tests.factories import add_update, make_action, make_plan, make_user
from tests.update_cases import FORM_FIELD, LAST_AS_AT, UPDATE_CASES, steady_update
from tests.update_cases import TODAY as UPDATE_DAY
from tests.update_cases import form_data as update_form_data
from tracker import clock
from tracker.domain.enums import Completion, Direction, Rag, Role
from tracker.extensions import db
from tracker.models import Action, Plan, StatusUpdate


@pytest.fixture
def lead(app):
    user = make_user(Role.LEAD)
    db.session.commit()
    return user


@pytest.fixture
def action(lead):
    plan = make_plan()
    action = make_action(plan, ref="1.02", leads=[lead.person], target_date=date(2011, 3, 31))
    add_update(
        action,
        as_at=date(2010, 8, 20),
        completion=Completion.PARTIALLY_COMPLETED,
        rag=Rag.AMBER,
        direction=Direction.IMPROVING,
        commentary="Audits started",
    )
    action.current_performance = "65%"
    db.session.commit()
    return action


def today_parts(day: date | None = None) -> list[str]:
    day = day or clock.today()
    return [str(day.day), str(day.month), str(day.year)]


def form_data(action_version: int, **overrides) -> dict:
    data = {
        "version": str(action_version),
        "completion": "partially_completed",
        "rag": "green",
        "direction": "improving",
        "current_performance": "68%",
        "commentary": "Nine of ten teams audit monthly.",
        "completed_on": ["", "", ""],
        "as_at": today_parts(),
    }
    data.update(overrides)
    return data


def version_of(action_id: int) -> int:
    db.session.expire_all()
    return db.session.scalar(select(Action.version).where(Action.id == action_id))


def updates_of(action_id: int) -> list[StatusUpdate]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            select(StatusUpdate)
            .where(StatusUpdate.action_id == action_id)
            .order_by(StatusUpdate.id)
        )
    )


def test_form_is_prefilled_from_the_last_update_and_dated_today(client, sign_in, lead, action):
    sign_in(client, lead)
    page = client.get(f"/actions/{action.id}/update").get_data(as_text=True)
    assert 'value="partially_completed" checked' in page
    assert 'value="amber" checked' in page
    assert 'value="improving" checked' in page
    assert ">65%</textarea>" in page
    day = today_parts()[0]
    assert f'id="as_at-day" name="as_at" type="text" value="{int(day):02d}"' in page
    assert f'name="version" type="hidden" value="{action.version}"' in page
    assert "Audits started" in page


def test_submission_appends_an_update_refreshes_the_action_and_tops_the_history(
    client, sign_in, lead, action
):
    sign_in(client, lead)
    response = client.post(f"/actions/{action.id}/update", data=form_data(action.version))
    assert response.status_code == 302
    assert response.headers["Location"] == f"/actions/{action.id}?saved=1"

    updates = updates_of(action.id)
    assert len(updates) == 2
    newest = updates[-1]
    assert newest.author_user_id == lead.id
    assert newest.as_at == clock.today()
    assert (newest.completion, newest.rag, newest.direction) == (
        Completion.PARTIALLY_COMPLETED,
        Rag.GREEN,
        Direction.IMPROVING,
    )
    refreshed = db.session.get(Action, action.id)
    assert refreshed.current_rag is Rag.GREEN
    assert refreshed.current_performance == "68%"
    assert refreshed.current_commentary == "Nine of ten teams audit monthly."
    assert refreshed.current_as_at == clock.today()

    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "has been recorded" in page
    assert page.index("Nine of ten teams audit monthly.") < page.index("Audits started")
    assert f'id="update-{newest.id}"' in page


def test_errors_use_the_error_summary_and_keep_what_was_typed(client, sign_in, lead, action):
    sign_in(client, lead)
    data = form_data(
        action.version,
        rag="red",
        commentary="",
        current_performance="Typed <b>here</b>",
        as_at=["31", "2", "2011"],
    )
    response = client.post(f"/actions/{action.id}/update", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "<title>Error: Update action 1.02" in page
    assert 'class="govuk-error-summary"' in page
    assert (
        '<a href="#commentary">Enter commentary saying why the action is now rated Red</a>' in page
    )
    assert '<a href="#as_at-day">The as-at date must be a real date</a>' in page
    assert 'value="red" checked' in page
    assert ">Typed &lt;b&gt;here&lt;/b&gt;</textarea>" in page
    assert 'value="31"' in page
    assert len(updates_of(action.id)) == 1


def test_completed_needs_a_completed_on_date_not_in_the_future(client, sign_in, lead, action):
    sign_in(client, lead)
    tomorrow = clock.today() + timedelta(days=1)
    data = form_data(
        action.version, completion="completed", rag="complete", completed_on=today_parts(tomorrow)
    )
    page = client.post(f"/actions/{action.id}/update", data=data).get_data(as_text=True)
    assert "The completed-on date must be today or in the past" in page

    data["completed_on"] = today_parts()
    assert client.post(f"/actions/{action.id}/update", data=data).status_code == 302
    newest = updates_of(action.id)[-1]
    assert newest.completion is Completion.COMPLETED
    assert newest.completed_on == clock.today()


def test_completed_on_date_typed_for_an_unfinished_action_is_ignored(client, sign_in, lead, action):
    sign_in(client, lead)
    data = form_data(action.version, completed_on=["99", "99", "x"])
    assert client.post(f"/actions/{action.id}/update", data=data).status_code == 302
    assert updates_of(action.id)[-1].completed_on is None


def test_as_at_in_the_future_is_refused(client, sign_in, lead, action):
    sign_in(client, lead)
    data = form_data(action.version, as_at=today_parts(clock.today() + timedelta(days=1)))
    page = client.post(f"/actions/{action.id}/update", data=data).get_data(as_text=True)
    assert "The as-at date must be today or in the past" in page


def test_two_forms_open_at_once_first_wins_second_gets_409_then_submits_on_top(
    app, sign_in, lead, action
):
    first, second = app.test_client(), app.test_client()
    sign_in(first, lead)
    sign_in(second, lead)
    opened_at = action.version
    assert first.get(f"/actions/{action.id}/update").status_code == 200
    assert second.get(f"/actions/{action.id}/update").status_code == 200

    first_data = form_data(opened_at, commentary="First writer's words")
    assert first.post(f"/actions/{action.id}/update", data=first_data).status_code == 302
    assert len(updates_of(action.id)) == 2

    second_data = form_data(opened_at, rag="red", commentary="Second writer's <words>")
    conflict = second.post(f"/actions/{action.id}/update", data=second_data)
    page = conflict.get_data(as_text=True)
    assert conflict.status_code == 409
    assert len(updates_of(action.id)) == 2
    assert "Someone else updated this action while you were writing." in page
    assert "Their update" in page
    assert "First writer&#39;s words" in page
    assert ">Second writer&#39;s &lt;words&gt;</textarea>" in page
    assert 'value="red" checked' in page
    current_version = version_of(action.id)
    assert f'name="version" type="hidden" value="{current_version}"' in page
    assert "Submit my update on top" in page

    on_top = second.post(
        f"/actions/{action.id}/update", data={**second_data, "version": str(current_version)}
    )
    assert on_top.status_code == 302
    commentaries = [update.commentary for update in updates_of(action.id)]
    assert commentaries == ["Audits started", "First writer's words", "Second writer's <words>"]


def test_the_same_form_submitted_twice_records_one_update(client, sign_in, lead, action):
    sign_in(client, lead)
    data = form_data(action.version, rag="amber", commentary="")
    assert client.post(f"/actions/{action.id}/update", data=data).status_code == 302
    assert client.post(f"/actions/{action.id}/update", data=data).status_code == 409
    assert len(updates_of(action.id)) == 2


def test_missing_version_is_a_bad_request(client, sign_in, lead, action):
    sign_in(client, lead)
    data = form_data(action.version)
    del data["version"]
    assert client.post(f"/actions/{action.id}/update", data=data).status_code == 400


def test_action_page_offers_the_update_button_only_to_those_who_may_update(
    client, sign_in, lead, action
):
    sign_in(client, lead)
    assert "Update this action" in client.get(f"/actions/{action.id}").get_data(as_text=True)
    panel = make_user(Role.PANEL)
    db.session.commit()
    sign_in(client, panel)
    assert "Update this action" not in client.get(f"/actions/{action.id}").get_data(as_text=True)


def test_administrator_may_update_any_action(client, sign_in, action):
    admin = make_user(Role.ADMIN)
    db.session.commit()
    sign_in(client, admin)
    assert (
        client.post(f"/actions/{action.id}/update", data=form_data(action.version)).status_code
        == 302
    )
    assert updates_of(action.id)[-1].author_user_id == admin.id


@pytest.mark.parametrize("archived", ["action", "plan"])
def test_action_archived_or_in_an_archived_plan_cannot_be_updated(
    client, sign_in, lead, action, archived
):
    record = action if archived == "action" else db.session.get(Plan, action.plan_id)
    record.archived_at = clock.now()
    db.session.commit()
    sign_in(client, lead)
    assert client.get(f"/actions/{action.id}/update").status_code == 404
    assert client.post(f"/actions/{action.id}/update", data=form_data(1)).status_code == 404
    assert "Update this action" not in client.get(f"/actions/{action.id}").get_data(as_text=True)


def test_update_count_grows_by_one_per_submission(client, sign_in, lead, action):
    sign_in(client, lead)
    for number in range(3):
        data = form_data(version_of(action.id), commentary=f"Update {number}")
        assert client.post(f"/actions/{action.id}/update", data=data).status_code == 302
    assert db.session.scalar(select(func.count(StatusUpdate.id))) == 4


def test_a_note_for_the_highlight_report_is_kept_on_the_new_update_only(
    client, sign_in, lead, action
):
    sign_in(client, lead)
    note = "Dependent upon outcomes of the Value for Money Review"
    data = form_data(action.version, report_note=f"  {note}  ")
    response = client.post(f"/actions/{action.id}/update", data=data)
    assert response.status_code == 302

    first, newest = updates_of(action.id)
    assert newest.report_note == note
    assert first.report_note is None
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f"Note for the highlight report:</strong> {note}" in page


def test_a_note_over_its_limit_is_refused_and_kept_as_typed(client, sign_in, lead, action):
    sign_in(client, lead)
    typed = "Waiting " * 70
    response = client.post(
        f"/actions/{action.id}/update", data=form_data(action.version, report_note=typed)
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Note for the highlight report must be 500 characters or fewer" in page
    assert typed.strip() in page
    assert len(updates_of(action.id)) == 1


ERROR_LINK = re.compile(r'<a href="#([a-z_]+?)(?:-day)?">([^<]*)</a>')


@pytest.mark.parametrize("case", UPDATE_CASES)
def test_the_form_gives_the_messages_the_api_gives(client, sign_in, lead, monkeypatch, case):
    monkeypatch.setattr(clock, "today", lambda: UPDATE_DAY)
    plan = make_plan()
    action = make_action(plan, ref="1.02", leads=[lead.person], target_date=date(2011, 3, 31))
    add_update(action, as_at=LAST_AS_AT, completion=Completion.NOT_COMPLETED, rag=Rag.AMBER)
    db.session.commit()
    sign_in(client, lead)
    sent = steady_update(**case.changes)
    response = client.post(
        f"/actions/{action.id}/update", data=update_form_data(sent, version_of(action.id))
    )
    if not case.messages:
        assert response.status_code == 302
        return
    assert response.status_code == 422
    summary = response.get_data(as_text=True).split('class="govuk-error-summary"')[1]
    shown = {field: html.unescape(message) for field, message in ERROR_LINK.findall(summary)}
    assert shown == {FORM_FIELD.get(name, name): message for name, message in case.messages.items()}

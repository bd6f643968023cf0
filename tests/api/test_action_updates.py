"""Record status updates through the API, by the form's rules, and list them for Power BI."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from tests.api.conftest import bearer
from tests.factories import add_update, make_action, make_person, make_plan, make_user
from tests.update_cases import LAST_AS_AT, UPDATE_CASES, UpdateCase, steady_update
from tests.update_cases import TODAY as UPDATE_DAY
from tracker import clock
from tracker.domain.api_tokens import TokenScope
from tracker.domain.enums import Completion, Rag, Role
from tracker.extensions import db
from tracker.models import Action, ActionLead, ApiToken, AuditEvent, StatusUpdate


@pytest.fixture
def lead(app):
    user = make_user(Role.LEAD, person=make_person("Lee Lead"))
    db.session.commit()
    return user


@pytest.fixture
def action(lead):
    """Return an action Lee leads, last updated Amber and not completed as at LAST_AS_AT."""
    plan = make_plan(slug="p")
    action = make_action(plan, ref="1.02", leads=[lead.person], target_date=date(2011, 3, 31))
    add_update(action, as_at=LAST_AS_AT, completion=Completion.NOT_COMPLETED, rag=Rag.AMBER)
    db.session.commit()
    return action


def address(action: Action) -> str:
    return f"/api/v1/actions/{action.id}/status-updates"


def etag_of(client, action: Action, headers: dict[str, str]) -> str:
    return client.get(f"/api/v1/actions/{action.id}", headers=headers).headers["ETag"]


def updates_of(action_id: int) -> list[StatusUpdate]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            select(StatusUpdate)
            .where(StatusUpdate.action_id == action_id)
            .order_by(StatusUpdate.id)
        )
    )


def test_a_lead_records_an_update_that_the_audit_trail_puts_to_the_token(
    client, lead, action, make_token
):
    headers = bearer(make_token(lead, name="Case system"))
    etag = etag_of(client, action, headers)
    answer = client.post(
        address(action),
        json=steady_update(
            as_at=clock.today().isoformat(),
            status="green",
            direction="improving",
            current_performance="68%",
            commentary="Nine of ten teams audit monthly.",
        ),
        headers={**headers, "If-Match": etag},
    )
    assert answer.status_code == 201, answer.get_data(as_text=True)
    newest = updates_of(action.id)[-1]
    assert answer.headers["Location"] == f"/api/v1/status-updates/{newest.id}"
    assert (newest.rag, newest.status_label, newest.author_user_id) == (Rag.GREEN, "Green", lead.id)
    body = answer.json
    assert body["id"] == newest.id
    assert body["author"] == "Lee Lead"
    assert body["status_label"] == "Green"
    assert body["commentary"] == "Nine of ten teams audit monthly."
    assert body["action_version"] == db.session.get(Action, action.id).version
    assert answer.headers["ETag"] == etag_of(client, action, headers)
    assert answer.headers["ETag"] != etag

    event = db.session.scalar(select(AuditEvent).where(AuditEvent.entity_id == newest.id))
    assert event.user_id == lead.id
    assert db.session.get(ApiToken, event.api_token_id).name == "Case system"
    shown = client.get(answer.headers["Location"], headers=headers)
    assert shown.status_code == 200
    assert shown.json == {key: value for key, value in body.items() if key != "action_version"}


def test_the_plain_version_in_quotes_is_an_if_match_too(client, lead, action, make_token):
    headers = bearer(make_token(lead))
    version = db.session.get(Action, action.id).version
    answer = client.post(
        address(action), json=steady_update(), headers={**headers, "If-Match": f'"{version}"'}
    )
    assert answer.status_code == 201


def test_an_old_if_match_is_a_412_carrying_the_action_as_it_is_now(
    client, lead, action, make_token
):
    headers = bearer(make_token(lead))
    old = etag_of(client, action, headers)
    first = client.post(address(action), json=steady_update(), headers={**headers, "If-Match": old})
    assert first.status_code == 201

    stale = client.post(
        address(action),
        json=steady_update(status="Red", commentary="Stalled"),
        headers={**headers, "If-Match": old},
    )
    assert stale.status_code == 412
    assert stale.mimetype == "application/problem+json"
    assert stale.json["type"] == "/help/api#problem-stale-version"
    current = client.get(f"/api/v1/actions/{action.id}", headers=headers)
    assert stale.json["current"] == current.json
    assert stale.headers["ETag"] == current.headers["ETag"] == first.headers["ETag"]
    assert stale.json["current"]["version"] == first.json["action_version"]
    assert len(updates_of(action.id)) == 2


@pytest.mark.parametrize("if_match", [None, "*"])
def test_without_an_if_match_naming_a_version_the_update_is_a_428(
    client, lead, action, make_token, if_match
):
    headers = bearer(make_token(lead))
    if if_match:
        headers["If-Match"] = if_match
    answer = client.post(address(action), json=steady_update(), headers=headers)
    assert answer.status_code == 428
    assert answer.json["type"] == "/help/api#problem-precondition-required"
    assert len(updates_of(action.id)) == 1


def test_an_if_match_naming_no_version_is_stale(client, lead, action, make_token):
    headers = {**bearer(make_token(lead)), "If-Match": '"latest"'}
    assert client.post(address(action), json=steady_update(), headers=headers).status_code == 412


@pytest.mark.parametrize("case", UPDATE_CASES)
def test_the_api_gives_the_messages_the_form_gives(
    client, lead, action, make_token, monkeypatch, case: UpdateCase
):
    headers = bearer(make_token(lead))
    headers["If-Match"] = etag_of(client, action, headers)
    monkeypatch.setattr(clock, "today", lambda: UPDATE_DAY)
    answer = client.post(address(action), json=steady_update(**case.changes), headers=headers)
    if not case.messages:
        assert answer.status_code == 201, answer.get_data(as_text=True)
        return
    assert answer.status_code == 422
    assert answer.json["type"] == "/help/api#problem-invalid"
    assert {error["field"]: error["detail"] for error in answer.json["errors"]} == case.messages
    assert len(updates_of(action.id)) == 1


@pytest.mark.parametrize(
    ("body", "field", "says"),
    [
        pytest.param(
            {"status": "Purple"},
            "status",
            "Select the RAG rating from the plan's key (Red, Amber, Green, Complete); 'Purple' "
            "is not in it",
            id="a status not in the key",
        ),
        pytest.param(
            {"colour": "red"},
            "colour",
            "This field is not one the API takes; leave it out.",
            id="a field the API does not take",
        ),
        pytest.param({"as_at": "31/03/2011"}, "as_at", None, id="a date not written ISO"),
        pytest.param({"completion": "done"}, "completion", None, id="an unknown completion"),
    ],
)
def test_a_body_the_form_could_not_send_is_a_422_naming_the_field(
    client, lead, action, make_token, body, field, says
):
    headers = {**bearer(make_token(lead))}
    headers["If-Match"] = etag_of(client, action, headers)
    answer = client.post(address(action), json=steady_update(**body), headers=headers)
    assert answer.status_code == 422
    errors = {error["field"]: error["detail"] for error in answer.json["errors"]}
    assert field in errors
    if says:
        assert errors[field] == says


def test_a_body_that_is_not_json_is_a_415(client, lead, action, make_token):
    headers = {**bearer(make_token(lead)), "If-Match": '"1"'}
    answer = client.post(address(action), data="completion=completed", headers=headers)
    assert answer.status_code == 415


def test_who_may_record_an_update(client, lead, action, make_token):
    panel = make_user(Role.PANEL, person=make_person("Pat Panel"))
    other_lead = make_user(Role.LEAD, person=make_person("Olly Other"))
    admin = make_user(Role.ADMIN, person=make_person("Ada Admin"))
    version = f'"{db.session.get(Action, action.id).version}"'

    def post(user, scope=TokenScope.WRITE):
        headers = {**bearer(make_token(user, scope)), "If-Match": version}
        return client.post(address(action), json=steady_update(), headers=headers)

    assert post(panel).status_code == 403
    assert post(other_lead).status_code == 403
    read_only = post(lead, TokenScope.READ)
    assert read_only.status_code == 403
    assert read_only.json["type"] == "/help/api#problem-read-only-token"
    assert len(updates_of(action.id)) == 1
    assert post(admin).status_code == 201


def test_an_archived_action_takes_no_update(client, lead, action, make_token):
    headers = bearer(make_token(lead))
    headers["If-Match"] = etag_of(client, action, headers)
    db.session.get(Action, action.id).archived_at = clock.now()
    db.session.commit()
    answer = client.post(address(action), json=steady_update(), headers=headers)
    assert answer.status_code == 409
    assert answer.json["type"] == "/help/api#problem-archived"
    assert client.get(f"/api/v1/actions/{action.id}", headers=headers).json["archived"] is True
    missing = client.post("/api/v1/actions/999999/status-updates", json={}, headers=headers)
    assert missing.status_code == 404


@pytest.fixture
def history(app):
    """Return two plans' actions with updates recorded on known days."""
    north, south = make_plan(slug="north"), make_plan(slug="south")
    first = make_action(north, ref="1.1")
    second = make_action(south, ref="2.1")
    for day, action in ((1, first), (2, second), (3, first)):
        add_update(
            action,
            as_at=date(2024, 3, day),
            recorded_at=datetime(2024, 3, day, 9, tzinfo=UTC),
            commentary=f"=Day {day}",
        )
    db.session.commit()
    return first, second


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        pytest.param("", ["=Day 3", "=Day 2", "=Day 1"], id="newest first"),
        pytest.param("?plan=north", ["=Day 3", "=Day 1"], id="a plan"),
        pytest.param("?action={second}", ["=Day 2"], id="an action"),
        pytest.param("?recorded_since=2024-03-02", ["=Day 3", "=Day 2"], id="recorded since"),
        pytest.param("?as_at_from=2024-03-02&as_at_to=2024-03-02", ["=Day 2"], id="as at"),
        pytest.param("?per_page=1&page=2", ["=Day 2"], id="a page"),
    ],
)
def test_status_updates_across_plans_are_filtered(client, history, make_token, query, expected):
    _first, second = history
    headers = bearer(make_token(make_user(Role.PANEL, person=make_person("Pat Panel"))))
    answer = client.get(f"/api/v1/status-updates{query.format(second=second.id)}", headers=headers)
    assert answer.status_code == 200, answer.get_data(as_text=True)
    assert [item["commentary"] for item in answer.json["items"]] == expected


@pytest.mark.parametrize(
    ("query", "field", "says"),
    [
        ("?plan=east", "plan", "Choose a plan from the list; 'east' is not one of them."),
        ("?action=first", "action", "Give an action by its id, a whole number; 'first' is not."),
        (
            "?recorded_since=yesterday",
            "recorded_since",
            "The recorded-since date 'yesterday' is not a date. Write it as YYYY-MM-DD, for "
            "example 2009-10-31.",
        ),
        (
            "?as_at_from=2024-03-02&as_at_to=2024-03-01",
            "as_at_from",
            "The as-at-from date must be on or before the as-at-to date.",
        ),
    ],
)
def test_a_refused_status_update_filter_is_a_422(client, history, make_token, query, field, says):
    headers = bearer(make_token(make_user(Role.PANEL, person=make_person("Pat Panel"))))
    answer = client.get(f"/api/v1/status-updates{query}", headers=headers)
    assert answer.status_code == 422
    assert answer.json["errors"][0] == {"field": field, "pointer": f"/{field}", "detail": says}


def test_a_lead_lists_only_the_updates_of_their_plans(client, history, make_token):
    first, _second = history
    deb = make_user(Role.LEAD, person=make_person("Deb Johnson"))
    db.session.add(ActionLead(action_id=first.id, person_id=deb.person_id, position=0))
    db.session.commit()
    answer = client.get("/api/v1/status-updates", headers=bearer(make_token(deb)))
    assert {item["plan"] for item in answer.json["items"]} == {"north"}
    refused = client.get("/api/v1/status-updates?plan=south", headers=bearer(make_token(deb)))
    assert refused.status_code == 422


def test_an_actions_updates_come_as_csv_for_power_bi(client, history, make_token):
    first, _second = history
    headers = bearer(make_token(make_user(Role.PANEL, person=make_person("Pat Panel"))))
    answer = client.get(f"/api/v1/actions/{first.id}/status-updates?format=csv", headers=headers)
    assert answer.status_code == 200
    assert answer.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(answer.get_data(as_text=True).lstrip("\ufeff"))))
    assert [row["commentary"] for row in rows] == ["'=Day 3", "'=Day 1"]
    assert [row["as_at"] for row in rows] == ["2024-03-03", "2024-03-01"]
    assert rows[0]["links.action"] == f"/api/v1/actions/{first.id}"
    paged = client.get(f"/api/v1/actions/{first.id}/status-updates?per_page=1", headers=headers)
    assert paged.json["total"] == 2
    assert [item["commentary"] for item in paged.json["items"]] == ["=Day 3"]

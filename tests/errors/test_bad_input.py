"""Bad input is a 4xx with the app's page: ids out of range, control characters, huge requests."""

from __future__ import annotations

import html

import pytest
from flask_wtf import FlaskForm
from sqlalchemy import func, select

from tests.auth.route_world import ADMIN, OWN_LEAD, make_world, routes
from tests.errors.test_write_failures import update_form
from tracker.extensions import db
from tracker.form_fields import TrackerForm
from tracker.models import Action, Person, StatusUpdate
from tracker.web_input import MAX_ID

APP_PAGE = "Improvement Tracker"
PLACEHOLDER = 7654321


@pytest.fixture
def world(app):
    return make_world()


def signed_in(app, sign_in, account):
    client = app.test_client()
    sign_in(client, account)
    return client


@pytest.mark.parametrize(
    "path",
    [
        "/actions/9223372036854775808",
        "/actions/2147483648",
        f"/actions/{MAX_ID + 1}/update",
        "/actions/99999999999999999999999999999",
        "/actions/-1",
    ],
)
def test_ids_beyond_the_id_columns_are_not_found(app, sign_in, world, path):
    response = signed_in(app, sign_in, world.accounts[ADMIN]).get(path)
    assert response.status_code == 404
    assert "Page not found" in response.get_data(as_text=True)


def test_every_route_with_an_id_answers_404_for_an_id_beyond_the_columns(app, sign_in, world):
    admin = signed_in(app, sign_in, world.accounts[ADMIN])
    arguments = {**world.sample_arguments(), "filename": "favicon.svg"}
    surprises = []
    checked = 0
    for endpoint, method, rule in routes(app):
        ids = [name for name, converter in rule._converters.items() if converter.regex == r"\d+"]
        if not ids:
            continue
        for huge in (2**31, 2**63, 2**64):
            values = {name: arguments[name] for name in rule.arguments}
            values.update(dict.fromkeys(ids, PLACEHOLDER))
            with app.test_request_context():
                url = app.url_for(endpoint, **values).replace(str(PLACEHOLDER), str(huge))
            response = admin.open(url, method=method, data={})
            checked += 1
            if response.status_code != 404:
                surprises.append(f"{method} {url}: {response.status_code}")
    assert checked > 60
    assert not surprises, "\n".join(surprises)


def test_a_nul_in_the_sign_in_form_is_refused_on_its_field(client):
    response = client.post(
        "/auth/sign-in", data={"email": "admin\x00@example.org", "password": "x\x00y"}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Email address contains a control character (U+0000) at character 6" in page
    assert "Password contains a control character (U+0000) at character 2" in page
    assert "Enter a correct email address and password" not in page


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("Before\x00after", "Commentary contains a control character (U+0000) at character 7"),
        ("Bell\x07", "Commentary contains a control character (U+0007) at character 5"),
        ("Escape \x1b[2J", "Commentary contains a control character (U+001B) at character 8"),
    ],
)
def test_control_characters_in_commentary_are_refused_and_the_text_kept(
    app, sign_in, world, typed, message
):
    lead = signed_in(app, sign_in, world.accounts[OWN_LEAD])
    version = db.session.get(Action, world.own_action_id).version
    data = update_form(version) | {"commentary": typed, "current_performance": "80%\n\tof teams"}
    response = lead.post(f"/actions/{world.own_action_id}/update", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'<a href="#commentary">{message}: remove it</a>' in page
    assert "80%\n\tof teams</textarea>" in page
    assert db.session.scalar(select(func.count()).select_from(StatusUpdate)) == 2


def test_a_line_break_in_a_one_line_field_becomes_a_space(app, sign_in, world):
    admin = signed_in(app, sign_in, world.accounts[ADMIN])
    response = admin.post(
        "/admin/people/new", data={"name": "Deb\r\nJohnson", "email": "", "active": "y"}
    )
    assert response.status_code == 302
    assert db.session.scalar(select(Person.name).where(Person.name.like("Deb%"))) == "Deb Johnson"


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/plans/ab%00cd", "The web address contains a control character (U+0000) at character 10"),
        ("/actions/1%0a", "The web address contains a line break at character 11"),
        (
            "/reports/{slug}/highlight?month=2011-03%00",
            "The query parameter 'month' contains a control character (U+0000) at character 8",
        ),
        (
            "/reports/{slug}/plan.pdf?as_at=%1b2011-03-30",
            "The query parameter 'as_at' contains a control character (U+001B) at character 1",
        ),
        ("/auth/sign-in?next=/plans/%0d%0aSet-Cookie:x", "The query parameter 'next' contains"),
        ("/admin/audit?ent%00ity=plan", "A query parameter's name contains a control character"),
    ],
)
def test_control_characters_in_the_address_are_a_400_saying_where(
    app, sign_in, world, path, message
):
    response = signed_in(app, sign_in, world.accounts[ADMIN]).get(
        path.format(slug=world.own_plan_slug)
    )
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 400
    assert APP_PAGE in page
    assert message in page


def test_an_oversized_request_is_a_413_with_the_apps_page(app, sign_in, world):
    lead = signed_in(app, sign_in, world.accounts[OWN_LEAD])
    version = db.session.get(Action, world.own_action_id).version
    data = update_form(version) | {"commentary": "y" * (app.config["MAX_CONTENT_LENGTH"] + 1)}
    response = lead.post(f"/actions/{world.own_action_id}/update", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 413
    assert "What you sent is too big" in page
    assert APP_PAGE in page
    assert db.session.scalar(select(func.count()).select_from(StatusUpdate)) == 2


def test_every_form_of_the_app_checks_for_control_characters(app):
    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    ours = [form for form in subclasses(FlaskForm) if form.__module__.startswith("tracker.")]
    assert len(ours) >= 15
    assert [form.__name__ for form in ours if not issubclass(form, TrackerForm)] == []


def test_a_lead_name_longer_than_a_name_can_be_is_refused_on_the_leads_field(app, sign_in, world):
    admin = signed_in(app, sign_in, world.accounts[ADMIN])
    action = db.session.get(Action, world.own_action_id)
    data = {
        "version": str(action.version),
        "ref": "1.01",
        "text": action.text,
        "objective_id": str(action.objective_id),
        "band_id": str(action.band_id),
        "lead_text": "Deb Johnson / " + "z" * 201,
    }
    response = admin.post(f"/admin/plans/{world.own_plan_slug}/actions/{action.id}/edit", data=data)
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 422
    assert "Each lead's name must be 200 characters or fewer" in page
    db.session.rollback()
    assert db.session.get(Action, world.own_action_id).version == action.version

"""The service navigation shows each account the sections its role may use, and how to leave."""

import re

import pytest

from tests.factories import make_action, make_person, make_plan, make_user
from tracker.domain.enums import Role
from tracker.extensions import db


def navigation_of(page: str) -> list[str]:
    navigation = page[page.index('<ul class="govuk-service-navigation__list"') :]
    navigation = navigation[: navigation.index("</ul>")]
    return [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", item)).strip()
        for item in re.findall(r"<li[^>]*>(.*?)</li>", navigation, re.S)
    ]


def page_for(client, sign_in, user, path="/plans/") -> str:
    sign_in(client, user)
    return client.get(path).get_data(as_text=True)


def test_anonymous_visitor_sees_no_navigation(client):
    page = client.get("/auth/sign-in").get_data(as_text=True)
    assert "govuk-service-navigation__list" not in page
    assert "Sign out" not in page


def test_lead_sees_plans_my_actions_their_name_and_sign_out(client, sign_in):
    lead = make_user(Role.LEAD, person=make_person("Deb Johnson"))
    db.session.commit()
    assert navigation_of(page_for(client, sign_in, lead)) == [
        "Plans",
        "My actions",
        "Deb Johnson",
        "Change password",
        "API tokens",
        "Sign out",
    ]


def test_panel_member_has_no_my_actions(client, sign_in):
    panel = make_user(Role.PANEL, person=make_person("Pat Panel"))
    db.session.commit()
    assert navigation_of(page_for(client, sign_in, panel)) == [
        "Plans",
        "Pat Panel",
        "Change password",
        "API tokens",
        "Sign out",
    ]


@pytest.mark.parametrize("leads_an_action", [False, True])
def test_administrator_sees_admin_and_my_actions_only_when_leading_one(
    client, sign_in, leads_an_action
):
    admin = make_user(Role.ADMIN, person=make_person("Ada Administrator"))
    if leads_an_action:
        make_action(make_plan(), leads=[admin.person])
    db.session.commit()
    items = navigation_of(page_for(client, sign_in, admin))
    assert ("My actions" in items) is leads_an_action
    assert "Plans" in items
    assert "Admin" in items


def test_current_section_is_marked(client, sign_in):
    lead = make_user(Role.LEAD)
    db.session.commit()
    page = page_for(client, sign_in, lead, "/actions/mine")
    assert re.search(r'aria-current="true">\s*<strong[^>]*>My actions', page)


def test_names_are_escaped_in_the_navigation(client, sign_in):
    lead = make_user(Role.LEAD, person=make_person("<script>alert(1)</script>"))
    db.session.commit()
    page = page_for(client, sign_in, lead)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


@pytest.mark.parametrize(
    ("role", "home"),
    [(Role.LEAD, "/actions/mine"), (Role.PANEL, "/plans/"), (Role.ADMIN, "/plans/")],
)
def test_front_door_sends_leads_to_their_actions_and_others_to_the_plans(
    client, sign_in, role, home
):
    user = make_user(role)
    db.session.commit()
    sign_in(client, user)
    assert client.get("/").headers["Location"] == home

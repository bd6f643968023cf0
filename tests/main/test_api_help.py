"""The API's documentation page: for signed-in users, linked from the footer, never out of date."""

import re
from pathlib import Path

import tracker.api
from tests.factories import make_user
from tracker.api.spec import OPERATIONS
from tracker.domain.enums import Role

# Every kind of problem the API answers with, each explained at its own anchor on the page.
PROBLEM_KINDS = (
    "no-token",
    "invalid-token",
    "rate-limited",
    "read-only-token",
    "invalid",
    "stale-version",
    "precondition-required",
    "no-indicators",
)


def test_the_api_page_is_for_signed_in_users(client):
    answer = client.get("/help/api")
    assert answer.status_code == 302
    assert answer.headers["Location"].startswith("/auth/sign-in?next=")


def test_the_footer_links_to_the_api_page_once_signed_in(client, sign_in):
    assert "/help/api" not in client.get("/auth/sign-in").get_data(as_text=True)
    sign_in(client, make_user(Role.LEAD))
    page = client.get("/help").get_data(as_text=True)
    assert '<a class="govuk-footer__link" href="/help/api">API</a>' in page


def test_the_api_page_lists_every_registered_operation(client, sign_in):
    sign_in(client, make_user(Role.PANEL))
    page = client.get("/help/api").get_data(as_text=True)
    rows = re.findall(
        r'<td class="govuk-table__cell">(\w+)</td>\s*'
        r'<td class="govuk-table__cell"><code>([^<]+)</code></td>\s*'
        r'<td class="govuk-table__cell">([^<]+)</td>',
        page,
    )
    assert sorted(rows) == sorted(
        (found.method, found.path, found.summary.replace("'", "&#39;")) for found in OPERATIONS
    )
    assert 'href="/api/v1/openapi.json"' in page


def test_the_api_page_explains_every_kind_of_problem_at_its_anchor(client, sign_in):
    sign_in(client, make_user(Role.LEAD))
    page = client.get("/help/api").get_data(as_text=True)
    missing = [kind for kind in PROBLEM_KINDS if f'id="problem-{kind}"' not in page]
    assert not missing


def test_every_problem_kind_the_api_names_is_explained(client, sign_in):
    sign_in(client, make_user(Role.LEAD))
    page = client.get("/help/api").get_data(as_text=True)
    explained = set(re.findall(r'id="problem-([a-z-]+)"', page))
    named = set()
    for module in Path(tracker.api.__file__).parent.glob("*.py"):
        named |= set(re.findall(r'kind="([a-z-]+)"', module.read_text()))
    assert named, "the API should name kinds of problem"
    unexplained = sorted(named - explained)
    assert not unexplained, f"explain {unexplained} on templates/main/api_help.html"

"""A lead updates an action in a real Chromium; axe-core finds nothing to fix on the way."""

from __future__ import annotations

import json
import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from tests.conftest import make_config
from tests.factories import PASSWORD, add_update, make_action, make_person, make_plan, make_user
from tracker import clock
from tracker.domain.enums import Rag, Role
from tracker.extensions import db

CHROMIUM = Path("/usr/bin/chromium")
STATIC = Path(__file__).resolve().parents[2] / "tracker" / "static"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

sync_api = pytest.importorskip(
    "playwright.sync_api", reason="the playwright package is not installed"
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists() and shutil.which("chromium") is None,
        reason="Debian's chromium is not installed",
    ),
    pytest.mark.skipif(
        not (STATIC / "axe.min.js").exists() or not (STATIC / "tracker.css").exists(),
        reason="front-end assets are not built (make assets)",
    ),
]


@pytest.fixture
def app_config(database_url):
    return make_config(database_url, WTF_CSRF_ENABLED=True, SESSION_COOKIE_SECURE=False)


def _read_whole(app):
    """Wrap a WSGI app so that each response is read and closed before it is sent."""

    def whole_response(environ, start_response):
        # The development server skips closing a response whose client hung up while it was
        # draining the request (a browser closing a page as the favicon loads), leaving the
        # file open for the garbage collector to warn about in a later test.
        body = app(environ, start_response)
        try:
            return [b"".join(body)]
        finally:
            if hasattr(body, "close"):
                body.close()

    return whole_response


@pytest.fixture
def live_server(app):
    """Serve the app on a free port of 127.0.0.1 from a background thread."""
    server = make_server("127.0.0.1", 0, _read_whole(app), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()


@pytest.fixture
def browser():
    with sync_api.sync_playwright() as playwright:
        executable = CHROMIUM if CHROMIUM.exists() else Path(shutil.which("chromium"))
        browser = playwright.chromium.launch(executable_path=str(executable), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def lead_action(app):
    """Return the lead's email and the action they lead, with one earlier update."""
    lead = make_user(Role.LEAD, person=make_person("Warren Carratt"), email="warren@example.org")
    plan = make_plan(title="Notice to Improve Action Plan")
    action = make_action(
        plan,
        ref="1.02",
        text="Implement an improved quality assurance framework",
        leads=[lead.person],
        target_date=clock.today().replace(day=1),
    )
    add_update(action, as_at=clock.today().replace(day=1), rag=Rag.AMBER, commentary="Started")
    db.session.commit()
    action_id = action.id
    # The server's threads write to the same database: hold no transaction open meanwhile.
    db.session.close()
    return "warren@example.org", action_id


class Pages:
    """Drive one browser context and check each page it reaches."""

    def __init__(self, context, base_url: str):
        self.page = context.new_page()
        self.base_url = base_url
        self.csp_reports: list[str] = []
        self.page.on(
            "console",
            lambda message: (
                self.csp_reports.append(message.text)
                if "Content Security Policy" in message.text
                else None
            ),
        )

    def open(self, path: str) -> None:
        self.page.goto(self.base_url + path)

    def sign_in(self, email: str) -> None:
        self.open("/")
        self.page.get_by_label("Email address").fill(email)
        self.page.get_by_label("Password", exact=True).fill(PASSWORD)
        self.follow(self.page.get_by_role("button", name="Sign in"))

    def follow(self, target) -> None:
        """Click a link or button and wait for the page it leads to, as a reader would."""
        # A click returns once dispatched; what is read next must be the next page, however
        # slowly the server answers.
        with self.page.expect_navigation():
            target.click()

    def accessibility_violations(self) -> list[dict]:
        """Run axe-core, loaded from the site itself so the CSP allows it, on the current page."""
        self.page.add_script_tag(url="/static/axe.min.js")
        violations = self.page.evaluate("async () => (await axe.run(document)).violations")
        return [
            {
                "page": self.page.url,
                "rule": violation["id"],
                "help": violation["help"],
                "nodes": [node["target"] for node in violation["nodes"]],
            }
            for violation in violations
        ]


def fill_update(page, *, rag: str, commentary: str) -> None:
    page.get_by_role("group", name="RAG rating").get_by_label(rag, exact=True).check()
    page.get_by_label("Commentary").fill(commentary)


def test_lead_signs_in_updates_an_action_and_sees_it_at_the_top_of_its_history(
    live_server, browser, lead_action
):
    email, action_id = lead_action
    pages = Pages(browser.new_context(), live_server)
    problems: list[dict] = []

    pages.open("/auth/sign-in")
    problems += pages.accessibility_violations()
    pages.sign_in(email)
    assert pages.page.url == f"{live_server}/actions/mine"
    assert pages.page.get_by_role("heading", name="My actions").is_visible()
    problems += pages.accessibility_violations()

    pages.follow(pages.page.get_by_role("link", name="Update action 1.02"))
    assert pages.page.get_by_role("heading", name="Update this action").is_visible()
    problems += pages.accessibility_violations()

    fill_update(pages.page, rag="Red", commentary="")
    pages.follow(pages.page.get_by_role("button", name="Save update"))
    summary = pages.page.locator(".govuk-error-summary")
    assert "Enter commentary saying why the action is now rated Red" in summary.inner_text()
    problems += pages.accessibility_violations()

    pages.page.get_by_label("Commentary").fill("Two audits slipped to next month.")
    pages.follow(pages.page.get_by_role("button", name="Save update"))
    assert pages.page.url == f"{live_server}/actions/{action_id}?saved=1"
    assert "has been recorded" in pages.page.locator(".govuk-notification-banner").inner_text()
    newest = pages.page.locator(".tracker-history__entry").first
    assert "Two audits slipped to next month." in newest.inner_text()
    assert "Warren Carratt" in newest.inner_text()
    problems += pages.accessibility_violations()

    assert not problems, json.dumps(problems, indent=2)
    assert not pages.csp_reports


def test_second_browser_gets_409_sees_the_other_update_and_submits_on_top(
    live_server, browser, lead_action
):
    email, action_id = lead_action
    first = Pages(browser.new_context(), live_server)
    second = Pages(browser.new_context(), live_server)
    for pages in (first, second):
        pages.sign_in(email)
        pages.open(f"/actions/{action_id}/update")

    fill_update(first.page, rag="Green", commentary="First browser: all teams audit.")
    first.follow(first.page.get_by_role("button", name="Save update"))
    assert first.page.url == f"{live_server}/actions/{action_id}?saved=1"

    fill_update(second.page, rag="Amber", commentary="Second browser: most teams audit.")
    with second.page.expect_response(lambda response: response.request.method == "POST") as posted:
        second.page.get_by_role("button", name="Save update").click()
    assert posted.value.status == 409
    second.page.wait_for_load_state()
    aside = second.page.get_by_role("complementary")
    assert "First browser: all teams audit." in aside.inner_text()
    assert second.page.get_by_label("Commentary").input_value() == (
        "Second browser: most teams audit."
    )
    problems = second.accessibility_violations()

    second.follow(second.page.get_by_role("button", name="Submit my update on top"))
    assert second.page.url == f"{live_server}/actions/{action_id}?saved=1"
    entries = second.page.locator(".tracker-history__entry")
    assert "Second browser: most teams audit." in entries.nth(0).inner_text()
    assert "First browser: all teams audit." in entries.nth(1).inner_text()
    assert not problems, json.dumps(problems, indent=2)

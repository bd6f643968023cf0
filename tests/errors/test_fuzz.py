"""Hostile values in every form field and query parameter, as every persona: never a 5xx.

Each route of the URL map is called as each persona with values Hypothesis draws from the red
team's corpus (markup, ReportLab tags, formulas, CR/LF, NUL, RTL overrides, 1 MB strings, huge
and negative numbers, impossible dates) in place of what the page's own form would send. Then
no text column may hold a control character, and every report of the plan must still build.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import JSON, String, Text, select

from tests.auth.route_world import ADMIN, ANONYMOUS, PERSONAS, make_world, routes, url_for_rule
from tests.errors.page_forms import post_forms
from tracker.extensions import db
from tracker.models import User

# The routes are fuzzed in this many parts, each on a world of its own, so that parallel test
# workers can share them.
FUZZ_PARTS = 8
# Examples per route for the administrator, who reaches every form; others meet the same checks.
ADMIN_EXAMPLES = 12
OTHER_EXAMPLES = 3
# The red team's 1 MB strings: every text field refuses what is over its limit, and the reports
# lay out whatever fits within the limits.
LONGEST = 1024 * 1024
SOURCE = Path(__file__).resolve().parents[2] / "tracker"

HOSTILE_TEXT = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "<para>unclosed <b>bold",
    '<font name="Nonexistent" size="400">huge</font>',
    "<br/><br/><br/>&nbsp;&amp;&#0;",
    "=cmd|'/c calc'!A0",
    "+SUM(A1:A9)",
    "@SUM(1)",
    "-2+3",
    "first line\r\nsecond line\rthird\nfourth",
    "tab\there",
    "nul\x00byte",
    "\x00",
    "escape \x1b[2J bell \x07 delete \x7f next-line \x85",
    "\u202eevil.exe\u202c",
    "\u200b\ufeff\u2028\u2029",
    "' OR 1=1 --",
    "../../etc/passwd",
    "%00%0d%0a",
    "𝕌𝕟𝕚𝕔𝕠𝕕𝕖 ☃ 日本語 עברית",
    " ",
    "",
    "x" * LONGEST,
    "word " * (LONGEST // 5),
]
HOSTILE_NUMBERS = [
    "0",
    "-1",
    "-2147483649",
    "2147483648",
    "9223372036854775808",
    "99999999999999999999999999999999",
    "1e308",
    "NaN",
    "3.5",
    "0x10",
    "١٢",
]
IMPOSSIBLE_DATES = [
    ["31", "2", "2020"],
    ["29", "2", "2019"],
    ["0", "0", "0"],
    ["32", "13", "2011"],
    ["1", "1", "99999999999"],
    ["-1", "-1", "-1"],
    ["1", "1", "1"],
    ["31", "12", "9999"],
]
# Sent into every field of a form at once, so that each reaches every field at least once.
SWEEP = [
    "nul\x00byte",
    "line\r\nbreak",
    "escape \x1b[2J \x85",
    "\u202eevil.exe",
    "<para>unclosed <b>bold",
    "=cmd|'/c calc'!A0",
    "99999999999999999999999999999999",
    "-2147483649",
    "word " * (LONGEST // 5),
    "y" * LONGEST,
]
# Sent into one field at a time, the others as the page has them, so that the form is valid
# but for that field.
ONE_FIELD_SWEEP = ["nul\x00byte", "z" * LONGEST, "99999999999999999999999999999999"]
KEPT = ("csrf_token", "version")
QUERY_VALUES = [*HOSTILE_TEXT[:-1], *HOSTILE_NUMBERS, "2011-02-31", "2011-13", "0001-01", "9999-12"]
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
REPORTS = [
    "/reports/{slug}/",
    "/reports/{slug}/highlight",
    "/reports/{slug}/highlight.pdf",
    "/reports/{slug}/highlight.json",
    "/reports/{slug}/plan.pdf",
    "/reports/{slug}/exceptions",
    "/reports/{slug}/exceptions.pdf",
]

text_values = st.one_of(
    st.sampled_from(HOSTILE_TEXT),
    st.sampled_from(HOSTILE_NUMBERS),
    st.text(max_size=40),
    st.builds(
        lambda left, right: left + right,
        st.sampled_from(HOSTILE_TEXT[:-1]),
        st.text(alphabet=st.characters(max_codepoint=0x2FF), max_size=20),
    ),
)


def query_names() -> list[str]:
    """Return every query parameter the app reads, found in its source."""
    names = set()
    for path in SOURCE.rglob("*.py"):
        names.update(re.findall(r"request\.args\.get\(\s*\"(\w+)\"", path.read_text()))
    return sorted(names)


def value_for(boxes: int):
    """Draw a hostile replacement for a field: three boxes for a date, one value otherwise."""
    if boxes == 3:
        return st.one_of(
            st.sampled_from(IMPOSSIBLE_DATES),
            st.lists(st.sampled_from(HOSTILE_NUMBERS + HOSTILE_TEXT[:-1]), min_size=3, max_size=3),
        )
    return text_values.map(lambda value: [value])


class Caller:
    """Call routes as the personas, each time from a fresh sign-in."""

    def __init__(self, app, sign_in, world):
        self.app, self.sign_in, self.world = app, sign_in, world

    def client(self, persona: str):
        client = self.app.test_client()
        account = self.world.accounts[persona]
        if account is not None:
            # Signing out ends an account's sessions: sign in again at its current version.
            db.session.rollback()
            self.sign_in(client, db.session.get(User, account.id, populate_existing=True))
        return client

    def kept(self, url: str) -> tuple[str, ...]:
        """Return the fields sent as the page has them: a new short name would hide the plan."""
        if url == f"/admin/plans/{self.world.own_plan_slug}/edit":
            return (*KEPT, "slug")
        return KEPT

    def page_forms(self, path: str, persona: str) -> dict[str, dict[str, list[str]]]:
        """Return the post forms of a page as the persona sees it."""
        response = self.client(persona).get(path)
        if response.mimetype != "text/html":
            return {}  # a download (an export, a document) has no forms
        return post_forms(path, response.get_data(as_text=True))


Source = tuple[str, str]


def form_of(caller: Caller, source: Source | None, url: str) -> dict[str, list[str]]:
    """Return what the form posting to the url sends as its page shows it now."""
    fields = caller.page_forms(*source).get(url, {}) if source else {}
    return {"version": ["1"], **fields}


def form_sources(app, caller: Caller, world) -> dict[str, Source]:
    """Return, for each address a form posts to, a page that has that form and who sees it."""
    sources: dict[str, Source] = {}
    for persona in (ADMIN, ANONYMOUS):
        for endpoint, _, rule in routes(app, methods=("GET",)):
            if endpoint == "static" or endpoint.startswith("reports."):
                continue
            url = url_for_rule(app, world, endpoint, rule)
            for action in caller.page_forms(url, persona):
                sources.setdefault(action, (url, persona))
    return sources


def stored_control_characters() -> list[str]:
    """Return every text value in the database that holds a control character."""
    found = []
    db.session.rollback()
    for table in db.metadata.sorted_tables:
        columns = [
            column
            for column in table.columns
            if isinstance(column.type, String | Text) and not isinstance(column.type, JSON)
        ]
        if not columns:
            continue
        for row in db.session.execute(select(*columns)):
            for column, value in zip(columns, row, strict=True):
                if isinstance(value, str) and CONTROL.search(value):
                    found.append(f"{table.name}.{column.name}: {value[:80]!r}")
    return found


def fuzz(caller: Caller, url: str, method: str, persona: str, *, sources, names) -> None:
    """Call one route as one persona with drawn values; fail on any 5xx."""
    source = sources.get(url)
    kept = caller.kept(url)
    shapes = {
        name: len(values)
        for name, values in form_of(caller, source, url).items()
        if name not in kept
    }
    sweep(caller, url, method, persona, source=source, names=names)

    @settings(
        max_examples=ADMIN_EXAMPLES if persona == ADMIN else OTHER_EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(data=st.data())
    def call(data):  # type: ignore[no-untyped-def]
        if method == "GET":
            sent = {
                name: data.draw(st.sampled_from(QUERY_VALUES) | st.text(max_size=20), label=name)
                for name in names
                if data.draw(st.booleans(), label=f"send {name}")
            }
            response = caller.client(persona).get(url, query_string=sent)
        else:
            # Drawn before the page is read again, so that what is drawn never depends on it.
            drawn = {
                name: data.draw(value_for(shape), label=name)
                for name, shape in sorted(shapes.items())
                if data.draw(st.booleans(), label=f"change {name}")
            }
            sent = form_of(caller, source, url) | drawn
            response = caller.client(persona).post(url, data=sent)
        check(response, method, url, persona, sent)

    call()


def sweep(caller: Caller, url: str, method: str, persona: str, *, source, names) -> None:
    """Send each sweep value into every field or query parameter the persona can reach."""
    page = (source[0] if source else None) if method == "POST" else url
    kept = caller.kept(url)
    if page is None or caller.client(persona).get(page).status_code != 200:
        return
    for index, value in enumerate(SWEEP):
        if method == "GET":
            if len(value) < LONGEST:
                sent = dict.fromkeys(names, value)
                check(
                    caller.client(persona).get(url, query_string=sent), method, url, persona, sent
                )
            continue
        date = [value] * 3 if index % 2 else IMPOSSIBLE_DATES[index % len(IMPOSSIBLE_DATES)]
        current = form_of(caller, source, url)
        sent = {
            name: values
            if name in ("csrf_token", "version")
            else date
            if len(values) == 3
            else value
            for name, values in current.items()
        }
        check(caller.client(persona).post(url, data=sent), method, url, persona, sent)
    if method == "POST":
        for name in sorted(set(form_of(caller, source, url)) - set(kept)):
            for value in ONE_FIELD_SWEEP:
                current = form_of(caller, source, url)
                sent = current | {name: [value] * len(current.get(name, [""]))}
                check(caller.client(persona).post(url, data=sent), method, url, persona, sent)


def check(response, method: str, url: str, persona: str, sent: dict) -> None:
    """Fail on a 5xx, saying what was sent."""
    status = response.status_code
    response.close()
    assert status < 500, f"{method} {url} as {persona}: {status} for {shorten(sent)}"


def shorten(sent: dict) -> dict:
    """Return what was sent with long values cut, for a readable failure."""
    return {
        name: [part[:60] for part in value] if isinstance(value, list) else value[:60]
        for name, value in sent.items()
    }


@pytest.mark.parametrize(
    "part",
    [pytest.param(part, id=f"routes {part + 1} of {FUZZ_PARTS}") for part in range(FUZZ_PARTS)],
)
def test_hostile_values_in_every_form_and_query_never_give_a_5xx(app, sign_in, part: int):
    world = make_world()
    caller = Caller(app, sign_in, world)
    sources = form_sources(app, caller, world)
    names = query_names()
    failures: list[str] = []

    for endpoint, method, rule in routes(app)[part::FUZZ_PARTS]:
        if endpoint == "static":
            continue
        url = url_for_rule(app, world, endpoint, rule)
        for persona in PERSONAS:
            try:
                fuzz(caller, url, method, persona, sources=sources, names=names)
            except AssertionError as failure:
                failures.append(str(failure).splitlines()[0])
            except Exception as failure:
                failures.append(f"{method} {url} as {persona}: raised {failure!r:.300}")

    for action_url in ("/admin/plans/{slug}/restore",):
        caller.client(ADMIN).post(action_url.format(slug=world.own_plan_slug))
    stored = stored_control_characters()
    reports = []
    for report in REPORTS:
        url = report.format(slug=world.own_plan_slug)
        try:
            status = caller.client(ADMIN).get(url).status_code
        except Exception as failure:
            status = f"raised {failure!r:.200}"
        if status != 200:
            reports.append(f"{url}: {status}")
    assert not failures, "\n".join(failures)
    assert not stored, "\n".join(stored)
    assert not reports, "\n".join(reports)

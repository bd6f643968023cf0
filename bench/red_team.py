"""Replay the red team's HTTP cases against a running server: python -m bench.red_team URL."""

# Run it against gunicorn serving the demo seed (`flask --app wsgi seed demo`) with
# TRACKER_PROXIES=1, on a throwaway database: it records status updates, fails sign-ins from
# made-up addresses in 192.0.2.0/24 and 198.51.100.0/24, and deactivates a lead for a moment.
# It talks over HTTP only, as a browser would (CSRF tokens read from the forms), to a loopback
# address only, with bounded loops. Run it once per database: each run leaves ten failed
# sign-ins on the panel account, so a second run within a day meets the per-account limit.
# Each case prints what it saw and whether that is what the hardened app should do; the exit
# status is the number of cases that were not.

from __future__ import annotations

import argparse
import http.cookiejar
import io
import re
import secrets
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from html.parser import HTMLParser

from pypdf import PdfReader

DEMO_PASSWORD = "improve-2026"
ADMIN = "admin@example.org"
PANEL = "panel@example.org"
LEAD = "deb.johnson@example.org"
PLAN = "rmbc-notice-to-improve"
REPORTS = ("highlight.pdf", "plan.pdf", "exceptions.pdf", "highlight.json", "highlight")
SIGN_IN_FAILED = "Enter a correct email address and password"
BURST = 40
FREE_FAILURES = 10


@dataclass
class Form:
    """One form of a page: where it posts and the values a browser would send."""

    action: str
    fields: list[tuple[str, str]]


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._textarea: list[str] | None = None
        self._select: list[str | None] | None = None

    def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
        found = {name: value or "" for name, value in attrs}
        if tag == "form":
            self.forms.append(Form(found.get("action", ""), []))
        elif not self.forms:
            return
        elif tag == "input" and found.get("name"):
            kind = found.get("type", "text")
            if kind in {"submit", "button", "file"}:
                return
            if kind in {"radio", "checkbox"} and "checked" not in found:
                return
            self.forms[-1].fields.append((found["name"], found.get("value", "")))
        elif tag == "textarea":
            self._textarea = [found.get("name", ""), ""]
        elif tag == "select":
            self._select = [found.get("name", ""), None]
        elif (
            tag == "option"
            and self._select is not None
            and (self._select[1] is None or "selected" in found)
        ):
            self._select[1] = found.get("value", "")

    def handle_data(self, data):  # type: ignore[no-untyped-def]
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):  # type: ignore[no-untyped-def]
        if tag == "textarea" and self._textarea is not None:
            name, value = self._textarea
            self.forms[-1].fields.append((name, value.lstrip("\n")))
            self._textarea = None
        elif tag == "select" and self._select is not None:
            self.forms[-1].fields.append((self._select[0] or "", self._select[1] or ""))
            self._select = None


@dataclass
class Reply:
    """A response as received, with the seconds it took."""

    status: int
    headers: dict[str, str]
    body: bytes
    url: str
    seconds: float

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    def form(self, containing: str) -> Form:
        parser = _FormParser()
        parser.feed(self.text)
        return next(
            form
            for form in parser.forms
            if containing in form.action or any(name == containing for name, _ in form.fields)
        )


class _KeepRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


class Browser:
    """A client with its own cookies, arriving through the proxy from one address."""

    def __init__(self, base_url: str, address: str) -> None:
        self.base_url = base_url.rstrip("/")
        self.address = address
        self._opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _KeepRedirects
        )

    def request(self, method: str, path: str, data: bytes | None = None) -> Reply:
        url = urllib.parse.urljoin(self.base_url + "/", path)
        headers = {"X-Forwarded-For": self.address}
        if data is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        try:
            with self._opener.open(
                urllib.request.Request(url, data=data, method=method, headers=headers), timeout=120
            ) as response:
                status, found, body = response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            status, found, body = error.code, error.headers, error.read()
        return Reply(status, dict(found.items()), body, url, time.perf_counter() - started)

    def get(self, path: str) -> Reply:
        return self.request("GET", path)

    def post(self, page: Reply, containing: str, changes: dict[str, str | list[str]]) -> Reply:
        """Submit a form of the page as a browser would, with some fields changed."""
        form = page.form(containing)
        fields = [(name, value) for name, value in form.fields if name not in changes]
        for name, value in changes.items():
            fields += [(name, item) for item in ([value] if isinstance(value, str) else value)]
        data = urllib.parse.urlencode(fields).encode()
        return self.request("POST", urllib.parse.urljoin(page.url, form.action or page.url), data)

    def sign_in(self, email: str, password: str = DEMO_PASSWORD) -> Reply:
        page = self.get("/auth/sign-in")
        return self.post(page, "password", {"email": email, "password": password})


class Findings:
    """Print each observation and count those that are not what the app should do."""

    def __init__(self) -> None:
        self.failures = 0

    def check(self, ok: bool, what: str) -> None:
        self.failures += not ok
        print(f"  [{'ok' if ok else 'FAIL'}] {what}")


def long_commentary_then_every_report(base: str, found: Findings) -> None:
    """A lead records commentary of 3,000 characters, 10,000 without spaces and 200 lines."""
    print("Long commentary, then every report")
    lead = Browser(base, "192.0.2.200")
    lead.sign_in(LEAD)
    mine = sorted(
        {int(n) for n in re.findall(r"/actions/(\d+)/update", lead.get("/actions/mine").text)}
    )
    prose = "The east team recruited four permanent social workers and audits show progress. "
    texts = [
        (prose * 40)[:3000],
        "x" * 10_000,
        "\n".join(f"Line {number}: progress noted." for number in range(1, 201)),
    ]
    for action_id, text in zip(mine, texts, strict=False):
        page = lead.get(f"/actions/{action_id}/update")
        reply = lead.post(
            page,
            "commentary",
            {
                "commentary": text,
                "rag": "red",
                "completion": "not_completed",
                "completed_on": ["", "", ""],
                "direction": "declining",
            },
        )
        found.check(
            reply.status == 302, f"action {action_id}: {len(text):,} characters → {reply.status}"
        )
    too_long = lead.post(
        lead.get(f"/actions/{mine[0]}/update"), "commentary", {"commentary": "y" * 10_001}
    )
    found.check(
        too_long.status < 500 and "10,000 characters or fewer" in too_long.text,
        f"10,001 characters → {too_long.status} with the limit named and the text kept: "
        f"{'y' * 10_001 in too_long.text}",
    )
    for email in (ADMIN, PANEL, LEAD):
        reader = Browser(base, "192.0.2.201")
        reader.sign_in(email)
        for report in REPORTS:
            reply = reader.get(f"/reports/{PLAN}/{report}")
            pages = ""
            if report.endswith(".pdf") and reply.status == 200:
                pdf = PdfReader(io.BytesIO(reply.body))
                text = "".join(page.extract_text() or "" for page in pdf.pages)
                unbroken = sum(len(run) for run in re.findall("x{3,}", text))
                pages = f", {len(pdf.pages)} pages, 'Line 200' {'Line 200' in text}, x {unbroken:,}"
            found.check(
                reply.status == 200 and reply.headers.get("Cache-Control") == "no-store",
                f"{email} {report}: {reply.status} in {reply.seconds:.2f} s{pages}",
            )


def sign_in_limits(base: str, found: Findings) -> None:
    """Made-up emails do not lock the administrator out; a burst meets the limit exactly."""
    print("Sign-in limits (the server must run with TRACKER_PROXIES=1)")
    office = f"198.51.100.{secrets.randbelow(200) + 1}"
    for number in range(FREE_FAILURES):
        Browser(base, office).sign_in(f"nobody{number}.{secrets.token_hex(3)}@made-up.example", "x")
    admin = Browser(base, office).sign_in(ADMIN)
    found.check(
        admin.status == 302, f"10 made-up emails from {office}, then the admin → {admin.status}"
    )

    address = f"192.0.2.{secrets.randbelow(150) + 1}"
    account = PANEL
    browsers = [Browser(base, address) for _ in range(BURST)]
    pages = [browser.get("/auth/sign-in") for browser in browsers]
    barrier = threading.Barrier(BURST)

    def attempt(index: int) -> Reply:
        changes = {"email": account, "password": f"guess-{secrets.token_hex(4)}"}
        form = pages[index].form("password")
        fields = [(name, value) for name, value in form.fields if name not in changes]
        data = urllib.parse.urlencode([*fields, *changes.items()]).encode()
        barrier.wait()
        return browsers[index].request("POST", "/auth/sign-in", data)

    started = time.perf_counter()
    with ThreadPoolExecutor(BURST) as pool:
        replies = list(pool.map(attempt, range(BURST)))
    seconds = time.perf_counter() - started
    checked = sum(reply.status == 200 and SIGN_IN_FAILED in reply.text for reply in replies)
    refused = sum(reply.status == 429 for reply in replies)
    found.check(
        checked == FREE_FAILURES and refused == BURST - FREE_FAILURES,
        f"{BURST} concurrent wrong passwords for {account}: {checked} checked, {refused} refused "
        f"(429), in {seconds:.2f} s",
    )
    owner = Browser(base, "100.64.0.9").sign_in(account)
    found.check(owner.status == 302, f"the owner from another address → {owner.status}")


def reset_link_after_deactivation(base: str, found: Findings) -> None:
    """A reset link issued before a deactivation stays dead after the reactivation."""
    print("Reset link across deactivation")
    admin = Browser(base, "192.0.2.202")
    admin.sign_in(ADMIN)
    ids = sorted(
        {int(n) for n in re.findall(r"/admin/accounts/(\d+)", admin.get("/admin/accounts").text)}
    )
    candidate = next(n for n in ids if LEAD in admin.get(f"/admin/accounts/{n}").text)
    page = admin.get(f"/admin/accounts/{candidate}")
    issued = admin.post(page, f"/accounts/{candidate}/reset-password", {})
    link = re.search(r"/auth/reset-password/[A-Za-z0-9._~-]+", issued.text)
    if link is None:
        found.check(False, f"no reset link shown ({issued.status})")
        return
    anyone = Browser(base, "192.0.2.203")
    found.check(anyone.get(link.group(0)).status == 200, "the fresh link opens")
    admin.post(admin.get(f"/admin/accounts/{candidate}"), f"/accounts/{candidate}/deactivate", {})
    admin.post(admin.get(f"/admin/accounts/{candidate}"), f"/accounts/{candidate}/reactivate", {})
    after = anyone.get(link.group(0)).status
    found.check(after == 404, f"after deactivating and reactivating the account → {after}")
    lead = Browser(base, "192.0.2.204").sign_in(LEAD)
    found.check(lead.status == 302, f"the lead signs in again with their password → {lead.status}")


def health(base: str, found: Findings) -> None:
    """The health checks answer without signing in and are not cached."""
    print("Health checks")
    anyone = Browser(base, "192.0.2.205")
    for path in ("/health/live", "/health/ready"):
        reply = anyone.get(path)
        found.check(
            reply.status == 200 and reply.headers.get("Cache-Control") == "no-store",
            f"{path} → {reply.status} {reply.text.strip()}",
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("url", help="the server's loopback address, e.g. http://127.0.0.1:8000")
    base = parser.parse_args().url
    if urllib.parse.urlsplit(base).hostname not in {"127.0.0.1", "localhost", "::1"}:
        raise SystemExit("Run this against a server on a loopback address only.")
    found = Findings()
    for case in (
        long_commentary_then_every_report,
        sign_in_limits,
        reset_link_after_deactivation,
        health,
    ):
        case(base, found)
    print(f"{found.failures} finding(s) not as expected")
    sys.exit(min(found.failures, 100))


if __name__ == "__main__":
    main()

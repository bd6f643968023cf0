"""A lead gives evidence files with an update on a phone, and a reader downloads them."""

from __future__ import annotations

import json

import pytest

from tests.actions.test_lead_journey_in_browser import (  # noqa: F401  (fixtures by name)
    Pages,
    browser,
    lead_action,
    live_server,
    pytestmark,
)
from tests.conftest import make_config
from tests.evidence_samples import PDF_BYTES, PNG_BYTES, SVG_BYTES


@pytest.fixture
def app_config(database_url, tmp_path):
    return make_config(
        database_url,
        WTF_CSRF_ENABLED=True,
        SESSION_COOKIE_SECURE=False,
        EVIDENCE_FOLDER=str(tmp_path / "evidence"),
    )


def fits(pages: Pages, width: int) -> int:
    return max(0, pages.page.evaluate("document.documentElement.scrollWidth") - width)


@pytest.mark.parametrize("width", [390, 320])
def test_a_lead_uploads_evidence_on_a_phone_is_told_of_a_hostile_file_and_a_reader_downloads(
    live_server,  # noqa: F811
    browser,  # noqa: F811
    lead_action,  # noqa: F811
    width,
):
    email, action_id = lead_action
    pages = Pages(browser.new_context(viewport={"width": width, "height": 844}), live_server)
    problems: list[dict] = []
    too_wide: dict[str, int] = {}

    def check(name: str) -> None:
        if overflow := fits(pages, width):
            too_wide[name] = overflow
        problems.extend(pages.accessibility_violations())

    pages.sign_in(email)
    pages.open(f"/actions/{action_id}/update")
    check("update form")
    page = pages.page
    page.get_by_role("group", name="RAG rating").get_by_label("Green", exact=True).check()
    page.get_by_label("Commentary").fill("All teams now audit monthly.")
    page.get_by_label("Evidence note (optional)").fill("Audit report to the Safeguarding Board")
    page.get_by_label("Evidence links (optional)").fill(
        "Board minutes https://example.gov.uk/minutes"
    )
    files = page.get_by_label("Evidence files (optional)")
    files.set_input_files(
        [
            {"name": "report.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES},
            {"name": "chart.svg", "mimeType": "image/svg+xml", "buffer": SVG_BYTES},
        ]
    )
    pages.follow(page.get_by_role("button", name="Save update"))
    summary = page.locator(".govuk-error-summary")
    assert "chart.svg is not a file the tracker accepts" in summary.inner_text()
    assert page.get_by_label("Commentary").input_value() == "All teams now audit monthly."
    assert page.get_by_label("Evidence note (optional)").input_value() == (
        "Audit report to the Safeguarding Board"
    )
    check("refused evidence")
    # The error summary's link takes the keyboard to the file chooser.
    summary.get_by_role("link", name="chart.svg is not a file the tracker accepts").click()
    assert page.evaluate("document.activeElement.id") == "evidence_files"

    page.get_by_label("Evidence files (optional)").set_input_files(
        [
            {"name": "report.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES},
            {"name": "chart.png", "mimeType": "image/png", "buffer": PNG_BYTES},
        ]
    )
    pages.follow(page.get_by_role("button", name="Save update"))
    assert page.url == f"{live_server}/actions/{action_id}?saved=1"
    newest = page.locator(".tracker-history__entry").first
    assert "Audit report to the Safeguarding Board" in newest.inner_text()
    assert newest.get_by_role("link", name="Board minutes").get_attribute("href") == (
        "https://example.gov.uk/minutes"
    )
    check("action page with evidence")

    with page.expect_download() as downloading:
        newest.get_by_role("link", name="report.pdf").click()
    download = downloading.value
    assert download.suggested_filename == "report.pdf"
    with open(download.path(), "rb") as kept:
        assert kept.read() == PDF_BYTES

    assert not too_wide, too_wide
    assert not problems, json.dumps(problems, indent=2)
    assert not pages.csp_reports

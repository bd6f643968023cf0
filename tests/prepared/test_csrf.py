"""With CSRF protection on, as in production, trying a document again needs the form's token."""

import re

import pytest

from tests.conftest import make_config
from tracker.prepared import builder


@pytest.fixture
def app_config(database_url):
    """Build the app with CSRF on, preparing aside any document of more than 3 rows."""
    return make_config(
        database_url,
        WTF_CSRF_ENABLED=True,
        PREPARED_DOCUMENT_THRESHOLD=3,
        PREPARED_DOCUMENT_WORKERS=0,
    )


def test_trying_again_needs_the_token_of_the_page_that_offers_it(as_panel):
    address = as_panel.get("/plans/big/export?format=csv&layout=council").headers["Location"]
    token = address.removeprefix("/prepared/")
    builder.build(token)

    assert as_panel.post(f"{address}/again").status_code == 400
    page = as_panel.get(address).text
    form_token = re.search(r'name="csrf_token" value="([^"]+)"', page)[1]
    assert as_panel.post(f"{address}/again", data={"csrf_token": form_token}).status_code == 303
    assert "Preparing the plan&#39;s export as a CSV file" in as_panel.get(address).text

"""In the web process a builder thread prepares the document with no test driving it."""

import time

import pytest
from sqlalchemy import select

from tests.conftest import make_config
from tracker.domain.prepared_documents import JobStatus
from tracker.extensions import db
from tracker.models import PreparedDocument


@pytest.fixture
def app_config(database_url):
    """Prepare aside any document of more than 3 rows, on one builder thread."""
    return make_config(database_url, PREPARED_DOCUMENT_THRESHOLD=3, PREPARED_DOCUMENT_WORKERS=1)


def test_a_builder_thread_prepares_the_document_after_the_request_has_answered(as_panel):
    address = as_panel.get("/reports/big/plan.pdf?as_at=2011-03-31").headers["Location"]
    token = address.removeprefix("/prepared/")

    status = None
    for _ in range(300):
        status = db.session.scalar(
            select(PreparedDocument.status).where(PreparedDocument.token == token)
        )
        # Hold no transaction while the builder thread writes to the same database.
        db.session.rollback()
        if status in (JobStatus.READY, JobStatus.FAILED):
            break
        time.sleep(0.1)

    assert status is JobStatus.READY
    download = as_panel.get(f"{address}/download")
    assert download.data.startswith(b"%PDF")

"""An empty value prints as "Not recorded", never "None", on every page and PDF."""

import io
import re
from datetime import date

import pytest
from pypdf import PdfReader

from tests.factories import add_update, make_action, make_plan, make_user
from tracker import clock
from tracker.domain.enums import Completion, Rag, Role
from tracker.extensions import db
from tracker.models import Risk


@pytest.fixture
def bare_action(app):
    """Return a red-rated action with no ref, lead, baseline, target, commentary or risk detail."""
    plan = make_plan(slug="bare", title="Bare plan")
    action = make_action(plan, ref=None, text="Review thresholds")
    action.ref = None
    add_update(action, as_at=date(2009, 10, 20), completion=Completion.NOT_COMPLETED, rag=Rag.RED)
    db.session.add(
        Risk(
            plan_id=plan.id,
            description="Caseloads too high",
            status="open",
            raised_on=date(2009, 10, 1),
        )
    )
    db.session.commit()
    return action


def _words(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_pages_print_not_recorded_for_empty_values(bare_action, client, sign_in) -> None:
    sign_in(client, make_user(Role.ADMIN))
    db.session.commit()
    today = clock.today().isoformat()
    pages = {
        url: _words(client.get(url).get_data(as_text=True))
        for url in (
            "/plans/bare",
            f"/actions/{bare_action.id}",
            f"/admin/plans/bare/actions/{bare_action.id}",
            "/reports/bare/highlight?month=2009-10",
            f"/reports/bare/exceptions?as_at={today}",
        )
    }
    for url, words in pages.items():
        assert "None" not in words.split(), url
        assert "Not recorded" in words, url


@pytest.mark.parametrize("path", ["highlight.pdf?month=2009-10", "plan.pdf", "exceptions.pdf"])
def test_pdfs_print_not_recorded_for_empty_values(bare_action, client, sign_in, path) -> None:
    sign_in(client, make_user(Role.PANEL))
    db.session.commit()
    response = client.get(f"/reports/bare/{path}")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)

    assert "None" not in text.split()
    assert "Not recorded" in text

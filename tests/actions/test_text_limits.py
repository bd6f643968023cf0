"""A lead's update takes commentary up to its limit, and every PDF of the plan still builds."""

import io
from datetime import date

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from tests.factories import add_update, make_action, make_plan, make_user
from tracker import clock
from tracker.domain import text_limits as limits
from tracker.domain.enums import Completion, Role
from tracker.extensions import db
from tracker.models import StatusUpdate


@pytest.fixture
def lead_and_action(app):
    lead = make_user(Role.LEAD)
    plan = make_plan(slug="p", title="Plan")
    action = make_action(plan, ref="1.02", leads=[lead.person], target_date=date(2011, 3, 31))
    add_update(action, as_at=date(2010, 8, 20), completion=Completion.NOT_COMPLETED)
    db.session.commit()
    return lead, action


def _form(version: int, **overrides) -> dict:
    today = clock.today()
    return {
        "version": str(version),
        "completion": "not_completed",
        "rag": "red",
        "direction": "",
        "current_performance": "68%",
        "commentary": "Behind plan.",
        "completed_on": ["", "", ""],
        "as_at": [str(today.day), str(today.month), str(today.year)],
        **overrides,
    }


def _updates() -> int:
    return db.session.scalar(select(func.count()).select_from(StatusUpdate))


@pytest.mark.parametrize(
    ("field", "limit"),
    [("commentary", limits.COMMENTARY), ("current_performance", limits.CURRENT_PERFORMANCE)],
)
def test_one_character_over_the_limit_is_refused_and_kept_in_the_form(
    client, sign_in, lead_and_action, field, limit
):
    lead, action = lead_and_action
    sign_in(client, lead)
    text = "x" * (limit.maximum + 1)

    response = client.post(
        f"/actions/{action.id}/update", data=_form(action.version, **{field: text})
    )

    page = response.get_data(as_text=True)
    assert response.status_code < 500 and "Location" not in response.headers
    assert f'<a href="#{field}">{limit.label} must be {limit.maximum:,} characters or fewer' in page
    assert f">{text}</textarea>" in page
    assert _updates() == 1


@pytest.mark.parametrize(
    ("commentary", "last_words"),
    [
        pytest.param("x" * limits.COMMENTARY.maximum, "xxxxxxxx", id="one-word"),
        pytest.param("\n".join(f"Line {n}" for n in range(200)), "Line 199", id="200-lines"),
    ],
)
def test_a_commentary_at_the_limit_is_recorded_and_every_pdf_still_builds(
    app, client, sign_in, lead_and_action, commentary, last_words
):
    lead, action = lead_and_action
    sign_in(client, lead)
    performance = "p" * limits.CURRENT_PERFORMANCE.maximum

    response = client.post(
        f"/actions/{action.id}/update",
        data=_form(action.version, commentary=commentary, current_performance=performance),
    )

    assert response.status_code == 302
    latest = db.session.scalar(select(StatusUpdate).order_by(StatusUpdate.id.desc()).limit(1))
    assert latest.commentary == commentary
    panel = app.test_client()
    sign_in(panel, make_user(Role.PANEL))
    db.session.commit()
    month = f"{clock.today():%Y-%m}"
    for path in (
        f"/reports/p/highlight.pdf?month={month}",
        "/reports/p/plan.pdf",
        "/reports/p/exceptions.pdf",
    ):
        report = panel.get(path)
        assert report.status_code == 200, path
        pages = [page.extract_text() for page in PdfReader(io.BytesIO(report.data)).pages]
        assert len(pages) > 0
        printed = " ".join(pages)
        assert printed.count("x") >= commentary.count("x"), path
        assert last_words in printed, path

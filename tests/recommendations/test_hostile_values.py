"""Hostile values in the recommendation form and the page's date: a message, never a 5xx."""

import pytest

from tracker.extensions import db
from tracker.models import Recommendation

HOSTILE = [
    "<script>alert(1)</script>",
    "<para>unclosed <b>bold",
    "=cmd|'/c calc'!A0",
    "nul\x00byte",
    "line\r\nbreak",
    "\u202eevil.exe",
    "y" * (1024 * 1024),
    "99999999999999999999999999999999",
]
FIELDS = ["ref", "text", "source", "action_refs", "made_on", "due_on"]


def _form(field, value):
    form = {
        "ref": "R9",
        "text": "Improve supervision",
        "source": "Ofsted",
        "made_on": ["27", "8", "2009"],
        "due_on": ["", "", ""],
        "action_refs": "1.1",
    }
    form[field] = [value, value, value] if field.endswith("_on") else value
    return form


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
def test_a_hostile_value_in_any_field_is_refused_or_kept_safely(
    recommended, admin_client, panel_client, field, value
):
    response = admin_client.post("/admin/plans/cyps/recommendations/new", data=_form(field, value))
    assert response.status_code < 500
    saved = db.session.query(Recommendation).filter_by(plan_id=recommended.plan.id).count()
    assert saved in (3, 4)
    for path in (
        "/plans/cyps/recommendations",
        "/reports/cyps/highlight.pdf?month=2010-10",
        "/reports/cyps/highlight.docx?month=2010-10",
    ):
        assert panel_client.get(path).status_code == 200
    assert panel_client.get(f"/plans/cyps/recommendations?as_at={value[:200]}").status_code < 500

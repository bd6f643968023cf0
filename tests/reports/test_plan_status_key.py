"""A plan with its own status key shows the recorded labels and colours everywhere."""

import io
import re
from datetime import date

import pytest
from pypdf import PdfReader

from tests.factories import add_update, make_action, make_person, make_plan, make_user
from tracker import clock
from tracker.domain.enums import Completion, Direction, Rag, Role
from tracker.domain.status_key import StatusColour, status_key_from_json
from tracker.extensions import db
from tracker.models import Action, ActionLead, StatusUpdate
from tracker.services import reports
from tracker.services.plan_export import exported_actions

BRAG = [
    {"label": "Complete & CSPI", "colour": "blue", "completion": "Completed", "words": ["Blue"]},
    {"label": "On track", "colour": "green", "completion": "Not completed", "words": ["Green"]},
    {"label": "At risk", "colour": "amber", "completion": "Not completed", "words": ["Amber"]},
    {
        "label": "Off track",
        "colour": "red",
        "completion": "Not completed",
        "exception": True,
        "words": ["Red"],
    },
]
KEY = status_key_from_json(BRAG)
MARCH_30 = date(2011, 3, 30)


@pytest.fixture
def brag_plan(app):
    """Return a plan keyed BRAG: one action off track, one complete and assured, one on track."""
    plan = make_plan(slug="brag", title="Scrutiny Recommendation Tracker")
    plan.status_key = BRAG
    lead = make_person("Head of Performance & Quality Assurance")
    off, done, on = (
        make_action(plan, ref=ref, text=text, leads=[lead], target_date=date(2011, 2, 28))
        for ref, text in (
            ("R1", "Review the front door"),
            ("R2", "Audit the MASH"),
            ("R3", "Train the panel"),
        )
    )
    add_update(
        off,
        as_at=MARCH_30,
        completion=Completion.NOT_COMPLETED,
        status=KEY.entry_named("Off track"),
        direction=Direction.DECLINING,
        commentary="Funding withdrawn",
    )
    add_update(
        done,
        as_at=MARCH_30,
        completion=Completion.COMPLETED,
        status=KEY.entry_named("Complete & CSPI"),
        completed_on=date(2011, 3, 20),
    )
    add_update(
        on, as_at=MARCH_30, completion=Completion.NOT_COMPLETED, status=KEY.entry_named("On track")
    )
    db.session.commit()
    return plan


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def pdf_text(content: bytes) -> str:
    return " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages
    )


def test_the_plan_page_shows_each_label_in_its_keys_colour(brag_plan, panel_client):
    html = panel_client.get("/plans/brag").get_data(as_text=True)

    assert 'class="govuk-table__header">Status</th>' in html
    assert re.search(r'govuk-tag--blue tracker-rag">Complete &amp; CSPI<', html)
    assert re.search(r'govuk-tag--green tracker-rag">On track<', html)
    assert re.search(
        r'govuk-tag--red tracker-rag"><span aria-hidden="true">↓&nbsp;</span>'
        r'<span class="govuk-visually-hidden">Declining, </span>Off track<',
        html,
    )


def test_the_exception_report_lists_the_off_track_action_by_its_label(brag_plan, panel_client):
    html = panel_client.get("/reports/brag/exceptions?as_at=2011-03-31").get_data(as_text=True)
    text = text_of(html)

    assert "1 action rated red" in text
    assert "Review the front door" in text and "Off track" in text
    assert "Train the panel" not in text and "Audit the MASH" not in text


def test_the_highlight_report_lists_off_track_as_red_and_says_so_in_json(brag_plan, panel_client):
    html = panel_client.get("/reports/brag/highlight?month=2011-03").get_data(as_text=True)
    red_table = html[html.index("Red-rated actions") :]
    assert "Review the front door" in red_table and "Off track" in red_table
    assert "Train the panel" not in red_table

    data = panel_client.get("/reports/brag/highlight.json?month=2011-03").get_json()
    assert [
        (item["ref"], item["status"], item["status_colour"]) for item in data["red_actions"]
    ] == [("R1", "Off track", "red")]
    assert [(item["ref"], item["status"]) for item in data["completed"]] == [
        ("R2", "Complete & CSPI")
    ]
    # Tallies stay the four completion statuses.
    assert data["tallies"]["overall"]["completed"] == 1
    assert data["tallies"]["overall"]["not_completed"] == 2


def test_the_pdfs_print_the_keys_labels(brag_plan, panel_client):
    highlight = pdf_text(panel_client.get("/reports/brag/highlight.pdf?month=2011-03").data)
    assert "Red-rated actions (1)" in highlight and "Off track" in highlight

    measures = pdf_text(panel_client.get("/reports/brag/plan.pdf?as_at=2011-03-31").data)
    assert "Complete & CSPI" in measures and "On track" in measures and "Off track" in measures

    exceptions = pdf_text(panel_client.get("/reports/brag/exceptions.pdf?as_at=2011-03-31").data)
    assert "Off track" in exceptions and "Review the front door" in exceptions
    assert "Train the panel" not in exceptions


def test_the_export_writes_labels_the_plans_key_reads_back(brag_plan):
    cells = [action.values["rag"] for action in exported_actions(brag_plan, date(2011, 3, 31))]
    statuses = [cell for cell in cells if cell in ("↓ Off track", "Complete & CSPI", "On track")]
    assert statuses == ["↓ Off track", "Complete & CSPI", "On track"]
    readings = [KEY.read(cell) for cell in statuses]
    assert [(r.entry.label, r.direction) for r in readings] == [
        ("Off track", Direction.DECLINING),
        ("Complete & CSPI", None),
        ("On track", None),
    ]


def test_changing_the_key_re_reads_nothing_already_recorded(brag_plan, panel_client):
    brag_plan.status_key = [{**BRAG[3], "label": "Stalled", "exception": False}, *BRAG[:3]]
    db.session.commit()

    report = reports.load_plan_report(brag_plan, date(2011, 3, 31), red_only=True)
    assert [(row.ref, row.status_label, row.status_colour) for row in report.rows] == [
        ("R1", "Off track", StatusColour.RED)
    ]
    assert "Off track" in panel_client.get("/plans/brag").get_data(as_text=True)


@pytest.fixture
def lead_client(app, brag_plan, sign_in):
    lead = make_user(Role.LEAD)
    db.session.flush()
    on_track = db.session.query(Action).filter_by(plan_id=brag_plan.id, ref="R3").one()
    db.session.add(ActionLead(action_id=on_track.id, person_id=lead.person_id, position=1))
    db.session.commit()
    client = app.test_client()
    sign_in(client, lead)
    return client, on_track


def test_the_update_form_offers_the_plans_key_with_colours_named(lead_client):
    client, action = lead_client
    html = client.get(f"/actions/{action.id}/update").get_data(as_text=True)

    assert "<legend" in html and "Status" in text_of(html)
    for value, label, hint in (
        ("complete &amp; cspi", "Complete &amp; CSPI", "Blue"),
        ("on track", "On track", "Green"),
        ("at risk", "At risk", "Amber"),
        ("off track", "Off track", "Red"),
    ):
        assert f'value="{value}"' in html
        assert re.search(rf">\s*{re.escape(label)}\s*</label>", html)
        assert re.search(rf'govuk-radios__hint">\s*{hint}\s*</div>', html)
    assert re.search(r'value="on track" checked', html)
    assert "Needed when the status becomes Off track or the completion status changes" in html


def form_data(version: int, **overrides) -> dict:
    today = clock.today()
    return {
        "version": str(version),
        "completion": "not_completed",
        "rag": "on track",
        "direction": "",
        "current_performance": "",
        "commentary": "",
        "completed_on": ["", "", ""],
        "as_at": [str(today.day), str(today.month), str(today.year)],
        **overrides,
    }


def test_an_off_track_update_needs_commentary_and_records_the_label(lead_client):
    client, action = lead_client
    refused = client.post(
        f"/actions/{action.id}/update", data=form_data(action.version, rag="off track")
    )
    assert refused.status_code == 422
    assert "Enter commentary saying why the action is now rated Off track" in refused.get_data(
        as_text=True
    )

    recorded = client.post(
        f"/actions/{action.id}/update",
        data=form_data(action.version, rag="off track", commentary="Trainer left"),
    )
    assert recorded.status_code == 302
    update = (
        db.session.query(StatusUpdate)
        .filter_by(action_id=action.id)
        .order_by(StatusUpdate.id.desc())
        .first()
    )
    assert (update.status_label, update.status_colour, update.status_exception, update.rag) == (
        "Off track",
        StatusColour.RED,
        True,
        Rag.RED,
    )
    db.session.refresh(action)
    assert (action.current_status_label, action.current_status_exception) == ("Off track", True)


def test_a_complete_status_with_another_completion_is_refused_by_its_label(lead_client):
    client, action = lead_client
    refused = client.post(
        f"/actions/{action.id}/update",
        data=form_data(action.version, rag="complete & cspi", commentary="Done"),
    )
    assert refused.status_code == 422
    assert (
        "Select a status other than Complete &amp; CSPI, or Completed as the status"
        in refused.get_data(as_text=True)
    )

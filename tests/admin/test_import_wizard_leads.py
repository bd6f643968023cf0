"""The import's preview shows how Lead cells split, and keeps a split text as one lead."""

from __future__ import annotations

import csv
import io

from sqlalchemy import select

from tests.factories import make_plan
from tracker.extensions import db
from tracker.models import AuditEvent, KeptWholeLead, Organisation, Person
from tracker.services.organisations import find_or_create_organisation

ONE_ROLE = "Head of Safeguarding and Quality Assurance Manager"
TWO_PEOPLE = "Howard Woolfenden / Warren Carratt"
KEEP_ONE_ROLE = f"Keep ‘{ONE_ROLE}’ as one lead"
HEADER = ["Ref", "Theme", "Objective", "Key Actions", "Target Date", "Lead", "RAG"]
ROWS = [
    ["1.01", "1. Staying Safe", "Improve referrals", "Audit referrals", "March 2011", ONE_ROLE, ""],
    ["1.02", "", "", "Publish the QA framework", "April 2011", ONE_ROLE, ""],
    ["1.03", "", "", "Review NFA cases", "May 2011", TWO_PEOPLE, ""],
]


def _upload(client, slug: str = "childrens-plan"):
    out = io.StringIO()
    csv.writer(out).writerows([HEADER, *ROWS])
    return client.post(
        "/admin/import",
        data={
            "file": (io.BytesIO(out.getvalue().encode()), "plan.csv"),
            "slug": slug,
            "title": "Children's Improvement Plan",
            "as_at": ["20", "8", "2010"],
        },
    )


def _page(response) -> str:
    return response.get_data(as_text=True)


def _kept() -> list[tuple[str, str]]:
    db.session.rollback()
    return db.session.execute(
        select(KeptWholeLead.text, Organisation.name).join(
            Organisation, Organisation.id == KeptWholeLead.organisation_id
        )
    ).all()


def test_a_split_lead_text_kept_whole_in_the_preview_imports_as_one_person(admin_client, admin):
    page = _page(_upload(admin_client))

    assert page.count(KEEP_ONE_ROLE) == 1
    assert "Rows 2, 3: read as 2 leads:" in page
    assert "<li>Head of Safeguarding</li><li>Quality Assurance Manager</li>" in page
    assert f"Keep ‘{TWO_PEOPLE}’ as one lead" in page

    kept = admin_client.post("/admin/import/keep-lead-whole", data={"lead_text": ONE_ROLE})

    assert kept.headers["Location"].endswith("/admin/import/preview")
    page = _page(admin_client.get("/admin/import/preview"))
    assert f"&#39;{ONE_ROLE}&#39; is now kept as one lead" in page
    assert KEEP_ONE_ROLE not in page
    assert page.count(f'<li class="tracker-pre-wrap">{ONE_ROLE}</li>') == 2
    assert f"Keep ‘{TWO_PEOPLE}’ as one lead" in page
    assert _kept() == [(ONE_ROLE, "Default organisation")]
    audit = db.session.execute(
        select(AuditEvent.user_id, AuditEvent.summary).where(AuditEvent.entity == "kept_whole_lead")
    ).all()
    assert audit == [(admin.id, f"Kept '{ONE_ROLE}' as one lead")]

    imported = admin_client.post("/admin/import/confirm")

    assert imported.headers["Location"].endswith("/admin/plans/childrens-plan")
    names = db.session.scalars(select(Person.name).order_by(Person.name)).all()
    assert [name for name in names if name != admin.person.name] == [
        ONE_ROLE,
        "Howard Woolfenden",
        "Warren Carratt",
    ]


def test_a_text_is_kept_in_the_organisation_of_the_plan_the_import_updates(admin_client):
    make_plan(slug="trust-plan", organisation=find_or_create_organisation("Trust", user_id=None))
    db.session.commit()
    _upload(admin_client, slug="trust-plan")

    admin_client.post("/admin/import/keep-lead-whole", data={"lead_text": ONE_ROLE})

    assert _kept() == [(ONE_ROLE, "Trust")]


def test_a_text_the_preview_does_not_split_is_not_kept_and_the_page_says_so(admin_client):
    _upload(admin_client)

    refused = admin_client.post(
        "/admin/import/keep-lead-whole", data={"lead_text": "Howard Woolfenden"}
    )

    assert refused.headers["Location"].endswith("/admin/import/preview")
    page = _page(admin_client.get("/admin/import/preview"))
    assert "&#39;Howard Woolfenden&#39; is not a Lead text this file&#39;s preview reads" in page
    assert KEEP_ONE_ROLE in page
    assert _kept() == []


def test_keeping_a_lead_whole_with_no_file_waiting_sends_back_to_the_upload(admin_client):
    response = admin_client.post("/admin/import/keep-lead-whole", data={"lead_text": ONE_ROLE})

    assert response.headers["Location"].endswith("/admin/import")
    assert _kept() == []


def test_keeping_a_lead_whole_without_the_text_is_refused(admin_client):
    _upload(admin_client)

    assert admin_client.post("/admin/import/keep-lead-whole").status_code == 400
    assert _kept() == []

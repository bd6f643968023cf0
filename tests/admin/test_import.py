"""Importing a plan file from the admin pages: check first, writing nothing, then confirm."""

import csv
import io
from datetime import date

import openpyxl
from sqlalchemy import select

from tracker.extensions import db
from tracker.models import Action, AuditEvent, Plan, StatusUpdate

HEADER = ["Ref", "Theme", "Objective", "Key Actions", "Priority", "Target Date", "Lead", "RAG"]
ROWS = [
    [
        "1.01",
        "1. Staying Safe",
        "Improve referrals",
        "Implement a quality assurance framework",
        "1",
        "March 2011",
        "Howard Woolfenden / Warren Carratt",
        "↑ Green",
    ],
    [
        "1.02",
        "",
        "",
        "Conduct a review on all NFA cases",
        "2",
        "Quarterly",
        "Deb Johnson and Warren Carratt",
        "→ Amber",
    ],
]


def _csv(rows) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows([HEADER, *rows])
    return out.getvalue().encode()


def _xlsx(rows) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in [HEADER, *rows]:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _form(content: bytes, filename: str = "plan.csv", **overrides) -> dict:
    return {
        "file": (io.BytesIO(content), filename),
        "slug": "childrens-plan",
        "title": "Children's Improvement Plan",
        "as_at": ["20", "8", "2010"],
        **overrides,
    }


def test_checking_a_file_shows_what_it_would_do_and_writes_nothing(admin_client, staged):
    response = admin_client.post("/admin/import", data=_form(_csv(ROWS)))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Check the import" in page
    assert "Create the plan 'childrens-plan'" in page
    assert "actions created" in page
    assert db.session.query(Plan).count() == 0
    assert db.session.query(AuditEvent).count() == 0
    assert staged() == 1


def test_confirming_imports_the_checked_file_records_who_and_deletes_it(
    admin_client, admin, staged
):
    admin_client.post("/admin/import", data=_form(_xlsx(ROWS), "plan.xlsx"))
    response = admin_client.post("/admin/import/confirm")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/admin/plans/childrens-plan")
    plan = db.session.scalar(select(Plan))
    assert plan.title == "Children's Improvement Plan"
    assert db.session.query(Action).count() == 2
    assert db.session.query(StatusUpdate).filter_by(as_at=date(2010, 8, 20)).count() == 2
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.verb == "import"))
    assert (event.user_id, event.entity_id, event.details["source"]) == (
        admin.id,
        plan.id,
        "plan.xlsx",
    )
    assert staged() == 0
    again = admin_client.post("/admin/import/confirm")
    assert again.headers["Location"].endswith("/admin/import")
    assert db.session.query(StatusUpdate).count() == 2


def test_a_file_with_problems_lists_them_by_row_and_keeps_nothing(admin_client, staged):
    bad = [[*ROWS[0][:4], "nine", *ROWS[0][5:]], [*ROWS[1][:3], "", *ROWS[1][4:]]]
    response = admin_client.post("/admin/import", data=_form(_csv(bad)))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'class="govuk-error-summary"' in page
    assert "row 2, column E (Priority)" in page
    assert "row 3, column D (Key Actions)" in page
    assert "fix the 2 problem(s) listed above" in page
    assert 'value="childrens-plan"' in page
    assert db.session.query(Plan).count() == 0
    assert staged() == 0
    assert admin_client.post("/admin/import/confirm").status_code == 302
    assert db.session.query(Plan).count() == 0


def test_only_xlsx_and_csv_files_below_the_size_limit_are_accepted(app, admin_client, staged):
    page = admin_client.post("/admin/import", data=_form(b"hello", "plan.txt"))
    assert "The file must be a .xlsx or .csv file" in page.get_data(as_text=True)
    app.config["IMPORT_MAX_BYTES"] = 100 * 1024
    big = admin_client.post("/admin/import", data=_form(b"x" * (100 * 1024 + 1)))
    assert "The file must be smaller than 100 KB" in big.get_data(as_text=True)
    missing = admin_client.post("/admin/import", data={"slug": "p", "as_at": ["1", "1", "2010"]})
    assert "Choose a .xlsx or .csv file" in missing.get_data(as_text=True)
    assert staged() == 0


def test_an_as_at_date_in_the_future_is_refused(admin_client, staged):
    page = admin_client.post(
        "/admin/import", data=_form(_csv(ROWS), as_at=["1", "1", "2999"])
    ).get_data(as_text=True)
    assert "is in the future" in page
    assert db.session.query(Plan).count() == 0


def test_cancelling_a_checked_import_deletes_the_file(admin_client, staged):
    admin_client.post("/admin/import", data=_form(_csv(ROWS)))
    admin_client.post("/admin/import/cancel")
    assert staged() == 0
    admin_client.post("/admin/import/confirm")
    assert db.session.query(Plan).count() == 0

"""Imported text is held to the same limits as the forms: one cell over writes nothing."""

import csv
import io
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from tests.factories import make_user
from tracker.domain import text_limits as limits
from tracker.domain.enums import Role
from tracker.domain.layout import EXPORT_HEADERS, column_letter
from tracker.extensions import db
from tracker.models import Action, Person, Plan, StatusUpdate, Theme

HEADER = [label for _, label in EXPORT_HEADERS]
# Each column's letter in the export layout, which gains columns as the tracker keeps more.
LETTER = {key: column_letter(index) for index, (key, _) in enumerate(EXPORT_HEADERS)}
COLUMN = {key: index for index, (key, _) in enumerate(EXPORT_HEADERS)}


def _row(ref: str, **cells: str) -> list[str]:
    row = [""] * len(HEADER)
    row[COLUMN["ref"]] = ref
    row[COLUMN["theme"]] = "1. Staying Safe"
    row[COLUMN["objective"]] = "Improve referrals"
    row[COLUMN["action"]] = f"Key action {ref}"
    row[COLUMN["rag"]] = "Red"
    for key, text in cells.items():
        row[COLUMN[key]] = text
    return row


def _at_maximum(ref: str, commentary: str) -> list[str]:
    leads = " / ".join(["L" * 197] * 4 + ["M" * 200])
    return _row(
        ref.ljust(limits.ACTION_REF.maximum, "0"),
        theme="1. " + "T" * (limits.THEME_TITLE.maximum),
        objective="O" * limits.OBJECTIVE.maximum,
        action="A" * limits.ACTION_TEXT.maximum,
        target_date="March 2011 ".ljust(limits.TARGET_DATE_TEXT.maximum, "x"),
        baseline="B" * limits.BASELINE.maximum,
        targets="G" * limits.TARGETS.maximum,
        current_performance="P" * limits.CURRENT_PERFORMANCE.maximum,
        lead=leads,
        commentary=commentary,
        workstreams="W" * limits.WORKSTREAMS.maximum,
    )


def _csv(path: Path, rows: list[list[str]], title: str | None = None) -> Path:
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        if title is not None:
            writer.writerow([title])
        writer.writerows([HEADER, *rows])
    return path


def _counts() -> dict[str, int]:
    return {
        model.__name__: db.session.scalar(select(func.count()).select_from(model))
        for model in (Plan, Theme, Action, Person, StatusUpdate)
    }


def _import(runner, path: Path, *extra: str):
    return runner.invoke(
        args=["plans", "import", str(path), "--plan", "long", "--as-at", "2010-08-20", *extra]
    )


def test_a_file_with_every_cell_at_its_limit_imports_and_its_pdfs_build(app, runner, tmp_path):
    rows = [
        _at_maximum("1.", "Z" * limits.COMMENTARY.maximum),
        _at_maximum("2.", "\n".join(f"Line {n:03d}" for n in range(200))),
    ]

    result = _import(runner, _csv(tmp_path / "long.csv", rows), "--title", "T" * 300)

    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(Plan.title)) == "T" * 300
    commentaries = db.session.scalars(select(StatusUpdate.commentary)).all()
    assert "Z" * limits.COMMENTARY.maximum in commentaries
    client = app.test_client()
    with client.session_transaction() as session:
        user = make_user(Role.PANEL)
        db.session.commit()
        session["_user_id"] = f"{user.id}:{user.session_version}"
    for path in (
        "/reports/long/highlight.pdf?month=2010-08",
        "/reports/long/plan.pdf?as_at=2010-08-31",
        "/reports/long/exceptions.pdf?as_at=2010-08-31",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        pages = [page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages]
        assert sum(page.count("Z") for page in pages) == limits.COMMENTARY.maximum, path
        assert "Line 199" in " ".join(pages), path


@pytest.mark.parametrize(
    ("key", "header", "limit"),
    [
        ("commentary", "Commentary", limits.COMMENTARY),
        ("action", "Key Actions", limits.ACTION_TEXT),
        ("objective", "Objective", limits.OBJECTIVE),
        ("current_performance", "Current Performance", limits.CURRENT_PERFORMANCE),
        ("workstreams", "Lead Workstream(s)", limits.WORKSTREAMS),
    ],
)
def test_a_cell_over_its_limit_is_reported_by_row_column_and_header_and_nothing_is_written(
    app, runner, tmp_path, key, header, limit
):
    text = "w" * (limit.maximum + 1)
    rows = [_row("1.01"), _row("1.02", **{key: text})]

    result = _import(runner, _csv(tmp_path / "over.csv", rows))

    assert result.exit_code == 1
    assert (
        f"row 3, column {LETTER[key]} ({header}): {limit.label} must be {limit.maximum:,}"
        f" characters or fewer (this cell has {limit.maximum + 1:,})"
    ) in result.output
    assert "Nothing was written." in result.output
    assert _counts() == dict.fromkeys(_counts(), 0)


def test_a_title_row_too_long_for_a_plan_title_is_reported_where_it_is(app, runner, tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["", "P" * 301])
    sheet.append(HEADER)
    sheet.append(_row("1.01"))
    path = tmp_path / "titled.xlsx"
    workbook.save(path)

    result = _import(runner, path)

    assert result.exit_code == 1
    assert (
        "row 1, column B: Plan title must be 300 characters or fewer (this cell has 301); "
        "shorten the title row or give a title"
    ) in result.output
    assert _counts() == dict.fromkeys(_counts(), 0)
    assert _import(runner, path, "--title", "Children's plan").exit_code == 0
    assert db.session.scalar(select(Plan.title)) == "Children's plan"


def test_a_given_title_over_the_limit_is_refused(app, runner, tmp_path):
    result = _import(runner, _csv(tmp_path / "plan.csv", [_row("1.01")]), "--title", "T" * 301)

    assert result.exit_code == 1
    assert "Plan title must be 300 characters or fewer (the title given has 301)" in result.output
    assert _counts() == dict.fromkeys(_counts(), 0)


def test_the_web_check_lists_a_cell_over_its_limit_and_keeps_nothing(app, sign_in, tmp_path):
    app.config["IMPORT_STAGING_DIR"] = str(tmp_path / "staging")
    admin = make_user(Role.ADMIN)
    db.session.commit()
    client = app.test_client()
    sign_in(client, admin)
    before = _counts()
    content = _csv(
        tmp_path / "plan.csv",
        [_row("1.01", commentary="w" * (limits.COMMENTARY.maximum + 1))],
    ).read_bytes()

    response = client.post(
        "/admin/import",
        data={
            "file": (io.BytesIO(content), "plan.csv"),
            "slug": "long",
            "title": "",
            "as_at": ["20", "8", "2010"],
        },
    )

    page = response.get_data(as_text=True)
    assert response.status_code < 500
    assert (
        f"row 2, column {LETTER['commentary']} (Commentary): Commentary must be 10,000 characters"
        " or fewer"
    ) in page
    assert _counts() == before


def test_the_web_import_form_refuses_a_title_over_the_limit(app, sign_in, tmp_path):
    app.config["IMPORT_STAGING_DIR"] = str(tmp_path / "staging")
    admin = make_user(Role.ADMIN)
    db.session.commit()
    client = app.test_client()
    sign_in(client, admin)
    before = _counts()
    content = _csv(tmp_path / "plan.csv", [_row("1.01")]).read_bytes()

    response = client.post(
        "/admin/import",
        data={
            "file": (io.BytesIO(content), "plan.csv"),
            "slug": "long",
            "title": "T" * 301,
            "as_at": ["20", "8", "2010"],
        },
    )

    page = response.get_data(as_text=True)
    assert '<a href="#title">Plan title must be 300 characters or fewer</a>' in page
    assert _counts() == before

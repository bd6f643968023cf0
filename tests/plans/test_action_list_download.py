"""Downloading a filtered action list: every matching row, the export's columns and defences."""

import csv
import io
from datetime import timedelta

import openpyxl
import pytest

from tests.factories import add_update, make_action, make_plan, make_theme
from tracker import clock
from tracker.domain.enums import Rag
from tracker.domain.layout import EXPORT_HEADERS
from tracker.extensions import db

HEADERS = [header for _, header in EXPORT_HEADERS]


@pytest.fixture
def plan(app):
    """Return plan "p": 60 overdue actions, 1.1 to 1.60, and 5 that are not, 2.1 to 2.5."""
    today = clock.today()
    plan = make_plan(slug="p")
    one, two = make_theme(plan, 1), make_theme(plan, 2)
    for number in range(1, 61):
        action = make_action(
            plan, ref=f"1.{number}", theme=one, target_date=today - timedelta(days=number)
        )
        add_update(action, as_at=today, rag=Rag.RED, commentary=f"Late by {number}")
    hostile = make_action(plan, ref="2.1", theme=two, target_date=today + timedelta(days=90))
    add_update(hostile, as_at=today, commentary='=HYPERLINK("http://evil.example","Click")')
    for number in range(2, 6):
        make_action(plan, ref=f"2.{number}", theme=two)
    db.session.commit()
    return plan


def _csv(response) -> list[dict[str, str]]:
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.headers["Content-Type"].startswith("text/csv")
    text = response.get_data().decode("utf-8-sig")
    reader = csv.reader(io.StringIO(text))
    header = next(reader)
    assert header == HEADERS
    return [dict(zip(header, row, strict=True)) for row in reader]


def test_csv_holds_every_matching_action_not_only_one_page(reader, plan):
    rows = _csv(reader.get("/plans/p/actions/download?format=csv&overdue=yes"))
    assert [row["Ref"] for row in rows] == [f"1.{number}" for number in range(1, 61)]
    assert rows[59]["Performance Commentary"] == "Late by 60"


def test_csv_follows_the_list_sort(reader, plan):
    rows = _csv(
        reader.get("/plans/p/actions/download?format=csv&overdue=yes&sort=days_overdue&order=desc")
    )
    assert [row["Ref"] for row in rows][:3] == ["1.60", "1.59", "1.58"]


def test_xlsx_reads_back_with_the_same_columns_and_rows(reader, plan):
    response = reader.get("/plans/p/actions/download?format=xlsx&theme=2")
    assert response.status_code == 200
    assert 'filename="p-actions-' in response.headers["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.get_data())).active
    rows = [[cell or "" for cell in row] for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == HEADERS
    assert [row[0] for row in rows[1:]] == ["2.1", "2.2", "2.3", "2.4", "2.5"]


@pytest.mark.parametrize("file_type", ["csv", "xlsx"])
def test_a_formula_in_a_commentary_is_written_as_text(reader, plan, file_type):
    response = reader.get(f"/plans/p/actions/download?format={file_type}&q=hyperlink")
    assert response.status_code == 200
    if file_type == "csv":
        cell = _csv(response)[0]["Performance Commentary"]
    else:
        sheet = openpyxl.load_workbook(io.BytesIO(response.get_data())).active
        column = HEADERS.index("Performance Commentary") + 1
        found = sheet.cell(row=2, column=column)
        assert found.data_type == "s"
        cell = found.value
    assert cell == '\'=HYPERLINK("http://evil.example","Click")'


@pytest.mark.parametrize(
    ("query", "says"),
    [
        pytest.param("format=pdf", "Choose the file type", id="unknown file type"),
        pytest.param("format=csv&due_within=0", "due_within", id="bad filter"),
        pytest.param("format=csv&layout=council", "no saved column mapping", id="no layout"),
    ],
)
def test_a_bad_download_is_a_400_saying_why(reader, plan, query, says):
    response = reader.get(f"/plans/p/actions/download?{query}")
    assert response.status_code == 400
    assert says in response.get_data(as_text=True)


def test_the_list_offers_the_download_with_its_filters(reader, plan):
    page = reader.get("/plans/p/actions?theme=2&q=x").get_data(as_text=True)
    form = page.split('action="/plans/p/actions/download"')[1].split("</form>")[0]
    assert '<input type="hidden" name="theme" value="2">' in form
    assert '<input type="hidden" name="q" value="x">' in form

"""flask report tallies|highlight: output formats, files and exit codes."""

import io
import json
from datetime import date

import pytest
from docx import Document
from pypdf import PdfReader

from tests.factories import add_update, make_action, make_plan
from tracker.domain.enums import Completion, Rag
from tracker.extensions import db


@pytest.fixture
def plan(app):
    plan = make_plan(slug="rmbc", title="RMBC Notice to Improve Action Plan", bands=1)
    first = make_action(plan, ref="1.01", band_number=1, target_date=date(2011, 3, 31))
    second = make_action(plan, ref="1.02", target_date=date(2011, 2, 28))
    add_update(first, as_at=date(2011, 2, 1), completion=Completion.NOT_COMPLETED)
    add_update(first, as_at=date(2011, 3, 30), completion=Completion.COMPLETED, rag=Rag.COMPLETE)
    add_update(second, as_at=date(2011, 3, 30), completion=Completion.PARTIALLY_COMPLETED)
    db.session.commit()
    return plan


def test_tallies_default_to_json_as_at_today(plan, runner):
    result = runner.invoke(args=["report", "tallies", "rmbc"])

    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["plan"] == {"slug": "rmbc", "title": "RMBC Notice to Improve Action Plan"}
    assert (data["overall"]["total"], data["overall"]["completed"]) == (2, 1)
    assert data["overall"]["percent"]["partially_completed"] == "50.00"
    assert [band["number"] for band in data["bands"]] == [1, None]


def test_tallies_as_text_for_a_past_date(plan, runner):
    result = runner.invoke(
        args=["report", "tallies", "rmbc", "--as-at", "2011-02-28", "--format", "text"]
    )

    assert result.exit_code == 0, result.output
    assert "Overall completion status as at 28 February 2011" in result.output
    lines = result.output.splitlines()
    overall = next(line for line in lines if line.startswith("All actions"))
    assert overall.split()[2:] == ["1", "0", "1", "0", "0"]
    assert lines[lines.index(overall) + 1].split() == ["0.00%", "100.00%", "0.00%", "0.00%"]


def test_highlight_json_goes_to_standard_output(plan, runner):
    result = runner.invoke(args=["report", "highlight", "rmbc", "--month", "2011-03"])

    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert (data["month"], data["as_at"]) == ("2011-03", "2011-03-31")
    assert [item["ref"] for item in data["completed"]] == ["1.01"]
    assert [(item["ref"], item["days_overdue"]) for item in data["overdue"]] == [("1.02", 31)]
    assert data["change"]["completed"] == "50.00"


def test_highlight_without_a_month_is_the_latest_month_with_updates(plan, runner):
    result = runner.invoke(args=["report", "highlight", "rmbc"])

    assert json.loads(result.output)["month"] == "2011-03"


def test_highlight_pdf_and_html_are_written_to_files(plan, runner, tmp_path):
    pdf_file = tmp_path / "march.pdf"
    html_file = tmp_path / "march.html"

    pdf_result = runner.invoke(
        args=[
            "report",
            "highlight",
            "rmbc",
            "--month",
            "2011-03",
            "--format",
            "pdf",
            "-o",
            str(pdf_file),
        ]
    )
    html_result = runner.invoke(
        args=[
            "report",
            "highlight",
            "rmbc",
            "--month",
            "2011-03",
            "--format",
            "html",
            "-o",
            str(html_file),
        ]
    )

    assert pdf_result.exit_code == 0, pdf_result.output
    assert "Wrote the March 2011 highlight report of 'rmbc'" in pdf_result.output
    first_page = PdfReader(io.BytesIO(pdf_file.read_bytes())).pages[0].extract_text()
    assert "RMBC Notice to Improve Action Plan – March Highlight Report" in first_page
    assert html_result.exit_code == 0, html_result.output
    html = html_file.read_text()
    assert "<title>RMBC Notice to Improve Action Plan – March Highlight Report</title>" in html
    assert "Overall Completion Status 31 March 2011" in html


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["report", "tallies", "nope"], "There is no plan 'nope'"),
        (["report", "highlight", "nope", "--month", "2011-03"], "There is no plan 'nope'"),
        (["report", "highlight", "rmbc", "--month", "2011-3"], "Write it as YYYY-MM"),
        (["report", "highlight", "rmbc", "--month", "March 2011"], "Write it as YYYY-MM"),
        (["report", "highlight", "rmbc", "--month", "2011-00"], "Write it as YYYY-MM"),
        (["report", "tallies", "rmbc", "--as-at", "2011-02-31"], "Write it as YYYY-MM-DD"),
    ],
)
def test_an_unknown_plan_or_malformed_month_exits_1_with_a_clear_message(
    plan, runner, args, message
):
    result = runner.invoke(args=args)

    assert result.exit_code == 1
    assert message in result.output


def test_an_unwritable_output_file_exits_1(plan, runner, tmp_path):
    result = runner.invoke(
        args=["report", "highlight", "rmbc", "-o", str(tmp_path / "missing" / "out.json")]
    )

    assert result.exit_code == 1
    assert "Could not write" in result.output


def test_highlight_docx_is_written_to_a_file(plan, runner, tmp_path):
    docx_file = tmp_path / "march.docx"

    result = runner.invoke(
        args=[
            "report",
            "highlight",
            "rmbc",
            "--month",
            "2011-03",
            "--format",
            "docx",
            "-o",
            str(docx_file),
        ]
    )

    assert result.exit_code == 0, result.output
    assert "Wrote the March 2011 highlight report of 'rmbc'" in result.output
    document = Document(io.BytesIO(docx_file.read_bytes()))
    assert document.paragraphs[0].style.name == "Heading 1"
    assert document.paragraphs[0].text == (
        "RMBC Notice to Improve Action Plan – March Highlight Report"
    )

"""flask report scorecard: JSON and HTML, to standard output or a file, and clear refusals."""

from __future__ import annotations

import json
from datetime import date

import pytest

from tests.indicator_factories import RED_COMMENTARY, build_scorecard_plan
from tracker import clock
from tracker.reports.cli import SCORECARD_FORMATS


@pytest.fixture
def plan(app):
    return build_scorecard_plan()


def test_json_goes_to_standard_output(plan, runner):
    result = runner.invoke(args=["report", "scorecard", "scorecard", "--period", "2017-01"])

    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["period"]["label"] == "Jan-17"
    rows = {row["ref"]: row for row in data["indicators"]}
    assert (rows["EH 1.2"]["rag"], rows["EH 2.2"]["rag"], rows["8.2"]["rag"]) == (
        "amber",
        "red",
        "amber",
    )
    assert rows["8.2"]["dot"] == "improving"
    assert data["exceptions"][0]["commentary"] == RED_COMMENTARY
    assert [clinic["ref"] for clinic in data["clinics"]] == ["1.2"]


def test_html_is_written_to_a_file(plan, runner, tmp_path):
    target = tmp_path / "scorecard.html"
    result = runner.invoke(
        args=[
            "report",
            "scorecard",
            "scorecard",
            "--period",
            "2017-01",
            "--format",
            "html",
            "-o",
            str(target),
        ]
    )

    assert result.exit_code == 0, result.output
    assert f"Wrote the January 2017 scorecard of 'scorecard' to {target}." in result.output
    page = target.read_text()
    assert page.startswith("<!DOCTYPE html>")
    assert "Performance Scorecard, January 2017" in page
    assert "Triaged within five working days of receipt" in page
    assert "Exception report (RAG rated red)" in page
    assert "<svg" in page


def test_the_default_period_is_the_last_complete_month(plan, runner, monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: date(2017, 2, 1))
    result = runner.invoke(args=["report", "scorecard", "scorecard"])

    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["period"]["label"] == "Jan-17"


def test_an_unknown_plan_is_refused(app, runner):
    result = runner.invoke(args=["report", "scorecard", "nothing", "--period", "2017-01"])

    assert result.exit_code != 0
    assert "There is no plan 'nothing'" in result.output


@pytest.mark.parametrize("period", ["2017-13", "Jan-17", ""])
def test_a_bad_period_is_refused_naming_the_option(plan, runner, period):
    result = runner.invoke(args=["report", "scorecard", "scorecard", "--period", period])

    assert result.exit_code != 0
    assert "--period" in result.output
    assert "YYYY-MM" in result.output


def test_an_unwritable_file_is_refused(plan, runner, tmp_path):
    target = tmp_path / "missing" / "scorecard.json"
    result = runner.invoke(
        args=["report", "scorecard", "scorecard", "--period", "2017-01", "-o", str(target)]
    )

    assert result.exit_code != 0
    assert "Could not write" in result.output


def test_each_format_is_one_entry_of_the_mapping():
    assert {"json", "html"} <= set(SCORECARD_FORMATS)

"""The council papers' scorecards, imported and reported, are judged as the papers judged them."""

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.factories import make_plan
from tracker.domain.indicator_rules import Travel
from tracker.domain.indicator_terms import RagOn
from tracker.extensions import db
from tracker.models import Indicator, Plan

PAPERS = Path(__file__).parent / "papers"


@dataclass(frozen=True, slots=True)
class Expected:
    """Hold one published judgement of a paper and, if we know we differ, how and why."""

    file: str
    period: str
    ref: str
    field: str
    paper: str
    known_ours: str
    reason: str


def expected() -> list[Expected]:
    with (PAPERS / "expected.csv").open(encoding="utf-8", newline="") as stream:
        return [
            Expected(
                row["file"],
                row["period"],
                row["ref"],
                row["field"],
                row["paper"],
                row["known_ours"],
                row["reason"],
            )
            for row in csv.DictReader(stream)
        ]


def ours(indicator: dict[str, object], field: str) -> str:
    """Return the scorecard JSON's judgement in the words of the expected table."""
    if field == "rag":
        return str(indicator["rag"] or "none")
    if field == "exception":
        return "yes" if indicator["exception"] else "no"
    dot = indicator["dot"]
    return "none" if dot is None else Travel(str(dot)).arrow


def reported(runner, file: str, period: str) -> dict[str, dict[str, object]]:
    """Import a paper's scorecard into a fresh plan and report it as JSON, by the commands."""
    slug = Path(file).stem.replace("_", "-")
    make_plan(slug=slug, title=file)
    result = runner.invoke(args=["indicators", "import", str(PAPERS / file), "--plan", slug])
    assert result.exit_code == 0, result.output
    result = runner.invoke(
        args=["report", "scorecard", slug, "--period", period, "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    card = json.loads(result.output)
    exceptions = {row["ref"] for row in card["exceptions"]}
    return {
        row["ref"]: {**row, "exception": row["ref"] in exceptions} for row in card["indicators"]
    }


def disagreements(runner) -> Iterator[tuple[Expected, str]]:
    """Yield every published judgement with the one the tracker gives for it."""
    cards: dict[tuple[str, str], dict[str, dict[str, object]]] = {}
    for case in expected():
        key = (case.file, case.period)
        if key not in cards:
            cards[key] = reported(runner, *key)
        yield case, ours(cards[key][case.ref], case.field)


def test_the_papers_scorecards_are_judged_as_published_but_for_the_known_exceptions(runner, app):
    unexpected = []
    for case, given in disagreements(runner):
        wanted = case.known_ours or case.paper
        if given != wanted:
            known = f" (the known difference is ours {case.known_ours})" if case.known_ours else ""
            unexpected.append(
                f"{case.file} {case.ref} {case.field}: ours {given}, paper's {case.paper}{known}"
            )
    assert not unexpected, "\n".join(["Disagreements with the papers:", *unexpected])


def test_every_known_exception_is_a_real_difference_with_its_reason():
    known = [case for case in expected() if case.known_ours]
    assert all(case.reason and case.known_ours != case.paper for case in known)
    assert not [case for case in expected() if case.reason and not case.known_ours]


@pytest.mark.parametrize("field", ["rag", "dot", "exception"])
def test_each_paper_publishes_the_fields_compared(field):
    assert {case.file for case in expected() if case.field == field}


def test_the_cells_of_the_early_help_paper_that_cannot_be_read_are_flagged_and_shown(runner, app):
    make_plan(slug="early-help", title="Early Help")
    path = PAPERS / "004_early_help_2017_01.csv"
    result = runner.invoke(args=["indicators", "import", str(path), "--plan", "early-help"])
    assert result.exit_code == 0, result.output
    assert "Not read (2 cells)" in result.output
    assert (
        "row 32, column P: the reading '(Nov, Dec, Jan ave)' under '2015/16' cannot be read"
        in result.output
    )
    assert "row 42, column N: the tolerances cannot be read: Green" in result.output
    result = runner.invoke(
        args=["report", "scorecard", "early-help", "--period", "2017-01", "--format", "json"]
    )
    card = {row["ref"]: row for row in json.loads(result.output)["indicators"]}
    shown = [reading["no_data"] for reading in card["9.5"]["readings"]]
    assert any(text and text.startswith("not read: ") for text in shown), shown
    assert card["12.4"]["rag"] is None


def test_the_paper_s_months_in_arrears_and_rag_on_the_year_to_date_are_read(runner, app):
    for file, slug in (
        ("004_early_help_2017_01.csv", "early-help"),
        ("004_childrens_social_care_2017_01.csv", "social-care"),
    ):
        make_plan(slug=slug, title=file)
        result = runner.invoke(args=["indicators", "import", str(PAPERS / file), "--plan", slug])
        assert result.exit_code == 0, result.output
    settings = {
        (slug, ref): (arrears, rag_on)
        for slug, ref, arrears, rag_on in db.session.execute(
            select(Plan.slug, Indicator.ref, Indicator.months_in_arrears, Indicator.rag_on).join(
                Plan, Plan.id == Indicator.plan_id
            )
        )
    }
    assert settings[("early-help", "7.2 Primary")] == (1, RagOn.PERIOD)
    assert settings[("early-help", "7.1 Primary")] == (0, RagOn.PERIOD)
    assert settings[("social-care", "5.8")] == (0, RagOn.YEAR_TO_DATE)
    assert settings[("social-care", "6.8")] == (0, RagOn.YEAR_TO_DATE)
    assert settings[("social-care", "1.1")] == (0, RagOn.PERIOD)

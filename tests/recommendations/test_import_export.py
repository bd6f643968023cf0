"""The Recommendation column: export writes each action's refs, import creates and links them."""

import csv
from pathlib import Path

from sqlalchemy import select

from tests.recommendations.conftest import build_recommended_plan
from tracker.extensions import db
from tracker.models import Action, ActionRecommendation, AuditEvent, Plan, Recommendation

HEADER = ["Ref", "Theme", "Objective", "Key Actions", "Target Date", "Lead", "Recommendation"]


def _write(path: Path, rows) -> Path:
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


def _row(ref, recommendation):
    return [
        ref,
        "1. Staying Safe",
        "Improve referrals",
        f"Action {ref}",
        "March 2011",
        "",
        recommendation,
    ]


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as stream:
        return list(csv.DictReader(stream))


def _links(slug: str) -> dict[str, set[str]]:
    plan_id = db.session.scalar(select(Plan.id).where(Plan.slug == slug))
    links: dict[str, set[str]] = {}
    for ref, action_ref in db.session.execute(
        select(Recommendation.ref, Action.ref)
        .join(ActionRecommendation, ActionRecommendation.recommendation_id == Recommendation.id)
        .join(Action, Action.id == ActionRecommendation.action_id)
        .where(Recommendation.plan_id == plan_id)
    ):
        links.setdefault(ref, set()).add(action_ref)
    return links


def test_export_writes_the_refs_and_an_import_into_a_new_plan_links_the_same(app, runner, tmp_path):
    build_recommended_plan()
    exported = tmp_path / "plan.csv"
    result = runner.invoke(
        args=["plans", "export", "cyps", "--as-at", "2010-11-30", "-o", str(exported)]
    )
    assert result.exit_code == 0, result.output
    rows = {row["Ref"]: row["Recommendation"] for row in _read(exported)}
    assert rows == {"1.1": "R1", "1.2": "R1", "2.1": "R2"}

    result = runner.invoke(
        args=["plans", "import", str(exported), "--plan", "copy", "--as-at", "2010-11-30"]
    )
    assert result.exit_code == 0, result.output
    assert "Recommendations: 2 created, 3 links to actions added." in result.output
    assert _links("copy") == _links("cyps") == {"R1": {"1.1", "1.2"}, "R2": {"2.1"}}


def test_an_import_creates_new_recommendations_with_their_words_and_links_existing_ones(
    app, runner, tmp_path
):
    path = _write(
        tmp_path / "in.csv",
        [
            _row("1.1", "R1: Improve the quality of supervision; R2"),
            _row("1.2", "r1"),
            _row("1.3", ""),
        ],
    )
    result = runner.invoke(
        args=["plans", "import", str(path), "--plan", "demo", "--as-at", "2010-08-20"]
    )
    assert result.exit_code == 0, result.output
    texts = {
        ref: text
        for ref, text in db.session.execute(select(Recommendation.ref, Recommendation.text))
    }
    assert texts == {"R1": "Improve the quality of supervision", "R2": "R2"}
    assert _links("demo") == {"R1": {"1.1", "1.2"}, "R2": {"1.1"}}
    created = db.session.scalars(
        select(AuditEvent.verb).where(AuditEvent.entity == "recommendation")
    ).all()
    assert created == ["create", "create"]

    # Importing the same file again adds nothing.
    result = runner.invoke(
        args=["plans", "import", str(path), "--plan", "demo", "--as-at", "2010-08-21"]
    )
    assert result.exit_code == 0, result.output
    assert "Recommendations:" not in result.output
    assert db.session.query(Recommendation).count() == 2


def test_a_ref_too_long_is_refused_naming_row_and_column(app, runner, tmp_path):
    path = _write(tmp_path / "in.csv", [_row("1.1", "R" * 41)])
    result = runner.invoke(
        args=["plans", "import", str(path), "--plan", "demo", "--as-at", "2010-08-20"]
    )
    assert result.exit_code != 0
    assert "row 2, column G (Recommendation): Reference must be 40 characters or fewer" in (
        result.output
    )
    assert db.session.query(Recommendation).count() == 0

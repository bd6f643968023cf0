"""A revised target date goes out as Baseline Target Date and Target Date, and comes back in."""

import csv
from datetime import date

from sqlalchemy import select

from tests.test_plan_import import ROWS, run_import, write_csv
from tracker.domain.assurance import RevisionStatus
from tracker.domain.date_revisions import IMPORTED
from tracker.extensions import db
from tracker.models import Action, Plan, TargetDateRevision


def _rows(path):
    with path.open(encoding="utf-8-sig", newline="") as stream:
        return list(csv.DictReader(stream))


def _revise(slug: str, ref: str, to_date: date, decided_on: date) -> None:
    plan_id = db.session.scalar(select(Plan.id).where(Plan.slug == slug))
    action = db.session.scalar(select(Action).where(Action.plan_id == plan_id, Action.ref == ref))
    db.session.add(
        TargetDateRevision(
            action_id=action.id,
            from_date=action.target_date,
            to_date=to_date,
            reason="Audit late",
            status=RevisionStatus.APPROVED,
            decided_on=decided_on,
        )
    )
    action.target_date = to_date
    db.session.commit()


def test_export_carries_the_baseline_and_import_keeps_it_as_an_approved_revision(runner, tmp_path):
    assert run_import(runner, write_csv(tmp_path / "in.csv", ROWS), "--as-at", "2010-08-20")
    ref = ROWS[0][0]
    first = db.session.scalar(select(Action.target_date).where(Action.ref == ref))
    _revise("demo", ref, date(2011, 6, 30), date(2010, 9, 1))
    out = tmp_path / "out.csv"

    result = runner.invoke(
        args=[
            "plans",
            "export",
            "demo",
            "--as-at",
            "2010-09-30",
            "-o",
            str(out),
            "--layout",
            "standard",
        ]
    )

    assert result.exit_code == 0, result.output
    [row, *others] = _rows(out)
    assert row["Target Date"] == "30 June 2011"
    assert row["Baseline Target Date"] == f"{first:%-d %B %Y}"
    assert all(other["Baseline Target Date"] == "" for other in others)
    # The council's own layout has no such column, and says it left the baseline out.
    council = runner.invoke(
        args=["plans", "export", "demo", "--as-at", "2010-09-30", "-o", str(tmp_path / "c.csv")]
    )
    assert "Baseline Target Date" in council.output
    # As at a date before the approval, the file has the first date and no baseline of its own.
    early = tmp_path / "early.csv"
    runner.invoke(
        args=[
            "plans",
            "export",
            "demo",
            "--as-at",
            "2010-08-20",
            "-o",
            str(early),
            "--layout",
            "standard",
        ]
    )
    assert _rows(early)[0]["Baseline Target Date"] == ""

    result = runner.invoke(
        args=["plans", "import", str(out), "--plan", "copy", "--as-at", "2010-09-30"]
    )
    assert result.exit_code == 0, result.output
    plan_id = db.session.scalar(select(Plan.id).where(Plan.slug == "copy"))
    action = db.session.scalar(select(Action).where(Action.plan_id == plan_id, Action.ref == ref))
    assert action.target_date == date(2011, 6, 30)
    [revision] = db.session.scalars(
        select(TargetDateRevision).where(TargetDateRevision.action_id == action.id)
    ).all()
    assert (revision.from_date, revision.to_date, revision.status) == (
        first,
        date(2011, 6, 30),
        RevisionStatus.APPROVED,
    )
    assert (revision.source, revision.decided_on) == (IMPORTED, None)
    # Importing the same file again adds no second revision.
    runner.invoke(args=["plans", "import", str(out), "--plan", "copy", "--as-at", "2010-10-31"])
    assert len(db.session.scalars(select(TargetDateRevision)).all()) == 2

"""A held-out plan's highlight reports, month by month, agree with a table written by hand.

The plan (plan/tracker.csv) is shaped like a published improvement action tracker: each action
answers an Ofsted recommendation, one has multi-date target text (milestones), one a baseline
beside a reprogrammed date. Five months of proposals, decisions, milestones and sign-offs are
applied through the services with the day each happened; plan/expected.csv says, from the
issue's rules, what each month's report lists, against which date, and which recommendations
are met.
"""

import csv
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from tests.factories import make_person, make_user
from tracker.domain.as_at import Month
from tracker.domain.enums import Completion, Role
from tracker.domain.update_rules import ProposedUpdate
from tracker.extensions import db
from tracker.models import Action, Milestone, Person, Plan, TargetDateRevision, User
from tracker.reports.report_json import highlight_json
from tracker.services import date_revisions, milestones, reports, sign_off
from tracker.services.status_updates import record_status_update

HERE = Path(__file__).parent / "plan"
MONTHS = [Month(2010, 9), Month(2010, 10), Month(2010, 11), Month(2010, 12), Month(2011, 1)]
MAIL = date_revisions.Mail(base_url="http://tracker.example", message_id_domain="example.org")
RETURN_EMAIL = sign_off.ReturnEmail(
    base_url="http://tracker.example",
    message_id_domain="example.org",
    render=lambda context: ("Returned", "<p>Returned</p>"),
)
FIELDS = ("month", "box", "ref", "against", "days", "detail")


def _at(day: date) -> datetime:
    return datetime.combine(day, time(10), tzinfo=UTC)


def _action(ref: str) -> Action:
    db.session.expire_all()
    return db.session.scalar(select(Action).where(Action.ref == ref))


def _user(name: str) -> User:
    person = db.session.scalar(select(Person).where(Person.name == name))
    return make_user(Role.LEAD, person=person)


class Script:
    """Apply the plan's events through the services, each on its own day."""

    def __init__(self, owner: User, leads: dict[str, User]) -> None:
        self.owner = owner
        self.leads = leads

    def _decider(self, user: User) -> date_revisions.Decider:
        return date_revisions.Decider(user.id, user.person_id, user.role)

    def propose(self, ref: str, lead: str, to_date: date, day: date) -> int:
        action = _action(ref)
        revision = date_revisions.propose(
            action,
            to_date=to_date,
            reason="The audit tool arrived late",
            seen_version=action.version,
            by=self._decider(self.leads[lead]),
            now=_at(day),
            today=day,
            mail=MAIL,
        )
        db.session.commit()
        return revision.id

    def decide(self, ref: str, revision_id: int, approve: bool, day: date) -> None:
        action = _action(ref)
        date_revisions.decide(
            db.session.get(TargetDateRevision, revision_id),
            action,
            approve=approve,
            note="" if approve else "Keep the date: the team is in post",
            seen_version=action.version,
            by=self._decider(self.owner),
            now=_at(day),
            today=day,
            mail=MAIL,
        )
        db.session.commit()

    def milestone_done(self, ref: str, due_on: date, lead: str, day: date) -> None:
        action = _action(ref)
        milestone_id = db.session.scalar(
            select(Milestone.id).where(Milestone.action_id == action.id, Milestone.due_on == due_on)
        )
        marked = milestones.mark_done(
            action, [milestone_id], done_on=day, today=day, user_id=self.leads[lead].id
        )
        assert len(marked) == 1
        db.session.commit()

    def completed(self, ref: str, lead: str, day: date) -> None:
        action = _action(ref)
        record_status_update(
            action,
            ProposedUpdate(
                completion=Completion.COMPLETED,
                status=None,
                direction=None,
                current_performance="",
                commentary="Done; evidence attached",
                completed_on=day,
                as_at=day,
            ),
            seen_version=action.version,
            author_user_id=self.leads[lead].id,
            now=_at(day),
        )
        db.session.commit()

    def _signer(self) -> sign_off.Signer:
        return sign_off.Signer(self.owner.id, self.owner.person_id, self.owner.role)

    def sign_off(self, ref: str, day: date) -> None:
        action = _action(ref)
        sign_off.sign_off(
            action, seen_version=action.version, signer=self._signer(), now=_at(day), today=day
        )
        db.session.commit()

    def return_action(self, ref: str, day: date) -> None:
        action = _action(ref)
        sign_off.return_action(
            action,
            seen_version=action.version,
            reason="No evidence that the thresholds were agreed",
            signer=self._signer(),
            now=_at(day),
            today=day,
            email=RETURN_EMAIL,
        )
        db.session.commit()


def _month_events(script: Script) -> dict[Month, Callable[[], None]]:
    def september() -> None:
        declined = script.propose("1.1", "Deb Johnson", date(2010, 11, 30), date(2010, 9, 10))
        script.decide("1.1", declined, False, date(2010, 9, 15))
        script.milestone_done("1.2", date(2010, 9, 30), "Warren Carratt", date(2010, 9, 28))

    def october() -> None:
        script.milestone_done("1.2", date(2010, 8, 31), "Warren Carratt", date(2010, 10, 4))
        approved = script.propose("1.1", "Deb Johnson", date(2010, 10, 29), date(2010, 10, 5))
        script.decide("1.1", approved, True, date(2010, 10, 8))
        script.completed("1.1", "Deb Johnson", date(2010, 10, 20))
        script.milestone_done("1.2", date(2010, 10, 31), "Warren Carratt", date(2010, 10, 29))

    def november() -> None:
        script.return_action("1.1", date(2010, 11, 3))
        approved = script.propose("2.1", "Deb Johnson", date(2011, 1, 14), date(2010, 11, 2))
        script.decide("2.1", approved, True, date(2010, 11, 5))
        script.completed("1.2", "Warren Carratt", date(2010, 11, 26))

    def december() -> None:
        script.completed("1.1", "Deb Johnson", date(2010, 12, 1))
        script.sign_off("1.2", date(2010, 12, 2))
        script.sign_off("1.1", date(2010, 12, 10))
        script.completed("3.1", "Warren Carratt", date(2010, 12, 20))

    def january() -> None:
        script.sign_off("3.1", date(2011, 1, 6))

    return dict(zip(MONTHS, (september, october, november, december, january), strict=True))


def _revision(item: dict[str, Any]) -> str:
    # The words the issue asks for: the baseline, the approval day and the number of revisions.
    return item["revision_note"]


def _rows(month: Month, report: dict[str, Any]) -> list[dict[str, str]]:
    """Return the report's items as rows of the hand-written table."""
    label = f"{month.year}-{month.month:02d}"

    def row(box: str, ref: str, against: object = "", days: object = "", detail: str = ""):
        values = (label, box, ref, against or "", "" if days is None else days, detail)
        return dict(zip(FIELDS, (str(value) for value in values), strict=True))

    rows = [
        row("overdue", item["ref"], item["target_date"], item["days_overdue"], _revision(item))
        for item in report["overdue"]
    ]
    rows += [
        row(
            "milestone_overdue",
            item["ref"],
            item["milestone"]["due_on"],
            item["milestone_days_overdue"],
            _revision(item),
        )
        for item in report["milestones_overdue"]
    ]
    rows += [
        row("completed", item["ref"], item["signed_off_on"], detail=_revision(item))
        for item in report["completed"]
    ]
    rows += [
        row("awaiting_sign_off", item["ref"], item["target_date"], detail=_revision(item))
        for item in report["awaiting_sign_off"]
    ]
    rows += [
        row("planned", item["ref"], item["due"], detail=_revision(item))
        for item in report["planned"]
    ]
    summary = report["recommendations"]
    rows += [
        row(
            "recommendation",
            rec["ref"],
            detail="met"
            if rec["status"] == "met"
            else f"{rec['actions_done']} of {rec['actions']}",
        )
        for rec in summary["rows"]
    ]
    rows.append(row("recommendations_met", "", detail=f"{summary['met']} of {summary['total']}"))
    return rows


def _expected(month: Month) -> list[dict[str, str]]:
    label = f"{month.year}-{month.month:02d}"
    with (HERE / "expected.csv").open(encoding="utf-8", newline="") as stream:
        return [row for row in csv.DictReader(stream) if row["month"] == label]


def _key(row: dict[str, str]) -> tuple[str, str]:
    return (row["box"], row["ref"])


def _differences(expected: list[dict[str, str]], got: list[dict[str, str]]) -> list[str]:
    wanted = {_key(row): row for row in expected}
    found = {_key(row): row for row in got}
    lines = []
    for key in sorted(wanted.keys() | found.keys()):
        if wanted.get(key) != found.get(key):
            lines.append(f"  {key}: expected {wanted.get(key)}, report has {found.get(key)}")
    return lines


def _report(plan: Plan, month: Month, today: date) -> dict[str, Any]:
    report = reports.load_highlight_report(plan, month, today=today, cut_off=month.last_day)
    return highlight_json(report)


@pytest.fixture
def plan(app, runner) -> Plan:
    result = runner.invoke(
        args=[
            "plans",
            "import",
            str(HERE / "tracker.csv"),
            "--plan",
            "held-out",
            "--as-at",
            "2010-08-31",
            "--title",
            "Improvement action tracker",
        ]
    )
    assert result.exit_code == 0, result.output
    plan = db.session.scalar(select(Plan).where(Plan.slug == "held-out"))
    owner = make_user(Role.LEAD, person=make_person("Joyce Thacker", email="joyce@example.org"))
    plan.owner_person_id = owner.person_id
    plan.sign_off_required = True
    db.session.commit()
    return plan


def test_each_months_report_lists_what_the_hand_written_table_says_and_keeps_it(app, plan):
    owner = db.session.scalar(select(User).where(User.person_id == plan.owner_person_id))
    leads = {name: _user(name) for name in ("Deb Johnson", "Warren Carratt")}
    db.session.commit()
    script = Script(owner, leads)
    first_seen: dict[Month, dict[str, Any]] = {}
    problems: list[str] = []
    for month, events in _month_events(script).items():
        # The emails to approvers and leads are rendered as a request would render them.
        with app.test_request_context():
            events()
        # Built the day after the cut-off, before anything of the next month has happened.
        first_seen[month] = _report(plan, month, month.last_day + timedelta(days=1))
        differences = _differences(_expected(month), _rows(month, first_seen[month]))
        if differences:
            problems.append(f"{month.label}:\n" + "\n".join(differences))
    assert not problems, "Reports differ from expected.csv:\n" + "\n".join(problems)

    # Rebuilt after every later revision, return and sign-off, each past month is as it was.
    today = MONTHS[-1].last_day + timedelta(days=40)
    for month in MONTHS:
        again = _report(plan, month, today)
        changed = sorted(key for key in again if again[key] != first_seen[month][key])
        assert not changed, f"{month.label} report changed when rebuilt later: " + "; ".join(
            f"{key}: {first_seen[month][key]} -> {again[key]}" for key in changed
        )

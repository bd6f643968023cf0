"""Time the PDFs of a plan whose text fields are all at their limits: python -m bench.long_text."""

# A lead can fill every commentary of their actions to the limit, and an administrator every
# other field; this measures what that costs each report, on a throwaway SQLite database. Each
# PDF is built once to warm up and then three times, and the median is printed with its pages.

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import UTC, date, datetime
from io import BytesIO
from pathlib import Path

from flask_migrate import upgrade
from pypdf import PdfReader

from tracker import clock, create_app
from tracker.config import Config
from tracker.domain import text_limits as limits
from tracker.domain.as_at import Month
from tracker.domain.enums import Completion
from tracker.domain.leads import person_key
from tracker.domain.status_key import DEFAULT_STATUS_KEY
from tracker.domain.text_limits import TextLimit
from tracker.extensions import db
from tracker.models import (
    Action,
    ActionLead,
    Objective,
    Person,
    Plan,
    Risk,
    StatusUpdate,
    Theme,
)
from tracker.reports import pdf
from tracker.services import reports
from tracker.services.status_updates import apply_update_to_action, status_values

AS_AT = date(2010, 10, 20)
MONTH = Month(2010, 10)
RUNS = 3


def _filled(limit: TextLimit, word: str) -> str:
    return (word * (limit.maximum // len(word) + 1))[: limit.maximum]


def build(actions: int, risks: int) -> Plan:
    """Create a plan of red actions and open risks with every text field at its limit."""
    plan = Plan(slug="long", title=_filled(limits.PLAN_TITLE, "Title "))
    db.session.add(plan)
    db.session.flush()
    theme = Theme(plan_id=plan.id, number=1, title=_filled(limits.THEME_TITLE, "Theme "))
    db.session.add(theme)
    db.session.flush()
    objective = Objective(theme_id=theme.id, text=_filled(limits.OBJECTIVE, "Objective "))
    lead_name = _filled(limits.PERSON_NAME, "Lead ")
    lead = Person(name=lead_name, name_key=person_key(lead_name))
    db.session.add_all([objective, lead])
    db.session.flush()
    for number in range(actions):
        action = Action(
            plan_id=plan.id,
            objective_id=objective.id,
            ref=f"1.{number}",
            text=_filled(limits.ACTION_TEXT, "Action "),
            position=number,
            target_date=date(2010, 9, 30),
            target_date_text=_filled(limits.TARGET_DATE_TEXT, "September 2010 "),
            baseline=_filled(limits.BASELINE, "Baseline "),
            targets=_filled(limits.TARGETS, "Target "),
            workstreams=_filled(limits.WORKSTREAMS, "Workstream "),
            lead_text=lead_name,
        )
        db.session.add(action)
        db.session.flush()
        db.session.add(ActionLead(action_id=action.id, person_id=lead.id))
        # Half the commentaries are one unbroken word, the other half 200 short lines.
        commentary = (
            "x" * limits.COMMENTARY.maximum
            if number % 2 == 0
            else "\n".join(f"Line {line} of the commentary" for line in range(200))
        )
        update = StatusUpdate(
            action_id=action.id,
            as_at=AS_AT,
            completion=Completion.NOT_COMPLETED,
            **status_values(DEFAULT_STATUS_KEY.entry_named("Red")),
            current_performance=_filled(limits.CURRENT_PERFORMANCE, "Performance "),
            commentary=commentary,
        )
        db.session.add(update)
        apply_update_to_action(action, update)
    for _ in range(risks):
        db.session.add(
            Risk(
                plan_id=plan.id,
                description="r" * limits.RISK_DESCRIPTION.maximum,
                likelihood=_filled(limits.RISK_LIKELIHOOD, "High "),
                consequences=_filled(limits.RISK_CONSEQUENCES, "Consequence "),
                mitigation=_filled(limits.RISK_MITIGATION, '<b>Mitigation</b> & "quoted" '),
                owner=_filled(limits.RISK_OWNER, "Owner "),
                raised_on=date(2010, 10, 1),
            )
        )
    db.session.commit()
    return plan


def _median_seconds(build_pdf) -> tuple[float, int]:
    content = build_pdf()
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        content = build_pdf()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings), len(PdfReader(BytesIO(content)).pages)


def main() -> None:
    """Build the plan and print each PDF's median build time and page count."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actions", type=int, default=20)
    parser.add_argument("--risks", type=int, default=10)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'long.db'}"
        app = create_app(type("LongTextConfig", (Config,), {"SQLALCHEMY_DATABASE_URI": url}))
        with app.app_context():
            upgrade()
            plan = build(arguments.actions, arguments.risks)
            now = datetime.now(UTC)
            day = date(2010, 10, 31)
            print(f"{arguments.actions} red actions and {arguments.risks} risks at the limits:")
            for name, build_pdf in (
                (
                    "highlight.pdf",
                    lambda: pdf.highlight_pdf(
                        reports.load_highlight_report(plan, MONTH, today=clock.today()), now
                    ),
                ),
                ("plan.pdf", lambda: pdf.plan_pdf(reports.load_plan_report(plan, day), now)),
                (
                    "exceptions.pdf",
                    lambda: pdf.plan_pdf(reports.load_plan_report(plan, day, red_only=True), now),
                ),
            ):
                seconds, pages = _median_seconds(build_pdf)
                print(f"  {name:15} {seconds:6.2f} s  {pages:4} pages", flush=True)
            db.engine.dispose()


if __name__ == "__main__":
    main()

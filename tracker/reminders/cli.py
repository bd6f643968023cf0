"""Send reminders, run their scheduler and import people's addresses from the command line.

`flask reminders send` belongs to the reminders blueprint's command group. A blueprint has one
command group, so `flask scheduler run` and `flask people import` are click groups of their own,
which create_app adds to the app's commands; they live here, beside the reminders they serve,
instead of in blueprints that would have no pages.
"""

from __future__ import annotations

import json
import logging
import signal
from datetime import date, datetime
from pathlib import Path

import click
from flask import current_app

from tracker import clock, transactions
from tracker.clock import LONDON
from tracker.domain.due import DueKind
from tracker.plans.cli import not_imported, refuse
from tracker.reminders import bp
from tracker.reminders.emails import reading_url, update_url
from tracker.reminders.jobs import LockBusy, run_reminders
from tracker.services import outbox, people_import
from tracker.services import reminders as reminder_service
from tracker.services.mailer import MailConfigError, MailSettings

ISO_DATE = click.DateTime(formats=["%Y-%m-%d"])

bp.cli.help = "Send the reminder emails."
scheduler_cli = transactions.CommandGroup("scheduler", help="Run the reminder scheduler.")
people_cli = transactions.CommandGroup("people", help="Manage the people who lead actions.")


def _refuse_when_reminders_are_off() -> None:
    if not current_app.config["TRACKER_REMINDERS"]:
        click.echo("Reminders are off (TRACKER_REMINDERS=off): nothing is sent.", err=True)
        raise SystemExit(1)


def _dry_run_report(today: date) -> dict[str, object]:
    """Return the digests a run on today would send, and who cannot be sent theirs."""
    day = reminder_service.plan_day(today)
    statuses = outbox.existing_statuses([d.idempotency_key for d in day.run.digests])
    base_url = current_app.config["TRACKER_BASE_URL"]
    return {
        "date": today.isoformat(),
        "working_day": day.run.is_working_day,
        "digests": [
            {
                "recipient": day.recipients[digest.person_id].email,
                "name": day.recipients[digest.person_id].name,
                "kind": digest.kind.value,
                "subject": digest.subject,
                "already_in_outbox": (
                    statuses[digest.idempotency_key][1].value
                    if digest.idempotency_key in statuses
                    else None
                ),
                "plans": [
                    {
                        "plan": section.plan.plan_slug,
                        "title": section.plan.plan_title,
                        "items": [
                            {
                                "ref": item.ref,
                                "text": item.text,
                                "due": item.kind.value,
                                "target_date": (
                                    item.target_date.isoformat() if item.target_date else None
                                ),
                                "target_date_text": item.target_date_text,
                                "days_overdue": (
                                    item.days_overdue if item.kind is DueKind.OVERDUE else None
                                ),
                                "milestone": (
                                    {
                                        "text": item.milestone.name,
                                        "due_on": item.milestone.due_on.isoformat(),
                                    }
                                    if item.milestone is not None
                                    else None
                                ),
                                "link": update_url(base_url, item.action_id),
                            }
                            for item in section.items
                        ],
                        "readings": [
                            {
                                "ref": reading.ref,
                                "title": reading.title,
                                "period": reading.period.label,
                                "due_on": reading.due_on.isoformat(),
                                "working_days_missing": reading.working_days_missing,
                                "link": reading_url(base_url, reading.indicator_id),
                            }
                            for reading in section.readings
                        ],
                    }
                    for section in digest.sections
                ],
            }
            for digest in day.run.digests
        ],
        "unreachable": reminder_service.describe_unreachable(day),
    }


@bp.cli.command("send")
@click.option("--as-at", type=ISO_DATE, help="Send the digests of this day (default: today).")
@click.option("--dry-run", is_flag=True, help="Print the digests instead of sending them.")
def send_command(as_at: datetime | None, dry_run: bool) -> None:
    """Plan the day's reminder digests and send every message due, once; print a JSON summary.

    Messages waiting for a retry are tried at once: whoever runs this is the retry.
    """
    today = as_at.date() if as_at else clock.today()
    if dry_run:
        transactions.discard()
        report = _dry_run_report(today)
        click.echo(json.dumps(report, indent=2, ensure_ascii=False))
        return
    _refuse_when_reminders_are_off()
    try:
        MailSettings.from_config(current_app.config)
        summary = run_reminders(
            today=today,
            respect_backoff=False,
            on_wait=lambda holder: click.echo(
                f"Waiting for another reminders run to finish ({holder}).", err=True
            ),
        )
    except MailConfigError as error:
        click.echo(f"The mail settings cannot work: {error}.", err=True)
        raise SystemExit(1) from None
    except LockBusy as busy:
        click.echo(f"Nothing was sent: {busy}.", err=True)
        raise SystemExit(1) from None
    click.echo(json.dumps(summary.as_dict(), ensure_ascii=False))


@scheduler_cli.command("run")
def scheduler_run_command() -> None:
    """Send reminders daily at TRACKER_REMINDER_SEND_TIME (Europe/London) until stopped; run one."""
    from tracker.reminders.scheduler import build_scheduler

    _refuse_when_reminders_are_off()
    MailSettings.from_config(current_app.config)
    # The app's log handler writes the records (text or JSON); the tracker's own loggers are
    # at INFO already, APScheduler's are raised to it to show each job starting and ending.
    logging.getLogger("apscheduler").setLevel(logging.INFO)
    app = current_app._get_current_object()  # type: ignore[attr-defined]  # the proxy's target
    scheduler = build_scheduler(app, datetime.now(LONDON))

    def stop(_signum: int, _frame: object) -> None:
        # Jobs already running finish before the process exits.
        scheduler.shutdown(wait=False)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    for job in scheduler.get_jobs():
        click.echo(f"Scheduled: {job.name} ({job.trigger}).", err=True)
    scheduler.start()


@people_cli.command("import")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option(
    "--organisation",
    help="Name of the organisation whose people these are (default: the default organisation).",
)
def people_import_command(file: Path, organisation: str | None) -> None:
    """Set people's email addresses from a CSV file with Name and Email columns.

    Names are matched to the organisation's people ignoring case and spacing; unknown names
    are added. If any row has a problem nothing is written.
    """
    try:
        rows = people_import.read_people_csv(file, current_app.config["IMPORT_MAX_BYTES"])
        summary = people_import.import_people(rows, organisation=organisation)
    except people_import.PeopleImportRejected as rejected:
        refuse(not_imported(file), rejected.problems)
    for line in summary.lines():
        click.echo(line)

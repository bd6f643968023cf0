"""Show administrators the reminder outbox and the leads reminders cannot reach."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from tracker import clock
from tracker.auth.permissions import admin_required
from tracker.domain.outbox import OutboxStatus
from tracker.domain.reminder_wording import describe_due, describe_missing
from tracker.domain.working_days import WorkingCalendar
from tracker.extensions import db
from tracker.models import AuditEvent
from tracker.reminders import bp
from tracker.reminders.forms import PreviewForm
from tracker.services import outbox as outbox_service
from tracker.services import reminders as reminder_service

OUTBOX_PAGE_SIZE = 200


@bp.get("/")
@admin_required
def index():
    """Show how many reminder emails have each status."""
    counts = outbox_service.outbox_counts()
    return render_template("reminders/index.html", counts=counts, statuses=list(OutboxStatus))


@bp.get("/outbox")
@admin_required
def outbox():
    """List the newest reminder emails, all or of one status, with a re-send button where fit."""
    status_text = request.args.get("status", "")
    try:
        status = OutboxStatus(status_text) if status_text else None
    except ValueError:
        abort(404)
    rows = outbox_service.list_outbox(status, OUTBOX_PAGE_SIZE)
    counts = outbox_service.outbox_counts()
    return render_template(
        "reminders/outbox.html",
        rows=rows,
        status=status,
        counts=counts,
        statuses=list(OutboxStatus),
        page_size=OUTBOX_PAGE_SIZE,
    )


@bp.post("/outbox/<int:message_id>/resend")
@admin_required
def resend(message_id: int):
    """Queue a failed or unknown message to be sent again by the next reminders run."""
    described = outbox_service.describe_outbox_row(message_id) or abort(404)
    recipient, subject, previous = described
    if outbox_service.resend(message_id):
        db.session.add(
            AuditEvent(
                user_id=current_user.id,
                verb="resend",
                entity="outbox_message",
                entity_id=message_id,
                summary=f"Queued '{subject}' to {recipient} to be sent again",
                details={"previous_status": previous.value},
            )
        )
        flash(f"The email to {recipient} will go with the next reminders run.", "success")
    else:
        flash(f"The email to {recipient} is {previous.label.lower()}: nothing was changed.")
    shown = request.form.get("status", "")
    kept = shown if shown in {status.value for status in OutboxStatus} else None
    return redirect(url_for("reminders.outbox", status=kept))


@bp.get("/outbox/<int:message_id>")
@admin_required
def message(message_id: int):
    """Show one outbox message as it was sent: headers, both bodies and every attempt."""
    detail = outbox_service.message_detail(message_id) or abort(404)
    return render_template("reminders/message.html", detail=detail)


@bp.get("/preview")
@admin_required
def preview():
    """Show every digest a run for the chosen day would send, by recipient, changing nothing."""
    calendar = WorkingCalendar()
    form = PreviewForm(request.args)
    if not request.args:
        form.day.data = calendar.add_working_days(clock.today(), 1)
    elif not form.validate() or form.day.data is None:
        if not form.day.errors:
            form.day.errors = ["Enter the day of the reminders run"]
        return render_template("reminders/preview.html", form=form, day=None), 400
    day = form.day.data
    day_plan = reminder_service.plan_day(day)
    digests = day_plan.run.digests
    in_outbox = outbox_service.existing_statuses([digest.idempotency_key for digest in digests])
    return render_template(
        "reminders/preview.html",
        form=form,
        day=day,
        is_working_day=day_plan.run.is_working_day,
        groups=reminder_service.by_recipient(day_plan),
        in_outbox={key: status for key, (_, status) in in_outbox.items()},
        unreachable=len(day_plan.run.unreachable),
        describe_due=describe_due,
        describe_missing=describe_missing,
    )


@bp.get("/unreachable")
@admin_required
def unreachable():
    """List the people who should get a reminder on the next working day but have no address."""
    calendar = WorkingCalendar()
    day = clock.today()
    if not calendar.is_working_day(day):
        day = calendar.add_working_days(day, 1)
    day_plan = reminder_service.plan_day(day)
    rows = [(person, day_plan.plans[person.plan_id]) for person in day_plan.run.unreachable]
    return render_template("reminders/unreachable.html", rows=rows, day=day)

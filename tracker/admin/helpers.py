"""Share the steps every admin view takes: find the plan, save, and report problems."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any, NamedTuple, TypeVar, cast

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm

from tracker import clock, transactions
from tracker.models import Plan
from tracker.services import admin_plans
from tracker.services.organisations import LeadKeptWhole
from tracker.services.validation import Invalid

T = TypeVar("T")
NOTHING_CHANGED = "Nothing was changed."


class Section(NamedTuple):
    """A list page of a plan's records, as its breadcrumb names it."""

    text: str
    endpoint: str


def plan_or_404(slug: str) -> Plan:
    """Return the plan with this slug, archived or not, or answer 404."""
    return admin_plans.get_plan(slug) or abort(404)


def found(record: T | None) -> T:
    """Return the record, or answer 404 when it is not there (or not in this plan)."""
    if record is None:
        abort(404)
    return record


def plan_crumbs(plan: Plan, *more: tuple[str, str | None]) -> list[dict[str, str]]:
    """Return the breadcrumbs down to a plan's admin page, then any further steps."""
    crumbs = [{"text": "Plans", "href": url_for("admin.plans")}]
    if not more:
        return [*crumbs, {"text": plan.title}]
    crumbs.append({"text": plan.title, "href": url_for("admin.plan", slug=plan.slug)})
    crumbs.extend({"text": text, "href": href} if href else {"text": text} for text, href in more)
    return crumbs


def form_values(form: FlaskForm, names: Iterable[str]) -> dict[str, Any]:
    """Return the submitted values of these fields."""
    return {name: form[name].data for name in names}


def save(form: FlaskForm | None, write: Callable[[], T]) -> tuple[bool, T]:
    """Run a write in a savepoint; if it raises, undo it, and show Invalid's problems."""
    # The request commits what is kept; an undone write must not reach that commit.
    try:
        with transactions.savepoint():
            result = write()
    except Invalid as invalid:
        _show_problems(form, invalid.problems)
        # Callers read the result only when the write was saved.
        return False, cast(T, None)
    return True, result


def _show_problems(form: FlaskForm | None, problems: dict[str, str]) -> None:
    for name, message in problems.items():
        field = form[name] if form is not None and name in form else None
        if field is None:
            flash(message, "error")
        else:
            field.errors = [*field.errors, message]


def kept_whole_message(kept: LeadKeptWhole) -> str:
    """Say what keeping a Lead text whole did, for the page the administrator goes back to."""
    recorded = "is now kept" if kept.recorded else "was already kept"
    return (
        f"'{kept.text}' {recorded} as one lead in every import of this organisation's plans. "
        f"Actions whose leads changed: {kept.actions_relinked}."
    )


def if_changed(message: str) -> Callable[[dict[str, Any]], str]:
    """Return what to say after an edit: the message, or that nothing changed."""
    return lambda changes: message if changes else NOTHING_CHANGED


def plan_form_page(
    plan: Plan,
    form: FlaskForm,
    write: Callable[[], T],
    *,
    done: Callable[[T], str],
    title: str,
    section: Section,
    submit_text: str,
):
    """Save a valid form and go back to the section saying what was done; else show the form."""
    back = url_for(section.endpoint, slug=plan.slug)
    if form.validate_on_submit():
        saved, result = save(form, write)
        if saved:
            flash(done(result), "success")
            return redirect(back)
    return render_template(
        "admin/form.html",
        form=form,
        title=title,
        caption=plan.title,
        submit_text=submit_text,
        cancel_url=back,
        breadcrumbs=plan_crumbs(plan, (section.text, back), (title, None)),
    )


def archive_or_restore(
    slug: str,
    record_of: Callable[[Plan], Any],
    set_archived: Callable[..., object],
    *,
    archive: bool,
    message: str,
    endpoint: str,
):
    """Archive or restore a plan's record unless it already is, then say so and go back."""
    plan = plan_or_404(slug)
    record = found(record_of(plan))
    if (record.archived_at is None) is archive:
        archived_at: datetime | None = clock.now() if archive else None
        save(None, lambda: set_archived(plan, record, archived_at, user_id=current_user.id))
        # The message may name the record, as in "Theme {record.number} restored.".
        flash(message.format(record=record), "success")
    return redirect(url_for(endpoint, slug=plan.slug))

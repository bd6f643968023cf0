"""Share the steps every admin view takes: find the plan, save once, and report problems."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from flask import abort, flash
from flask_wtf import FlaskForm

from tracker.extensions import db
from tracker.models import Plan
from tracker.services import admin_plans
from tracker.services.validation import Invalid

T = TypeVar("T")


def plan_or_404(slug: str) -> Plan:
    """Return the plan with this slug, archived or not, or answer 404."""
    return admin_plans.get_plan(slug) or abort(404)


def found(record: T | None) -> T:
    """Return the record, or answer 404 when it is not there (or not in this plan)."""
    if record is None:
        abort(404)
    return record


def form_values(form: FlaskForm, names: Iterable[str]) -> dict[str, Any]:
    """Return the submitted values of these fields."""
    return {name: form[name].data for name in names}


def save(form: FlaskForm | None, write: Callable[[], T]) -> tuple[bool, T | None]:
    """Run a write and commit it; on Invalid roll back and show the problems on the form."""
    try:
        result = write()
    except Invalid as invalid:
        db.session.rollback()
        _show_problems(form, invalid.problems)
        return False, None
    db.session.commit()
    return True, result


def _show_problems(form: FlaskForm | None, problems: dict[str, str]) -> None:
    for name, message in problems.items():
        field = form[name] if form is not None and name in form else None
        if field is None:
            flash(message, "error")
        else:
            field.errors = [*field.errors, message]

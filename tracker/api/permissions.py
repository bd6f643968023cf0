"""Refuse what the token's account may not read or do, as the pages do, in problem details."""

from __future__ import annotations

from flask_login import current_user

from tracker.api.problems import Problem
from tracker.auth.permissions import can_read_plan
from tracker.domain.enums import Role
from tracker.models import Plan
from tracker.services import plan_reads


def forbidden(detail: str) -> Problem:
    """Return the 403 problem saying what the account may not do, and who may."""
    return Problem(403, "Your token may not do this", detail, kind="forbidden")


def not_found(detail: str) -> Problem:
    """Return the 404 problem saying what is not there."""
    return Problem(404, "Not found", detail)


def require_role(*roles: Role, detail: str) -> None:
    """Raise the 403 problem unless the token's account has one of these roles."""
    if current_user.role not in roles:
        raise forbidden(detail)


def require_plan_reader(plan_id: int, name: str | None = None) -> None:
    """Raise the 403 problem unless the token's account may read the plan."""
    if not can_read_plan(current_user, plan_id):
        plan = f"the plan '{name}'" if name else "the plan this is in"
        raise forbidden(
            f"The token's account may not read {plan}: a lead reads the plans they lead "
            "actions in or own."
        )


def readable_plan(slug: str) -> Plan:
    """Return the plan with this short name, or raise the 404 or 403 problem."""
    plan = plan_reads.get_plan(slug)
    if plan is None:
        raise not_found(f"There is no plan '{slug}'.")
    require_plan_reader(plan.id, plan.slug)
    return plan

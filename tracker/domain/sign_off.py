"""Decide sign-off: what a new update awaits, who may sign off, and when a signed-off run began."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from tracker.domain.assurance import SignOff
from tracker.domain.enums import Completion, Role


def sign_off_for_update(completion: Completion, *, sign_off_required: bool) -> SignOff | None:
    """Return the sign-off a lead's new update records: a Completed one waits where asked."""
    if sign_off_required and completion is Completion.COMPLETED:
        return SignOff.AWAITING
    return None


@dataclass(frozen=True, slots=True)
class SignOffRights:
    """Hold what decides whether an account may sign off one action of a plan."""

    role: Role
    owns_plan: bool
    leads_action: bool
    panel_may_sign_off: bool


def may_sign_off(rights: SignOffRights) -> bool:
    """Tell whether the account may sign off or return the action: never a lead of it."""
    if rights.leads_action:
        return False
    if rights.role is Role.ADMIN or rights.owns_plan:
        return True
    return rights.role is Role.PANEL and rights.panel_may_sign_off


def may_see_sign_off_list(role: Role, *, owns_plan: bool, panel_may_sign_off: bool) -> bool:
    """Tell whether the account signs off in the plan, so may list what awaits it."""
    return role is Role.ADMIN or owns_plan or (role is Role.PANEL and panel_may_sign_off)


def signed_off_on(run: Sequence[tuple[date, SignOff | None]]) -> date | None:
    """Return the day the latest run of Completed updates was signed off, or None if it was not.

    run holds the run's updates oldest first as (as_at, sign_off); a later Completed update
    that awaits sign-off again means the run is not signed off until it is signed off again.
    """
    signed: date | None = None
    for as_at, sign_off in run:
        if sign_off is SignOff.SIGNED_OFF:
            signed = signed or as_at
        elif sign_off is SignOff.AWAITING:
            signed = None
    return signed

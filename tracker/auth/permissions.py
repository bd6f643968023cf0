"""Check on the server what the signed-in account may do, route by route."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import abort
from flask_login import current_user, login_required
from sqlalchemy import exists, select
from sqlalchemy.orm import joinedload

from tracker.domain.enums import Role
from tracker.extensions import db, login_manager
from tracker.models import Action, ActionLead, Plan, User


class SignedInUser:
    """Wrap a User row for Flask-Login, binding the session to the account's session version."""

    def __init__(self, user: User):
        self.user = user

    is_authenticated = True
    is_active = True
    is_anonymous = False

    def get_id(self) -> str:
        """Return the id Flask-Login keeps in the session: account id and session version."""
        return f"{self.user.id}:{self.user.session_version}"

    @property
    def id(self) -> int:
        """Return the account id."""
        return self.user.id

    @property
    def person_id(self) -> int:
        """Return the id of the person this account belongs to."""
        return self.user.person_id

    @property
    def role(self) -> Role:
        """Return the account's role."""
        return self.user.role

    @property
    def email(self) -> str:
        """Return the sign-in email address."""
        return self.user.email

    @property
    def name(self) -> str:
        """Return the name of the person the account belongs to."""
        return self.user.person.name

    @property
    def is_admin(self) -> bool:
        """Tell whether the account administers everything."""
        return self.user.role is Role.ADMIN


login_manager.login_view = "auth.sign_in"
login_manager.login_message = "Sign in to see that page."
login_manager.login_message_category = "info"


@login_manager.user_loader
def load_user(session_id: str) -> SignedInUser | None:
    """Load the account only while the session's version matches: sign-out ends old sessions."""
    user_id, _, version = session_id.partition(":")
    if not user_id.isdigit() or not version.isdigit():
        return None
    user = db.session.get(User, int(user_id), options=[joinedload(User.person)])
    if user is None or not user.active or user.session_version != int(version):
        return None
    return SignedInUser(user)


def roles_required(*roles: Role) -> Callable:
    """Allow a view only to signed-in accounts with one of these roles; others get 403."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


admin_required = roles_required(Role.ADMIN)
reader_required = roles_required(Role.ADMIN, Role.PANEL, Role.LEAD)
updater_required = roles_required(Role.ADMIN, Role.LEAD)


def leads_action(person_id: int, action_id: int) -> bool:
    """Tell whether this person is one of the action's leads."""
    return bool(
        db.session.scalar(
            select(
                exists().where(ActionLead.person_id == person_id, ActionLead.action_id == action_id)
            )
        )
    )


def can_read_plan(user: SignedInUser, plan_id: int) -> bool:
    """Tell whether the account may read a plan: admins and panel all, leads their own plans."""
    if user.role in (Role.ADMIN, Role.PANEL):
        return True
    leads_in_plan = exists().where(
        ActionLead.person_id == user.person_id,
        ActionLead.action_id == Action.id,
        Action.plan_id == plan_id,
    )
    # The plan's owner signs off its actions, so reads it without leading any of them.
    owns_plan = exists().where(Plan.id == plan_id, Plan.owner_person_id == user.person_id)
    return bool(db.session.scalar(select(leads_in_plan | owns_plan)))


def require_plan_reader(plan_id: int) -> None:
    """Abort with 403 unless the signed-in account may read the plan."""
    if not can_read_plan(current_user, plan_id):
        abort(403)


def readable_plan_ids(user: SignedInUser) -> set[int] | None:
    """Return the ids of the plans a lead takes part in, or None when the account reads all."""
    if user.role in (Role.ADMIN, Role.PANEL):
        return None
    led = (
        select(Action.plan_id)
        .join(ActionLead, ActionLead.action_id == Action.id)
        .where(ActionLead.person_id == user.person_id)
    )
    owned = select(Plan.id).where(Plan.owner_person_id == user.person_id)
    return set(db.session.scalars(led.union(owned)))


def can_update_action(user: SignedInUser, action_id: int) -> bool:
    """Tell whether the account may record updates on an action: admins all, leads their own."""
    if user.role is Role.ADMIN:
        return True
    if user.role is Role.LEAD:
        return leads_action(user.person_id, action_id)
    return False


def require_action_updater(action_id: int) -> None:
    """Abort with 403 unless the signed-in account may update the action."""
    if not can_update_action(current_user, action_id):
        abort(403)


def leads_any_action(person_id: int) -> bool:
    """Tell whether this person leads at least one action."""
    return bool(db.session.scalar(select(exists().where(ActionLead.person_id == person_id))))

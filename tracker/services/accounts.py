"""Create and change sign-in accounts, check passwords, and end sessions."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from functools import cache

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, raiseload
from werkzeug.security import check_password_hash, generate_password_hash

from tracker.domain.audit import AuditEntity, AuditVerb
from tracker.domain.enums import Role
from tracker.domain.leads import person_key
from tracker.domain.passwords import password_problem
from tracker.domain.reset_tokens import (
    RESET_LINK_LIFETIME,
    hash_reset_token,
    new_reset_token,
    reset_token_matches,
)
from tracker.extensions import db
from tracker.models import Person, User
from tracker.services.admin_people import people_without_account
from tracker.services.audit import record_change
from tracker.services.organisations import default_organisation
from tracker.services.validation import Invalid


class AccountProblem(Exception):
    """Say why an account change cannot be made."""


def normalise_email(email: str) -> str:
    """Return the email address as accounts store it: trimmed and lower case."""
    return email.strip().lower()


def hash_password(password: str) -> str:
    """Return the hash stored in place of a password, at the cost PASSWORD_HASH_METHOD sets."""
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def _hash_of_nothing() -> str:
    return _hash_of_nothing_by(current_app.config["PASSWORD_HASH_METHOD"])


@cache
def _hash_of_nothing_by(method: str) -> str:
    return generate_password_hash("no account has this password", method=method)


def find_account(email: str) -> User | None:
    """Return the account with this email address, with its person, or None."""
    return db.session.scalar(
        select(User)
        .options(joinedload(User.person), raiseload("*"))
        .where(func.lower(User.email) == normalise_email(email))
    )


def account_by_id(user_id: int) -> User | None:
    """Return the account with this id, with its person, or None."""
    return db.session.scalar(
        select(User).options(joinedload(User.person), raiseload("*")).where(User.id == user_id)
    )


def list_accounts() -> list[User]:
    """Return every account with its person, by email address."""
    return list(
        db.session.scalars(
            select(User).options(joinedload(User.person), raiseload("*")).order_by(User.email)
        )
    )


def authenticate(email: str, password: str, *, now: datetime) -> User | None:
    """Return the active account these credentials belong to, noting the sign-in time."""
    user = find_account(email)
    if user is None:
        # Check against a dummy hash so an unknown address takes as long as a wrong password.
        check_password_hash(_hash_of_nothing(), password)
        return None
    if not check_password_hash(user.password_hash or _hash_of_nothing(), password):
        return None
    if not user.active:
        return None
    user.last_sign_in_at = now
    db.session.flush()
    return user


def password_matches(user: User, password: str) -> bool:
    """Tell whether password is the account's current password."""
    return bool(user.password_hash) and check_password_hash(user.password_hash, password)


def end_sessions(user: User) -> None:
    """Refuse every session cookie issued to the account so far."""
    user.session_version += 1
    db.session.flush()


def create_account(
    *, email: str, name: str, role: Role, password: str, actor_user_id: int | None = None
) -> User:
    """Create an account for the person with this name, creating the person if need be."""
    email = normalise_email(email)
    name = name.strip()
    if "@" not in email or not name:
        raise AccountProblem("Give an email address and a name.")
    if find_account(email) is not None:
        raise AccountProblem(f"There is already an account for {email}.")
    problem = password_problem(password, email=email)
    if problem:
        raise AccountProblem(problem)
    key = person_key(name)
    # Accounts are the instance's: a name is looked for in every organisation, and a person
    # named in more than one must be chosen on the People page.
    named = list(
        db.session.scalars(select(Person).options(raiseload("*")).where(Person.name_key == key))
    )
    if len(named) > 1:
        raise AccountProblem(
            f"{len(named)} people in different organisations are called {name}; "
            "create the account from the People page, which says which is which."
        )
    person = named[0] if named else None
    if person is None:
        person = Person(
            organisation_id=default_organisation().id, name=name, name_key=key, email=email
        )
        db.session.add(person)
        db.session.flush()
    elif db.session.scalar(select(User.id).where(User.person_id == person.id)) is not None:
        raise AccountProblem(f"{person.name} already has an account.")
    if not person.email:
        person.email = email
    user = User(
        person_id=person.id,
        email=email,
        role=role,
        password_hash=hash_password(password),
        session_version=1,
        active=True,
    )
    db.session.add(user)
    db.session.flush()
    record_change(
        user_id=actor_user_id,
        verb="create",
        entity="user_account",
        entity_id=user.id,
        summary=f"Created the {role.value} account {email} for {person.name}",
        details={"email": email, "role": role.value, "person_id": person.id},
    )
    return user


def unguessable_password(email: str) -> str:
    """Return a random password that passes the password rules, for an account set up by link."""
    while True:
        password = secrets.token_urlsafe(32)
        if not password_problem(password, email=email):
            return password


def open_account(
    person_id: int, email: str, role: Role, *, now: datetime, actor_user_id: int | None
) -> tuple[User, str]:
    """Create an account for a person who has none and return it with its one-time reset token."""
    email = normalise_email(email)
    candidates = {pid: name for pid, name, _ in people_without_account()}
    if person_id not in candidates:
        raise Invalid({"person_id": "Choose a person who has no account yet"})
    if find_account(email) is not None:
        raise Invalid({"email": "Another account already uses this email address"})
    try:
        user = create_account(
            email=email,
            name=candidates[person_id],
            role=role,
            # Never told to anyone: the person sets their own password from the link.
            password=unguessable_password(email),
            actor_user_id=actor_user_id,
        )
        token = issue_password_reset(user, now=now, actor_user_id=actor_user_id)
    except AccountProblem as problem:
        raise Invalid({"email": str(problem)}) from problem
    return user, token


def is_own_account(user: User, actor_user_id: int | None) -> bool:
    """Tell whether the account is the one making the change."""
    return actor_user_id is not None and user.id == actor_user_id


def _refuse_own_account(user: User, actor_user_id: int | None, what: str) -> None:
    # An administrator who demotes or deactivates themself could leave no one to undo it.
    if is_own_account(user, actor_user_id):
        raise AccountProblem(f"You cannot {what} your own account. Ask another administrator.")


def set_role(user: User, role: Role, *, actor_user_id: int | None = None) -> None:
    """Give the account another role, ending its sessions so the change applies at once."""
    if user.role is role:
        return
    _refuse_own_account(user, actor_user_id, "change the role of")
    record_change(
        user_id=actor_user_id,
        verb="update",
        entity="user_account",
        entity_id=user.id,
        summary=f"Changed the role of {user.email} to {role.value}",
        details={"role": [user.role.value, role.value]},
    )
    user.role = role
    end_sessions(user)


def set_active(user: User, active: bool, *, actor_user_id: int | None = None) -> None:
    """Deactivate (ending every session and voiding its reset link) or reactivate an account."""
    if user.active is active:
        return
    if not active:
        _refuse_own_account(user, actor_user_id, "deactivate")
    record_change(
        user_id=actor_user_id,
        verb="update",
        entity="user_account",
        entity_id=user.id,
        summary=f"{'Reactivated' if active else 'Deactivated'} {user.email}",
        details={"active": [user.active, active]},
    )
    user.active = active
    if not active:
        # A link issued before deactivation must not work again after a reactivation.
        user.password_reset_token_hash = None
        user.password_reset_expires_at = None
    end_sessions(user)


def set_password(user: User, password: str, *, actor_user_id: int | None) -> None:
    """Replace the account's password and end every session, after checking the password."""
    problem = password_problem(password, email=user.email)
    if problem:
        raise AccountProblem(problem)
    user.password_hash = hash_password(password)
    user.password_reset_token_hash = None
    user.password_reset_expires_at = None
    record_change(
        user_id=actor_user_id,
        verb="update",
        entity="user_account",
        entity_id=user.id,
        summary=f"Changed the password of {user.email}",
        details={"password": "changed"},
    )
    end_sessions(user)


def issue_password_reset(
    user: User,
    *,
    now: datetime,
    actor_user_id: int | None = None,
    lifetime: timedelta = RESET_LINK_LIFETIME,
) -> str:
    """Store a one-time reset token's hash for the account and return the token itself."""
    if not user.active:
        raise AccountProblem(f"{user.email} is deactivated; reactivate it first.")
    # One hash per account: storing this one voids every link issued before it.
    token, token_hash, expires_at = new_reset_token(now, lifetime)
    user.password_reset_token_hash = token_hash
    user.password_reset_expires_at = expires_at
    record_change(
        user_id=actor_user_id,
        verb="update",
        entity="user_account",
        entity_id=user.id,
        summary=f"Issued a password reset link for {user.email}",
        details={"password_reset_expires_at": expires_at.isoformat()},
    )
    db.session.flush()
    return token


def account_for_reset_token(token: str, *, now: datetime) -> User | None:
    """Return the active account whose unexpired reset token this is, or None."""
    user = db.session.scalar(
        select(User)
        .options(joinedload(User.person), raiseload("*"))
        .where(User.password_reset_token_hash == hash_reset_token(token))
    )
    if user is None or not user.active:
        return None
    if not reset_token_matches(
        token, user.password_reset_token_hash, user.password_reset_expires_at, now
    ):
        return None
    return user


def reset_link(token: str) -> str:
    """Return the absolute address of the page where a reset token sets a new password."""
    path = current_app.url_map.bind("").build("auth.reset_password", {"token": token})
    return current_app.config["TRACKER_BASE_URL"].rstrip("/") + path


def record_reset_request(email: str, *, address: str) -> None:
    """Record that someone asked for a password link by email, saying nothing of the account."""
    record_change(
        user_id=None,
        verb=AuditVerb.REQUEST,
        entity=AuditEntity.USER_ACCOUNT,
        entity_id=None,
        summary="Someone asked for a password link by email",
        details={"email_typed": email, "client_address": address},
    )


def record_link_emailed(user: User, *, message_id: str, actor_user_id: int | None) -> None:
    """Record that the mail server accepted a message carrying the account's password link."""
    record_change(
        user_id=actor_user_id,
        verb=AuditVerb.SEND,
        entity=AuditEntity.USER_ACCOUNT,
        entity_id=user.id,
        summary=f"Emailed a password link to {user.email}",
        details={"message_id": message_id},
    )

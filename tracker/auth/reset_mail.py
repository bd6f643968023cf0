"""Email password links from a background thread, after the request that asked has answered.

Why a thread: "Forgot your password?" must answer the same, in the same time, whether or not
an account has the address typed. The request itself only counts the attempt and records it,
the same work for any address; looking the account up, storing its new link and talking to
the mail server (which can take seconds) happen here, after the request has committed and
answered, so neither the page nor its timing can tell a known address from an unknown one.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from datetime import timedelta
from email.utils import make_msgid

from flask import Flask, current_app

from tracker import clock, transactions
from tracker.domain.outbox import Outcome
from tracker.domain.reset_tokens import EMAILED_LINK_LIFETIME
from tracker.domain.single_line import single_line
from tracker.models import User
from tracker.services import accounts
from tracker.services.mailer import MailSettings, SmtpSession, build_message

SUBJECT = "Set your Improvement Tracker password"
# One worker: links are rare, and one at a time keeps SQLite's single writer uncontended.
_executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="password-link")
_pending: set[Future[None]] = set()
_pending_lock = threading.Lock()


def email_link_later(
    app: Flask,
    *,
    email: str | None = None,
    user_id: int | None = None,
    lifetime: timedelta = EMAILED_LINK_LIFETIME,
    actor_user_id: int | None = None,
) -> None:
    """Hand a link to the background sender: for the active account with this address or id."""
    future = _executor.submit(_run, app, email, user_id, lifetime, actor_user_id)
    with _pending_lock:
        _pending.add(future)
    future.add_done_callback(_forget)


def after_success(send: Callable[[], None]) -> Callable:  # type: ignore[type-arg]
    """Return an after-request hook that calls send once the request has committed."""

    def hook(response):  # type: ignore[no-untyped-def]
        # The request's transaction ends before after-request hooks run; below 400 it committed.
        if response.status_code < 400:
            send()
        return response

    return hook


def wait_for_links(timeout: float = 30) -> None:
    """Wait until every link handed over so far has been sent or given up."""
    with _pending_lock:
        pending = set(_pending)
    wait(pending, timeout=timeout)


def _forget(future: Future[None]) -> None:
    with _pending_lock:
        _pending.discard(future)


def _run(
    app: Flask,
    email: str | None,
    user_id: int | None,
    lifetime: timedelta,
    actor_user_id: int | None,
) -> None:
    with app.app_context():
        try:
            _send_link(email, user_id, lifetime, actor_user_id)
        except Exception:
            # Nobody waits on this thread: the log is the only place a failure can go.
            app.logger.exception("Could not email a password link")


def _send_link(
    email: str | None, user_id: int | None, lifetime: timedelta, actor_user_id: int | None
) -> None:
    # First transaction: store the new link's hash, so that it works when the mail arrives.
    with transactions.job():
        user = accounts.find_account(email) if email is not None else _account(user_id)
        if user is None or not user.active:
            return
        token = accounts.issue_password_reset(
            user, now=clock.now(), actor_user_id=actor_user_id, lifetime=lifetime
        )
        recipient, account_id = user.email, user.id
        name = user.person.name
    settings = MailSettings.from_config(current_app.config)
    message_id = make_msgid(domain=settings.message_id_domain)
    context = {
        "name": name,
        "link": accounts.reset_link(token),
        "hours": int(lifetime.total_seconds() // 3600),
        "requested": actor_user_id is None,
    }
    environment = current_app.jinja_env
    message = build_message(
        settings,
        recipient=single_line(recipient),
        subject=SUBJECT,
        # No request here, so no context processors: the environment picks autoescaping by
        # file name, on for .html and off for .txt.
        body_text=environment.get_template("auth/email/password_link.txt").render(context),
        body_html=environment.get_template("auth/email/password_link.html").render(context),
        message_id=message_id,
        date=clock.now(),
    )
    problem = _deliver(settings, recipient, message)
    if problem:
        current_app.logger.warning("Password link for account %s not sent: %s", account_id, problem)
        return
    # Second transaction: the audit trail says the link went only once the server took it.
    with transactions.job():
        sent_to = _account(account_id)
        if sent_to is not None:
            accounts.record_link_emailed(
                sent_to, message_id=message_id, actor_user_id=actor_user_id
            )


def _account(user_id: int | None) -> User | None:
    return accounts.account_by_id(user_id) if user_id is not None else None


def _deliver(settings: MailSettings, recipient: str, message: bytes) -> str | None:
    """Send one message; return what went wrong, or None when the server accepted it."""
    session = SmtpSession(settings)
    problem = session.open()
    if problem:
        return problem
    try:
        refused = session.start(recipient)
        if refused is not None:
            return refused.detail
        delivery = session.finish(message)
        return None if delivery.outcome is Outcome.DELIVERED else delivery.detail
    finally:
        session.close()

"""Sign-in, sign-out and password pages."""

from datetime import date
from math import ceil
from typing import cast

from flask import (
    abort,
    after_this_request,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required, login_user, logout_user

from tracker import clock
from tracker.auth import bp, reset_mail
from tracker.auth.forms import (
    ChangePasswordForm,
    ForgotPasswordForm,
    ResetPasswordForm,
    SignInForm,
    TokenForm,
)
from tracker.auth.permissions import SignedInUser
from tracker.auth.redirects import local_path
from tracker.domain.api_tokens import TokenScope
from tracker.domain.sign_in_limits import RESET_REQUESTS_ALLOWED
from tracker.extensions import db
from tracker.services import accounts, api_tokens, rate_limits

SIGN_IN_FAILED = "Enter a correct email address and password"


def _address() -> str:
    return request.remote_addr or "unknown"


def _commit_counted_attempt() -> None:
    """Commit the attempt just counted, before the password is checked."""
    # A named exception to one commit per request (see tracker.transactions): concurrent
    # attempts must count this one while its password is checked, and a refused attempt
    # (429, or the form shown again) rolls back the rest of the request but stays counted.
    db.session.commit()


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in():
    """Sign in with an email address and password, then go back to the page asked for."""
    next_path = local_path(request.args.get("next"))
    if current_user.is_authenticated:
        return redirect(next_path or url_for("main.index"))
    form = SignInForm()
    if form.validate_on_submit():
        now = clock.now()
        email = accounts.normalise_email(form.email.data)
        address = _address()
        admitted = rate_limits.reserve(rate_limits.SIGN_IN, account=email, address=address, now=now)
        _commit_counted_attempt()
        if not admitted:
            current_app.logger.warning(
                "Sign-in refused after too many failures: email %r from %s", email, address
            )
            abort(429)
        user = accounts.authenticate(email, form.password.data, now=now)
        if user is None:
            current_app.logger.warning("Failed sign-in: email %r from %s", email, address)
            form.email.errors = [SIGN_IN_FAILED]
            return render_template("auth/sign_in.html", form=form)
        rate_limits.succeeded(rate_limits.SIGN_IN, account=email, address=address)
        # A fresh session on sign-in, so nothing from before it carries over.
        session.clear()
        login_user(SignedInUser(user))
        current_app.logger.info("Signed in: account %s from %s", user.id, address)
        return redirect(next_path or url_for("main.index"))
    return render_template("auth/sign_in.html", form=form)


@bp.post("/sign-out")
def sign_out():
    """Sign out, ending every session of the account so that an old cookie no longer works."""
    if current_user.is_authenticated:
        accounts.end_sessions(current_user.user)
        logout_user()
    session.clear()
    flash("You have signed out.", "success")
    return redirect(url_for("auth.sign_in"))


@bp.route("/password", methods=["GET", "POST"])
@login_required
def change_password():
    """Change the signed-in account's password, ending its other sessions."""
    user = current_user.user
    form = ChangePasswordForm(account_email=user.email)
    if request.method == "POST" and form.validate():
        address = _address()
        admitted = rate_limits.reserve(
            rate_limits.PASSWORD, account=str(user.id), address=address, now=clock.now()
        )
        _commit_counted_attempt()
        if not admitted:
            current_app.logger.warning(
                "Password change refused after too many failures: account %s from %s",
                user.id,
                address,
            )
            abort(429)
        if not accounts.password_matches(user, form.current_password.data):
            current_app.logger.warning(
                "Failed password change: account %s from %s", user.id, address
            )
            form.current_password.errors = ["Your current password is not right"]
        else:
            rate_limits.succeeded(rate_limits.PASSWORD, account=str(user.id), address=address)
            accounts.set_password(user, form.new_password.data, actor_user_id=user.id)
            # Keep this browser signed in under the new session version.
            login_user(SignedInUser(user))
            flash("Your password has been changed. Any other sessions have ended.", "success")
            return redirect(url_for("main.index"))
    return render_template("auth/change_password.html", form=form)


@bp.route("/forgot-password", methods=["GET", "POST"])
def forgot_password():
    """Email a one-time link to set a new password to the account with the address typed."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        email = accounts.normalise_email(form.email.data)
        address = _address()
        now = clock.now()
        retry_at = rate_limits.admit_reset_request(email=email, address=address, now=now)
        if retry_at is not None:
            current_app.logger.warning(
                "Password link request refused after too many: email %r from %s", email, address
            )
            minutes = max(1, ceil((retry_at - now).total_seconds() / 60))
            page = render_template(
                "auth/forgot_password_refused.html",
                minutes=minutes,
                allowed=RESET_REQUESTS_ALLOWED,
            )
            return page, 429, {"Retry-After": str(minutes * 60)}
        # Nothing here looks the account up: the answer and its timing are the same for any
        # address, and the background sender (tracker/auth/reset_mail.py) does the rest.
        accounts.record_reset_request(email, address=address)
        app = current_app._get_current_object()  # type: ignore[attr-defined]
        after_this_request(
            reset_mail.after_success(lambda: reset_mail.email_link_later(app, email=email))
        )
        return redirect(url_for("auth.password_link_sent"))
    return render_template("auth/forgot_password.html", form=form)


@bp.get("/forgot-password/sent")
def password_link_sent():
    """Say that a link is on its way if an account has the address, without saying whether."""
    return render_template("auth/password_link_sent.html")


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    """Set a new password from a one-time link, made by an administrator or emailed."""
    user = accounts.account_for_reset_token(token, now=clock.now())
    if user is None:
        return render_template("auth/reset_link_invalid.html"), 404
    form = ResetPasswordForm(account_email=user.email)
    if form.validate_on_submit():
        accounts.set_password(user, form.new_password.data, actor_user_id=user.id)
        logout_user()
        session.clear()
        flash("Your password has been set. Sign in with it now.", "success")
        return redirect(url_for("auth.sign_in"))
    return render_template("auth/reset_password.html", form=form, name=user.person.name)


@bp.route("/tokens", methods=["GET", "POST"])
@login_required
def tokens():
    """List the account's API tokens and make one, showing its text on this answer only."""
    form = TokenForm()
    made = None
    if form.validate_on_submit():
        token, text = api_tokens.create_token(
            current_user.id,
            form.name.data,
            TokenScope(form.scope.data),
            cast(date, form.expires_on.data),
            acting_user_id=current_user.id,
            now=clock.now(),
        )
        made = {"name": token.name, "text": text}
        # The next token starts from a fresh form; the made one is listed below.
        form = TokenForm(formdata=None)
    return render_template(
        "auth/tokens.html",
        form=form,
        made=made,
        tokens=api_tokens.account_tokens(current_user.id, today=clock.today()),
    )


@bp.post("/tokens/<int:token_id>/revoke")
@login_required
def revoke_token(token_id: int):
    """Revoke one of the account's own tokens; anyone else's is not found."""
    # The app's CSRF protection checks the form token the page posts with the request.
    try:
        revoked = api_tokens.revoke_token(
            token_id, owner_user_id=current_user.id, acting_user_id=current_user.id, now=clock.now()
        )
    except api_tokens.TokenNotFound:
        abort(404)
    if revoked.already:
        flash(f"The token ‘{revoked.name}’ was already revoked.", "success")
    else:
        flash(f"The token ‘{revoked.name}’ is revoked: requests with it are refused.", "success")
    return redirect(url_for("auth.tokens"))

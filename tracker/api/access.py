"""Let in only requests with a valid token: no cookies, the token's scope, its rate limit."""

from __future__ import annotations

from flask import current_app, g, request
from flask_login import AnonymousUserMixin
from werkzeug.exceptions import HTTPException

from tracker import clock
from tracker.api import bp
from tracker.api.problems import Problem, http_problem
from tracker.auth.permissions import SignedInUser
from tracker.domain.api_tokens import TokenScope
from tracker.extensions import csrf, db
from tracker.services import api_tokens, audit

# Read without a token: the description says how to use the API, and holds no data.
PUBLIC_ENDPOINTS = frozenset({"api.openapi"})
_READING_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_CHALLENGE = 'Bearer realm="Improvement Tracker API"'

# A token, not a cookie, proves who sends an API request, so no form token is needed.
csrf.exempt(bp)


@bp.before_request
def _admit_token() -> None:
    """Accept the request's bearer token, count it against its limit, and act as its account."""
    # Never the session's account: a cookie sent by a browser gives the API no one.
    g._login_user = AnonymousUserMixin()
    audit.record_token(None)
    if request.endpoint in PUBLIC_ENDPOINTS:
        return
    scheme, _, presented = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not presented.strip():
        raise Problem(
            401,
            "Sign in with a token",
            "Send a personal access token as Authorization: Bearer <token>. Make one on your "
            "account page.",
            kind="no-token",
            headers={"WWW-Authenticate": _CHALLENGE},
        )
    try:
        use = api_tokens.use_token(
            presented.strip(), now=clock.now(), limit=current_app.config["TRACKER_API_RATE_LIMIT"]
        )
    except api_tokens.TokenRefused as refused:
        db.session.rollback()
        raise Problem(
            401,
            "The token is not valid",
            str(refused),
            kind="invalid-token",
            headers={"WWW-Authenticate": f'{_CHALLENGE}, error="invalid_token"'},
        ) from None
    except api_tokens.TooManyRequests as limited:
        db.session.rollback()
        raise Problem(
            429,
            "Too many requests",
            f"This token has made its requests for the minute. {limited}",
            kind="rate-limited",
            headers={"Retry-After": str(limited.retry_after)},
        ) from None
    # Committed at once, the count and last use stand even if the request then fails.
    db.session.commit()
    if use.scope is not TokenScope.WRITE and request.method not in _READING_METHODS:
        raise Problem(
            403,
            "Your token may only read",
            f"The token '{use.token_name}' is read only. Make a read and write token to change "
            "records.",
            kind="read-only-token",
        )
    g._login_user = SignedInUser(use.user)
    g.api_token_id = use.token_id
    audit.record_token(use.token_id)


@bp.teardown_request
def _forget_token(_error: BaseException | None) -> None:
    audit.record_token(None)


@bp.after_request
def _revalidate(response):  # type: ignore[no-untyped-def]
    """Let clients keep an answer only while its ETag is still current."""
    if request.method == "GET" and response.status_code == 200:
        if "ETag" not in response.headers:
            response.add_etag()
        response.make_conditional(request)
    response.headers["Cache-Control"] = "private, no-cache"
    response.headers["Vary"] = "Authorization"
    return response


@bp.errorhandler(Problem)
def _problem(problem: Problem):  # type: ignore[no-untyped-def]
    return problem.response()


@bp.errorhandler(HTTPException)
def _http_error(error: HTTPException):  # type: ignore[no-untyped-def]
    return http_problem(error).response()

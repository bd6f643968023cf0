"""Run each request and each command or job in one transaction, committed once at its end.

A request commits when its view answers below 400 without refusing a posted form (a page, or
the redirect after a saved form) and rolls back on any error, refused form or error page; a
commit that fails becomes the error page that says nothing was saved. A command or job commits
when it ends with exit status 0 and rolls back otherwise. Views, commands and services only
flush; writes a view must undo while the request goes on are made in a savepoint.

The only other commits, each named where it is made:
- the reminder sender (tracker/reminders/jobs.py): the order of its commits is what makes each
  message go out once;
- the builder of prepared documents (tracker/prepared/builder.py): its claim of a job and the
  built document must be seen by every web process while the request that asked has ended;
- the sign-in and password-change rate limits (tracker/auth/routes.py): the counted attempt must
  be seen by concurrent attempts before the password is checked, and must stay when the attempt
  is refused;
- the API's token check (tracker/api/access.py): a request's count against the token's rate
  limit, and the token's last use, must stand when the request then fails.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from typing import Any

import click
from flask import Flask, g, has_request_context, request
from flask.cli import AppGroup

from tracker.extensions import db

_DISCARD = "transaction_discarded"


class OneTransactionPerRequest(Flask):
    """Flask, ending each request's transaction once its view has answered."""

    def dispatch_request(self):  # type: ignore[no-untyped-def]
        """Run the view, then commit if it succeeded and roll back if it did not."""
        g.pop(_DISCARD, None)
        try:
            response = self.make_response(super().dispatch_request())
        except Exception:
            # Before any error page is drawn, so that drawing it cannot flush the failed writes.
            roll_back()
            raise
        # An exception raised here, the commit's own included, reaches the error handlers.
        end(succeeded=response.status_code < 400 and not form_refused())
        return response


def form_refused() -> bool:
    """Say whether this request posted a form that is shown again with what to fix."""
    form = g.get("submitted_form") if has_request_context() else None
    return form is not None and bool(form.errors) and request.method == "POST"


def end(*, succeeded: bool) -> None:
    """Commit the unit of work if it succeeded and was not discarded; otherwise roll it back."""
    discarded = g.pop(_DISCARD, False)
    if not succeeded or discarded:
        roll_back()
        return
    try:
        db.session.commit()
    except Exception:
        roll_back()
        raise


def roll_back() -> None:
    """End the session's transaction; if even that fails, drop the session unused."""
    try:
        db.session.rollback()
    except Exception:
        # The error being answered is what gets logged; this one only follows from it.
        with suppress(Exception):
            db.session.close()
        db.session.registry.clear()


def discard() -> None:
    """End this request or command with a rollback however it ends: it writes only to look."""
    g.setdefault(_DISCARD, True)


@contextmanager
def savepoint() -> Iterator[None]:
    """Undo the block's writes if it raises, then forget what was loaded, as a rollback does."""
    try:
        with db.session.begin_nested():
            yield
    except Exception:
        # What is shown next, such as an edit conflict, must be read afresh.
        db.session.expire_all()
        raise


@contextmanager
def trial() -> Iterator[None]:
    """Run the block's writes only to see what they do, then undo them."""
    nested = db.session.begin_nested()
    try:
        yield
    finally:
        if nested.is_active:
            nested.rollback()
        db.session.expire_all()


def in_one_transaction(command: Callable[..., Any]) -> Callable[..., Any]:
    """Commit once when the command returns or exits 0; roll back on any error or other exit."""

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        g.pop(_DISCARD, None)
        try:
            result = command(*args, **kwargs)
        except SystemExit as exit_:
            end(succeeded=exit_.code in (None, 0))
            raise
        except click.exceptions.Exit as exit_:
            end(succeeded=exit_.exit_code == 0)
            raise
        except BaseException:
            end(succeeded=False)
            raise
        end(succeeded=True)
        return result

    return run


class CommandGroup(AppGroup):
    """A command group whose every command runs in one transaction, inside the app context."""

    # Flask's AppGroup.command is a decorator factory only, and ignores the overload too.
    def command(  # type: ignore[override]
        self, *args: Any, **kwargs: Any
    ) -> Callable[[Callable[..., Any]], click.Command]:
        """Register a command that commits once at its end, or rolls back."""
        register = super().command(*args, **kwargs)
        return lambda command: register(in_one_transaction(command))

    def group(self, *args: Any, **kwargs: Any) -> Any:
        """Register a group whose commands also run in one transaction each."""
        kwargs.setdefault("cls", CommandGroup)
        return super().group(*args, **kwargs)


@contextmanager
def job() -> Iterator[None]:
    """Run a scheduled job in one transaction: commit if it returns, roll back if it raises."""
    g.pop(_DISCARD, None)
    try:
        yield
    except BaseException:
        end(succeeded=False)
        raise
    end(succeeded=True)

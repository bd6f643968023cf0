"""Each request and each command is one transaction: committed once if it succeeds, else undone."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest
from flask import Flask, redirect, render_template_string
from sqlalchemy import func, select
from wtforms import StringField
from wtforms.validators import DataRequired

from tests.factories import make_person
from tracker import transactions
from tracker.extensions import db
from tracker.form_fields import TrackerForm
from tracker.models import Person
from tracker.services.organisations import default_organisation

TRACKER = Path(__file__).resolve().parents[2] / "tracker"
# Where the package may commit or roll back by hand, and why (see tracker/transactions.py).
COMMITS_ALLOWED = {
    # The one place that ends every request, command and job.
    "transactions.py": 1,
    # The reminder sender: its commit order makes each message go out once.
    "reminders/jobs.py": 7,
    # The rate limits: a counted attempt is seen by concurrent ones and stays when refused.
    "auth/routes.py": 1,
    # The builder of prepared documents: every web process sees its claim and its result.
    "prepared/builder.py": 2,
    # The backup file's own connection: the evidence files it holds, and their removal on restore.
    "services/backups.py": 2,
    # The API's token check: a request's count and the token's last use stand when it fails.
    "api/access.py": 1,
}
ROLLBACKS_ALLOWED = {
    "transactions.py": 2,
    "reminders/jobs.py": 1,
    # The builder of prepared documents ends its read-only build before storing the result.
    "prepared/builder.py": 1,
    # The API's token check ends a refused token's transaction before answering.
    "api/access.py": 2,
}


class NameForm(TrackerForm):
    name = StringField("Name", validators=[DataRequired()])


def committed_people(name: str) -> int:
    """Count the people with this name that another connection sees."""
    with db.engine.connect() as connection:
        connection.execution_options(read_only=True)
        return connection.scalar(
            select(func.count()).select_from(Person).where(Person.name == name)
        )


@pytest.fixture
def app(app):
    """Return the app with views that write a person, then end in each way a request can."""
    default_organisation()
    db.session.commit()
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.post("/test/write-then-raise")
    def write_then_raise():
        make_person("Raised")
        raise RuntimeError("the view failed after writing")

    @app.post("/test/write-then-refuse-form")
    def write_then_refuse_form():
        make_person("Refused")
        form = NameForm(meta={"csrf": False})
        form.validate()
        return render_template_string("{{ form.errors }}", form=form)

    @app.post("/test/write-then-400")
    def write_then_400():
        make_person("Bad request")
        return "refused", 400

    @app.post("/test/write-then-redirect")
    def write_then_redirect():
        make_person("Redirected")
        return redirect("/")

    @app.post("/test/write-then-discard")
    def write_then_discard():
        make_person("Discarded")
        transactions.discard()
        return "looked only"

    @app.post("/test/savepoint")
    def undone_in_savepoint():
        make_person("Kept")
        try:
            with transactions.savepoint():
                make_person("Undone")
                raise LookupError("the write is refused")
        except LookupError:
            pass
        return "kept one"

    @app.post("/test/commit-fails")
    def commit_fails():
        organisation_id = default_organisation().id
        for _ in range(2):
            db.session.add(Person(organisation_id=organisation_id, name="Twice", name_key="twice"))
        return "the commit will refuse this"

    return app


def test_a_view_that_raises_after_writing_leaves_the_database_unchanged(client):
    response = client.post("/test/write-then-raise")

    assert response.status_code == 500
    assert committed_people("Raised") == 0


def test_a_refused_form_writes_nothing(client):
    response = client.post("/test/write-then-refuse-form")

    assert response.status_code == 422
    assert committed_people("Refused") == 0


def test_an_error_status_writes_nothing(client):
    assert client.post("/test/write-then-400").status_code == 400
    assert committed_people("Bad request") == 0


def test_a_successful_post_that_redirects_commits(client):
    response = client.post("/test/write-then-redirect")

    assert response.status_code == 302
    assert committed_people("Redirected") == 1


def test_a_discarded_request_writes_nothing_though_it_succeeds(client):
    assert client.post("/test/write-then-discard").status_code == 200
    assert committed_people("Discarded") == 0


def test_a_savepoint_undoes_only_its_own_writes(client):
    assert client.post("/test/savepoint").status_code == 200
    assert committed_people("Kept") == 1
    assert committed_people("Undone") == 0


def test_a_failed_commit_is_the_page_that_says_nothing_was_saved(client):
    response = client.post("/test/commit-fails")

    assert response.status_code == 503
    assert committed_people("Twice") == 0
    # The session is usable again for the next request.
    assert client.post("/test/write-then-redirect").status_code == 302


@pytest.fixture
def commands(app):
    """Add commands that write a person, then end in each way a command can."""
    group = transactions.CommandGroup("transaction-test")

    @group.command("succeed")
    def succeed():
        make_person("Done")
        click.echo("done")

    @group.command("exit-1")
    def exit_1():
        make_person("Exited")
        raise SystemExit(1)

    @group.command("click-exit-1")
    @click.pass_context
    def click_exit_1(ctx: click.Context):
        make_person("Click exited")
        ctx.exit(1)

    @group.command("raise")
    def raise_():
        make_person("Raised")
        raise RuntimeError("the command failed after writing")

    @group.command("dry-run")
    def dry_run():
        make_person("Dry run")
        transactions.discard()

    app.cli.add_command(group)
    return group


def test_a_successful_command_commits(runner, commands):
    result = runner.invoke(args=["transaction-test", "succeed"])

    assert result.exit_code == 0, result.output
    assert committed_people("Done") == 1


@pytest.mark.parametrize(
    ("command", "name"),
    [("exit-1", "Exited"), ("click-exit-1", "Click exited"), ("raise", "Raised")],
)
def test_a_failing_command_leaves_nothing(runner, commands, command, name):
    result = runner.invoke(args=["transaction-test", command])

    assert result.exit_code != 0
    assert committed_people(name) == 0


def test_a_dry_run_command_leaves_nothing(runner, commands):
    assert runner.invoke(args=["transaction-test", "dry-run"]).exit_code == 0
    assert committed_people("Dry run") == 0


def _runs_in_one_transaction(callback) -> bool:
    # functools.wraps copies the name, so the wrapper is known by its code.
    wrapper_code = transactions.in_one_transaction(print).__code__
    while callback is not None:
        if callback.__code__ is wrapper_code:
            return True
        callback = getattr(callback, "__wrapped__", None)
    return False


def _tracker_commands(group: click.Group, app: Flask):
    for command in group.commands.values():
        if isinstance(command, click.Group):
            yield from _tracker_commands(command, app)
        elif command.callback.__module__.startswith("tracker."):
            yield command


def test_every_tracker_command_runs_in_one_transaction(app):
    commands = list(_tracker_commands(app.cli, app))

    assert len(commands) > 10
    assert [c.name for c in commands if not _runs_in_one_transaction(c.callback)] == []


def _calls(pattern: str) -> dict[str, int]:
    found = {}
    for path in sorted(TRACKER.rglob("*.py")):
        count = len(re.findall(pattern, path.read_text(encoding="utf-8")))
        if count:
            found[path.relative_to(TRACKER).as_posix()] = count
    return found


def test_only_the_named_exceptions_commit():
    assert _calls(r"\.commit\(") == COMMITS_ALLOWED


def test_only_the_one_place_and_the_reminder_sender_roll_back():
    assert _calls(r"\.rollback\(") == ROLLBACKS_ALLOWED

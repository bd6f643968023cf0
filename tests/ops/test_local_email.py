"""The README's local email step works with what `make run` installs, run as written."""

from __future__ import annotations

import json
import os
import re
import shlex
import socket
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest

from tests.reminders.conftest import free_port
from tracker import ROOT, clock
from tracker.domain.working_days import WorkingCalendar
from tracker.extensions import db

SINK_LINE = re.compile(r"^\.venv/bin/python -m (?P<module>\S+) .*-l 127\.0\.0\.1:(?P<port>\d+)$")
MESSAGE_PRINTED = "---------- MESSAGE FOLLOWS ----------"


def readme_local_email_commands() -> list[str]:
    """Return the command lines of the README's "Testing email locally" block."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Testing email locally", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.DOTALL)
    assert block is not None, "the local email section has no sh block"
    return [line for line in block[1].splitlines() if line.strip()]


def make_install_extras() -> list[str]:
    """Return the extras that `make install` (and so `make run`) installs the app with."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("$(STAMP)/install: pyproject.toml", 1)[1].split("\n\n", 1)[0]
    installed = re.search(r"pip install --quiet -e '\.\[(?P<extras>[^\]]+)\]'", recipe)
    assert installed is not None, "make install no longer installs the app with an extra"
    return installed["extras"].split(",")


def test_make_install_installs_the_smtp_server_the_readme_starts():
    sink = SINK_LINE.match(readme_local_email_commands()[0])
    assert sink is not None
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    installed = [
        re.split(r"[~<>=!\[ ]", requirement, maxsplit=1)[0].lower()
        for extra in make_install_extras()
        for requirement in project["optional-dependencies"][extra]
    ]
    assert sink["module"] in installed


def _wait_for_listener(port: int, sink: subprocess.Popen) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert sink.poll() is None, "the SMTP server of the README exited"
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    pytest.fail("the SMTP server of the README did not listen within 30 seconds")


def _as_run_here(line: str, port: int) -> tuple[dict[str, str], list[str]]:
    """Split a README command line into its settings and its arguments, for this checkout."""
    words = shlex.split(line)
    settings = {}
    while "=" in words[0]:
        name, value = words.pop(0).split("=", 1)
        settings[name] = value
    assert words[0] == ".venv/bin/flask"
    assert settings.get("MAIL_SERVER") == "127.0.0.1"
    settings["MAIL_PORT"] = str(port)
    return settings, [str(Path(sys.executable).parent / "flask"), *words[1:]]


def test_the_readmes_local_smtp_server_prints_the_demos_reminders(
    demo_seed, database_url, tmp_path
):
    db.session.remove()
    sink_line, *flask_lines = readme_local_email_commands()
    port = free_port()
    sink_words = shlex.split(sink_line.replace("127.0.0.1:8025", f"127.0.0.1:{port}"))
    # A file, not a pipe: a full pipe would stop the server mid-message until the test read it.
    output = tmp_path / "smtp-server.out"
    with output.open("w") as printed_to:
        sink = subprocess.Popen(
            [sys.executable, *sink_words[1:]],
            stdout=printed_to,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
    try:
        _wait_for_listener(port, sink)
        summaries = []
        for line in flask_lines:
            settings, arguments = _as_run_here(line, port)
            finished = subprocess.run(
                arguments,
                cwd=ROOT,
                env={
                    **os.environ,
                    "DATABASE_URL": database_url,
                    "SECRET_KEY": "a-local-key-for-this-test-of-32-bytes-or-more",
                    **settings,
                },
                capture_output=True,
                text=True,
                timeout=300,
                check=False,
            )
            assert finished.returncode == 0, finished.stderr
            summaries.append(json.loads(finished.stdout.strip().splitlines()[-1]))
    finally:
        sink.terminate()
        sink.wait(timeout=30)
    printed = output.read_text()
    sent = [summary["sent"] for summary in summaries]
    assert sent[0] > 0, summaries
    assert [(summary["failed"], summary["unknown"]) for summary in summaries] == [(0, 0), (0, 0)]
    # The line without --as-at is today's run: the example plan has reminders on a working day.
    assert (sent[1] > 0) == WorkingCalendar().is_working_day(clock.today())
    assert printed.count(MESSAGE_PRINTED) == sum(sent), summaries

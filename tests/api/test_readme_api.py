"""The README's API section is followed with curl: each command answers 2xx from a live app."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import select
from werkzeug.exceptions import HTTPException

from tests.api.live_api import app_config, live_api  # noqa: F401
from tracker.extensions import db
from tracker.models import Action, Plan

README = Path(__file__).resolve().parents[2] / "README.md"
SHOWN_HOST = "http://127.0.0.1:5000"
DEMO_PLAN = "example-improvement-plan"
ONLY_THE_STATUS = "--silent --show-error --output /dev/null --write-out '%{http_code}'"


def readme_commands() -> list[str]:
    """Return the curl commands in the README's API section, in order."""
    text = README.read_text(encoding="utf-8")
    section = text[text.index("\n## API\n") :]
    section = section[: section.index("\n## ", 1)]
    commands = []
    for block in re.findall(r"```sh\n(.*?)```", section, flags=re.DOTALL):
        for line in block.replace("\\\n", " ").splitlines():
            if line.startswith("curl "):
                commands.append(line)
    return commands


def address_of(command: str) -> tuple[str, str]:
    """Return the method and the path (with sample ids for shell variables) a command asks for."""
    found = re.search(re.escape(SHOWN_HOST) + r'(/[^\s"?]*)', command)
    assert found, f"this README command names no {SHOWN_HOST} address: {command}"
    method = "POST" if re.search(r"(^|\s)-X POST(\s|$)", command) else "GET"
    return method, found[1].replace("$ACTION_ID", "1")


def matched_endpoint(app, method: str, path: str) -> str | None:
    """Return the endpoint the app routes a request to, or None when it has no such route."""
    try:
        endpoint, _ = app.url_map.bind("tracker.test").match(path, method=method)
    except HTTPException:
        return None
    return endpoint if endpoint.startswith("api.") else None


def test_the_readme_shows_the_first_request_a_list_csv_and_a_status_update():
    commands = readme_commands()
    assert f'curl -H "Authorization: Bearer $TOKEN" {SHOWN_HOST}/api/v1/me' in commands
    assert any("format=csv" in command for command in commands)
    assert any("If-Match" in command and "-X POST" in command for command in commands)


@pytest.mark.parametrize("number", range(len(readme_commands())))
def test_each_readme_curl_command_answers_2xx(app, live_api, number, tmp_path):  # noqa: F811
    command = readme_commands()[number]
    method, path = address_of(command)
    assert matched_endpoint(app, method, path) is not None, (
        f"The README's API section sends {method} {path}, which is no operation of the API"
    )
    curl = shutil.which("curl")
    assert curl, "curl is needed to follow the README's steps"
    action_id, version = db.session.execute(
        select(Action.id, Action.version)
        .join(Plan, Plan.id == Action.plan_id)
        .where(Plan.slug == DEMO_PLAN, Action.archived_at.is_(None))
        .order_by(Action.id)
        .limit(1)
    ).one()
    db.session.close()
    shown = command.replace(SHOWN_HOST, live_api.base_url)
    answered = subprocess.run(
        ["bash", "-c", f"{shown} {ONLY_THE_STATUS}"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
        env={
            "PATH": os.environ["PATH"],
            "TOKEN": live_api.token,
            "ACTION_ID": str(action_id),
            "VERSION": str(version),
        },
        check=False,
    )
    assert answered.returncode == 0, answered.stderr
    assert answered.stdout.startswith("2"), f"{command}\nanswered {answered.stdout}"

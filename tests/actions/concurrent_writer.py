"""One writer process for the concurrency test: its own app, posting updates through the form."""

from __future__ import annotations

import re

from tests.conftest import make_config
from tracker import clock, create_app
from tracker.extensions import db

_VERSION = re.compile(r'name="version" type="hidden" value="(\d+)"')


def write_updates(
    database_url: str, user_id: int, session_version: int, action_id: int, worker: int, count: int
) -> dict[str, int]:
    """Record count updates on the action, submitting on top after each 409; return the tallies."""
    app = create_app(make_config(database_url))
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = f"{user_id}:{session_version}"
    url = f"/actions/{action_id}/update"
    today = clock.today()
    version = _version_on(client.get(url))
    conflicts = 0
    for number in range(count):
        data = {
            "version": str(version),
            "completion": "not_completed",
            "rag": "amber",
            "direction": "unchanged",
            "current_performance": "",
            "commentary": f"worker {worker} update {number}",
            "as_at": [str(today.day), str(today.month), str(today.year)],
        }
        while True:
            response = client.post(url, data=data)
            if response.status_code == 302:
                version += 1
                # A browser shows the "recorded" message on the next page; drop it unshown here.
                with client.session_transaction() as session:
                    session.pop("_flashes", None)
                break
            if response.status_code != 409:
                raise AssertionError(
                    f"worker {worker} update {number}: HTTP {response.status_code}\n"
                    + response.get_data(as_text=True)[:2000]
                )
            conflicts += 1
            version = _version_on(response)
            data["version"] = str(version)
    with app.app_context():
        db.engine.dispose()
    return {"worker": worker, "recorded": count, "conflicts": conflicts}


def _version_on(response) -> int:
    return int(_VERSION.search(response.get_data(as_text=True)).group(1))

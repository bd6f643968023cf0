"""The API served on loopback over real HTTP, on the demo seed, with an administrator's token."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from sqlalchemy import select
from werkzeug.serving import make_server

from tests.conftest import make_config
from tests.factories import make_person, make_user
from tracker.domain.enums import Role
from tracker.extensions import db
from tracker.models import Action, Plan

# Every request of a fuzz counts against the token's minute: high enough never to be reached.
UNLIMITED = 1_000_000
DESCRIPTION = "/api/v1/openapi.json"


@dataclass(frozen=True)
class LiveApi:
    """Where the API answers, the token to send, and real values to put in its addresses."""

    base_url: str
    token: str
    plan_slugs: tuple[str, ...]
    action_ids: tuple[int, ...]
    action_versions: tuple[int, ...]

    @property
    def authorization(self) -> dict[str, str]:
        """Return the header that sends the token."""
        return {"Authorization": f"Bearer {self.token}"}

    def description(self) -> dict:
        """Return the OpenAPI description the server serves; fail if it cannot be fetched."""
        answer = requests.get(self.base_url + DESCRIPTION, timeout=30)
        assert answer.status_code == 200, f"{DESCRIPTION} answered {answer.status_code}"
        return answer.json()


@pytest.fixture
def app_config(database_url: str, tmp_path: Path) -> type:
    """Return the test configuration with a rate limit no fuzz reaches."""
    return make_config(
        database_url,
        EVIDENCE_FOLDER=str(tmp_path / "evidence"),
        TRACKER_API_RATE_LIMIT=UNLIMITED,
    )


@pytest.fixture
def live_api(app, demo_seed, make_token) -> Iterator[LiveApi]:
    """Serve the app on a free port of 127.0.0.1 with the demo plans and an administrator."""
    administrator = make_user(
        Role.ADMIN, person=make_person("Ira Integration"), email="integration@example.org"
    )
    token = make_token(administrator, name="Integration tests")
    slugs = tuple(db.session.scalars(select(Plan.slug).order_by(Plan.id)))
    actions = db.session.execute(select(Action.id, Action.version).order_by(Action.id)).all()
    # The first, a middle and the last action: of different plans in the demo seed.
    chosen = [actions[0], actions[len(actions) // 2], actions[-1]] if actions else []
    assert slugs and chosen, "the demo seed should hold plans and actions"
    # The server's threads write to the same database: hold no transaction open meanwhile.
    db.session.close()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    try:
        yield LiveApi(
            base_url=f"http://127.0.0.1:{server.server_port}",
            token=token,
            plan_slugs=slugs,
            action_ids=tuple(action_id for action_id, _ in chosen),
            action_versions=tuple(version for _, version in chosen),
        )
    finally:
        server.shutdown()
        thread.join()
        server.server_close()

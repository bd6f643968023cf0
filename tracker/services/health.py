"""Tell whether this app can serve: its database answers and its schema is at the latest head."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from tracker.extensions import db
from tracker.services import schema_revisions

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Readiness:
    """Whether the app is ready for traffic, and if not, why."""

    ready: bool
    reason: str | None = None
    revision: str | None = None


def readiness() -> Readiness:
    """Check the database with reads only, never waiting for a writer's lock."""
    expected = schema_revisions.expected_heads()
    if _sqlite_file_is_missing():
        # Connecting would create an empty file: a check must not write, and a missing file is
        # a database that cannot be reached.
        logger.warning("Readiness check: the SQLite file %s does not exist", db.engine.url.database)
        return Readiness(False, "the database cannot be reached")
    try:
        # A read-only connection: on SQLite it takes no write lock, so a long import running
        # elsewhere cannot hold the check up.
        with db.engine.connect().execution_options(read_only=True) as connection:
            current = schema_revisions.current_heads(connection)
    except SQLAlchemyError as error:
        logger.warning("Readiness check: the database cannot be reached: %s", error)
        return Readiness(False, "the database cannot be reached")
    if current == expected:
        return Readiness(True, revision=", ".join(sorted(current)))
    if not current:
        return Readiness(
            False, "the database has no schema revision; run 'flask --app wsgi db upgrade'"
        )
    return Readiness(
        False,
        f"the database schema is at revision {', '.join(sorted(current))} but this app needs "
        f"{', '.join(sorted(expected))}; run 'flask --app wsgi db upgrade'",
    )


def _sqlite_file_is_missing() -> bool:
    url = db.engine.url
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return False
    return not url.database.startswith("file:") and not Path(url.database).exists()

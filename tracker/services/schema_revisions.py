"""Read which Alembic revisions this app's migrations define and which one a database is at."""

from __future__ import annotations

from functools import cache

from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import current_app
from sqlalchemy import Connection


def expected_heads() -> frozenset[str]:
    """Return the revisions a database must be at for this app: the migrations' heads."""
    return _heads(_migrations_directory())


def known_revisions() -> frozenset[str]:
    """Return every revision this app's migrations define."""
    return _revisions(_migrations_directory())


def current_heads(connection: Connection) -> frozenset[str]:
    """Return the revisions recorded in the database's alembic_version table."""
    return frozenset(MigrationContext.configure(connection).get_current_heads())


def _migrations_directory() -> str:
    return str(current_app.extensions["migrate"].directory)


@cache
def _heads(directory: str) -> frozenset[str]:
    # The migrations change only with a new release, which restarts the process.
    return frozenset(ScriptDirectory(directory).get_heads())


@cache
def _revisions(directory: str) -> frozenset[str]:
    return frozenset(script.revision for script in ScriptDirectory(directory).walk_revisions())

"""Copy the SQLite database to a file and back with SQLite's online backup API."""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from pathlib import Path

from sqlalchemy import Engine

SQLITE_HEADER = b"SQLite format 3\x00"
POSTGRESQL_REFUSAL = (
    "The database is PostgreSQL, which these commands do not back up: use pg_dump -Fc to make "
    'a backup and pg_restore --clean --if-exists to restore one, as the README\'s "Backups" '
    "section shows."
)


class BackupRefused(Exception):
    """A backup or restore that cannot go ahead; the message says why in plain words."""


def sqlite_path(engine: Engine) -> Path:
    """Return the file of the app's SQLite database, or refuse any other database."""
    if engine.dialect.name != "sqlite":
        raise BackupRefused(POSTGRESQL_REFUSAL)
    database = engine.url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        raise BackupRefused("The database is not an SQLite file, so it cannot be backed up.")
    return Path(database)


def create_backup(live: Path, target: Path, *, known: frozenset[str]) -> str:
    """Copy the live database into target, whole or not at all; return its schema revision."""
    if not live.is_file():
        raise BackupRefused(f"There is no database at {live} to back up.")
    if target.exists() and target.samefile(live):
        raise BackupRefused(f"{target} is the live database; choose another file.")
    if not target.parent.is_dir():
        raise BackupRefused(f"The folder {target.parent} does not exist.")
    # Written beside the target and renamed at the end, so that a file with the backup's name
    # is always a complete backup.
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    try:
        with (
            closing(sqlite3.connect(live, timeout=30)) as source,
            closing(sqlite3.connect(partial)) as copy,
        ):
            # One step: the whole copy comes from one read transaction, a consistent snapshot
            # that writers in the running app do not wait for (the database is in WAL mode).
            source.backup(copy)
            # A backup that is one self-contained file, with no -wal file beside it.
            copy.execute("PRAGMA journal_mode=DELETE")
        revision = backup_revision(partial, known=known)
        os.replace(partial, target)
    except sqlite3.Error as error:
        raise BackupRefused(f"The backup failed: {error}.") from None
    finally:
        partial.unlink(missing_ok=True)
    return revision


def backup_revision(file: Path, *, known: frozenset[str]) -> str:
    """Return the schema revision of a backup of this app, or refuse the file saying why."""
    if not file.is_file():
        raise BackupRefused(f"{file} does not exist or is not a file.")
    with file.open("rb") as stream:
        if stream.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise BackupRefused(f"{file} is not an SQLite database, so it is not a backup.")
    try:
        with closing(_open_read_only(file)) as backup:
            check = backup.execute("PRAGMA quick_check").fetchone()[0]
            tables = {row[0] for row in backup.execute("SELECT name FROM sqlite_master")}
            if "alembic_version" not in tables:
                raise BackupRefused(
                    f"{file} is an SQLite database but not a backup of this app: it has no "
                    "alembic_version table."
                )
            revisions = {
                row[0] for row in backup.execute("SELECT version_num FROM alembic_version")
            }
    except sqlite3.Error as error:
        raise BackupRefused(f"{file} cannot be read as an SQLite database: {error}.") from None
    if check != "ok":
        raise BackupRefused(f"{file} is damaged: SQLite's check says {check}.")
    if not revisions or not revisions <= known:
        written = ", ".join(sorted(revisions)) or "none"
        raise BackupRefused(
            f"{file} is not a backup of this app: its schema revision ({written}) is not one of "
            "this app's migrations."
        )
    return ", ".join(sorted(revisions))


def restore_backup(file: Path, live: Path, *, known: frozenset[str]) -> str:
    """Replace every row of the live database with the backup's; return the backup's revision."""
    revision = backup_revision(file, known=known)
    if live.exists() and live.samefile(file):
        raise BackupRefused(f"{file} is the live database itself.")
    try:
        with (
            closing(_open_read_only(file)) as backup,
            closing(sqlite3.connect(live, timeout=30)) as target,
        ):
            # The backup API writes the live file under SQLite's own locks, in one transaction:
            # the running app's connections see the old database or the restored one, never a mix.
            backup.backup(target)
    except sqlite3.Error as error:
        raise BackupRefused(f"The restore failed and changed nothing: {error}.") from None
    return revision


def _open_read_only(file: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{file.resolve().as_uri()}?mode=ro", uri=True)

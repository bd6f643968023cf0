"""Copy the SQLite database, and the evidence files it names, to a file and back."""

from __future__ import annotations

import os
import re
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

SQLITE_HEADER = b"SQLite format 3\x00"
POSTGRESQL_REFUSAL = (
    "The database is PostgreSQL, which these commands do not back up: use pg_dump -Fc to make "
    'a backup and pg_restore --clean --if-exists to restore one, as the README\'s "Backups" '
    "section shows."
)


# The evidence files kept in the evidence folder travel inside the backup file, in this table,
# so that a backup stays one self-contained file; a restore takes them out again.
EVIDENCE_FILES_TABLE = "backup_evidence_file"
# A stored name is the random hex name the evidence service gives a file, never a path.
_STORED_NAME = re.compile(r"[0-9a-f]{64}")


class BackupRefused(Exception):
    """A backup or restore that cannot go ahead; the message says why in plain words."""


@dataclass(frozen=True)
class BackupMade:
    """Say what a backup holds: its schema revision and the evidence files in it or missing."""

    revision: str
    evidence_files: int
    missing_files: tuple[str, ...] = ()


def sqlite_path(engine: Engine) -> Path:
    """Return the file of the app's SQLite database, or refuse any other database."""
    if engine.dialect.name != "sqlite":
        raise BackupRefused(POSTGRESQL_REFUSAL)
    database = engine.url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        raise BackupRefused("The database is not an SQLite file, so it cannot be backed up.")
    return Path(database)


def create_backup(
    live: Path, target: Path, *, known: frozenset[str], evidence_folder: Path
) -> BackupMade:
    """Copy the live database and its evidence files into target, whole or not at all."""
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
            # The files of the rows in the copy, so the copy never names a file it lacks
            # unless the folder had already lost it.
            kept, missing = _keep_evidence_files(copy, evidence_folder)
            # A backup that is one self-contained file, with no -wal file beside it.
            copy.execute("PRAGMA journal_mode=DELETE")
        revision = backup_revision(partial, known=known)
        os.replace(partial, target)
    except sqlite3.Error as error:
        raise BackupRefused(f"The backup failed: {error}.") from None
    except OSError as error:
        raise BackupRefused(f"The backup failed reading the evidence folder: {error}.") from None
    finally:
        partial.unlink(missing_ok=True)
    return BackupMade(revision, kept, missing)


def _keep_evidence_files(copy: sqlite3.Connection, folder: Path) -> tuple[int, tuple[str, ...]]:
    """Store in the copy each evidence file its rows keep in the folder; return kept, missing."""
    names = [
        name
        for (name,) in copy.execute(
            "SELECT stored_name FROM evidence WHERE stored_name IS NOT NULL ORDER BY id"
        )
    ]
    if not names:
        # No table added, so a backup without folder files is the database exactly.
        return 0, ()
    copy.execute(
        f"CREATE TABLE {EVIDENCE_FILES_TABLE} (stored_name TEXT PRIMARY KEY, data BLOB NOT NULL)"
    )
    missing = []
    kept = 0
    for name in names:
        path = folder / name
        if not _STORED_NAME.fullmatch(name) or not path.is_file():
            missing.append(name)
            continue
        copy.execute(
            f"INSERT INTO {EVIDENCE_FILES_TABLE} (stored_name, data) VALUES (?, ?)",
            (name, path.read_bytes()),
        )
        kept += 1
    copy.commit()
    return kept, tuple(missing)


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


def restore_backup(
    file: Path, live: Path, *, known: frozenset[str], evidence_folder: Path
) -> BackupMade:
    """Put back the backup's evidence files, then replace every row of the live database."""
    revision = backup_revision(file, known=known)
    if live.exists() and live.samefile(file):
        raise BackupRefused(f"{file} is the live database itself.")
    # The database without the files' table is restored from a working copy, so the live
    # database gets exactly the app's tables.
    working = live.with_name(f".{live.name}.restoring")
    working.unlink(missing_ok=True)
    try:
        with closing(_open_read_only(file)) as backup, closing(sqlite3.connect(working)) as copy:
            backup.backup(copy)
        with closing(sqlite3.connect(working)) as copy:
            # Files first: a restored row never names a file the folder does not have yet;
            # a restore that fails after this leaves only unnamed files behind.
            restored = _restore_evidence_files(copy, evidence_folder)
            with closing(sqlite3.connect(live, timeout=30)) as target:
                # The backup API writes the live file under SQLite's own locks, in one
                # transaction: the running app's connections see the old database or the
                # restored one, never a mix.
                copy.backup(target)
    except sqlite3.Error as error:
        raise BackupRefused(f"The restore failed and changed nothing: {error}.") from None
    except OSError as error:
        raise BackupRefused(
            f"The restore failed writing the evidence folder and changed no rows: {error}."
        ) from None
    finally:
        working.unlink(missing_ok=True)
    return BackupMade(revision, restored)


def _restore_evidence_files(copy: sqlite3.Connection, folder: Path) -> int:
    """Write the backup's evidence files into the folder and drop their table from the copy."""
    present = copy.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (EVIDENCE_FILES_TABLE,)
    ).fetchone()
    if present is None:
        return 0
    rows = copy.execute(f"SELECT stored_name, data FROM {EVIDENCE_FILES_TABLE}").fetchall()
    if any(not _STORED_NAME.fullmatch(name) for name, _ in rows):
        raise BackupRefused("The backup names an evidence file that is not one this app keeps.")
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    for name, data in rows:
        path = folder / name
        if path.is_file() and path.read_bytes() == data:
            continue
        partial = folder / f".{name}.partial"
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
        os.replace(partial, path)
    copy.execute(f"DROP TABLE {EVIDENCE_FILES_TABLE}")
    copy.commit()
    return len(rows)


def _open_read_only(file: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{file.resolve().as_uri()}?mode=ro", uri=True)

"""flask backup create and restore: a wiped SQLite database and evidence folder come back."""

import hashlib
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.conftest import make_config
from tracker import ROOT, create_app
from tracker.domain.assurance import EvidenceKind
from tracker.domain.evidence_files import stored_name
from tracker.extensions import db
from tracker.models import Action, Evidence
from tracker.services import schema_revisions


@pytest.fixture
def sqlite_app(sqlite_url):
    """Return an app on its own SQLite file, loaded with the demo seed."""
    app = create_app(make_config(sqlite_url))
    with app.app_context():
        seeded = app.test_cli_runner().invoke(args=["seed", "demo"])
        assert seeded.exit_code == 0, seeded.output
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def live(sqlite_url) -> Path:
    return Path(sqlite_url.removeprefix("sqlite:///"))


def run(app, *args: str):
    return app.test_cli_runner().invoke(args=["backup", *args])


def every_row(path: Path) -> dict[str, list[tuple]]:
    """Return every row of every table, in rowid order, read with a connection of its own."""
    with closing(sqlite3.connect(path)) as connection:
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {
            table: connection.execute(f'SELECT * FROM "{table}" ORDER BY rowid').fetchall()
            for table in sorted(tables)
        }


def wipe_rows(path: Path) -> None:
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("PRAGMA foreign_keys = OFF")
        for table in every_row(path):
            connection.execute(f'DELETE FROM "{table}"')
        connection.commit()


def test_backup_then_wiping_every_row_then_restore_gives_back_every_table(
    sqlite_app, live, tmp_path
):
    before = every_row(live)
    assert len(before["action"]) > 50
    assert len(before["status_update"]) > 50
    assert before["alembic_version"] == [(rev,) for rev in schema_revisions.expected_heads()]
    backup = tmp_path / "tracker-backup.db"

    created = run(sqlite_app, "create", str(backup))
    assert created.exit_code == 0, created.output
    assert f"Backed up {live} to {backup}" in created.output
    with closing(sqlite3.connect(backup)) as copy:
        assert copy.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    assert not backup.with_name(backup.name + "-wal").exists()

    wipe_rows(live)
    assert all(rows == [] for rows in every_row(live).values())
    assert sqlite_app.test_client().get("/health/ready").status_code == 503

    restored = run(sqlite_app, "restore", str(backup))
    assert restored.exit_code == 0, restored.output
    assert f"Restored {live} from {backup}" in restored.output
    assert every_row(live) == before
    # The running app reads the restored database through the connections it already had.
    assert sqlite_app.test_client().get("/health/ready").status_code == 200


def test_restore_recreates_a_deleted_database_file(sqlite_app, live, tmp_path):
    before = every_row(live)
    backup = tmp_path / "tracker-backup.db"
    assert run(sqlite_app, "create", str(backup)).exit_code == 0
    db.session.remove()
    db.engine.dispose()
    for path in (live, live.with_name(live.name + "-wal"), live.with_name(live.name + "-shm")):
        path.unlink(missing_ok=True)

    restored = run(sqlite_app, "restore", str(backup))
    assert restored.exit_code == 0, restored.output
    assert every_row(live) == before


def test_a_backup_made_while_a_writer_is_mid_transaction_holds_only_committed_rows(
    sqlite_app, live, tmp_path
):
    before = every_row(live)
    writer = sqlite3.connect(live, timeout=0)
    writer.isolation_level = None
    try:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute(
            "INSERT INTO rate_limit_event (kind, account, address, occurred_at) "
            "VALUES ('sign-in', 'x@example.org', '192.0.2.1', '2026-01-01 00:00:00')"
        )
        created = run(sqlite_app, "create", str(tmp_path / "backup.db"))
        writer.execute("COMMIT")
    finally:
        writer.close()
    assert created.exit_code == 0, created.output
    assert every_row(tmp_path / "backup.db") == before
    assert len(every_row(live)["rate_limit_event"]) == len(before["rate_limit_event"]) + 1


def _other_apps_database(path: Path) -> None:
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("CREATE TABLE note (id INTEGER PRIMARY KEY, text TEXT)")
        connection.commit()


def _unknown_revision_database(path: Path) -> None:
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
        connection.execute("INSERT INTO alembic_version VALUES ('ffffffffffff')")
        connection.commit()


@pytest.mark.parametrize(
    ("make_file", "message"),
    [
        (
            lambda path: path.write_text("Ref,Key Actions\n1.01,Audit\n"),
            "{file} is not an SQLite database, so it is not a backup.",
        ),
        (
            lambda path: path.write_bytes(b""),
            "{file} is not an SQLite database, so it is not a backup.",
        ),
        (
            _other_apps_database,
            "{file} is an SQLite database but not a backup of this app: it has no "
            "alembic_version table.",
        ),
        (
            _unknown_revision_database,
            "{file} is not a backup of this app: its schema revision (ffffffffffff) is not one "
            "of this app's migrations.",
        ),
        (lambda path: None, "{file} does not exist or is not a file."),
    ],
    ids=["csv file", "empty file", "another app's database", "unknown revision", "missing"],
)
def test_restore_refuses_a_file_that_is_not_a_backup_of_this_app(
    sqlite_app, live, tmp_path, make_file, message
):
    before = every_row(live)
    file = tmp_path / "not-a-backup.db"
    make_file(file)
    result = run(sqlite_app, "restore", str(file))
    assert result.exit_code == 1
    assert result.stderr.strip() == message.format(file=file)
    assert result.stdout == ""
    assert every_row(live) == before


def test_backup_refuses_to_overwrite_the_live_database(sqlite_app, live):
    before = every_row(live)
    result = run(sqlite_app, "create", str(live))
    assert result.exit_code == 1
    assert result.stderr.strip() == f"{live} is the live database; choose another file."
    assert every_row(live) == before


def test_a_second_backup_to_the_same_file_replaces_the_first(sqlite_app, live, tmp_path):
    backup = tmp_path / "nightly.db"
    assert run(sqlite_app, "create", str(backup)).exit_code == 0
    with closing(sqlite3.connect(live)) as connection:
        connection.execute("DELETE FROM rate_limit_event")
        connection.execute(
            "INSERT INTO rate_limit_event (kind, account, address, occurred_at) "
            "VALUES ('sign-in', 'y@example.org', '192.0.2.1', '2026-01-01 00:00:00')"
        )
        connection.commit()
    assert run(sqlite_app, "create", str(backup)).exit_code == 0
    assert every_row(backup) == every_row(live)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


@pytest.mark.parametrize("command", ["create", "restore"])
def test_on_postgresql_the_commands_point_at_the_readme(tmp_path, command):
    app = create_app(make_config("postgresql+psycopg://postgres@127.0.0.1:1/tracker"))
    result = run(app, command, str(tmp_path / "tracker.dump"))
    assert result.exit_code == 1
    assert "pg_dump -Fc" in result.stderr
    assert "pg_restore --clean --if-exists" in result.stderr
    assert 'README\'s "Backups" section' in result.stderr


def test_the_readme_gives_the_backup_commands_for_both_databases():
    readme = (ROOT / "README.md").read_text()
    backups = readme.split("## Backups", 1)[1].split("\n## ", 1)[0]
    for command in (
        "flask --app wsgi backup create",
        "flask --app wsgi backup restore",
        "pg_dump -Fc",
        "pg_restore --clean --if-exists",
    ):
        assert command in backups


@pytest.fixture
def evidence_app(sqlite_url, tmp_path):
    """Return an app on its own SQLite file whose evidence folder is the test's own."""
    app = create_app(make_config(sqlite_url, EVIDENCE_FOLDER=str(tmp_path / "evidence")))
    with app.app_context():
        seeded = app.test_cli_runner().invoke(args=["seed", "demo"])
        assert seeded.exit_code == 0, seeded.output
        yield app
        db.session.remove()
        db.engine.dispose()


def _keep_files(folder: Path, contents: list[bytes]) -> dict[str, bytes]:
    """Record evidence rows whose files are in the folder; return the files by stored name."""
    action_id = db.session.scalar(select(Action.id).order_by(Action.id))
    folder.mkdir(parents=True, exist_ok=True)
    files = {}
    for data in contents:
        name = stored_name()
        (folder / name).write_bytes(data)
        db.session.add(
            Evidence(
                action_id=action_id,
                kind=EvidenceKind.FILE,
                text="Audit report.pdf",
                content_type="application/pdf",
                size=len(data),
                sha256=hashlib.sha256(data).hexdigest(),
                stored_name=name,
            )
        )
        files[name] = data
    db.session.commit()
    return files


def test_a_backup_holds_the_evidence_folders_files_and_a_restore_puts_them_back(
    evidence_app, live, tmp_path
):
    folder = tmp_path / "evidence"
    files = _keep_files(folder, [b"%PDF-1.7 first", b"%PDF-1.7 second"])
    before = every_row(live)
    backup = tmp_path / "backups" / "tracker-backup.db"
    backup.parent.mkdir()

    created = run(evidence_app, "create", str(backup))

    assert created.exit_code == 0, created.output
    assert "The backup holds 2 evidence files from the evidence folder." in created.output
    with closing(sqlite3.connect(backup)) as copy:
        held = dict(copy.execute("SELECT stored_name, data FROM backup_evidence_file"))
    assert held == files
    # The folder and the database are lost; the backup alone brings both back.
    shutil.rmtree(folder)
    wipe_rows(live)

    restored = run(evidence_app, "restore", str(backup))

    assert restored.exit_code == 0, restored.output
    assert "Put back 2 evidence files in the evidence folder." in restored.output
    assert {path.name: path.read_bytes() for path in folder.iterdir()} == files
    # The live database gets the app's tables only, row for row as they were.
    assert every_row(live) == before


def test_a_backup_names_the_files_missing_from_the_evidence_folder(evidence_app, tmp_path):
    folder = tmp_path / "evidence"
    files = _keep_files(folder, [b"%PDF-1.7 kept", b"%PDF-1.7 lost"])
    kept, lost = files
    (folder / lost).unlink()
    backup = tmp_path / "tracker-backup.db"

    created = run(evidence_app, "create", str(backup))

    assert created.exit_code == 0, created.output
    assert "The backup holds 1 evidence file from the evidence folder." in created.stdout
    assert lost in created.stderr
    with closing(sqlite3.connect(backup)) as copy:
        held = copy.execute("SELECT stored_name FROM backup_evidence_file").fetchall()
    assert held == [(kept,)]


def test_a_backup_without_folder_files_is_the_database_exactly(evidence_app, live, tmp_path):
    backup = tmp_path / "tracker-backup.db"

    created = run(evidence_app, "create", str(backup))

    assert created.exit_code == 0, created.output
    assert "evidence" not in created.output
    assert every_row(backup) == every_row(live)


def test_restore_refuses_a_backup_naming_a_file_outside_the_evidence_folder(
    evidence_app, live, tmp_path
):
    _keep_files(tmp_path / "evidence", [b"%PDF-1.7 kept"])
    backup = tmp_path / "tracker-backup.db"
    assert run(evidence_app, "create", str(backup)).exit_code == 0
    with closing(sqlite3.connect(backup)) as copy:
        copy.execute("INSERT INTO backup_evidence_file VALUES ('../../escape', x'00')")
        copy.commit()
    before = every_row(live)

    restored = run(evidence_app, "restore", str(backup))

    assert restored.exit_code == 1
    assert "not one this app keeps" in restored.stderr
    assert not (tmp_path / "escape").exists()
    assert every_row(live) == before

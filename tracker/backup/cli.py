"""Back up the SQLite database to a file, and restore it from one, while the app runs."""

from pathlib import Path
from typing import NoReturn

import click

from tracker.backup import bp
from tracker.extensions import db
from tracker.services import backups, schema_revisions

_FILE = click.Path(path_type=Path, dir_okay=False)


def _refuse(refused: backups.BackupRefused) -> NoReturn:
    click.echo(str(refused), err=True)
    raise SystemExit(1)


@bp.cli.command("create")
@click.argument("file", type=_FILE)
def create_command(file: Path) -> None:
    """Copy the SQLite database to FILE; safe while the app runs."""
    try:
        live = backups.sqlite_path(db.engine)
        revision = backups.create_backup(live, file, known=schema_revisions.known_revisions())
    except backups.BackupRefused as refused:
        _refuse(refused)
    click.echo(f"Backed up {live} to {file} (schema revision {revision}).")


@bp.cli.command("restore")
@click.argument("file", type=_FILE)
def restore_command(file: Path) -> None:
    """Replace the SQLite database's contents with the backup in FILE."""
    try:
        live = backups.sqlite_path(db.engine)
        revision = backups.restore_backup(file, live, known=schema_revisions.known_revisions())
    except backups.BackupRefused as refused:
        _refuse(refused)
    click.echo(f"Restored {live} from {file} (schema revision {revision}).")
    if revision not in schema_revisions.expected_heads():
        click.echo("The backup is from an older version: run 'flask --app wsgi db upgrade'.")

"""Back up the SQLite database and evidence files to a file, and restore them, app running."""

from pathlib import Path
from typing import NoReturn

import click

from tracker.backup import bp
from tracker.extensions import db
from tracker.services import backups, schema_revisions
from tracker.services.evidence import evidence_folder

_FILE = click.Path(path_type=Path, dir_okay=False)


def _files(count: int) -> str:
    return f"{count} evidence file{'' if count == 1 else 's'}"


def _refuse(refused: backups.BackupRefused) -> NoReturn:
    click.echo(str(refused), err=True)
    raise SystemExit(1)


@bp.cli.command("create")
@click.argument("file", type=_FILE)
def create_command(file: Path) -> None:
    """Copy the SQLite database and its evidence files to FILE; safe while the app runs."""
    try:
        live = backups.sqlite_path(db.engine)
        made = backups.create_backup(
            live, file, known=schema_revisions.known_revisions(), evidence_folder=evidence_folder()
        )
    except backups.BackupRefused as refused:
        _refuse(refused)
    click.echo(f"Backed up {live} to {file} (schema revision {made.revision}).")
    if made.evidence_files:
        click.echo(f"The backup holds {_files(made.evidence_files)} from the evidence folder.")
    if made.missing_files:
        click.echo(
            f"{_files(len(made.missing_files))} named by evidence rows were not in the evidence "
            f"folder, so the backup lacks them: {', '.join(made.missing_files)}.",
            err=True,
        )


@bp.cli.command("restore")
@click.argument("file", type=_FILE)
def restore_command(file: Path) -> None:
    """Put back the evidence files and the SQLite database's contents from the backup in FILE."""
    try:
        live = backups.sqlite_path(db.engine)
        made = backups.restore_backup(
            file, live, known=schema_revisions.known_revisions(), evidence_folder=evidence_folder()
        )
    except backups.BackupRefused as refused:
        _refuse(refused)
    click.echo(f"Restored {live} from {file} (schema revision {made.revision}).")
    if made.evidence_files:
        click.echo(f"Put back {_files(made.evidence_files)} in the evidence folder.")
    if made.revision not in schema_revisions.expected_heads():
        click.echo("The backup is from an older version: run 'flask --app wsgi db upgrade'.")

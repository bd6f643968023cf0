"""Build the documents waiting to be prepared from the command line: flask prepared build."""

import click

from tracker.prepared import bp, builder


@bp.cli.command("build")
def build_command() -> None:
    """Build every document waiting to be prepared, one after another, and say how many."""
    built = builder.build_queued()
    click.echo(f"Prepared {built} document{'' if built == 1 else 's'}.")

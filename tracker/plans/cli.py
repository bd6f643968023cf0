"""Import and export plans from the command line: flask plans import|export."""

from datetime import date
from pathlib import Path

import click
from flask import current_app

from tracker import clock
from tracker.extensions import db
from tracker.plans import bp
from tracker.services import plan_reads
from tracker.services.plan_export import export_plan_file
from tracker.services.plan_import import ImportRejected, import_plan_file
from tracker.services.tabular import SUFFIXES, TableError, TableLimits

ISO_DATE = click.DateTime(formats=["%Y-%m-%d"])


def table_limits() -> TableLimits:
    """Return the import caps from the app's configuration."""
    config = current_app.config
    return TableLimits(
        max_bytes=config["IMPORT_MAX_BYTES"],
        max_rows=config["IMPORT_MAX_ROWS"],
        max_columns=config["IMPORT_MAX_COLUMNS"],
    )


@bp.cli.command("import")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--plan", "slug", required=True, help="Slug of the plan to create or add to.")
@click.option("--title", help="Title for a new plan (default: the file's title row).")
@click.option("--as-at", type=ISO_DATE, help="Date the file reports as at (default: today).")
@click.option(
    "--organisation",
    help="Council or trust of a new plan, added if new (default: the default organisation).",
)
@click.option("--dry-run", is_flag=True, help="Show what would change and write nothing.")
def import_command(
    file: Path, slug: str, title: str | None, as_at, organisation: str | None, dry_run: bool
) -> None:
    """Import a plan table (.xlsx or .csv, council layout) into a plan."""
    as_at_date: date = as_at.date() if as_at else clock.today()
    try:
        summary = import_plan_file(
            file,
            slug=slug,
            title=title,
            organisation=organisation,
            as_at=as_at_date,
            today=clock.today(),
            now=clock.now(),
            limits=table_limits(),
        )
    except ImportRejected as rejected:
        db.session.rollback()
        click.echo(f"{file.name} was not imported. Fix these problems and try again:", err=True)
        for problem in rejected.problems:
            click.echo(f"  {problem}", err=True)
        click.echo("Nothing was written.", err=True)
        raise SystemExit(1) from None
    if dry_run:
        db.session.rollback()
        click.echo("Dry run: nothing was written. The import would do this:")
    else:
        db.session.commit()
    for line in summary.lines():
        click.echo(line)


@bp.cli.command("export")
@click.argument("slug")
@click.option("--as-at", type=ISO_DATE, help="Export the plan as at this date (default: today).")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    required=True,
    help="File to write, ending in .xlsx or .csv.",
)
def export_command(slug: str, as_at, output: Path) -> None:
    """Export a plan as at a date in the council layout."""
    plan = plan_reads.get_plan(slug)
    if plan is None:
        click.echo(f"There is no plan '{slug}'. Run 'flask plans list' to see them.", err=True)
        raise SystemExit(1)
    if output.suffix.lower() not in SUFFIXES:
        click.echo(f"'{output.name}' must end in .xlsx or .csv.", err=True)
        raise SystemExit(1)
    as_at_date = as_at.date() if as_at else clock.today()
    try:
        count = export_plan_file(plan, as_at_date, output)
    except (TableError, OSError) as error:
        click.echo(f"Could not write {output}: {error}", err=True)
        raise SystemExit(1) from None
    click.echo(f"Wrote {count} actions of '{slug}' as at {as_at_date} to {output}.")


@bp.cli.command("list")
def list_command() -> None:
    """List the plans with their slugs."""
    for summary in plan_reads.list_plans(include_archived=True):
        archived = " (archived)" if summary.plan.archived_at else ""
        click.echo(f"{summary.plan.slug}\t{summary.total} actions\t{summary.plan.title}{archived}")

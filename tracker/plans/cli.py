"""Import, export and show plans from the command line: flask plans import|export|show."""

import json
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import NoReturn

import click
from flask import current_app

from tracker import clock, transactions
from tracker.domain.as_at import long_day
from tracker.domain.import_mapping import ColumnMapping, MappingError
from tracker.plans import bp
from tracker.services import plan_reads
from tracker.services.plan_export import ExportLayout, ExportRefused, export_plan_file
from tracker.services.plan_import import (
    ImportRejected,
    import_plan_file,
    mapping_for_file,
    read_mapping_file,
)
from tracker.services.plan_state import load_plan_state
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


def refuse(heading: str, problems: Iterable[object]) -> NoReturn:
    """Say why nothing was written, one problem a line, and stop with exit status 1."""
    click.echo(heading, err=True)
    for problem in problems:
        click.echo(f"  {problem}", err=True)
    click.echo("Nothing was written.", err=True)
    raise SystemExit(1) from None


def not_imported(file: Path) -> str:
    """Return the line heading the problems that kept a file from being imported."""
    return f"{file.name} was not imported. Fix these problems and try again:"


def mapping_unusable(path: Path) -> str:
    """Return the line heading the problems of a mapping file that cannot be used."""
    return f"The mapping file {path.name} cannot be used:"


def show_import_summary(lines: Iterable[str], *, dry_run: bool) -> None:
    """Print what an import did, discarding its writes first on a dry run."""
    if dry_run:
        transactions.discard()
        click.echo("Dry run: nothing was written. The import would do this:")
    for line in lines:
        click.echo(line)


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
@click.option(
    "--mapping",
    "mapping_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="JSON file saying which column holds which field (default: the plan's saved mapping,"
    " else a guess).",
)
@click.option(
    "--write-mapping",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write the mapping the import would use to this JSON file, and import nothing.",
)
def import_command(
    file: Path,
    slug: str,
    title: str | None,
    as_at,
    organisation: str | None,
    dry_run: bool,
    mapping_file: Path | None,
    write_mapping: Path | None,
) -> None:
    """Import a plan table (.xlsx or .csv) into a plan, its columns placed by a mapping."""
    as_at_date: date = as_at.date() if as_at else clock.today()
    mapping = _read_mapping(mapping_file) if mapping_file is not None else None
    try:
        if write_mapping is not None:
            _write_mapping(file, slug, mapping, write_mapping)
            return
        summary = import_plan_file(
            file,
            slug=slug,
            title=title,
            organisation=organisation,
            as_at=as_at_date,
            today=clock.today(),
            now=clock.now(),
            limits=table_limits(),
            mapping=mapping,
        )
    except ImportRejected as rejected:
        refuse(not_imported(file), rejected.problems)
    show_import_summary(summary.lines(), dry_run=dry_run)


def _read_mapping(path: Path) -> ColumnMapping:
    """Read a mapping file, or stop with every problem in it and nothing written."""
    try:
        return read_mapping_file(path)
    except MappingError as error:
        refuse(mapping_unusable(path), error.problems)


def _write_mapping(file: Path, slug: str, given: ColumnMapping | None, output: Path) -> None:
    """Write the mapping an import of the file would use, and say where it came from."""
    written = mapping_for_file(file, slug=slug, limits=table_limits(), given=given)
    try:
        output.write_text(
            json.dumps(written.mapping.to_json(), ensure_ascii=False, indent=2) + "\n",
            encoding="utf-8",
        )
    except OSError as error:
        click.echo(f"Could not write {output}: {error}", err=True)
        raise SystemExit(1) from None
    click.echo(
        f"Wrote the mapping {file.name} would be imported with ({written.source}) to {output}."
        " Nothing was imported: edit the mapping if need be, then run the import with"
        f" --mapping {output.name}."
    )
    if written.unknown_status_words:
        click.echo(
            "These status words are not in the status key yet; add each to the words of an "
            "entry in status_key (or add an entry for it) before importing: "
            + ", ".join(f"'{word}'" for word in written.unknown_status_words)
        )


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
@click.option(
    "--layout",
    type=click.Choice([layout.value for layout in ExportLayout]),
    help="council: the headers, title row and extra columns the plan came in with (the default "
    "when the plan has a saved mapping); standard: the tracker's own layout.",
)
def export_command(slug: str, as_at, output: Path, layout: str | None) -> None:
    """Export a plan as at a date, in the council's own layout or the standard one."""
    plan = plan_reads.get_plan(slug)
    if plan is None:
        click.echo(f"There is no plan '{slug}'. Run 'flask plans list' to see them.", err=True)
        raise SystemExit(1)
    if output.suffix.lower() not in SUFFIXES:
        click.echo(f"'{output.name}' must end in .xlsx or .csv.", err=True)
        raise SystemExit(1)
    as_at_date = as_at.date() if as_at else clock.today()
    try:
        exported = export_plan_file(
            plan, as_at_date, output, ExportLayout(layout) if layout else None
        )
    except ExportRefused as error:
        click.echo(f"Could not export: {error} (--layout standard).", err=True)
        raise SystemExit(1) from None
    except (TableError, OSError) as error:
        click.echo(f"Could not write {output}: {error}", err=True)
        raise SystemExit(1) from None
    click.echo(
        f"Wrote {exported.actions} actions of '{slug}' as at {long_day(as_at_date)} to {output}, "
        f"in the {exported.layout.value} layout."
    )
    if exported.left_out:
        click.echo(
            "The council's layout has no column for these, so they are not in the file "
            "(--layout standard has them): " + ", ".join(exported.left_out)
        )


@bp.cli.command("list")
def list_command() -> None:
    """List the plans with their slugs."""
    for summary in plan_reads.list_plans(include_archived=True):
        archived = " (archived)" if summary.plan.archived_at else ""
        click.echo(f"{summary.plan.slug}\t{summary.total} actions\t{summary.plan.title}{archived}")


@bp.cli.command("show")
@click.argument("slug")
@click.option("--as-at", type=ISO_DATE, help="Show the plan as at this date (default: today).")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["json"]),
    default="json",
    show_default=True,
    help="How to print the plan.",
)
def show_command(slug: str, as_at, output_format: str) -> None:
    """Print every action of a plan as at a date, with the plan's status key."""
    plan = plan_reads.get_plan(slug)
    if plan is None:
        click.echo(f"There is no plan '{slug}'. Run 'flask plans list' to see them.", err=True)
        raise SystemExit(1)
    as_at_date = as_at.date() if as_at else clock.today()
    state = load_plan_state(plan, as_at_date)
    click.echo(json.dumps(state.to_json(), ensure_ascii=False, indent=2))

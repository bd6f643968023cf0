"""Import a performance scorecard from the command line: flask indicators import."""

from pathlib import Path

import click

from tracker import clock
from tracker.domain.indicator_layout import MappingProblem, ScorecardMapping
from tracker.indicators import bp
from tracker.plans.cli import (
    mapping_unusable,
    not_imported,
    refuse,
    show_import_summary,
    table_limits,
)
from tracker.services.indicator_import import (
    IndicatorImportRejected,
    import_indicator_file,
    read_scorecard_mapping,
)


@bp.cli.command("import")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--plan", "slug", required=True, help="Slug of the plan the indicators belong to.")
@click.option("--dry-run", is_flag=True, help="Show what would change and write nothing.")
@click.option(
    "--mapping",
    "mapping_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="JSON file saying which column holds which field (default: read from the headers).",
)
@click.option(
    "--strict",
    is_flag=True,
    help="Refuse the whole file if any cell cannot be read (default: flag it, import the rest).",
)
def import_command(
    file: Path, slug: str, dry_run: bool, mapping_file: Path | None, strict: bool
) -> None:
    """Import a scorecard (.xlsx or .csv): indicators, tolerances, targets, benchmarks, readings."""
    mapping = _read_mapping(mapping_file) if mapping_file is not None else None
    try:
        summary = import_indicator_file(
            file,
            slug=slug,
            limits=table_limits(),
            today=clock.today(),
            now=clock.now(),
            mapping=mapping,
            strict=strict,
        )
    except IndicatorImportRejected as rejected:
        refuse(not_imported(file), rejected.problems)
    show_import_summary(summary.lines(), dry_run=dry_run)


def _read_mapping(path: Path) -> ScorecardMapping:
    """Read a mapping file, or stop with every problem in it and nothing written."""
    try:
        return read_scorecard_mapping(path)
    except MappingProblem as error:
        refuse(mapping_unusable(path), error.problems)

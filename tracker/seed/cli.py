"""Load the demo plans and accounts from the repository's seed folder."""

import click

from tracker import ROOT, clock
from tracker.domain.as_at import long_day
from tracker.plans.cli import table_limits
from tracker.seed import bp
from tracker.services.demo_seed import DEMO_PASSWORD, load_demo
from tracker.services.plan_import import ImportRejected


@bp.cli.command("demo")
def demo_command() -> None:
    """Load the demo plans from seed/ and create demo sign-ins; running it again changes nothing."""
    try:
        result = load_demo(
            ROOT / "seed", today=clock.today(), now=clock.now(), limits=table_limits()
        )
    except ImportRejected as rejected:
        click.echo("The demo seed could not be loaded; nothing was written:", err=True)
        for problem in rejected.problems:
            click.echo(f"  {problem}", err=True)
        raise SystemExit(1) from None
    for summary in result.imports:
        click.echo(
            f"{summary.plan_slug} as at {long_day(summary.as_at)}: "
            f"{len(summary.actions_created)} actions created, "
            f"{summary.updates_added} updates added, "
            f"{summary.updates_already_recorded} already recorded"
        )
    for indicators in result.indicators:
        click.echo(
            f"{indicators.plan_slug}: {indicators.indicators_created} indicators created, "
            f"{indicators.readings_added} readings added"
        )
    click.echo(f"{len(result.accounts_created)} demo accounts created.")
    click.echo("")
    click.echo(f"Sign in with any of these; every demo password is: {DEMO_PASSWORD}")
    for name, email, role in sorted(result.sign_ins, key=lambda s: (s[2] != "admin", s[2], s[1])):
        click.echo(f"  {role.value:<6} {email:<34} {name}")
    if result.example_sign_ins:
        click.echo("")
        click.echo(f"{result.example_plan_title} (every state, dated from the day it was loaded):")
        click.echo(f"  its leads sign in as {', '.join(result.example_sign_ins)}")

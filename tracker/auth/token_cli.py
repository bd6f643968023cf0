"""Manage personal access tokens for the API: flask tokens create|list|revoke."""

from __future__ import annotations

from datetime import datetime

import click

from tracker import clock
from tracker.domain.api_tokens import default_expiry, expiry_problem, name_problem, parse_scope
from tracker.domain.as_at import long_day
from tracker.services import accounts, api_tokens
from tracker.transactions import CommandGroup

tokens_cli = CommandGroup("tokens", help="Make, list and revoke personal access tokens.")

ISO_DATE = click.DateTime(formats=["%Y-%m-%d"])


def _when(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M") if moment else "never"


@tokens_cli.command("create")
@click.option("--email", required=True, help="The email address of the account it acts for.")
@click.option("--name", required=True, help="What the token is for, such as 'Power BI'.")
@click.option("--scope", required=True, help="read (read only) or write (read and write).")
@click.option(
    "--expires", type=ISO_DATE, help="The day it stops working, YYYY-MM-DD; 90 days on if left out."
)
def create_command(email: str, name: str, scope: str, expires: datetime | None) -> None:
    """Make a token for an account and print it, once."""
    today = clock.today()
    expires_on = expires.date() if expires else default_expiry(today)
    chosen, scope_problem = parse_scope(scope)
    for option, problem in (
        ("--name", name_problem(name)),
        ("--scope", scope_problem),
        ("--expires", expiry_problem(expires_on, today)),
    ):
        if problem:
            raise click.BadParameter(problem, param_hint=f"'{option}'")
    user = accounts.find_account(email)
    if user is None:
        click.echo(
            f"There is no account for {email}. Run 'flask users list' to see them.", err=True
        )
        raise SystemExit(1)
    if not user.active:
        click.echo(f"{user.email} is deactivated: its tokens would be refused.", err=True)
        raise SystemExit(1)
    assert chosen is not None
    token, text = api_tokens.create_token(
        user.id, name.strip(), chosen, expires_on, acting_user_id=None, now=clock.now()
    )
    click.echo(
        f"Made token {token.id} '{token.name}' for {user.email}: {chosen.label.lower()}, "
        f"until {long_day(expires_on)} (refused from that day)."
    )
    click.echo(text)
    click.echo("Copy it now: it will not be shown again, and only its hash is kept.")
    click.echo(f"Send it with each request as the header: Authorization: Bearer {text}")


@tokens_cli.command("list")
@click.option("--email", help="Only this account's tokens.")
def list_command(email: str | None) -> None:
    """List tokens, newest first: never their text, only the characters that tell them apart."""
    rows = api_tokens.listed_tokens(email, today=clock.today())
    if not rows:
        click.echo(f"{email} has no tokens." if email else "There are no tokens.")
        return
    click.echo("id\taccount\tname\tscope\tstarts\tcreated\texpires\tlast used\tstatus")
    for row in rows:
        status = row.status.value + ("" if row.account_active else " (account deactivated)")
        click.echo(
            "\t".join(
                (
                    str(row.id),
                    row.account_email,
                    row.name,
                    row.scope.value,
                    f"{row.shown_prefix}…",
                    _when(row.created_at),
                    row.expires_on.isoformat(),
                    _when(row.last_used_at),
                    status,
                )
            )
        )


@tokens_cli.command("revoke")
@click.argument("token_id", type=int, required=False)
@click.option("--email", help="With --name: the account whose token it is.")
@click.option("--name", help="With --email: the token's name.")
def revoke_command(token_id: int | None, email: str | None, name: str | None) -> None:
    """Revoke a token, by its id or by its account and name: it is refused from then on."""
    if (token_id is None) == (email is None and name is None):
        raise click.UsageError("Give either the token's id, or --email and --name, not both.")
    try:
        if token_id is None:
            if not email or not name:
                raise click.UsageError("Give both --email and --name to revoke a token by name.")
            token_id = api_tokens.token_named(email, name)
        revoked = api_tokens.revoke_token(
            token_id, owner_user_id=None, acting_user_id=None, now=clock.now()
        )
    except api_tokens.TokenNotFound as missing:
        click.echo(f"{missing} Run 'flask tokens list' to see them.", err=True)
        raise SystemExit(1) from None
    if revoked.already:
        click.echo(f"Token {revoked.token_id} '{revoked.name}' was already revoked.")
    else:
        click.echo(f"Revoked token {revoked.token_id} '{revoked.name}' of {revoked.account_email}.")

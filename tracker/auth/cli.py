"""Manage accounts from the command line: flask users create|set-role|deactivate|reset-link."""

import sys

import click

from tracker import clock
from tracker.auth import bp
from tracker.domain.enums import Role
from tracker.domain.reset_tokens import RESET_LINK_LIFETIME
from tracker.models import User
from tracker.services import accounts

ROLE = click.Choice([role.value for role in Role])


def _read_password() -> str:
    """Prompt twice on a terminal; otherwise read one line from standard input."""
    if sys.stdin.isatty():
        return click.prompt("Password", hide_input=True, confirmation_prompt=True)
    return sys.stdin.readline().rstrip("\r\n")


def _account(email: str) -> User:
    user = accounts.find_account(email)
    if user is None:
        click.echo(
            f"There is no account for {email}. Run 'flask users list' to see them.", err=True
        )
        raise SystemExit(1)
    return user


def _fail(problem: accounts.AccountProblem) -> None:
    click.echo(str(problem), err=True)
    raise SystemExit(1)


@bp.cli.command("create")
@click.option("--email", required=True, help="Sign-in email address.")
@click.option("--name", required=True, help="The person's name, as the plan writes it.")
@click.option("--role", type=ROLE, required=True, help="admin, lead or panel.")
def create_command(email: str, name: str, role: str) -> None:
    """Create an account; the password comes from a prompt, or standard input when piped."""
    password = _read_password()
    try:
        user = accounts.create_account(email=email, name=name, role=Role(role), password=password)
    except accounts.AccountProblem as problem:
        _fail(problem)
    click.echo(f"Created the {role} account {user.email} for {name.strip()}.")


@bp.cli.command("set-role")
@click.option("--email", required=True)
@click.option("--role", type=ROLE, required=True)
def set_role_command(email: str, role: str) -> None:
    """Give an account another role; its sessions end so the change applies at once."""
    user = _account(email)
    accounts.set_role(user, Role(role))
    click.echo(f"{user.email} is now {role}.")


@bp.cli.command("deactivate")
@click.option("--email", required=True)
def deactivate_command(email: str) -> None:
    """Stop an account signing in and end its sessions; its history stays."""
    user = _account(email)
    accounts.set_active(user, False)
    click.echo(f"{user.email} is deactivated.")


@bp.cli.command("activate")
@click.option("--email", required=True)
def activate_command(email: str) -> None:
    """Let a deactivated account sign in again."""
    user = _account(email)
    accounts.set_active(user, True)
    click.echo(f"{user.email} is active.")


@bp.cli.command("reset-link")
@click.option("--email", required=True)
def reset_link_command(email: str) -> None:
    """Print a one-time link where the account's owner sets a new password."""
    user = _account(email)
    try:
        token = accounts.issue_password_reset(user, now=clock.now())
    except accounts.AccountProblem as problem:
        _fail(problem)
    hours = int(RESET_LINK_LIFETIME.total_seconds() // 3600)
    click.echo(f"Send this link to {user.email}; it works once, for {hours} hours:")
    click.echo(accounts.reset_link(token))


@bp.cli.command("list")
def list_command() -> None:
    """List the accounts with their roles."""
    for user in accounts.list_accounts():
        state = "" if user.active else " (deactivated)"
        click.echo(f"{user.role.value:<6} {user.email:<34} {user.person.name}{state}")

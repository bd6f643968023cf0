"""The reports area of the tracker: panel dashboard, highlight report, plan and exception PDFs."""

from flask import Blueprint
from flask.blueprints import BlueprintSetupState

from tracker.transactions import CommandGroup

bp = Blueprint("reports", __name__, cli_group="report")
# Each command commits once at its end, or rolls back.
bp.cli = CommandGroup()

from tracker.reports import cli, routes, wording  # noqa: E402, F401


@bp.record_once
def _share_wording(state: BlueprintSetupState) -> None:
    """Give every template the reports' words and formats, as the global `wording`."""
    # A global, not a context variable, so imported macros and templates rendered outside a
    # request (the command line's HTML report) see it too.
    state.app.jinja_env.globals["wording"] = wording

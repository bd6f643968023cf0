"""The reports area of the tracker: panel dashboard, highlight report, plan and exception PDFs."""

from flask import Blueprint

bp = Blueprint("reports", __name__, cli_group="report")

from tracker.reports import cli, routes  # noqa: E402, F401

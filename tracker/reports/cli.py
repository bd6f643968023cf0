"""Print tallies and write reports and scorecards from the command line: flask report ..."""

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

import click
from flask import current_app

from tracker import clock
from tracker.domain.as_at import Month, ReportDateError, default_report_month, long_day
from tracker.domain.date_params import BadReportParameter, parse_day, parse_month
from tracker.domain.indicator_values import month_period
from tracker.domain.portfolio import Portfolio
from tracker.domain.scorecard import Scorecard, scorecard_json
from tracker.domain.tallies import Tallies
from tracker.models import Plan
from tracker.reports import bp, wording
from tracker.reports.charts import indicator_charts, trend_chart
from tracker.reports.portfolio_table import portfolio_csv, portfolio_rows
from tracker.reports.report_json import highlight_json, plan_tallies_json, portfolio_json
from tracker.reports.wording import PORTFOLIO_HEADER
from tracker.services import plan_reads, reports
from tracker.services.portfolio import load_portfolio
from tracker.services.scorecard import build_scorecard

# The formats written as bytes, with the name an error message gives them.
BINARY_FORMATS = {"pdf": "PDF", "docx": "Word document"}

# The options of a command that writes a report as a document.
_document_format_option = click.option(
    "--format",
    "output_format",
    type=click.Choice(["json", "html", "pdf", "docx"]),
    default="json",
    show_default=True,
)
_output_option = click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="File to write (default: standard output).",
)


def _fail(message: str) -> NoReturn:
    click.echo(message, err=True)
    raise SystemExit(1)


def _plan(slug: str) -> Plan:
    plan = plan_reads.get_plan(slug)
    if plan is None:
        _fail(f"There is no plan '{slug}'. Run 'flask plans list' to see them.")
    return plan


def _text_tallies(plan: Plan, tallies: Tallies) -> str:
    header = f"{'':<44}{'Actions':>8}{'Done':>8}{'Not':>8}{'Part':>8}{'Unknown':>9}"

    def line(label: str, tally) -> str:
        short = label if len(label) <= 42 else label[:41] + "…"
        counts = "".join(f"{tally.count(c):>8}" for c in tally.percentages)
        return f"{short:<44}{tally.total:>8}{counts}"

    overall = tallies.overall
    percentages = "".join(f"{str(value) + '%':>8}" for value in overall.percentages.values())
    lines = [
        f"{plan.title}",
        f"Overall completion status as at {long_day(tallies.as_at)}",
        "Done = completed, Not = not completed, Part = partially completed, "
        "Unknown = completion status not known",
        "",
        header,
        line("All actions", overall),
        f"{'':<44}{'':>8}{percentages}",
    ]
    if wording.has_bands(tallies):
        lines += ["", wording.BANDS_CAPTION]
        lines += [line(band.label, band.tally) for band in tallies.bands]
    lines += ["", "By theme"]
    for theme in tallies.themes:
        lines.append(line(wording.theme_heading(theme.number, theme.title), theme.tally))
    return "\n".join(lines)


@bp.cli.command("tallies")
@click.argument("slug")
@click.option("--as-at", "as_at_text", help="Tally as at this date, YYYY-MM-DD (default: today).")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["json", "text"]),
    default="json",
    show_default=True,
)
def tallies_command(slug: str, as_at_text: str | None, output_format: str) -> None:
    """Print a plan's completion tallies overall, per priority band and per theme."""
    plan = _plan(slug)
    if as_at_text is None:
        tallies = reports.current_tallies(plan.id, clock.today())
    else:
        try:
            as_at = parse_day(as_at_text, "--as-at date")
        except BadReportParameter as error:
            _fail(str(error))
        tallies = reports.tallies_as_at(plan.id, as_at)
    if output_format == "json":
        payload = plan_tallies_json(plan.slug, plan.title, tallies)
        click.echo(json.dumps(payload, indent=2, ensure_ascii=False))
    else:
        click.echo(_text_tallies(plan, tallies))


@bp.cli.command("highlight")
@click.argument("slug")
@click.option(
    "--month",
    "month_text",
    help="Month of the report, YYYY-MM (default: the latest month with updates).",
)
@click.option(
    "--as-at",
    "as_at_text",
    help="Cut-off date, YYYY-MM-DD, from the month's last day to the end of the next month "
    "(default: the plan's usual cut-off).",
)
@_document_format_option
@_output_option
def highlight_command(
    slug: str,
    month_text: str | None,
    as_at_text: str | None,
    output_format: str,
    output: Path | None,
) -> None:
    """Write a plan's highlight report for a month as JSON, HTML, PDF or Word."""
    plan = _plan(slug)
    today = clock.today()
    try:
        if month_text is None:
            months = reports.report_months(plan.id, plan.report_cut_off_working_days)
            month = default_report_month(months, today)
        else:
            month = parse_month(month_text, "--month")
        cut_off = None if as_at_text is None else parse_day(as_at_text, "--as-at date")
        report = reports.load_highlight_report(plan, month, today=today, cut_off=cut_off)
    except (BadReportParameter, ReportDateError) as error:
        _fail(str(error))
    if output_format == "pdf":
        from tracker.reports import pdf

        content = pdf.highlight_pdf(report, clock.now())
    elif output_format == "docx":
        from tracker.reports import word

        content = word.highlight_docx(report, clock.now())
    elif output_format == "html":
        # Rendered straight from the environment: the page context processors need a request.
        template = current_app.jinja_env.get_template("reports/highlight_document.html")
        content = template.render(
            report=report,
            title=wording.highlight_title(report),
            chart=trend_chart(report.trend),
            generated_at=clock.now(),
        ).encode()
    else:
        content = (json.dumps(highlight_json(report), indent=2, ensure_ascii=False) + "\n").encode()
    if _write(content, output, output_format):
        click.echo(f"Wrote the {month.label} highlight report of '{slug}' to {output}.")


def _text_portfolio(portfolio: Portfolio) -> str:
    rows = [PORTFOLIO_HEADER, *portfolio_rows(portfolio)]
    widths = [max(len(row[column]) for row in rows) for column in range(len(PORTFOLIO_HEADER))]
    lines = [
        f"Cross-plan tallies as at {long_day(portfolio.as_at)} "
        f"(change since {long_day(portfolio.previous_as_at)})",
        "",
    ]
    for row in rows:
        lines.append("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
    return "\n".join(line.rstrip() for line in lines)


@bp.cli.command("portfolio")
@click.option("--as-at", "as_at_text", help="Tally as at this date, YYYY-MM-DD (default: today).")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["json", "csv", "text"]),
    default="json",
    show_default=True,
)
def portfolio_command(as_at_text: str | None, output_format: str) -> None:
    """Print the tallies of every live plan together and plan by plan."""
    as_at = clock.today()
    if as_at_text is not None:
        try:
            as_at = parse_day(as_at_text, "--as-at date")
        except BadReportParameter as error:
            _fail(str(error))
    portfolio = load_portfolio(as_at)
    if output_format == "json":
        click.echo(json.dumps(portfolio_json(portfolio), indent=2, ensure_ascii=False))
    elif output_format == "csv":
        click.echo(portfolio_csv(portfolio), nl=False)
    else:
        click.echo(_text_portfolio(portfolio))


def _scorecard_json(scorecard: Scorecard) -> bytes:
    return (json.dumps(scorecard_json(scorecard), indent=2, ensure_ascii=False) + "\n").encode()


def _scorecard_html(scorecard: Scorecard) -> bytes:
    # Rendered straight from the environment: the page context processors need a request.
    template = current_app.jinja_env.get_template("reports/scorecard_document.html")
    return template.render(
        scorecard=scorecard,
        charts=indicator_charts(scorecard),
        title=wording.scorecard_title(scorecard.plan_title, scorecard.period.end),
        generated_at=clock.now(),
    ).encode()


def _scorecard_pdf(scorecard: Scorecard) -> bytes:
    from tracker.reports.scorecard_pdf import scorecard_pdf

    return scorecard_pdf(scorecard, clock.now())


def _scorecard_docx(scorecard: Scorecard) -> bytes:
    from tracker.reports.scorecard_word import scorecard_docx

    return scorecard_docx(scorecard, clock.now())


# Each format the scorecard is written in, with what writes it.
SCORECARD_FORMATS: dict[str, Callable[[Scorecard], bytes]] = {
    "json": _scorecard_json,
    "html": _scorecard_html,
    "pdf": _scorecard_pdf,
    "docx": _scorecard_docx,
}


def _write(content: bytes, output: Path | None, output_format: str) -> bool:
    """Write a report to the file, or print it; say whether it went to a file."""
    if output is None:
        if output_format not in BINARY_FORMATS:
            click.echo(content.decode(), nl=False)
            return False
        if sys.stdout.isatty():
            _fail(
                f"A {BINARY_FORMATS[output_format]} is not printed to a terminal: "
                "give -o FILE or redirect the output."
            )
        stream = sys.stdout.buffer
        stream.write(content)
        stream.flush()
        return False
    try:
        output.write_bytes(content)
    except OSError as error:
        _fail(f"Could not write {output}: {error.strerror or error}")
    return True


@bp.cli.command("scorecard")
@click.argument("slug")
@click.option(
    "--period",
    "period_text",
    help="Month of the scorecard, YYYY-MM (default: the last complete month).",
)
@_document_format_option
@_output_option
def scorecard_command(
    slug: str, period_text: str | None, output_format: str, output: Path | None
) -> None:
    """Write a plan's performance scorecard for a month as JSON, HTML, PDF or Word."""
    plan = _plan(slug)
    try:
        month = (
            Month.of(clock.today()).shifted(-1)
            if period_text is None
            else parse_month(period_text, "--period")
        )
    except BadReportParameter as error:
        _fail(str(error))
    scorecard = build_scorecard(plan.slug, month_period(month.year, month.month))
    content = SCORECARD_FORMATS[output_format](scorecard)
    if _write(content, output, output_format):
        click.echo(f"Wrote the {month.label} scorecard of '{slug}' to {output}.")

"""Lay out the cross-plan tallies as a table of text, and write it as CSV."""

import csv
import io
from datetime import date
from decimal import Decimal

from tracker.domain.empty_values import NOT_RECORDED
from tracker.domain.enums import Completion
from tracker.domain.portfolio import Portfolio
from tracker.domain.tallies import Tally
from tracker.reports.wording import ALL_PLANS, PORTFOLIO_HEADER, points
from tracker.services.tabular import neutralise

# The columns of the tallies table that hold text typed by people, not figures.
TEXT_COLUMNS = (0, 1, 2)


def portfolio_rows(portfolio: Portfolio) -> list[tuple[str, ...]]:
    """Return one row per plan and a last row for all plans, under PORTFOLIO_HEADER."""

    def row(
        title: str,
        slug: str,
        owner: str,
        tally: Tally,
        change: Decimal,
        overdue: int,
        exceptions: int,
        updated: date | None,
    ) -> tuple[str, ...]:
        return (
            title,
            slug,
            owner,
            str(tally.total),
            *(str(tally.count(completion)) for completion in Completion),
            str(tally.percent(Completion.COMPLETED)),
            points(change),
            str(overdue),
            str(exceptions),
            updated.isoformat() if updated else NOT_RECORDED,
        )

    rows = [
        row(
            plan.title,
            plan.slug,
            plan.owner or NOT_RECORDED,
            plan.tally,
            plan.change,
            plan.overdue,
            plan.exceptions,
            plan.last_update_on,
        )
        for plan in portfolio.plans
    ]
    latest = max(
        (plan.last_update_on for plan in portfolio.plans if plan.last_update_on), default=None
    )
    rows.append(
        row(
            ALL_PLANS,
            "",
            "",
            portfolio.overall,
            portfolio.change,
            portfolio.overdue,
            portfolio.exceptions,
            latest,
        )
    )
    return rows


def portfolio_csv(portfolio: Portfolio) -> str:
    """Write the tallies table as CSV, typed text kept from running as a formula."""
    stream = io.StringIO()
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow(PORTFOLIO_HEADER)
    for row in portfolio_rows(portfolio):
        writer.writerow(
            neutralise(cell) if column in TEXT_COLUMNS else cell for column, cell in enumerate(row)
        )
    return stream.getvalue()

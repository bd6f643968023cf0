"""List the overdue actions of every plan a reader may see, as a page, CSV lines and a PDF."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from itertools import islice
from typing import Any

from sqlalchemy import Select, case, exists, func, select

from tracker.domain import due
from tracker.domain.action_filters import PAGE_SIZE, page_count
from tracker.domain.assurance import RevisionStatus
from tracker.domain.enums import Completion, Direction
from tracker.domain.highlight import titled
from tracker.extensions import db
from tracker.models import Action, Plan, TargetDateRevision
from tracker.reports import wording
from tracker.services.prepared_documents import Measure
from tracker.services.tabular import neutralise

# Rows fetched from the database at a time while a download is written.
FETCH_SIZE = 2_000


@dataclass(frozen=True, slots=True)
class OverdueAction:
    """One overdue action of the list, as its columns were selected."""

    id: int
    plan_slug: str
    plan_title: str
    ref: str | None
    text: str
    given_short_title: str | None
    lead_text: str
    target_date: date
    target_date_text: str
    completion: Completion
    status_label: str | None
    direction: Direction | None

    @property
    def key_action(self) -> str:
        """Return the action as the reports list it: its short title, else its cut text."""
        return titled(None, self.given_short_title, self.text)

    def days_overdue(self, today: date) -> int:
        """Return how many days past its target date the action is on today."""
        return due.days_overdue(self.target_date, self.completion, today) or 0

    def status(self) -> str:
        """Return the latest status as the papers print it."""
        return wording.status_text(self.status_label, self.direction)


@dataclass(frozen=True)
class OverduePage:
    """One page of the overdue list, with how many actions are overdue and how many pages."""

    rows: list[OverdueAction]
    total: int
    number: int
    pages: int


_COLUMNS = (
    Action.id,
    Plan.slug.label("plan_slug"),
    Plan.title.label("plan_title"),
    Action.ref,
    Action.text,
    Action.short_title.label("given_short_title"),
    Action.lead_text,
    Action.target_date,
    # The words as written name the first date; once a new date is approved, only it is shown.
    case(
        (
            exists().where(
                TargetDateRevision.action_id == Action.id,
                TargetDateRevision.status == RevisionStatus.APPROVED,
            ),
            "",
        ),
        else_=Action.target_date_text,
    ).label("target_date_text"),
    Action.current_completion.label("completion"),
    Action.current_status_label.label("status_label"),
    Action.current_direction.label("direction"),
)


def _overdue(columns: tuple[Any, ...], plan_ids: set[int] | None, today: date) -> Select:
    """Select live actions of live plans that due.days_overdue calls overdue on today."""
    statement = (
        select(*columns)
        .select_from(Action)
        .join(Plan, Plan.id == Action.plan_id)
        .where(
            Plan.archived_at.is_(None),
            Action.archived_at.is_(None),
            Action.target_date < today,
            Action.current_completion != Completion.COMPLETED,
        )
    )
    if plan_ids is not None:
        statement = statement.where(Action.plan_id.in_(plan_ids))
    return statement


def _ordered(statement: Select) -> Select:
    """Order most overdue first, then by plan, then by ref in natural order."""
    return statement.order_by(
        Action.target_date,
        Plan.title,
        Plan.id,
        Action.ref_sort_key.is_(None),
        Action.ref_sort_key,
        Action.position,
        Action.id,
    )


def overdue_page(plan_ids: set[int] | None, today: date, number: int) -> OverduePage:
    """Return a page of 50 overdue actions of the plans given (all when None), in two queries."""
    total = db.session.scalar(_overdue((func.count(Action.id),), plan_ids, today)) or 0
    pages = page_count(total)
    number = min(number, pages)
    rows = db.session.execute(
        _ordered(_overdue(_COLUMNS, plan_ids, today))
        .limit(PAGE_SIZE)
        .offset((number - 1) * PAGE_SIZE)
    )
    return OverduePage([OverdueAction(*row) for row in rows], total, number, pages)


def overdue_actions(plan_ids: set[int] | None, today: date) -> Iterator[OverdueAction]:
    """Yield every overdue action of the plans given, in the list's order, fetched in batches."""
    rows = db.session.execute(
        _ordered(_overdue(_COLUMNS, plan_ids, today)).execution_options(yield_per=FETCH_SIZE)
    )
    for row in rows:
        # The columns are selected in the dataclass's field order.
        yield OverdueAction(*row)


def overdue_cells(action: OverdueAction, today: date) -> tuple[str, ...]:
    """Return one action's cells as the CSV and the PDF write them, under OVERDUE_LIST_HEADER."""
    return (
        action.plan_title,
        action.ref or "",
        action.key_action,
        action.lead_text,
        wording.target_text(action.target_date_text, action.target_date),
        str(action.days_overdue(today)),
        action.status(),
    )


def overdue_csv_lines(actions: Iterable[OverdueAction], today: date) -> Iterator[str]:
    """Yield the CSV in batches of lines, header first, typed text kept from running as formulas."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    # With a byte-order mark, Excel opens the file as UTF-8 rather than its local code page.
    writer.writerow(wording.OVERDUE_LIST_HEADER)
    yield "\ufeff" + _taken(buffer)
    # A batch of lines per chunk: a chunk per line would cost a write to the client for each.
    remaining = iter(actions)
    while batch := list(islice(remaining, FETCH_SIZE)):
        writer.writerows(
            [neutralise(cell) for cell in overdue_cells(action, today)] for action in batch
        )
        yield _taken(buffer)


def _taken(buffer: io.StringIO) -> str:
    """Return what the buffer holds and empty it."""
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text


def overdue_csv(plan_ids: set[int] | None, today: date) -> Iterator[str]:
    """Yield the overdue list of the plans given as CSV lines, reading the rows in batches."""
    return overdue_csv_lines(overdue_actions(plan_ids, today), today)


def measure_overdue(plan_ids: set[int] | None, today: date) -> Measure:
    """Count the overdue actions of the plans given, and mark their state, in one query."""
    count, versions = db.session.execute(
        _overdue(
            (func.count(Action.id), func.coalesce(func.sum(Action.version), 0)), plan_ids, today
        )
    ).one()
    return Measure(int(count), f"{today.isoformat()}:{count}:{versions}")


def overdue_pdf(plan_ids: set[int] | None, today: date, generated_at: datetime) -> bytes:
    """Return the overdue list of the plans given as an A4 landscape PDF."""
    # Imported here so that commands which never draw a PDF do not load ReportLab.
    from tracker.reports.overdue_pdf import overdue_list_pdf

    rows = [overdue_cells(action, today) for action in overdue_actions(plan_ids, today)]
    return overdue_list_pdf(rows, today, generated_at)

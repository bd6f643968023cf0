"""Load what the help page says about a plan: its key, bands, report cut-off, reminders, owner."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import aliased

from tracker.domain.bands import band_label
from tracker.domain.status_key import StatusKey, stored_status_key
from tracker.extensions import db
from tracker.models import Person, Plan, PriorityBand


@dataclass(frozen=True, slots=True)
class PlanChoice:
    """A plan the reader may choose help for."""

    slug: str
    title: str


@dataclass(frozen=True, slots=True)
class BandHelp:
    """One priority band as the help page lists it."""

    number: int
    # As the papers print it: "Priority 1 Actions to be completed by …".
    label: str
    window_start: date | None
    window_end: date | None


@dataclass(frozen=True, slots=True)
class PlanHelp:
    """Every setting of one plan that the help page explains."""

    id: int
    slug: str
    title: str
    status_key: StatusKey
    bands: tuple[BandHelp, ...]
    report_cut_off_working_days: int
    due_soon_working_days: int
    escalation_working_days: int
    owner: str
    owner_name: str | None
    owner_email: str | None


def plan_choices(readable: set[int] | None) -> list[PlanChoice]:
    """Return the live plans among these ids (every live plan for None), by title."""
    query = select(Plan.slug, Plan.title).where(Plan.archived_at.is_(None)).order_by(Plan.title)
    if readable is not None:
        query = query.where(Plan.id.in_(readable))
    return [PlanChoice(slug, title) for slug, title in db.session.execute(query)]


def plan_help(slug: str) -> PlanHelp | None:
    """Return what the help page explains about the live plan with this short name, or None."""
    owner = aliased(Person)
    row = db.session.execute(
        select(
            Plan.id,
            Plan.slug,
            Plan.title,
            Plan.status_key,
            Plan.report_cut_off_working_days,
            Plan.due_soon_working_days,
            Plan.escalation_working_days,
            Plan.owner,
            owner.name,
            owner.email,
        )
        .outerjoin(owner, owner.id == Plan.owner_person_id)
        .where(Plan.slug == slug, Plan.archived_at.is_(None))
    ).one_or_none()
    if row is None:
        return None
    bands = tuple(
        BandHelp(number, band_label(number, label), start, end)
        for number, label, start, end in db.session.execute(
            select(
                PriorityBand.number,
                PriorityBand.label,
                PriorityBand.window_start,
                PriorityBand.window_end,
            )
            .where(PriorityBand.plan_id == row.id)
            .order_by(PriorityBand.number)
        )
    )
    return PlanHelp(
        id=row.id,
        slug=row.slug,
        title=row.title,
        status_key=stored_status_key(row.status_key),
        bands=bands,
        report_cut_off_working_days=row.report_cut_off_working_days,
        due_soon_working_days=row.due_soon_working_days,
        escalation_working_days=row.escalation_working_days,
        owner=row.owner,
        owner_name=row.name,
        owner_email=row.email,
    )

"""Answer the plans a token's account may read, what each holds, and the people (administrators)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import request, url_for
from flask_login import current_user
from pydantic import BaseModel

from tracker.api.lists import list_response, requested_paging
from tracker.api.permissions import readable_plan, require_role
from tracker.api.plan_schemas import (
    AchievementOut,
    ArchivedQuery,
    BandOut,
    ObjectiveOut,
    PeopleQuery,
    PersonOut,
    PlanCounts,
    PlanLinks,
    PlanOut,
    PlanSettings,
    PlanSummary,
    RiskOut,
    RiskQuery,
    StatusKeyEntryOut,
    ThemeOut,
)
from tracker.api.spec import Page, operation
from tracker.auth.permissions import readable_plan_ids
from tracker.domain.bands import band_label
from tracker.domain.enums import Role
from tracker.domain.listing_filters import ListingFilters, parse_listing_filters
from tracker.domain.paging import Paging
from tracker.domain.status_key import stored_status_key
from tracker.services import api_plans

# The parts of a plan the API reads at /plans/<slug>/<part>, each named in its links.
_PLAN_PARTS = (
    "actions",
    "themes",
    "objectives",
    "risks",
    "achievements",
    "tallies",
    "highlight",
    "scorecard",
)


def plan_links(slug: str) -> PlanLinks:
    """Return the addresses of a plan and of each part of it."""
    address = url_for("api.plan", slug=slug)
    return PlanLinks(self=address, **{part: f"{address}/{part}" for part in _PLAN_PARTS})


def _filters(*names: str) -> tuple[ListingFilters, Paging]:
    """Return the filters and page asked for; raise the 422 naming each wrong one of names."""
    filters, problems = parse_listing_filters(request.args)
    paging = requested_paging({name: problems[name] for name in names if name in problems})
    return filters, paging


def _listed(page: tuple[Any, int], paging: Paging, item: Callable[[Any], BaseModel]) -> Any:
    """Answer a page of rows, each described by its model, as JSON or CSV."""
    rows, total = page
    return list_response([item(row).model_dump(mode="json") for row in rows], total, paging)


def _read_by(model: type[BaseModel]) -> Callable[[Any], BaseModel]:
    """Return a function reading a row into the model, field by field of the same names."""
    return lambda row: model.model_validate(row, from_attributes=True)


@operation(
    "/plans",
    summary="List the plans the token's account may read",
    tag="Plans",
    response=Page[PlanSummary],
    query=ArchivedQuery,
    listing=True,
    errors=(422,),
)
def plans():
    """List the plans by title: all of them for administrators and panel, a lead's own plans."""
    filters, paging = _filters("archived")
    page = api_plans.plans_page(readable_plan_ids(current_user), filters, paging)
    return _listed(
        page,
        paging,
        lambda row: PlanSummary(
            slug=row.slug,
            title=row.title,
            organisation=row.organisation,
            owner=row.owner or "",
            created_at=row.created_at,
            archived_at=row.archived_at,
            actions=row.actions,
            completed=row.completed,
            links=plan_links(row.slug),
        ),
    )


@operation(
    "/plans/<slug>",
    summary="Read a plan: its settings, status key, priority bands and counts",
    tag="Plans",
    response=PlanOut,
    errors=(403, 404),
)
def plan(slug: str):
    """Return a plan with what a reader needs to read its actions and reports."""
    found = readable_plan(slug)
    detail = api_plans.plan_detail(found.id)
    row = detail.plan
    return PlanOut(
        slug=row.slug,
        title=row.title,
        organisation=row.organisation,
        owner=row.owner or "",
        created_at=row.created_at,
        archived_at=row.archived_at,
        settings=PlanSettings(
            reporting_cadence=row.reporting_cadence,
            report_cut_off_working_days=row.report_cut_off_working_days,
            due_soon_working_days=row.due_soon_working_days,
            sign_off_required=row.sign_off_required,
            panel_may_sign_off=row.panel_may_sign_off,
            revised_dates_need_approval=row.revised_dates_need_approval,
        ),
        counts=PlanCounts(
            actions=row.actions,
            completed=row.completed,
            themes=row.themes,
            objectives=row.objectives,
            open_risks=row.open_risks,
            achievements=row.achievements,
            indicators=row.indicators,
        ),
        status_key=[
            StatusKeyEntryOut(
                label=entry.label,
                colour=entry.colour,
                completion=entry.completion,
                rag=entry.rag,
                exception=entry.exception,
                signed_off=entry.signed_off,
            )
            for entry in stored_status_key(row.status_key).entries
        ],
        bands=[
            BandOut(
                number=band.number,
                label=band_label(band.number, band.label),
                window_start=band.window_start,
                window_end=band.window_end,
            )
            for band in detail.bands
        ],
        has_scorecard=detail.has_indicators,
        links=plan_links(row.slug),
    )


@operation(
    "/plans/<slug>/themes",
    summary="List a plan's themes",
    tag="Plans",
    response=Page[ThemeOut],
    query=ArchivedQuery,
    listing=True,
    errors=(403, 404, 422),
)
def plan_themes(slug: str):
    """List the plan's themes in number order, each with its live objectives and actions."""
    found = readable_plan(slug)
    filters, paging = _filters("archived")
    return _listed(
        api_plans.themes_page(found.id, filters, paging),
        paging,
        _read_by(ThemeOut),
    )


@operation(
    "/plans/<slug>/objectives",
    summary="List a plan's objectives",
    tag="Plans",
    response=Page[ObjectiveOut],
    query=ArchivedQuery,
    listing=True,
    errors=(403, 404, 422),
)
def plan_objectives(slug: str):
    """List the plan's objectives theme by theme, in the plan's order, with their live actions."""
    found = readable_plan(slug)
    filters, paging = _filters("archived")
    return _listed(
        api_plans.objectives_page(found.id, filters, paging),
        paging,
        _read_by(ObjectiveOut),
    )


@operation(
    "/plans/<slug>/risks",
    summary="List a plan's risks and issues",
    tag="Plans",
    response=Page[RiskOut],
    query=RiskQuery,
    listing=True,
    errors=(403, 404, 422),
)
def plan_risks(slug: str):
    """List the plan's risks and issues: the open ones first, then the latest raised."""
    found = readable_plan(slug)
    filters, paging = _filters("status")
    return _listed(
        api_plans.risks_page(found.id, filters, paging),
        paging,
        _read_by(RiskOut),
    )


@operation(
    "/plans/<slug>/achievements",
    summary="List a plan's achievements",
    tag="Plans",
    response=Page[AchievementOut],
    query=ArchivedQuery,
    listing=True,
    errors=(403, 404, 422),
)
def plan_achievements(slug: str):
    """List the plan's achievements, the latest achieved first."""
    found = readable_plan(slug)
    filters, paging = _filters("archived")
    return _listed(
        api_plans.achievements_page(found.id, filters, paging),
        paging,
        _read_by(AchievementOut),
    )


@operation(
    "/people",
    summary="List the people who lead actions, with their accounts (administrators)",
    tag="People",
    response=Page[PersonOut],
    query=PeopleQuery,
    listing=True,
    errors=(403, 422),
)
def people():
    """List everyone, active people first by name, with how many actions each leads."""
    require_role(Role.ADMIN, detail="Only an administrator's token lists people.")
    filters, paging = _filters("q")
    return _listed(
        api_plans.people_page(filters, paging),
        paging,
        _read_by(PersonOut),
    )

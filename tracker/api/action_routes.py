"""Read actions and their status updates, and record status updates, through the API."""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

from flask import json, request, url_for
from flask_login import current_user

from tracker import clock, transactions
from tracker.api.action_schemas import (
    ActionDetail,
    ActionLinks,
    ActionsQuery,
    ActionSummary,
    BandOut,
    LeadOut,
    MilestoneOut,
    ObjectiveOut,
    PlanActionsQuery,
    RecordedUpdate,
    StatusUpdateIn,
    StatusUpdateOut,
    StatusUpdatesQuery,
    ThemeOut,
    UpdateLinks,
)
from tracker.api.lists import list_response, requested_paging
from tracker.api.permissions import forbidden, not_found, readable_plan, require_plan_reader
from tracker.api.problems import Problem, invalid
from tracker.api.spec import ListQuery, Page, operation
from tracker.auth.permissions import can_update_action, readable_plan_ids
from tracker.domain import due
from tracker.domain.action_filters import (
    ActionFilters,
    FilterChoices,
    FilterProblems,
    parse_action_filters,
    target_window,
    whole_number,
)
from tracker.domain.bands import band_label
from tracker.domain.update_filters import UpdateFilters, parse_update_filters
from tracker.domain.update_rules import SentUpdate, sent_update_problems
from tracker.domain.working_days import WorkingCalendar
from tracker.services import action_list, api_actions, status_keys, status_updates
from tracker.services.api_actions import ActionRow, LeadRow, UpdateRow

TAG = "Actions"
# The API names the form's "rag" field for what it holds: a label of the plan's status key.
_API_FIELD_NAMES = {"rag": "status"}


@operation(
    "/actions",
    summary="List the live actions of every plan the token's account may read",
    tag=TAG,
    response=Page[ActionSummary],
    query=ActionsQuery,
    listing=True,
    errors=(422,),
)
def actions():
    """Return a page of actions across plans, filtered and sorted as the web's action list is."""
    plan_ids = readable_plan_ids(current_user)
    readable = api_actions.readable_plans(plan_ids)
    choices = FilterChoices(
        lead_ids=None,
        status_labels=readable.status_labels,
        theme_numbers=None,
        band_numbers=None,
        plan_slugs=readable.slugs,
    )
    return _action_list(api_actions.plans_scope(plan_ids), choices, across_plans=True)


@operation(
    "/plans/<slug>/actions",
    summary="List a plan's live actions",
    tag=TAG,
    response=Page[ActionSummary],
    query=PlanActionsQuery,
    listing=True,
    errors=(403, 404, 422),
)
def plan_actions(slug: str):
    """Return a page of the plan's actions, filtered and sorted as the web's action list is."""
    plan = readable_plan(slug)
    choices = action_list.list_options(plan).choices
    return _action_list(action_list.plan_scope(plan.id), choices, across_plans=False)


@operation(
    "/actions/<int:action_id>",
    summary="Read an action with its milestones and every status update",
    tag=TAG,
    response=ActionDetail,
    errors=(403, 404),
    description="The ETag changes with the action's version and with anything it shows; send it "
    "as If-Match to record a status update.",
)
def action(action_id: int):
    """Return the action, its milestones, the recommendations it answers and its history."""
    _require_action_reader(action_id)
    detail = _action_detail(action_id)
    return detail, 200, {"ETag": _etag(detail)}


@operation(
    "/actions/<int:action_id>/status-updates",
    summary="List an action's status updates, newest first",
    tag=TAG,
    response=Page[StatusUpdateOut],
    query=ListQuery,
    listing=True,
    errors=(403, 404, 422),
)
def action_status_updates(action_id: int):
    """Return a page of the action's status updates, newest first."""
    _require_action_reader(action_id)
    paging = requested_paging()
    rows, total = api_actions.update_page(
        api_actions.action_scope(action_id),
        UpdateFilters(),
        offset=paging.offset,
        limit=None if paging.as_csv else paging.per_page,
    )
    return list_response([_update(row).model_dump(mode="json") for row in rows], total, paging)


@operation(
    "/status-updates",
    summary="List the status updates of every plan the token's account may read",
    tag=TAG,
    response=Page[StatusUpdateOut],
    query=StatusUpdatesQuery,
    listing=True,
    errors=(422,),
)
def status_updates_list():
    """Return a page of status updates across the live plans, newest first, as filtered."""
    plan_ids = readable_plan_ids(current_user)
    problems: dict[str, str] = {}
    try:
        filters = parse_update_filters(request.args, api_actions.readable_plans(plan_ids).slugs)
    except FilterProblems as error:
        problems, filters = error.problems, UpdateFilters()
    paging = requested_paging(problems)
    rows, total = api_actions.update_page(
        api_actions.plans_scope(plan_ids),
        filters,
        offset=paging.offset,
        limit=None if paging.as_csv else paging.per_page,
    )
    return list_response([_update(row).model_dump(mode="json") for row in rows], total, paging)


@operation(
    "/status-updates/<int:update_id>",
    summary="Read a status update",
    tag=TAG,
    response=StatusUpdateOut,
    errors=(403, 404),
)
def status_update(update_id: int):
    """Return one status update as it was recorded."""
    plan_id = api_actions.update_plan_id(update_id)
    if plan_id is None:
        raise not_found("There is no status update at this address.")
    require_plan_reader(plan_id)
    row = api_actions.update_row(update_id)
    assert row is not None
    return _update(row)


@operation(
    "/actions/<int:action_id>/status-updates",
    "POST",
    summary="Record a status update on an action",
    tag=TAG,
    response=RecordedUpdate,
    status=201,
    body=StatusUpdateIn,
    errors=(404, 409, 412, 428),
    response_headers=("Location", "ETag"),
    description="Send If-Match with the ETag of GET /actions/{action_id} (or the version in "
    'quotes, such as "7"). The update form\'s rules apply, with its messages.',
)
def record_status_update(action_id: int, body: StatusUpdateIn):
    """Record the update as the form does, unless the action moved on since it was read."""
    if api_actions.action_plan_id(action_id) is None:
        raise not_found("There is no action at this address.")
    if not can_update_action(current_user, action_id):
        raise forbidden("Only the action's leads and administrators record its status updates.")
    live = status_updates.load_live_action(action_id)
    if live is None:
        raise Problem(
            409,
            "The action is archived",
            "The action or its plan is archived, so it takes no more status updates.",
            kind="archived",
        )
    seen_version = _seen_version()
    if seen_version != live.version:
        raise _stale(action_id)
    today = clock.today()
    proposed, problems = sent_update_problems(
        SentUpdate(**body.model_dump()),
        status_updates.current_state(live),
        status_key=status_keys.plan_status_key(live.plan_id),
        today=today,
    )
    if problems:
        messages: dict[str, str] = {}
        for problem in problems:
            messages.setdefault(_API_FIELD_NAMES.get(problem.field, problem.field), problem.message)
        raise invalid(messages)
    try:
        with transactions.savepoint():
            recorded = status_updates.record_status_update(
                live,
                proposed,
                seen_version=seen_version,
                author_user_id=current_user.id,
                now=clock.now(),
            )
    except status_updates.ActionChanged:
        raise _stale(action_id) from None
    detail = _action_detail(action_id)
    row = api_actions.update_row(recorded.id)
    assert row is not None
    answer = RecordedUpdate(**_update_fields(row), action_version=detail["version"])
    headers = {
        "Location": url_for("api.status_update", update_id=recorded.id),
        "ETag": _etag(detail),
    }
    return answer, 201, headers


def _action_list(scope: Any, choices: FilterChoices, *, across_plans: bool):
    """Return the list of actions the address's filters and page ask for, or the 422."""
    problems: dict[str, str] = {}
    try:
        filters = parse_action_filters(request.args, choices)
    except FilterProblems as error:
        problems, filters = error.problems, ActionFilters()
    paging = requested_paging(problems)
    today = clock.today()
    page = api_actions.action_page(
        scope,
        filters,
        target_window(filters, today=today, calendar=WorkingCalendar()),
        today=today,
        across_plans=across_plans,
        offset=paging.offset,
        limit=None if paging.as_csv else paging.per_page,
    )
    items = [
        _summary(row, page.leads.get(row.id, []), today).model_dump(mode="json")
        for row in page.rows
    ]
    return list_response(items, page.total, paging)


def _require_action_reader(action_id: int) -> None:
    """Raise the 404 problem when there is no such action, the 403 when it may not be read."""
    plan_id = api_actions.action_plan_id(action_id)
    if plan_id is None:
        raise not_found("There is no action at this address.")
    require_plan_reader(plan_id)


def _seen_version() -> int | None:
    """Return the action version If-Match carries, None when it names none; 428 without it."""
    sent = request.headers.get("If-Match", "").strip()
    if not sent or sent == "*":
        raise Problem(
            428,
            "Send If-Match with the action's version",
            "Send If-Match with the ETag that GET /api/v1/actions/{id} answered, or the "
            'action\'s version in quotes such as "7", so that no update made meanwhile is lost.',
            kind="precondition-required",
        )
    tag = sent.removeprefix("W/").strip().strip('"')
    return whole_number(tag.partition("-")[0])


def _stale(action_id: int) -> Problem:
    """Return the 412 problem carrying the action as it is now, and its ETag."""
    current = _action_detail(action_id)
    etag = _etag(current)
    return Problem(
        412,
        "The action has changed since it was read",
        f"Someone changed the action since it was read: it is now at version "
        f"{current['version']}, shown in current. Check the update still stands, then send it "
        f"with If-Match: {etag}.",
        kind="stale-version",
        headers={"ETag": etag},
        extra={"current": current},
    )


def _etag(detail: dict[str, Any]) -> str:
    """Return the action's ETag: its version, and a digest of everything the answer shows."""
    text = json.dumps(detail, sort_keys=True, ensure_ascii=False)
    return f'"{detail["version"]}-{hashlib.sha256(text.encode()).hexdigest()[:12]}"'


def _action_detail(action_id: int) -> dict[str, Any]:
    """Return the action as GET /actions/<id> answers it, as JSON values."""
    record = api_actions.action_record(action_id)
    if record is None:
        raise not_found("There is no action at this address.")
    today = clock.today()
    detail = ActionDetail(
        **_summary(record.row, record.leads, today).model_dump(by_alias=False),
        archived=record.row.action_archived_at is not None
        or record.row.plan_archived_at is not None,
        milestones=[MilestoneOut(**vars(milestone)) for milestone in record.milestones],
        recommendations=record.recommendation_refs,
        status_updates=[_update(update) for update in record.updates],
    )
    return detail.model_dump(mode="json")


def _summary(row: ActionRow, leads: list[LeadRow], today: date) -> ActionSummary:
    """Return an action's row as the API answers it."""
    return ActionSummary(
        id=row.id,
        plan=row.plan_slug,
        ref=row.ref,
        text=row.text,
        objective=ObjectiveOut(id=row.objective_id, text=row.objective_text),
        theme=ThemeOut(number=row.theme_number, title=row.theme_title),
        band=None if row.band_number is None else _band(row.band_number, row.band_wording),
        leads=[LeadOut(person_id=lead.person_id, name=lead.name) for lead in leads],
        target_date=row.target_date,
        target_date_text=row.target_date_text,
        recurrence=row.recurrence,
        completion=row.completion,
        sign_off=row.sign_off,
        status_label=row.status_label,
        status_colour=row.status_colour,
        rag=row.rag,
        direction=row.direction,
        current_performance=row.current_performance,
        commentary=row.commentary,
        as_at=row.as_at,
        completed_on=row.completed_on,
        days_overdue=due.days_overdue(row.target_date, row.completion, today),
        version=row.version,
        updated_at=row.updated_at,
        links=ActionLinks(self_=url_for("api.action", action_id=row.id)),
    )


def _band(number: int, wording: str | None) -> BandOut:
    return BandOut(number=number, label=band_label(number, wording or ""))


def _update_fields(row: UpdateRow) -> dict[str, Any]:
    """Return a status update's fields as the API's models take them."""
    return {
        "id": row.id,
        "action_id": row.action_id,
        "action_ref": row.action_ref,
        "plan": row.plan_slug,
        "as_at": row.as_at,
        "recorded_at": row.recorded_at,
        "author": row.author,
        "completion": row.completion,
        "status_label": row.status_label,
        "status_colour": row.status_colour,
        "rag": row.rag,
        "direction": row.direction,
        "current_performance": row.current_performance,
        "commentary": row.commentary,
        "report_note": row.report_note,
        "completed_on": row.completed_on,
        "completed_on_unknown": row.completed_on_unknown,
        "sign_off": row.sign_off,
        "links": UpdateLinks(
            self_=url_for("api.status_update", update_id=row.id),
            action=url_for("api.action", action_id=row.action_id),
        ),
    }


def _update(row: UpdateRow) -> StatusUpdateOut:
    """Return a status update's row as the API answers it."""
    return StatusUpdateOut(**_update_fields(row))

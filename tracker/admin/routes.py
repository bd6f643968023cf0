"""Routes of the admin area: its front page and the audit trail; the rest by subject."""

from flask import render_template, request, url_for

from tracker.admin import bp
from tracker.auth.permissions import admin_required
from tracker.pagination import pagination
from tracker.services import audit


@bp.get("/")
@admin_required
def index():
    """Link to everything an administrator can change."""
    return render_template("admin/index.html")


@bp.get("/audit")
@admin_required
def audit_trail():
    """List every recorded change, newest first, optionally about one kind of record."""
    entities = audit.audit_entities()
    entity = request.args.get("entity") or None
    if entity not in entities:
        entity = None
    page = audit.audit_page(entity, request.args.get("page", 1, type=int))
    return render_template(
        "admin/audit.html",
        page=page,
        entity=entity,
        entities=entities,
        pagination=_pagination(page, entity),
        breadcrumbs=[{"text": "Audit trail"}],
    )


def _pagination(page: audit.AuditPage, entity: str | None) -> dict:
    """Return govukPagination's settings for a page of the audit trail."""
    return pagination(
        page.page,
        page.pages,
        lambda number: url_for("admin.audit_trail", entity=entity, page=number),
    )


from tracker.admin import (  # noqa: E402, F401  (each module adds its routes to the blueprint)
    action_views,
    import_views,
    indicator_views,
    milestone_views,
    people_views,
    plan_views,
    recommendation_views,
    record_views,
    status_key_views,
    structure_views,
)

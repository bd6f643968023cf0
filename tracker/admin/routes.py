"""Routes of the admin area: its front page and the audit trail; the rest by subject."""

from flask import render_template, request, url_for

from tracker.admin import bp
from tracker.auth.permissions import admin_required
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
    """Return govukPagination's settings: first, last and neighbouring pages, with gaps."""

    def href(number: int) -> str:
        return url_for("admin.audit_trail", entity=entity, page=number)

    shown = {1, page.pages, page.page - 1, page.page, page.page + 1}
    items: list[dict] = []
    previous = 0
    for number in sorted(n for n in shown if 1 <= n <= page.pages):
        if number - previous > 1:
            items.append({"ellipsis": True})
        items.append({"number": number, "href": href(number), "current": number == page.page})
        previous = number
    params: dict = {"items": items}
    if page.page > 1:
        params["previous"] = {"href": href(page.page - 1)}
    if page.page < page.pages:
        params["next"] = {"href": href(page.page + 1)}
    return params


from tracker.admin import (  # noqa: E402, F401  (each module adds its routes to the blueprint)
    action_views,
    import_views,
    people_views,
    plan_views,
    record_views,
    status_key_views,
    structure_views,
)

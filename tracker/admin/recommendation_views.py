"""Admin pages for a plan's recommendations and the actions that answer each."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user

from tracker.admin import bp
from tracker.admin.helpers import (
    Section,
    archive_or_restore,
    form_values,
    found,
    if_changed,
    plan_crumbs,
    plan_form_page,
    plan_or_404,
)
from tracker.admin.recommendation_forms import RecommendationForm
from tracker.auth.permissions import admin_required
from tracker.services import recommendations
from tracker.services.recommendations import RECOMMENDATION_FIELDS

RECOMMENDATIONS = Section("Recommendations", "admin.recommendations_list")


@bp.get("/plans/<slug>/recommendations")
@admin_required
def recommendations_list(slug: str):
    """List a plan's recommendations with the actions answering each, archived ones last."""
    plan = plan_or_404(slug)
    return render_template(
        "admin/recommendations.html",
        plan=plan,
        recommendations=recommendations.list_recommendations(plan),
        breadcrumbs=plan_crumbs(plan, (RECOMMENDATIONS.text, None)),
    )


@bp.route("/plans/<slug>/recommendations/new", methods=["GET", "POST"])
@admin_required
def new_recommendation(slug: str):
    """Add a recommendation and link the actions that answer it."""
    plan = plan_or_404(slug)
    form = RecommendationForm()
    return plan_form_page(
        plan,
        form,
        lambda: recommendations.create_recommendation(
            plan,
            form_values(form, RECOMMENDATION_FIELDS),
            form.action_refs.data or "",
            user_id=current_user.id,
        ),
        done=lambda recommendation: f"Recommendation {recommendation.ref} added.",
        title="Add a recommendation",
        section=RECOMMENDATIONS,
        submit_text="Save recommendation",
    )


@bp.route("/plans/<slug>/recommendations/<int:recommendation_id>/edit", methods=["GET", "POST"])
@admin_required
def edit_recommendation(slug: str, recommendation_id: int):
    """Change a recommendation and which actions answer it."""
    plan = plan_or_404(slug)
    recommendation = found(recommendations.get_recommendation(plan, recommendation_id))
    form = RecommendationForm(
        obj=recommendation,
        data={"action_refs": recommendations.linked_action_refs(recommendation)},
    )
    return plan_form_page(
        plan,
        form,
        lambda: recommendations.update_recommendation(
            plan,
            recommendation,
            form_values(form, RECOMMENDATION_FIELDS),
            form.action_refs.data or "",
            user_id=current_user.id,
        ),
        done=if_changed("Recommendation saved."),
        title="Change a recommendation",
        section=RECOMMENDATIONS,
        submit_text="Save recommendation",
    )


@bp.post("/plans/<slug>/recommendations/<int:recommendation_id>/archive")
@admin_required
def archive_recommendation(slug: str, recommendation_id: int):
    """Archive a recommendation: it leaves the pages and reports."""
    return archive_or_restore(
        slug,
        lambda plan: recommendations.get_recommendation(plan, recommendation_id),
        recommendations.set_recommendation_archived,
        archive=True,
        message="Recommendation {record.ref} archived.",
        endpoint=RECOMMENDATIONS.endpoint,
    )


@bp.post("/plans/<slug>/recommendations/<int:recommendation_id>/restore")
@admin_required
def restore_recommendation(slug: str, recommendation_id: int):
    """Bring an archived recommendation back."""
    return archive_or_restore(
        slug,
        lambda plan: recommendations.get_recommendation(plan, recommendation_id),
        recommendations.set_recommendation_archived,
        archive=False,
        message="Recommendation {record.ref} restored.",
        endpoint=RECOMMENDATIONS.endpoint,
    )

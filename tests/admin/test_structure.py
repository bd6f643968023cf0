"""Priority bands, themes and objectives: add, change, and archive or delete by their history."""

from datetime import UTC, date, datetime

from sqlalchemy import select

from tests.factories import add_update, make_action, make_plan, make_theme
from tracker.extensions import db
from tracker.models import Action, AuditEvent, Objective, PriorityBand, Theme


def _audit(entity: str) -> list[tuple[str, int | None]]:
    return [
        (event.verb, event.user_id)
        for event in db.session.scalars(
            select(AuditEvent).where(AuditEvent.entity == entity).order_by(AuditEvent.id)
        )
    ]


def _date(prefix: str, value: date | None) -> dict[str, str]:
    if value is None:
        return {prefix: ["", "", ""]}
    return {prefix: [str(value.day), str(value.month), str(value.year)]}


def test_adding_a_band_with_its_window(admin_client, admin):
    plan = make_plan(slug="p")
    db.session.commit()
    response = admin_client.post(
        "/admin/plans/p/bands/new",
        data={
            "number": "2",
            "label": "between 1st November and 31st December 2009",
            **_date("window_start", date(2009, 11, 1)),
            **_date("window_end", date(2009, 12, 31)),
        },
    )
    assert response.status_code == 302
    band = db.session.scalar(select(PriorityBand).where(PriorityBand.plan_id == plan.id))
    assert (band.number, band.window_start, band.window_end) == (
        2,
        date(2009, 11, 1),
        date(2009, 12, 31),
    )
    assert _audit("band") == [("create", admin.id)]
    page = admin_client.get("/admin/plans/p/bands").get_data(as_text=True)
    assert "1 November 2009 to 31 December 2009" in page


def test_a_band_window_ending_before_it_starts_is_refused_and_nothing_written(admin_client):
    make_plan(slug="p")
    db.session.commit()
    page = admin_client.post(
        "/admin/plans/p/bands/new",
        data={
            "number": "1",
            "label": "",
            **_date("window_start", date(2009, 12, 1)),
            **_date("window_end", date(2009, 11, 1)),
        },
    ).get_data(as_text=True)
    assert "The window end must be the same as or after its start" in page
    assert 'href="#window_end-day"' in page
    assert 'value="12"' in page
    assert db.session.query(PriorityBand).count() == 0
    assert db.session.query(AuditEvent).count() == 0


def test_a_band_date_missing_its_month_says_so(admin_client):
    make_plan(slug="p")
    db.session.commit()
    page = admin_client.post(
        "/admin/plans/p/bands/new",
        data={"number": "1", "window_start": ["1", "", "2009"], **_date("window_end", None)},
    ).get_data(as_text=True)
    assert "The window start must include a month" in page
    assert 'href="#window_start-day"' in page


def test_a_band_number_is_unique_within_its_plan(admin_client):
    make_plan(slug="p", bands=1)
    make_plan(slug="other", bands=2)
    db.session.commit()
    page = admin_client.post(
        "/admin/plans/p/bands/new", data={"number": "1", **_date("window_start", None)}
    ).get_data(as_text=True)
    assert "This plan already has a priority 1" in page
    response = admin_client.post("/admin/plans/p/bands/new", data={"number": "2"})
    assert response.status_code == 302


def test_a_band_carried_by_an_action_cannot_be_deleted_but_an_unused_one_can(admin_client, admin):
    plan = make_plan(slug="p", bands=2)
    make_action(plan, band_number=1)
    db.session.commit()
    used, unused = db.session.scalars(select(PriorityBand).order_by(PriorityBand.number))
    admin_client.post(f"/admin/plans/p/bands/{used.id}/delete")
    assert db.session.get(PriorityBand, used.id) is not None
    page = admin_client.get("/admin/plans/p/bands").get_data(as_text=True)
    assert "Priority 1 is used by 1 action(s)" in page
    admin_client.post(f"/admin/plans/p/bands/{unused.id}/delete")
    db.session.expire_all()
    assert db.session.get(PriorityBand, unused.id) is None
    assert _audit("band") == [("delete", admin.id)]


def test_a_band_of_another_plan_is_not_found(admin_client):
    make_plan(slug="p")
    other = make_plan(slug="other", bands=1)
    db.session.commit()
    band_id = db.session.scalar(select(PriorityBand.id).where(PriorityBand.plan_id == other.id))
    assert admin_client.get(f"/admin/plans/p/bands/{band_id}/edit").status_code == 404
    assert admin_client.post(f"/admin/plans/p/bands/{band_id}/delete").status_code == 404
    assert db.session.get(PriorityBand, band_id) is not None


def test_adding_and_renaming_a_theme(admin_client, admin):
    make_plan(slug="p")
    db.session.commit()
    admin_client.post("/admin/plans/p/themes/new", data={"number": "1", "title": "Staying Safe"})
    theme = db.session.scalar(select(Theme))
    admin_client.post(
        f"/admin/plans/p/themes/{theme.id}/edit",
        data={"number": "1", "title": "Staying Safe – Social Worker Practice"},
    )
    db.session.expire_all()
    assert db.session.get(Theme, theme.id).title == "Staying Safe – Social Worker Practice"
    assert _audit("theme") == [("create", admin.id), ("update", admin.id)]
    update = db.session.scalar(select(AuditEvent).where(AuditEvent.verb == "update"))
    assert update.details == {
        "title": {"old": "Staying Safe", "new": "Staying Safe – Social Worker Practice"}
    }


def test_adding_an_objective_under_a_theme_of_the_plan_only(admin_client):
    plan = make_plan(slug="p")
    theme = make_theme(plan)
    foreign = make_theme(make_plan(slug="other"))
    db.session.commit()
    form = admin_client.get(f"/admin/plans/p/objectives/new?theme={theme.id}")
    assert f'<option value="{theme.id}" selected>' in form.get_data(as_text=True)
    page = admin_client.post(
        "/admin/plans/p/objectives/new", data={"theme_id": str(foreign.id), "text": "Elsewhere"}
    ).get_data(as_text=True)
    assert "Not a valid choice" in page
    assert db.session.query(Objective).count() == 0
    admin_client.post(
        "/admin/plans/p/objectives/new",
        data={"theme_id": str(theme.id), "text": "Improve the quality of assessments"},
    )
    objective = db.session.scalar(select(Objective))
    assert (objective.theme_id, objective.text) == (theme.id, "Improve the quality of assessments")


def test_archiving_a_theme_archives_its_objectives_and_actions_and_restore_undoes_it(
    admin_client, admin
):
    plan = make_plan(slug="p")
    theme = make_theme(plan)
    live = make_action(plan, theme=theme)
    already = make_action(plan, theme=theme)
    already.archived_at = datetime(2010, 1, 1, tzinfo=UTC)
    db.session.commit()
    already_archived_at = db.session.get(Action, already.id).archived_at
    version = db.session.get(Action, live.id).version

    admin_client.post(f"/admin/plans/p/themes/{theme.id}/archive")
    db.session.expire_all()
    assert db.session.get(Theme, theme.id).archived_at is not None
    assert db.session.get(Action, live.id).archived_at is not None
    assert db.session.get(Action, live.id).version == version + 1
    assert all(
        objective.archived_at is not None for objective in db.session.scalars(select(Objective))
    )
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.verb == "archive"))
    assert event.details["actions"] == 1
    assert event.details["objectives"] == 2
    assert "Staying" not in admin_client.get("/plans/p").get_data(as_text=True)

    admin_client.post(f"/admin/plans/p/themes/{theme.id}/restore")
    db.session.expire_all()
    assert db.session.get(Theme, theme.id).archived_at is None
    assert db.session.get(Action, live.id).archived_at is None
    assert db.session.get(Action, already.id).archived_at == already_archived_at
    assert _audit("theme") == [("archive", admin.id), ("restore", admin.id)]


def test_an_empty_theme_can_be_deleted_but_one_with_objectives_cannot(admin_client):
    plan = make_plan(slug="p")
    empty = make_theme(plan, number=1)
    used = make_theme(plan, number=2)
    make_action(plan, theme=used)
    db.session.commit()
    admin_client.post(f"/admin/plans/p/themes/{used.id}/delete")
    admin_client.post(f"/admin/plans/p/themes/{empty.id}/delete")
    db.session.expire_all()
    assert db.session.get(Theme, used.id) is not None
    assert db.session.get(Theme, empty.id) is None


def test_an_objective_with_actions_is_archived_with_them_not_deleted(admin_client):
    plan = make_plan(slug="p")
    action = make_action(plan)
    add_update(action, as_at=date(2010, 8, 20))
    db.session.commit()
    objective_id = action.objective_id
    admin_client.post(f"/admin/plans/p/objectives/{objective_id}/delete")
    db.session.expire_all()
    assert db.session.get(Objective, objective_id) is not None
    admin_client.post(f"/admin/plans/p/objectives/{objective_id}/archive")
    db.session.expire_all()
    assert db.session.get(Objective, objective_id).archived_at is not None
    assert db.session.get(Action, action.id).archived_at is not None


def test_theme_0_of_the_papers_can_be_saved_in_its_own_edit_form(admin_client):
    plan = make_plan(slug="p")
    theme = make_theme(plan, number=0, title="Staying Safe - Performance")
    db.session.commit()
    response = admin_client.post(
        f"/admin/plans/p/themes/{theme.id}/edit",
        data={"number": "0", "title": "Staying Safe -\nPerformance"},
    )
    assert response.status_code == 302
    db.session.expire_all()
    saved = db.session.get(Theme, theme.id)
    assert (saved.number, saved.title) == (0, "Staying Safe - Performance")


def test_a_theme_number_the_import_would_not_read_is_refused_by_the_form(admin_client):
    plan = make_plan(slug="p")
    theme = make_theme(plan, number=3)
    db.session.commit()
    response = admin_client.post(
        f"/admin/plans/p/themes/{theme.id}/edit", data={"number": "100", "title": "Theme 3"}
    )
    assert response.status_code == 422
    assert "The theme number must be from 0 to 99" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Theme, theme.id).number == 3

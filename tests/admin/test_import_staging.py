"""A checked plan file waits in the database, so any app server can confirm it."""

import io
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from tests.admin.test_import import ROWS, _csv, _form
from tests.factories import make_user
from tracker import create_app
from tracker.domain.enums import Role
from tracker.extensions import db
from tracker.models import Action, Plan, StagedImport
from tracker.services import import_staging

NOW = datetime(2011, 3, 30, 9, tzinfo=UTC)


def _staged() -> int:
    count = db.session.scalar(select(func.count()).select_from(StagedImport))
    # SQLite: the test's own transaction would hold the write lock the app servers need.
    db.session.rollback()
    return count


def test_a_file_checked_on_one_app_server_is_imported_by_confirming_on_another(
    app_config, admin, sign_in, tmp_path
):
    first = create_app(app_config)
    second = create_app(app_config)
    # Two servers behind a balancer share the database, not their instance folders.
    first.instance_path = str(tmp_path / "first")
    second.instance_path = str(tmp_path / "second")
    on_first, on_second = first.test_client(), second.test_client()
    sign_in(on_first, admin)
    db.session.commit()

    checked = on_first.post("/admin/import", data=_form(_csv(ROWS), "March plan.csv"))
    on_second.set_cookie("session", on_first.get_cookie("session").value)
    confirmed = on_second.post("/admin/import/confirm")

    assert "Check the import" in checked.get_data(as_text=True)
    assert confirmed.status_code == 302
    assert confirmed.headers["Location"].endswith("/admin/plans/childrens-plan")
    assert db.session.scalar(select(Plan.title)) == "Children's Improvement Plan"
    assert db.session.scalar(select(func.count()).select_from(Action)) == 2
    assert _staged() == 0
    again = on_first.post("/admin/import/confirm")
    assert again.headers["Location"].endswith("/admin/import")
    for server in (first, second):
        with server.app_context():
            db.session.remove()
            db.engine.dispose()


def test_a_checked_file_expires_after_an_hour_and_the_next_check_sweeps_it(app, admin):
    token = import_staging.stage_upload(b"old", "old.csv", user_id=admin.id, now=NOW)
    db.session.commit()
    later = NOW + import_staging.STAGING_LIFETIME + timedelta(seconds=1)

    assert import_staging.take(token, user_id=admin.id, now=later) is None
    import_staging.stage_upload(b"new", "new.csv", user_id=admin.id, now=later)
    db.session.commit()

    assert db.session.scalars(select(StagedImport.filename)).all() == ["new.csv"]


def test_a_checked_file_is_taken_once_and_only_by_the_administrator_who_checked_it(app, admin):
    other = make_user(Role.ADMIN)
    token = import_staging.stage_upload(b"content", "plan.csv", user_id=admin.id, now=NOW)
    db.session.commit()

    assert import_staging.take(token, user_id=other.id, now=NOW) is None
    taken = import_staging.take(token, user_id=admin.id, now=NOW)
    assert (taken.filename, taken.content) == ("plan.csv", b"content")
    assert import_staging.take(token, user_id=admin.id, now=NOW) is None


def test_an_uploaded_file_is_kept_whole_in_the_database(admin_client, staged):
    content = _csv(ROWS) + b"\r\n" * 3

    admin_client.post("/admin/import", data={**_form(b""), "file": (io.BytesIO(content), "p.csv")})

    assert staged() == 1
    assert db.session.scalar(select(StagedImport.content)) == content

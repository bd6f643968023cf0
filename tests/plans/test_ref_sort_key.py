"""Every write path keeps an action's ref sort key in step with its ref."""

from sqlalchemy import select

from tests.admin.test_actions import _form, _plan_with_objective
from tests.factories import make_action, make_plan, make_user
from tests.test_plan_import import ROWS, run_import, write_csv
from tracker.domain.enums import Role
from tracker.domain.plan_order import ref_sort_key
from tracker.extensions import db
from tracker.models import Action


def _keys() -> dict[str | None, str | None]:
    db.session.expire_all()
    return dict(db.session.execute(select(Action.ref, Action.ref_sort_key)).all())


def test_an_action_made_or_changed_through_the_model_gets_the_key(app):
    action = make_action(make_plan(), ref="1.10")
    make_action(make_plan(), ref=None)
    db.session.commit()
    assert _keys() == {"1.10": ref_sort_key("1.10"), None: None}
    action.ref = "1.9"
    db.session.commit()
    assert _keys()["1.9"] == ref_sort_key("1.9")


def test_the_importer_writes_the_key_of_each_new_action(runner, tmp_path):
    result = run_import(runner, write_csv(tmp_path / "plan.csv", ROWS), "--as-at", "2010-08-20")
    assert result.exit_code == 0, result.output
    keys = _keys()
    assert set(keys) == {"1.01", "1.02", "1.03"}
    assert all(key == ref_sort_key(ref) for ref, key in keys.items())


def test_the_admin_form_keeps_the_key_when_the_ref_changes(app, sign_in):
    admin = make_user(Role.ADMIN)
    _, objective = _plan_with_objective()
    client = app.test_client()
    sign_in(client, admin)
    assert client.post("/admin/plans/p/actions/new", data=_form(objective)).status_code == 302
    action = db.session.scalar(select(Action))
    response = client.post(
        f"/admin/plans/p/actions/{action.id}/edit",
        data=_form(objective, ref="1.10", version=str(action.version)),
    )
    assert response.status_code == 302
    assert _keys() == {"1.10": ref_sort_key("1.10")}

"""An imported update replaces one awaiting sign-off, and is the council's record, not held."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from tests.factories import make_user
from tests.test_completed_before_import import import_as_at, rows
from tracker.domain.assurance import SignOff
from tracker.domain.enums import Completion
from tracker.domain.update_rules import ProposedUpdate
from tracker.extensions import db
from tracker.models import Action, Plan, StatusUpdate
from tracker.services.status_updates import record_status_update

MARCH = date(2016, 3, 15)
APRIL = date(2016, 4, 20)


def _action() -> Action:
    return db.session.scalar(select(Action).where(Action.ref == "1"))


def _require_sign_off() -> None:
    plan = db.session.scalar(select(Plan).where(Plan.slug == "early-help"))
    plan.sign_off_required = True
    db.session.flush()


def _lead_marks_completed(as_at: date) -> None:
    action = _action()
    record_status_update(
        action,
        ProposedUpdate(
            completion=Completion.COMPLETED,
            status=None,
            direction=None,
            current_performance="",
            commentary="",
            completed_on=as_at,
            as_at=as_at,
        ),
        seen_version=action.version,
        author_user_id=make_user().id,
        now=datetime(2016, 4, 1, 9, tzinfo=UTC),
    )


@pytest.mark.parametrize(
    ("completion", "counted"),
    [
        ("Partially completed", Completion.PARTIALLY_COMPLETED),
        ("Completed", Completion.COMPLETED),
    ],
)
def test_a_later_imported_update_ends_the_wait_for_sign_off(app, completion, counted):
    import_as_at(rows(["Started", "Partially completed", ""]), MARCH)
    _require_sign_off()
    _lead_marks_completed(date(2016, 3, 20))
    assert _action().current_sign_off is SignOff.AWAITING

    import_as_at(rows(["Started", completion, "2016-04-10"]), APRIL)

    db.session.expire_all()
    action = _action()
    assert action.current_completion is counted
    assert action.current_sign_off is None
    latest = db.session.scalars(
        select(StatusUpdate)
        .where(StatusUpdate.action_id == action.id)
        .order_by(StatusUpdate.as_at.desc())
    ).first()
    assert latest.as_at == APRIL
    assert latest.sign_off is None


def test_an_earlier_imported_update_leaves_the_wait_for_sign_off(app):
    import_as_at(rows(["Started", "Partially completed", ""]), MARCH)
    _require_sign_off()
    _lead_marks_completed(APRIL)

    import_as_at(rows(["Started", "Partially completed", ""]), date(2016, 4, 1))

    db.session.expire_all()
    assert _action().current_sign_off is SignOff.AWAITING


def test_an_imported_completed_update_is_not_held_for_sign_off(app):
    import_as_at(rows(["Started", "Partially completed", ""]), MARCH)
    _require_sign_off()

    import_as_at(rows(["Started", "Completed", "2016-04-10"]), APRIL)

    db.session.expire_all()
    action = _action()
    assert action.current_completion is Completion.COMPLETED
    assert action.current_sign_off is None


def test_reimporting_the_day_does_not_repeat_an_update_awaiting_sign_off(app):
    import_as_at(rows(["Started", "Partially completed", ""]), MARCH)
    _require_sign_off()
    _lead_marks_completed(APRIL)
    before = db.session.scalar(select(db.func.count()).select_from(StatusUpdate))

    summary = import_as_at(rows(["Started", "Completed", "2016-04-20"]), APRIL)

    assert summary.updates_already_recorded == 1
    assert db.session.scalar(select(db.func.count()).select_from(StatusUpdate)) == before
    db.session.expire_all()
    assert _action().current_sign_off is SignOff.AWAITING

"""Merging two records of one person moves the indicators they own and the readings they wrote."""

from datetime import UTC, date, datetime
from decimal import Decimal

from tests.factories import make_person, make_plan, make_user
from tests.indicators.conftest import make_indicator
from tracker.domain.enums import Role
from tracker.extensions import db
from tracker.models import AuditEvent, Indicator, IndicatorReading, User


def test_a_merge_moves_indicator_ownership_and_the_readings_recorded(app, sign_in):
    admin = make_user(Role.ADMIN)
    keep = make_person("Lyn Burns")
    kept_account = make_user(Role.LEAD, person=keep)
    remove = make_person("Lynn Burns")
    removed_account = make_user(Role.LEAD, person=remove)
    removed_account.active = False
    plan = make_plan(slug="p", title="Plan")
    indicator = make_indicator(plan, removed_account)
    reading = IndicatorReading(
        indicator_id=indicator.id,
        period_start=date(2016, 11, 1),
        period_end=date(2016, 11, 30),
        value=Decimal("94.5"),
        text="94.5%",
        recorded_at=datetime(2016, 12, 2, tzinfo=UTC),
        recorded_by_user_id=removed_account.id,
    )
    db.session.add(reading)
    db.session.commit()
    ids = (keep.id, remove.id, indicator.id, reading.id, kept_account.id, removed_account.id)
    client = app.test_client()
    sign_in(client, admin)

    response = client.post(f"/admin/people/{ids[0]}/merge/{ids[1]}")

    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Indicator, ids[2]).owner_person_id == ids[0]
    kept_reading = db.session.get(IndicatorReading, ids[3])
    assert kept_reading.recorded_by_user_id == ids[4]
    assert (kept_reading.text, kept_reading.value) == ("94.5%", Decimal("94.5"))
    assert db.session.get(User, ids[5]) is None
    merge = db.session.query(AuditEvent).filter_by(verb="merge").one()
    assert merge.details["indicators_owned_moved"] == 1

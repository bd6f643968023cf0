"""The indicator's owner records readings: the form, corrections, refusals, roles and the 409."""

from datetime import date
from decimal import Decimal

from sqlalchemy import func, select

from tests.indicators.conftest import add_reading
from tracker.domain.audit import AuditEntity, AuditVerb
from tracker.extensions import db
from tracker.models import AuditEvent, Indicator, IndicatorReading

NOV_16 = "2016-11-01/2016-11-30"
OCT_16 = "2016-10-01/2016-10-31"


def version_of(indicator_id: int) -> int:
    db.session.expire_all()
    return db.session.get(Indicator, indicator_id).version


def readings_of(indicator_id: int) -> list[IndicatorReading]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            select(IndicatorReading)
            .where(IndicatorReading.indicator_id == indicator_id)
            .order_by(IndicatorReading.id)
        )
    )


def form_data(version: int, **overrides) -> dict:
    return {
        "version": str(version),
        "period": NOV_16,
        "reading": "77.8% (1767/2270)",
        "commentary": "Two vacancies in the front door team.",
        **overrides,
    }


def test_the_form_offers_recent_months_with_the_last_complete_one_chosen(card, as_user):
    page = as_user(card.owner).get(f"/indicators/{card.indicator.id}/reading")

    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Record a reading" in html
    assert f'<option value="{NOV_16}" selected>Nov-16</option>' in html
    assert f'<option value="{OCT_16}">Oct-16</option>' in html
    assert "Dec-16" not in html


def test_the_owner_records_a_reading_with_its_numerator_and_denominator(card, as_user):
    indicator_id = card.indicator.id
    before = version_of(indicator_id)

    response = as_user(card.owner).post(
        f"/indicators/{indicator_id}/reading", data=form_data(before)
    )

    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/indicators/{indicator_id}")
    [reading] = readings_of(indicator_id)
    assert (reading.period_start, reading.period_end) == (date(2016, 11, 1), date(2016, 11, 30))
    assert reading.value == Decimal("77.8")
    assert (reading.numerator, reading.denominator) == (Decimal("1767"), Decimal("2270"))
    assert reading.text == "77.8% (1767/2270)"
    assert reading.commentary == "Two vacancies in the front door team."
    assert reading.recorded_by_user_id == card.owner.id
    assert reading.supersedes_id is None
    indicator = db.session.get(Indicator, indicator_id)
    assert indicator.last_recorded_at is not None
    assert indicator.version != before
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.entity == AuditEntity.INDICATOR_READING)
    ).one()
    assert event.verb == AuditVerb.CREATE
    assert event.entity_id == reading.id
    assert event.user_id == card.owner.id
    assert "1.2" in event.summary and "Nov-16" in event.summary


def test_a_reading_for_a_period_that_has_one_supersedes_it_and_says_so(card, as_user):
    indicator_id = card.indicator.id
    first = add_reading(
        card.indicator, date(2016, 11, 1), date(2016, 11, 30), "77.8% (1767/2270)", "77.8"
    )
    db.session.commit()
    client = as_user(card.owner)

    form = client.get(f"/indicators/{indicator_id}/reading").get_data(as_text=True)
    assert "This corrects the reading of Nov-16: 77.8% (1767/2270)" in form
    assert "Nov-16 (corrects 77.8% (1767/2270))" in form

    response = client.post(
        f"/indicators/{indicator_id}/reading",
        data=form_data(version_of(indicator_id), reading="78.1% (1773/2270)"),
    )

    assert response.status_code == 302
    old, new = readings_of(indicator_id)
    assert old.id == first.id and old.text == "77.8% (1767/2270)"
    assert new.supersedes_id == first.id and new.value == Decimal("78.1")
    page = client.get(f"/indicators/{indicator_id}").get_data(as_text=True)
    assert "Superseded" in page
    assert "superseding 77.8% (1767/2270)" in page
    assert "Corrected on" in page and card.owner.person.name in page


def test_a_form_opened_before_another_reading_gets_409_keeping_what_was_typed(card, as_user):
    indicator_id = card.indicator.id
    opened_at = version_of(indicator_id)
    add_reading(
        card.indicator,
        date(2016, 10, 1),
        date(2016, 10, 31),
        "80.2%",
        "80.2",
        commentary="Recorded by the admin meanwhile",
    )
    db.session.commit()

    response = as_user(card.owner).post(
        f"/indicators/{indicator_id}/reading",
        data=form_data(opened_at, reading="77.8% (1767/2270)", commentary="My own words"),
    )

    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "Someone else recorded a reading of this indicator" in html
    assert 'value="77.8% (1767/2270)"' in html
    assert "My own words" in html
    assert "Recorded by the admin meanwhile" in html
    assert f'name="version" type="hidden" value="{version_of(indicator_id)}"' in html
    assert [reading.text for reading in readings_of(indicator_id)] == ["80.2%"]


def test_a_reading_that_cannot_be_read_is_refused_with_the_reason(card, as_user):
    indicator_id = card.indicator.id

    response = as_user(card.owner).post(
        f"/indicators/{indicator_id}/reading",
        data=form_data(version_of(indicator_id), reading="12..3"),
    )

    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "There is a problem" in html
    assert "The reading: " in html and "12..3" in html
    assert 'href="#reading"' in html
    assert readings_of(indicator_id) == []


def test_an_empty_reading_and_a_period_not_offered_are_refused(card, as_user):
    indicator_id = card.indicator.id

    response = as_user(card.owner).post(
        f"/indicators/{indicator_id}/reading",
        data=form_data(version_of(indicator_id), reading="", period="2016-12-01/2016-12-31"),
    )

    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Enter the reading, or - when there is no figure" in html
    assert "Choose the period the reading is for" in html
    assert readings_of(indicator_id) == []


def test_a_dash_records_a_period_with_no_figure(card, as_user):
    indicator_id = card.indicator.id

    response = as_user(card.owner).post(
        f"/indicators/{indicator_id}/reading", data=form_data(version_of(indicator_id), reading="-")
    )

    assert response.status_code == 302
    [reading] = readings_of(indicator_id)
    assert reading.value is None and reading.text == "-"


def test_only_the_owner_and_administrators_may_record(card, as_user, client):
    url = f"/indicators/{card.indicator.id}/reading"
    version = version_of(card.indicator.id)

    assert client.get(url).status_code == 302
    for refused in (card.other_lead, card.panel):
        assert as_user(refused).get(url).status_code == 403
        assert as_user(refused).post(url, data=form_data(version)).status_code == 403
    assert as_user(card.admin).get(url).status_code == 200
    assert as_user(card.admin).post(url, data=form_data(version)).status_code == 302
    assert len(readings_of(card.indicator.id)) == 1


def test_a_post_without_the_version_is_a_bad_request(card, as_user):
    response = as_user(card.owner).post(
        f"/indicators/{card.indicator.id}/reading", data={"period": NOV_16, "reading": "77.8%"}
    )

    assert response.status_code == 400
    assert readings_of(card.indicator.id) == []


def test_an_archived_indicator_takes_no_readings(card, as_user):
    card.indicator.archived_at = card.indicator.created_at
    db.session.commit()

    assert as_user(card.admin).get(f"/indicators/{card.indicator.id}/reading").status_code == 404
    page = as_user(card.admin).get(f"/indicators/{card.indicator.id}").get_data(as_text=True)
    assert "This indicator is archived" in page
    assert "Record a reading" not in page


def test_two_corrections_of_one_reading_cannot_both_win(card, as_user):
    first = add_reading(card.indicator, date(2016, 11, 1), date(2016, 11, 30), "77.8%", "77.8")
    add_reading(
        card.indicator, date(2016, 11, 1), date(2016, 11, 30), "78%", "78", supersedes=first
    )
    db.session.commit()

    count = db.session.scalar(select(func.count()).select_from(IndicatorReading))
    assert count == 2
    page = as_user(card.owner).get(f"/indicators/{card.indicator.id}/reading")
    assert "This corrects the reading of Nov-16: 78%," in page.get_data(as_text=True)

"""Administrators add and change indicators, their bands, targets, benchmarks and actions."""

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from tracker.domain.audit import AuditEntity
from tracker.domain.indicator_terms import BenchmarkKind, Polarity, RagOn, Unit
from tracker.extensions import db
from tracker.models import (
    AuditEvent,
    Indicator,
    IndicatorAction,
    IndicatorBenchmark,
    IndicatorTarget,
    IndicatorTolerance,
)

NEW = {
    "ref": "8.2",
    "title": "Children in care with three or more placements",
    "theme": "Children in care",
    "position": "3",
    "unit": "percentage",
    "polarity": "low",
    "frequency": "monthly",
    "year_basis": "financial",
    "ytd_method": "latest_value",
    "rag_method": "tolerance",
    "rag_on": "period",
    "months_in_arrears": "0",
    "owner_person_id": "",
    "notes": "",
}


def audit_summaries() -> list[str]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            select(AuditEvent.summary)
            .where(AuditEvent.entity == AuditEntity.INDICATOR)
            .order_by(AuditEvent.id)
        )
    )


def tolerances_of(indicator_id: int) -> list[IndicatorTolerance]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            select(IndicatorTolerance).where(IndicatorTolerance.indicator_id == indicator_id)
        )
    )


def test_an_administrator_adds_an_indicator_with_its_owner(card, as_user):
    client = as_user(card.admin)
    form = client.get("/admin/plans/cyps/indicators/new").get_data(as_text=True)
    assert "Good performance is" in form

    response = client.post(
        "/admin/plans/cyps/indicators/new",
        data={**NEW, "owner_person_id": str(card.owner.person_id)},
    )

    assert response.status_code == 302
    indicator = db.session.scalars(select(Indicator).where(Indicator.ref == "8.2")).one()
    assert (indicator.polarity, indicator.unit, indicator.position) == (
        Polarity.LOW,
        Unit.PERCENTAGE,
        3,
    )
    assert indicator.owner_person_id == card.owner.person_id
    assert audit_summaries() == ["Added indicator 8.2 to 'Children's Services Plan'"]
    listed = client.get("/admin/plans/cyps/indicators").get_data(as_text=True)
    assert "8.2 Children in care with three or more placements" in listed
    assert 'href="/admin/plans/cyps/indicators"' in client.get("/admin/plans/cyps").get_data(
        as_text=True
    )


def test_a_second_indicator_with_the_same_ref_is_refused(card, as_user):
    response = as_user(card.admin).post(
        "/admin/plans/cyps/indicators/new", data={**NEW, "ref": "1.2"}
    )

    assert response.status_code == 422
    assert "Another indicator of this plan is 1.2" in response.get_data(as_text=True)
    assert db.session.scalar(select(Indicator.id).where(Indicator.title == NEW["title"])) is None


def test_an_administrator_changes_archives_and_restores_an_indicator(card, as_user):
    client = as_user(card.admin)
    base = f"/admin/plans/cyps/indicators/{card.indicator.id}"
    edit = client.get(f"{base}/edit").get_data(as_text=True)
    assert 'value="1.2"' in edit

    response = client.post(
        f"{base}/edit",
        data={**NEW, "ref": "1.2", "title": "Contacts triaged in a day", "polarity": "high"},
    )
    assert response.status_code == 302
    assert client.post(f"{base}/archive").status_code == 302
    db.session.expire_all()
    indicator = db.session.get(Indicator, card.indicator.id)
    assert indicator.title == "Contacts triaged in a day"
    assert indicator.archived_at is not None
    assert client.post(f"{base}/restore").status_code == 302
    db.session.expire_all()
    assert db.session.get(Indicator, card.indicator.id).archived_at is None
    assert audit_summaries() == [
        "Changed indicator 1.2 of 'Children's Services Plan'",
        "Archived indicator 1.2 of 'Children's Services Plan'",
        "Restored indicator 1.2 of 'Children's Services Plan'",
    ]


def test_an_administrator_sets_months_in_arrears_and_rating_on_the_year_to_date(card, as_user):
    client = as_user(card.admin)
    base = f"/admin/plans/cyps/indicators/{card.indicator.id}"
    assert "Months in arrears" in client.get(f"{base}/edit").get_data(as_text=True)

    response = client.post(
        f"{base}/edit",
        data={**NEW, "ref": "1.2", "months_in_arrears": "1", "rag_on": "year_to_date"},
    )

    assert response.status_code == 302
    db.session.expire_all()
    indicator = db.session.get(Indicator, card.indicator.id)
    assert (indicator.months_in_arrears, indicator.rag_on) == (1, RagOn.YEAR_TO_DATE)
    shown = client.get(base).get_data(as_text=True)
    assert "The year to date" in shown and "Months in arrears" in shown


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter the number of months in arrears, 0 if none"),
        ("7", "Enter a number of months in arrears from 0 to 6"),
        ("one", "The months in arrears"),
    ],
)
def test_months_in_arrears_that_are_not_a_small_whole_number_are_refused(
    card, as_user, typed, message
):
    response = as_user(card.admin).post(
        f"/admin/plans/cyps/indicators/{card.indicator.id}/edit",
        data={**NEW, "ref": "1.2", "months_in_arrears": typed},
    )

    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in page and f'value="{typed}"' in page
    db.session.expire_all()
    assert db.session.get(Indicator, card.indicator.id).months_in_arrears == 0


def test_tolerance_text_the_rules_cannot_read_is_refused_with_the_reason(card, as_user):
    client = as_user(card.admin)
    url = f"/admin/plans/cyps/indicators/{card.indicator.id}/tolerances"

    response = client.post(
        url,
        data={
            "tolerance-year_of": ["1", "4", "2017"],
            "tolerance-red": "<90%",
            "tolerance-amber": "about ninety",
            "tolerance-green": "100%",
        },
    )

    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "There is a problem" in html
    assert "Amber" in html and "about ninety" in html
    assert 'href="#tolerance-amber"' in html
    assert [band.year_start for band in tolerances_of(card.indicator.id)] == [date(2016, 4, 1)]


def test_a_years_tolerances_are_kept_and_replaced(card, as_user):
    client = as_user(card.admin)
    url = f"/admin/plans/cyps/indicators/{card.indicator.id}/tolerances"

    for amber in ("90%>", ">92% <100%"):
        response = client.post(
            url,
            data={
                "tolerance-year_of": ["15", "6", "2017"],
                "tolerance-red": "<90%",
                "tolerance-amber": amber,
                "tolerance-green": "100%",
            },
        )
        assert response.status_code == 302

    bands = {band.year_start: band.amber for band in tolerances_of(card.indicator.id)}
    assert bands == {date(2016, 4, 1): ">90% <100%", date(2017, 4, 1): ">92% <100%"}
    assert (
        audit_summaries()[-1] == "Set the tolerances for the year from 2017-04-01 of indicator 1.2"
    )


def test_targets_are_added_as_stages_and_a_figure_that_cannot_be_read_is_refused(card, as_user):
    client = as_user(card.admin)
    url = f"/admin/plans/cyps/indicators/{card.indicator.id}/targets"

    refused = client.post(
        url, data={"target-value": "lots", "target-applies_until": ["31", "3", "2018"]}
    )
    assert refused.status_code == 422
    assert "lots" in refused.get_data(as_text=True)

    for value, until in (
        ("65%", ["31", "3", "2010"]),
        ("68% (October 2010)", ["31", "10", "2010"]),
    ):
        response = client.post(url, data={"target-value": value, "target-applies_until": until})
        assert response.status_code == 302, response.get_data(as_text=True)

    db.session.expire_all()
    targets = db.session.scalars(
        select(IndicatorTarget)
        .where(IndicatorTarget.indicator_id == card.indicator.id)
        .order_by(IndicatorTarget.applies_until)
    ).all()
    assert [(t.value, t.applies_until, t.text) for t in targets[:2]] == [
        (Decimal("65"), date(2010, 3, 31), "65%"),
        (Decimal("68"), date(2010, 10, 31), "68% (October 2010)"),
    ]
    removed = client.post(f"{url}/{targets[0].id}/delete")
    assert removed.status_code == 302
    db.session.expire_all()
    assert db.session.get(IndicatorTarget, targets[0].id) is None


def test_a_benchmark_is_kept_per_kind_and_period(card, as_user):
    client = as_user(card.admin)
    url = f"/admin/plans/cyps/indicators/{card.indicator.id}/benchmarks"

    for figure in ("8.4%", "8.6%"):
        response = client.post(
            url,
            data={
                "benchmark-kind": "stat_neighbour_average",
                "benchmark-value": figure,
                "benchmark-period_label": "2014/15",
            },
        )
        assert response.status_code == 302

    db.session.expire_all()
    kept = db.session.scalars(
        select(IndicatorBenchmark).where(
            IndicatorBenchmark.kind == BenchmarkKind.STAT_NEIGHBOUR_AVERAGE
        )
    ).one()
    assert (kept.value, kept.period_label, kept.text) == (Decimal("8.6"), "2014/15", "8.6%")


def test_the_indicator_is_linked_to_actions_of_its_plan_only(card, as_user):
    client = as_user(card.admin)
    url = f"/admin/plans/cyps/indicators/{card.indicator.id}/actions"
    page = client.get(f"/admin/plans/cyps/indicators/{card.indicator.id}").get_data(as_text=True)
    assert "1.01 Triage every contact" in page

    refused = client.post(url, data={"links-actions": ["999999"]})
    assert refused.status_code == 422
    cleared = client.post(url, data={})
    assert cleared.status_code == 302

    db.session.expire_all()
    assert db.session.scalars(select(IndicatorAction)).all() == []
    assert audit_summaries()[-1] == "Changed the actions of indicator 1.2"


def test_other_accounts_cannot_reach_indicator_administration(card, as_user):
    for account in (card.owner, card.panel):
        client = as_user(account)
        assert client.get("/admin/plans/cyps/indicators").status_code == 403
        assert client.post("/admin/plans/cyps/indicators/new", data=NEW).status_code == 403

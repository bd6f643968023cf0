"""The import's check step names each new person close to an existing one and lets the
administrator say they are the same person, remembered for later imports."""

from __future__ import annotations

import csv
import io

from sqlalchemy import select

from tests.factories import make_person
from tracker.extensions import db
from tracker.models import PersonAlias

HEADER = ["Ref", "Theme", "Objective", "Key Actions", "Target Date", "Lead", "RAG"]
# Names as a held-out plan writes them: near the people already here, and one new.
LEADS = ["Lynn Burns", "John Dunn, RBT", "Jane Doe"]


def _upload(client, leads=LEADS):
    out = io.StringIO()
    rows = [
        [f"1.0{n}", "1. Staying Safe", "Improve referrals", f"Action {n}", "March 2011", lead, ""]
        for n, lead in enumerate(leads, start=1)
    ]
    csv.writer(out).writerows([HEADER, *rows])
    return client.post(
        "/admin/import",
        data={
            "file": (io.BytesIO(out.getvalue().encode()), "plan.csv"),
            "slug": "childrens-plan",
            "title": "Children's Improvement Plan",
            "as_at": ["20", "8", "2010"],
        },
    )


def _names() -> list[str]:
    db.session.rollback()
    return sorted(db.session.scalars(select(PersonAlias.alias)))


def test_the_check_step_offers_each_close_name_as_the_same_person_or_a_new_one(admin_client):
    lyn = make_person("Lyn Burns")
    make_person("John Dunn")
    db.session.commit()

    page = _upload(admin_client).get_data(as_text=True)

    assert "Names close to someone already here" in page
    assert "new person: Lynn Burns (same person as Lyn Burns?)" in page
    assert "new person: John Dunn, RBT (same person as John Dunn?)" in page
    assert "new person: Jane Doe" in page
    assert page.count("A new person") == 2
    assert "Same person as Lyn Burns" in page
    assert "Same person as John Dunn" in page

    saved = admin_client.post(
        "/admin/import/people",
        data={
            "name-0": "Lynn Burns",
            "person-0": "Lyn Burns",
            "name-1": "John Dunn, RBT",
            "person-1": "new",
        },
    )
    assert saved.headers["Location"].endswith("/admin/import/preview")
    page = admin_client.get("/admin/import/preview").get_data(as_text=True)
    assert "read as Lyn Burns: Lynn Burns (remembered from now on)" in page
    assert "new person: Lynn Burns" not in page
    assert _names() == []

    admin_client.post("/admin/import/confirm")

    alias = db.session.scalar(select(PersonAlias))
    assert (alias.alias, alias.person_id) == ("Lynn Burns", lyn.id)

    # The next import reads the name as Lyn Burns without asking.
    page = _upload(admin_client, ["Lynn Burns"]).get_data(as_text=True)
    assert "Names close to someone already here" not in page
    assert "read as Lyn Burns: Lynn Burns (remembered)" in page


def test_a_choice_for_a_name_no_longer_listed_is_refused_and_nothing_is_kept(admin_client):
    make_person("Lyn Burns")
    db.session.commit()
    _upload(admin_client)

    response = admin_client.post(
        "/admin/import/people", data={"name-0": "Someone Else", "person-0": "Lyn Burns"}
    )

    assert response.headers["Location"].endswith("/admin/import/preview")
    page = admin_client.get("/admin/import/preview").get_data(as_text=True)
    assert "The people to decide on have changed" in page
    assert "new person: Lynn Burns (same person as Lyn Burns?)" in page


def test_an_answer_that_is_not_one_of_the_suggestions_reads_the_name_as_a_new_person(
    admin_client,
):
    make_person("Lyn Burns")
    db.session.commit()
    _upload(admin_client)

    admin_client.post(
        "/admin/import/people", data={"name-0": "Lynn Burns", "person-0": "Warren Carratt"}
    )

    page = admin_client.get("/admin/import/preview").get_data(as_text=True)
    assert "new person: Lynn Burns (same person as Lyn Burns?)" in page

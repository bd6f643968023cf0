"""An import names everyone it would add, suggests who they may already be, and remembers
the names an administrator says are an existing person."""

import json

import pytest
from sqlalchemy import func, select

from tests.factories import make_person
from tests.test_plan_import import HEADER, run_import, write_csv
from tracker.domain.import_mapping import MappingError, mapping_from_json
from tracker.extensions import db
from tracker.models import ActionLead, AuditEvent, Person, PersonAlias
from tracker.services.organisations import find_or_create_organisation
from tracker.services.person_matching import LinkedName, add_alias, resolve_lead_people


def _rows(*leads: str) -> list[list[str]]:
    return [
        [
            f"1.0{number}",
            "1. Staying Safe",
            "Improve referrals",
            f"Action {number}",
            "1",
            "March 2011",
            "",
            "",
            lead,
            "Green",
            "",
            "",
            "N",
        ]
        for number, lead in enumerate(leads, start=1)
    ]


def _mapping(tmp_path, people: dict[str, str]):
    path = tmp_path / "mapping.json"
    path.write_text(
        json.dumps({"columns": {header: header for header in HEADER}, "people": people})
    )
    return str(path)


def _people() -> list[str]:
    db.session.expire_all()
    return sorted(db.session.scalars(select(Person.name)))


def test_a_dry_run_names_each_new_person_and_who_they_may_already_be(runner, tmp_path):
    make_person("Lyn Burns")
    make_person("John Dunn")
    make_person("Head of Q.A.")
    db.session.commit()
    rows = _rows("Lynn Burns", "John Dunn, RBT", "Jane Doe")
    path = write_csv(tmp_path / "plan.csv", rows)

    result = run_import(runner, path, "--dry-run", "--as-at", "2010-08-20")

    assert result.exit_code == 0, result.output
    assert "new person: Lynn Burns (same person as Lyn Burns?)" in result.output
    assert "new person: John Dunn, RBT (same person as John Dunn?)" in result.output
    assert "new person: Jane Doe\n" in result.output
    assert '"people": {"new name": "existing name"}' in result.output
    assert _people() == ["Head of Q.A.", "John Dunn", "Lyn Burns"]


def test_a_mapping_people_entry_reads_a_name_as_an_existing_person_from_then_on(runner, tmp_path):
    lyn = make_person("Lyn Burns")
    db.session.commit()
    path = write_csv(tmp_path / "plan.csv", _rows("Lynn Burns"))

    first = run_import(
        runner,
        path,
        "--as-at",
        "2010-08-20",
        "--mapping",
        _mapping(tmp_path, {"Lynn Burns": "Lyn Burns"}),
    )
    assert first.exit_code == 0, first.output
    assert "read as Lyn Burns: Lynn Burns (remembered from now on)" in first.output
    assert _people() == ["Lyn Burns"]
    alias = db.session.scalar(select(PersonAlias))
    assert (alias.alias, alias.person_id) == ("Lynn Burns", lyn.id)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.entity == "person_alias"))
    assert (event.verb, event.entity_id) == ("create", alias.id)

    again = run_import(
        runner, write_csv(tmp_path / "later.csv", _rows("LYNN BURNS")), "--as-at", "2010-09-20"
    )
    assert again.exit_code == 0, again.output
    assert "read as Lyn Burns: LYNN BURNS (remembered)" in again.output
    assert _people() == ["Lyn Burns"]
    assert set(db.session.scalars(select(ActionLead.person_id))) == {lyn.id}


def test_a_people_entry_naming_no_existing_person_is_refused_and_nothing_is_written(
    runner, tmp_path
):
    make_person("Lyn Burns")
    db.session.commit()
    path = write_csv(tmp_path / "plan.csv", _rows("Lynn Burns"))

    result = run_import(runner, path, "--mapping", _mapping(tmp_path, {"Lynn Burns": "Lin Byrne"}))

    assert result.exit_code == 1
    assert 'the people entry "Lynn Burns": "Lin Byrne" names no existing person' in result.output
    assert _people() == ["Lyn Burns"]
    assert db.session.scalar(select(func.count()).select_from(PersonAlias)) == 0


@pytest.mark.parametrize(
    ("people", "problem"),
    [
        (["Lynn Burns"], "people must be an object of a name in the file"),
        ({"Lynn Burns": 3}, "people must be an object of a name in the file"),
        ({"Lynn Burns": "  "}, 'people entry "Lynn Burns": "": give both names'),
    ],
)
def test_a_mapping_people_entry_must_name_both_people(people, problem):
    with pytest.raises(MappingError) as error:
        mapping_from_json({"columns": {"How?": "Key Actions"}, "people": people})
    assert problem in str(error.value)


def test_a_mapping_people_entry_is_read_tidied():
    mapping = mapping_from_json(
        {"columns": {"How?": "Key Actions"}, "people": {" Lynn  Burns": "Lyn Burns "}}
    )
    assert mapping.people == (("Lynn Burns", "Lyn Burns"),)
    assert mapping.to_json()["people"] == {"Lynn Burns": "Lyn Burns"}


def test_an_alias_whose_person_moved_organisation_is_not_used_and_is_taken_over(app):
    lyn = make_person("Lyn Burns")
    home = lyn.organisation_id
    add_alias(home, "Lynn Burns", lyn, user_id=None)
    lyn.organisation_id = find_or_create_organisation("Rotherham Council", user_id=None).id
    lynne = make_person("Lynne Burns")
    db.session.flush()

    found = resolve_lead_people(
        ["Lynn Burns"], home, same_as={"Lynn Burns": "Lynne Burns"}, user_id=None
    )

    assert found.people["lynn burns"].id == lynne.id
    assert found.linked == [LinkedName("Lynn Burns", "Lynne Burns", remembered=False)]
    assert db.session.execute(select(PersonAlias.alias, PersonAlias.person_id)).all() == [
        ("Lynn Burns", lynne.id)
    ]

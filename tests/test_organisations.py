"""Plans and people belong to an organisation: leads are matched within it, and the Lead texts
an administrator kept whole stay one lead in every later import of its plans."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from tests.factories import make_person, make_user
from tracker.domain.enums import Role
from tracker.domain.people import PersonRow
from tracker.extensions import db
from tracker.models import Action, ActionLead, AuditEvent, KeptWholeLead, Organisation, Person, Plan
from tracker.services.accounts import AccountProblem, create_account
from tracker.services.admin_people import create_person
from tracker.services.organisations import (
    DEFAULT_ORGANISATION,
    LeadReading,
    default_organisation,
    find_or_create_organisation,
    keep_lead_whole,
    keep_lead_whole_for_import,
    lead_reading_for_import,
    move_plan,
)
from tracker.services.people_import import PeopleImportRejected, import_people
from tracker.services.plan_import import ImportRejected, import_plan_rows
from tracker.services.validation import Invalid

AS_AT = date(2016, 9, 30)
HEADER = ["Ref", "Theme", "Key Actions", "Target Date", "Lead", "RAG"]
THEME = "1. Children in need and child protection"
SPLIT_BY_THE_RULES = "Head of Safeguarding and Quality Assurance Manager"


def table(*leads: str) -> list[list[str]]:
    return [HEADER] + [
        [str(number), THEME if number == 1 else "", f"Action {number}", "Mar 2017", lead, "Green"]
        for number, lead in enumerate(leads, start=1)
    ]


def import_rows(rows, slug: str, *, organisation: str | None = None, as_at: date = AS_AT):
    summary = import_plan_rows(
        rows,
        slug=slug,
        title=None,
        as_at=as_at,
        today=date(2016, 12, 31),
        now=datetime(2016, 10, 1, 9, tzinfo=UTC),
        source="plan.csv",
        organisation=organisation,
    )
    db.session.commit()
    return summary


def leads_by_ref(slug: str) -> dict[str, list[tuple[str, str]]]:
    """Return each action's leads as (name, organisation), by Ref."""
    rows = db.session.execute(
        select(Action.ref, Person.name, Organisation.name)
        .join(ActionLead, ActionLead.action_id == Action.id)
        .join(Person, Person.id == ActionLead.person_id)
        .join(Organisation, Organisation.id == Person.organisation_id)
        .join(Plan, Plan.id == Action.plan_id)
        .where(Plan.slug == slug)
        .order_by(Action.ref, ActionLead.position)
    )
    leads: dict[str, list[tuple[str, str]]] = {}
    for ref, name, organisation in rows:
        leads.setdefault(ref, []).append((name, organisation))
    return leads


def organisation_of(slug: str) -> str:
    return db.session.scalar(
        select(Organisation.name)
        .join(Plan, Plan.organisation_id == Organisation.id)
        .where(Plan.slug == slug)
    )


def test_a_new_plan_goes_into_the_default_organisation_unless_one_is_named(app):
    import_rows(table("Head of QA"), "first")
    import_rows(table("Head of QA"), "second", organisation="Rotherham MBC")

    assert (organisation_of("first"), organisation_of("second")) == (
        DEFAULT_ORGANISATION,
        "Rotherham MBC",
    )


def test_two_organisations_same_lead_name_are_two_people(app):
    import_rows(table("Head of QA"), "council-plan", organisation="Rotherham MBC")
    import_rows(table("Head of QA"), "trust-plan", organisation="Sheffield Teaching Hospitals")
    import_rows(table("Head of QA / Jo Smith"), "council-plan-2", organisation="rotherham  mbc")

    assert db.session.scalars(select(Person.name).order_by(Person.name)).all() == [
        "Head of QA",
        "Head of QA",
        "Jo Smith",
    ]
    assert leads_by_ref("council-plan") == {"1": [("Head of QA", "Rotherham MBC")]}
    assert leads_by_ref("trust-plan") == {"1": [("Head of QA", "Sheffield Teaching Hospitals")]}
    assert leads_by_ref("council-plan-2") == {
        "1": [("Head of QA", "Rotherham MBC"), ("Jo Smith", "Rotherham MBC")]
    }


def test_known_names_split_a_cell_only_within_the_plans_organisation(app):
    for initials in ("DM", "PL", "KL"):
        make_person(initials)
    db.session.commit()

    import_rows(table("DM/PL/KL"), "default-plan")
    import_rows(table("DM/PL/KL"), "other-plan", organisation="Other Council")

    assert [name for name, _ in leads_by_ref("default-plan")["1"]] == ["DM", "PL", "KL"]
    assert leads_by_ref("other-plan") == {"1": [("DM/PL/KL", "Other Council")]}


def test_an_import_naming_another_organisation_for_an_existing_plan_is_refused(app):
    import_rows(table("Head of QA"), "council-plan", organisation="Rotherham MBC")

    with pytest.raises(ImportRejected) as rejected:
        import_rows(table("Head of QA"), "council-plan", organisation="Doncaster Council")

    assert [str(problem) for problem in rejected.value.problems] == [
        "the plan 'council-plan' belongs to Rotherham MBC, not Doncaster Council; change its "
        "organisation on the plan's admin page, or leave the organisation out"
    ]


def test_an_organisation_name_too_long_is_refused_and_nothing_is_written(app):
    with pytest.raises(ImportRejected) as rejected:
        import_rows(table("Head of QA"), "council-plan", organisation="C" * 201)

    assert [str(problem) for problem in rejected.value.problems] == [
        "the organisation given: Organisation name must be 200 characters or fewer"
    ]
    db.session.rollback()
    assert db.session.scalar(select(Plan.id)) is None


def test_a_kept_whole_text_imports_as_one_person_on_the_next_import(app):
    import_rows(table(SPLIT_BY_THE_RULES, "Jo Smith"), "plan")
    assert leads_by_ref("plan")["1"] == [
        ("Head of Safeguarding", DEFAULT_ORGANISATION),
        ("Quality Assurance Manager", DEFAULT_ORGANISATION),
    ]

    kept = keep_lead_whole(default_organisation().id, SPLIT_BY_THE_RULES, user_id=None)
    db.session.commit()
    assert (kept.text, kept.recorded, kept.actions_relinked, kept.people_created) == (
        SPLIT_BY_THE_RULES,
        True,
        1,
        [SPLIT_BY_THE_RULES],
    )
    assert leads_by_ref("plan")["1"] == [(SPLIT_BY_THE_RULES, DEFAULT_ORGANISATION)]

    # Next month's file names the text again for a new action, spaced and wrapped differently.
    next_month = table(
        SPLIT_BY_THE_RULES, "Jo Smith", "head of safeguarding  AND\nquality assurance manager"
    )
    import_rows(next_month, "plan", as_at=date(2016, 10, 31))
    assert leads_by_ref("plan") == {
        "1": [(SPLIT_BY_THE_RULES, DEFAULT_ORGANISATION)],
        "2": [("Jo Smith", DEFAULT_ORGANISATION)],
        "3": [(SPLIT_BY_THE_RULES, DEFAULT_ORGANISATION)],
    }


def test_a_kept_whole_text_is_the_organisations_own(app):
    keep_lead_whole(default_organisation().id, SPLIT_BY_THE_RULES, user_id=None)
    db.session.commit()

    import_rows(table(SPLIT_BY_THE_RULES), "kept")
    import_rows(table(SPLIT_BY_THE_RULES), "split", organisation="Other Council")

    assert len(leads_by_ref("kept")["1"]) == 1
    assert len(leads_by_ref("split")["1"]) == 2


def test_keeping_a_text_twice_records_it_once_and_is_audited_once(app):
    admin = make_user(Role.ADMIN)
    organisation_id = default_organisation().id
    first = keep_lead_whole(organisation_id, " Head of Service MASH/ SA ", user_id=admin.id)
    again = keep_lead_whole(organisation_id, "head of service mash/sa", user_id=admin.id)
    db.session.commit()

    assert (first.recorded, again.recorded) == (True, False)
    assert db.session.scalars(select(KeptWholeLead.text)).all() == ["Head of Service MASH/ SA"]
    audited = db.session.scalars(
        select(AuditEvent.summary).where(AuditEvent.entity == "kept_whole_lead")
    ).all()
    assert audited == ["Kept 'Head of Service MASH/ SA' as one lead"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("  / ; ", "There is no lead text to keep as one lead"),
        (
            "x" * 201,
            "A lead's name must be 200 characters or fewer, and this text has 201; "
            "it cannot be one lead",
        ),
    ],
)
def test_a_text_that_cannot_be_one_lead_is_refused(app, text, message):
    with pytest.raises(Invalid) as invalid:
        keep_lead_whole(default_organisation().id, text, user_id=None)

    assert invalid.value.problems == {"lead_text": message}


def test_moving_a_plan_takes_its_own_people_and_matches_or_adds_the_shared_ones(app):
    import_rows(table("Only Here", "Shared Person", "Already There"), "moving")
    import_rows(table("Shared Person"), "staying")
    only_here = db.session.scalar(select(Person).where(Person.name == "Only Here"))
    only_here.email = "only.here@example.org"
    target = find_or_create_organisation("Rotherham MBC", user_id=None)
    make_person("Already There", organisation=target)
    db.session.commit()

    plan = db.session.scalar(select(Plan).where(Plan.slug == "moving"))
    moved = move_plan(plan, target, user_id=None)
    db.session.commit()

    assert (moved.changed, moved.people_moved, moved.people_matched, moved.people_created) == (
        True,
        ["Only Here"],
        ["Already There"],
        ["Shared Person"],
    )
    assert leads_by_ref("moving") == {
        "1": [("Only Here", "Rotherham MBC")],
        "2": [("Shared Person", "Rotherham MBC")],
        "3": [("Already There", "Rotherham MBC")],
    }
    assert leads_by_ref("staying") == {"1": [("Shared Person", DEFAULT_ORGANISATION)]}
    assert db.session.get(Person, only_here.id).email == "only.here@example.org"
    summary = db.session.scalar(
        select(AuditEvent.summary).where(AuditEvent.entity == "plan", AuditEvent.verb == "update")
    )
    assert summary == f"Moved plan '{plan.title}' from {DEFAULT_ORGANISATION} to Rotherham MBC"


def test_people_of_the_same_name_can_be_added_to_two_organisations_but_not_one(app):
    other = find_or_create_organisation("Other Council", user_id=None)
    values = {"name": "Deb Johnson", "email": None, "due_soon_opt_out": False, "active": True}
    create_person({**values, "organisation_id": None}, user_id=None)
    create_person({**values, "organisation_id": other.id}, user_id=None)

    with pytest.raises(Invalid) as invalid:
        create_person({**values, "name": "deb  johnson", "organisation_id": other.id}, user_id=None)

    assert invalid.value.problems == {
        "name": "There is already a person called Deb Johnson in this organisation"
    }


def test_people_import_sets_addresses_within_the_organisation_named(app):
    find_or_create_organisation("Other Council", user_id=None)
    make_person("Deb Johnson")
    db.session.commit()

    summary = import_people(
        [PersonRow(2, "Deb Johnson", "deb@other.example.org")], organisation="other council"
    )

    assert (summary.added, summary.updated) == (["Deb Johnson"], [])
    assert sorted(
        db.session.execute(
            select(Organisation.name, Person.email).join(
                Person, Person.organisation_id == Organisation.id
            )
        ).all()
    ) == [(DEFAULT_ORGANISATION, None), ("Other Council", "deb@other.example.org")]


def test_people_import_into_an_organisation_not_there_is_refused(app):
    with pytest.raises(PeopleImportRejected) as rejected:
        import_people([PersonRow(2, "Deb Johnson", "deb@example.org")], organisation="Nowhere")

    assert rejected.value.problems == (
        "There is no organisation called 'Nowhere'; the others are: none but the default.",
    )


def test_an_account_for_a_name_in_two_organisations_must_be_made_from_the_people_page(app):
    make_person("Deb Johnson")
    make_person("Deb Johnson", organisation=find_or_create_organisation("Other", user_id=None))

    with pytest.raises(AccountProblem, match="2 people in different organisations"):
        create_account(
            email="deb@example.org",
            name="Deb Johnson",
            role=Role.LEAD,
            password="a long and unusual passphrase 42",
        )


def test_plans_import_command_takes_the_organisation_of_a_new_plan(runner, tmp_path):
    path = tmp_path / "plan.csv"
    path.write_text("\n".join(",".join(row) for row in table("Head of QA")), encoding="utf-8")

    result = runner.invoke(
        args=[
            "plans",
            "import",
            str(path),
            "--plan",
            "trust-plan",
            "--as-at",
            "2016-09-30",
            "--organisation",
            "Sheffield Teaching Hospitals",
        ]
    )

    assert result.exit_code == 0, result.output
    assert leads_by_ref("trust-plan") == {"1": [("Head of QA", "Sheffield Teaching Hospitals")]}


def test_the_import_wizard_keeps_a_text_whole_for_a_plan_not_made_yet(app):
    kept = keep_lead_whole_for_import("new-plan", SPLIT_BY_THE_RULES, user_id=None)
    db.session.commit()

    reading = lead_reading_for_import("new-plan")
    import_rows(table(SPLIT_BY_THE_RULES), "new-plan")

    assert (kept.recorded, reading.kept_whole) == (True, frozenset({SPLIT_BY_THE_RULES}))
    assert leads_by_ref("new-plan") == {"1": [(SPLIT_BY_THE_RULES, DEFAULT_ORGANISATION)]}
    assert lead_reading_for_import("new-plan", "Other Council").kept_whole == frozenset(
        {SPLIT_BY_THE_RULES}
    )
    assert lead_reading_for_import("other-plan", "Other Council") == LeadReading()

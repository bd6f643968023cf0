import re
from dataclasses import replace
from datetime import date, datetime

import pytest

from tracker.domain.due import DueKind
from tracker.domain.enums import Completion, Recurrence
from tracker.domain.facts import ActionFacts, UpdateFacts
from tracker.domain.reminders import (
    NO_EMAIL_ADDRESS,
    UNKNOWN_PERSON,
    DigestKind,
    PlanReminderSettings,
    Recipient,
    Unreachable,
    escalation_subject,
    idempotency_key_for,
    lead_subject,
    message_id_for,
    plan_reminders,
)
from tracker.domain.working_days import WorkingCalendar

CALENDAR = WorkingCalendar()

MONDAY = date(2026, 3, 30)
TUESDAY = date(2026, 3, 31)
SATURDAY = date(2026, 4, 4)
EASTER_MONDAY = date(2026, 4, 6)
TUESDAY_AFTER_EASTER = date(2026, 4, 7)
WEDNESDAY_AFTER_EASTER = date(2026, 4, 8)

CHILDRENS_PLAN = PlanReminderSettings(
    plan_id=1,
    plan_title="Children's Improvement Plan 2009/10",
    plan_slug="cyps-2009-10",
    archived=False,
    owner_person_id=90,
    # Every working day, so these cases of who gets what hold on any day; the repeat rule has
    # its own cases.
    repeat_working_days=1,
)
FUND_PLAN = PlanReminderSettings(
    plan_id=2,
    plan_title="Children's Fund Plan",
    plan_slug="childrens-fund",
    archived=False,
    owner_person_id=90,
    # Every working day, so these cases of who gets what hold on any day; the repeat rule has
    # its own cases.
    repeat_working_days=1,
)

HOWARD, WARREN, DEB, FORMER, OPTED_OUT, ALL_MANAGERS, OWNER = 1, 2, 3, 4, 5, 6, 90
PEOPLE = {
    HOWARD: Recipient(HOWARD, "Howard Woolfenden", "howard@example.org", True),
    WARREN: Recipient(WARREN, "Warren Carratt", "warren@example.org", True),
    DEB: Recipient(DEB, "Deb Johnson", None, True),
    FORMER: Recipient(FORMER, "Former Lead", "former@example.org", False),
    OPTED_OUT: Recipient(OPTED_OUT, "Rebecca Wragg", "rebecca@example.org", True, True),
    ALL_MANAGERS: Recipient(ALL_MANAGERS, "All Managers", "managers@example.org", True),
    OWNER: Recipient(OWNER, "Plan Owner", "owner@example.org", True),
}

# Relative to TUESDAY (31 March 2026).
LONG_OVERDUE = date(2026, 2, 27)
OVERDUE = date(2026, 3, 27)
DUE_SOON = date(2026, 4, 2)
LATER = date(2026, 6, 30)


def make_action(
    action_id: int,
    lead_ids: tuple[int, ...] = (HOWARD,),
    *,
    target_date: date | None = OVERDUE,
    recurrence: Recurrence = Recurrence.NONE,
    plan_id: int = 1,
) -> ActionFacts:
    return ActionFacts(
        action_id=action_id,
        plan_id=plan_id,
        ref=f"1.{action_id}",
        text=f"Action {action_id}",
        theme_number=1,
        theme_title="Management arrangements",
        band_number=1,
        target_date_text=target_date.strftime("%B %Y") if target_date else "Monthly",
        target_date=target_date,
        milestones=(),
        recurrence=recurrence,
        leads=tuple(PEOPLE[i].name for i in lead_ids if i in PEOPLE),
        lead_ids=lead_ids,
    )


def update_due_action(action_id: int, lead_ids: tuple[int, ...] = (HOWARD,)) -> ActionFacts:
    return make_action(action_id, lead_ids, target_date=None, recurrence=Recurrence.MONTHLY)


def make_update(action_id: int, completion: Completion) -> UpdateFacts:
    return UpdateFacts(
        update_id=action_id,
        action_id=action_id,
        as_at=date(2026, 3, 20),
        recorded_at=datetime(2026, 3, 20, 9),
        completion=completion,
        rag=None,
        direction=None,
        commentary="",
        completed_on=None,
    )


def run(
    actions,
    *,
    today=TUESDAY,
    plans=(CHILDRENS_PLAN, FUND_PLAN),
    latest=None,
    recipients=None,
):
    return plan_reminders(
        today=today,
        calendar=CALENDAR,
        plans=plans,
        actions=actions,
        latest=latest or {},
        recipients=PEOPLE if recipients is None else recipients,
    )


def digest_contents(reminder_run):
    """Return each plan's actions in each digest, by kind, person and plan."""
    people = [(digest.kind, digest.person_id) for digest in reminder_run.digests]
    assert len(people) == len(set(people)), "one digest per person and kind"
    return {
        (digest.kind.value, digest.person_id, section.plan.plan_id): tuple(
            item.action_id for item in section.items
        )
        for digest in reminder_run.digests
        for section in digest.sections
    }


@pytest.mark.parametrize(
    ("actions", "expected"),
    [
        pytest.param(
            [make_action(10), make_action(11, target_date=DUE_SOON)],
            {("lead", HOWARD, 1): (10, 11)},
            id="one digest listing all of a lead's actions in a plan",
        ),
        pytest.param(
            [make_action(10, (HOWARD, WARREN))],
            {("lead", HOWARD, 1): (10,), ("lead", WARREN, 1): (10,)},
            id="an action with two leads is in both digests",
        ),
        pytest.param(
            [make_action(10), make_action(20, plan_id=2)],
            {("lead", HOWARD, 1): (10,), ("lead", HOWARD, 2): (20,)},
            id="one digest, a section per plan",
        ),
        pytest.param(
            [make_action(10, (ALL_MANAGERS,))],
            {("lead", ALL_MANAGERS, 1): (10,)},
            id="a group lead is a recipient like any other",
        ),
        pytest.param(
            [make_action(10, (HOWARD, HOWARD))],
            {("lead", HOWARD, 1): (10,)},
            id="a lead linked twice sees the action once",
        ),
        pytest.param(
            [make_action(10, target_date=LATER), make_action(11, target_date=None)],
            {},
            id="nothing to report, no digest",
        ),
        pytest.param(
            [
                update_due_action(12),
                make_action(11, target_date=DUE_SOON),
                make_action(13, target_date=LONG_OVERDUE),
                make_action(10),
            ],
            {("lead", HOWARD, 1): (13, 10, 11, 12)},
            id="overdue, most first, then due soon, then update due",
        ),
        pytest.param(
            [make_action(10, ())],
            {},
            id="an action without leads has nobody to remind",
        ),
    ],
)
def test_each_lead_gets_one_digest_a_day_with_a_section_per_plan(actions, expected):
    assert digest_contents(run(actions)) == expected


@pytest.mark.parametrize(
    ("today", "is_working_day"),
    [
        pytest.param(SATURDAY, False, id="Saturday"),
        pytest.param(date(2026, 4, 5), False, id="Sunday"),
        pytest.param(date(2026, 4, 3), False, id="Good Friday"),
        pytest.param(EASTER_MONDAY, False, id="Easter Monday"),
        pytest.param(date(2026, 12, 28), False, id="Boxing Day substitute"),
        pytest.param(MONDAY, True, id="Monday"),
        pytest.param(TUESDAY_AFTER_EASTER, True, id="Tuesday after Easter Monday"),
    ],
)
def test_reminders_go_out_on_working_days_only(today, is_working_day):
    reminder_run = run([make_action(10, target_date=date(2026, 3, 1))], today=today)
    assert reminder_run.for_date == today
    assert reminder_run.is_working_day is is_working_day
    assert bool(reminder_run.digests) is is_working_day


@pytest.mark.parametrize(
    ("plans", "latest", "recipients", "expected"),
    [
        pytest.param(
            (CHILDRENS_PLAN,),
            {10: make_update(10, Completion.COMPLETED)},
            PEOPLE,
            {},
            id="completed action",
        ),
        pytest.param((replace(CHILDRENS_PLAN, archived=True),), {}, PEOPLE, {}, id="archived plan"),
        pytest.param(
            (CHILDRENS_PLAN,),
            {},
            {**PEOPLE, HOWARD: replace(PEOPLE[HOWARD], active=False), OWNER: PEOPLE[FORMER]},
            {},
            id="deactivated lead and owner",
        ),
        pytest.param(
            (CHILDRENS_PLAN,),
            {},
            {**PEOPLE, HOWARD: replace(PEOPLE[HOWARD], active=False, email=None)},
            {("escalation", OWNER, 1): (10,)},
            id="deactivated lead without an address is not unreachable",
        ),
    ],
)
def test_excluded_things_never_appear(plans, latest, recipients, expected):
    actions = [make_action(10, target_date=LONG_OVERDUE)]
    reminder_run = run(actions, today=MONDAY, plans=plans, latest=latest, recipients=recipients)
    assert digest_contents(reminder_run) == expected
    assert reminder_run.unreachable == ()


def test_a_partially_completed_overdue_action_still_appears():
    reminder_run = run([make_action(10)], latest={10: make_update(10, Completion.NOT_KNOWN)})
    assert digest_contents(reminder_run) == {("lead", HOWARD, 1): (10,)}


@pytest.mark.parametrize(
    ("opted_out", "actions", "expected_kinds"),
    [
        pytest.param(
            True,
            [make_action(10), make_action(11, target_date=DUE_SOON)],
            (DueKind.OVERDUE,),
            id="opt-out drops due soon, keeps overdue",
        ),
        pytest.param(
            True, [make_action(11, target_date=DUE_SOON)], None, id="only due soon: no digest"
        ),
        pytest.param(
            True,
            [update_due_action(12), make_action(11, target_date=DUE_SOON)],
            (DueKind.UPDATE_DUE,),
            id="opt-out keeps update due",
        ),
        pytest.param(
            False,
            [make_action(11, target_date=DUE_SOON)],
            (DueKind.DUE_SOON,),
            id="without opt-out due soon is sent",
        ),
    ],
)
def test_due_soon_opt_out(opted_out, actions, expected_kinds):
    person = replace(PEOPLE[HOWARD], due_soon_opt_out=opted_out)
    reminder_run = run(actions, recipients={HOWARD: person})
    if expected_kinds is None:
        assert reminder_run.digests == ()
    else:
        (digest,) = reminder_run.digests
        assert tuple(item.kind for item in digest.items) == expected_kinds
    assert reminder_run.unreachable == ()


@pytest.mark.parametrize(
    ("due_soon_working_days", "expected"),
    [(1, {}), (2, {("lead", HOWARD, 1): (11,)})],
)
def test_due_soon_window_is_set_per_plan(due_soon_working_days, expected):
    plan = replace(CHILDRENS_PLAN, due_soon_working_days=due_soon_working_days)
    reminder_run = run([make_action(11, target_date=DUE_SOON)], plans=(plan,))
    assert digest_contents(reminder_run) == expected


@pytest.mark.parametrize(
    ("today", "escalates"),
    [
        pytest.param(MONDAY, True, id="Monday"),
        pytest.param(TUESDAY, False, id="ordinary Tuesday"),
        pytest.param(TUESDAY_AFTER_EASTER, True, id="Tuesday after Easter Monday"),
        pytest.param(WEDNESDAY_AFTER_EASTER, False, id="Wednesday after Easter Monday"),
        pytest.param(EASTER_MONDAY, False, id="Easter Monday itself"),
    ],
)
def test_escalation_goes_out_on_the_first_working_day_of_the_week(today, escalates):
    reminder_run = run([make_action(10, target_date=date(2026, 1, 30))], today=today)
    escalations = [d for d in reminder_run.digests if d.kind is DigestKind.ESCALATION]
    assert [(d.person_id, d.plan_id) for d in escalations] == ([(OWNER, 1)] if escalates else [])


def test_a_lead_in_two_plans_gets_one_digest_listing_each_plan_under_its_own_title():
    actions = [make_action(20, plan_id=2), make_action(10), make_action(11, target_date=DUE_SOON)]
    (digest,) = run(actions).digests
    assert [(s.plan.plan_id, [i.action_id for i in s.items]) for s in digest.sections] == [
        (1, [10, 11]),
        (2, [20]),
    ]
    assert digest.plan_id is None
    assert [item.action_id for item in digest.items] == [10, 11, 20]
    assert digest.subject == "2 overdue actions and 1 due soon – 2 plans"
    assert digest.idempotency_key == "lead:1:2026-03-31"


def test_an_owner_of_two_plans_gets_one_escalation_listing_each_plan():
    actions = [
        make_action(10, target_date=date(2026, 1, 30)),
        make_action(20, target_date=date(2026, 3, 2), plan_id=2),
    ]
    fund = replace(FUND_PLAN, escalation_working_days=5)
    (lead, escalation) = run(actions, today=MONDAY, plans=(CHILDRENS_PLAN, fund)).digests
    assert (lead.kind, lead.person_id) == (DigestKind.LEAD, HOWARD)
    assert (escalation.kind, escalation.person_id) == (DigestKind.ESCALATION, OWNER)
    assert [s.plan.plan_id for s in escalation.sections] == [1, 2]
    assert escalation.subject == (
        "Escalation: 2 actions overdue beyond their plans' limits – 2 plans"
    )
    assert escalation.idempotency_key == "escalation:90:2026-03-30"


def test_a_person_unreachable_in_two_plans_is_reported_for_each_plan():
    actions = [make_action(10, (DEB,)), make_action(20, (DEB,), plan_id=2)]
    reminder_run = run(actions)
    assert reminder_run.digests == ()
    assert [(u.person_id, u.plan_id) for u in reminder_run.unreachable] == [(DEB, 1), (DEB, 2)]


# Working days overdue on MONDAY (30 March 2026): 16 March is exactly 10.
@pytest.mark.parametrize(
    ("target_date", "escalation_working_days", "escalated"),
    [
        pytest.param(date(2026, 3, 17), 10, False, id="9 working days"),
        pytest.param(date(2026, 3, 16), 10, False, id="exactly 10 is not more than 10"),
        pytest.param(date(2026, 3, 13), 10, True, id="11 working days"),
        pytest.param(date(2026, 3, 16), 9, True, id="plan sets a lower threshold"),
        pytest.param(date(2026, 3, 13), 11, False, id="plan sets a higher threshold"),
    ],
)
def test_escalation_lists_actions_overdue_by_more_than_the_threshold(
    target_date, escalation_working_days, escalated
):
    plan = replace(CHILDRENS_PLAN, escalation_working_days=escalation_working_days)
    reminder_run = run([make_action(10, target_date=target_date)], today=MONDAY, plans=(plan,))
    assert (("escalation", OWNER, 1) in digest_contents(reminder_run)) is escalated


def test_escalation_digest_lists_overdue_actions_with_their_leads():
    actions = [
        make_action(10, (HOWARD, WARREN), target_date=date(2026, 3, 2)),
        make_action(11, (DEB,), target_date=date(2026, 2, 2)),
        make_action(12, target_date=date(2026, 3, 20)),
        make_action(13, target_date=DUE_SOON),
    ]
    reminder_run = run(actions, today=MONDAY, plans=(CHILDRENS_PLAN,))
    (escalation,) = [d for d in reminder_run.digests if d.kind is DigestKind.ESCALATION]
    assert [(item.action_id, item.leads) for item in escalation.items] == [
        (11, ("Deb Johnson",)),
        (10, ("Howard Woolfenden", "Warren Carratt")),
    ]
    assert [item.working_days_overdue for item in escalation.items] == [40, 20]
    assert escalation.subject == (
        "Escalation: 2 actions overdue by more than 10 working days"
        " – Children's Improvement Plan 2009/10"
    )
    assert escalation.idempotency_key == "escalation:90:2026-03-30"


@pytest.mark.parametrize(
    ("recipients", "actions", "today", "expected"),
    [
        pytest.param(
            PEOPLE,
            [make_action(10, (DEB, HOWARD))],
            TUESDAY,
            (Unreachable(DEB, "Deb Johnson", 1, NO_EMAIL_ADDRESS, DigestKind.LEAD),),
            id="lead without an address",
        ),
        pytest.param(
            PEOPLE,
            [make_action(10, (DEB,), target_date=LATER)],
            TUESDAY,
            (),
            id="nothing to report, nothing unreachable",
        ),
        pytest.param(
            {**PEOPLE, DEB: replace(PEOPLE[DEB], email="  ")},
            [make_action(10, (DEB,))],
            TUESDAY,
            (Unreachable(DEB, "Deb Johnson", 1, NO_EMAIL_ADDRESS, DigestKind.LEAD),),
            id="a blank address is no address",
        ),
        pytest.param(
            {**PEOPLE, OWNER: replace(PEOPLE[OWNER], email=None)},
            [make_action(10, target_date=date(2026, 1, 30))],
            MONDAY,
            (Unreachable(OWNER, "Plan Owner", 1, NO_EMAIL_ADDRESS, DigestKind.ESCALATION),),
            id="owner without an address",
        ),
        pytest.param(
            PEOPLE,
            [make_action(10, (77,))],
            TUESDAY,
            (Unreachable(77, "", 1, UNKNOWN_PERSON, DigestKind.LEAD),),
            id="lead the caller did not describe",
        ),
    ],
)
def test_people_who_cannot_be_sent_a_digest_are_reported(recipients, actions, today, expected):
    reminder_run = run(actions, today=today, plans=(CHILDRENS_PLAN,), recipients=recipients)
    assert reminder_run.unreachable == expected
    assert all(d.person_id not in {u.person_id for u in expected} for d in reminder_run.digests)


@pytest.mark.parametrize(
    ("overdue", "due_soon", "update_due", "expected"),
    [
        (1, 0, 0, "1 overdue action"),
        (3, 0, 0, "3 overdue actions"),
        (0, 1, 0, "1 action due soon"),
        (0, 2, 0, "2 actions due soon"),
        (0, 0, 1, "1 action needs an update"),
        (0, 0, 2, "2 actions need an update"),
        (3, 2, 0, "3 overdue actions and 2 due soon"),
        (1, 1, 0, "1 overdue action and 1 due soon"),
        (3, 0, 1, "3 overdue actions and 1 needing an update"),
        (0, 2, 1, "2 actions due soon and 1 needing an update"),
        (3, 2, 1, "3 overdue actions, 2 due soon and 1 needing an update"),
    ],
)
def test_lead_subject_names_the_most_urgent_group_first(overdue, due_soon, update_due, expected):
    subject = lead_subject(overdue, due_soon, update_due, ["Children's Improvement Plan 2009/10"])
    assert subject == f"{expected} – Children's Improvement Plan 2009/10"


def test_lead_subject_needs_something_to_report():
    with pytest.raises(ValueError, match="at least one"):
        lead_subject(0, 0, 0, ["Plan"])


@pytest.mark.parametrize(
    ("titles", "expected"),
    [
        (["Plan A"], "1 overdue action – Plan A"),
        (["Plan A", "Plan B"], "1 overdue action – 2 plans"),
        (["A", "B", "C"], "1 overdue action – 3 plans"),
    ],
)
def test_lead_subject_names_one_plan_or_counts_several(titles, expected):
    assert lead_subject(1, 0, 0, titles) == expected


def test_digest_subject_counts_its_items():
    actions = [make_action(10), make_action(11), make_action(12, target_date=DUE_SOON)]
    (digest,) = run(actions).digests
    assert (
        digest.subject == "2 overdue actions and 1 due soon – Children's Improvement Plan 2009/10"
    )


@pytest.mark.parametrize(
    ("count", "thresholds", "titles", "expected"),
    [
        (4, [10], ["Plan"], "Escalation: 4 actions overdue by more than 10 working days – Plan"),
        (1, [10], ["Plan"], "Escalation: 1 action overdue by more than 10 working days – Plan"),
        (2, [1], ["Plan"], "Escalation: 2 actions overdue by more than 1 working day – Plan"),
        (
            3,
            [10, 10],
            ["A", "B"],
            "Escalation: 3 actions overdue by more than 10 working days – 2 plans",
        ),
        (
            3,
            [10, 5],
            ["A", "B"],
            "Escalation: 3 actions overdue beyond their plans' limits – 2 plans",
        ),
    ],
)
def test_escalation_subject(count, thresholds, titles, expected):
    assert escalation_subject(count, thresholds, titles) == expected


def test_lead_digest_carries_plan_and_key():
    (digest,) = run([make_action(10)]).digests
    assert (digest.kind, digest.person_id, digest.plan_id) == (DigestKind.LEAD, HOWARD, 1)
    (section,) = digest.sections
    assert section.plan == CHILDRENS_PLAN
    assert digest.for_date == TUESDAY
    assert digest.idempotency_key == "lead:1:2026-03-31"
    (item,) = digest.items
    assert (item.ref, item.target_date_text, item.days_overdue) == ("1.10", "March 2026", 4)


def test_a_rerun_on_the_same_day_produces_the_same_digests():
    actions = [make_action(10, (HOWARD, WARREN)), make_action(20, plan_id=2)]
    assert run(actions, today=MONDAY) == run(list(reversed(actions)), today=MONDAY)


@pytest.mark.parametrize(
    ("kind", "person_id", "for_date", "expected"),
    [
        (DigestKind.LEAD, 1, date(2010, 5, 4), "lead:1:2010-05-04"),
        (DigestKind.ESCALATION, 90, date(2026, 4, 7), "escalation:90:2026-04-07"),
    ],
)
def test_idempotency_key_names_kind_recipient_and_date(kind, person_id, for_date, expected):
    assert idempotency_key_for(kind, person_id, for_date) == expected


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("lead:1:2:2010-05-04", "<reminder-ce8a0bf5fea7986b92282974e7d1a699@tracker.example>"),
        (
            "escalation:90:1:2026-04-07",
            "<reminder-1edf8849ff1ff8f5db97e2b35557e170@tracker.example>",
        ),
    ],
)
def test_message_id_is_derived_only_from_the_key(key, expected):
    assert message_id_for(key, "tracker.example") == expected


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("lead:1:2:2010-05-04", "lead:1:2:2010-05-05"),
        ("lead:1:2:2010-05-04", "escalation:1:2:2010-05-04"),
        ("lead:1:2:2010-05-04", "lead:2:2:2010-05-04"),
    ],
)
def test_different_keys_give_different_message_ids(first, second):
    assert message_id_for(first, "tracker.example") != message_id_for(second, "tracker.example")


def test_message_id_has_rfc_5322_shape():
    message_id = message_id_for("lead:1:1:2026-03-31", "tracker.example")
    assert re.fullmatch(r"<reminder-[0-9a-f]{32}@tracker\.example>", message_id)


@pytest.mark.parametrize("domain", ["", "has space.example", "a@b.example", "<x>"])
def test_message_id_refuses_an_unusable_domain(domain):
    with pytest.raises(ValueError, match="Message-ID domain"):
        message_id_for("lead:1:1:2026-03-31", domain)


@pytest.mark.parametrize(
    "title", ["Children's\r\nPlan", "Children's\nPlan", "Children's\u2028Plan"]
)
def test_subjects_stay_on_one_line_whatever_the_stored_plan_title(title):
    assert lead_subject(1, 0, 0, [title]) == "1 overdue action – Children's Plan"
    assert escalation_subject(2, [10], [title]) == (
        "Escalation: 2 actions overdue by more than 10 working days – Children's Plan"
    )

from dataclasses import replace
from datetime import date

import pytest

from tests.domain.test_reminders import CHILDRENS_PLAN, FUND_PLAN, HOWARD, PEOPLE, make_action
from tracker.domain.indicator_reminders import (
    MAX_READING_DUE_WORKING_DAYS,
    IndicatorDueFacts,
    missing_reading,
    reading_chased,
)
from tracker.domain.indicator_terms import Frequency, YearBasis
from tracker.domain.reminders import (
    NO_EMAIL_ADDRESS,
    DigestKind,
    Recipient,
    Unreachable,
    lead_subject,
    plan_reminders,
)
from tracker.domain.working_days import WorkingCalendar

CALENDAR = WorkingCalendar()
MONTHLY, QUARTERLY, ANNUAL = Frequency.MONTHLY, Frequency.QUARTERLY, Frequency.ANNUAL
FINANCIAL, ACADEMIC, CALENDAR_YEAR = YearBasis.FINANCIAL, YearBasis.ACADEMIC, YearBasis.CALENDAR

OWNER = 70
OWNER_WITHOUT_EMAIL = 71
FORMER_OWNER = 72
PEOPLE_AND_OWNERS = {
    **PEOPLE,
    OWNER: Recipient(OWNER, "Indicator Owner", "owner.ni59@example.org", True),
    OWNER_WITHOUT_EMAIL: Recipient(OWNER_WITHOUT_EMAIL, "No Address", None, True),
    FORMER_OWNER: Recipient(FORMER_OWNER, "Former Owner", "former.owner@example.org", False),
}

NI59 = IndicatorDueFacts(
    indicator_id=59,
    plan_id=CHILDRENS_PLAN.plan_id,
    ref="NI 59",
    title="Initial assessments completed within 7 working days of referral",
    frequency=MONTHLY,
    year_basis=FINANCIAL,
    owner_person_id=OWNER,
    archived=False,
)
NOVEMBER_2026 = (date(2026, 11, 1), date(2026, 11, 30))
JULY_2026 = (date(2026, 7, 1), date(2026, 7, 31))
JUNE_2026 = (date(2026, 6, 1), date(2026, 6, 30))
AUGUST_2026 = (date(2026, 8, 1), date(2026, 8, 31))
OCTOBER_2026 = (date(2026, 10, 1), date(2026, 10, 31))
JULY_TO_SEPTEMBER_2026 = (date(2026, 7, 1), date(2026, 9, 30))
APRIL_TO_JUNE_2026 = (date(2026, 4, 1), date(2026, 6, 30))
FINANCIAL_2025_26 = (date(2025, 4, 1), date(2026, 3, 31))
FINANCIAL_2024_25 = (date(2024, 4, 1), date(2025, 3, 31))
ACADEMIC_2025_26 = (date(2025, 9, 1), date(2026, 8, 31))
CALENDAR_2026 = (date(2026, 1, 1), date(2026, 12, 31))


@pytest.mark.parametrize(
    ("frequency", "basis", "due_working_days", "today", "period", "due_on"),
    [
        # July 2026 ends on a Friday: one working day later is Monday 3 August.
        (MONTHLY, FINANCIAL, 1, date(2026, 8, 4), JULY_2026, date(2026, 8, 3)),
        # On the due day itself July is not missing yet, so June (due 1 July) is still chased.
        (MONTHLY, FINANCIAL, 1, date(2026, 8, 3), JUNE_2026, date(2026, 7, 1)),
        # August 2026 ends on the summer bank holiday (Monday 31 August): due Tuesday 1 September.
        (MONTHLY, CALENDAR_YEAR, 1, date(2026, 9, 2), AUGUST_2026, date(2026, 9, 1)),
        (MONTHLY, CALENDAR_YEAR, 1, date(2026, 9, 1), JULY_2026, date(2026, 8, 3)),
        # N = 0: due on the period's last day, missing from the next day.
        (MONTHLY, FINANCIAL, 0, date(2026, 9, 1), AUGUST_2026, date(2026, 8, 31)),
        (MONTHLY, FINANCIAL, 0, date(2026, 12, 1), NOVEMBER_2026, date(2026, 11, 30)),
        # The default ten working days: November is due Monday 14 December.
        (MONTHLY, FINANCIAL, 10, date(2026, 12, 15), NOVEMBER_2026, date(2026, 12, 14)),
        (MONTHLY, FINANCIAL, 10, date(2026, 12, 14), OCTOBER_2026, date(2026, 11, 13)),
        # Twenty working days run over Christmas Day, Boxing Day's substitute and the weekends.
        (MONTHLY, FINANCIAL, 20, date(2026, 12, 31), NOVEMBER_2026, date(2026, 12, 30)),
        # A quarter of the financial year: July to September 2026, due Wednesday 14 October.
        (QUARTERLY, FINANCIAL, 10, date(2026, 10, 15), JULY_TO_SEPTEMBER_2026, date(2026, 10, 14)),
        (QUARTERLY, FINANCIAL, 10, date(2026, 10, 14), APRIL_TO_JUNE_2026, date(2026, 7, 14)),
        # The financial year 2025/26: Good Friday and Easter Monday 2026 are not working days.
        (ANNUAL, FINANCIAL, 10, date(2026, 4, 17), FINANCIAL_2025_26, date(2026, 4, 16)),
        (ANNUAL, FINANCIAL, 10, date(2026, 4, 16), FINANCIAL_2024_25, date(2025, 4, 14)),
        # The academic year 2025/26 ends on the summer bank holiday.
        (ANNUAL, ACADEMIC, 10, date(2026, 9, 15), ACADEMIC_2025_26, date(2026, 9, 14)),
        (ANNUAL, CALENDAR_YEAR, 10, date(2027, 1, 16), CALENDAR_2026, date(2027, 1, 15)),
    ],
)
def test_the_reading_chased_is_the_latest_period_past_its_due_day(
    frequency, basis, due_working_days, today, period, due_on
):
    chased, due = reading_chased(
        frequency, basis, today=today, due_working_days=due_working_days, calendar=CALENDAR
    )

    assert (chased.start, chased.end) == period
    assert due == due_on


@pytest.mark.parametrize("due_working_days", [-1, MAX_READING_DUE_WORKING_DAYS + 1])
def test_a_wait_outside_the_plan_settings_range_is_refused(due_working_days):
    with pytest.raises(ValueError, match="working days"):
        reading_chased(
            MONTHLY,
            FINANCIAL,
            today=date(2026, 12, 15),
            due_working_days=due_working_days,
            calendar=CALENDAR,
        )


def missing(indicator=NI59, recorded=(), today=date(2026, 12, 17), due_working_days=10):
    return missing_reading(
        indicator,
        set(recorded),
        today=today,
        due_working_days=due_working_days,
        calendar=CALENDAR,
    )


def test_a_reading_past_its_due_day_without_one_is_missing_with_the_working_days_since():
    found = missing()

    assert found is not None
    assert (found.period.start, found.period.end) == NOVEMBER_2026
    assert found.due_on == date(2026, 12, 14)
    assert found.working_days_missing == 3
    assert (found.indicator_id, found.ref) == (59, "NI 59")


@pytest.mark.parametrize(
    ("indicator", "recorded"),
    [
        # Any reading recorded for the period, a superseded one included, means it was recorded.
        (NI59, [NOVEMBER_2026]),
        (replace(NI59, archived=True), []),
        (replace(NI59, owner_person_id=None), []),
    ],
    ids=["recorded", "archived indicator", "no owner"],
)
def test_a_recorded_archived_or_unowned_indicator_is_not_chased(indicator, recorded):
    assert missing(indicator, recorded) is None


def test_a_reading_for_another_period_ending_the_same_day_does_not_count():
    year_to_november = (date(2026, 4, 1), date(2026, 11, 30))

    found = missing(recorded=[year_to_november, OCTOBER_2026])

    assert found is not None
    assert (found.period.start, found.period.end) == NOVEMBER_2026


def run(indicators, *, today=date(2026, 12, 15), plans=None, actions=(), recorded=None):
    return plan_reminders(
        today=today,
        calendar=CALENDAR,
        plans=plans or (CHILDRENS_PLAN, FUND_PLAN),
        actions=actions,
        latest={},
        recipients=PEOPLE_AND_OWNERS,
        indicators=indicators,
        recorded_periods=recorded,
    )


def test_an_owner_with_only_a_missing_reading_gets_one_lead_digest():
    result = run([NI59])

    (digest,) = result.digests
    assert (digest.kind, digest.person_id) == (DigestKind.LEAD, OWNER)
    assert digest.items == ()
    assert [r.indicator_id for r in digest.readings] == [59]
    assert digest.subject == "1 missing indicator reading – Children's Improvement Plan 2009/10"


def test_an_owner_who_also_leads_an_overdue_action_gets_both_in_one_section():
    owned_by_howard = replace(NI59, owner_person_id=HOWARD)
    second = replace(owned_by_howard, indicator_id=60, ref="NI 60")
    action = make_action(1, target_date=date(2026, 12, 1))

    result = run([second, owned_by_howard], actions=[action])

    (digest,) = result.digests
    (section,) = digest.sections
    assert [item.action_id for item in section.items] == [1]
    assert [reading.ref for reading in section.readings] == ["NI 59", "NI 60"]
    assert digest.subject == (
        "1 overdue action and 2 missing readings – Children's Improvement Plan 2009/10"
    )


def test_readings_of_two_plans_go_in_one_digest_plan_by_plan():
    in_fund = replace(NI59, indicator_id=68, ref="NI 68", plan_id=FUND_PLAN.plan_id)

    (digest,) = run([in_fund, NI59]).digests

    assert [section.plan.plan_id for section in digest.sections] == [1, 2]
    assert digest.subject == "2 missing indicator readings – 2 plans"


def test_an_archived_plans_indicators_are_not_chased():
    archived = replace(CHILDRENS_PLAN, archived=True)

    result = run([NI59], plans=(archived, FUND_PLAN))

    assert result.digests == ()
    assert result.unreachable == ()


def test_an_owner_without_an_email_address_is_reported_not_sent_to():
    result = run([replace(NI59, owner_person_id=OWNER_WITHOUT_EMAIL)])

    assert result.digests == ()
    assert result.unreachable == (
        Unreachable(OWNER_WITHOUT_EMAIL, "No Address", CHILDRENS_PLAN.plan_id, NO_EMAIL_ADDRESS),
    )


def test_an_inactive_owner_is_not_chased():
    result = run([replace(NI59, owner_person_id=FORMER_OWNER)])

    assert (result.digests, result.unreachable) == ((), ())


def test_the_plans_own_wait_decides_when_a_reading_is_missing():
    waits_twenty = replace(CHILDRENS_PLAN, reading_due_working_days=20)
    october_recorded = {NI59.indicator_id: {OCTOBER_2026}}

    def chased_on(today):
        return run([NI59], plans=(waits_twenty,), today=today, recorded=october_recorded)

    assert chased_on(date(2026, 12, 15)).digests == ()
    (digest,) = chased_on(date(2026, 12, 31)).digests
    assert [(r.period.end, r.due_on) for r in digest.readings] == [
        (date(2026, 11, 30), date(2026, 12, 30))
    ]


@pytest.mark.parametrize(
    ("today", "listed"),
    [
        # November is due Monday 14 December; every fifth working day missing it is listed again.
        (date(2026, 12, 15), True),
        (date(2026, 12, 16), False),
        (date(2026, 12, 21), False),
        (date(2026, 12, 22), True),
        (date(2026, 12, 23), False),
    ],
)
def test_a_still_missing_reading_repeats_as_an_overdue_action_does(today, listed):
    every_five = replace(CHILDRENS_PLAN, repeat_working_days=5)

    assert bool(run([NI59], plans=(every_five,), today=today).digests) is listed


def test_no_reading_is_chased_on_a_day_that_is_not_a_working_day():
    assert run([NI59], today=date(2026, 12, 19)).digests == ()


def test_the_subject_names_missing_readings_after_the_actions():
    assert lead_subject(0, 0, 0, ["Plan"], 1) == "1 missing indicator reading – Plan"
    assert lead_subject(0, 2, 0, ["Plan"], 3) == "2 actions due soon and 3 missing readings – Plan"
    with pytest.raises(ValueError, match="at least one action or missing reading"):
        lead_subject(0, 0, 0, ["Plan"], 0)

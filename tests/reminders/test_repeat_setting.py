"""Administrators set how often a plan's overdue actions are repeated in reminders."""

import re

import pytest

from tests.admin.test_plans import PLAN_FORM
from tests.reminders.conftest import setting_of
from tracker.models import Plan


def repeat_of(slug: str) -> int:
    return setting_of(slug, Plan.reminder_repeat_working_days)


def test_a_new_plan_repeats_overdue_actions_every_5_working_days(app, client, sign_in, admin):
    sign_in(client, admin)

    page = client.get("/admin/plans/new").get_data(as_text=True)

    (field,) = re.findall(r'<input[^>]*name="reminder_repeat_working_days"[^>]*>', page)
    assert 'value="5"' in field


def test_the_repeat_is_saved_and_shown_in_the_plans_settings(
    app, client, sign_in, admin, settings_plan
):
    sign_in(client, admin)

    response = client.post(
        "/admin/plans/childrens-plan/edit", data={**PLAN_FORM, "reminder_repeat_working_days": "7"}
    )

    assert response.status_code == 302
    assert repeat_of("childrens-plan") == 7
    page = client.get("/admin/plans/childrens-plan").get_data(as_text=True)
    assert "every 7 working days" in page


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("0", "must be between 1 and 60"),
        ("61", "must be between 1 and 60"),
        ("five", "must be a whole number"),
        ("", "Enter the number of working days before an overdue action is repeated"),
    ],
)
def test_a_repeat_outside_1_to_60_is_refused_with_what_to_fix(
    app, client, sign_in, admin, settings_plan, typed, message
):
    sign_in(client, admin)

    response = client.post(
        "/admin/plans/childrens-plan/edit",
        data={**PLAN_FORM, "reminder_repeat_working_days": typed},
    )

    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "There is a problem" in page
    assert message in page
    assert f'value="{typed}"' in page
    assert repeat_of("childrens-plan") == 5

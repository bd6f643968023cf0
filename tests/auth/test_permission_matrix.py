"""Every route × method × persona gives the outcome written down for it, and nothing else.

The table below is keyed by endpoint, then method. A route added to the app without a row here
fails test_every_route_has_a_row_in_the_matrix: add its row (and, if its URL takes a new kind of
argument, a sample value in World.sample_arguments in route_world.py). The API's routes (api.*)
take tokens, not sign-ins: tests/api/test_api_permission_matrix.py holds their rows.
"""

from __future__ import annotations

from tests.api.test_api_permission_matrix import EXPECTED as API_EXPECTED
from tests.api.test_api_permission_matrix import api_routes
from tests.auth.route_world import (
    ADMIN,
    OWN_LEAD,
    PANEL,
    PERSONAS,
    routes,
    url_for_rule,
)
from tracker.extensions import db
from tracker.models import Action, StatusUpdate

OK = "200"
# A form refused with its errors shown again, as an empty POST is.
REFUSED_FORM = "422"
BAD_REQUEST = "400"
FORBIDDEN = "403"
NOT_FOUND = "404"
SIGN_IN = "redirect to sign in"
REDIRECT = "redirect elsewhere"
PUBLIC = "public file"


def row(anonymous: str, own_lead: str, other_lead: str, panel: str, admin: str) -> dict:
    """Return one line of the matrix, persona by persona."""
    return dict(zip(PERSONAS, (anonymous, own_lead, other_lead, panel, admin), strict=True))


def everyone(outcome: str) -> dict:
    """Return a line where every persona gets the same outcome."""
    return row(outcome, outcome, outcome, outcome, outcome)


# Read pages about the own lead's plan or action: the other plan's lead is refused.
READ_OWN_PLAN = row(SIGN_IN, OK, FORBIDDEN, OK, OK)
READ_ANY_SIGNED_IN = row(SIGN_IN, OK, OK, OK, OK)
PANEL_AND_ADMIN = row(SIGN_IN, FORBIDDEN, FORBIDDEN, OK, OK)


def admin_only(outcome: str) -> dict:
    """Return a line for an administrators' route: what the administrator gets, 403 for others."""
    return row(SIGN_IN, FORBIDDEN, FORBIDDEN, FORBIDDEN, outcome)


ADMIN_PAGE = admin_only(OK)

EXPECTED: dict[str, dict[str, dict[str, str]]] = {
    "static": {"GET": everyone(PUBLIC)},
    "main.index": {"GET": row(SIGN_IN, REDIRECT, REDIRECT, REDIRECT, REDIRECT)},
    "auth.sign_in": {
        "GET": row(OK, REDIRECT, REDIRECT, REDIRECT, REDIRECT),
        # An empty form is shown again with its errors; a signed-in account is sent on.
        "POST": row(REFUSED_FORM, REDIRECT, REDIRECT, REDIRECT, REDIRECT),
    },
    "auth.sign_out": {"POST": everyone(REDIRECT)},
    "auth.change_password": {
        "GET": READ_ANY_SIGNED_IN,
        "POST": row(SIGN_IN, REFUSED_FORM, REFUSED_FORM, REFUSED_FORM, REFUSED_FORM),
    },
    # Any account makes its own API tokens; only the token's owner revokes it.
    "auth.tokens": {
        "GET": READ_ANY_SIGNED_IN,
        "POST": row(SIGN_IN, REFUSED_FORM, REFUSED_FORM, REFUSED_FORM, REFUSED_FORM),
    },
    "auth.revoke_token": {"POST": row(SIGN_IN, REDIRECT, NOT_FOUND, NOT_FOUND, NOT_FOUND)},
    "auth.reset_password": {"GET": everyone(NOT_FOUND), "POST": everyone(NOT_FOUND)},
    "auth.forgot_password": {"GET": everyone(OK), "POST": everyone(REFUSED_FORM)},
    "auth.password_link_sent": {"GET": everyone(OK)},
    "main.help": {"GET": READ_ANY_SIGNED_IN},
    "main.api_help": {"GET": READ_ANY_SIGNED_IN},
    "plans.index": {"GET": READ_ANY_SIGNED_IN},
    "plans.show": {"GET": READ_OWN_PLAN},
    "plans.export": {"GET": READ_OWN_PLAN},
    "plans.actions": {"GET": READ_OWN_PLAN},
    "plans.recommendations": {"GET": READ_OWN_PLAN},
    "plans.recommendations_json": {"GET": READ_OWN_PLAN},
    "plans.download_actions": {"GET": READ_OWN_PLAN},
    # Cross-plan tallies are for the panel and administrators; leads see the overview only.
    "plans.tallies": {"GET": PANEL_AND_ADMIN},
    "plans.tallies_csv": {"GET": PANEL_AND_ADMIN},
    "plans.tallies_json": {"GET": PANEL_AND_ADMIN},
    # The overdue list across plans: each account sees the plans it may read, leads their own.
    "plans.overdue_list": {"GET": READ_ANY_SIGNED_IN},
    "plans.overdue_csv": {"GET": READ_ANY_SIGNED_IN},
    "plans.overdue_pdf": {"GET": READ_ANY_SIGNED_IN},
    "actions.mine": {"GET": row(SIGN_IN, OK, OK, FORBIDDEN, OK)},
    "actions.show": {"GET": READ_OWN_PLAN},
    # Evidence files go to the plan's readers only, as downloads.
    "actions.evidence_file": {"GET": READ_OWN_PLAN},
    "actions.update": {
        "GET": row(SIGN_IN, OK, FORBIDDEN, FORBIDDEN, OK),
        # Allowed accounts get past the checks to the form's own 400 for a missing version.
        "POST": row(SIGN_IN, BAD_REQUEST, FORBIDDEN, FORBIDDEN, BAD_REQUEST),
    },
    # The action's lead and administrators ask for a new target date; the form's own 400
    # answers an empty POST from them.
    "actions.propose_date": {
        "GET": row(SIGN_IN, OK, FORBIDDEN, FORBIDDEN, OK),
        "POST": row(SIGN_IN, BAD_REQUEST, FORBIDDEN, FORBIDDEN, BAD_REQUEST),
    },
    # Readers of the plan see a request; only its owner and administrators decide it, never
    # the lead who asked (nor any lead of the action) and never the panel.
    "actions.revision": {"GET": READ_OWN_PLAN},
    "actions.approve_date": {"POST": row(SIGN_IN, FORBIDDEN, FORBIDDEN, FORBIDDEN, BAD_REQUEST)},
    "actions.decline_date": {"POST": row(SIGN_IN, FORBIDDEN, FORBIDDEN, FORBIDDEN, BAD_REQUEST)},
    # Sign-off: never by a lead of the action, by a panel member only where the plan allows
    # (the world's plan does not); an administrator's empty POST lacks the version it saw, and
    # the world's action awaits no sign-off, so the reason form sends them back to the action.
    "actions.sign_off": {"POST": row(SIGN_IN, FORBIDDEN, FORBIDDEN, FORBIDDEN, BAD_REQUEST)},
    "actions.return_action": {
        "GET": row(SIGN_IN, FORBIDDEN, FORBIDDEN, FORBIDDEN, REDIRECT),
        "POST": row(SIGN_IN, FORBIDDEN, FORBIDDEN, FORBIDDEN, REDIRECT),
    },
    # Listed for those who sign off in the plan: its owner, administrators, the panel if allowed.
    "plans.sign_off": {"GET": row(SIGN_IN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK)},
    # Without ?plan= no plan's indicators are listed; a plan's list is READ_OWN_PLAN's.
    "indicators.index": {"GET": row(SIGN_IN, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND)},
    "indicators.show": {"GET": READ_OWN_PLAN},
    # The indicator's owner (the own lead) and administrators record its readings.
    "indicators.record": {
        "GET": row(SIGN_IN, OK, FORBIDDEN, FORBIDDEN, OK),
        "POST": row(SIGN_IN, BAD_REQUEST, FORBIDDEN, FORBIDDEN, BAD_REQUEST),
    },
    # Administrators' pages. An empty POST is either shown again with its errors (422), refused
    # for a missing version (400), or carried out where it needs no fields (redirect).
    "admin.account": {"GET": ADMIN_PAGE},
    "admin.accounts": {"GET": ADMIN_PAGE},
    "admin.achievements": {"GET": ADMIN_PAGE},
    "admin.recommendations_list": {"GET": ADMIN_PAGE},
    "admin.new_recommendation": {"GET": ADMIN_PAGE, "POST": admin_only(REFUSED_FORM)},
    "admin.edit_recommendation": {"GET": ADMIN_PAGE, "POST": admin_only(REFUSED_FORM)},
    "admin.archive_recommendation": {"POST": admin_only(REDIRECT)},
    "admin.restore_recommendation": {"POST": admin_only(REDIRECT)},
    "admin.action": {"GET": ADMIN_PAGE},
    "admin.actions": {"GET": ADMIN_PAGE},
    "admin.archive_achievement": {"POST": admin_only(REDIRECT)},
    "admin.archive_action": {"POST": admin_only(BAD_REQUEST)},
    "admin.archive_objective": {"POST": admin_only(REDIRECT)},
    "admin.archive_plan": {"POST": admin_only(REDIRECT)},
    "admin.archive_theme": {"POST": admin_only(REDIRECT)},
    "admin.audit_trail": {"GET": ADMIN_PAGE},
    "admin.bands": {"GET": ADMIN_PAGE},
    "admin.cancel_import": {"POST": admin_only(REDIRECT)},
    "admin.change_role": {"POST": admin_only(REFUSED_FORM)},
    "admin.confirm_import": {"POST": admin_only(REDIRECT)},
    "admin.deactivate_account": {"POST": admin_only(REDIRECT)},
    "admin.delete_action": {"POST": admin_only(BAD_REQUEST)},
    "admin.delete_band": {"POST": admin_only(REDIRECT)},
    "admin.delete_objective": {"POST": admin_only(REDIRECT)},
    "admin.delete_theme": {"POST": admin_only(REDIRECT)},
    "admin.edit_achievement": {"GET": ADMIN_PAGE, "POST": admin_only(REFUSED_FORM)},
    "admin.new_milestone": {"GET": ADMIN_PAGE, "POST": admin_only(REFUSED_FORM)},
    "admin.edit_milestone": {"GET": ADMIN_PAGE, "POST": admin_only(REFUSED_FORM)},
    # Without the confirmation its page posts, nothing is deleted.
    "admin.delete_milestone": {"GET": ADMIN_PAGE, "POST": admin_only(BAD_REQUEST)},
    "admin.edit_action": {"GET": ADMIN_PAGE, "POST": admin_only(BAD_REQUEST)},
    "admin.edit_band": {"GET": ADMIN_PAGE, "POST": admin_only(REDIRECT)},
    "admin.edit_objective": {"GET": ADMIN_PAGE, "POST": admin_only(REFUSED_FORM)},
    "admin.edit_person": {"GET": ADMIN_PAGE, "POST": admin_only(REFUSED_FORM)},
    "admin.edit_plan": {"GET": ADMIN_PAGE, "POST": admin_only(REFUSED_FORM)},
    "admin.edit_risk": {"GET": ADMIN_PAGE, "POST": admin_only(REFUSED_FORM)},
    "admin.edit_theme": {"GET": ADMIN_PAGE, "POST": admin_only(REFUSED_FORM)},
    "admin.import_plan": {"GET": ADMIN_PAGE, "POST": admin_only(REFUSED_FORM)},
    # The import's steps send an administrator with no uploaded file waiting back to the upload.
    "admin.import_columns": {"GET": admin_only(REDIRECT), "POST": admin_only(REDIRECT)},
    "admin.import_keep_lead_whole": {"POST": admin_only(REDIRECT)},
    "admin.import_preview": {"GET": admin_only(REDIRECT)},
    "admin.import_status_words": {"GET": admin_only(REDIRECT), "POST": admin_only(REDIRECT)},
    "admin.index": {"GET": ADMIN_PAGE},
    "admin.indicators": {"GET": ADMIN_PAGE},
    "admin.indicator": {"GET": ADMIN_PAGE},
    "admin.new_indicator": {"GET": ADMIN_PAGE, "POST": admin_only(REFUSED_FORM)},
    "admin.edit_indicator": {"GET": ADMIN_PAGE, "POST": admin_only(REFUSED_FORM)},
    "admin.archive_indicator": {"POST": admin_only(REDIRECT)},
    "admin.restore_indicator": {"POST": admin_only(REDIRECT)},
    "admin.set_indicator_tolerances": {"POST": admin_only(REFUSED_FORM)},
    "admin.delete_indicator_tolerances": {"POST": admin_only(REDIRECT)},
    "admin.add_indicator_target": {"POST": admin_only(REFUSED_FORM)},
    "admin.delete_indicator_target": {"POST": admin_only(REDIRECT)},
    "admin.set_indicator_benchmark": {"POST": admin_only(REFUSED_FORM)},
    "admin.delete_indicator_benchmark": {"POST": admin_only(REDIRECT)},
    # An empty choice of actions unlinks them all.
    "admin.link_indicator_actions": {"POST": admin_only(REDIRECT)},
    # Refused without the Lead text the administrator saw.
    "admin.keep_lead_whole": {"POST": admin_only(BAD_REQUEST)},
    "admin.new_account": {"GET": ADMIN_PAGE, "POST": admin_only(REFUSED_FORM)},
    "admin.new_achievement": {"GET": ADMIN_PAGE, "POST": admin_only(REFUSED_FORM)},
    "admin.new_action": {"GET": ADMIN_PAGE, "POST": admin_only(REFUSED_FORM)},
    "admin.new_band": {"GET": ADMIN_PAGE, "POST": admin_only(REFUSED_FORM)},
    "admin.new_objective": {"GET": ADMIN_PAGE, "POST": admin_only(REFUSED_FORM)},
    "admin.new_person": {"GET": ADMIN_PAGE, "POST": admin_only(REFUSED_FORM)},
    "admin.new_plan": {"GET": ADMIN_PAGE, "POST": admin_only(REFUSED_FORM)},
    "admin.new_risk": {"GET": ADMIN_PAGE, "POST": admin_only(REFUSED_FORM)},
    "admin.new_theme": {"GET": ADMIN_PAGE, "POST": admin_only(REFUSED_FORM)},
    "admin.people": {"GET": ADMIN_PAGE},
    "admin.merge_person": {"GET": ADMIN_PAGE, "POST": admin_only(REFUSED_FORM)},
    # The confirmation carries only its CSRF token: an administrator's POST merges the two.
    "admin.confirm_merge": {"GET": ADMIN_PAGE, "POST": admin_only(REDIRECT)},
    "admin.import_people": {"POST": admin_only(REDIRECT)},
    "admin.plan": {"GET": ADMIN_PAGE},
    # An empty POST keeps the organisation the form opened with.
    "admin.plan_organisation": {"GET": ADMIN_PAGE, "POST": admin_only(REDIRECT)},
    "admin.plans": {"GET": ADMIN_PAGE},
    "admin.reactivate_account": {"POST": admin_only(REDIRECT)},
    "admin.reset_password": {"POST": admin_only(OK)},
    "admin.email_password_link": {"POST": admin_only(REDIRECT)},
    "admin.restore_achievement": {"POST": admin_only(REDIRECT)},
    "admin.restore_action": {"POST": admin_only(BAD_REQUEST)},
    "admin.restore_objective": {"POST": admin_only(REDIRECT)},
    "admin.restore_plan": {"POST": admin_only(REDIRECT)},
    "admin.restore_theme": {"POST": admin_only(REDIRECT)},
    "admin.risks": {"GET": ADMIN_PAGE},
    "admin.status_key": {"GET": ADMIN_PAGE},
    "admin.new_status_entry": {"GET": ADMIN_PAGE, "POST": admin_only(REFUSED_FORM)},
    "admin.edit_status_entry": {"GET": ADMIN_PAGE, "POST": admin_only(REFUSED_FORM)},
    # Without the label of the entry the page showed, nothing is moved or removed.
    "admin.move_status_entry_up": {"POST": admin_only(REDIRECT)},
    "admin.move_status_entry_down": {"POST": admin_only(REDIRECT)},
    "admin.delete_status_entry": {"POST": admin_only(REDIRECT)},
    "admin.themes": {"GET": ADMIN_PAGE},
    # Load balancers and monitors call these without signing in.
    "health.live": {"GET": everyone(OK)},
    "health.ready": {"GET": everyone(OK)},
    "reminders.index": {"GET": ADMIN_PAGE},
    "reminders.outbox": {"GET": ADMIN_PAGE},
    "reminders.resend": {"POST": admin_only(REDIRECT)},
    "reminders.unreachable": {"GET": ADMIN_PAGE},
    "reminders.message": {"GET": ADMIN_PAGE},
    "reminders.preview": {"GET": ADMIN_PAGE},
    # An unknown token is not found, whoever asks; tests/prepared checks who may see a real one.
    "prepared.show": {"GET": row(SIGN_IN, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND)},
    "prepared.download": {"GET": row(SIGN_IN, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND)},
    "prepared.again": {"POST": row(SIGN_IN, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND)},
    "reports.dashboard": {"GET": READ_OWN_PLAN},
    "reports.exceptions": {"GET": READ_OWN_PLAN},
    "reports.exceptions_docx": {"GET": READ_OWN_PLAN},
    "reports.exceptions_pdf": {"GET": READ_OWN_PLAN},
    "reports.highlight": {"GET": READ_OWN_PLAN},
    "reports.highlight_docx": {"GET": READ_OWN_PLAN},
    "reports.highlight_json": {"GET": READ_OWN_PLAN},
    "reports.highlight_pdf": {"GET": READ_OWN_PLAN},
    "reports.plan_docx": {"GET": READ_OWN_PLAN},
    "reports.plan_pdf": {"GET": READ_OWN_PLAN},
    "reports.scorecard": {"GET": READ_OWN_PLAN},
    "reports.scorecard_docx": {"GET": READ_OWN_PLAN},
    "reports.scorecard_json": {"GET": READ_OWN_PLAN},
    "reports.scorecard_pdf": {"GET": READ_OWN_PLAN},
}


def outcome_of(response) -> str:
    """Name what a response amounts to, in the matrix's terms."""
    if response.status_code in (301, 302, 303, 307, 308):
        location = response.headers["Location"]
        return SIGN_IN if location.startswith("/auth/sign-in?next=") else REDIRECT
    return str(response.status_code)


def client_for(app, sign_in, account):
    client = app.test_client()
    if account is not None:
        sign_in(client, account)
    return client


def test_every_route_has_a_row_in_the_matrix(app):
    answered = {
        (endpoint, method) for endpoint, method, _ in routes(app) if not endpoint.startswith("api.")
    }
    written = {(endpoint, method) for endpoint, rows in EXPECTED.items() for method in rows}
    missing = sorted(answered - written)
    assert not missing, (
        "These routes have no row in EXPECTED in tests/auth/test_permission_matrix.py; add one "
        "saying what each persona should get: "
        + ", ".join(f"{endpoint} {method}" for endpoint, method in missing)
    )
    stale = sorted(written - answered)
    assert not stale, f"EXPECTED has rows for routes the app no longer has: {stale}"


def test_the_api_matrix_has_a_row_for_every_api_route(app):
    missing = sorted(
        f"{method} {address}"
        for address, method, _ in api_routes(app)
        if method not in API_EXPECTED.get(address, {})
    )
    assert not missing, f"tests/api/test_api_permission_matrix.py has no row for {missing}"


def test_every_route_answers_each_persona_as_the_matrix_says(app, sign_in, world):
    surprises = []
    for endpoint, method, rule in routes(app):
        expected = EXPECTED.get(endpoint, {}).get(method)
        if expected is None:
            continue
        url = url_for_rule(app, world, endpoint, rule)
        public_outcomes = set()
        for persona in PERSONAS:
            # A fresh sign-in for every request: signing out ends the account's sessions.
            client = client_for(app, sign_in, world.accounts[persona])
            response = client.open(url, method=method, data={})
            got = outcome_of(response)
            response.close()
            if expected[persona] == PUBLIC:
                public_outcomes.add(got)
                if got in (SIGN_IN, FORBIDDEN):
                    surprises.append(f"{method} {url} as {persona}: {got}, expected public")
            elif got != expected[persona]:
                surprises.append(
                    f"{method} {url} as {persona}: got {got}, expected {expected[persona]}"
                )
        if len(public_outcomes) > 1:
            surprises.append(f"{method} {url} answers personas differently: {public_outcomes}")
    assert not surprises, "\n".join(surprises)


def test_ids_swapped_to_another_plan_are_refused(app, sign_in, world):
    lead = client_for(app, sign_in, world.accounts[OWN_LEAD])
    other = world.other_action_id
    version = db.session.get(Action, other).version
    assert lead.get(f"/plans/{world.other_plan_slug}").status_code == 403
    assert lead.get(f"/actions/{other}").status_code == 403
    assert lead.get(f"/actions/{other}/update").status_code == 403
    response = lead.post(
        f"/actions/{other}/update",
        data={
            "version": str(version),
            "completion": "not_completed",
            "rag": "amber",
            "commentary": "Not mine to write",
            "as_at": ["30", "3", "2011"],
        },
    )
    assert response.status_code == 403
    recorded = db.session.query(StatusUpdate).filter_by(action_id=other).count()
    assert recorded == 1


def test_lead_sees_only_the_plans_they_take_part_in(app, sign_in, world):
    lead_page = (
        client_for(app, sign_in, world.accounts[OWN_LEAD]).get("/plans/").get_data(as_text=True)
    )
    assert f"/plans/{world.own_plan_slug}" in lead_page
    assert f"/plans/{world.other_plan_slug}" not in lead_page
    panel_page = (
        client_for(app, sign_in, world.accounts[PANEL]).get("/plans/").get_data(as_text=True)
    )
    assert f"/plans/{world.own_plan_slug}" in panel_page
    assert f"/plans/{world.other_plan_slug}" in panel_page


def test_unknown_ids_are_not_found_for_those_who_could_read_them(app, sign_in, world):
    admin = client_for(app, sign_in, world.accounts[ADMIN])
    assert admin.get("/actions/999999").status_code == 404
    assert admin.get("/actions/999999/update").status_code == 404
    assert admin.get("/plans/no-such-plan").status_code == 404

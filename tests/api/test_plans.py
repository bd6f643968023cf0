"""The API lists the plans an account may read, what each holds, and people for administrators."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from tests.api.conftest import bearer
from tests.factories import make_action, make_person, make_plan, make_theme, make_user
from tests.reports.conftest import counting_queries
from tracker.api.plan_schemas import (
    AchievementOut,
    ObjectiveOut,
    PersonOut,
    PlanOut,
    PlanSummary,
    RiskOut,
    ThemeOut,
)
from tracker.api.spec import Page
from tracker.domain.enums import Role
from tracker.domain.risk_dates import RiskStatus
from tracker.extensions import db
from tracker.models import Achievement, Objective, Plan, Risk, User

EXAMPLE = "example-improvement-plan"
RMBC = "rmbc-notice-to-improve"
CYPS = "cyps-immediate-priorities-2009"


@pytest.fixture
def token_for(make_token):
    """Return a function that makes a read token for the account with an email address."""

    def _token(email: str) -> dict[str, str]:
        user = db.session.scalar(select(User).where(User.email == email))
        assert user is not None
        return bearer(make_token(user))

    return _token


def csv_rows(answer) -> list[dict[str, str]]:
    """Return the rows of a CSV answer, each by its header."""
    assert answer.mimetype == "text/csv"
    return list(csv.DictReader(io.StringIO(answer.get_data(as_text=True).lstrip("\ufeff"))))


def two_plans_and_a_lead() -> tuple[Plan, Plan, User]:
    """Build a plan a lead leads an action in, and a plan they have nothing to do with."""
    lead = make_person("Lee Lead")
    theirs, other = (
        make_plan(slug="theirs", title="B plan"),
        make_plan(slug="other", title="A plan"),
    )
    make_action(theirs, ref="1.1", leads=[lead])
    make_action(other, ref="1.1")
    user = make_user(Role.LEAD, person=lead)
    db.session.commit()
    return theirs, other, user


def test_an_administrator_lists_every_live_plan_by_title_with_its_counts(
    client, demo_seed, token_for
):
    answer = client.get("/api/v1/plans", headers=token_for("admin@example.org"))

    assert answer.status_code == 200
    page = Page[PlanSummary].model_validate_json(answer.data, strict=True)
    assert [plan.slug for plan in page.items] == [CYPS, EXAMPLE, RMBC]
    assert (page.total, page.pages, page.page) == (3, 1, 1)
    example = page.items[1]
    assert (example.actions, example.completed, example.owner) == (28, 13, "Jordan Avery")
    assert example.organisation == "Default organisation"
    assert example.links.self == f"/api/v1/plans/{EXAMPLE}"
    assert example.links.actions == f"/api/v1/plans/{EXAMPLE}/actions"
    assert example.links.highlight == f"/api/v1/plans/{EXAMPLE}/highlight"
    assert answer.headers["X-Total-Count"] == "3"


def test_a_lead_lists_only_the_plans_they_take_part_in(client, make_token):
    _theirs, _other, user = two_plans_and_a_lead()

    answer = client.get("/api/v1/plans", headers=bearer(make_token(user)))

    assert [plan["slug"] for plan in answer.json["items"]] == ["theirs"]
    assert answer.json["total"] == 1


def test_archived_plans_are_listed_only_when_asked_for(client, make_token):
    make_plan(slug="live", title="Live")
    archived = make_plan(slug="gone", title="Gone")
    archived.archived_at = datetime(2025, 1, 2, 3, 4, tzinfo=UTC)
    admin = make_user(Role.ADMIN)
    db.session.commit()
    headers = bearer(make_token(admin))

    def slugs(query: str) -> list[str]:
        return [
            plan["slug"]
            for plan in client.get(f"/api/v1/plans{query}", headers=headers).json["items"]
        ]

    assert slugs("") == ["live"]
    assert slugs("?archived=no") == ["live"]
    assert slugs("?archived=yes") == ["gone"]
    assert slugs("?archived=all") == ["gone", "live"]
    gone = client.get("/api/v1/plans?archived=yes", headers=headers).json["items"][0]
    assert gone["archived_at"] == "2025-01-02T03:04:00Z"


def test_a_wrong_filter_is_a_422_naming_it_with_the_page(client, make_token):
    headers = bearer(make_token(make_user(Role.ADMIN)))

    answer = client.get("/api/v1/plans?archived=maybe&page=0", headers=headers)

    assert answer.status_code == 422
    assert answer.mimetype == "application/problem+json"
    assert {error["field"]: error["detail"] for error in answer.json["errors"]} == {
        "archived": "Archived is 'no', 'yes' or 'all'; 'maybe' is none of them.",
        "page": "The page '0' is not a page number such as 2.",
    }


def test_a_filter_another_list_takes_is_not_read(client, make_token):
    headers = bearer(make_token(make_user(Role.ADMIN)))

    assert client.get("/api/v1/plans?status=nonsense", headers=headers).status_code == 200


def test_plans_come_a_page_at_a_time_with_links_to_the_others(client, demo_seed, token_for):
    headers = token_for("panel@example.org")

    answer = client.get("/api/v1/plans?per_page=1&page=2", headers=headers)

    assert [plan["slug"] for plan in answer.json["items"]] == [EXAMPLE]
    assert (answer.json["page"], answer.json["pages"], answer.json["total"]) == (2, 3, 3)
    links = answer.headers["Link"]
    assert '</api/v1/plans?per_page=1&page=1>; rel="first"' in links
    assert '</api/v1/plans?per_page=1&page=1>; rel="prev"' in links
    assert '</api/v1/plans?per_page=1&page=3>; rel="next"' in links
    assert '</api/v1/plans?per_page=1&page=3>; rel="last"' in links


def test_plans_as_csv_have_a_header_and_a_row_per_plan(client, demo_seed, token_for):
    answer = client.get(
        "/api/v1/plans?format=csv&per_page=1", headers=token_for("admin@example.org")
    )

    rows = csv_rows(answer)
    assert [row["slug"] for row in rows] == [CYPS, EXAMPLE, RMBC]
    assert rows[1]["links.self"] == f"/api/v1/plans/{EXAMPLE}"
    assert rows[1]["completed"] == "13"


def test_a_plan_gives_its_settings_status_key_bands_and_counts(client, demo_seed, token_for):
    answer = client.get(f"/api/v1/plans/{EXAMPLE}", headers=token_for("admin@example.org"))

    assert answer.status_code == 200
    plan = PlanOut.model_validate_json(answer.data, strict=True)
    assert plan.title == "Example Improvement Plan — fictional data"
    assert [(entry.label, entry.colour.value, entry.rag) for entry in plan.status_key] == [
        ("Red", "red", "red"),
        ("Amber", "amber", "amber"),
        ("Green", "green", "green"),
        ("Complete", "blue", "complete"),
    ]
    assert plan.status_key[0].exception is True
    assert [band.number for band in plan.bands] == [1, 2, 3]
    assert plan.bands[0].label.startswith("Priority 1 ")
    assert plan.counts.model_dump() == {
        "actions": 28,
        "completed": 13,
        "themes": 4,
        "objectives": 8,
        "open_risks": 2,
        "achievements": 3,
        "indicators": 21,
    }
    assert plan.settings.report_cut_off_working_days == 1
    assert plan.settings.sign_off_required is False
    assert plan.has_scorecard is True


def test_a_plan_without_indicators_says_it_has_no_scorecard(client, demo_seed, token_for):
    answer = client.get(f"/api/v1/plans/{CYPS}", headers=token_for("admin@example.org"))

    assert answer.json["has_scorecard"] is False
    assert answer.json["counts"]["actions"] == 37


def test_an_unknown_plan_is_a_404_problem(client, demo_seed, token_for):
    answer = client.get("/api/v1/plans/no-such-plan/themes", headers=token_for("admin@example.org"))

    assert answer.status_code == 404
    assert answer.json == {
        "type": "about:blank",
        "title": "Not found",
        "status": 404,
        "detail": "There is no plan 'no-such-plan'.",
        "instance": "/api/v1/plans/no-such-plan/themes",
    }


@pytest.mark.parametrize("part", ["", "/themes", "/objectives", "/risks", "/achievements"])
def test_a_lead_is_refused_another_plan_and_reads_their_own(client, make_token, part):
    _theirs, _other, user = two_plans_and_a_lead()
    headers = bearer(make_token(user))

    refused = client.get(f"/api/v1/plans/other{part}", headers=headers)

    assert refused.status_code == 403
    assert refused.json["type"] == "/help/api#problem-forbidden"
    assert "may not read the plan 'other'" in refused.json["detail"]
    assert client.get(f"/api/v1/plans/theirs{part}", headers=headers).status_code == 200


def test_themes_are_listed_by_number_with_their_objectives_and_actions(
    client, demo_seed, token_for
):
    answer = client.get(f"/api/v1/plans/{EXAMPLE}/themes", headers=token_for("admin@example.org"))

    page = Page[ThemeOut].model_validate_json(answer.data, strict=True)
    assert [theme.number for theme in page.items] == sorted(theme.number for theme in page.items)
    assert page.total == 4
    assert sum(theme.actions for theme in page.items) == 28
    assert sum(theme.objectives for theme in page.items) == 8


def test_objectives_are_listed_theme_by_theme_and_as_csv(client, demo_seed, token_for):
    headers = token_for("admin@example.org")

    answer = client.get(f"/api/v1/plans/{EXAMPLE}/objectives?per_page=3", headers=headers)
    everything = client.get(f"/api/v1/plans/{EXAMPLE}/objectives?format=csv", headers=headers)

    page = Page[ObjectiveOut].model_validate_json(answer.data, strict=True)
    assert (len(page.items), page.total, page.pages) == (3, 8, 3)
    assert page.items[0].theme_title == "Leadership and governance"
    rows = csv_rows(everything)
    assert len(rows) == 8
    assert list(rows[0]) == [
        "id",
        "theme_number",
        "theme_title",
        "position",
        "text",
        "archived_at",
        "actions",
    ]
    assert [int(row["theme_number"]) for row in rows] == sorted(
        int(row["theme_number"]) for row in rows
    )


def test_archived_objectives_are_listed_only_when_asked_for(client, make_token):
    plan = make_plan(slug="plan")
    theme = make_theme(plan)
    live = Objective(theme_id=theme.id, text="Live objective", position=1)
    archived = Objective(
        theme_id=theme.id,
        text="Old objective",
        position=2,
        archived_at=datetime(2025, 1, 1, tzinfo=UTC),
    )
    db.session.add_all([live, archived])
    headers = bearer(make_token(make_user(Role.PANEL)))

    def texts(query: str) -> list[str]:
        answer = client.get(f"/api/v1/plans/plan/objectives{query}", headers=headers)
        return [item["text"] for item in answer.json["items"]]

    assert texts("") == ["Live objective"]
    assert texts("?archived=yes") == ["Old objective"]
    assert texts("?archived=all") == ["Live objective", "Old objective"]


def test_risks_list_the_open_ones_first_and_filter_by_status(client, demo_seed, token_for):
    headers = token_for("panel@example.org")

    every = client.get(f"/api/v1/plans/{EXAMPLE}/risks", headers=headers)
    closed = client.get(f"/api/v1/plans/{EXAMPLE}/risks?status=closed", headers=headers)
    wrong = client.get(f"/api/v1/plans/{EXAMPLE}/risks?status=shut", headers=headers)

    risks = Page[RiskOut].model_validate_json(every.data, strict=True).items
    assert [risk.status for risk in risks] == [RiskStatus.OPEN, RiskStatus.OPEN, RiskStatus.CLOSED]
    assert risks[0].raised_on > risks[1].raised_on
    assert risks[2].closed_on is not None and risks[0].closed_on is None
    assert [risk["status"] for risk in closed.json["items"]] == ["closed"]
    assert wrong.status_code == 422
    assert wrong.json["errors"][0]["field"] == "status"


def test_achievements_list_the_latest_first_and_as_csv(client, make_token):
    plan = make_plan(slug="plan")
    db.session.add_all(
        [
            Achievement(plan_id=plan.id, text="First", achieved_on=date(2024, 1, 1)),
            Achievement(plan_id=plan.id, text='=HYPERLINK("x")', achieved_on=date(2024, 3, 1)),
            Achievement(
                plan_id=plan.id,
                text="Withdrawn",
                achieved_on=date(2024, 2, 1),
                archived_at=datetime(2024, 4, 1, tzinfo=UTC),
            ),
        ]
    )
    headers = bearer(make_token(make_user(Role.ADMIN)))

    answer = client.get("/api/v1/plans/plan/achievements", headers=headers)
    rows = csv_rows(client.get("/api/v1/plans/plan/achievements?format=csv", headers=headers))

    items = Page[AchievementOut].model_validate_json(answer.data, strict=True).items
    assert [(item.text, item.achieved_on) for item in items] == [
        ('=HYPERLINK("x")', date(2024, 3, 1)),
        ("First", date(2024, 1, 1)),
    ]
    # A cell that a spreadsheet would read as a formula is kept as text.
    assert [row["text"] for row in rows] == ['\'=HYPERLINK("x")', "First"]


def test_an_administrator_lists_people_with_accounts_and_actions_led(client, demo_seed, token_for):
    headers = token_for("admin@example.org")

    answer = client.get("/api/v1/people?q=WESTW", headers=headers)
    everyone = client.get("/api/v1/people?format=csv", headers=headers)
    first_page = client.get("/api/v1/people?per_page=5", headers=headers)

    people = Page[PersonOut].model_validate_json(answer.data, strict=True).items
    assert [(person.name, person.email, person.account_role) for person in people] == [
        ("Julie Westwood", "julie.westwood@example.org", Role.LEAD)
    ]
    assert people[0].actions_led > 0 and people[0].account_active is True
    assert len(csv_rows(everyone)) == first_page.json["total"]
    assert first_page.json["pages"] == -(-first_page.json["total"] // 5)
    assert 'rel="next"' in first_page.headers["Link"]


def test_a_person_without_an_account_has_no_role(client, make_token):
    make_person("Nobody Signs In")
    headers = bearer(make_token(make_user(Role.ADMIN, person=make_person("Ada Admin"))))

    answer = client.get("/api/v1/people?q=nobody", headers=headers)

    assert answer.json["items"] == [
        {
            "id": answer.json["items"][0]["id"],
            "name": "Nobody Signs In",
            "email": None,
            "organisation": "Default organisation",
            "active": True,
            "account_role": None,
            "account_active": None,
            "actions_led": 0,
        }
    ]


@pytest.mark.parametrize("role", [Role.PANEL, Role.LEAD])
def test_only_administrators_list_people(client, make_token, role):
    answer = client.get("/api/v1/people", headers=bearer(make_token(make_user(role))))

    assert answer.status_code == 403
    assert answer.json["type"] == "/help/api#problem-forbidden"


def test_a_search_too_long_is_a_422_naming_it(client, make_token):
    headers = bearer(make_token(make_user(Role.ADMIN)))

    answer = client.get("/api/v1/people?q=" + "a" * 201, headers=headers)

    assert answer.status_code == 422
    assert answer.json["errors"] == [
        {"field": "q", "pointer": "/q", "detail": "Search for at most 200 characters."}
    ]


def world_of(size: int) -> str:
    """Build a plan holding size themes, objectives, actions, risks, achievements and people."""
    slug = f"plan-{size}"
    plan = make_plan(slug=slug, title=f"Plan of {size}")
    for number in range(1, size + 1):
        theme = make_theme(plan, number)
        make_action(plan, ref=f"{number}.1", theme=theme, leads=[make_person()])
        db.session.add(
            Risk(plan_id=plan.id, description=f"Risk {number}", raised_on=date(2024, 1, number))
        )
        db.session.add(
            Achievement(plan_id=plan.id, text=f"Done {number}", achieved_on=date(2024, 3, number))
        )
        make_user(Role.LEAD)
    db.session.commit()
    return slug


@pytest.mark.parametrize(
    "address",
    [
        "/api/v1/plans",
        "/api/v1/plans/{slug}",
        "/api/v1/plans/{slug}/themes",
        "/api/v1/plans/{slug}/objectives",
        "/api/v1/plans/{slug}/risks?per_page=200",
        "/api/v1/plans/{slug}/achievements",
        "/api/v1/people",
        "/api/v1/people?format=csv",
    ],
)
def test_a_list_issues_the_same_queries_for_3_and_30_rows(client, make_token, address):
    headers = bearer(make_token(make_user(Role.ADMIN)))
    counts = []
    for size in (3, 30):
        slug = world_of(size)
        db.session.commit()
        with counting_queries() as statements:
            answer = client.get(address.format(slug=slug), headers=headers)
        assert answer.status_code == 200
        counts.append(len(statements))

    assert counts[0] == counts[1]
    # Five for the token (read, its account, its count written, committed), then the plan, its
    # account again after the commit, and the rows with their count.
    assert counts[0] <= 9


def test_the_description_lists_every_plan_people_and_report_operation(client):
    paths = client.get("/api/v1/openapi.json").json["paths"]

    for path in (
        "/api/v1/plans",
        "/api/v1/plans/{slug}",
        "/api/v1/plans/{slug}/themes",
        "/api/v1/plans/{slug}/objectives",
        "/api/v1/plans/{slug}/risks",
        "/api/v1/plans/{slug}/achievements",
        "/api/v1/people",
        "/api/v1/plans/{slug}/tallies",
        "/api/v1/plans/{slug}/highlight",
        "/api/v1/portfolio",
        "/api/v1/plans/{slug}/scorecard",
    ):
        expected = {"200", "401"} if path == "/api/v1/plans/{slug}" else {"200", "401", "422"}
        assert expected <= set(paths[path]["get"]["responses"]), path
    assert "text/csv" in paths["/api/v1/people"]["get"]["responses"]["200"]["content"]
    assert "404" in paths["/api/v1/plans/{slug}/scorecard"]["get"]["responses"]

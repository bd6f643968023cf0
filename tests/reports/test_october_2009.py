"""The October 2009 highlight report's figures, through the service, the JSON and the CLI."""

import json
from datetime import date

import pytest

from tests.reports.conftest import OCTOBER_2009_BY_THEME_AND_BAND, OCTOBER_2009_THEMES
from tracker.domain.as_at import Month
from tracker.domain.enums import Completion
from tracker.domain.tallies import Tally
from tracker.services import reports

OCTOBER_31 = date(2009, 10, 31)
TODAY = date(2009, 11, 18)
BANDS = {1: (117, 91, 6, 20, 0), 2: (44, 12, 12, 20, 0), 3: (20, 3, 11, 6, 0)}
THEMES = {
    1: (20, 7, 1, 12, 0),
    2: (46, 29, 6, 11, 0),
    3: (44, 31, 6, 7, 0),
    4: (43, 19, 9, 15, 0),
    5: (28, 20, 7, 1, 0),
}
OVERALL_PERCENT = {
    "completed": "58.56",
    "not_completed": "16.02",
    "partially_completed": "25.41",
    "not_known": "0.00",
}


def figures(tally: Tally) -> tuple[int, ...]:
    return (tally.total, *(tally.count(completion) for completion in Completion))


def json_figures(entry: dict) -> tuple[int, ...]:
    return (
        entry["total"],
        entry["completed"],
        entry["not_completed"],
        entry["partially_completed"],
        entry["not_known"],
    )


def test_tallies_as_at_31_october_2009_give_every_figure_of_the_paper(october_2009_plan) -> None:
    tallies = reports.tallies_as_at(october_2009_plan.id, OCTOBER_31)

    assert tallies.as_at == OCTOBER_31
    assert figures(tallies.overall) == (181, 106, 29, 46, 0)
    assert {c.value: str(p) for c, p in tallies.overall.percentages.items()} == OVERALL_PERCENT
    assert [(band.number, figures(band.tally)) for band in tallies.bands] == list(BANDS.items())
    assert tallies.band(1).label == "Priority 1 Actions to be completed by October 2009"
    assert [(theme.number, theme.title, figures(theme.tally)) for theme in tallies.themes] == [
        (number, OCTOBER_2009_THEMES[number], expected) for number, expected in THEMES.items()
    ]
    for (theme, band), counts in OCTOBER_2009_BY_THEME_AND_BAND.items():
        assert figures(tallies.theme(theme).band(band).tally) == (sum(counts), *counts)


def test_the_json_report_for_october_2009_carries_the_papers_figures(
    october_2009_plan, panel_client
) -> None:
    response = panel_client.get("/reports/cyps/highlight.json?month=2009-10")

    assert response.status_code == 200
    data = response.get_json()
    assert {
        "plan",
        "month",
        "as_at",
        "tallies",
        "previous_tallies",
        "completed",
        "planned",
        "overdue",
        "risks",
        "red_actions",
        "achievements",
    } <= set(data)
    assert (data["month"], data["as_at"]) == ("2009-10", "2009-10-31")
    tallies = data["tallies"]
    assert set(tallies) == {"as_at", "overall", "bands", "themes"}
    assert json_figures(tallies["overall"]) == (181, 106, 29, 46, 0)
    assert tallies["overall"]["percent"] == OVERALL_PERCENT
    assert [(band["number"], json_figures(band)) for band in tallies["bands"]] == list(
        BANDS.items()
    )
    assert [band["label"] for band in tallies["bands"]][2] == (
        "Priority 3 Actions to be completed between 1st January and 31st March 2010"
    )
    for theme in tallies["themes"]:
        assert json_figures(theme) == THEMES[theme["number"]]
        assert theme["title"] == OCTOBER_2009_THEMES[theme["number"]]
        for band in theme["bands"]:
            counts = OCTOBER_2009_BY_THEME_AND_BAND[(theme["number"], band["number"])]
            assert json_figures(band) == (sum(counts), *counts)
            assert set(band["percent"]) == set(OVERALL_PERCENT)


def test_the_change_since_september_is_in_percentage_points(
    october_2009_plan, panel_client
) -> None:
    data = panel_client.get("/reports/cyps/highlight.json?month=2009-10").get_json()

    previous = data["previous_tallies"]
    assert previous["as_at"] == "2009-09-30"
    assert json_figures(previous["overall"]) == (181, 0, 0, 0, 181)
    assert data["change"] == {
        "completed": "58.56",
        "not_completed": "16.02",
        "partially_completed": "25.41",
        "not_known": "-100.00",
    }
    assert [(point["month"], point["percent_completed"]) for point in data["trend"]] == [
        ("2009-09", "0.00"),
        ("2009-10", "58.56"),
    ]


def test_completed_in_october_lists_the_106_actions_with_their_completion_date(
    october_2009_plan,
) -> None:
    report = reports.load_highlight_report(october_2009_plan, Month(2009, 10), today=TODAY)

    assert len(report.completed) == 106
    assert {item.completed_on for item in report.completed} == {date(2009, 10, 20)}
    assert report.completed[0].leads == ("Howard Woolfenden",)
    assert report.overdue == ()
    assert report.planned == ()


@pytest.mark.parametrize(
    ("as_at", "expected"),
    [
        (date(2009, 9, 29), (0, 0, 0, 0, 0)),
        (date(2009, 9, 30), (181, 0, 0, 0, 181)),
        (date(2009, 10, 31), (181, 106, 29, 46, 0)),
    ],
)
def test_actions_without_an_update_by_the_date_are_left_out(
    october_2009_plan, as_at: date, expected: tuple
) -> None:
    tallies = reports.tallies_as_at(october_2009_plan.id, as_at)

    assert figures(tallies.overall) == expected
    if not expected[0]:
        assert {str(p) for p in tallies.overall.percentages.values()} == {"0.00"}


def test_todays_tallies_from_current_state_match_the_latest_updates(october_2009_plan) -> None:
    today = date(2026, 1, 1)

    current = reports.current_tallies(october_2009_plan.id, today)

    assert current == reports.tallies_as_at(october_2009_plan.id, today)
    assert current.overall.total == 185


def test_the_cli_prints_the_october_2009_tallies_as_json(october_2009_plan, runner) -> None:
    result = runner.invoke(args=["report", "tallies", "cyps", "--as-at", "2009-10-31"])

    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["as_at"] == "2009-10-31"
    assert json_figures(data["overall"]) == (181, 106, 29, 46, 0)
    assert data["overall"]["percent"] == OVERALL_PERCENT
    assert [json_figures(theme) for theme in data["themes"]] == list(THEMES.values())

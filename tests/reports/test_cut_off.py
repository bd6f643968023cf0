"""A month's highlight report as at its cut-off date: the paper's October 2009 report and limits."""

import io
from datetime import date

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from tests.factories import add_update, make_action, make_plan
from tests.reports.test_pages import text_of
from tracker import clock
from tracker.domain.as_at import Month
from tracker.domain.enums import Completion
from tracker.extensions import db
from tracker.models import Plan
from tracker.reports import wording
from tracker.services import reports

DEMO = "cyps-immediate-priorities-2009"
DEMO_TITLE = "Children's Improvement Plan 2009/10: Immediate High Priority Actions"
OCTOBER = Month(2009, 10)
NOVEMBER_2 = date(2009, 11, 2)
# The paper's "Risks and Issues" box, in its order.
PAPER_RISKS = [
    "KS2 L4 Maths and Science deteriorated by 0.2%",
    "Narrowing the boys/girls gap at KS2 L4 in English and Maths – performance declined but "
    "gap narrowed by 0.1%",
    "0.6% deterioration in performance in relation to reducing absence in Secondary schools",
    "Teenage conception remains 19.8 % higher than target rate",
    "Inability to address caseloads without additional financial resource",
    "Delays in overdue quality assurance activity",
]
# The demo's immediate priorities not completed on 2 November 2009 and due in November.
PLANNED_FOR_NOVEMBER = ["2.03", "4.03", "4.05", "5.01", "5.04"]


@pytest.fixture
def demo_plan(demo_seed) -> Plan:
    """Load the demo seed and return the plan of the October 2009 highlight report."""
    return db.session.scalar(select(Plan).where(Plan.slug == DEMO))


def test_the_demo_october_2009_report_is_the_position_as_at_2_november_2009(demo_plan) -> None:
    assert demo_plan.report_cut_off_working_days == 1
    assert reports.report_months(demo_plan.id, 1) == (OCTOBER,)

    report = reports.load_highlight_report(demo_plan, OCTOBER, today=date(2026, 1, 1))

    assert (report.as_at, report.cut_off, report.provisional) == (NOVEMBER_2, NOVEMBER_2, False)
    assert wording.highlight_title(report) == f"{DEMO_TITLE} – October Highlight Report"
    assert wording.highlight_status_heading(report) == "Overall Completion Status 2 November 2009"
    assert wording.highlight_bands_heading(report) == "Actions as at October 2009"
    overall = report.tallies.overall
    assert (overall.total, overall.completed, overall.not_known) == (37, 1, 36)
    assert report.completed == ()
    assert [item.ref for item in report.planned] == PLANNED_FOR_NOVEMBER
    assert {item.due_in_month for item in report.planned} == {date(2009, 11, 30)}
    assert report.overdue == ()
    # The Children's Fund risk was raised on 18 November, after the cut-off.
    assert sorted(risk.description for risk in report.risks) == sorted(PAPER_RISKS)
    assert report.previous_tallies.as_at == date(2009, 10, 1)


def test_the_demo_report_page_pdf_and_json_are_headed_as_the_paper(demo_plan, panel_client) -> None:
    page = text_of(panel_client.get(f"/reports/{DEMO}/highlight").get_data(as_text=True))
    assert f"{DEMO_TITLE} – October Highlight Report" in page.replace("&#39;", "'")
    assert "Overall Completion Status 2 November 2009" in page
    assert "Actions as at October 2009" in page
    assert "Planned for November 2009 (5)" in page
    assert "0 days overdue" not in page

    data = panel_client.get(f"/reports/{DEMO}/highlight.json").get_json()
    assert (data["month"], data["as_at"], data["cut_off"]) == (
        "2009-10",
        "2009-11-02",
        "2009-11-02",
    )

    response = panel_client.get(f"/reports/{DEMO}/highlight.pdf?month=2009-10")
    first_page = PdfReader(io.BytesIO(response.data)).pages[0].extract_text()
    assert "Overall Completion Status 2 November 2009" in first_page


def test_a_cut_off_asked_for_is_carried_into_the_pdf_and_json_links(demo_plan, panel_client):
    html = panel_client.get(f"/reports/{DEMO}/highlight?month=2009-10&as_at=2009-11-30").get_data(
        as_text=True
    )
    assert f"/reports/{DEMO}/highlight.pdf?month=2009-10&amp;as_at=2009-11-30" in html
    assert f"/reports/{DEMO}/highlight.json?month=2009-10&amp;as_at=2009-11-30" in html
    assert 'value="2009-11-30"' in html
    assert "Overall Completion Status 30 November 2009" in text_of(html)


@pytest.mark.parametrize(
    ("as_at", "tally", "previous_as_at"),
    [
        pytest.param(None, (181, 106, 29, 46, 0), "2009-10-01", id="default: 2 November"),
        pytest.param("2009-10-31", (181, 106, 29, 46, 0), "2009-10-01", id="the month's end"),
        pytest.param("2009-11-04", (181, 106, 29, 46, 0), "2009-10-01", id="4 November"),
        pytest.param("2009-11-05", (185, 100, 55, 30, 0), "2009-10-01", id="after 5 November"),
    ],
)
def test_the_october_2009_plan_keeps_its_tallies_up_to_the_next_updates(
    october_2009_plan, panel_client, as_at: str | None, tally: tuple, previous_as_at: str
) -> None:
    october_2009_plan.report_cut_off_working_days = 1
    db.session.commit()
    query = "" if as_at is None else f"&as_at={as_at}"
    data = panel_client.get(f"/reports/cyps/highlight.json?month=2009-10{query}").get_json()

    overall = data["tallies"]["overall"]
    assert (
        overall["total"],
        overall["completed"],
        overall["not_completed"],
        overall["partially_completed"],
        overall["not_known"],
    ) == tally
    assert data["as_at"] == (as_at or "2009-11-02")
    assert data["previous_tallies"]["as_at"] == previous_as_at


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            "month=2009-10&as_at=2009-10-30",
            "The cut-off date 30 October 2009 is before the end of October 2009. A report for "
            "October 2009 can be as at any date from 31 October 2009 to 30 November 2009.",
        ),
        (
            "month=2009-10&as_at=2009-12-01",
            "The cut-off date 1 December 2009 is after the end of November 2009.",
        ),
        ("month=2009-10&as_at=2 November 2009", "Write it as YYYY-MM-DD"),
    ],
)
@pytest.mark.parametrize("path", ["highlight", "highlight.pdf", "highlight.json"])
def test_a_cut_off_outside_the_months_window_gives_a_400_saying_what_to_fix(
    demo_plan, panel_client, path: str, query: str, message: str
) -> None:
    response = panel_client.get(f"/reports/{DEMO}/{path}?{query}")

    assert response.status_code == 400
    assert message in text_of(response.get_data(as_text=True))


def test_a_month_after_the_current_one_gives_a_400(demo_plan, panel_client) -> None:
    current = Month.of(clock.today())
    response = panel_client.get(f"/reports/{DEMO}/highlight?month={current.next()}")

    assert response.status_code == 400
    assert (
        f"The month {current.next().label} has not begun. Choose a month up to {current.label}."
        in text_of(response.get_data(as_text=True))
    )


def test_the_month_not_yet_ended_is_a_provisional_report_so_far(app, panel_client) -> None:
    today = clock.today()
    plan = make_plan(slug="now")
    action = make_action(plan, target_date=today)
    add_update(action, as_at=today, completion=Completion.PARTIALLY_COMPLETED)
    db.session.commit()

    data = panel_client.get("/reports/now/highlight.json").get_json()
    page = text_of(panel_client.get("/reports/now/highlight").get_data(as_text=True))

    assert (data["month"], data["as_at"], data["provisional"]) == (
        Month.of(today).isoformat(),
        today.isoformat(),
        True,
    )
    assert data["title"].endswith("Highlight Report (provisional, so far)")
    assert "(so far)" in page
    assert "This report is provisional" in page
    pdf_text = PdfReader(io.BytesIO(panel_client.get("/reports/now/highlight.pdf").data))
    first_page = " ".join(pdf_text.pages[0].extract_text().split())
    assert "(provisional, so far)" in first_page
    assert "This report is provisional" in first_page
    assert data["overdue"] == []
    assert [item["ref"] for item in data["planned"]] == [action.ref]


def test_the_cli_writes_a_report_as_at_a_cut_off_and_refuses_one_outside_it(
    demo_plan, runner
) -> None:
    result = runner.invoke(
        args=["report", "highlight", DEMO, "--month", "2009-10", "--as-at", "2009-11-30"]
    )
    assert result.exit_code == 0, result.output
    assert '"cut_off": "2009-11-30"' in result.output

    refused = runner.invoke(
        args=["report", "highlight", DEMO, "--month", "2009-10", "--as-at", "2009-10-01"]
    )
    assert refused.exit_code == 1
    assert "The cut-off date 1 October 2009 is before the end of October 2009." in refused.output


def test_the_page_reads_in_the_papers_order_with_the_four_boxes_after_the_tallies(
    demo_plan, panel_client
) -> None:
    page = text_of(panel_client.get(f"/reports/{DEMO}/highlight").get_data(as_text=True))

    headings = [
        "Overall Completion Status 2 November 2009",
        "Actions as at October 2009",
        "Completion by theme",
        "October 2009 at a glance",
        "Completed in October No actions were completed in the month.",
        "Planned for November 2.03 Conduct a review on all NFA cases to quality assure the high "
        "level of &#39;no…",
        "Overdue actions No actions are overdue.",
        "Risks and issues 0.6% deterioration in performance",
        "The actions in detail",
        "Planned for November 2009 (5)",
        "Percentage of actions completed at each month end",
    ]
    places = [page.find(heading) for heading in headings]
    assert -1 not in places, [h for h, at in zip(headings, places, strict=True) if at == -1]
    assert places == sorted(places)

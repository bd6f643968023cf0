"""PDFs read back with pypdf: titles, figures, footers, long lists and hostile text."""

import io
import socket
from datetime import UTC, date, datetime

import pytest
from pypdf import PdfReader

from tests.factories import add_update, make_action, make_person, make_plan, make_theme
from tracker.domain.as_at import Month
from tracker.domain.enums import Completion, Direction, Rag
from tracker.extensions import db
from tracker.models import Objective, Risk
from tracker.reports import pdf
from tracker.services import reports

GENERATED = datetime(2009, 11, 18, 10, 30, tzinfo=UTC)
TODAY = GENERATED.date()


def pages_of(content: bytes) -> list[str]:
    assert content.startswith(b"%PDF-")
    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


def flat(text: str) -> str:
    return " ".join(text.split())


def test_the_highlight_pdf_has_the_papers_title_figures_and_footer(october_2009_plan):
    report = reports.load_highlight_report(october_2009_plan, Month(2009, 10), today=TODAY)

    pages = pages_of(pdf.highlight_pdf(report, GENERATED))

    first = flat(pages[0])
    assert "CYPS Improvement Plan 2009/10 – October Highlight Report" in first
    assert "Overall Completion Status 31 October 2009" in first
    assert "Actions 181 106 29 46 0" in first
    assert "58.56% 16.02% 25.41% 0.00%" in first
    assert "Priority 1 Actions to be completed by October 2009 117 91 6 20 0" in first
    assert "+58.56 +16.02 +25.41 -100.00" in first
    whole = flat(" ".join(pages))
    assert "1. Management arrangements" in whole
    assert "All actions in the theme 20 7 1 12 0" in whole
    assert "Completed in October 2009 (106)" in whole
    assert "Planned for November 2009" in whole
    assert "Percentage of actions completed at each month end" in whole
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in page
        assert "Generated 18 November 2009, 10:30 GMT" in page


def test_long_lists_run_over_pages_in_small_tables_with_their_header_repeated(app):
    plan = make_plan(slug="long", title="Long plan")
    lead = make_person("Deb Johnson")
    for number in range(120):
        action = make_action(
            plan,
            ref=f"1.{number:03d}",
            text=f"Overdue action number {number} with a long description " * 2,
            leads=[lead],
            target_date=date(2009, 9, 30),
        )
        add_update(action, as_at=date(2009, 10, 1), completion=Completion.NOT_COMPLETED)
    db.session.commit()
    report = reports.load_highlight_report(plan, Month(2009, 10), today=TODAY)

    pages = pages_of(pdf.highlight_pdf(report, GENERATED))

    # The detailed tables name each action's lead; the boxes list short titles only.
    with_overdue = [page for page in pages if "Deb Johnson" in page]
    assert len(with_overdue) >= 3
    for page in with_overdue:
        assert "Days overdue" in page
    whole = flat(" ".join(pages))
    assert "Overdue actions (120)" in whole
    assert all(f"1.{number:03d}" in whole for number in range(120))
    tables = [flowable for flowable in _overdue_tables(report)]
    assert len(tables) == 5 and all(len(t._cellvalues) <= pdf.ROWS_PER_TABLE + 1 for t in tables)


def _overdue_tables(report):
    rows = [pdf._item_cells(item, str(item.days_overdue)) for item in report.overdue]
    return pdf._chunked_tables(("Ref", "a", "b", "c", "Days overdue"), rows, (1, 1, 1, 1, 1))


HOSTILE_PARTS = ("<", "&", "<b>", '<font color="[[[1]]]">')


@pytest.fixture
def listening_port():
    """Return a port with a listening socket that must see no connection."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
        server.bind(("127.0.0.1", 0))
        server.listen(5)
        server.settimeout(0.3)
        yield server.getsockname()[1]
        with pytest.raises(TimeoutError):
            server.accept()


def hostile_text(port: int) -> str:
    return (
        f'a < b & c <b>bold</b> <img src="http://127.0.0.1:{port}/x.png"> <font color="[[[1]]]">x'
    )


def test_hostile_commentary_prints_literally_and_fetches_nothing(app, listening_port):
    text = hostile_text(listening_port)
    plan = make_plan(slug="hostile", title='Plan <b>&amp; "quoted"')
    theme = make_theme(plan, 1, '<font color="red">Theme</font>')
    action = make_action(
        plan,
        ref="1.01",
        text=text,
        theme=theme,
        leads=[make_person("<i>Lead</i>")],
        target_date=date(2009, 9, 30),
    )
    add_update(
        action,
        as_at=date(2009, 10, 5),
        completion=Completion.NOT_COMPLETED,
        rag=Rag.RED,
        direction=Direction.DECLINING,
        commentary=text,
    )
    db.session.add(
        Risk(plan_id=plan.id, description=text, mitigation=text, raised_on=date(2009, 10, 1))
    )
    db.session.commit()
    report = reports.load_highlight_report(plan, Month(2009, 10), today=TODAY)

    documents = [
        pdf.highlight_pdf(report, GENERATED),
        pdf.plan_pdf(reports.load_plan_report(plan, date(2009, 10, 31)), GENERATED),
        pdf.plan_pdf(reports.load_plan_report(plan, date(2009, 10, 31), red_only=True), GENERATED),
    ]

    for content in documents:
        whole = flat(" ".join(pages_of(content)))
        assert flat(text) in whole
        for part in HOSTILE_PARTS:
            assert part in whole
        assert 'Plan <b>&amp; "quoted"' in whole
        assert b"/Subtype /Image" not in content


def test_the_plan_pdf_has_the_performance_measures_columns_and_state_as_at_the_date(app):
    plan = make_plan(slug="rmbc", title="RMBC Notice to Improve Action Plan")
    theme = make_theme(plan, 1, "Staying Safe – Social Worker Practice and Process")
    action = make_action(
        plan,
        ref="1.01",
        text="Implement an improved QA framework",
        theme=theme,
        target_date=date(2011, 3, 31),
    )
    action.baseline = "Each Team Manager audits 3 files per month"
    action.workstreams = "Social Work"
    db.session.get(Objective, action.objective_id).text = "Establish an audit policy"
    add_update(
        action,
        as_at=date(2010, 8, 20),
        rag=Rag.AMBER,
        direction=Direction.UNCHANGED,
        commentary="August commentary",
    )
    add_update(
        action,
        as_at=date(2011, 3, 30),
        rag=Rag.GREEN,
        direction=Direction.IMPROVING,
        commentary="March commentary",
    )
    db.session.commit()

    august = flat(
        " ".join(
            pages_of(pdf.plan_pdf(reports.load_plan_report(plan, date(2010, 8, 31)), GENERATED))
        )
    )
    march = flat(
        " ".join(
            pages_of(pdf.plan_pdf(reports.load_plan_report(plan, date(2011, 3, 30)), GENERATED))
        )
    )

    assert "RMBC Notice to Improve Action Plan – Performance Measures" in august
    assert "Position as at 31 August 2010" in august
    for header in (
        "Objective",
        "Key Actions",
        "Baseline",
        "Targets",
        "Target Date",
        "Lead",
        "RAG",
        "Performance Commentary",
        "Workstream(s)",
    ):
        assert header in august
    assert "1. Staying Safe – Social Worker Practice and Process" in august
    assert "Establish an audit policy" in august
    assert "August commentary" in august and "March commentary" not in august
    assert "March commentary" in march
    assert "Page 1 of 1" in march


def test_the_exception_pdf_lists_only_red_actions(app):
    plan = make_plan(slug="ex", title="Exceptions plan")
    red = make_action(plan, ref="2.01", text="Recruit social workers")
    green = make_action(plan, ref="2.02", text="Train managers")
    add_update(red, as_at=date(2011, 3, 1), rag=Rag.RED, commentary="Vacancies remain at 20%")
    add_update(green, as_at=date(2011, 3, 1), rag=Rag.GREEN, commentary="On track")
    db.session.commit()

    text = flat(
        " ".join(
            pages_of(
                pdf.plan_pdf(
                    reports.load_plan_report(plan, date(2011, 3, 31), red_only=True), GENERATED
                )
            )
        )
    )

    assert "Exceptions plan – Exception Report" in text
    assert "Red-rated actions as at 31 March 2011" in text
    assert "1 action rated red." in text
    assert "Recruit social workers" in text and "Vacancies remain at 20%" in text
    assert "Train managers" not in text


def test_pdf_routes_serve_pdfs_named_after_the_plan_and_date(october_2009_plan, panel_client):
    response = panel_client.get("/reports/cyps/highlight.pdf?month=2009-10")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert 'filename="cyps-2009-10-highlight.pdf"' in response.headers["Content-Disposition"]
    assert "October Highlight Report" in pages_of(response.data)[0]

    plan = panel_client.get("/reports/cyps/plan.pdf?as_at=2009-10-31")
    assert plan.mimetype == "application/pdf"
    assert "Position as at 31 October 2009" in pages_of(plan.data)[0]
    exceptions = panel_client.get("/reports/cyps/exceptions.pdf?as_at=2009-10-31")
    assert "No actions were rated red on that date." in pages_of(exceptions.data)[0]


def test_an_objective_that_runs_over_a_page_is_restated_as_continued(app):
    plan = make_plan(slug="long-objective", title="Long objective plan")
    theme = make_theme(plan, 1, "Staying Safe")
    actions = [
        make_action(plan, ref=f"1.{n:02d}", text=f"Key action {n}", theme=theme) for n in range(12)
    ]
    objective = db.session.get(Objective, actions[0].objective_id)
    objective.text = "Improve the quality of social care supervision"
    for action in actions:
        action.objective_id = objective.id
        add_update(action, as_at=date(2011, 3, 1), rag=Rag.AMBER, commentary="Progress. " * 60)
    db.session.commit()

    pages = pages_of(pdf.plan_pdf(reports.load_plan_report(plan, date(2011, 3, 31)), GENERATED))

    assert len(pages) >= 2
    first, *rest = [flat(page) for page in pages]
    assert "Improve the quality of social care supervision" in first
    assert "(continued)" not in first
    for page in rest:
        assert "Objective Key Actions" in page
        assert "Improve the quality of social care supervision (continued)" in page

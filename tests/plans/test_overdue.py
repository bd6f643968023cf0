"""The overdue list across plans: which actions, for whom, in what order, paged, as CSV and PDF."""

import csv
import io
import re
from datetime import UTC, date, datetime, timedelta

import pytest
from pypdf import PdfReader

from tests.factories import add_update, make_action, make_person, make_plan, make_user
from tracker import clock
from tracker.domain.enums import Completion, Rag, Role
from tracker.extensions import db
from tracker.reports import wording
from tracker.reports.overdue_pdf import overdue_list_pdf, wrapped

ROW = re.compile(
    r'<tr class="govuk-table__row">\s*<td class="govuk-table__cell">'
    r'<a class="govuk-link" href="[^"]*">([^<]*)</a></td>\s*'
    r'<td class="govuk-table__cell">([^<]*)</td>'
)


def listed(response) -> list[tuple[str, str]]:
    """Return the (plan, ref) of each row the page lists."""
    assert response.status_code == 200, response.get_data(as_text=True)
    return ROW.findall(response.get_data(as_text=True))


def client_for(app, sign_in, user):
    client = app.test_client()
    sign_in(client, user)
    return client


@pytest.fixture
def world(app):
    """Return a lead's and a panel member's accounts over plans with actions in every state."""
    today = clock.today()
    deb, warren = make_person("Deb Johnson"), make_person("Warren Carratt")
    alpha = make_plan(slug="alpha", title="Alpha plan")
    late = make_action(alpha, ref="1.10", leads=[deb], target_date=today - timedelta(days=40))
    add_update(late, as_at=today - timedelta(days=3), rag=Rag.RED, commentary="Behind")
    make_action(alpha, ref="1.9", leads=[warren], target_date=today - timedelta(days=40))
    make_action(alpha, ref="1.2", leads=[warren], target_date=today - timedelta(days=1))
    make_action(alpha, ref="1.3", leads=[deb], target_date=today)
    make_action(alpha, ref="1.4", leads=[deb], target_date=today + timedelta(days=3))
    make_action(alpha, ref="1.5", leads=[deb])
    done = make_action(alpha, ref="1.6", leads=[deb], target_date=today - timedelta(days=90))
    add_update(
        done,
        as_at=today - timedelta(days=80),
        completion=Completion.COMPLETED,
        rag=Rag.COMPLETE,
        completed_on=today - timedelta(days=80),
    )
    archived = make_action(alpha, ref="1.7", leads=[deb], target_date=today - timedelta(days=9))
    archived.archived_at = clock.now()
    beta = make_plan(slug="beta", title="Beta plan")
    make_action(beta, ref="2.1", leads=[warren], target_date=today - timedelta(days=40))
    make_action(beta, ref="2.2", leads=[warren], target_date=today - timedelta(days=60))
    gone = make_plan(slug="gone", title="Archived plan")
    make_action(gone, ref="3.1", leads=[deb], target_date=today - timedelta(days=5))
    gone.archived_at = clock.now()
    lead = make_user(Role.LEAD, person=deb)
    panel = make_user(Role.PANEL)
    db.session.commit()
    return lead, panel


def test_every_readable_overdue_action_is_listed_most_overdue_first(app, sign_in, world):
    _, panel = world
    page = client_for(app, sign_in, panel).get("/plans/overdue")
    # Most overdue first; on the same day by plan, then refs in natural order (1.9 before 1.10).
    assert listed(page) == [
        ("Beta plan", "2.2"),
        ("Alpha plan", "1.9"),
        ("Alpha plan", "1.10"),
        ("Beta plan", "2.1"),
        ("Alpha plan", "1.2"),
    ]
    text = page.get_data(as_text=True)
    assert "5 actions are overdue." in text
    assert "Red" in text and wording.NOT_RATED in text


def test_a_lead_sees_the_overdue_actions_of_the_plans_they_take_part_in(app, sign_in, world):
    lead, _ = world
    page = client_for(app, sign_in, lead).get("/plans/overdue")
    assert listed(page) == [("Alpha plan", "1.9"), ("Alpha plan", "1.10"), ("Alpha plan", "1.2")]


def test_the_overview_links_to_the_overdue_list(app, sign_in, world):
    lead, _ = world
    overview = client_for(app, sign_in, lead).get("/plans/").get_data(as_text=True)
    assert 'href="/plans/overdue"' in overview


def test_nothing_overdue_says_so_without_a_table_or_downloads(app, sign_in):
    panel = make_user(Role.PANEL)
    make_action(make_plan(), target_date=clock.today() + timedelta(days=1))
    db.session.commit()
    text = client_for(app, sign_in, panel).get("/plans/overdue").get_data(as_text=True)
    assert wording.NO_OVERDUE in text
    assert "<table" not in text and "overdue.csv" not in text


@pytest.fixture
def many_overdue(app):
    """Return a panel account; 120 actions are overdue, one a day more than the one before."""
    panel = make_user(Role.PANEL)
    plan = make_plan(slug="many", title="Many")
    for number in range(1, 121):
        make_action(plan, ref=f"1.{number}", target_date=clock.today() - timedelta(days=number))
    db.session.commit()
    return panel


def test_the_list_is_paged_at_50(app, sign_in, many_overdue):
    client = client_for(app, sign_in, many_overdue)
    first, third = client.get("/plans/overdue"), client.get("/plans/overdue?page=3")
    assert [ref for _, ref in listed(first)][:2] == ["1.120", "1.119"]
    assert len(listed(first)) == 50
    assert [ref for _, ref in listed(third)] == [f"1.{number}" for number in range(20, 0, -1)]
    assert "Page 3 of 3" in third.get_data(as_text=True)
    assert 'href="/plans/overdue?page=2"' in third.get_data(as_text=True)
    # A page past the last shows the last.
    assert listed(client.get("/plans/overdue?page=9")) == listed(third)


@pytest.mark.parametrize("page", ["0", "two", "-1", "1.5"])
def test_a_page_that_is_not_a_number_is_refused_saying_so(app, sign_in, many_overdue, page):
    response = client_for(app, sign_in, many_overdue).get(f"/plans/overdue?page={page}")
    assert response.status_code == 400
    assert f"The page &#39;{page}&#39; is not a page number" in response.get_data(as_text=True)


def _plans_with_overdue_actions(count: int) -> None:
    for _ in range(count):
        plan = make_plan()
        for days in (3, 30):
            make_action(plan, leads=[make_person()], target_date=clock.today() - timedelta(days))


@pytest.mark.parametrize("role", [Role.PANEL, Role.LEAD])
def test_a_page_sends_as_many_statements_for_10_plans_as_for_2(app, sign_in, statements, role):
    person = make_person()
    user = make_user(role, person=person)
    _plans_with_overdue_actions(2)
    make_action(make_plan(), leads=[person], target_date=clock.today() - timedelta(days=1))
    db.session.commit()
    client = client_for(app, sign_in, user)
    counts = []
    for _ in range(2):
        # The first request after writing warms the session's identity map; count the second.
        for _ in range(2):
            statements.clear()
            assert client.get("/plans/overdue").status_code == 200
            assert client.get("/plans/overdue.csv").get_data(as_text=True).count("\n") > 1
        counts.append(len(statements))
        _plans_with_overdue_actions(8)
        db.session.commit()
    assert counts[0] == counts[1]


def test_the_csv_streams_every_row_with_formulas_kept_as_text(app, sign_in, many_overdue):
    plan = make_plan(slug="hostile", title='=HYPERLINK("http://evil.example","x")')
    day = clock.today() - timedelta(days=500)
    make_action(
        plan,
        ref="9.1",
        text='+SUM(A1:A9), with a comma and "quotes"\nover two lines',
        leads=[make_person("@Lead")],
        target_date=day,
    )
    db.session.commit()
    response = client_for(app, sign_in, many_overdue).get("/plans/overdue.csv")
    assert response.status_code == 200
    assert response.is_streamed
    assert response.mimetype == "text/csv"
    assert 'attachment; filename="overdue-actions-' in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert rows[0] == list(wording.OVERDUE_LIST_HEADER)
    assert len(rows) == 1 + 121
    assert rows[1] == [
        '\'=HYPERLINK("http://evil.example","x")',
        "9.1",
        '\'+SUM(A1:A9), with a comma and "quotes" over two lines',
        "'@Lead",
        wording.target_text(f"{day:%B %Y}", day),
        "500",
        wording.NOT_RATED,
    ]
    assert [row[1] for row in rows[2:4]] == ["1.120", "1.119"]


def test_the_pdf_prints_hostile_and_long_text_as_written_with_headers_on_each_page(
    app, sign_in, many_overdue
):
    plan = make_plan(slug="hostile", title='<font color="red">Plan</font> & <b>bold</b>')
    long_word = "Supercalifragilistic" * 12
    # A key action is cut to its first words, as the reports list it; leads are printed whole.
    leads = " / ".join(f"Lead number {n}" for n in range(50)) + f" / {long_word}"
    action = make_action(
        plan,
        ref="9.1",
        text=f"<img src='http://evil.example/x.png'/> &amp; {long_word}",
        target_date=clock.today() - timedelta(days=500),
    )
    action.lead_text = leads
    db.session.commit()
    response = client_for(app, sign_in, many_overdue).get("/plans/overdue.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(response.data))
    pages = [" ".join(page.extract_text().split()) for page in reader.pages]
    assert len(pages) >= 3
    title = wording.overdue_list_title(clock.today())
    assert reader.metadata.title == title
    assert title in pages[0] and "121 actions are overdue." in pages[0]
    assert all("Plan Ref Key action Lead Target date" in page for page in pages)
    assert f"Page {len(pages)} of {len(pages)}" in pages[-1]
    everything = "".join(page.replace(" ", "") for page in pages)
    assert '<fontcolor="red">Plan</font>&<b>bold</b>' in everything
    assert "<imgsrc='http://evil.example/x.png'/>&amp…" in everything
    assert long_word in everything
    assert "Leadnumber49" in everything
    assert all(f"1.{number}" in everything for number in (1, 50, 120))


@pytest.mark.parametrize(
    ("text", "width", "lines"),
    [
        pytest.param("", 100, [""], id="empty is one blank line"),
        pytest.param("a  b\n c", 100, ["a b c"], id="spaces and lines are collapsed"),
        pytest.param("aaaa bbbb", 30, ["aaaa", "bbbb"], id="broken between words"),
        pytest.param("aaaaaaaaaa", 20, ["aaaa", "aaaa", "aa"], id="a long word is broken"),
    ],
)
def test_wrapped(text, width, lines):
    # Courier: every character is 0.6 of the size wide, 4.8 points at 8 points.
    assert wrapped(text, width, "Courier") == lines


def test_a_row_taller_than_a_page_carries_on_over_the_next_pages():
    tall = " ".join(f"lead{number}" for number in range(1_500))
    rows = [("Plan", "1.1", "Tall", tall, "1 May 2024", "5", "Red")]
    rows += [("Plan", f"1.{number}", "Short", "Deb", "1 May 2024", "5", "Red") for number in (2, 3)]
    content = overdue_list_pdf(rows, date(2024, 5, 6), datetime(2024, 5, 6, 9, tzinfo=UTC))
    pages = [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages]
    assert len(pages) >= 3
    assert all("Plan Ref Key action Lead" in page for page in pages)
    words = " ".join(pages).split()
    assert [word for word in words if word.startswith("lead")] == tall.split()
    assert "1.3" in pages[-1]

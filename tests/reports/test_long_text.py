"""Every report lays out every text field at its maximum length: pages, JSON and PDFs."""

import io
from datetime import UTC, date, datetime

import pytest
from pypdf import PdfReader

from tests.factories import add_update, make_action, make_person, make_plan, make_theme
from tracker.domain import text_limits as limits
from tracker.domain.as_at import Month
from tracker.domain.enums import Completion, Direction, Rag
from tracker.domain.text_limits import TextLimit
from tracker.extensions import db
from tracker.models import Achievement, Objective, PriorityBand, Risk
from tracker.reports import pdf
from tracker.services import reports

MONTH = Month(2010, 10)
AS_AT = date(2010, 10, 20)
REPORT_DAY = "2010-10-31"
GENERATED = datetime(2010, 11, 1, 9, 0, tzinfo=UTC)
# Each field is filled with its own marker letter, so that counting the letter in a PDF's text
# shows the whole field was printed, however it was broken across lines, cells and pages.
ONE_WORD_COMMENTARY = "Z" * limits.COMMENTARY.maximum
LINES_COMMENTARY = "\n".join(f"Line {number:03d} of the commentary" for number in range(200))
MARKUP = '<b>bold</b> <font color="red">&amp;</font> <para>x</para> <img src="y"/> '


def filled(limit: TextLimit, word: str) -> str:
    """Return text of exactly the limit's length, made of the word repeated."""
    return (word * (limit.maximum // len(word) + 1))[: limit.maximum]


def pdf_pages(content: bytes) -> list[str]:
    assert content.startswith(b"%PDF-")
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]
    assert pages
    return pages


def build_plan_at_maximum(*, slug: str = "long", red_commentaries=(ONE_WORD_COMMENTARY,)):
    """Create a plan whose every text field, of every kind of record, is at its maximum."""
    plan = make_plan(slug=slug, title=filled(limits.PLAN_TITLE, "Plantitle "))
    plan.owner = filled(limits.PLAN_OWNER, "Owner ")
    band = PriorityBand(plan_id=plan.id, number=1, label=filled(limits.BAND_LABEL, "Band "))
    db.session.add(band)
    theme = make_theme(plan, 1, filled(limits.THEME_TITLE, "Themetitle "))
    leads = [make_person(filled(limits.PERSON_NAME, f"{slug} lead {n} ")) for n in range(4)]
    lead_text = " / ".join(lead.name for lead in leads)
    assert len(lead_text) <= limits.LEAD_TEXT.maximum
    objective = None
    actions = []
    red = [(Rag.RED, Completion.NOT_COMPLETED, text, None) for text in red_commentaries]
    others = [
        (Rag.COMPLETE, Completion.COMPLETED, filled(limits.COMMENTARY, "Done "), AS_AT),
        (Rag.AMBER, Completion.NOT_COMPLETED, filled(limits.COMMENTARY, MARKUP), None),
    ]
    for number, (rag, completion, commentary, completed_on) in enumerate(red + others):
        action = make_action(
            plan,
            ref=f"{number}.".ljust(limits.ACTION_REF.maximum, "9"),
            text=filled(limits.ACTION_TEXT, "Keyaction "),
            theme=theme,
            leads=leads,
            target_date=date(2010, 9, 30) if number % 2 == 0 else date(2010, 11, 30),
            band_number=1,
        )
        action.target_date_text = filled(limits.TARGET_DATE_TEXT, "September 2010 ")
        action.lead_text = lead_text
        action.baseline = filled(limits.BASELINE, "Baseline ")
        action.targets = filled(limits.TARGETS, "Targets ")
        action.workstreams = filled(limits.WORKSTREAMS, "Workstream ")
        # Every action shares one objective at its maximum, so that it runs over many pages.
        if objective is None:
            objective = db.session.get(Objective, action.objective_id)
            objective.text = filled(limits.OBJECTIVE, "Objective ")
        action.objective_id = objective.id
        add_update(
            action,
            as_at=AS_AT,
            completion=completion,
            completed_on=completed_on,
            rag=rag,
            direction=Direction.DECLINING,
            commentary=commentary,
            current_performance=filled(limits.CURRENT_PERFORMANCE, "Performance "),
        )
        actions.append(action)
    db.session.add(
        Risk(
            plan_id=plan.id,
            description="R" * limits.RISK_DESCRIPTION.maximum,
            likelihood=filled(limits.RISK_LIKELIHOOD, "Likely "),
            consequences=filled(limits.RISK_CONSEQUENCES, "Consequence "),
            mitigation=filled(limits.RISK_MITIGATION, MARKUP),
            owner=filled(limits.RISK_OWNER, "Riskowner "),
            raised_on=date(2010, 10, 1),
        )
    )
    db.session.add(
        Achievement(
            plan_id=plan.id,
            text=filled(limits.ACHIEVEMENT, "Achieved "),
            achieved_on=date(2010, 10, 15),
        )
    )
    db.session.commit()
    return plan


def _letters(pages: list[str], letter: str) -> int:
    return sum(page.count(letter) for page in pages)


def _flat(pages: list[str]) -> str:
    return " ".join(" ".join(pages).split())


def test_the_highlight_pdf_prints_every_field_at_its_maximum(app, panel_client):
    build_plan_at_maximum()

    response = panel_client.get(f"/reports/long/highlight.pdf?month={MONTH}")

    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    pages = pdf_pages(response.data)
    # The one-word commentary and the one-word risk description each appear once, whole.
    assert _letters(pages, "Z") == limits.COMMENTARY.maximum
    assert _letters(pages, "R") >= limits.RISK_DESCRIPTION.maximum
    whole = _flat(pages)
    assert "Red-rated actions (1)" in whole
    assert "Open risks and issues (1)" in whole
    assert '<b>bold</b> <font color="red">&amp;</font>' in whole
    assert "Riskowner Riskowner" in whole and "Achieved Achieved" in whole
    assert f"Page {len(pages)} of {len(pages)}" in pages[-1]


def test_the_plan_pdf_prints_every_field_at_its_maximum(app, panel_client):
    build_plan_at_maximum()

    response = panel_client.get(f"/reports/long/plan.pdf?as_at={REPORT_DAY}")

    assert response.status_code == 200
    pages = pdf_pages(response.data)
    assert _letters(pages, "Z") == limits.COMMENTARY.maximum
    whole = _flat(pages)
    assert "Themetitle Themetitle" in whole
    assert "Baseline Baseline" in whole and "Workstream Workstream" in whole
    assert '<img src="y"/>' in whole
    # The objective runs over several pages: later pages restate it, shortened, as continued.
    assert "Objective Objective" in pages[0]
    continued = [page for page in pages[1:] if "(continued)" in page]
    assert continued
    assert all("Objective Objective" in page for page in continued)


def test_the_exception_pdf_prints_every_field_at_its_maximum(app, panel_client):
    build_plan_at_maximum(red_commentaries=(ONE_WORD_COMMENTARY, LINES_COMMENTARY))

    response = panel_client.get(f"/reports/long/exceptions.pdf?as_at={REPORT_DAY}")

    assert response.status_code == 200
    pages = pdf_pages(response.data)
    assert _letters(pages, "Z") == limits.COMMENTARY.maximum
    whole = _flat(pages)
    assert "2 actions rated red." in whole
    assert "Line 000 of the commentary" in whole and "Line 199 of the commentary" in whole
    assert "Performance Performance" in whole


@pytest.mark.parametrize(
    "path",
    [
        f"/reports/long/highlight?month={MONTH}",
        f"/reports/long/exceptions?as_at={REPORT_DAY}",
        "/reports/long/",
        "/plans/long",
    ],
)
def test_the_report_pages_show_every_field_at_its_maximum(app, panel_client, path):
    build_plan_at_maximum(red_commentaries=(ONE_WORD_COMMENTARY, LINES_COMMENTARY))

    response = panel_client.get(path)

    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert filled(limits.PLAN_TITLE, "Plantitle ").strip() in page
    assert "<b>bold</b>" not in page


def test_the_highlight_json_carries_every_field_at_its_maximum(app, panel_client):
    build_plan_at_maximum(red_commentaries=(ONE_WORD_COMMENTARY, LINES_COMMENTARY))

    response = panel_client.get(f"/reports/long/highlight.json?month={MONTH}")

    assert response.status_code == 200
    body = response.get_json()
    text = response.get_data(as_text=True)
    assert ONE_WORD_COMMENTARY in text
    assert "R" * limits.RISK_DESCRIPTION.maximum in text
    assert body["plan"]["title"] == filled(limits.PLAN_TITLE, "Plantitle ")
    assert body["risks"][0]["mitigation"] == filled(limits.RISK_MITIGATION, MARKUP)


@pytest.mark.parametrize(
    "commentary",
    [
        pytest.param(("Progress continues across every team. " * 80)[:3_000], id="3000-chars"),
        pytest.param("x" * 3_000, id="3000-chars-one-word"),
        pytest.param("\n".join(f"Point {n}" for n in range(55)), id="55-lines"),
    ],
)
def test_the_red_team_commentaries_no_longer_break_any_pdf(app, panel_client, commentary):
    plan = make_plan(slug="red-team", title="Red team plan")
    action = make_action(plan, ref="1.01", text="Recruit social workers")
    add_update(
        action, as_at=AS_AT, rag=Rag.RED, completion=Completion.NOT_COMPLETED, commentary=commentary
    )
    db.session.commit()

    for path in (
        f"/reports/red-team/highlight.pdf?month={MONTH}",
        f"/reports/red-team/plan.pdf?as_at={REPORT_DAY}",
        f"/reports/red-team/exceptions.pdf?as_at={REPORT_DAY}",
    ):
        response = panel_client.get(path)
        assert response.status_code == 200, path
        # The row runs over pages, so headers and footers come between its parts: count that
        # every character of the commentary was printed.
        printed = " ".join(pdf_pages(response.data))
        for character in set(commentary) - {" ", "\n"}:
            assert printed.count(character) >= commentary.count(character), (path, character)


def test_a_long_objective_split_inside_its_row_carries_on_before_it_is_restated(app):
    plan = make_plan(slug="objective", title="Objective plan")
    theme = make_theme(plan, 1, "Staying Safe")
    objective_text = "Q" * limits.OBJECTIVE.maximum
    actions = [
        make_action(plan, ref=f"1.{n}", text=f"Key action {n}", theme=theme) for n in range(3)
    ]
    objective = db.session.get(Objective, actions[0].objective_id)
    objective.text = objective_text
    for action in actions:
        action.objective_id = objective.id
        add_update(action, as_at=AS_AT, rag=Rag.AMBER, commentary=LINES_COMMENTARY)
    db.session.commit()

    content = pdf.plan_pdf(reports.load_plan_report(plan, date(2010, 10, 31)), GENERATED)
    pages = pdf_pages(content)

    # The whole objective is printed once, then restated on later pages shortened to 200.
    restated = [page for page in pages if "(continued)" in page]
    assert restated
    assert _letters(pages, "Q") == limits.OBJECTIVE.maximum + len(restated) * (
        pdf.RESTATED_OBJECTIVE_LENGTH - 1
    )
    assert all(f"Line {n:03d} of the commentary" in _flat(pages) for n in range(200))

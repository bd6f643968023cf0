"""Leads give evidence with updates, readers download it, and hostile files change nothing."""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.actions.test_my_actions import count_queries
from tests.actions.test_update_form import form_data, updates_of, version_of
from tests.conftest import make_config
from tests.evidence_samples import (
    HTML_BYTES,
    PDF_BYTES,
    PNG_BYTES,
    SVG_BYTES,
    docx_bytes,
    zip_bomb_docx,
)
from tests.factories import add_update, make_action, make_person, make_plan, make_user
from tracker import clock, transactions
from tracker.config import Config, configuration_problems
from tracker.domain.assurance import EvidenceKind
from tracker.domain.enums import Role
from tracker.domain.evidence_files import EvidenceUpload
from tracker.extensions import db
from tracker.models import AuditEvent, Evidence, User
from tracker.services import evidence as evidence_service
from tracker.services.admin_people import merge_people, plan_merge

DOCX_BYTES = docx_bytes("Safeguarding audit, March 2011")
HOSTILE = {
    "html named .pdf": ("report.pdf", HTML_BYTES, "report.pdf is not a file the tracker accepts"),
    "svg with script": ("chart.svg", SVG_BYTES, "chart.svg is not a file the tracker accepts"),
    "zip bomb named .docx": (
        "minutes.docx",
        zip_bomb_docx(),
        "minutes.docx is not a file the tracker accepts",
    ),
    "0-byte file": ("empty.pdf", b"", "empty.pdf is empty"),
    "../ name, html inside": ("../../static/x.html", HTML_BYTES, "x.html is not a file"),
}


@pytest.fixture(params=["folder", "database"])
def storage(request) -> str:
    return request.param


@pytest.fixture
def evidence_dir(tmp_path: Path) -> Path:
    return tmp_path / "kept-evidence"


@pytest.fixture
def app_config(database_url, evidence_dir, storage):
    return make_config(database_url, EVIDENCE_STORAGE=storage, EVIDENCE_FOLDER=str(evidence_dir))


@dataclass
class People:
    admin: User
    lead: User
    lead_elsewhere_in_plan: User
    other_plan_lead: User
    panel: User
    action_id: int
    other_action_id: int


@pytest.fixture
def people(app) -> People:
    lead, neighbour, stranger = make_user(Role.LEAD), make_user(Role.LEAD), make_user(Role.LEAD)
    plan, other_plan = make_plan(), make_plan()
    action = make_action(plan, ref="1.02", leads=[lead.person], target_date=date(2011, 3, 31))
    make_action(plan, ref="1.03", leads=[neighbour.person])
    other = make_action(other_plan, ref="9.09", leads=[stranger.person])
    add_update(action, as_at=date(2010, 8, 20), commentary="Audits started")
    db.session.commit()
    return People(
        admin=make_user(Role.ADMIN),
        lead=lead,
        lead_elsewhere_in_plan=neighbour,
        other_plan_lead=stranger,
        panel=make_user(Role.PANEL),
        action_id=action.id,
        other_action_id=other.id,
    )


def post_update(client, action_id: int, files=(), **fields):
    data = form_data(version_of(action_id), **fields)
    data["evidence_files"] = [(io.BytesIO(content), name) for name, content in files]
    return client.post(
        f"/actions/{action_id}/update", data=data, content_type="multipart/form-data"
    )


def evidence_rows(action_id: int) -> list[Evidence]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            select(Evidence).where(Evidence.action_id == action_id).order_by(Evidence.id)
        )
    )


def files_in(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*") if path.is_file()) if folder.exists() else []


@pytest.mark.parametrize("author", ["lead", "admin"])
def test_an_update_keeps_its_note_links_and_files_for_the_plan_s_readers(
    app, client, sign_in, people, storage, evidence_dir, author
):
    sign_in(client, getattr(people, author))
    response = post_update(
        client,
        people.action_id,
        files=[("Audit report.pdf", PDF_BYTES), ("minutes.docx", DOCX_BYTES), ("chart", PNG_BYTES)],
        evidence_note="Audit report to the Safeguarding Board, minute 7.",
        evidence_links="Board minutes https://example.gov.uk/minutes?id=7\nhttps://example.org/a",
    )
    assert response.status_code == 302

    rows = evidence_rows(people.action_id)
    update_id = updates_of(people.action_id)[-1].id
    assert [(row.kind, row.text, row.url) for row in rows] == [
        (EvidenceKind.TEXT, "Audit report to the Safeguarding Board, minute 7.", None),
        (EvidenceKind.LINK, "Board minutes", "https://example.gov.uk/minutes?id=7"),
        (EvidenceKind.LINK, "", "https://example.org/a"),
        (EvidenceKind.FILE, "Audit report.pdf", None),
        (EvidenceKind.FILE, "minutes.docx", None),
        (EvidenceKind.FILE, "chart.png", None),
    ]
    uploader = getattr(people, author).id
    assert {(row.status_update_id, row.uploaded_by_user_id) for row in rows} == {
        (update_id, uploader)
    }
    files = [row for row in rows if row.kind is EvidenceKind.FILE]
    assert [row.sha256 for row in files] == [
        hashlib.sha256(content).hexdigest() for content in (PDF_BYTES, DOCX_BYTES, PNG_BYTES)
    ]
    if storage == "folder":
        assert [row.data for row in files] == [None, None, None]
        assert files_in(evidence_dir) == sorted(evidence_dir / row.stored_name for row in files)
        assert (evidence_dir / files[0].stored_name).read_bytes() == PDF_BYTES
    else:
        assert [row.stored_name for row in files] == [None, None, None]
        assert files_in(evidence_dir) == []
    audited = db.session.scalars(
        select(AuditEvent.summary).where(
            AuditEvent.verb == "upload", AuditEvent.entity == "evidence"
        )
    ).all()
    assert len(audited) == 6
    assert (
        f"Added evidence to action 1.02: file Audit report.pdf ({len(PDF_BYTES)} bytes)" in audited
    )
    assert any(
        summary.startswith("Added evidence to action 1.02: file minutes.docx")
        for summary in audited
    )

    admin = app.test_client()
    sign_in(admin, people.admin)
    trail = admin.get("/admin/audit").get_data(as_text=True)
    assert "Added evidence to action 1.02: file minutes.docx" in trail

    page = client.get(f"/actions/{people.action_id}").get_data(as_text=True)
    assert "Audit report to the Safeguarding Board, minute 7." in page
    assert (
        'href="https://example.gov.uk/minutes?id=7" rel="noopener noreferrer">Board minutes' in page
    )
    for row in files:
        assert f'/actions/{people.action_id}/evidence/{row.id}" download>{row.text}</a>' in page


def download(app, sign_in, user, url):
    client = app.test_client()
    if user is not None:
        sign_in(client, user)
    return client.get(url)


def test_files_are_downloads_for_the_plan_s_readers_only(app, client, sign_in, people):
    sign_in(client, people.lead)
    post_update(client, people.action_id, files=[("Audit report.pdf", PDF_BYTES)])
    (row,) = evidence_rows(people.action_id)
    url = f"/actions/{people.action_id}/evidence/{row.id}"

    for reader in (people.lead, people.lead_elsewhere_in_plan, people.panel, people.admin):
        response = download(app, sign_in, reader, url)
        assert response.status_code == 200
        assert response.get_data() == PDF_BYTES
        assert response.headers["Content-Type"] == "application/pdf"
        assert response.headers["Content-Disposition"] == 'attachment; filename="Audit report.pdf"'
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Cache-Control"] == "no-store"
    assert download(app, sign_in, people.other_plan_lead, url).status_code == 403
    assert download(app, sign_in, None, url).status_code == 302
    # An evidence id under another action's address is not found, even for an administrator.
    swapped = f"/actions/{people.other_action_id}/evidence/{row.id}"
    assert download(app, sign_in, people.admin, swapped).status_code == 404
    assert download(app, sign_in, people.admin, f"{url}0").status_code == 404


def test_a_name_outside_ascii_is_offered_in_both_forms(client, sign_in, people):
    sign_in(client, people.lead)
    post_update(client, people.action_id, files=[("Évaluation\u202e.pdf", PDF_BYTES)])
    (row,) = evidence_rows(people.action_id)
    response = client.get(f"/actions/{people.action_id}/evidence/{row.id}")
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment; filename=")
    assert "filename*=UTF-8''%C3%89valuation.pdf" in disposition


@pytest.mark.parametrize("hostile", HOSTILE, ids=list(HOSTILE))
@pytest.mark.parametrize("author", ["lead", "admin"])
def test_a_hostile_file_refuses_the_whole_update_keeping_what_was_typed(
    client, sign_in, people, evidence_dir, hostile, author
):
    name, content, message = HOSTILE[hostile]
    sign_in(client, getattr(people, author))
    version = version_of(people.action_id)
    response = post_update(
        client,
        people.action_id,
        files=[("fine.pdf", PDF_BYTES), (name, content)],
        commentary="Nine of ten teams audit monthly, see the evidence.",
        evidence_note="Board minute 7",
    )

    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'class="govuk-error-summary"' in page
    assert '<a href="#evidence_files">' + message in page
    assert "Nine of ten teams audit monthly, see the evidence." in page
    assert "Board minute 7</textarea>" in page
    assert "The files you chose were not saved: choose them again." in page
    assert len(updates_of(people.action_id)) == 1
    assert version_of(people.action_id) == version
    assert evidence_rows(people.action_id) == []
    assert files_in(evidence_dir) == []
    assert db.session.scalar(select(func.count()).select_from(AuditEvent)) == 0


@pytest.mark.parametrize("hostile", HOSTILE, ids=list(HOSTILE))
@pytest.mark.parametrize("persona", ["lead_elsewhere_in_plan", "other_plan_lead", "panel"])
def test_those_who_may_not_update_the_action_upload_nothing(
    client, sign_in, people, evidence_dir, hostile, persona
):
    name, content, _ = HOSTILE[hostile]
    sign_in(client, getattr(people, persona))
    response = post_update(client, people.action_id, files=[(name, content)])
    assert response.status_code == 403
    assert evidence_rows(people.action_id) == []
    assert files_in(evidence_dir) == []


def test_a_path_in_a_file_s_name_is_dropped_and_nothing_is_written_outside_the_folder(
    client, sign_in, people, evidence_dir, tmp_path
):
    sign_in(client, people.lead)
    response = post_update(client, people.action_id, files=[("../../../report.pdf", PDF_BYTES)])
    assert response.status_code == 302
    (row,) = evidence_rows(people.action_id)
    assert row.text == "report.pdf"
    assert not (tmp_path / "report.pdf").exists()
    assert [path.name for path in tmp_path.rglob("report.pdf")] == []


def test_links_that_are_not_web_addresses_are_refused_by_line(client, sign_in, people):
    sign_in(client, people.lead)
    response = post_update(
        client,
        people.action_id,
        evidence_links="https://example.gov.uk/minutes\njavascript:alert(document.cookie)",
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert '<a href="#evidence_links">Line 2 of the links does not end with a web address' in page
    assert len(updates_of(people.action_id)) == 1
    assert evidence_rows(people.action_id) == []


def test_an_action_holds_no_more_files_than_its_cap(app, client, sign_in, people, evidence_dir):
    app.config["EVIDENCE_MAX_ACTION_BYTES"] = len(PDF_BYTES) + 10
    sign_in(client, people.lead)
    assert post_update(client, people.action_id, files=[("a.pdf", PDF_BYTES)]).status_code == 302
    kept = files_in(evidence_dir)

    response = post_update(client, people.action_id, files=[("b.pdf", PDF_BYTES)])
    assert response.status_code == 422
    assert "this action has room for 10 bytes more evidence" in response.get_data(as_text=True)
    assert len(evidence_rows(people.action_id)) == 1
    assert len(updates_of(people.action_id)) == 2
    assert files_in(evidence_dir) == kept


def test_a_file_over_the_cap_per_file_is_refused(app, client, sign_in, people):
    app.config["EVIDENCE_MAX_FILE_BYTES"] = 100
    sign_in(client, people.lead)
    response = post_update(client, people.action_id, files=[("a.pdf", PDF_BYTES + b" " * 200)])
    assert response.status_code == 422
    size = len(PDF_BYTES) + 200
    assert f"a.pdf is {size} bytes; each file must be 100 bytes or smaller" in response.get_data(
        as_text=True
    )


def test_written_files_go_with_undone_writes_and_stay_with_committed_ones(
    app, people, storage, evidence_dir
):
    if storage != "folder":
        pytest.skip("only the folder keeps files apart from the rows")
    upload = [EvidenceUpload("a.pdf", PDF_BYTES)]

    with pytest.raises(RuntimeError), transactions.savepoint():
        evidence_service.add_evidence(people.action_id, None, None, "", [], upload)
        assert len(files_in(evidence_dir)) == 1
        raise RuntimeError("the update is refused after its files were written")
    assert files_in(evidence_dir) == []

    evidence_service.add_evidence(people.action_id, None, None, "", [], upload)
    db.session.rollback()
    assert files_in(evidence_dir) == []

    with transactions.savepoint():
        evidence_service.add_evidence(people.action_id, None, None, "", [], upload)
    db.session.commit()
    assert len(files_in(evidence_dir)) == 1
    db.session.rollback()
    assert len(files_in(evidence_dir)) == 1


def test_add_evidence_names_the_field_of_each_problem(app, people):
    with pytest.raises(evidence_service.Invalid) as refused:
        evidence_service.add_evidence(
            people.action_id,
            None,
            None,
            "x" * 4_001,
            ["not a link"],
            [EvidenceUpload("a.pdf", b"")],
        )
    assert set(refused.value.problems) == {"evidence_note", "evidence_links", "evidence_files"}
    assert (
        refused.value.problems["evidence_note"] == "Evidence note must be 4,000 characters or fewer"
    )
    assert evidence_rows(people.action_id) == []


def test_a_merge_moves_the_evidence_an_account_uploaded(app, people):
    keep, remove = make_person("Lyn Burns"), make_person("Lynn Burns")
    kept_account = make_user(Role.LEAD, person=keep)
    removed_account = make_user(Role.LEAD, person=remove)
    evidence_service.add_evidence(people.action_id, None, removed_account.id, "Minutes", [], [])
    removed_account.active = False
    db.session.flush()
    merge_people(plan_merge(keep, remove), user_id=people.admin.id, now=clock.now())
    (row,) = evidence_rows(people.action_id)
    assert row.uploaded_by_user_id == kept_account.id


def test_the_evidence_folder_defaults_to_the_instance_folder_outside_the_static_files(app):
    app.config["EVIDENCE_FOLDER"] = None
    with app.test_request_context():
        folder = evidence_service.evidence_folder()
    assert folder == Path(app.instance_path) / "evidence"
    assert not folder.resolve().is_relative_to(Path(app.static_folder).resolve())


def _settings(**overrides) -> dict:
    return {name: getattr(Config, name) for name in dir(Config) if name.isupper()} | overrides


@pytest.mark.parametrize(
    ("overrides", "problem"),
    [
        ({"EVIDENCE_STORAGE": "s3"}, "EVIDENCE_STORAGE must be 'folder'"),
        (
            {"EVIDENCE_FOLDER": str(Path(__file__).parents[2] / "tracker" / "static" / "ev")},
            "inside the folder the app serves to anyone",
        ),
        ({"EVIDENCE_MAX_FILE_BYTES": "0"}, "EVIDENCE_MAX_FILE_BYTES must be a whole number"),
        ({"EVIDENCE_MAX_ACTION_BYTES": "5MB"}, "EVIDENCE_MAX_ACTION_BYTES must be a whole"),
    ],
)
def test_unsafe_evidence_settings_stop_the_app(overrides, problem):
    problems = configuration_problems(_settings(**overrides))
    assert any(problem in line for line in problems), problems


def test_the_default_evidence_settings_pass():
    assert configuration_problems(_settings()) == []


def test_an_update_refused_as_someone_else_got_in_first_keeps_no_evidence(
    client, sign_in, people, evidence_dir
):
    sign_in(client, people.lead)
    data = form_data(version_of(people.action_id) - 1, evidence_note="Board minute 7")
    data["evidence_files"] = [(io.BytesIO(PDF_BYTES), "report.pdf")]
    response = client.post(
        f"/actions/{people.action_id}/update", data=data, content_type="multipart/form-data"
    )
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "Board minute 7</textarea>" in page
    assert "The files you chose were not saved: choose them again." in page
    assert evidence_rows(people.action_id) == []
    assert files_in(evidence_dir) == []


def test_the_action_page_reads_all_its_evidence_in_one_statement(app, client, sign_in, people):
    sign_in(client, people.lead)
    post_update(client, people.action_id, files=[("a.pdf", PDF_BYTES)])
    with count_queries() as few:
        assert client.get(f"/actions/{people.action_id}").status_code == 200
    for number in range(3):
        post_update(
            client,
            people.action_id,
            files=[(f"{number}.pdf", PDF_BYTES), (f"{number}.png", PNG_BYTES)],
            evidence_links=f"https://example.gov.uk/{number}",
        )
    with count_queries() as many:
        page = client.get(f"/actions/{people.action_id}").get_data(as_text=True)
    assert page.count("/evidence/") == 7
    assert len(many) == len(few)

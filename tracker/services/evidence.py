"""Keep the evidence leads give with updates, in the evidence folder or the database."""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import current_app
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session, SessionTransaction, raiseload

from tracker.domain.assurance import EvidenceKind
from tracker.domain.audit import AuditEntity, AuditVerb
from tracker.domain.evidence_files import (
    CheckedFile,
    EvidenceProblem,
    EvidenceUpload,
    check_files,
    parse_links,
    size_words,
    stored_name,
)
from tracker.domain.text_limits import EVIDENCE_NOTE
from tracker.extensions import db
from tracker.models import Action, Evidence
from tracker.services.audit import record_change
from tracker.services.validation import Invalid

FOLDER, DATABASE = STORAGE_MODES = ("folder", "database")
NOTE_FIELD = "evidence_note"
LINKS_FIELD = "evidence_links"
FILES_FIELD = "evidence_files"
# Files written in this session's transaction, each with the transaction it was written in.
_WRITTEN = "evidence_files_written"


def evidence_folder() -> Path:
    """Return the folder files are kept in: EVIDENCE_FOLDER, or evidence/ in the instance folder."""
    configured = current_app.config.get("EVIDENCE_FOLDER")
    return Path(configured) if configured else Path(current_app.instance_path) / "evidence"


def room_left(action_id: int) -> int:
    """Return how many more bytes of files the action may hold."""
    held = db.session.scalar(
        select(func.coalesce(func.sum(Evidence.size), 0)).where(
            Evidence.action_id == action_id, Evidence.kind == EvidenceKind.FILE
        )
    )
    return int(current_app.config["EVIDENCE_MAX_ACTION_BYTES"]) - int(held or 0)


def add_evidence(
    action_id: int,
    update_id: int | None,
    user_id: int | None,
    note: str,
    links: Sequence[str],
    files: Sequence[EvidenceUpload],
) -> list[Evidence]:
    """Check and keep a note, links (one per line) and files; raise Invalid, writing nothing."""
    problems: dict[str, str] = {}
    note = note.strip()
    if problem := EVIDENCE_NOTE.problem(note):
        problems[NOTE_FIELD] = problem
    try:
        checked_links = parse_links(links)
    except EvidenceProblem as error:
        problems[LINKS_FIELD] = str(error)
    try:
        checked_files = check_files(
            files,
            largest=int(current_app.config["EVIDENCE_MAX_FILE_BYTES"]),
            room_left=room_left(action_id),
        )
    except EvidenceProblem as error:
        problems[FILES_FIELD] = str(error)
    if problems:
        raise Invalid(problems)
    common = {"action_id": action_id, "status_update_id": update_id, "uploaded_by_user_id": user_id}
    added = [Evidence(kind=EvidenceKind.TEXT, text=note, **common)] if note else []
    added += [
        Evidence(kind=EvidenceKind.LINK, text=link.words, url=link.url, **common)
        for link in checked_links
    ]
    added += [
        _file_evidence(checked, upload.data, common)
        for checked, upload in zip(checked_files, files, strict=True)
    ]
    db.session.add_all(added)
    db.session.flush()
    ref = db.session.scalar(select(Action.ref).where(Action.id == action_id))
    for evidence in added:
        record_change(
            user_id=user_id,
            verb=AuditVerb.UPLOAD,
            entity=AuditEntity.EVIDENCE,
            entity_id=evidence.id,
            summary=f"Added evidence to action {ref or f'#{action_id}'}: {_described(evidence)}",
            details={"action_id": action_id, "status_update_id": update_id},
        )
    db.session.flush()
    return added


def _file_evidence(checked: CheckedFile, data: bytes, common: dict[str, Any]) -> Evidence:
    """Return the file's row, having written its bytes to the folder unless kept in the row."""
    evidence = Evidence(
        kind=EvidenceKind.FILE,
        text=checked.shown_name,
        content_type=checked.type.content_type,
        size=checked.size,
        sha256=checked.sha256,
        **common,
    )
    if current_app.config["EVIDENCE_STORAGE"] == DATABASE:
        evidence.data = data
        return evidence
    evidence.stored_name = stored_name()
    _write(evidence_folder() / evidence.stored_name, data)
    return evidence


def _write(path: Path, data: bytes) -> None:
    """Write a new file, readable by this account only, removed again if the writes are undone."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    session = db.session()
    transaction = session.get_nested_transaction() or session.get_transaction()
    session.info.setdefault(_WRITTEN, []).append((transaction, path))
    with os.fdopen(descriptor, "wb") as file:
        file.write(data)


@event.listens_for(Session, "after_soft_rollback")
def _remove_files_of_undone_writes(session: Session, previous: SessionTransaction) -> None:
    """Delete the files written in a transaction, or a savepoint, that was rolled back."""
    kept = []
    for transaction, path in session.info.get(_WRITTEN, []):
        if _within(transaction, previous):
            path.unlink(missing_ok=True)
        else:
            kept.append((transaction, path))
    session.info[_WRITTEN] = kept


@event.listens_for(Session, "after_commit")
def _keep_files_of_committed_writes(session: Session) -> None:
    """Forget the files written once their rows are committed: they stay."""
    session.info.pop(_WRITTEN, None)


def _within(transaction: SessionTransaction | None, outer: SessionTransaction) -> bool:
    while transaction is not None:
        if transaction is outer:
            return True
        transaction = transaction.parent
    return False


def _described(evidence: Evidence) -> str:
    if evidence.kind is EvidenceKind.FILE:
        return f"file {evidence.text} ({size_words(evidence.size or 0)})"
    if evidence.kind is EvidenceKind.LINK:
        return f"link {evidence.url}"
    return "a note"


def evidence_by_update(action_id: int) -> dict[int | None, list[Evidence]]:
    """Return the action's evidence by the update it came with, oldest first, without file bytes."""
    grouped: dict[int | None, list[Evidence]] = defaultdict(list)
    for evidence in db.session.scalars(
        select(Evidence)
        .options(raiseload("*"))
        .where(Evidence.action_id == action_id)
        .order_by(Evidence.id)
    ):
        grouped[evidence.status_update_id].append(evidence)
    return grouped


@dataclass(frozen=True)
class EvidenceFile:
    """A kept file to send: the name to offer, its type and its bytes."""

    name: str
    content_type: str
    data: bytes


def load_file(action_id: int, evidence_id: int) -> EvidenceFile | None:
    """Return a file of the action's evidence with its bytes, or None when there is none."""
    row = db.session.execute(
        select(Evidence.text, Evidence.content_type, Evidence.stored_name, Evidence.data).where(
            Evidence.id == evidence_id,
            Evidence.action_id == action_id,
            Evidence.kind == EvidenceKind.FILE,
        )
    ).first()
    if row is None:
        return None
    name, content_type, kept_as, data = row
    if kept_as is not None:
        try:
            data = (evidence_folder() / kept_as).read_bytes()
        except FileNotFoundError:
            return None
    if data is None:
        return None
    return EvidenceFile(
        name=name, content_type=content_type or "application/octet-stream", data=data
    )

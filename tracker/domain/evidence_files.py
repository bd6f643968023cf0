"""Check evidence a lead gives with an update: files by their content, links, sizes and names."""

from __future__ import annotations

import hashlib
import io
import re
import secrets
import unicodedata
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import PurePath
from urllib.parse import urlsplit

from tracker.domain.text_limits import EVIDENCE_URL
from tracker.domain.upload_names import upload_name

# A zip member list or declared size beyond these is refused before anything is unpacked: a
# real Word document or workbook of a few megabytes unpacks to tens of megabytes at most.
MOST_ZIP_MEMBERS = 1_000
MOST_UNPACKED_BYTES = 100 * 1024 * 1024
MOST_PACKING_RATIO = 100
# The package's list of parts is read to tell a Word document from a workbook; no more.
MOST_CONTENT_TYPES_BYTES = 1024 * 1024
MOST_FILES_AT_ONCE = 10
MOST_LINKS_AT_ONCE = 20
LONGEST_URL = EVIDENCE_URL.maximum
LONGEST_LINK_WORDS = 200
LONGEST_SHOWN_NAME = 120
SHOWN_NAME_WHEN_NONE_LEFT = "evidence"
ACCEPTED_WORDS = "a PDF, a Word document (.docx), an Excel workbook (.xlsx) or a PNG, JPEG or GIF"


@dataclass(frozen=True)
class EvidenceType:
    """A kind of file accepted as evidence: its name for people, its media type, its endings."""

    label: str
    content_type: str
    extensions: tuple[str, ...]


PDF = EvidenceType("PDF", "application/pdf", (".pdf",))
DOCX = EvidenceType(
    "Word document",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    (".docx",),
)
XLSX = EvidenceType(
    "Excel workbook",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    (".xlsx",),
)
PNG = EvidenceType("PNG image", "image/png", (".png",))
JPEG = EvidenceType("JPEG image", "image/jpeg", (".jpg", ".jpeg"))
GIF = EvidenceType("GIF image", "image/gif", (".gif",))
EVIDENCE_TYPES = (PDF, DOCX, XLSX, PNG, JPEG, GIF)

_MAGIC: tuple[tuple[bytes, EvidenceType], ...] = (
    (b"%PDF-", PDF),
    (b"\x89PNG\r\n\x1a\n", PNG),
    (b"\xff\xd8\xff", JPEG),
    (b"GIF87a", GIF),
    (b"GIF89a", GIF),
)
_ZIP_MAGIC = b"PK\x03\x04"
# The main part each Office package declares, and a part it must hold. The macro-enabled kinds
# (.docm, .xlsm) declare other types and are refused.
_OFFICE_PACKAGES: tuple[tuple[bytes, str, EvidenceType], ...] = (
    (
        b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        "word/document.xml",
        DOCX,
    ),
    (
        b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        "xl/workbook.xml",
        XLSX,
    ),
)
# Characters that end or change a file name somewhere it may be saved, or quote it in a header.
_UNSAFE_IN_NAMES = re.compile(r'[<>:"/\\|?*;]')


class EvidenceProblem(ValueError):
    """Say what is wrong with a piece of evidence, in words for the person who gave it."""


@dataclass(frozen=True)
class EvidenceUpload:
    """A file as it came from the browser: the name it was sent with and its bytes."""

    name: str
    data: bytes


@dataclass(frozen=True)
class CheckedFile:
    """An accepted file: the name to show and download it by, its type, size and digest."""

    shown_name: str
    type: EvidenceType
    size: int
    sha256: str


@dataclass(frozen=True)
class EvidenceLink:
    """A web address given as evidence, with any words written before it on its line."""

    url: str
    words: str


def size_words(size: int) -> str:
    """Return a size as people read it: 512 bytes, 300 KB, 4.5 MB."""
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    megabytes = size / (1024 * 1024)
    return f"{megabytes:.0f} MB" if megabytes == int(megabytes) else f"{megabytes:.1f} MB"


def shown_name(raw: str, file_type: EvidenceType | None = None) -> str:
    """Return a file name safe to show and to offer for download, ending as its type does."""
    # The browser's name may carry a path, control characters or a leading dot.
    name = _UNSAFE_IN_NAMES.sub("_", upload_name(raw, LONGEST_SHOWN_NAME))
    name = "".join(
        " " if unicodedata.category(character).startswith("Z") else character
        for character in unicodedata.normalize("NFC", name)
        if character.isprintable() or unicodedata.category(character).startswith("Z")
    )
    name = name.strip(" .") or SHOWN_NAME_WHEN_NONE_LEFT
    if file_type is not None and PurePath(name).suffix.lower() not in file_type.extensions:
        name = upload_name(f"{name}{file_type.extensions[0]}", LONGEST_SHOWN_NAME)
    return name


def stored_name() -> str:
    """Return a new random name to keep a file under, unrelated to any name a user gave."""
    return secrets.token_hex(32)


def detect_type(data: bytes) -> EvidenceType | None:
    """Return the accepted type the bytes are, by their content; None for anything else."""
    for magic, file_type in _MAGIC:
        if data.startswith(magic):
            return file_type
    if data.startswith(_ZIP_MAGIC):
        return _office_package(data)
    return None


def _office_package(data: bytes) -> EvidenceType | None:
    """Return DOCX or XLSX for a real package within the unpacking caps, else None."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            members = package.infolist()
            if len(members) > MOST_ZIP_MEMBERS:
                return None
            unpacked = sum(member.file_size for member in members)
            packed = sum(member.compress_size for member in members)
            if unpacked > MOST_UNPACKED_BYTES or unpacked > MOST_PACKING_RATIO * max(packed, 1):
                return None
            names = {member.filename for member in members}
            if any(member.flag_bits & 0x1 for member in members) or any(
                name.lower().endswith("vbaproject.bin") for name in names
            ):
                return None
            if "[Content_Types].xml" not in names:
                return None
            with package.open("[Content_Types].xml") as part:
                content_types = part.read(MOST_CONTENT_TYPES_BYTES + 1)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
        return None
    if len(content_types) > MOST_CONTENT_TYPES_BYTES:
        return None
    for main_type, main_part, file_type in _OFFICE_PACKAGES:
        if main_part in names and main_type in content_types:
            return file_type
    return None


def check_file(upload: EvidenceUpload, *, largest: int) -> CheckedFile:
    """Return the file's safe name, type, size and digest, or raise what is wrong with it."""
    name = shown_name(upload.name)
    size = len(upload.data)
    if size == 0:
        raise EvidenceProblem(f"{name} is empty; choose the file again, or a different one")
    if size > largest:
        raise EvidenceProblem(
            f"{name} is {size_words(size)}; each file must be {size_words(largest)} or smaller"
        )
    file_type = detect_type(upload.data)
    if file_type is None:
        raise EvidenceProblem(
            f"{name} is not a file the tracker accepts: it must be {ACCEPTED_WORDS}"
        )
    return CheckedFile(
        shown_name=shown_name(upload.name, file_type),
        type=file_type,
        size=size,
        sha256=hashlib.sha256(upload.data).hexdigest(),
    )


def check_files(
    uploads: Sequence[EvidenceUpload], *, largest: int, room_left: int
) -> list[CheckedFile]:
    """Check every file and that together they fit in the room the action has left."""
    if len(uploads) > MOST_FILES_AT_ONCE:
        raise EvidenceProblem(f"Choose {MOST_FILES_AT_ONCE} files or fewer for one update")
    checked = [check_file(upload, largest=largest) for upload in uploads]
    total = sum(file.size for file in checked)
    if total > room_left:
        raise EvidenceProblem(
            f"These files come to {size_words(total)}, and this action has room for "
            f"{size_words(max(room_left, 0))} more evidence; choose fewer or smaller files"
        )
    return checked


def parse_links(lines: Iterable[str]) -> list[EvidenceLink]:
    """Return the web addresses given one per line, or raise which line is not one."""
    links: list[EvidenceLink] = []
    for number, line in enumerate(lines, start=1):
        text = line.strip()
        if not text:
            continue
        words, _, url = text.rpartition(" ")
        if not _is_web_address(url):
            raise EvidenceProblem(
                f"Line {number} of the links does not end with a web address starting "
                "http:// or https://"
            )
        if len(url) > LONGEST_URL or len(words) > LONGEST_LINK_WORDS:
            raise EvidenceProblem(
                f"Line {number} of the links is too long: a web address may be "
                f"{LONGEST_URL:,} characters and the words before it {LONGEST_LINK_WORDS}"
            )
        links.append(EvidenceLink(url=url, words=words.strip()))
    if len(links) > MOST_LINKS_AT_ONCE:
        raise EvidenceProblem(f"Give {MOST_LINKS_AT_ONCE} links or fewer for one update")
    return links


def _is_web_address(text: str) -> bool:
    try:
        parts = urlsplit(text)
    except ValueError:
        return False
    return text.isprintable() and parts.scheme.lower() in ("http", "https") and bool(parts.hostname)

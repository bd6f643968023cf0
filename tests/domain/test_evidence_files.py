"""Evidence files are told by their content, within caps, and named safely however sent."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.evidence_samples import (
    GIF_BYTES,
    HTML_BYTES,
    JPEG_BYTES,
    PDF_BYTES,
    PNG_BYTES,
    SVG_BYTES,
    docx_bytes,
    plain_zip,
    rewritten_docx,
    xlsx_bytes,
    zip_bomb_docx,
)
from tracker.domain.evidence_files import (
    DOCX,
    GIF,
    JPEG,
    MOST_FILES_AT_ONCE,
    MOST_LINKS_AT_ONCE,
    PDF,
    PNG,
    XLSX,
    EvidenceLink,
    EvidenceProblem,
    EvidenceUpload,
    check_file,
    check_files,
    detect_type,
    parse_links,
    shown_name,
    size_words,
    stored_name,
)

MB = 1024 * 1024
MACRO_DOCX = rewritten_docx(
    add={"word/vbaProject.bin": b"\x00" * 100},
)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (PDF_BYTES, PDF),
        (docx_bytes(), DOCX),
        (xlsx_bytes(), XLSX),
        (PNG_BYTES, PNG),
        (JPEG_BYTES, JPEG),
        (GIF_BYTES, GIF),
        (b"GIF87a\x01\x00", GIF),
        (HTML_BYTES, None),
        (SVG_BYTES, None),
        (b"", None),
        (b"   %PDF-1.4", None),
        (b"<html>%PDF-1.4</html>", None),
        (plain_zip(), None),
        (b"PK\x03\x04 not really a zip", None),
        (zip_bomb_docx(), None),
        (MACRO_DOCX, None),
        # A Word document's main part renamed: no document.xml to show.
        (
            rewritten_docx(add={"padding.xml": b"x"}).replace(
                b"word/document.xml", b"word/d0cument.xml"
            ),
            None,
        ),
        (b"MZ\x90\x00", None),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", None),
    ],
    ids=[
        "pdf",
        "docx",
        "xlsx",
        "png",
        "jpeg",
        "gif89",
        "gif87",
        "html",
        "svg",
        "empty",
        "pdf header not first",
        "html holding a pdf header",
        "plain zip",
        "broken zip",
        "zip bomb",
        "macros",
        "docx without its main part",
        "windows program",
        "old office",
    ],
)
def test_a_file_s_type_is_told_by_its_content(data, expected):
    assert detect_type(data) == expected


def test_a_package_unpacking_far_beyond_its_size_is_refused_below_the_total_cap():
    # 20 MB of spaces pack to about 20 KB: a ratio of 1,000, within the 100 MB total.
    squeezed = rewritten_docx({"word/document.xml": b"<a>" + b" " * 20 * MB + b"</a>"})
    assert detect_type(squeezed) is None


def test_a_package_of_too_many_parts_is_refused():
    padded = rewritten_docx(add={f"word/media/pad{n}.bin": b"x" for n in range(1_001)})
    assert detect_type(padded) is None


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("report.pdf", HTML_BYTES, "report.pdf is not a file the tracker accepts"),
        ("chart.svg", SVG_BYTES, "chart.svg is not a file the tracker accepts"),
        ("minutes.docx", zip_bomb_docx(), "minutes.docx is not a file the tracker accepts"),
        ("empty.pdf", b"", "empty.pdf is empty; choose the file again"),
        ("big.pdf", PDF_BYTES + b" " * MB, "big.pdf is 1.0 MB; each file must be 1 MB or smaller"),
        ("../../etc/passwd", b"root:x:0:0", "passwd is not a file the tracker accepts"),
    ],
    ids=["html named pdf", "svg with script", "zip bomb named docx", "empty", "too big", "path"],
)
def test_a_refused_file_is_named_with_what_to_do(name, data, message):
    with pytest.raises(EvidenceProblem, match="^" + message.replace(".", r"\.")):
        check_file(EvidenceUpload(name, data), largest=MB)


@pytest.mark.parametrize(
    ("sent_as", "data", "kept_as"),
    [
        ("Audit report.pdf", PDF_BYTES, "Audit report.pdf"),
        ("AUDIT.PDF", PDF_BYTES, "AUDIT.PDF"),
        ("../../../etc/cron.d/report.pdf", PDF_BYTES, "report.pdf"),
        ("C:\\Users\\lynn\\Desktop\\minutes.docx", docx_bytes(), "minutes.docx"),
        ("..", PDF_BYTES, "evidence.pdf"),
        (".htaccess", PDF_BYTES, "htaccess.pdf"),
        ("report.pdf.html", PDF_BYTES, "report.pdf.html.pdf"),
        ("photo.jpeg", JPEG_BYTES, "photo.jpeg"),
        ("photo.png", JPEG_BYTES, "photo.png.jpg"),
        ('a"b;c<d>.pdf', PDF_BYTES, "a_b_c_d_.pdf"),
        ("line\r\nbreak\x00.pdf", PDF_BYTES, "line break.pdf"),
        ("\u202eevil\u202c.pdf", PDF_BYTES, "evil.pdf"),
        ("", PNG_BYTES, "evidence.png"),
    ],
    # Named by the names alone: the sample Office files' bytes differ from run to run.
    ids=lambda value: None if isinstance(value, str) else "file",
)
def test_a_kept_file_is_named_safely_and_ends_as_its_content_is(sent_as, data, kept_as):
    assert check_file(EvidenceUpload(sent_as, data), largest=MB).shown_name == kept_as


def test_a_kept_file_records_its_size_and_digest():
    checked = check_file(EvidenceUpload("a.pdf", PDF_BYTES), largest=MB)
    assert checked.size == len(PDF_BYTES)
    assert len(checked.sha256) == 64
    assert checked.type.content_type == "application/pdf"


@given(st.text(max_size=300))
def test_a_shown_name_never_holds_a_path_a_header_quote_or_a_control_character(raw):
    name = shown_name(raw, PDF)
    assert name and len(name) <= 120
    assert not set(name) & set('/\\"<>:|?*;\r\n\x00')
    assert name.isprintable()
    assert not name.startswith(".")
    assert name.lower().endswith(".pdf")


def test_stored_names_are_random_and_owe_nothing_to_the_name_given():
    names = {stored_name() for _ in range(100)}
    assert len(names) == 100
    assert all(len(name) == 64 and name.isalnum() for name in names)


def test_files_together_must_fit_the_room_the_action_has_left():
    files = [EvidenceUpload("a.pdf", PDF_BYTES), EvidenceUpload("b.pdf", PDF_BYTES)]
    assert len(check_files(files, largest=MB, room_left=2 * len(PDF_BYTES))) == 2
    with pytest.raises(EvidenceProblem, match="this action has room for 100 bytes more"):
        check_files(files, largest=MB, room_left=100)


def test_too_many_files_at_once_are_refused():
    files = [EvidenceUpload(f"{n}.pdf", PDF_BYTES) for n in range(MOST_FILES_AT_ONCE + 1)]
    with pytest.raises(EvidenceProblem, match=f"Choose {MOST_FILES_AT_ONCE} files or fewer"):
        check_files(files, largest=MB, room_left=100 * MB)


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["https://example.gov.uk/minutes"], [EvidenceLink("https://example.gov.uk/minutes", "")]),
        (
            ["Board minutes  https://example.gov.uk/m?id=7", "", "  http://a.example/x  "],
            [
                EvidenceLink("https://example.gov.uk/m?id=7", "Board minutes"),
                EvidenceLink("http://a.example/x", ""),
            ],
        ),
        ([], []),
        (["   "], []),
    ],
)
def test_links_are_web_addresses_one_per_line_with_words_before_them(lines, expected):
    assert parse_links(lines) == expected


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (["javascript:alert(1)"], "Line 1 of the links does not end with a web address"),
        (["https://ok.example", "data:text/html,<script>"], "Line 2 of the links"),
        (["ftp://files.example/a"], "Line 1"),
        (["https://"], "Line 1"),
        (["see the minutes"], "Line 1"),
        (["https://example.gov.uk/" + "a" * 2_000], "Line 1 of the links is too long"),
        (["https://example.gov.uk/\x00"], "Line 1 of the links does not end"),
        ([f"https://e.example/{n}" for n in range(MOST_LINKS_AT_ONCE + 1)], "20 links or fewer"),
    ],
)
def test_anything_but_a_web_address_is_refused_by_its_line(lines, message):
    with pytest.raises(EvidenceProblem, match=message):
        parse_links(lines)


@pytest.mark.parametrize(
    ("size", "words"),
    [
        (0, "0 bytes"),
        (1023, "1023 bytes"),
        (300 * 1024, "300 KB"),
        (5 * MB, "5 MB"),
        (4.5 * MB, "4.5 MB"),
    ],
)
def test_sizes_are_said_as_people_read_them(size, words):
    assert size_words(int(size)) == words

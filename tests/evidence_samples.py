"""Real and hostile files for the evidence tests: genuine PDFs, Office packages and images."""

from __future__ import annotations

import functools
import io
import zipfile

import openpyxl
from docx import Document

PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
PNG_BYTES = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)
JPEG_BYTES = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
GIF_BYTES = b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"
HTML_BYTES = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG_BYTES = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg">'
    b"<script>alert(document.domain)</script></svg>"
)


def docx_bytes(text: str = "Audit report") -> bytes:
    """Return a real Word document."""
    document = Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    """Return a real Excel workbook."""
    workbook = openpyxl.Workbook()
    workbook.active.append(["Ref", "Audits"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def rewritten_docx(replace: dict[str, bytes] | None = None, add: dict[str, bytes] | None = None):
    """Return a Word document with parts replaced or added."""
    source = zipfile.ZipFile(io.BytesIO(docx_bytes()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = (replace or {}).get(item.filename, source.read(item.filename))
            target.writestr(item.filename, data, zipfile.ZIP_DEFLATED)
        for name, data in (add or {}).items():
            target.writestr(name, data, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


@functools.cache
def zip_bomb_docx() -> bytes:
    """Return a Word document whose body unpacks to 200 MB of spaces: a zip bomb."""
    return rewritten_docx({"word/document.xml": b"<a>" + b" " * 200_000_000 + b"</a>"})


def plain_zip() -> bytes:
    """Return a zip that is no Office package."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", b"hello")
    return buffer.getvalue()

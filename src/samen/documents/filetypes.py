"""Which file types a document may be, decided by the content, never by the file name or the browser.

- PDF: starts with `%PDF-`.
- ODT: a zip whose `mimetype` entry is `application/vnd.oasis.opendocument.text` (OpenDocument 1.2+, part 3).
- DOCX / XLSX: a zip with `[Content_Types].xml` and `word/` resp. `xl/` parts (Office Open XML, ECMA-376).

The file name's extension must then agree with what the content is (a DOCX named `.pdf` is refused):
the name is only used for the download, and a download named after another type misleads its reader.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from typing import BinaryIO

ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


@dataclass(frozen=True)
class FileType:
    key: str
    label: str
    content_type: str
    extensions: tuple[str, ...]


PDF = FileType("pdf", "PDF", "application/pdf", (".pdf",))
ODT = FileType("odt", "ODT", "application/vnd.oasis.opendocument.text", (".odt",))
DOCX = FileType("docx", "DOCX", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", (".docx",))
XLSX = FileType("xlsx", "XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",))
ALLOWED = (PDF, ODT, DOCX, XLSX)
BY_CONTENT_TYPE = {t.content_type: t for t in ALLOWED}


def detect(f: BinaryIO) -> FileType | None:
    """The type of the file's content, or None when it is none of the allowed ones. Leaves `f` at its start."""
    f.seek(0)
    head = f.read(8)
    f.seek(0)
    try:
        if head.startswith(b"%PDF-"):
            return PDF
        if not head.startswith(b"PK\x03\x04"):
            return None
        try:
            with zipfile.ZipFile(f) as z:
                names = set(z.namelist())
                if "mimetype" in names:
                    with z.open("mimetype") as m:  # only its first bytes: never inflate a whole member
                        return ODT if m.read(len(ODT_MIMETYPE) + 1).strip() == ODT_MIMETYPE else None
                if "[Content_Types].xml" in names:
                    if any(n.startswith("word/") for n in names):
                        return DOCX
                    if any(n.startswith("xl/") for n in names):
                        return XLSX
                return None
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, NotImplementedError, RuntimeError, ValueError):
            return None
    finally:
        f.seek(0)

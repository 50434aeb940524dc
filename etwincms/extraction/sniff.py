"""What a file is, from its bytes: PDF, a zip (maybe an office document), text, or other.

Names lie, so only content counts. The upload asks this of the first bytes to decide
whether a file is worth extracting; the child process asks again of the whole file.
"""

from __future__ import annotations

import codecs

#: Bytes the upload looks at; a PDF's header may come after a little junk (spec: 1 KB).
HEAD_BYTES = 8192
PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"
BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
#: Control bytes that do not occur in text (tab, newlines and form feed do).
CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\r\f")
TEXT_KINDS = frozenset({"pdf", "zip", "text"})


def kind(head: bytes, *, partial: bool = True) -> str | None:
    """``pdf``, ``zip``, ``text`` or None; ``partial``: ``head`` may end mid-character."""
    if PDF_MAGIC in head[:1024]:
        return "pdf"
    if head.startswith(ZIP_MAGIC):
        return "zip"
    if decode_text(head, partial=partial) is not None:
        return "text"
    return None


def decode_text(data: bytes, *, partial: bool = False) -> str | None:
    """The bytes as text (UTF-8, UTF-16 with a BOM, else Windows-1252), or None if binary."""
    for bom, codec in BOMS:
        if data.startswith(bom):
            return data.decode(codec, errors="replace")
    if b"\x00" in data:
        return None
    try:
        return codecs.getincrementaldecoder("utf-8")().decode(data, final=not partial)
    except UnicodeDecodeError:
        pass
    controls = sum(data.count(byte) for byte in CONTROL_BYTES)
    if controls > len(data) // 100:
        return None
    return data.decode("cp1252", errors="replace")

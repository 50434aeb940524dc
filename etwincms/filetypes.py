"""The media type a stored non-image file is recorded and served as: its bytes decide.

The first bytes put a file in a family (PDF, zip, old Office, text, SVG, a few audio and
video containers); the name may then only choose among that family's types, all of them
inert (a zip called ``.docx`` is a Word document, a text file called ``.csv`` a sheet). A
name can never move a file out of its family: an HTML page called ``notes.pdf`` stays
unrecognised bytes, and whatever is not recognised is ``application/octet-stream``.
Images are not decided here: :mod:`etwincms.images` decodes and re-encodes them.
"""

from __future__ import annotations

import mimetypes
import re

from .extraction import sniff

OCTET_STREAM = "application/octet-stream"
#: Family -> (its default type, the other types a name may choose within it).
FAMILIES: dict[str, tuple[str, frozenset[str]]] = {
    "pdf": ("application/pdf", frozenset()),
    "zip": (
        "application/zip",
        frozenset(
            {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "application/vnd.openxmlformats-officedocument.presentationml.presentation",
                "application/vnd.oasis.opendocument.text",
                "application/vnd.oasis.opendocument.spreadsheet",
                "application/vnd.oasis.opendocument.presentation",
                "application/epub+zip",
            }
        ),
    ),
    "ole": (
        OCTET_STREAM,
        frozenset(
            {
                "application/msword",
                "application/vnd.ms-excel",
                "application/vnd.ms-powerpoint",
            }
        ),
    ),
    # Text named nothing known stays plain bytes: HTML or a script is never "text/html".
    "text": (
        OCTET_STREAM,
        frozenset(
            {
                "text/plain",
                "text/csv",
                "text/markdown",
                "text/tab-separated-values",
                "application/rtf",
            }
        ),
    ),
    "svg": ("image/svg+xml", frozenset()),
    "mp4": ("video/mp4", frozenset({"audio/mp4"})),
    "webm": ("video/webm", frozenset({"audio/webm"})),
    "ogg": ("audio/ogg", frozenset({"video/ogg"})),
    "mp3": ("audio/mpeg", frozenset()),
    "wav": ("audio/wav", frozenset({"audio/x-wav"})),
}
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: An SVG document: optional XML declaration, comments and doctype, then ``<svg``.
SVG_START = re.compile(
    rb"\A(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*"
    rb"(?:<!DOCTYPE[^>]*>\s*)?(?:<!--.*?-->\s*)*<svg[\s>/]",
    re.IGNORECASE | re.DOTALL,
)


def media_type(head: bytes, name: str) -> str:
    """The type of a file whose first bytes are ``head`` (see :data:`sniff.HEAD_BYTES`)."""
    family = family_of(head)
    if family is None:
        return OCTET_STREAM
    default, others = FAMILIES[family]
    named = mimetypes.guess_type(name)[0]
    return named if named in others else default


def family_of(head: bytes) -> str | None:
    """The family the bytes belong to, or None when they are nothing we recognise."""
    container = container_of(head)
    if container is not None:
        return container
    kind = sniff.kind(head)
    if kind == "text" and SVG_START.match(head):
        return "svg"
    return {"pdf": "pdf", "zip": "zip", "text": "text"}.get(kind or "")


def container_of(head: bytes) -> str | None:
    """Binary formats recognised by their magic numbers."""
    if head.startswith(OLE_MAGIC):
        return "ole"
    if head[4:8] == b"ftyp":
        return "mp4"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "webm"
    if head.startswith(b"OggS"):
        return "ogg"
    if head.startswith(b"ID3") or head[:2] in (b"\xff\xfb", b"\xff\xf3", b"\xff\xf2"):
        return "mp3"
    if head.startswith(b"RIFF") and head[8:12] == b"WAVE":
        return "wav"
    return None

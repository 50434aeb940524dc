"""The headers every uploaded file is served with, by the core and by plugins alike.

Whatever a file holds, opening its address must run nothing in the site's origin and
nothing may frame it: ``nosniff`` makes browsers keep the type we recorded from the bytes,
and the file's own Content-Security-Policy blocks scripts, plugins and forms, sandboxes
the document and forbids framing. ``img-src``/``media-src 'self'`` remain so that a photo
or a video opened directly still shows (the browser's viewer loads it under this policy).
The download name goes in the header as RFC 6266 says: an ASCII fallback with anything
doubtful replaced, and the real name percent-encoded in ``filename*``, so no name (quotes,
line breaks, slashes, bidirectional overrides) can split or bend the header.
"""

from __future__ import annotations

import unicodedata
from urllib.parse import quote

from flask import Response

FILE_CSP = "default-src 'none'; img-src 'self'; media-src 'self'; sandbox; frame-ancestors 'none'"
#: Characters kept as they are in the ASCII fallback name; the rest become ``_``.
FALLBACK_SAFE = frozenset(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ._-()"
)


def protect(response: Response, download_name: str, *, inline: bool) -> Response:
    """Set the file's disposition, ``nosniff`` and its sandboxing CSP on ``response``."""
    response.headers["Content-Disposition"] = content_disposition(
        download_name, inline=inline
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = FILE_CSP
    return response


def content_disposition(name: str, *, inline: bool) -> str:
    """``attachment; filename="..."; filename*=UTF-8''...`` (or ``inline; ...``)."""
    visible = printable(name) or "file"
    fallback = "".join(c if c in FALLBACK_SAFE else "_" for c in visible).strip(" .")
    encoded = quote(visible, safe="")
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename=\"{fallback or 'file'}\"; filename*=UTF-8''{encoded}"


def printable(name: str) -> str:
    """``name`` without control and format characters (bidi overrides, zero widths),
    and with no path separator even once the browser decodes it."""
    kept = "".join(c for c in name if unicodedata.category(c) not in {"Cc", "Cf"})
    return kept.replace("/", "_").replace("\\", "_")

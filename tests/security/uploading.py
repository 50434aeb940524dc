"""Helpers for the upload suites: exact multipart bodies, files on disk, served headers.

The test client writes a file's name raw between quotes, so a name holding a quote or a
line break would break its own request before reaching the server. :func:`multipart`
sends every name percent-encoded in RFC 2231's ``filename*`` (which Werkzeug decodes), so
the application receives the hostile name exactly, NUL and CR/LF included.
"""

from __future__ import annotations

import io
import re
import unicodedata
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

from flask.testing import FlaskClient
from PIL import Image

from etwincms.testing import csrf_token

#: What a storage key looks like: ``ab/cd/abcd...`` (the hex SHA-256 of the bytes).
KEY = re.compile(r"[0-9a-f]{2}/[0-9a-f]{2}/[0-9a-f]{64}")
#: A safe Content-Disposition: ASCII fallback without quotes, then RFC 6266's ``filename*``.
DISPOSITION = re.compile(
    r"(?P<kind>inline|attachment); filename=\"[A-Za-z0-9 ._()-]+\"; "
    r"filename\*=UTF-8''(?P<encoded>[A-Za-z0-9%._~-]+)"
)


def multipart(
    fields: dict[str, str],
    files: list[tuple[str, bytes]],
    declared: str = "application/octet-stream",
) -> tuple[bytes, str]:
    """A ``multipart/form-data`` body and its content type, names sent exactly, every
    file claiming to be of the ``declared`` type."""
    boundary = f"----etwincms{uuid.uuid4().hex}"
    out = io.BytesIO()
    for name, value in fields.items():
        out.write(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
        )
        out.write(value.encode() + b"\r\n")
    for filename, body in files:
        sent = (
            f"filename*=UTF-8''{quote(filename, safe='')}"
            if filename
            else 'filename=""'
        )
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; {sent}\r\n'
        )
        out.write(head.encode() + f"Content-Type: {declared}\r\n\r\n".encode())
        out.write(body + b"\r\n")
    out.write(f"--{boundary}--\r\n".encode())
    return out.getvalue(), f"multipart/form-data; boundary={boundary}"


def post_files(
    client: FlaskClient,
    url: str,
    files: list[tuple[str, bytes]],
    declared: str = "application/octet-stream",
    **headers: str,
) -> Any:
    """POST ``files`` as the signed-in member would, with the form's CSRF token."""
    token = csrf_token(client.get("/spaces").get_data(as_text=True))
    body, content_type = multipart({"csrf_token": token}, files, declared)
    return client.post(url, data=body, content_type=content_type, headers=headers)


def files_under(root: Path) -> set[Path]:
    return {path for path in root.rglob("*") if path.is_file()}


def png(seed: int = 0) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (seed % 256, 40, 90)).save(out, "PNG")
    return out.getvalue()


def visible(name: str) -> bool:
    """No path separator, control character or invisible formatting character."""
    bad = {"Cc", "Cf"}
    return (
        "/" not in name
        and "\\" not in name
        and not any(unicodedata.category(c) in bad for c in name)
    )


def check_disposition(header: str, *, inline: bool) -> str:
    """Assert ``header`` is a safe RFC 6266 value; answer the name a browser saves as."""
    assert "\r" not in header and "\n" not in header, header
    found = DISPOSITION.fullmatch(header)
    assert found is not None, header
    assert found["kind"] == ("inline" if inline else "attachment"), header
    name = unquote(found["encoded"])
    assert name and visible(name), header
    return name

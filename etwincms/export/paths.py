"""Paths inside the export: safe relative names, and how one file reaches another.

Every file of the export lives at a ``/``-separated relative path. Plugins name their
pages; those names are cleaned (no ``..``, no absolute path, no clash with the export's
own files or another page), so a plugin can never write outside the site or over
another page.
"""

from __future__ import annotations

import posixpath
import re
import unicodedata

#: Files the exporter writes itself; no page may take their place.
RESERVED = frozenset({"index.html", "LICENSE.txt", "README.txt"})
RESERVED_FOLDERS = ("assets/",)
UNSAFE = re.compile(r"[^A-Za-z0-9._/-]+")


def clean_path(path: str, *, suffix: str = ".html") -> str:
    """A safe relative path for ``path`` (unsafe characters become ``-``)."""
    ascii_path = unicodedata.normalize("NFKD", path).encode("ascii", "ignore").decode()
    parts = [UNSAFE.sub("-", part).strip("-.") for part in ascii_path.split("/")]
    cleaned = "/".join(part for part in parts if part) or "page"
    if suffix and not cleaned.endswith(suffix):
        cleaned += suffix
    return cleaned


def unique_path(path: str, taken: set[str]) -> str:
    """``path`` cleaned, with ``-2``, ``-3``... added when it is taken or reserved."""
    cleaned = clean_path(path)
    if cleaned.startswith(RESERVED_FOLDERS):
        cleaned = f"_{cleaned}"  # a folder of the exporter's own: moved beside it
    stem, dot, ext = cleaned.rpartition(".")
    candidate, number = cleaned, 1
    while candidate in taken or is_reserved(candidate):
        number += 1
        candidate = f"{stem}-{number}{dot}{ext}"
    taken.add(candidate)
    return candidate


def is_reserved(path: str) -> bool:
    return path in RESERVED or path.startswith(RESERVED_FOLDERS)


def root_prefix(path: str) -> str:
    """How the file at ``path`` reaches the export's root (``"../"`` per folder)."""
    return "../" * path.count("/")


def relative(from_path: str, to_path: str) -> str:
    """The link from the file at ``from_path`` to the file at ``to_path``."""
    start = posixpath.dirname(from_path) or "."
    return posixpath.relpath(to_path, start)


def resolve(from_path: str, link: str) -> str | None:
    """The export path a relative ``link`` in ``from_path`` points to (None: outside)."""
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(from_path), link))
    if joined.startswith("../") or joined == ".." or joined.startswith("/"):
        return None
    return joined

"""Content-addressed storage for uploaded files, behind a small interface.

A file is stored once under the hex SHA-256 of its bytes (``ab/cd/abcd...``), whatever
it was called; the original name is metadata in the database and never becomes a path.
Uploads stream to a temporary file in the same folder while being hashed and measured,
so an oversized upload is refused without ever being stored.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Protocol

from flask_babel import gettext as _

from .errors import ValidationError

CHUNK = 64 * 1024


@dataclass(frozen=True, slots=True)
class StoredFile:
    key: str
    sha256: str
    size: int


class Storage(Protocol):
    def put(self, stream: BinaryIO, *, max_bytes: int) -> StoredFile: ...
    def open(self, key: str) -> BinaryIO: ...
    def exists(self, key: str) -> bool: ...


class LocalStorage:
    """Files in a folder of the local disk (the embedded default)."""

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root)

    def put(self, stream: BinaryIO, *, max_bytes: int) -> StoredFile:
        """Store the stream's bytes; raise ValidationError past ``max_bytes``."""
        self.root.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=self.root, delete=False) as tmp:
            try:
                digest, size = copy_hashed(stream, tmp, max_bytes)
            except BaseException:
                tmp.close()
                os.unlink(tmp.name)
                raise
        key = f"{digest[:2]}/{digest[2:4]}/{digest}"
        target = self.root / key
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(tmp.name, target)
        return StoredFile(key=key, sha256=digest, size=size)

    def open(self, key: str) -> BinaryIO:
        return (self.root / safe_key(key)).open("rb")

    def exists(self, key: str) -> bool:
        return (self.root / safe_key(key)).is_file()


def copy_hashed(source: BinaryIO, target: BinaryIO, max_bytes: int) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    while chunk := source.read(CHUNK):
        size += len(chunk)
        if size > max_bytes:
            raise ValidationError(
                _(
                    "The file is larger than the limit of %(limit)s.",
                    limit=readable_size(max_bytes),
                ),
                field="file",
            )
        digest.update(chunk)
        target.write(chunk)
    return digest.hexdigest(), size


def readable_size(size: int) -> str:
    """``2 GB``, ``12.5 MB``, ``300 KB`` or ``10 bytes`` (binary units, as limits are)."""
    for unit, scale in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if size >= scale:
            return f"{size / scale:.1f}".removesuffix(".0") + f" {unit}"
    return f"{size} bytes"


def safe_key(key: str) -> str:
    parts = key.split("/")
    if len(parts) != 3 or not all(part.isalnum() for part in parts):
        raise ValueError(f"not a storage key: {key!r}")
    return key

"""A person's data as one download: ``data.json`` (the export) and the files they uploaded.

Export hooks name a stored file by giving a row a ``stored_file`` (its storage key) and,
optionally, an ``original_name``. The archive copies each such file to
``files/<section>/<n>-<safe name>`` and puts that path in ``data.json`` instead of the
key: storage keys are internal, and the names people gave their files are not trusted
as paths.
"""

from __future__ import annotations

import json
import re
import tempfile
import zipfile
from collections.abc import Iterator
from typing import Any, BinaryIO

from sqlalchemy.orm import Session

from ..models import User
from ..state import get_state
from .privacy import export_personal_data

UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
#: Archives up to this size stay in memory; bigger ones go to a temporary file.
IN_MEMORY = 8 * 1024 * 1024


def data_archive(session: Session, actor: User, user: User) -> BinaryIO:
    """The zip of ``user``'s data, as ``actor`` may see it (see :func:`export_personal_data`).

    Videos make archives large: past a few megabytes it is written to a temporary file
    rather than held in memory. The caller reads it from the start and closes it.
    """
    export = export_personal_data(session, actor, user)
    buffer = tempfile.SpooledTemporaryFile(max_size=IN_MEMORY)  # noqa: SIM115 (returned)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for section, data in export.items():
            for number, row in enumerate(file_rows(data), start=1):
                row["stored_file"] = add_file(archive, section, number, row)
        archive.writestr("data.json", json.dumps(export, indent=2, ensure_ascii=False))
    buffer.seek(0)
    return buffer


def file_rows(data: Any) -> Iterator[dict[str, Any]]:
    """Every mapping inside ``data`` that names a stored file."""
    if isinstance(data, dict):
        if isinstance(data.get("stored_file"), str):
            yield data
        for value in data.values():
            yield from file_rows(value)
    elif isinstance(data, list):
        for item in data:
            yield from file_rows(item)


def add_file(
    archive: zipfile.ZipFile, section: str, number: int, row: dict[str, Any]
) -> str | None:
    """Copy the row's file into the archive; its path there (None: the file is gone)."""
    storage = get_state().storage
    if not storage.exists(row["stored_file"]):
        return None
    path = f"files/{safe_name(section)}/{number}-{safe_name(row.get('original_name'))}"
    with storage.open(row["stored_file"]) as source, archive.open(path, "w") as target:
        while chunk := source.read(64 * 1024):
            target.write(chunk)
    return path


def safe_name(name: Any) -> str:
    """A file name with no path, no dots in front, nothing but plain characters."""
    cleaned = UNSAFE.sub("_", str(name or "file")).lstrip("._")
    return cleaned[-100:] or "file"

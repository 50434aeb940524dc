"""``export_space``: write one space, with its people's accounts and its files, to an archive.

The rows are read in one transaction (a consistent picture while the site runs), turned
into JSON table by table, and written with every stored file they name; the manifest
comes last, with the counts and checksums. The archive is written under a temporary name
and renamed when complete, so a failed export never leaves half a file behind.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from flask import Flask
from sqlalchemy import select
from sqlalchemy.engine import Connection, Engine

from .. import __version__
from ..db import Base
from ..models import Project
from .collect import SpaceRows, collect_space, storage_keys
from .package import (
    FORMAT,
    KIND,
    MANIFEST,
    ArchiveError,
    ArchiveWriter,
    atomic_target,
    file_member,
    is_zip,
    table_member,
    write_json,
)

T = TypeVar("T")
Progress = Callable[[Iterable[T], str], Iterable[T]]


def quietly(items: Iterable[T], _label: str) -> Iterable[T]:
    return items


def export_space(
    app: Flask, slug: str, target: Path, progress: Progress[Any] = quietly
) -> dict[str, Any]:
    """Write the archive of the space ``slug`` to ``target`` (``.zip`` or ``.tar.gz``)."""
    state = app.extensions["etwincms"]
    with snapshot(state.db.engine) as connection:
        project_id = connection.scalar(select(Project.id).where(Project.slug == slug))
        if project_id is None:
            raise ArchiveError(f"No space has the address {slug!r}.")
        data = collect_space(connection, Base.metadata, project_id)
    keys = storage_keys(data)
    with atomic_target(target) as partial:
        writer = ArchiveWriter(partial, as_zip=is_zip(target))
        try:
            missing = write_members(writer, data, keys, state.storage, progress)
            manifest = build_manifest(slug, data, writer.checksums, missing)
            write_json(writer, MANIFEST, manifest)
        finally:
            writer.close()
    return manifest


@contextmanager
def snapshot(engine: Engine) -> Iterator[Connection]:
    """One transaction that sees one state of the database from its first read to its
    last (PostgreSQL's default isolation would let later tables see newer rows)."""
    with engine.connect() as connection:
        if engine.dialect.name == "postgresql":
            connection = connection.execution_options(isolation_level="REPEATABLE READ")
        with connection.begin():
            yield connection


def write_members(
    writer: ArchiveWriter,
    data: SpaceRows,
    keys: list[str],
    storage: Any,
    progress: Progress[Any],
) -> list[str]:
    """Write the tables, then the files; answer the keys whose file is gone."""
    for name, rows in data.all_tables():
        write_json(writer, table_member(name), rows)
    missing = []
    for key in progress(keys, "Copying files"):
        if not storage.exists(key):
            missing.append(key)
            continue
        with storage.open(key) as source:
            writer.add_stream(file_member(key), source)
    return missing


def build_manifest(
    slug: str, data: SpaceRows, checksums: dict[str, str], missing: list[str]
) -> dict[str, Any]:
    return {
        "kind": KIND,
        "format": FORMAT,
        "etwincms_version": __version__,
        "space": slug,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "tables": {name: len(rows) for name, rows in data.space.items()},
        "shared_tables": {name: len(rows) for name, rows in data.shared.items()},
        "person_tables": {name: len(rows) for name, rows in data.personal.items()},
        "files": sum(name.startswith("files/") for name in checksums),
        "missing_files": missing,
        "checksums": dict(sorted(checksums.items())),
    }

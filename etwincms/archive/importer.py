"""``import_space``: restore a space archive into this installation, with nothing lost.

Before anything is written, the archive is checked (its manifest, its member list, every
member's SHA-256), the space's address must be free here (or a new one is given), and
every table and column it holds must exist here (a plugin not installed here stops the
import with its table named). The rows are then written in the caller's transaction
(:class:`.restore.Restorer`), the files copied into this installation's storage (content
addressed: the same bytes get the same key), and a search reindex of the space queued.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .. import stamps
from ..db import Base
from ..models import Material, Page, Project, ProjectPlugin, SearchOutbox
from ..search import outbox
from ..services import audit
from ..services.validation import valid_slug
from .package import (
    FILE_MEMBER,
    ArchiveError,
    ArchiveReader,
    check_members,
    checked_bytes,
    read_manifest,
    table_member,
    verify_all,
)
from .restore import Restorer
from .scope import person_tables

Progress = Callable[[Iterable[Any], str], Iterable[Any]]
#: The manifest's row counts: the space's tables, shared rows, one-row-per-person tables.
SECTIONS = ("tables", "shared_tables", "person_tables")


def quietly(items: Iterable[Any], _label: str) -> Iterable[Any]:
    return items


@dataclass
class ImportResult:
    """What an import did: the space, the renumbering, the people matched or renamed."""

    project: Project
    mapping: dict[str, dict[Any, Any]]
    rows: int
    files: int
    matched_users: list[str] = field(default_factory=list)
    renamed_users: dict[str, str] = field(default_factory=dict)
    #: Optional references to rows the archive did not hold, left empty.
    cleared_references: int = 0

    def summary(self) -> str:
        text = (
            f"Imported the space /s/{self.project.slug}/: {self.rows} rows, {self.files} files; "
            f"{len(self.matched_users)} existing accounts matched, "
            f"{len(self.renamed_users)} new accounts renamed."
        )
        if self.cleared_references:
            text += (
                f" {self.cleared_references} references to rows outside the archive "
                "were left empty."
            )
        return text


def import_space(
    session: Session,
    path: Path,
    storage: Any,
    *,
    slug: str | None = None,
    progress: Progress = quietly,
) -> ImportResult:
    """Check the archive at ``path`` and write its space into ``session``'s transaction."""
    reader = ArchiveReader(path)
    try:
        manifest = read_manifest(reader)
        check_members(reader, manifest)
        verify_all(reader, manifest, progress)
        target_slug = free_target_slug(session, slug or manifest["space"])
        tables = load_tables(reader, manifest)
        check_schema(tables)
        files = copy_files(reader, manifest, storage, progress)
    finally:
        reader.close()
    restorer = Restorer(
        session.connection(),
        manifest["space"],
        target_slug,
        person_columns={
            n: c.name
            for n, c in person_tables(Base.metadata, manifest["tables"]).items()
        },
    )
    try:
        restorer.restore(tables)
    except IntegrityError as exc:
        raise ArchiveError(
            f"The archive does not fit this installation's data: {exc.orig}"
        ) from exc
    return finish(session, restorer, tables, files, manifest)


def free_target_slug(session: Session, wanted: str) -> str:
    slug = valid_slug(wanted.strip().lower())
    if session.scalar(select(Project.id).where(Project.slug == slug)) is not None:
        raise ArchiveError(
            f"A space with the address {slug!r} already exists here: "
            "import with --slug NEW-ADDRESS to give the imported space another one."
        )
    return slug


def load_tables(
    reader: ArchiveReader, manifest: dict[str, Any]
) -> dict[str, list[dict[str, Any]]]:
    names = [name for section in SECTIONS for name in manifest.get(section, {})]
    tables = {
        name: json.loads(checked_bytes(reader, manifest, table_member(name)))
        for name in names
    }
    wrong = [n for n, rows in tables.items() if len(rows) != counted(manifest, n)]
    if wrong:
        raise ArchiveError(
            f"Row counts differ from the manifest in {wrong}: the archive is damaged."
        )
    return tables


def counted(manifest: dict[str, Any], name: str) -> int:
    found = (manifest.get(section, {}).get(name) for section in SECTIONS)
    return next((count for count in found if count is not None), -1)


def check_schema(tables: dict[str, list[dict[str, Any]]]) -> None:
    """Every table and column of the archive exists here (else: which plugin is missing)."""
    missing_tables = sorted(
        n for n, rows in tables.items() if rows and n not in Base.metadata.tables
    )
    if missing_tables:
        raise ArchiveError(
            f"This installation has no table {', '.join(missing_tables)}: install and "
            "switch on the plugins the space used (the table names start with the plugin's), "
            "and upgrade the database (etwincms db upgrade)."
        )
    for name, rows in tables.items():
        unknown = (
            sorted(set(rows[0]) - set(Base.metadata.tables[name].c.keys()))
            if rows
            else []
        )
        if unknown:
            raise ArchiveError(
                f"The table {name} here has no column {', '.join(unknown)}: the archive was "
                "made by a newer etwincms or plugin; upgrade this installation first."
            )


def copy_files(
    reader: ArchiveReader, manifest: dict[str, Any], storage: Any, progress: Progress
) -> int:
    """Put every archived file into this installation's storage (same bytes, same key)."""
    names = [n for n in manifest["checksums"] if FILE_MEMBER.fullmatch(n)]
    for name in progress(sorted(names), "Copying files"):
        with reader.open(name) as stream:  # checked by verify_all; the key re-checks it
            stored = storage.put(stream, max_bytes=sys.maxsize)
        if f"files/{stored.key}" != name:
            raise ArchiveError(
                f"The file {name} does not hold the bytes its name promises."
            )
    return len(names)


def finish(
    session: Session,
    restorer: Restorer,
    tables: dict[str, list[dict[str, Any]]],
    files: int,
    manifest: dict[str, Any],
) -> ImportResult:
    """Load the new space, queue its reindex, record the import in the audit log."""
    project_id = restorer.mapping["project"][tables["project"][0]["id"]]
    project = session.get_one(Project, project_id)  # inserted in this transaction
    queue_reindex(session, project)
    # Written through the connection, out of the stamps' sight; people are site-wide.
    stamps.touch(session, stamps.SITE)
    stamps.touch(session, project.id)
    audit.record(
        session, None, "space.import", project, project,
        archive_created_at=manifest["created_at"], from_space=manifest["space"],
    )  # fmt: skip
    return ImportResult(
        project=project,
        mapping=restorer.mapping,
        rows=sum(len(rows) for rows in tables.values()),
        files=files,
        matched_users=restorer.matched_users,
        renamed_users=restorer.renamed_users,
        cleared_references=restorer.dropped_references,
    )


def queue_reindex(session: Session, project: Project) -> None:
    """Index the space's pages, materials and every switched-on plugin's documents."""
    page_ids = session.scalars(select(Page.id).where(Page.project_id == project.id))
    outbox.enqueue_pages(session, project, list(page_ids))
    materials = session.scalars(
        select(Material.id).where(Material.project_id == project.id)
    )
    session.add_all(
        SearchOutbox(action="index", target=f"material:{mid}", project_id=project.id)
        for mid in materials
    )
    plugins = session.scalars(
        select(ProjectPlugin.plugin).where(
            ProjectPlugin.project_id == project.id, ProjectPlugin.enabled.is_(True)
        )
    )
    for plugin in plugins:
        outbox.enqueue_plugin(session, project, plugin)

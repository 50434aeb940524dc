"""Recording index work with content changes, and draining it into the index after commit.

``install(sessionmaker)`` watches flushes: a new revision, a changed page or material
adds an ``index`` row to the same transaction. Bulk ``UPDATE``s that the ORM does not
see (a subtree moved to the trash) call :func:`enqueue_pages` themselves, and plugins
call :func:`enqueue_plugin` when their content changes. :func:`drain` applies pending
rows to the backend and deletes them only after the index has committed.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import delete, event, func, select
from sqlalchemy.orm import Session, sessionmaker

from ..models import Material, Page, Project, Revision, SearchOutbox
from . import documents
from .backend import SearchBackend

log = logging.getLogger(__name__)
BATCH = 500
CHANGED = "search_changed"
#: Set when a flush wrote outbox rows: the commit after it should drain them.
WROTE = "search_outbox_written"


def install(factory: sessionmaker[Session]) -> None:
    """Watch the flushes of sessions made by ``factory`` (one application's)."""
    event.listen(factory, "after_flush", note_changes)
    event.listen(factory, "after_flush_postexec", record_changes)


def note_changes(session: Session, _context: Any) -> None:
    """Collect what a flush wrote (ids are known now; the lists are still pre-flush)."""
    targets: set[tuple[str, int | None]] = session.info.setdefault(CHANGED, set())
    for obj in (*session.new, *session.dirty):
        if isinstance(obj, Revision):
            targets.add((f"page:{obj.page_id}", None))
        elif isinstance(obj, Page):
            targets.add((f"page:{obj.id}", obj.project_id))
        elif isinstance(obj, Material):
            targets.add((f"material:{obj.id}", obj.project_id))
    for obj in session.deleted:
        if isinstance(obj, Project):
            targets.add(("space", obj.id))


def record_changes(session: Session, _context: Any) -> None:
    """Add the outbox rows once the flush is over (they go with the same commit)."""
    changed = session.info.pop(CHANGED, None)
    if changed:
        session.info[WROTE] = True
        session.add_all(
            SearchOutbox(action="index", target=target, project_id=project_id)
            for target, project_id in changed
        )


def enqueue_pages(session: Session, project: Project, page_ids: Iterable[int]) -> None:
    enqueue(session, project, "page", page_ids)


def enqueue(session: Session, project: Project, kind: str, ids: Iterable[int]) -> None:
    """Index these core items (``page`` or ``material``) again after the commit."""
    session.info[WROTE] = True
    session.add_all(
        SearchOutbox(action="index", target=f"{kind}:{pk}", project_id=project.id)
        for pk in ids
    )


def enqueue_core(session: Session, project: Project) -> None:
    """Index all of the space's pages and files again after the commit."""
    for kind, model in (("page", Page), ("material", Material)):
        ids = session.scalars(select(model.id).where(model.project_id == project.id))
        enqueue(session, project, kind, ids)


def enqueue_plugin(session: Session, project: Project, plugin: str) -> None:
    """The plugin's documents in this space changed: rebuild them from its hook."""
    session.info[WROTE] = True
    session.add(SearchOutbox(action="plugin", target=plugin, project_id=project.id))


def pending(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(SearchOutbox)) or 0


def drain(session: Session, backend: SearchBackend) -> int:
    """Apply pending rows to the index; answer how many were applied."""
    done = 0
    while rows := list(
        session.scalars(select(SearchOutbox).order_by(SearchOutbox.id).limit(BATCH))
    ):
        apply_rows(session, backend, rows)
        session.execute(
            delete(SearchOutbox).where(SearchOutbox.id.in_([r.id for r in rows]))
        )
        session.commit()
        done += len(rows)
    return done


def apply_rows(
    session: Session, backend: SearchBackend, rows: list[SearchOutbox]
) -> None:
    wanted: dict[str, set[int]] = defaultdict(set)
    for row in rows:
        if row.action == "index" and ":" in row.target:
            kind, _, pk = row.target.partition(":")
            wanted[kind].add(int(pk))
        elif row.action == "plugin" and row.project_id is not None:
            reindex_plugin(session, backend, row.project_id, row.target)
        elif row.action == "index" and row.target == "space":
            backend.delete_space(row.project_id or 0)
    found = [
        *documents.live_pages(session, wanted["page"]),
        *documents.live_materials(session, wanted["material"]),
    ]
    present = {doc.id for doc in found}
    ids = (f"{kind}:{pk}" for kind, pks in wanted.items() for pk in pks)
    gone = [doc_id for doc_id in ids if doc_id not in present]
    # Each call is a commit of the index (a new segment in Whoosh): skip empty ones.
    if found:
        backend.index(found)
    if gone:
        backend.delete(gone)


def reindex_plugin(
    session: Session, backend: SearchBackend, project_id: int, plugin: str
) -> None:
    project = session.get(Project, project_id)
    if project is None:
        return
    backend.replace_plugin(
        project_id, plugin, list(documents.plugin_documents(project, plugin))
    )

"""The core's searchable content as documents: pages (their current text) and materials.

A page's document links to its stable ``/-/id/<id>`` address, so moves and renames never
make an indexed URL stale. Text comes from the sanitized HTML with the tags removed, so
what is searchable is exactly what readers see. Materials are members-only and carry the
text extracted from them (when there is any). Plugins narrow who finds a page or file
with the ``search_audience`` hook (a working group's are its members').
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Iterator

import nh3
from flask import url_for
from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from ..hooktypes import SearchDocument
from ..models import Material, Page, Project, Revision
from ..plugins import enabled_plugin_names, project_hooks
from ..state import get_state


def plain_text(rendered: str) -> str:
    return " ".join(html.unescape(nh3.clean(rendered, tags=set())).split())


def page_document(
    page: Page, revision: Revision | None, project: Project
) -> SearchDocument:
    return SearchDocument(
        id=f"page:{page.id}",
        project_id=project.id,
        type="page",
        title=page.title,
        body=plain_text(revision.rendered_html) if revision else "",
        url=url_for("pages.by_id", slug=project.slug, page_id=page.id),
        plugin="core",
        language=(project.languages or [""])[0],
        visibility=page.visibility.value,
        updated_at=page.updated_at,
        audience=audience_of(project, page),
    )


def material_document(material: Material, project: Project) -> SearchDocument:
    return SearchDocument(
        id=f"material:{material.id}",
        project_id=project.id,
        type="material",
        title=material.original_name,
        body=material.extracted_text or "",
        url=url_for(
            "materials.file",
            slug=project.slug,
            material_id=material.id,
            name=material.original_name,
        ),
        plugin="core",
        language=(project.languages or [""])[0],
        visibility="members",
        updated_at=material.created_at,
        audience=audience_of(project, material),
    )


def audience_of(project: Project, obj: Page | Material) -> str:
    """Who among the space's readers may find ``obj``: a plugin's tag, or everyone."""
    return project_hooks(project).search_audience(project=project, obj=obj) or ""


def live_pages(session: Session, page_ids: Iterable[int]) -> Iterator[SearchDocument]:
    """Documents of the live pages among ``page_ids`` (trashed and missing ones skipped)."""
    rows = session.execute(
        select(Page, Revision, Project)
        .outerjoin(
            Revision,
            and_(Revision.page_id == Page.id, Revision.number == Page.current_number),
        )
        .join(Project, Project.id == Page.project_id)
        .where(Page.id.in_(list(page_ids)), Page.deleted_at.is_(None))
    )
    for page, revision, project in rows:
        yield page_document(page, revision, project)


def live_materials(session: Session, ids: Iterable[int]) -> Iterator[SearchDocument]:
    rows = session.execute(
        select(Material, Project)
        .join(Project, Project.id == Material.project_id)
        .where(Material.id.in_(list(ids)), Material.deleted_at.is_(None))
    )
    for material, project in rows:
        yield material_document(material, project)


def space_documents(session: Session, project: Project) -> Iterator[SearchDocument]:
    """Everything searchable in a space: core content and every enabled plugin's."""
    page_ids = session.scalars(select(Page.id).where(Page.project_id == project.id))
    yield from live_pages(session, page_ids)
    material_ids = session.scalars(
        select(Material.id).where(Material.project_id == project.id)
    )
    yield from live_materials(session, material_ids)
    for batch in project_hooks(project).search_documents(project=project):
        yield from batch


def plugin_documents(project: Project, plugin: str) -> Iterator[SearchDocument]:
    """One plugin's searchable documents in a space (none when the space has it off)."""
    if plugin not in enabled_plugin_names(project):
        return
    pm = get_state().plugins.pm
    others = [p for p in pm.get_plugins() if pm.get_name(p) != plugin]
    caller = pm.subset_hook_caller("search_documents", remove_plugins=others)
    for batch in caller(project=project):
        yield from (document for document in batch if document.plugin == plugin)

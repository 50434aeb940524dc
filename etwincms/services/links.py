"""Links between pages, and pages' uses of materials: kept at save, read as lists.

``record_references`` rewrites a page's rows from its newly rendered HTML in the save's
transaction; ``links_here`` and ``pages_using`` answer "what links here" and a
material's "where used" with pages the reader may see.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ..content.links import find_references
from ..models import Material, MaterialUse, Page, PageLink, Project, User
from ..permissions import can


def record_references(
    session: Session,
    project: Project,
    page: Page,
    html: str,
    previous_html: str | None = None,
) -> None:
    """Replace ``page``'s outgoing links and material uses with those in ``html``.

    ``previous_html`` is the page's text before this change, when the caller knows it
    (``""`` for a new page). A page's rows are always the existing targets of its
    current text's references, because every change comes through here; so when the
    references are the same there is nothing to write (most edits change no link).
    """
    refs = find_references(html, project.slug)
    if previous_html is not None and refs == find_references(
        previous_html, project.slug
    ):
        return
    in_space = {"content_scope": project.id}
    session.execute(
        delete(PageLink).where(PageLink.source_page_id == page.id),
        execution_options=in_space,
    )
    session.execute(
        delete(MaterialUse).where(MaterialUse.page_id == page.id),
        execution_options=in_space,
    )
    targets = existing_ids(session, Page, project, refs.page_ids - {page.id})
    materials = existing_ids(session, Material, project, refs.material_ids)
    session.add_all(PageLink(source_page_id=page.id, target_page_id=t) for t in targets)
    session.add_all(MaterialUse(page_id=page.id, material_id=m) for m in materials)


def existing_ids(
    session: Session,
    model: type[Page] | type[Material],
    project: Project,
    ids: frozenset[int],
) -> list[int]:
    if not ids:
        return []
    return list(
        session.scalars(
            select(model.id).where(model.id.in_(ids), model.project_id == project.id)
        )
    )


def links_here(
    session: Session, actor: User | None, project: Project, page: Page
) -> list[Page]:
    """Pages (not in the trash, readable by ``actor``) whose text links to ``page``."""
    query = (
        select(Page)
        .join(PageLink, PageLink.source_page_id == Page.id)
        .where(PageLink.target_page_id == page.id, Page.deleted_at.is_(None))
        .order_by(Page.title)
    )
    return readable(actor, project, session.scalars(query))


def pages_using(
    session: Session, actor: User | None, project: Project, material: Material
) -> list[Page]:
    """Pages (not in the trash, readable by ``actor``) that link or show ``material``."""
    query = (
        select(Page)
        .join(MaterialUse, MaterialUse.page_id == Page.id)
        .where(MaterialUse.material_id == material.id, Page.deleted_at.is_(None))
        .order_by(Page.title)
    )
    return readable(actor, project, session.scalars(query))


def readable(actor: User | None, project: Project, pages: Iterable[Page]) -> list[Page]:
    return [page for page in pages if can(actor, "page.view", project, page)]

"""The core's contributions (pages and materials) for phase views, reports and exports.

Ids are the search documents' (``"page:<pk>"``, ``"material:<pk>"``, see
:mod:`etwincms.search.documents`), so a tag, a moderation entry and a search hit name
the same item. A page's author is whoever wrote its first revision; it is public when
both the page and the space are, and a public page counts as an output. Materials stay
members-only, so they are never public here.
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import and_, select

from .. import hookimpl
from ..db import get_session
from ..hooktypes import Contribution
from ..models import Material, Page, Project, ProjectStatus, Revision


def page_url(project: Project, page: Page) -> str:
    return f"/s/{project.slug}/{page.path}"


def material_url(project: Project, material: Material) -> str:
    return f"/s/{project.slug}/-/materials/{material.id}"


def space_is_public(project: Project) -> bool:
    """Visitors read a space's public pages only when it is public and not a draft."""
    return project.is_public and project.status is not ProjectStatus.DRAFT


def page_contributions(project: Project) -> Iterator[Contribution]:
    rows = get_session().execute(
        select(Page, Revision.author_id)
        .outerjoin(Revision, and_(Revision.page_id == Page.id, Revision.number == 1))
        .where(Page.project_id == project.id, Page.deleted_at.is_(None))
        .order_by(Page.id)
    )
    for page, author_id in rows:
        public = page.is_public and space_is_public(project)
        yield Contribution(
            id=f"page:{page.id}",
            type="page",
            plugin="core",
            title=page.title,
            url=page_url(project, page),
            author_id=author_id,
            created_at=page.created_at,
            public=public,
            output=public,
        )


def material_contributions(project: Project) -> Iterator[Contribution]:
    found = get_session().scalars(
        select(Material)
        .where(Material.project_id == project.id, Material.deleted_at.is_(None))
        .order_by(Material.id)
    )
    for material in found:
        yield Contribution(
            id=f"material:{material.id}",
            type="material",
            plugin="core",
            title=material.original_name,
            url=material_url(project, material),
            author_id=material.uploader_id,
            created_at=material.created_at,
        )


@hookimpl
def space_contributions(project: Project) -> list[Contribution]:
    return [*page_contributions(project), *material_contributions(project)]

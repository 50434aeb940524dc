"""The core's side of the export: a space's public pages and the files they show.

A page is exported when a visitor reads it today: the space is public (and not a
draft), the page is public and not in the trash, and every page above it is public
too. Its body is the current revision's HTML, sanitized when it was saved; the library
files it shows travel with it.
"""

from __future__ import annotations

import html as html_module
from collections.abc import Iterator

import nh3
from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from ..hooktypes import ExportPage
from ..models import Page, Project, ProjectStatus, Revision
from ..services.tree import TreeNode, flatten, page_tree
from .materials import carry_materials

PAGES_FOLDER = "pages"


def public_page_tree(session: Session, project: Project) -> list[TreeNode]:
    """The pages a visitor reads today, nested: none while the space is not public; a
    page under a members-only one is left out (a visitor cannot reach it either)."""
    return page_tree(session, None, project)


def visitors_read(project: Project) -> bool:
    """Whether visitors read the space's public pages now (public, and not a draft)."""
    return project.is_public and project.status is not ProjectStatus.DRAFT


def export_path(page: Page) -> str:
    """Where a page goes in the export: ``pages/<path>.html``."""
    return f"{PAGES_FOLDER}/{page.path}.html"


def page_url(project: Project, page: Page) -> str:
    return f"/s/{project.slug}/{page.path}"


def id_url(project: Project, page: Page) -> str:
    return f"/s/{project.slug}/-/id/{page.id}"


def public_pages(session: Session, project: Project) -> Iterator[ExportPage]:
    """Each public page as an ``ExportPage``, in tree order."""
    nodes = flatten(public_page_tree(session, project))
    revisions = current_revisions(session, [node.page for node in nodes])
    for node in nodes:
        yield as_export_page(session, project, node.page, revisions.get(node.page.id))


def as_export_page(
    session: Session, project: Project, page: Page, revision: Revision | None
) -> ExportPage:
    path = export_path(page)
    body = revision.rendered_html if revision else ""
    carried = carry_materials(session, project, body, path)
    return ExportPage(
        path=path,
        title=page.title,
        html=carried.html,
        url=page_url(project, page),
        text=plain_text(body),
        files=tuple(carried.files),
    )


def current_revisions(session: Session, pages: list[Page]) -> dict[int, Revision]:
    if not pages:
        return {}
    rows = session.execute(
        select(Page.id, Revision)
        .join(
            Revision,
            and_(Revision.page_id == Page.id, Revision.number == Page.current_number),
        )
        .where(Page.id.in_([page.id for page in pages]))
    )
    return {row[0]: row[1] for row in rows}


def plain_text(html: str) -> str:
    """The words of the HTML, for the search index."""
    return " ".join(html_module.unescape(nh3.clean(html, tags=set())).split())

"""Reading a space's page tree: the whole tree, one page by path, ancestors, the trash.

Each function issues a fixed number of statements whatever the size or depth of the
tree: the tree is one SELECT assembled in Python, a page is found by its materialised
path, and its ancestors by the paths that prefix it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import and_, select
from sqlalchemy.orm import Session, joinedload

from ..errors import NotFound
from ..models import Page, Project, Revision, User
from ..permissions import allowed, can


@dataclass
class TreeNode:
    page: Page
    children: list[TreeNode] = field(default_factory=list)


def page_tree(session: Session, actor: User | None, project: Project) -> list[TreeNode]:
    """The live pages the actor may read, nested and ordered (hidden subtrees dropped)."""
    pages = session.scalars(
        select(Page)
        .where(Page.project_id == project.id, Page.deleted_at.is_(None))
        .order_by(Page.depth, Page.position, Page.id)
    )
    return nest(allowed(actor, "page.view", project, pages))


def nest(pages: object) -> list[TreeNode]:
    """Build the forest; a page whose parent is absent (hidden) is dropped with it."""
    nodes: dict[int, TreeNode] = {}
    roots: list[TreeNode] = []
    for page in pages:  # type: ignore[attr-defined]
        node = TreeNode(page)
        if page.parent_id is None:
            roots.append(node)
        elif page.parent_id in nodes:
            nodes[page.parent_id].children.append(node)
        else:
            continue
        nodes[page.id] = node
    return roots


def get_page(
    session: Session, actor: User | None, project: Project, path: str
) -> tuple[Page, Revision | None]:
    """The live page at ``path`` with its current revision; NotFound if hidden or absent."""
    row = session.execute(
        select(Page, Revision)
        .outerjoin(
            Revision,
            and_(Revision.page_id == Page.id, Revision.number == Page.current_number),
        )
        .options(joinedload(Revision.author).joinedload(User.school))
        .where(Page.project_id == project.id, Page.path == path.strip("/"))
    ).first()
    if row is None or row[0].in_trash or not can(actor, "page.view", project, row[0]):
        raise NotFound(path)
    return row[0], row[1]


def get_page_by_id(
    session: Session, actor: User | None, project: Project, page_id: int
) -> Page:
    page = session.get(Page, page_id)
    if (
        page is None
        or page.project_id != project.id
        or not can(actor, "page.view", project, page)
    ):
        raise NotFound(str(page_id))
    return page


def ancestors(
    session: Session, actor: User | None, project: Project, page: Page
) -> list[Page]:
    """The page's visible ancestors, root first (for breadcrumbs)."""
    parts = page.path.split("/")
    paths = ["/".join(parts[:i]) for i in range(1, len(parts))]
    if not paths:
        return []
    found = session.scalars(
        select(Page).where(Page.project_id == project.id, Page.path.in_(paths))
    )
    return allowed(actor, "page.view", project, sorted(found, key=lambda p: p.depth))


def trashed_pages(session: Session, actor: User | None, project: Project) -> list[Page]:
    """Pages deleted on their own (not those that went with a deleted parent)."""
    if not can(actor, "page.restore", project):
        return []
    pages = list(
        session.scalars(
            select(Page)
            .where(Page.project_id == project.id, Page.deleted_at.is_not(None))
            .order_by(Page.deleted_at.desc())
        )
    )
    by_id = {page.id: page for page in pages}
    return [page for page in pages if not went_with_parent(page, by_id)]


def went_with_parent(page: Page, trashed: dict[int, Page]) -> bool:
    parent = trashed.get(page.parent_id) if page.parent_id else None
    return parent is not None and parent.deleted_at == page.deleted_at


def get_trashed_page(
    session: Session, actor: User | None, project: Project, page_id: int
) -> Page:
    """A page in the space's trash, for those who may restore it; else NotFound."""
    page = session.get(Page, page_id)
    if page is None or page.project_id != project.id or not page.in_trash:
        raise NotFound(str(page_id))
    if not can(actor, "page.restore", project, page):
        raise NotFound(str(page_id))
    return page


def movable_targets(
    session: Session, actor: User | None, project: Project, page: Page
) -> list[Page]:
    """Pages ``page`` may move under: not itself, not its own subpages."""
    return [
        node.page
        for node in flatten(page_tree(session, actor, project))
        if node.page.id != page.id and not node.page.path.startswith(page.path + "/")
    ]


def flatten(nodes: list[TreeNode]) -> list[TreeNode]:
    """The tree in reading order (parents before their children)."""
    flat: list[TreeNode] = []
    for node in nodes:
        flat.append(node)
        flat.extend(flatten(node.children))
    return flat

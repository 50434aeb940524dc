"""Changing the page tree: create, move, reorder, trash, restore, and access settings.

Moving a page rewrites the materialised paths of its whole subtree in one UPDATE.
Trashing marks the subtree with one timestamp, so restoring brings back exactly what
went together; trashed pages keep their addresses, so a restore never collides.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import func, literal, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .. import events
from ..db import utcnow
from ..errors import ValidationError
from ..hooktypes import TemplatePage
from ..models import EditPolicy, Material, Page, Project, User, Visibility
from ..permissions import require
from ..search import outbox as search_outbox
from . import audit, revisions
from .validation import NUMBERED_STEM, numbered_slug, required_text, slugify

#: Tries at inserting a new page at a free path, against concurrent creations.
INSERT_ATTEMPTS = 5
#: The longest slug (80) and a "-<n>" suffix that makes it free.
SLUG_ROOM = 90


def create_page(
    session: Session,
    actor: User,
    project: Project,
    *,
    title: str,
    body: str = "",
    parent: Page | None = None,
    slug: str | None = None,
    visibility: Visibility = Visibility.MEMBERS,
    edit_policy: EditPolicy = EditPolicy.MEMBERS,
    summary: str = "",
) -> Page:
    """Create a page (a subpage when ``parent`` is given) with its first revision."""
    require(actor, "page.create", project, parent)
    check_parent(project, parent)
    if (visibility, edit_policy) != (Visibility.MEMBERS, EditPolicy.MEMBERS):
        require(actor, "page.publish", project)
    title = required_text(title, "title", 200)
    page = Page(
        project_id=project.id,
        parent_id=parent.id if parent else None,
        title=title,
        visibility=visibility,
        edit_policy=edit_policy,
        current_number=0,
        depth=parent.depth + 1 if parent else 0,
        position=next_position(session, project, parent),
    )
    insert_at_free_path(session, project, parent, page, slugify(slug or title))
    audit.record(session, actor, "page.create", project, page, path=page.path)
    revisions.save_revision(
        session,
        actor,
        project,
        page,
        body=body,
        base_number=0,
        summary=summary,
        check=False,
    )
    return page


def check_parent(project: Project, parent: Page | None) -> None:
    if parent is None:
        return
    if parent.project_id != project.id:
        raise ValidationError(
            _("The parent page belongs to another space."), field="parent"
        )
    if parent.in_trash:
        raise ValidationError(_("The parent page is in the trash."), field="parent")
    if len(parent.path) + len("/") + SLUG_ROOM > Page.path.type.length:
        # Past this the address would not fit its column (PostgreSQL refuses it).
        raise ValidationError(
            _("The parent page is nested too deeply."), field="parent"
        )


def child_path(parent: Page | None, slug: str) -> str:
    return f"{parent.path}/{slug}" if parent else slug


def insert_at_free_path(
    session: Session, project: Project, parent: Page | None, page: Page, slug: str
) -> None:
    """Insert ``page`` at a free path; when a concurrent request took the path between
    our look and our insert (a unique violation), look again and take the next one."""
    for _attempt in range(INSERT_ATTEMPTS - 1):
        page.slug, page.path = free_path(session, project, parent, slug)
        try:
            with session.begin_nested():
                session.add(page)
                session.flush()
            return
        except IntegrityError:
            continue
    page.slug, page.path = free_path(session, project, parent, slug)
    session.add(page)
    session.flush()


def free_path(
    session: Session, project: Project, parent: Page | None, slug: str
) -> tuple[str, str]:
    """A slug (and path) not used by any page of the space, trashed ones included."""
    base = child_path(parent, slug[:NUMBERED_STEM])
    taken = set(
        session.scalars(
            select(Page.path).where(
                Page.project_id == project.id,
                Page.path.startswith(base, autoescape=True),
            )
        )
    )
    candidate, n = slug, 2
    while child_path(parent, candidate) in taken:
        candidate, n = numbered_slug(slug, n), n + 1
    return candidate, child_path(parent, candidate)


def next_position(session: Session, project: Project, parent: Page | None) -> int:
    highest = session.scalar(
        select(func.max(Page.position)).where(*sibling_filter(project, parent))
    )
    return 0 if highest is None else highest + 1


def sibling_filter(project: Project, parent: Page | None) -> tuple[object, ...]:
    parent_clause = Page.parent_id == parent.id if parent else Page.parent_id.is_(None)
    return (Page.project_id == project.id, parent_clause, Page.deleted_at.is_(None))


def move_page(
    session: Session,
    actor: User,
    project: Project,
    page: Page,
    *,
    parent: Page | None,
    position: int | None = None,
) -> None:
    """Move ``page`` (and its subpages) under ``parent`` at ``position`` (end if None)."""
    require(actor, "page.move", project, page)
    check_parent(project, parent)
    if parent is not None and (
        parent.id == page.id or parent.path.startswith(page.path + "/")
    ):
        raise ValidationError(_("A page cannot move inside itself."), field="parent")
    old_parent_id, old_path = page.parent_id, page.path
    if old_parent_id != (parent.id if parent else None):
        relocate(session, project, page, parent)
    place(session, project, parent, page, position)
    if old_parent_id != page.parent_id:
        close_gaps(session, project, old_parent_id)
    audit.record(
        session, actor, "page.move", project, page, old=old_path, new=page.path
    )
    if old_path != page.path:
        events.queue(
            session, "page_moved", project, page=page, old_path=old_path, user=actor
        )


def relocate(
    session: Session,
    project: Project,
    page: Page,
    parent: Page | None,
    slug: str | None = None,
) -> None:
    """Give the subtree its new paths and depths (one UPDATE), then the page its parent."""
    slug, new_path = free_path(session, project, parent, slug or page.slug)
    old_path, delta = page.path, (parent.depth + 1 if parent else 0) - page.depth
    session.execute(
        update(Page)
        .where(
            Page.project_id == project.id,
            Page.path.startswith(old_path + "/", autoescape=True),
        )
        .values(
            path=literal(new_path) + func.substr(Page.path, len(old_path) + 1),
            depth=Page.depth + delta,
        )
        .execution_options(synchronize_session=False, content_scope=project.id)
    )
    page.parent_id, page.slug, page.path = (
        (parent.id if parent else None),
        slug,
        new_path,
    )
    page.depth += delta
    session.flush()
    # The subpages loaded before the UPDATE still hold their old paths.
    expire_subtree(session, project, old_path)
    reindex_subtree(session, project, page)


def change_slug(
    session: Session, actor: User, project: Project, page: Page, slug: str
) -> None:
    """Give ``page`` a new address segment; its subpages' addresses follow.

    Wiki links point at stable ids, so nothing that links here breaks. The slug is
    made URL-safe and, if another page has it, numbered (``plan-2``).
    """
    require(actor, "page.move", project, page)
    wanted = slugify(slug)
    if wanted == page.slug:
        return
    old_path = page.path
    parent = session.get(Page, page.parent_id) if page.parent_id else None
    relocate(session, project, page, parent, slug=wanted)
    audit.record(
        session, actor, "page.move", project, page, old=old_path, new=page.path
    )
    events.queue(
        session, "page_moved", project, page=page, old_path=old_path, user=actor
    )


def expire_subtree(session: Session, project: Project, path: str) -> None:
    prefix = path + "/"
    for obj in list(session.identity_map.values()):
        if (
            isinstance(obj, Page)
            and obj.project_id == project.id
            and obj.path.startswith(prefix)
        ):
            session.expire(obj)


def place(
    session: Session,
    project: Project,
    parent: Page | None,
    page: Page,
    position: int | None,
) -> None:
    siblings = [
        p for p in ordered_children(session, project, parent) if p.id != page.id
    ]
    index = len(siblings) if position is None else max(0, min(position, len(siblings)))
    siblings.insert(index, page)
    renumber(siblings)


def ordered_children(
    session: Session, project: Project, parent: Page | None
) -> list[Page]:
    return list(
        session.scalars(
            select(Page)
            .where(*sibling_filter(project, parent))
            .order_by(Page.position, Page.id)
        )
    )


def renumber(pages: list[Page]) -> None:
    for index, sibling in enumerate(pages):
        if sibling.position != index:
            sibling.position = index


def close_gaps(session: Session, project: Project, parent_id: int | None) -> None:
    parent = session.get(Page, parent_id) if parent_id else None
    renumber(ordered_children(session, project, parent))


def reorder_children(
    session: Session,
    actor: User,
    project: Project,
    parent: Page | None,
    ordered_ids: list[int],
) -> None:
    """Put the children of ``parent`` in the order given (every child id exactly once)."""
    require(actor, "page.move", project)
    children = ordered_children(session, project, parent)
    if sorted(ordered_ids) != sorted(p.id for p in children):
        raise ValidationError(
            _("The new order must list every subpage exactly once."), field="order"
        )
    by_id = {p.id: p for p in children}
    renumber([by_id[page_id] for page_id in ordered_ids])
    audit.record(session, actor, "page.reorder", project, parent, order=ordered_ids)


def trash_page(session: Session, actor: User, project: Project, page: Page) -> None:
    """Move the page and its subpages to the trash (restorable)."""
    require(actor, "page.delete", project, page)
    now = utcnow()
    session.execute(
        update(Page)
        .where(
            Page.project_id == project.id,
            Page.deleted_at.is_(None),
            Page.path.startswith(page.path + "/", autoescape=True),
        )
        .values(deleted_at=now)
        .execution_options(synchronize_session=False, content_scope=project.id)
    )
    page.deleted_at = now
    expire_subtree(session, project, page.path)
    reindex_subtree(session, project, page)
    audit.record(session, actor, "page.delete", project, page, path=page.path)
    events.queue(session, "page_deleted", project, page=page, user=actor)
    session.flush()
    close_gaps(session, project, page.parent_id)


def reindex_subtree(session: Session, project: Project, page: Page) -> None:
    """The search index learns of subpages changed by a bulk UPDATE (the ORM did not see),
    and of the files attached to the subtree: who may find a page or file can depend on
    where it is (a working group's subtree)."""
    subpages = list(
        session.scalars(
            select(Page.id).where(
                Page.project_id == project.id,
                Page.path.startswith(page.path + "/", autoescape=True),
            )
        )
    )
    search_outbox.enqueue_pages(session, project, subpages)
    files = session.scalars(
        select(Material.id).where(
            Material.project_id == project.id,
            Material.page_id.in_([page.id, *subpages]),
        )
    )
    search_outbox.enqueue(session, project, "material", files)


def restore_page(session: Session, actor: User, project: Project, page: Page) -> None:
    """Bring back a trashed page with the subpages trashed with it (top level if orphaned)."""
    require(actor, "page.restore", project, page)
    if not page.in_trash:
        raise ValidationError(_("The page is not in the trash."))
    deleted_at = page.deleted_at
    session.execute(
        update(Page)
        .where(
            Page.project_id == project.id,
            Page.deleted_at == deleted_at,
            Page.path.startswith(page.path + "/", autoescape=True),
        )
        .values(deleted_at=None)
        .execution_options(synchronize_session=False, content_scope=project.id)
    )
    page.deleted_at = None
    reindex_subtree(session, project, page)
    expire_subtree(session, project, page.path)
    parent = session.get(Page, page.parent_id) if page.parent_id else None
    if parent is not None and parent.in_trash:
        relocate(session, project, page, None)
    place(session, project, None if page.parent_id is None else parent, page, None)
    audit.record(session, actor, "page.restore", project, page, path=page.path)


def set_page_access(
    session: Session,
    actor: User,
    project: Project,
    page: Page,
    *,
    visibility: Visibility | None = None,
    edit_policy: EditPolicy | None = None,
) -> None:
    """Make a page public or members-only, and set who may edit it."""
    require(actor, "page.publish", project, page)
    if visibility is Visibility.PUBLIC and not page.is_public:
        refuse_pupils_without_consent(session, project, page)
    changes = {}
    if visibility is not None and visibility is not page.visibility:
        changes["visibility"], page.visibility = visibility.value, visibility
    if edit_policy is not None and edit_policy is not page.edit_policy:
        changes["edit_policy"], page.edit_policy = edit_policy.value, edit_policy
    if changes:
        audit.record(session, actor, "page.access", project, page, **changes)


def refuse_pupils_without_consent(
    session: Session, project: Project, page: Page
) -> None:
    """Pupil-safe publishing: a page showing a pupil without public consent stays
    members-only, whoever asks (see etwincms.moderation.consent)."""
    from ..moderation.consent import refuse_if_blocked

    refuse_if_blocked(session, project, [f"page:{page.id}"], field="visibility")


def create_from_template(
    session: Session,
    actor: User,
    project: Project,
    spec: TemplatePage,
    parent: Page | None,
) -> Page:
    """Create a template's page and its subpages (access set by the template)."""
    page = create_page(
        session, actor, project, title=spec.title, body=spec.body, parent=parent
    )
    if spec.public:
        set_page_access(session, actor, project, page, visibility=Visibility.PUBLIC)
    for child in spec.children:
        create_from_template(session, actor, project, child, parent=page)
    return page

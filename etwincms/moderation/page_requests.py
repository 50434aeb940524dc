"""The core pages' side of the queue: a pupil asks for a page to become public.

A member who may edit a page but not publish it (``page.publish``: pupils, pupil leads)
calls :func:`request_publication`; the page stays members-only and waits in the queue
as ``"page:<id>"``. :func:`decide` (the core's ``decide_publication``) makes it public
on approval, through :func:`etwincms.services.pages.set_page_access`, which refuses
while the page shows a pupil without public consent.
"""

from __future__ import annotations

from collections.abc import Iterator

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ..errors import ValidationError
from ..hooktypes import Contribution, PendingPublication
from ..models import Page, Project, User, Visibility
from ..permissions import can, require
from ..services import audit, pages, revisions
from .models import Decision, PageRequest

EXCERPT = 300


def item_id(page: Page) -> str:
    return f"page:{page.id}"


def may_request(actor: User | None, project: Project, page: Page) -> bool:
    """Editors who may not publish ask a teacher instead."""
    return (
        not page.is_public
        and can(actor, "page.edit", project, page)
        and not can(actor, "page.publish", project, page)
    )


def request_publication(
    session: Session, actor: User, project: Project, page: Page
) -> PageRequest:
    """Put the page in the queue (once); the caller commits."""
    require(actor, "page.edit", project, page)
    if page.is_public:
        raise ValidationError(_("This page is already public."))
    if can(actor, "page.publish", project, page):
        raise ValidationError(
            _("You may make this page public yourself, in its settings.")
        )
    existing = pending_request(session, page)
    if existing is not None:
        return existing
    row = PageRequest(project_id=project.id, page_id=page.id, requested_by_id=actor.id)
    session.add(row)
    session.flush()
    audit.record(
        session, actor, "moderation.request", project, page, item_id=item_id(page)
    )
    return row


def pending_request(session: Session, page: Page) -> PageRequest | None:
    return session.scalar(select(PageRequest).where(PageRequest.page_id == page.id))


def footer_state(
    session: Session, project: Project, page: Page
) -> tuple[bool, str | None]:
    """Whether the page waits, and the reason of its last rejection (``None``: none).

    One statement: the page footer is on every page view.
    """
    waiting = select(PageRequest.id).where(PageRequest.page_id == page.id).exists()
    latest = select(Decision).where(
        Decision.project_id == project.id, Decision.item_id == item_id(page)
    )
    latest = latest.order_by(Decision.decided_at.desc(), Decision.id.desc()).limit(1)
    row = session.execute(
        select(
            waiting.label("waiting"),
            latest.with_only_columns(Decision.approved)
            .scalar_subquery()
            .label("approved"),
            latest.with_only_columns(Decision.reason).scalar_subquery().label("reason"),
        )
    ).one()
    rejected = row.approved is not None and not row.approved
    return bool(row.waiting), (row.reason if rejected else None)


def pending(session: Session, project: Project) -> Iterator[PendingPublication]:
    """The space's live, still members-only pages that wait for a teacher."""
    rows = session.scalars(
        select(PageRequest)
        .where(PageRequest.project_id == project.id)
        .order_by(PageRequest.requested_at, PageRequest.id)
    )
    for row in rows:
        if not row.page.in_trash and not row.page.is_public:
            yield publication(session, project, row)


def publication(
    session: Session, project: Project, row: PageRequest
) -> PendingPublication:
    page = row.page
    item = Contribution(
        id=item_id(page),
        type="page",
        plugin="core",
        title=page.title,
        url=url_for("pages.view", slug=project.slug, path=page.path),
        author_id=row.requested_by_id,
        created_at=page.created_at,
    )
    return PendingPublication(item, row.requested_at, excerpt_of(session, page))


def excerpt_of(session: Session, page: Page) -> str:
    if not page.current_number:
        return ""
    body = revisions.get_revision(session, page, page.current_number).body
    return " ".join(body.split())[:EXCERPT]


def decide(
    session: Session, project: Project, item: str, approve: bool, actor: User
) -> bool | None:
    """Publish or reject a waiting page; ``None`` when ``item`` is not a waiting page."""
    row = request_for(session, project, item)
    if row is None:
        return None
    if approve and not can(actor, "page.publish", project, row.page):
        raise ValidationError(
            _("This space does not let you make pages public: ask its admin.")
        )
    if approve:
        pages.set_page_access(
            session, actor, project, row.page, visibility=Visibility.PUBLIC
        )
    session.execute(delete(PageRequest).where(PageRequest.id == row.id))
    return True


def request_for(session: Session, project: Project, item: str) -> PageRequest | None:
    kind, _sep, pk = item.partition(":")
    if kind != "page" or not pk.isdigit():
        return None
    return session.scalar(
        select(PageRequest).where(
            PageRequest.project_id == project.id, PageRequest.page_id == int(pk)
        )
    )

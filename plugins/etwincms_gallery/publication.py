"""Pupil-safe publishing for the gallery: pupils' items wait for a teacher, and nothing
goes public while it shows a pupil without public consent.

A pupil's upload to a public album, or a pupil's edit of an item there, puts the item in
the space's one moderation queue: it stays members-only (``Item.publication`` is
"pending") until a teacher approves it through ``decide_publication``; a rejection keeps
it members-only ("rejected"). Teachers' items are not queued. When an album becomes
public, its pupils' items that nobody approved join the queue, and the album and the
items it would show are checked against the pupils' consent (:func:`etwincms.
moderation.consent.publication_blockers`, ids ``gallery_album:<pk>`` and
``gallery_item:<pk>``): the first pupil shown without public consent refuses it, with
the reason for the teacher. Confirming the consent of an identifiable item asks the
same question.
"""

from __future__ import annotations

from collections.abc import Iterator

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from etwincms.db import utcnow
from etwincms.errors import ValidationError
from etwincms.hooktypes import PendingPublication
from etwincms.models import Membership, Project, Role, User, UserKind
from etwincms.moderation.consent import refuse_if_blocked

from . import contributions, policy
from .models import Album, Item

ITEM_TYPE = "gallery_item"
PUPIL_ROLES = (Role.PUPIL, Role.PUPIL_LEAD)


def item_id(item: Item) -> str:
    return f"{ITEM_TYPE}:{item.id}"


def album_id(album: Album) -> str:
    return f"gallery_album:{album.id}"


def pupil_ids(session: Session, project: Project, user_ids: set[int]) -> set[int]:
    """Which of these people are pupils (by account or by their role in the space)."""
    if not user_ids:
        return set()
    by_role = select(Membership.user_id).where(
        Membership.project_id == project.id, Membership.role.in_(PUPIL_ROLES)
    )
    query = select(User.id).where(
        User.id.in_(user_ids), (User.kind == UserKind.PUPIL) | User.id.in_(by_role)
    )
    return set(session.scalars(query))


def after_upload(
    session: Session, actor: User, project: Project, album: Album, items: list[Item]
) -> None:
    """A pupil's items in a public album wait for a teacher."""
    if album.is_public and pupil_ids(session, project, {actor.id}):
        for item in items:
            request(item)


def after_edit(
    session: Session, actor: User | None, project: Project, item: Item
) -> None:
    """A pupil changing an item of a public album asks for a teacher's approval again."""
    album = session.get(Album, item.album_id)
    public = album is not None and album.is_public
    if public and actor is not None and pupil_ids(session, project, {actor.id}):
        request(item)


def request(item: Item) -> None:
    item.publication, item.publication_requested_at = "pending", utcnow()


def album_goes_public(session: Session, project: Project, album: Album) -> None:
    """Pupils' items nobody approved wait; the album and the items it would show are
    refused (with the reasons) while they show a pupil without public consent."""
    items = list(session.scalars(select(Item).where(Item.album_id == album.id)))
    pupils = pupil_ids(
        session, project, {i.uploader_id for i in items if i.uploader_id}
    )
    for item in items:
        if item.publication == "" and item.uploader_id in pupils:
            request(item)
    shown = [item_id(i) for i in items if policy.item_is_publishable(i)]
    refuse_if_blocked(session, project, [album_id(album), *shown])


def pending(session: Session, project: Project) -> Iterator[PendingPublication]:
    """Pupils' items waiting for a teacher, oldest request first."""
    rows = session.execute(
        select(Item, Album)
        .join(Album, Album.id == Item.album_id)
        .where(Item.project_id == project.id, Item.publication == "pending")
        .order_by(Item.publication_requested_at, Item.id)
    )
    for item, album in rows:
        yield PendingPublication(
            item=contributions.item_contribution(project, album, item),
            requested_at=item.publication_requested_at or item.created_at,
            excerpt=" · ".join(
                filter(None, [album.title, item.caption, item.alt_text])
            ),
        )


def decide(session: Session, project: Project, item: str, approve: bool) -> bool | None:
    """Approve (public) or reject (members-only) a waiting item; None if not ours."""
    found = waiting_item(session, project, item)
    if found is None:
        return None
    if approve:
        album = session.get(Album, found.album_id)
        refuse_if_blocked(
            session, project, [item, album_id(album)] if album else [item]
        )
    found.publication = "approved" if approve else "rejected"
    found.publication_requested_at = None
    session.flush()
    from .services import search_changed

    search_changed(session, project)
    return True


def waiting_item(session: Session, project: Project, item: str) -> Item | None:
    kind, _sep, pk = item.partition(":")
    if kind != ITEM_TYPE or not pk.isdigit():
        return None
    found = session.get(Item, int(pk))
    if found is None or found.project_id != project.id:
        raise ValidationError(_("This photo or video no longer exists."))
    if found.publication != "pending":
        raise ValidationError(_("This photo or video does not wait for a decision."))
    return found

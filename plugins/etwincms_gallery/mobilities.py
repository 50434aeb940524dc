"""An album for each mobility of the space, made when the mobility is saved.

``mobility_saved`` (from :mod:`etwincms.phases`) gives the mobility; the gallery keeps
one album per mobility, named after it and members-only until a teacher makes it public
(then the consent rule applies, see :mod:`.publication`). The album is made by the
system for whoever saved the mobility, so no capability is asked; a mobility that has an
album already (even renamed by a teacher) gets no second one.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from etwincms import events
from etwincms.models import Project, User
from etwincms.services import audit

from .models import Album
from .services import search_changed

MAX_TITLE = 200


def album_for(session: Session, project: Project, mobility_id: int) -> Album | None:
    query = select(Album).where(
        Album.project_id == project.id, Album.mobility_id == mobility_id
    )
    return session.scalar(query.limit(1))


def mobility_saved(
    session: Session, project: Project, mobility: Any, user: User | None
) -> Album | None:
    """The mobility's album, made now if it has none; None for a mobility without id."""
    if getattr(mobility, "id", None) is None:
        return None
    found = album_for(session, project, mobility.id)
    if found is not None:
        return found
    album = Album(
        project_id=project.id,
        title=(str(mobility.title or "").strip() or str(mobility.id))[:MAX_TITLE],
        description="",
        visibility="members",
        created_by_id=getattr(user, "id", None),
        mobility_id=mobility.id,
    )
    session.add(album)
    session.flush()
    audit.record(
        session, user, "gallery.album_create", project, album, title=album.title
    )
    events.queue(
        session,
        "gallery_album_created",
        project,
        album=album,
        project=project,
        user=user,
    )
    search_changed(session, project)
    return album

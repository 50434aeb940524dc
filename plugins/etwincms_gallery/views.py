"""The gallery's reading pages: the space's albums, an album with its lightbox, an item.

Views are thin: they read the request, call :mod:`.queries`, and render a template under
``gallery/``. Missing or hidden objects go to the core's 404 page.
"""

from __future__ import annotations

from flask.typing import ResponseReturnValue

from etwincms.db import get_session
from etwincms.permissions import can
from etwincms.plugins import current_project
from etwincms.web.helpers import signed_in_user

from . import policy, queries
from .blueprint import bp, render


@bp.get("/")
def index() -> ResponseReturnValue:
    session, user, project = get_session(), signed_in_user(), current_project()
    albums = queries.albums_of(session, user, project)
    covers = {
        album.id: queries.cover_of(
            queries.items_of(session, user, project, album), album
        )
        for album in albums
    }
    return render("index.html", albums=albums, covers=covers)


@bp.get("/a/<int:album_id>")
def album(album_id: int) -> ResponseReturnValue:
    session, user, project = get_session(), signed_in_user(), current_project()
    found = queries.get_album(session, user, project, album_id)
    items = queries.items_of(session, user, project, found)
    return render(
        "album.html",
        album=found,
        items=items,
        cover=queries.cover_of(items, found),
        may_upload=can(user, "gallery.upload", project, found),
        may_manage=can(user, "gallery.manage", project),
        may_moderate=policy.is_moderator(user, project),
        may_download=can(user, "gallery.download", project) and bool(items),
        members_view=policy.sees_everything(user, project),
    )


@bp.get("/i/<int:item_id>")
def item(item_id: int) -> ResponseReturnValue:
    session, user, project = get_session(), signed_in_user(), current_project()
    found, album = queries.get_item(session, user, project, item_id)
    return render(
        "item.html",
        item=found,
        album=album,
        uploader=queries.uploader_name(found, user, project),
        may_edit=policy.may_edit_item(user, project, found),
        may_moderate=policy.is_moderator(user, project),
        publishable=policy.item_is_publishable(found),
    )

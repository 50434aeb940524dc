"""The gallery's changing pages: album forms, batch uploads, item edits, order and cover.

Each view calls one function of :mod:`.services` (which checks permissions) and either
redirects with a message or shows the form again with the error. Uploads answer JSON to
the page's script (which shows the progress bar) and a redirect to plain forms.
"""

from __future__ import annotations

from typing import Any

from flask import flash, jsonify, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import ngettext

from etwincms.db import commit, get_session
from etwincms.errors import PermissionDenied, ValidationError
from etwincms.permissions import require
from etwincms.plugins import current_project
from etwincms.web.helpers import signed_in_user
from etwincms.web.materials import chosen_files

from . import queries, services
from .blueprint import bp, failed, render, wants_json
from .models import PHASES, Album

ALBUM_FIELDS = ("title", "description", "phase", "visibility")


def album_form(
    album: Album | None, error: dict[str, Any] | None = None
) -> ResponseReturnValue:
    form = request.form if request.method == "POST" else form_of(album)
    status = 422 if error else 200
    return render(
        "album_form.html",
        status,
        album=album,
        form=form,
        phases=PHASES,
        **(error or {}),
    )


def form_of(album: Album | None) -> dict[str, Any]:
    if album is None:
        return {"visibility": "members"}
    return {name: getattr(album, name) or "" for name in ALBUM_FIELDS}


def submitted() -> dict[str, Any]:
    fields = {name: request.form.get(name, "") for name in ALBUM_FIELDS}
    fields["visibility"] = fields["visibility"] or "members"
    return fields


@bp.route("/new", methods=["GET", "POST"])
def new_album() -> ResponseReturnValue:
    session, user, project = get_session(), signed_in_user(), current_project()
    require(user, "gallery.manage", project)
    if request.method == "GET":
        return album_form(None)
    try:
        fields = submitted()
        album = services.create_album(session, user, project, **fields)
    except ValidationError as error:
        return album_form(None, failed(error))
    commit(session)
    flash(_("The album “%(title)s” was created.", title=album.title))
    return redirect(url_for("gallery.album", album_id=album.id))


@bp.route("/a/<int:album_id>/settings", methods=["GET", "POST"])
def album_settings(album_id: int) -> ResponseReturnValue:
    session, user, project = get_session(), signed_in_user(), current_project()
    album = queries.get_album(session, user, project, album_id)
    require(user, "gallery.manage", project)
    if request.method == "GET":
        return album_form(album)
    try:
        services.update_album(session, user, project, album, **submitted())
    except ValidationError as error:
        return album_form(album, failed(error))
    commit(session)
    flash(_("The album was saved."))
    return redirect(url_for("gallery.album", album_id=album.id))


@bp.post("/a/<int:album_id>/delete")
def delete_album(album_id: int) -> ResponseReturnValue:
    session, user, project = get_session(), signed_in_user(), current_project()
    album = queries.get_album(session, user, project, album_id)
    services.delete_album(session, user, project, album)
    commit(session)
    flash(_("The album was deleted."))
    return redirect(url_for("gallery.index"))


@bp.post("/a/<int:album_id>/upload")
def upload(album_id: int) -> ResponseReturnValue:
    session, user, project = get_session(), signed_in_user(), current_project()
    album = queries.get_album(session, user, project, album_id)
    sent = [(f.stream, f.filename or "") for f in chosen_files()]
    try:
        require(user, "gallery.upload", project, album)
        items, notes = services.upload_items(session, user, project, album, sent)
    except ValidationError as error:
        return refused(str(error), 422, album)
    except PermissionDenied:
        if wants_json():
            return jsonify(error=_("You may not upload to this album.")), 403
        raise
    commit(session)
    return uploaded(album, len(items), notes)


def refused(message: str, status: int, album: Album) -> ResponseReturnValue:
    get_session().rollback()
    if wants_json():
        return jsonify(error=message), status
    flash(message, "error")
    return redirect(url_for("gallery.album", album_id=album.id))


def uploaded(album: Album, count: int, notes: list[str]) -> ResponseReturnValue:
    message = ngettext("%(num)d file uploaded.", "%(num)d files uploaded.", count)
    if wants_json():
        return jsonify(uploaded=count, message=message, notes=notes), 201
    flash(message)
    for note in notes:
        flash(note, "warning")
    return redirect(url_for("gallery.album", album_id=album.id))


@bp.post("/i/<int:item_id>/edit")
def edit_item(item_id: int) -> ResponseReturnValue:
    session, user, project = get_session(), signed_in_user(), current_project()
    item, _album = queries.get_item(session, user, project, item_id)
    fields: dict[str, Any] = {
        "caption": request.form.get("caption", ""),
        "alt_text": request.form.get("alt_text", ""),
        "identifiable": request.form.get("identifiable") == "on",
    }
    if "consent" in request.form:
        fields["consent"] = "on" in request.form.getlist("consent")
    try:
        services.update_item(session, user, project, item, **fields)
    except ValidationError as error:
        flash(str(error), "error")
        failed(error)
        return redirect(url_for("gallery.item", item_id=item_id))
    commit(session)
    flash(_("The item was saved."))
    return redirect(url_for("gallery.item", item_id=item_id))


@bp.post("/i/<int:item_id>/delete")
def delete_item(item_id: int) -> ResponseReturnValue:
    session, user, project = get_session(), signed_in_user(), current_project()
    item, album = queries.get_item(session, user, project, item_id)
    services.delete_item(session, user, project, item)
    commit(session)
    flash(_("The item was deleted."))
    return redirect(url_for("gallery.album", album_id=album.id))


@bp.post("/i/<int:item_id>/move")
def move_item(item_id: int) -> ResponseReturnValue:
    """Move an item one place earlier or later in its album."""
    session, user, project = get_session(), signed_in_user(), current_project()
    item, album = queries.get_item(session, user, project, item_id)
    order = [i.id for i in queries.items_of(session, user, project, album)]
    here = order.index(item.id)
    there = here - 1 if request.form.get("direction") == "up" else here + 1
    if 0 <= there < len(order):
        order[here], order[there] = order[there], order[here]
    services.reorder(session, user, project, album, order)
    commit(session)
    return redirect(url_for("gallery.album", album_id=album.id) + f"#item-{item.id}")


@bp.post("/i/<int:item_id>/cover")
def make_cover(item_id: int) -> ResponseReturnValue:
    session, user, project = get_session(), signed_in_user(), current_project()
    item, album = queries.get_item(session, user, project, item_id)
    services.update_album(session, user, project, album, cover_item_id=item.id)
    commit(session)
    flash(_("The album's cover was changed."))
    return redirect(url_for("gallery.album", album_id=album.id))

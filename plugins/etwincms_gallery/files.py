"""Serving the gallery's bytes: photos, thumbnails, posters, videos, and album zips.

Every request checks that the caller may see the item now (see :mod:`.queries`), so an
item made members-only stops being served at once. Files are sent inline with the type
their bytes were recognised as at upload (only clean photos and checked videos are ever
stored), with the core's file headers (:mod:`etwincms.web.file_responses`: ``nosniff``,
a sandboxing CSP that forbids framing, an RFC 6266 download name); videos (and
everything else) answer HTTP range requests, so browsers can seek in a long video. A zip
holds the items the caller sees.
"""

from __future__ import annotations

import tempfile
import zipfile
from typing import BinaryIO

from flask import Response, abort, request, send_file
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import RequestedRangeNotSatisfiable

from etwincms.db import get_session
from etwincms.permissions import require
from etwincms.plugins import current_project
from etwincms.state import get_state
from etwincms.web.file_responses import protect
from etwincms.web.helpers import signed_in_user

from . import queries
from .blueprint import bp
from .models import Album, Item

VARIANTS = ("file", "small", "medium", "large", "poster")


@bp.get("/i/<int:item_id>/<variant>")
def item_file(item_id: int, variant: str) -> ResponseReturnValue:
    if variant not in VARIANTS:
        abort(404)
    session, user, project = get_session(), signed_in_user(), current_project()
    item, _album = queries.get_item(session, user, project, item_id)
    key = item.key_for(variant)
    if key is None:
        abort(404)
    return send_item(item, variant, key)


def send_item(item: Item, variant: str, key: str) -> Response:
    """The bytes with validators and range support, never sniffed by the browser."""
    stream = get_state().storage.open(key)
    whole = variant == "file"
    response = send_file(
        stream,
        mimetype=served_type(item, variant, stream),
        etag=False,
        max_age=0,
        conditional=False,
    )
    response.set_etag(f"{key.rsplit('/', 1)[-1]}-{variant}")
    response.content_length = size_of(stream)
    try:
        response = response.make_conditional(
            request.environ, accept_ranges=True, complete_length=response.content_length
        )
    except RequestedRangeNotSatisfiable:
        response.close()  # the 416 answer replaces this one: let go of the file
        raise
    response.cache_control.private = True
    name = item.original_name if whole else f"{item.id}-{variant}"
    return protect(response, name, inline=True)


def size_of(stream: BinaryIO) -> int:
    here = stream.tell()
    size = stream.seek(0, 2)
    stream.seek(here)
    return size


def served_type(item: Item, variant: str, stream: BinaryIO) -> str:
    """The file's own type; thumbnails are WebP; posters the frame's clean PNG."""
    if variant == "file":
        return item.media_type
    if variant != "poster":
        return "image/webp"
    head = stream.read(4)
    stream.seek(0)
    return "image/png" if head == b"\x89PNG" else "image/jpeg"


@bp.get("/a/<int:album_id>/zip")
def album_zip(album_id: int) -> ResponseReturnValue:
    session, user, project = get_session(), signed_in_user(), current_project()
    album = queries.get_album(session, user, project, album_id)
    require(user, "gallery.download", project)
    items = queries.items_of(session, user, project, album)
    if not items:
        abort(404)
    return send_file(
        zipped(items),
        mimetype="application/zip",
        as_attachment=True,
        download_name=f"{zip_name(album)}.zip",
        max_age=0,
    )


def zipped(items: list[Item]) -> BinaryIO:
    """The items' stored bytes in a zip (photos are stored already clean)."""
    out = tempfile.TemporaryFile()  # noqa: SIM115 (handed to send_file, which closes it)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED) as archive:
        for number, item in enumerate(items, start=1):
            name = f"{number:03d}-{item.original_name}"
            with (
                get_state().storage.open(item.storage_key) as stored,
                archive.open(name, "w") as entry,
            ):
                while chunk := stored.read(64 * 1024):
                    entry.write(chunk)
    out.seek(0)
    return out


def zip_name(album: Album) -> str:
    kept = "".join(c if c.isalnum() or c in "-_ " else "_" for c in album.title)
    return kept.strip().replace(" ", "-")[:60] or f"album-{album.id}"

"""The gallery's JSON API, mounted by the core at ``/api/v1/projects/<slug>/gallery/``.

A flask-smorest blueprint, so its operations join ``/api/v1/openapi.json`` under the tag
``gallery_api``: albums (list, create, read, change, delete, reorder), an album's items
(cursor-paged in album order; upload one file per call), items (read, change, delete,
and their bytes with range requests). Albums and items carry an ``ETag``; changing them
needs ``If-Match`` (428 without, 412 when stale). Reads answer what the same person sees
in the browser (visitors see public items only, and pupils are never named to them);
writes go through :mod:`.services`, so the API allows exactly what the web allows.
Errors are the core's ``application/problem+json`` documents.
"""

from __future__ import annotations

from typing import Any

from flask import Response, url_for
from flask_smorest import Blueprint

from etwincms.api.common import (
    IF_MATCH,
    check_if_match,
    decode_cursor,
    documents_errors,
    etag_of,
    page_of,
    with_etag,
)
from etwincms.api.schemas import ListArgs
from etwincms.db import commit, get_session
from etwincms.errors import PermissionDenied
from etwincms.models import User
from etwincms.plugins import current_project
from etwincms.web.helpers import signed_in_user

from . import files, policy, queries, services
from .api_schemas import (
    GalleryAlbumCreateSchema,
    GalleryAlbumFieldsSchema,
    GalleryAlbumList,
    GalleryAlbumSchema,
    GalleryItemFieldsSchema,
    GalleryItemList,
    GalleryItemSchema,
    GalleryOrderSchema,
    GalleryUploadedSchema,
    GalleryUploadSchema,
)
from .models import Album, Item

blp = Blueprint(
    "gallery_api",
    __name__,
    description="The gallery of a space: albums, photos, videos",
)
ETAG_HEADER = {"ETag": {"schema": {"type": "string"}}}
BINARY = {"type": "string", "format": "binary"}


def member() -> User:
    """The caller; writing needs one (the core already refused anonymous writes)."""
    user = signed_in_user()
    if user is None:
        raise PermissionDenied("gallery.upload")
    return user


# -- albums --------------------------------------------------------------------------


@blp.get("/albums")
@blp.arguments(ListArgs, location="query")
@blp.response(200, GalleryAlbumList)
@documents_errors(blp)
def list_albums(args: dict[str, Any]) -> dict[str, Any]:
    """The space's albums the caller may see, oldest first."""
    rows = queries.albums_of(
        get_session(),
        signed_in_user(),
        current_project(),
        after=decode_cursor(args["cursor"]),
        limit=args["limit"] + 1,
    )
    listing = page_of(rows, args["limit"], key=lambda album: album.id)
    listing["items"] = [album_json(album) for album in listing["items"]]
    return listing


@blp.post("/albums")
@blp.arguments(GalleryAlbumCreateSchema)
@blp.response(201, GalleryAlbumSchema, headers=ETAG_HEADER)
@documents_errors(blp)
def create_album(data: dict[str, Any]) -> Response:
    """Create an album (``gallery.manage``)."""
    session, user, project = get_session(), member(), current_project()
    data.pop("cover_item_id", None)  # a new album has no items to choose from
    album = services.create_album(session, user, project, **data)
    commit(session)
    return album_answer(album, 201)


@blp.get("/albums/<int:album_id>")
@blp.response(200, GalleryAlbumSchema, headers=ETAG_HEADER)
@documents_errors(blp)
def read_album(album_id: int) -> Response:
    """An album with its ETag."""
    return album_answer(
        queries.get_album(get_session(), signed_in_user(), current_project(), album_id)
    )


@blp.patch("/albums/<int:album_id>")
@blp.arguments(GalleryAlbumFieldsSchema)
@blp.response(200, GalleryAlbumSchema, headers=ETAG_HEADER)
@blp.doc(parameters=[IF_MATCH])
@documents_errors(blp, 412, 428)
def update_album(data: dict[str, Any], album_id: int) -> Response:
    """Change an album (``gallery.manage``); send the ETag you read in If-Match."""
    session, user, project = get_session(), member(), current_project()
    album = queries.get_album(session, user, project, album_id)
    policy.require_manage(user, project)
    check_if_match(album_etag(album))
    services.update_album(session, user, project, album, **data)
    commit(session)
    return album_answer(album)


@blp.delete("/albums/<int:album_id>")
@blp.response(204)
@documents_errors(blp)
def delete_album(album_id: int) -> None:
    """Delete an album and its items (``gallery.manage``)."""
    session, user, project = get_session(), member(), current_project()
    album = queries.get_album(session, user, project, album_id)
    services.delete_album(session, user, project, album)
    commit(session)


@blp.put("/albums/<int:album_id>/order")
@blp.arguments(GalleryOrderSchema)
@blp.response(200, GalleryAlbumSchema, headers=ETAG_HEADER)
@documents_errors(blp)
def reorder(data: dict[str, Any], album_id: int) -> Response:
    """Put the album's items in a new order (``gallery.moderate``)."""
    session, user, project = get_session(), member(), current_project()
    album = queries.get_album(session, user, project, album_id)
    services.reorder(session, user, project, album, data["item_ids"])
    commit(session)
    return album_answer(album)


# -- items ---------------------------------------------------------------------------


@blp.get("/albums/<int:album_id>/items")
@blp.arguments(ListArgs, location="query")
@blp.response(200, GalleryItemList)
@documents_errors(blp)
def list_items(args: dict[str, Any], album_id: int) -> dict[str, Any]:
    """The album's items the caller may see, in the album's order."""
    session, user, project = get_session(), signed_in_user(), current_project()
    album = queries.get_album(session, user, project, album_id)
    rows = queries.items_of(
        session, user, project, album, after_position=decode_cursor(args["cursor"])
    )[: args["limit"] + 1]
    listing = page_of(rows, args["limit"], key=lambda item: item.position)
    listing["items"] = [item_json(item) for item in listing["items"]]
    return listing


@blp.post("/albums/<int:album_id>/items")
@blp.arguments(GalleryUploadSchema, location="files")
@blp.response(201, GalleryUploadedSchema)
@documents_errors(blp)
def upload(fields: dict[str, Any], album_id: int) -> dict[str, Any]:
    """Upload one photo (JPEG, PNG, GIF, WebP: stored re-encoded, without EXIF, GPS or
    XMP) or video (MP4, WebM) to the album (``gallery.upload``)."""
    session, user, project = get_session(), member(), current_project()
    album = queries.get_album(session, user, project, album_id)
    sent = fields["file"]
    items, notes = services.upload_items(
        session, user, project, album, [(sent.stream, sent.filename or "")]
    )
    commit(session)
    return {"items": [item_json(item) for item in items], "notes": notes}


@blp.get("/items/<int:item_id>")
@blp.response(200, GalleryItemSchema, headers=ETAG_HEADER)
@documents_errors(blp)
def read_item(item_id: int) -> Response:
    """An item with its ETag."""
    item, _album = queries.get_item(
        get_session(), signed_in_user(), current_project(), item_id
    )
    return item_answer(item)


@blp.patch("/items/<int:item_id>")
@blp.arguments(GalleryItemFieldsSchema)
@blp.response(200, GalleryItemSchema, headers=ETAG_HEADER)
@blp.doc(parameters=[IF_MATCH])
@documents_errors(blp, 412, 428)
def update_item(data: dict[str, Any], item_id: int) -> Response:
    """Change caption, alt text or the identifiable flag (the uploader or a moderator);
    ``consent`` is a moderator's confirmation."""
    session, user, project = get_session(), member(), current_project()
    item, _album = queries.get_item(session, user, project, item_id)
    policy.require_edit_item(user, project, item)
    check_if_match(item_etag(item))
    services.update_item(session, user, project, item, **data)
    commit(session)
    return item_answer(item)


@blp.delete("/items/<int:item_id>")
@blp.response(204)
@documents_errors(blp)
def delete_item(item_id: int) -> None:
    """Delete an item (its uploader, or a moderator)."""
    session, user, project = get_session(), member(), current_project()
    item, _album = queries.get_item(session, user, project, item_id)
    services.delete_item(session, user, project, item)
    commit(session)


@blp.get("/items/<int:item_id>/content")
@blp.response(200, BINARY, content_type="*/*")
@blp.alt_response(206, description="Part of the file (a Range request).")
@blp.alt_response(304, description="Not modified: the ETag is still current.")
@blp.alt_response(416, description="The Range asked for is outside the file.")
@documents_errors(blp)
def content(item_id: int) -> Response:
    """The stored bytes (a photo re-encoded without metadata; a video as sent), with
    range requests."""
    item, _album = queries.get_item(
        get_session(), signed_in_user(), current_project(), item_id
    )
    return files.send_item(item, "file", item.storage_key)


# -- answers -------------------------------------------------------------------------


def album_state(album: Album) -> dict[str, Any]:
    """What an update can change: the ETag is made of this (not of the caller)."""
    return {
        "id": album.id,
        "title": album.title,
        "description": album.description,
        "phase": album.phase,
        "visibility": album.visibility,
        "cover_item_id": album.cover_item_id,
    }


def album_json(album: Album) -> dict[str, Any]:
    url = url_for("gallery.album", album_id=album.id, _external=True)
    return {**album_state(album), "url": url}


def album_etag(album: Album) -> str:
    return etag_of(album_state(album))


def album_answer(album: Album, status: int = 200) -> Response:
    body = GalleryAlbumSchema().dump(album_json(album))
    response = with_etag(body, album_etag(album))
    response.status_code = status
    return response


def item_state(item: Item) -> dict[str, Any]:
    return {
        "id": item.id,
        "caption": item.caption,
        "alt_text": item.alt_text,
        "identifiable": item.identifiable,
        "consent_confirmed": item.consent_confirmed,
        "position": item.position,
    }


def item_json(item: Item) -> dict[str, Any]:
    user, project = signed_in_user(), current_project()
    small = item.small_key and url_for(
        "gallery.item_file", item_id=item.id, variant="small", _external=True
    )
    return {
        **item_state(item),
        "album_id": item.album_id,
        "kind": item.kind,
        "original_name": item.original_name,
        "media_type": item.media_type,
        "size": item.size,
        "width": item.width,
        "height": item.height,
        "public": policy.item_is_publishable(item),
        "uploader": queries.uploader_name(item, user, project),
        "created_at": item.created_at,
        "content_url": url_for("gallery_api.content", item_id=item.id, _external=True),
        "thumbnail_url": small or None,
        "url": url_for("gallery.item", item_id=item.id, _external=True),
    }


def item_etag(item: Item) -> str:
    return etag_of(item_state(item))


def item_answer(item: Item) -> Response:
    return with_etag(GalleryItemSchema().dump(item_json(item)), item_etag(item))

"""Changing the gallery: albums, uploads in batches, captions, consent, order and cover.

Every function takes ``(session, actor, project, ...)`` like the core's services, checks
permissions itself (so the web pages and the API can never disagree), validates its
input with a :class:`~etwincms.errors.ValidationError` naming the field, and flushes —
the caller commits with ``etwincms.db.commit`` so that queued events (this plugin's
hookspecs) and the search index update happen only once the change is stored.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import ExitStack
from typing import Any, BinaryIO

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from etwincms import events
from etwincms.db import utcnow
from etwincms.errors import ValidationError
from etwincms.models import Project, User
from etwincms.permissions import membership_of, require
from etwincms.plugins import plugin_settings
from etwincms.search import outbox as search_outbox
from etwincms.services import audit, quota
from etwincms.services.materials import UNNAMED, clean_filename
from etwincms.services.validation import required_text

from . import media, policy, publication
from .models import PHASES, VISIBILITIES, Album, Item

MAX_BATCH = 50


def search_changed(session: Session, project: Project) -> None:
    """The space's gallery documents changed: the index rebuilds them after the commit."""
    search_outbox.enqueue_plugin(session, project, "gallery")


# -- albums --------------------------------------------------------------------------


def create_album(
    session: Session, actor: User | None, project: Project, *, title: str, **fields: Any
) -> Album:
    """A new album; ``fields`` as :func:`update_album` takes them."""
    require(actor, "gallery.manage", project)
    album = Album(
        project_id=project.id, title="", created_by_id=getattr(actor, "id", None)
    )
    apply_album_fields(album, {"title": title, **fields})
    session.add(album)
    session.flush()
    audit.record(
        session, actor, "gallery.album_create", project, album, title=album.title
    )
    events.queue(
        session,
        "gallery_album_created",
        project,
        album=album,
        project=project,
        user=actor,
    )
    search_changed(session, project)
    return album


def update_album(
    session: Session, actor: User | None, project: Project, album: Album, **fields: Any
) -> None:
    """Change an album's title, description, phase, visibility or cover."""
    require(actor, "gallery.manage", project)
    policy.check_album(project, album)
    if "cover_item_id" in fields:
        check_cover(session, album, fields["cover_item_id"])
    was_public = album.is_public
    apply_album_fields(album, fields)
    if album.is_public and not was_public:
        publication.album_goes_public(session, project, album)
    audit.record(
        session, actor, "gallery.album_update", project, album, fields=sorted(fields)
    )
    search_changed(session, project)  # visibility decides who finds its items


def delete_album(
    session: Session, actor: User | None, project: Project, album: Album
) -> None:
    """Delete an album with its items (their stored bytes stay, shared by hash)."""
    require(actor, "gallery.manage", project)
    policy.check_album(project, album)
    audit.record(
        session, actor, "gallery.album_delete", project, album, title=album.title
    )
    session.delete(album)
    session.flush()
    search_changed(session, project)


def apply_album_fields(album: Album, fields: dict[str, Any]) -> None:
    cleaners = {
        "title": lambda v: required_text(v, "title", 200),
        "description": lambda v: short_text(v, "description", 1000),
        "visibility": lambda v: one_of(v, VISIBILITIES, "visibility"),
        "phase": lambda v: None if not v else one_of(v, PHASES, "phase"),
        "cover_item_id": lambda v: v or None,
    }
    for name, value in fields.items():
        if name not in cleaners:
            raise ValidationError(_("Unknown field %(name)s.", name=name), field=name)
        setattr(album, name, cleaners[name](value))


def check_cover(session: Session, album: Album, item_id: int | None) -> None:
    item = session.get(Item, item_id) if item_id else None
    if item_id and (item is None or item.album_id != album.id):
        raise ValidationError(
            _("The cover must be an item of this album."), "cover_item_id"
        )


def short_text(value: str | None, field: str, max_length: int) -> str:
    text = (value or "").strip()
    if len(text) > max_length:
        raise ValidationError(
            _(
                "The %(field)s is too long (at most %(n)d characters).",
                field=field,
                n=max_length,
            ),
            field=field,
        )
    return text


def one_of(value: Any, allowed: Iterable[str], field: str) -> str:
    if value not in tuple(allowed):
        raise ValidationError(
            _("Choose one of: %(choices)s.", choices=", ".join(allowed)), field=field
        )
    return str(value)


# -- uploads -------------------------------------------------------------------------


def upload_items(
    session: Session,
    actor: User,
    project: Project,
    album: Album,
    files: list[tuple[BinaryIO, str]],
) -> tuple[list[Item], list[str]]:
    """Store a batch of photos and videos; all or nothing. Answers the items and notes
    for the uploader (such as a video without a poster frame)."""
    require(actor, "gallery.upload", project, album)
    policy.check_album(project, album)
    if not files:
        raise ValidationError(_("Choose at least one photo or video."), "file")
    if len(files) > MAX_BATCH:
        raise ValidationError(_("At most %(n)d files at once.", n=MAX_BATCH), "file")
    with ExitStack() as stack:
        checked = [check_one(stack, project, stream, name) for stream, name in files]
        quota.check_room(session, project, sum(size_of(found) for _n, found in checked))
        prepared = [(name, media.store(found)) for name, found in checked]
    items = add_items(session, actor, project, album, prepared)
    notes = [
        f"{item.original_name}: {note}"
        for item, (_n, p) in zip(items, prepared, strict=True)
        for note in p.notes
    ]
    return items, notes


def check_one(
    stack: ExitStack, project: Project, stream: BinaryIO, filename: str
) -> tuple[str, media.Checked]:
    """Read and check one file (nothing is stored yet); errors name the file."""
    name = clean_filename(filename, fallback=UNNAMED)
    limits = size_limits(project)
    try:
        upload = stack.enter_context(media.spooled(stream, max(limits.values())))
        found = media.check(upload)
        size = upload.seek(0, 2)
        upload.seek(0)
    except ValidationError as error:
        raise ValidationError(
            _("%(name)s: %(error)s", name=name, error=error), field="file"
        ) from error
    if size > limits[found.kind]:
        megabytes = limits[found.kind] // (1024 * 1024)
        raise ValidationError(
            _("%(name)s: larger than the limit of %(mb)d MB.", name=name, mb=megabytes),
            field="file",
        )
    return name, found


def size_of(found: media.Checked) -> int:
    """The upload's size as sent (before a photo is re-encoded), as the quota counts."""
    size = found.upload.seek(0, 2)
    found.upload.seek(0)
    return size


def used_bytes(session: Session, project: Project) -> int:
    """What the space's gallery items weigh, for the core's space quota."""
    total = session.scalar(
        select(func.coalesce(func.sum(Item.size), 0)).where(
            Item.project_id == project.id
        )
    )
    return int(total or 0)


def size_limits(project: Project) -> dict[str, int]:
    settings = plugin_settings(project, "gallery")
    return {
        "photo": media.limit_bytes(settings.get("max_photo_mb", 20)),
        "video": media.limit_bytes(settings.get("max_video_mb", 200)),
    }


def add_items(
    session: Session,
    actor: User,
    project: Project,
    album: Album,
    prepared: list[tuple[str, media.Prepared]],
) -> list[Item]:
    position = next_position(session, album)
    school_id = school_of(actor, project)
    items = [
        new_item(album, actor, school_id, name, found, position + index)
        for index, (name, found) in enumerate(prepared)
    ]
    publication.after_upload(session, actor, project, album, items)
    session.add_all(items)
    session.flush()
    for item in items:
        audit.record(
            session, actor, "gallery.upload", project, item, name=item.original_name
        )
    events.queue(
        session,
        "gallery_items_added",
        project,
        items=items,
        album=album,
        project=project,
        user=actor,
    )
    search_changed(session, project)
    return items


def new_item(
    album: Album,
    actor: User,
    school_id: int | None,
    name: str,
    found: media.Prepared,
    position: int,
) -> Item:
    return Item(
        album_id=album.id,
        project_id=album.project_id,
        kind=found.kind,
        original_name=name,
        media_type=found.media_type,
        storage_key=found.stored.key,
        sha256=found.stored.sha256,
        size=found.stored.size,
        width=found.width,
        height=found.height,
        small_key=found.keys.get("small"),
        medium_key=found.keys.get("medium"),
        large_key=found.keys.get("large"),
        poster_key=found.keys.get("poster"),
        caption="",
        alt_text="",
        identifiable=False,
        position=position,
        uploader_id=actor.id,
        school_id=school_id,
    )


def school_of(actor: User, project: Project) -> int | None:
    """The school the uploader takes part for in this space, else their own."""
    membership = membership_of(actor, project)
    if membership is not None and membership.school_id is not None:
        return membership.school_id
    return actor.school_id


def next_position(session: Session, album: Album) -> int:
    last = session.scalar(
        select(func.max(Item.position)).where(Item.album_id == album.id)
    )
    return (last or 0) + 1


# -- items ---------------------------------------------------------------------------


def update_item(
    session: Session, actor: User | None, project: Project, item: Item, **fields: Any
) -> None:
    """Change a caption, alt text or the identifiable flag (the uploader or a moderator);
    ``consent`` (true or false) is a moderator's confirmation."""
    policy.require_edit_item(actor, project, item)
    if fields.get("consent") and not item.consent_confirmed:
        publication.refuse_if_blocked(session, project, [publication.item_id(item)])
    if "consent" in fields:
        set_consent(actor, project, item, bool(fields.pop("consent")))
    for name, value in fields.items():
        apply_item_field(item, name, value)
    if item.identifiable is False:
        item.consent_by_id, item.consent_at = None, None
    if fields:
        publication.after_edit(session, actor, project, item)
    item.edited_at = utcnow()
    audit.record(
        session, actor, "gallery.item_update", project, item, fields=sorted(fields)
    )
    search_changed(session, project)


def apply_item_field(item: Item, name: str, value: Any) -> None:
    if name == "caption":
        item.caption = short_text(value, "caption", 1000)
    elif name == "alt_text":
        item.alt_text = " ".join((value or "").split())[:500]
    elif name == "identifiable":
        if bool(value) and not item.identifiable:
            item.consent_by_id, item.consent_at = (
                None,
                None,
            )  # consent must be given again
        item.identifiable = bool(value)
    else:
        raise ValidationError(_("Unknown field %(name)s.", name=name), field=name)


def set_consent(actor: User | None, project: Project, item: Item, given: bool) -> None:
    policy.require_moderate(actor, project)
    item.consent_by_id = getattr(actor, "id", None) if given else None
    item.consent_at = utcnow() if given else None


def delete_item(
    session: Session, actor: User | None, project: Project, item: Item
) -> None:
    policy.require_edit_item(actor, project, item)
    album = session.get(Album, item.album_id)
    if album is not None and album.cover_item_id == item.id:
        album.cover_item_id = None
    audit.record(
        session, actor, "gallery.item_delete", project, item, name=item.original_name
    )
    session.delete(item)
    session.flush()
    search_changed(session, project)


def reorder(
    session: Session,
    actor: User | None,
    project: Project,
    album: Album,
    item_ids: list[int],
) -> None:
    """Put the album's items in the order given (all of them, each once)."""
    policy.require_moderate(actor, project)
    policy.check_album(project, album)
    items = {
        i.id: i for i in session.scalars(select(Item).where(Item.album_id == album.id))
    }
    if sorted(item_ids) != sorted(items):
        raise ValidationError(_("List every item of the album once."), "item_ids")
    for position, item_id in enumerate(item_ids, start=1):
        items[item_id].position = position
    audit.record(session, actor, "gallery.reorder", project, album)

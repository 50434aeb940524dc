"""Materials: files uploaded to a space, stored by content hash, renamed, trashed, restored.

Images (recognised by their bytes, see :mod:`etwincms.images`) are stored re-encoded
without their metadata, with their pixel size and a thumbnail; anything else is stored as
sent, typed by its bytes (:mod:`etwincms.filetypes`: the name only picks among the inert
types of what the bytes are). Every upload must fit the space's quota
(:mod:`.quota`). The name is metadata only, cleaned of path parts, control characters
and invisible formatting (bidirectional overrides that would disguise ``exe`` as
``jpg``). Documents whose bytes may hold text (PDF, office zips, text)
are marked ``pending`` for the extractor (:mod:`etwincms.extraction`), which reads them
after the upload's commit, off the request path. Who may do what: ``material.upload`` to upload;
``material.delete`` to move to the trash, see the trash and restore; renaming needs
``material.delete``, or ``material.upload`` for one's own uploads (a pupil may fix the
name of a file they sent, not of others' files).
"""

from __future__ import annotations

import io
import re
import tempfile
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, BinaryIO

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import filetypes, images
from ..db import utcnow
from ..errors import NotFound, PermissionDenied, ValidationError
from ..extraction import sniff
from ..models import Material, Page, Project, User
from ..models.material import TextStatus
from ..permissions import allowed, can, require
from ..plugins import project_hooks
from ..state import get_state
from ..storage import StoredFile, copy_hashed
from . import audit, links, quota

UNSAFE_NAME_CHARS = re.compile(r"[\x00-\x1f\x7f/\\]+")
#: Uploads up to this size are sniffed in memory; larger ones in a temporary file.
SPOOL_MEMORY = 1024 * 1024
TEXT_PREVIEW_BYTES = 4096
#: The name of an upload whose own name is empty or nothing but path parts ("..", "/").
UNNAMED = "file"


def attach_material(
    session: Session,
    actor: User,
    project: Project,
    stream: BinaryIO,
    *,
    filename: str,
    page: Page | None = None,
) -> Material:
    """Store an upload (refused past ``MAX_MATERIAL_BYTES`` or the space's quota) and
    record it. An image is stored re-encoded (the SHA-256 and key are those of the stored
    bytes)."""
    require(actor, "material.upload", project, page)
    if page is not None and page.project_id != project.id:
        raise ValidationError(_("That page belongs to another space."), field="page")
    name = clean_filename(filename, fallback=UNNAMED)
    with spooled(stream) as upload:
        quota.check_room(session, project, upload.seek(0, 2))
        upload.seek(0)
        columns = stored_columns(upload, name)
    material = Material(
        project_id=project.id,
        page_id=page.id if page else None,
        original_name=name,
        uploader_id=actor.id,
        **columns,
    )
    session.add(material)
    session.flush()
    audit.record(
        session,
        actor,
        "material.upload",
        project,
        material,
        name=name,
        size=material.size,
    )
    return material


@contextmanager
def spooled(stream: BinaryIO) -> Iterator[BinaryIO]:
    """The upload, size-checked, in a seekable file: sniffing reads it more than once."""
    max_bytes = current_app.config["MAX_MATERIAL_BYTES"]
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_MEMORY) as spool:
        copy_hashed(stream, spool, max_bytes)  # refuses oversized uploads early
        spool.seek(0)
        yield spool


def stored_columns(upload: BinaryIO, name: str) -> dict[str, Any]:
    """Store an image re-encoded (with its thumbnail), anything else as sent."""
    image = images.clean_image(upload)
    if image is None:
        upload.seek(0)
        head = upload.read(sniff.HEAD_BYTES)
        upload.seek(0)
        stored = get_state().storage.put(
            upload, max_bytes=current_app.config["MAX_MATERIAL_BYTES"]
        )
        return {
            "media_type": filetypes.media_type(head, name),
            "text_status": initial_text_status(head),
            **file_columns(stored),
        }
    return {
        "text_status": TextStatus.NONE,
        "media_type": image.media_type,
        "width": image.width,
        "height": image.height,
        "thumbnail_key": put_bytes(image.thumbnail).key,
        **file_columns(put_bytes(image.data)),
    }


def initial_text_status(head: bytes) -> TextStatus:
    """Pending when the first bytes look like a document or text, else none."""
    if sniff.kind(head) in sniff.TEXT_KINDS:
        return TextStatus.PENDING
    return TextStatus.NONE


def put_bytes(data: bytes) -> StoredFile:
    return get_state().storage.put(io.BytesIO(data), max_bytes=len(data))


def file_columns(stored: StoredFile) -> dict[str, Any]:
    return {"size": stored.size, "sha256": stored.sha256, "storage_key": stored.key}


def is_image(material: Material) -> bool:
    """Whether the material was stored as a (re-encoded) image, whatever its name."""
    return material.thumbnail_key is not None


def clean_filename(filename: str, *, fallback: str | None = None) -> str:
    """Keep the name readable as metadata: no path parts, no control characters, no
    invisible formatting characters (bidi overrides, zero widths). A name left empty
    becomes ``fallback`` (uploads keep the file), or is refused (renaming)."""
    visible = "".join(c for c in filename if unicodedata.category(c) != "Cf")
    name = UNSAFE_NAME_CHARS.sub(
        "_", visible.replace("\\", "/").rsplit("/", 1)[-1]
    ).strip(" .")
    if not name and fallback:
        return fallback
    if not name:
        raise ValidationError(_("The file needs a name."), field="file")
    return name[-255:]


def list_materials(
    session: Session, actor: User | None, project: Project
) -> list[Material]:
    require(actor, "material.view", project)
    rows = session.scalars(
        select(Material)
        .where(Material.project_id == project.id, Material.deleted_at.is_(None))
        .order_by(Material.created_at.desc(), Material.id.desc())
    )
    return allowed(actor, "material.view", project, rows)  # a group's files: its own


def get_material(
    session: Session, actor: User | None, project: Project, material_id: int
) -> Material:
    require(actor, "material.view", project)  # first: refusals say nothing of the id
    material = live_material(session, project, material_id)
    if material is None or not can(actor, "material.view", project, material):
        raise NotFound(str(material_id))
    return material


def live_material(
    session: Session, project: Project, material_id: int
) -> Material | None:
    """The space's material ``material_id``, unless it is missing or in the trash."""
    material = session.get(Material, material_id)
    if material is None or material.project_id != project.id or material.deleted_at:
        return None
    return material


def get_shown_material(
    session: Session, actor: User | None, project: Project, material_id: int
) -> Material:
    """A material's bytes may be fetched by whoever may see the materials library, by
    whoever may read a page that shows or links it, and by whoever a plugin switched on
    in the space says reads content of its showing it (``material_shown``): so images on
    a public page or a public blog post work for its visitors, and nothing else of the
    library is exposed. Those refused get the same answer whether or not the id exists."""
    material = live_material(session, project, material_id)
    if material is not None and may_fetch(session, actor, project, material):
        return material
    require(actor, "material.view", project)
    raise NotFound(str(material_id))


def may_fetch(
    session: Session, actor: User | None, project: Project, material: Material
) -> bool:
    return (
        can(actor, "material.view", project, material)
        or bool(links.pages_using(session, actor, project, material))
        or shown_by_plugins(material, project, actor)
    )


def shown_by_plugins(material: Material, project: Project, actor: User | None) -> bool:
    """Whether a plugin on in the space shows ``material`` in content ``actor`` reads."""
    answer = project_hooks(project).material_shown(
        material=material, project=project, user=actor
    )
    return answer is True


def delete_material(
    session: Session, actor: User, project: Project, material: Material
) -> None:
    """Hide the material; the bytes stay (other materials may share them)."""
    require(actor, "material.delete", project)
    material.deleted_at = utcnow()
    audit.record(
        session,
        actor,
        "material.delete",
        project,
        material,
        name=material.original_name,
    )


def list_trashed_materials(
    session: Session, actor: User | None, project: Project
) -> list[Material]:
    """The space's trashed materials, newest first; empty for those who may not restore."""
    if not can(actor, "material.delete", project):
        return []
    return list(
        session.scalars(
            select(Material)
            .where(Material.project_id == project.id, Material.deleted_at.is_not(None))
            .order_by(Material.deleted_at.desc(), Material.id.desc())
        )
    )


def get_trashed_material(
    session: Session, actor: User | None, project: Project, material_id: int
) -> Material:
    """A material in the space's trash, for those who may restore it; else NotFound."""
    material = session.get(Material, material_id)
    if material is None or material.project_id != project.id:
        raise NotFound(str(material_id))
    if material.deleted_at is None or not can(actor, "material.delete", project):
        raise NotFound(str(material_id))
    return material


def restore_material(
    session: Session, actor: User, project: Project, material: Material
) -> None:
    """Take the material out of the trash (``material.delete``, like moving it there)."""
    require(actor, "material.delete", project)
    material.deleted_at = None
    audit.record(
        session,
        actor,
        "material.restore",
        project,
        material,
        name=material.original_name,
    )


def may_rename(actor: User | None, project: Project, material: Material) -> bool:
    """Those who may delete materials rename any; uploaders may rename their own."""
    if can(actor, "material.delete", project):
        return True
    own = actor is not None and material.uploader_id == actor.id
    return own and can(actor, "material.upload", project)


def rename_material(
    session: Session, actor: User, project: Project, material: Material, name: str
) -> None:
    """Change the name shown and downloaded; links with the old name keep working.

    A non-image's media type may follow its new name within what its bytes are (see
    :mod:`etwincms.filetypes`); an image's comes from its bytes alone.
    """
    if not may_rename(actor, project, material):
        raise PermissionDenied("material.delete")
    old, material.original_name = material.original_name, clean_filename(name)
    if not is_image(material):
        with open_file(material) as stored:
            head = stored.read(sniff.HEAD_BYTES)
        material.media_type = filetypes.media_type(head, material.original_name)
    audit.record(
        session,
        actor,
        "material.rename",
        project,
        material,
        old=old,
        name=material.original_name,
    )


def uploader_of(session: Session, material: Material) -> User | None:
    if material.uploader_id is None:
        return None
    return session.get(User, material.uploader_id)


def open_file(material: Material, *, thumbnail: bool = False) -> BinaryIO:
    """The stored bytes (or the thumbnail's) of a material the caller may see."""
    key = material.thumbnail_key if thumbnail else material.storage_key
    if key is None:
        raise NotFound(f"{material.id}/thumbnail")
    return get_state().storage.open(key)


def text_preview(material: Material, max_lines: int = 20) -> str | None:
    """The first lines of a text file, for its detail page; None for other files."""
    if not material.media_type.startswith("text/"):
        return None
    with open_file(material) as stored:
        head = stored.read(TEXT_PREVIEW_BYTES)
    return "\n".join(head.decode("utf-8", "replace").splitlines()[:max_lines])

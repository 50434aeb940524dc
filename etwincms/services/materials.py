"""Materials: files uploaded to a space, stored by content hash, listed and deleted."""

from __future__ import annotations

import mimetypes
import re
from typing import BinaryIO

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db import utcnow
from ..errors import NotFound, ValidationError
from ..models import Material, Page, Project, User
from ..permissions import require
from ..state import get_state
from . import audit

UNSAFE_NAME_CHARS = re.compile(r"[\x00-\x1f\x7f/\\]+")


def attach_material(
    session: Session,
    actor: User,
    project: Project,
    stream: BinaryIO,
    *,
    filename: str,
    page: Page | None = None,
) -> Material:
    """Store an upload (refused past ``MAX_MATERIAL_BYTES``) and record it."""
    require(actor, "material.upload", project, page)
    if page is not None and page.project_id != project.id:
        raise ValidationError("That page belongs to another space.", field="page")
    name = clean_filename(filename)
    stored = get_state().storage.put(
        stream, max_bytes=current_app.config["MAX_MATERIAL_BYTES"]
    )
    material = Material(
        project_id=project.id,
        page_id=page.id if page else None,
        original_name=name,
        media_type=mimetypes.guess_type(name)[0] or "application/octet-stream",
        size=stored.size,
        sha256=stored.sha256,
        storage_key=stored.key,
        uploader_id=actor.id,
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
        size=stored.size,
    )
    return material


def clean_filename(filename: str) -> str:
    """Keep the name readable as metadata: no path parts, no control characters."""
    name = UNSAFE_NAME_CHARS.sub(
        "_", filename.replace("\\", "/").rsplit("/", 1)[-1]
    ).strip(" .")
    if not name:
        raise ValidationError("The file needs a name.", field="file")
    return name[-255:]


def list_materials(
    session: Session, actor: User | None, project: Project
) -> list[Material]:
    require(actor, "material.view", project)
    return list(
        session.scalars(
            select(Material)
            .where(Material.project_id == project.id, Material.deleted_at.is_(None))
            .order_by(Material.created_at.desc())
        )
    )


def get_material(
    session: Session, actor: User | None, project: Project, material_id: int
) -> Material:
    material = session.get(Material, material_id)
    if material is None or material.project_id != project.id or material.deleted_at:
        raise NotFound(str(material_id))
    require(actor, "material.view", project)
    return material


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

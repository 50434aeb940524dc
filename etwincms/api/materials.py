"""A space's materials library over the API: list, upload, describe, download, rename,
trash and restore.

Uploads are ``multipart/form-data`` (a ``file`` and an optional ``page_id``) and go
through the same service as the library page, so images are re-encoded without their
metadata and oversized files are refused. Downloads are served exactly as the web serves
them (:func:`etwincms.web.materials.send_material`): ``nosniff``, non-images as
attachments, a sandboxing CSP; whoever may read a page that uses a file may fetch it.
"""

from __future__ import annotations

from typing import Any

from flask import Response, url_for
from flask_babel import gettext as _
from flask_smorest import Blueprint
from sqlalchemy import select

from ..db import commit, get_session
from ..errors import NotFound, ValidationError
from ..models import Material, Page, Project
from ..permissions import allowed, require
from ..services import links, materials, spaces, tree
from ..web.materials import markdown_for, send_material
from .common import caller, decode_cursor, documents_errors, page_of
from .material_schemas import (
    BINARY,
    MaterialDetailSchema,
    MaterialList,
    MaterialListArgs,
    MaterialRenameSchema,
    MaterialSchema,
    MaterialUploadSchema,
    UploadParser,
)
from .page_schemas import PageRefSchema

blp = Blueprint("api_materials", __name__, description="Materials (uploaded files)")
blp.ARGUMENTS_PARSER = UploadParser()
MATERIALS = "/projects/<slug>/materials"
MATERIAL = f"{MATERIALS}/<int:material_id>"
NOT_MODIFIED = "Not modified: the file still has the ETag sent in If-None-Match."


def space(slug: str) -> Project:
    return spaces.get_space(get_session(), caller(), slug)


def material_json(project: Project, material: Material) -> dict[str, Any]:
    ids = {"slug": project.slug, "material_id": material.id}
    image = materials.is_image(material)
    return {
        "id": material.id,
        "name": material.original_name,
        "media_type": material.media_type,
        "size": material.size,
        "width": material.width,
        "height": material.height,
        "is_image": image,
        "page_id": material.page_id,
        "created_at": material.created_at,
        "url": url_for("api_materials.download", **ids, _external=True),
        "thumbnail_url": url_for("api_materials.thumbnail", **ids, _external=True)
        if image
        else None,
        "markdown": markdown_for(project, material),
    }


def detail_json(project: Project, material: Material) -> dict[str, Any]:
    used_on = links.pages_using(get_session(), caller(), project, material)
    return {
        **material_json(project, material),
        "used_on": PageRefSchema(many=True).dump(used_on),
    }


def listed(project: Project, args: dict[str, Any]) -> list[Material]:
    """One page of the live library plus one row, after the cursor, in SQL.

    (:func:`materials.list_materials` answers the whole library; a list by cursor
    needs the id order, so the same rows are paged here after the same check.)
    """
    require(caller(), "material.view", project)
    after, newest = decode_cursor(args["cursor"]), args["order"] == "newest"
    query = select(Material).where(
        Material.project_id == project.id, Material.deleted_at.is_(None)
    )
    if after is not None:
        query = query.where(Material.id < after if newest else Material.id > after)
    order = Material.id.desc() if newest else Material.id
    return list(get_session().scalars(query.order_by(order).limit(args["limit"] + 1)))


def upload_page(project: Project, page_id: int | None) -> Page | None:
    if page_id is None:
        return None
    try:
        return tree.get_page_by_id(get_session(), caller(), project, page_id)
    except NotFound:
        raise ValidationError(_("That page was not found."), "page_id") from None


def live(slug: str, material_id: int) -> tuple[Project, Material]:
    project = space(slug)
    require(caller(), "material.view", project)  # first: absent ids are refused alike
    return project, materials.get_material(
        get_session(), caller(), project, material_id
    )


def shown(slug: str, material_id: int) -> Material:
    """A material for its bytes: members, and readers of a page that uses it."""
    project = space(slug)
    return materials.get_shown_material(get_session(), caller(), project, material_id)


@blp.get(MATERIALS)
@blp.arguments(MaterialListArgs, location="query")
@blp.response(200, MaterialList)
@documents_errors(blp)
def list_materials(args: dict[str, Any], slug: str) -> dict[str, Any]:
    """The library (not the trash), newest first or by id, in pages with a cursor."""
    project = space(slug)
    listing = page_of(listed(project, args), args["limit"], key=lambda m: m.id)
    # A working group's files are its own: a page may hold fewer items, never a hole
    # in the cursor (it follows the unfiltered rows).
    readable = allowed(caller(), "material.view", project, listing["items"])
    listing["items"] = [material_json(project, m) for m in readable]
    return listing


@blp.post(MATERIALS)
@blp.arguments(MaterialUploadSchema, location="files")
@blp.response(201, MaterialDetailSchema)
@documents_errors(blp)
def upload(fields: dict[str, Any], slug: str) -> dict[str, Any]:
    """Upload one file (images are stored re-encoded, without their metadata)."""
    project, sent = space(slug), fields["file"]
    material = materials.attach_material(
        get_session(),
        caller(),
        project,
        sent.stream,
        filename=sent.filename or "",
        page=upload_page(project, fields["page_id"]),
    )
    commit()
    return detail_json(project, material)


@blp.get(MATERIAL)
@blp.response(200, MaterialDetailSchema)
@documents_errors(blp)
def read_material(slug: str, material_id: int) -> dict[str, Any]:
    """A material's details and the pages (readable by the caller) that use it."""
    return detail_json(*live(slug, material_id))


@blp.get(f"{MATERIAL}/content")
@blp.response(200, BINARY, content_type="*/*")
@blp.alt_response(304, description=NOT_MODIFIED)
@documents_errors(blp)
def download(slug: str, material_id: int) -> Response:
    """The file: images inline, anything else as an attachment, never sniffed."""
    return send_material(shown(slug, material_id), thumbnail=False)


@blp.get(f"{MATERIAL}/thumbnail")
@blp.response(200, BINARY, content_type="image/webp")
@blp.alt_response(304, description=NOT_MODIFIED)
@documents_errors(blp)
def thumbnail(slug: str, material_id: int) -> Response:
    """An image's thumbnail (WebP); 404 for files that are not images."""
    return send_material(shown(slug, material_id), thumbnail=True)


@blp.patch(MATERIAL)
@blp.arguments(MaterialRenameSchema)
@blp.response(200, MaterialDetailSchema)
@documents_errors(blp)
def rename(fields: dict[str, Any], slug: str, material_id: int) -> dict[str, Any]:
    """Rename (uploaders their own files; those who may delete, any file)."""
    project, material = live(slug, material_id)
    materials.rename_material(
        get_session(), caller(), project, material, fields["name"]
    )
    commit()
    return detail_json(project, material)


@blp.delete(MATERIAL)
@blp.response(204)
@documents_errors(blp)
def trash(slug: str, material_id: int) -> None:
    """Move to the trash; pages that use it stop showing it until it is restored."""
    project, material = live(slug, material_id)
    materials.delete_material(get_session(), caller(), project, material)
    commit()


@blp.get(f"{MATERIALS}/trash")
@blp.response(200, MaterialSchema(many=True))
@documents_errors(blp)
def trashed(slug: str) -> list[dict[str, Any]]:
    """The trash, newest first (empty for those who may not restore)."""
    project = space(slug)
    found = materials.list_trashed_materials(get_session(), caller(), project)
    return [material_json(project, material) for material in found]


@blp.post(f"{MATERIAL}/restore")
@blp.response(200, MaterialDetailSchema)
@documents_errors(blp)
def restore(slug: str, material_id: int) -> dict[str, Any]:
    """Take a material out of the trash."""
    project, session = space(slug), get_session()
    material = materials.get_trashed_material(session, caller(), project, material_id)
    materials.restore_material(session, caller(), project, material)
    commit()
    return detail_json(project, material)

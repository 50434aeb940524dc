"""Files of the space's library that exported pages show or link.

A page's HTML points at the live addresses of library files
(``/s/<space>/-/materials/<id>/<name>``, or its thumbnail). Each such file that is still
in the library is carried into the export (as an ``ExportFile`` by storage key, under
``files/``) and the address becomes the relative path from the page to it. Addresses
of files in the trash or of another space are left alone: the link rewriter then turns
them into plain text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..hooktypes import ExportFile
from ..models import Material, Project
from .paths import clean_path, relative

FILES_FOLDER = "files"


@dataclass(slots=True)
class Carried:
    """A page's HTML pointing at exported files, and those files."""

    html: str
    files: list[ExportFile] = field(default_factory=list)


def carry_materials(
    session: Session, project: Project, html: str, page_path: str
) -> Carried:
    """``html`` (of the page at ``page_path``) with library addresses made relative."""
    carried = Carried(html)
    for material in shown_materials(session, project, html):
        target = material_path(material)
        carried.files.append(ExportFile(path=target, storage_key=material.storage_key))
        carried.html = material_address(project, material.id).sub(
            f'"{relative(page_path, target)}"', carried.html
        )
    return carried


def material_path(material: Material) -> str:
    """Where a library file goes in the export: ``files/<id>-<name>``."""
    return f"{FILES_FOLDER}/{clean_path(f'{material.id}-{material.original_name}', suffix='')}"


def material_address(project: Project, material_id: int) -> re.Pattern[str]:
    """A quoted address of the material (its page, file or thumbnail), on any host."""
    base = re.escape(f"/s/{project.slug}/-/materials/{material_id}")
    return re.compile(rf"\"(?:https?://[^\"/]+)?{base}(?:[/?#][^\"]*)?\"")


def shown_materials(session: Session, project: Project, html: str) -> list[Material]:
    """The live library files of ``project`` whose addresses appear in ``html``."""
    pattern = re.compile(rf"/s/{re.escape(project.slug)}/-/materials/(\d+)")
    ids = {int(found) for found in pattern.findall(html)}
    if not ids:
        return []
    query = select(Material).where(
        Material.project_id == project.id,
        Material.id.in_(ids),
        Material.deleted_at.is_(None),
    )
    return list(session.scalars(query.order_by(Material.id)))

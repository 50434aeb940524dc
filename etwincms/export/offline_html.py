"""Turn a plugin's sanitized HTML into HTML for the offline static export.

The export must work without the platform and request nothing from elsewhere: an
embedded player (an ``iframe``) becomes a plain link, an image from another site becomes
a link to it, and pictures and files of the space's library are carried in the export
(``ExportFile`` by storage key) with the HTML pointing at their relative path. Plain text
for the export's search index is the HTML without its tags.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

import nh3
from sqlalchemy.orm import Session

from etwincms.hooktypes import ExportFile
from etwincms.models import Project

from .materials import material_address, shown_materials

IFRAME = re.compile(r"<iframe\b[^>]*?\bsrc=\"([^\"]*)\"[^>]*>.*?</iframe>", re.I | re.S)
EXTERNAL_IMAGE = re.compile(r"<img\b[^>]*?\bsrc=\"((?:https?:)?//[^\"]*)\"[^>]*>", re.I)
UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(slots=True)
class Carried:
    """HTML ready for the export and the library files it needs."""

    html: str
    files: list[ExportFile] = field(default_factory=list)


def as_link(match: re.Match[str]) -> str:
    url = html.escape(html.unescape(match.group(1)), quote=True)
    return f'<a href="{url}">{url}</a>'


def offline_html(
    session: Session, project: Project, body_html: str, files_dir: str, prefix: str
) -> Carried:
    """``body_html`` with no external resource; library files go to ``files_dir``.

    :param prefix: How the page reaches ``files_dir`` (``"files/"`` from a sibling).
    """
    text = IFRAME.sub(as_link, body_html)
    text = EXTERNAL_IMAGE.sub(as_link, text)
    carried = Carried(text)
    for material in shown_materials(session, project, text):
        name = UNSAFE_NAME.sub("-", material.original_name).strip("-") or "file"
        target = f"{material.id}-{name}"
        carried.files.append(
            ExportFile(path=f"{files_dir}/{target}", storage_key=material.storage_key)
        )
        carried.html = material_address(project, material.id).sub(
            f'"{prefix}{target}"', carried.html
        )
    return carried


def plain_text(body_html: str) -> str:
    """The words of the HTML, for the export's search index."""
    return " ".join(html.unescape(nh3.clean(body_html, tags=set())).split())

"""Render the export's files from the theme's ``export/`` templates.

Every page shares one frame (header with the search box, the licence in the footer);
``root`` is how a page reaches the top of the export, so the stylesheet, the scripts
and the search results work from any folder, also opened straight from the disk.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import render_template
from flask_babel import format_date
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Project
from ..models.project import ProjectSchool
from ..services.tree import TreeNode
from .licences import Licence
from .paths import root_prefix

#: Text of each entry in the search index is cut to this many characters.
INDEX_TEXT_LIMIT = 20_000


@dataclass(frozen=True, slots=True)
class SiteInfo:
    """What every page of the export shows about the space."""

    title: str
    description: str
    licence: Licence
    exported_on: str
    lang: str
    partners: tuple[str, ...] = ()
    reference: str = ""
    period: str = ""


@dataclass(frozen=True, slots=True)
class IndexEntry:
    path: str
    title: str


@dataclass(frozen=True, slots=True)
class IndexGroup:
    label: str
    entries: tuple[IndexEntry, ...]


def site_info(session: Session, project: Project, licence: Licence) -> SiteInfo:
    lang = (project.languages or ["en"])[0]
    return SiteInfo(
        title=project.title,
        description=project.description,
        licence=licence,
        exported_on=format_date(date.today()),
        lang=lang,
        partners=partner_schools(session, project),
        reference=project.erasmus_reference or "",
        period=period(project),
    )


def partner_schools(session: Session, project: Project) -> tuple[str, ...]:
    """The partner institutions, "name, city (country)", coordinator first."""
    rows = session.scalars(
        select(ProjectSchool)
        .where(ProjectSchool.project_id == project.id)
        .order_by(ProjectSchool.is_coordinator.desc(), ProjectSchool.school_id)
    )
    return tuple(
        ", ".join(part for part in (row.school.name, row.school.city) if part)
        + f" ({row.school.country})"
        for row in rows
    )


def period(project: Project) -> str:
    if project.start_date and project.end_date:
        return (
            f"{format_date(project.start_date)} \u2013 {format_date(project.end_date)}"
        )
    return format_date(project.start_date) if project.start_date else ""


def page_html(site: SiteInfo, path: str, title: str, body: str) -> str:
    return render_template(
        "export/page.html",
        **frame(site, path),
        title=title,
        body=Markup(body),  # noqa: S704
    )


def index_html(
    site: SiteInfo,
    tree: list[TreeNode],
    pages: dict[int, str],
    groups: list[IndexGroup],
) -> str:
    return render_template(
        "export/index.html",
        **frame(site, "index.html"),
        tree=tree,
        pages=pages,
        groups=groups,
    )


def frame(site: SiteInfo, path: str) -> dict[str, Any]:
    return {"site": site, "root": root_prefix(path), "lang": site.lang}


def licence_text(site: SiteInfo) -> str:
    return render_template("export/LICENSE.txt", site=site)


def readme_text(site: SiteInfo) -> str:
    return render_template("export/README.txt", site=site)


def stylesheet() -> str:
    return render_template("export/export.css")


def search_script() -> str:
    return render_template("export/search.js")


def search_index(entries: list[dict[str, str]]) -> str:
    """The index as a script (``window.EXPORT_INDEX``): pages opened from the disk may
    run a script but not fetch a JSON file."""
    trimmed = [{**entry, "text": entry["text"][:INDEX_TEXT_LIMIT]} for entry in entries]
    data = json.dumps(trimmed, ensure_ascii=False, separators=(",", ":"))
    safe = (
        data.replace("<", "\\u003c")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )
    return f"window.EXPORT_INDEX = {safe};\n"

"""Build the dissemination export of a space: a zip of a static site of its public content.

The site holds ``index.html`` (title, description, licence, the public page tree and
what plugins exported), one HTML file per public page with links made relative, the
files those pages show, ``LICENSE.txt``, its own stylesheet and a client-side search
(``assets/search-index.js`` + ``assets/search.js``). Nothing in it loads anything from
a server. Before a byte is written, every file is checked for pupils' names.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from flask import current_app, has_request_context, request
from flask_babel import gettext as _
from sqlalchemy.orm import Session

from ..models import Page, Project, User
from ..permissions import require
from ..services.tree import TreeNode
from ..state import get_state
from . import render
from .collect import Collected, PlacedPage, collect, read_file
from .core_pages import PAGES_FOLDER, export_path, id_url, page_url, public_page_tree
from .links import LinkTable, rewrite
from .safety import NameGuard, name_guard
from .settings import CAPABILITY, space_licence


@dataclass(frozen=True, slots=True)
class ExportSummary:
    """What an export holds: pages written and files carried."""

    pages: int
    files: int


def export_site(
    session: Session, actor: User | None, project: Project, target: BinaryIO
) -> ExportSummary:
    """Write the space's export to ``target`` (a binary file), if ``actor`` may."""
    require(actor, CAPABILITY, project)
    return build_site(session, project, target)


def build_site(session: Session, project: Project, target: BinaryIO) -> ExportSummary:
    """Write the export without a permission check (the command line's operator)."""
    collected = collect(session, project)
    site = render.site_info(session, project, space_licence(session, project))
    texts = text_files(session, project, site, collected)
    titles = {placed.path: placed.page.title for placed in collected.pages}
    guard = name_guard(session, project, titles)
    for path, data in texts.items():
        guard.check(path, data)
    write_zip(target, texts, collected, guard)
    return ExportSummary(pages=len(collected.pages), files=len(collected.files))


def text_files(
    session: Session, project: Project, site: render.SiteInfo, collected: Collected
) -> dict[str, bytes]:
    tree = public_page_tree(session, project)
    table = collected.link_table(own_hosts(), id_aliases(project, tree))
    files = {
        placed.path: render.page_html(
            site, placed.path, placed.page.title, page_body(placed, table)
        )
        for placed in collected.pages
    }
    files["index.html"] = index_page(project, site, tree, collected)
    files["LICENSE.txt"] = render.licence_text(site)
    files["README.txt"] = render.readme_text(site)
    files["assets/export.css"] = render.stylesheet()
    files["assets/search.js"] = render.search_script()
    files["assets/search-index.js"] = render.search_index(index_entries(collected))
    return {path: text.encode() for path, text in files.items()}


def page_body(placed: PlacedPage, table: LinkTable) -> str:
    """The page's HTML with its links rewritten, then through the one sanitizer (a
    plugin's HTML is not trusted to be clean; the core's comes out the same)."""
    return get_state().sanitizer.clean(rewrite(placed.html, table, placed.path))


def index_page(
    project: Project, site: render.SiteInfo, tree: list[TreeNode], collected: Collected
) -> str:
    placed = {placed.page.url: placed.path for placed in collected.pages}
    core = {
        page.id: placed.get(page_url(project, page), export_path(page))
        for page in walk(tree)
    }
    return render.index_html(site, tree, core, plugin_groups(collected))


def id_aliases(project: Project, tree: list[TreeNode]) -> dict[str, str]:
    """Wiki links name core pages by id (``/s/<space>/-/id/<n>``): both addresses count."""
    return {id_url(project, page): page_url(project, page) for page in walk(tree)}


def walk(nodes: Iterable[TreeNode]) -> Iterator[Page]:
    for node in nodes:
        yield node.page
        yield from walk(node.children)


def plugin_groups(collected: Collected) -> list[render.IndexGroup]:
    """The plugins' pages by their first folder (``blog/...``), labelled by plugin."""
    grouped: dict[str, list[render.IndexEntry]] = {}
    for placed in collected.pages:
        folder = placed.path.split("/", 1)[0] if "/" in placed.path else ""
        if folder != PAGES_FOLDER:
            grouped.setdefault(folder, []).append(
                render.IndexEntry(placed.path, placed.page.title)
            )
    return [
        render.IndexGroup(group_label(folder), tuple(entries))
        for folder, entries in grouped.items()
    ]


def group_label(folder: str) -> str:
    meta = get_state().registries.plugins.get(folder)
    if meta is not None:
        return str(meta.title)
    return folder.replace("-", " ").replace("_", " ").capitalize() or _("More")


def index_entries(collected: Collected) -> list[dict[str, str]]:
    return [
        {"path": placed.path, "title": placed.page.title, "text": placed.page.text}
        for placed in collected.pages
    ]


def own_hosts() -> frozenset[str]:
    """Host names under which links point at the live site."""
    hosts = {current_app.config.get("SERVER_NAME") or ""}
    if has_request_context():
        hosts.add(request.host)
    return frozenset(host.lower() for host in hosts if host)


def write_zip(
    target: BinaryIO, texts: dict[str, bytes], collected: Collected, guard: NameGuard
) -> None:
    """Write the files one by one; a pupil's name found in a carried file stops it
    (the caller throws the half-written target away)."""
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(texts):
            archive.writestr(path, texts[path])
        for path, file in sorted(collected.files.items()):
            data = read_file(file)
            guard.check(path, data)
            archive.writestr(path, data)

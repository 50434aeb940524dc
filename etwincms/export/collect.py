"""Gather what goes into the export: every public page (the core's and the plugins'),
each at a safe path of its own, and the files they show.

Pages come from the ``public_export`` hook of the core and of the plugins the space has
switched on. Library files a page links by their live address are carried for every
page (plugins need not do it themselves); a file whose bytes are missing from storage is
left out, so no link ever points at nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy.orm import Session

from ..hooktypes import ExportFile, ExportPage
from ..models import Project
from ..plugins import project_hooks
from ..state import get_state
from .errors import PluginFailed
from .links import LinkTable, live_path
from .materials import carry_materials
from .paths import clean_path, is_reserved, unique_path


@dataclass(slots=True)
class PlacedPage:
    """A page at its final path in the export, with HTML not yet rewritten."""

    page: ExportPage
    path: str
    html: str


@dataclass(slots=True)
class Collected:
    pages: list[PlacedPage] = field(default_factory=list)
    files: dict[str, ExportFile] = field(default_factory=dict)

    def link_table(
        self, own_hosts: frozenset[str], aliases: dict[str, str]
    ) -> LinkTable:
        """The links table; ``aliases`` maps other live paths to a page's own live path."""
        live = {
            live_path(urlsplit(placed.page.url).path): placed.path
            for placed in self.pages
            if placed.page.url
        }
        live.update({alias: live[url] for alias, url in aliases.items() if url in live})
        everything = (
            {placed.path for placed in self.pages} | set(self.files) | {"index.html"}
        )
        return LinkTable(live, frozenset(everything), own_hosts)


def collect(session: Session, project: Project) -> Collected:
    """Every public page of the space, placed, and the files they show.

    Each implementation is asked on its own (the core first), so a plugin that fails
    is named in the refusal instead of the export silently lacking its content.
    """
    collected, taken = Collected(), set()
    for impl in project_hooks(project).public_export.get_hookimpls():
        if impl.hookwrapper or impl.wrapper:
            continue  # wrappers surround a call; they hand over no pages
        for page in pages_of(impl, project):
            place(session, project, collected, taken, page)
    return collected


def pages_of(impl: Any, project: Project) -> list[ExportPage]:
    arguments = {"project": project}
    try:
        return list(
            impl.function(**{name: arguments[name] for name in impl.argnames}) or ()
        )
    except Exception as error:
        current_app.logger.exception("public_export of %s failed", impl.plugin_name)
        raise PluginFailed(plugin_failed(impl.plugin_name)) from error


def plugin_failed(plugin: str) -> str:
    meta = get_state().registries.plugins.get(plugin)
    return _(
        "The export was not made: the tool “%(tool)s” could not hand over its public"
        " content. Try again later; if it keeps failing, tell your site's operator.",
        tool=meta.title if meta is not None else plugin,
    )


def place(
    session: Session,
    project: Project,
    collected: Collected,
    taken: set[str],
    page: ExportPage,
) -> None:
    path = unique_path(page.path, taken)
    carried = carry_materials(session, project, page.html, path)
    collected.pages.append(PlacedPage(page, path, carried.html))
    for file in (*page.files, *carried.files):
        add_file(collected, taken, file)


def add_file(collected: Collected, taken: set[str], file: ExportFile) -> None:
    path = clean_path(file.path, suffix="")
    if path in collected.files or path in taken or is_reserved(path):
        return
    if file.data is None and not stored(file.storage_key):
        return
    collected.files[path] = ExportFile(
        path=path, data=file.data, storage_key=file.storage_key
    )


def stored(key: str | None) -> bool:
    return bool(key) and get_state().storage.exists(key)


def read_file(file: ExportFile) -> bytes:
    """The bytes of an export file (given, or read from storage)."""
    if file.data is not None:
        return file.data
    with get_state().storage.open(file.storage_key or "") as handle:
        return handle.read()

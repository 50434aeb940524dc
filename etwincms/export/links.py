"""Rewrite an exported page's HTML so it works offline and asks nothing of any server.

A link to a page or file of the export becomes a relative path to it; a link to anything
else of the live site (members-only content, a page not exported) becomes plain text; a
link to another site stays, with ``rel="noopener noreferrer"``. Resources are never
fetched from elsewhere: an image, video or sound from another site becomes a link to it,
an ``iframe``/``object``/``embed`` becomes a link, and scripts, styles, ``link`` and
``meta`` elements, event handlers and ``url()`` in styles are removed. The HTML is
tokenised with the standard library's parser and written back attribute by attribute.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

from .paths import relative, resolve

DROPPED_WITH_CONTENT = frozenset({"script", "style", "template", "noscript", "title"})
REPLACED_BY_LINK = frozenset({"iframe", "frame", "object", "applet", "embed"})
DROPPED = frozenset({"link", "meta", "base", "frameset", "html", "head", "body"})
VOID = frozenset(
    {"area", "br", "col", "embed", "hr", "img", "input", "source", "track", "wbr"}
    | {"link", "meta", "base"}
)
RESOURCE_ATTRIBUTES = frozenset({"src", "poster", "data"})
NEVER_KEPT = frozenset(
    {"srcset", "imagesrcset", "sizes", "ping", "formaction", "action", "background"}
    | {"lowsrc", "dynsrc", "codebase", "archive", "manifest", "integrity", "xmlns"}
)
EXTERNAL_REL = "noopener noreferrer"


@dataclass(frozen=True, slots=True)
class LinkTable:
    """What the export holds: live paths of exported pages, and every file's path.

    :param pages: Live path (``/s/space/a-page``) -> export path.
    :param files: Every path written in the export (pages and files).
    :param own_hosts: Host names of the live site (``school.example:8000``).
    """

    pages: Mapping[str, str]
    files: frozenset[str]
    own_hosts: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Target:
    href: str
    external: bool = False


def rewrite(html_text: str, table: LinkTable, page_path: str) -> str:
    """``html_text`` of the page at ``page_path``, made self-contained."""
    rewriter = Rewriter(table, page_path)
    rewriter.feed(html_text)
    rewriter.close()
    return "".join(rewriter.out)


def live_path(path: str) -> str:
    """A live path as the table keys it: unquoted, without a trailing ``/``."""
    return unquote(path).rstrip("/") or "/"


def target_of(url: str, table: LinkTable, page_path: str) -> Target | None:
    """Where ``url`` (in the page at ``page_path``) goes in the export; None: nowhere."""
    url = url.strip()
    if not url:
        return None
    if url.startswith("#"):
        return Target(url)
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme in {"mailto", "tel"}:
        return Target(url, external=True)
    if scheme in {"http", "https"} or (not scheme and parts.netloc):
        if parts.netloc.lower() not in table.own_hosts:
            return Target(url, external=True)
        return inside(table.pages.get(live_path(parts.path)), parts.fragment, page_path)
    if scheme:
        return None  # javascript:, data:, file:... never a link
    if parts.path.startswith("/"):
        return inside(table.pages.get(live_path(parts.path)), parts.fragment, page_path)
    found = resolve(page_path, unquote(parts.path)) if parts.path else page_path
    return inside(found if found in table.files else None, parts.fragment, page_path)


def inside(path: str | None, fragment: str, page_path: str) -> Target | None:
    if path is None:
        return None
    href = relative(page_path, path)
    return Target(f"{href}#{fragment}" if fragment else href)


def attribute_text(attrs: list[tuple[str, str | None]]) -> str:
    return "".join(
        f" {name}" if value is None else f' {name}="{html.escape(value, quote=True)}"'
        for name, value in attrs
    )


class Rewriter(HTMLParser):
    """Writes back what it reads, changing links, resources and unsafe elements."""

    def __init__(self, table: LinkTable, page_path: str) -> None:
        super().__init__(convert_charrefs=True)
        self.table, self.page_path = table, page_path
        self.out: list[str] = []
        self.anchors: list[bool] = []  # for each open <a>: whether it was kept
        self.skipping: list[str] = []  # open elements whose content is dropped

    # -- the parser's callbacks -----------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skipping:
            if tag == self.skipping[-1] and tag not in VOID:
                self.skipping.append(tag)
            return
        if tag in DROPPED_WITH_CONTENT:
            self.skipping.append(tag)
        elif tag in REPLACED_BY_LINK:
            self.out.append(self.embed_link(dict(attrs)))
            if tag != "embed":
                self.skipping.append(tag)
        elif tag not in DROPPED:
            self.open_element(tag, attrs)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID and not self.skipping:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.skipping:
            if tag == self.skipping[-1]:
                self.skipping.pop()
            return
        if tag in DROPPED or tag in VOID or tag in REPLACED_BY_LINK:
            return
        if tag == "a" and self.anchors and not self.anchors.pop():
            return
        self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.out.append(html.escape(data, quote=False))

    # Comments, declarations and processing instructions are left out.

    # -- elements -------------------------------------------------------------------

    def open_element(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"a", "area"}:
            self.open_link(tag, attrs)
            return
        kept = self.kept_attributes(attrs)
        if kept is None:
            self.out.append(self.lost_resource(tag, attrs))
            return
        self.out.append(f"<{tag}{attribute_text(kept)}>")

    def open_link(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        target = target_of(values.get("href") or "", self.table, self.page_path)
        if tag == "a":
            self.anchors.append(target is not None or "href" not in values)
        if target is None and "href" in values:
            return
        kept = [
            (name, value)
            for name, value in self.kept_attributes(attrs, links=False) or []
            if name not in {"href", "rel", "target"}
        ]
        if target is not None:
            kept.insert(0, ("href", target.href))
            if target.external:
                kept.append(("rel", EXTERNAL_REL))
        self.out.append(f"<{tag}{attribute_text(kept)}>")

    def kept_attributes(
        self, attrs: list[tuple[str, str | None]], *, links: bool = True
    ) -> list[tuple[str, str | None]] | None:
        """The attributes to keep; None when a required resource cannot be exported."""
        kept: list[tuple[str, str | None]] = []
        for name, value in attrs:
            if name.startswith("on") or name in NEVER_KEPT or unsafe_style(name, value):
                continue
            if name in RESOURCE_ATTRIBUTES or (
                links and name in {"href", "xlink:href"}
            ):
                target = target_of(value or "", self.table, self.page_path)
                if target is None or target.external or target.href.startswith("#"):
                    if name == "src":
                        return None
                    continue
                value = target.href
            kept.append((name, value))
        return kept

    def lost_resource(self, tag: str, attrs: list[tuple[str, str | None]]) -> str:
        """What stands for an image or media that could not be carried: a link to it
        when it lives on another site, else its text alternative."""
        values = dict(attrs)
        label = values.get("alt") or values.get("title") or ""
        target = target_of(values.get("src") or "", self.table, self.page_path)
        if tag in {"video", "audio"}:
            self.skipping.append(tag)
        if target is not None and target.external:
            return self.link_html(target, label or target.href)
        return html.escape(label, quote=False)

    def embed_link(self, values: dict[str, str | None]) -> str:
        source = values.get("src") or values.get("data") or ""
        target = target_of(source, self.table, self.page_path)
        label = values.get("title") or source
        if target is None:
            return html.escape(values.get("title") or "", quote=False)
        return self.link_html(target, label)

    @staticmethod
    def link_html(target: Target, label: str) -> str:
        rel = f' rel="{EXTERNAL_REL}"' if target.external else ""
        href = html.escape(target.href, quote=True)
        return f'<a href="{href}"{rel}>{html.escape(label, quote=False)}</a>'


def unsafe_style(name: str, value: str | None) -> bool:
    """A ``style`` that could load something (``url()``, ``@import``, ``image-set``)."""
    if name != "style" or not value:
        return False
    lowered = value.lower().replace(" ", "").replace("\\", "")
    return any(word in lowered for word in ("url(", "@import", "image(", "image-set("))

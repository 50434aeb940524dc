"""Markdown parsing: CommonMark with tables, strikethrough, footnotes, task lists and wiki links.

Raw HTML in the source is escaped, never passed through. ``[[Page title]]``,
``[[Page title|label]]`` and ``[[Page title#section|label]]`` become links through a
resolver supplied per render, so the parser itself knows nothing about URLs or pages.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.tasklists import tasklists_plugin

WIKILINK = re.compile(
    r"\[\[([^\[\]\n|#]{1,200})(?:#([^\[\]\n|]{0,100}))?(?:\|([^\[\]\n]{1,200}))?\]\]"
)


@dataclass(frozen=True, slots=True)
class LinkTarget:
    """Where a wiki link points, and whether the target page exists yet."""

    href: str
    exists: bool


#: Resolves a wiki link's target title to a link (called for every ``[[...]]``).
WikilinkResolver = Callable[[str], LinkTarget]


def wikilink_targets(text: str) -> set[str]:
    """Every distinct target title of the wiki links in ``text`` (to resolve in bulk)."""
    return {normalise_title(match.group(1)) for match in WIKILINK.finditer(text)}


def normalise_title(title: str) -> str:
    return " ".join(title.split()).casefold()


def make_parser() -> MarkdownIt:
    """A configured parser; build one per application and reuse it."""
    md = MarkdownIt("commonmark", {"html": False, "linkify": False})
    md.enable(["table", "strikethrough"])
    md.use(footnote_plugin).use(tasklists_plugin)
    md.inline.ruler.before("link", "wikilink", wikilink_rule)
    return md


def wikilink_rule(state: StateInline, silent: bool) -> bool:
    if not state.src.startswith("[[", state.pos):
        return False
    match = WIKILINK.match(state.src, state.pos)
    resolver: WikilinkResolver | None = state.env.get("resolve_wikilink")
    if match is None or resolver is None:
        return False
    if not silent:
        push_wikilink(state, match, resolver)
    state.pos = match.end()
    return True


def push_wikilink(
    state: StateInline, match: re.Match[str], resolve: WikilinkResolver
) -> None:
    title, anchor, label = match.group(1).strip(), match.group(2), match.group(3)
    target = resolve(title)
    href = (
        f"{target.href}#{anchor.strip()}" if anchor and target.exists else target.href
    )
    link = state.push("link_open", "a", 1)
    link.attrs = {
        "href": href,
        "class": "wikilink" if target.exists else "wikilink-missing",
    }
    text = state.push("text", "", 0)
    text.content = (label or title).strip()
    state.push("link_close", "a", -1)

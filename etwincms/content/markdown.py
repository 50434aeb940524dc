"""Markdown parsing: CommonMark with tables, strikethrough, footnotes, task lists and wiki links.

Raw HTML in the source is escaped, never passed through. ``[[Page title]]``,
``[[Page title|label]]`` and ``[[Page title#section|label]]`` become links through a
resolver supplied per render, so the parser itself knows nothing about URLs or pages.
Plugin blocks are fenced: ```` ```block:<name> ```` with ``key: value`` lines inside.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.tasklists import tasklists_plugin

from ..hooktypes import BlockType, LinkTarget

ALIGNED = frozenset({"th_open", "td_open"})
WIKILINK = re.compile(
    r"\[\[([^\[\]\n|#]{1,200})(?:#([^\[\]\n|]{0,100}))?(?:\|([^\[\]\n]{1,200}))?\]\]"
)

#: Resolves a wiki link's target title to a link (called for every ``[[...]]``).
WikilinkResolver = Callable[[str], LinkTarget]


def wikilink_targets(text: str) -> set[str]:
    """Every distinct target title of the wiki links in ``text`` (to resolve in bulk)."""
    return {normalise_title(match.group(1)) for match in WIKILINK.finditer(text)}


def normalise_title(title: str) -> str:
    return " ".join(title.split()).casefold()


def make_parser(
    block_types: Mapping[str, BlockType] | None = None,
    extensions: Iterable[Callable[[MarkdownIt], Any]] = (),
) -> MarkdownIt:
    """A configured parser; build one per application (and per plugin set) and reuse it."""
    md = MarkdownIt("commonmark", {"html": False, "linkify": False})
    md.enable(["table", "strikethrough"])
    md.use(footnote_plugin).use(tasklists_plugin)
    md.core.ruler.push("align_classes", align_classes)
    md.inline.ruler.before("link", "wikilink", wikilink_rule)
    if block_types:
        install_blocks(md, block_types)
    for extension in extensions:
        extension(md)
    return md


def align_classes(state: StateCore) -> None:
    """Column alignment as a class, not a ``style`` attribute: the site's CSP allows no
    inline styles, so the sanitizer lets no ``style`` through."""
    for token in state.tokens:
        style = token.attrs.pop("style", None) if token.type in ALIGNED else None
        if isinstance(style, str) and style.startswith("text-align:"):
            token.attrSet("class", "align-" + style.removeprefix("text-align:"))


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
    text.content = (label or target.label or title).strip()
    state.push("link_close", "a", -1)


def install_blocks(md: MarkdownIt, block_types: Mapping[str, BlockType]) -> None:
    """Render ```` ```block:<name> ```` fences with the plugin's block type."""
    default_fence = md.renderer.rules["fence"]

    # markdown-it binds render rules to the renderer: they receive it first.
    def fence(renderer: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
        token = tokens[idx]
        name = token.info.strip().removeprefix("block:")
        block = (
            block_types.get(name) if token.info.strip().startswith("block:") else None
        )
        if block is None:
            return default_fence(tokens, idx, options, env)
        return block.render(block_params(token.content), env.get("project"))

    md.add_render_rule("fence", fence)


def block_params(content: str) -> dict[str, str]:
    """``key: value`` lines of a block fence."""
    params = {}
    for line in content.splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip():
            params[key.strip().lower()] = value.strip()
    return params

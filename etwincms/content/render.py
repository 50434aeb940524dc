"""Turning page text into safe HTML: Markdown, then the one sanitizer, always in that order."""

from __future__ import annotations

from typing import Any

from markdown_it import MarkdownIt

from ..hooktypes import LinkTarget
from ..plugins import CORE_PLUGINS, enabled_plugin_names, project_hooks
from ..state import get_state
from .markdown import WikilinkResolver, make_parser


def render_markdown(
    text: str, resolve_wikilink: WikilinkResolver | None = None, project: Any = None
) -> str:
    """Render Markdown to sanitized HTML using the application's parser and sanitizer.

    With ``project``, the parser includes the Markdown extensions of the plugins that
    space has switched on.
    """
    state = get_state()
    parser = parser_for(project) if project is not None else state.markdown
    env = {"resolve_wikilink": resolve_wikilink or unresolved, "project": project}
    return state.sanitizer.clean(parser.render(text, env))


def parser_for(project: Any) -> MarkdownIt:
    """The parser for a space: the core's, plus the block types and Markdown extensions
    of the plugins it switched on. Built once per set of such plugins and reused, so
    extensions must not vary from space to space."""
    state = get_state()
    contributors = contributing_plugins(project)
    if not contributors:
        return state.markdown
    if contributors not in state.parsers:
        blocks = {
            name: block
            for name, block in state.registries.block_types.items()
            if state.registries.block_types.owner[name] in contributors
        }
        batches = project_hooks(project).markdown_extensions(project=project)
        extensions = [extension for batch in batches for extension in batch]
        state.parsers[contributors] = make_parser(blocks, extensions)
    return state.parsers[contributors]


def contributing_plugins(project: Any) -> frozenset[str]:
    """Plugins switched on in the space that add block types or Markdown extensions."""
    state = get_state()
    enabled = enabled_plugin_names(project) | set(CORE_PLUGINS)
    owners = set(state.registries.block_types.owner.values())
    owners |= {
        impl.plugin_name
        for impl in state.plugins.pm.hook.markdown_extensions.get_hookimpls()
    }
    return frozenset(owners & enabled)


def unresolved(title: str) -> LinkTarget:
    return LinkTarget(href="#", exists=False)

"""Turning page text into safe HTML: Markdown, then the one sanitizer, always in that order."""

from __future__ import annotations

from typing import Any

from markdown_it import MarkdownIt

from ..hooktypes import LinkTarget
from ..plugins import project_hooks
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
    """The app's parser, extended by the space's plugins (built once per plugin set)."""
    state = get_state()
    hooks = project_hooks(project)
    extensions = tuple(
        ext for batch in hooks.markdown_extensions(project=project) for ext in batch
    )
    if not extensions:
        return state.markdown
    if extensions not in state.parsers:
        state.parsers[extensions] = make_parser(
            state.registries.block_types, extensions
        )
    return state.parsers[extensions]


def unresolved(title: str) -> LinkTarget:
    return LinkTarget(href="#", exists=False)

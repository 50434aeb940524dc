"""Turning page text into safe HTML: Markdown, then the one sanitizer, always in that order."""

from __future__ import annotations

from flask import current_app

from .markdown import LinkTarget, WikilinkResolver


def render_markdown(text: str, resolve_wikilink: WikilinkResolver | None = None) -> str:
    """Render Markdown to sanitized HTML using the application's parser and sanitizer."""
    state = current_app.extensions["etwincms"]
    env = {"resolve_wikilink": resolve_wikilink or unresolved}
    return state.sanitizer.clean(state.markdown.render(text, env))


def unresolved(title: str) -> LinkTarget:
    return LinkTarget(href="#", exists=False)

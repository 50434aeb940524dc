"""Embeds inside pages, blog posts, wiki articles and forum posts: the ``embed`` block.

The core renders a fenced block through this module::

    ```block:embed
    url: https://www.youtube.com/watch?v=aqz-KE-bpKQ
    title: Our visit to the farm
    ```

``url:`` is a share URL of a provider the space allows (or ``id:`` names an embed of the
space's library); the block becomes the click-to-load placeholder (or the frame), and
any other URL a plain link. ``to_text`` gives the title for search and exports.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from markupsafe import Markup

from etwincms.db import get_session

from . import markup, registry
from .models import EmbedItem


def render_block(params: Mapping[str, str], project: Any) -> str:
    url, title = params.get("url", ""), params.get("title", "")
    item = library_item(params.get("id", ""), project)
    if item is not None:
        url, title = item.url, title or item.title
    if not url:
        return str(Markup('<p class="embed-link">{}</p>').format(title))
    html = markup.render(
        url, title, registry.space_providers(project), registry.click_to_load(project)
    )
    return str(html)


def library_item(value: str, project: Any) -> EmbedItem | None:
    if not value.strip().isdigit() or project is None or len(value.strip()) > 9:
        return None
    item = get_session().get(EmbedItem, int(value.strip()))
    return item if item is not None and item.project_id == project.id else None


def block_text(params: Mapping[str, str]) -> str:
    return params.get("title", "") or params.get("url", "")

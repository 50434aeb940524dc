"""Hooks the embed plugin publishes for other plugins (added through ``register_hookspecs``).

``register_embed_providers`` is a start-up hook: every loaded plugin's providers join the
site's list, and their embed hosts join the sanitizer's ``iframe_hosts``. The other two
are events, called after the commit and only for plugins the space has switched on.
Implement them with ``etwincms.hookimpl(optionalhook=True)`` so your plugin still starts
where the embed plugin is not installed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:
    from etwincms.models import Project, User

    from .models import EmbedItem

hookspec = pluggy.HookspecMarker("etwincms")


@hookspec
def register_embed_providers() -> list[Any]:
    """Add embed providers (start-up).

    Return a list of mappings (or objects) with ``name`` (``[a-z][a-z0-9_]*``),
    ``label``, ``hosts`` (the share hosts, matched exactly), ``embed_host`` (the one
    host frames are loaded from), ``convert`` (a function from a
    ``urllib.parse.SplitResult`` of an ``https`` share URL to the embed URL on
    ``embed_host``, or ``None``; no network calls), and optionally ``sandbox`` and
    ``allow`` (the frame's attributes). A provider with a built-in's name replaces it.

    :return: A list of provider descriptions.
    """


@hookspec
def embed_saved(
    embed: EmbedItem, project: Project, user: User | None, is_new: bool
) -> None:
    """An embed was added to a space's library (``is_new``) or changed.

    :param embed: The embed (``id``, ``title``, ``url``, ``provider``, ``embed_url``).
    :param project: Its space.
    :param user: Who made the change.
    :param is_new: True when it was just added.
    """


@hookspec
def embed_deleted(embed_id: int, project: Project, user: User | None) -> None:
    """An embed was deleted from a space's library.

    :param embed_id: The id it had.
    :param project: Its space.
    :param user: Who deleted it.
    """

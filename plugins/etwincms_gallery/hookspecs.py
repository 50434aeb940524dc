"""Hooks the gallery publishes for other plugins (added through ``register_hookspecs``).

They are events: called after the change was committed, and only for the plugins the
space has switched on. Implement them with ``@hookimpl(optionalhook=True)``, so that
your plugin still starts where the gallery is not installed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from etwincms.models import Project, User

    from .models import Album, Item

hookspec = pluggy.HookspecMarker("etwincms")


@hookspec
def gallery_album_created(album: Album, project: Project, user: User | None) -> None:
    """An album was created.

    Do not assume the gallery's models beyond ``album.id``, ``album.title``,
    ``album.phase`` and ``album.visibility``.

    :param album: The album.
    :param project: Its space.
    :param user: Who created it.
    """


@hookspec
def gallery_items_added(
    items: list[Item], album: Album, project: Project, user: User
) -> None:
    """Photos or videos were uploaded to an album (one call per batch).

    Do not assume the gallery's models beyond ``item.id``, ``item.kind`` (``"photo"`` or
    ``"video"``), ``item.album_id`` and ``item.uploader_id``.

    :param items: The new items, in their album order.
    :param album: Their album.
    :param project: Its space.
    :param user: Who uploaded them.
    """

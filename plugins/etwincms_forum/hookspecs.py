"""Hooks the forum publishes for other plugins (added through ``register_hookspecs``).

They are events: called after the change was committed, and only for the plugins the
space has switched on. Implement them with ``etwincms.hookimpl`` like any core hook.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from etwincms.models import Project, User

    from .models import Topic

hookspec = pluggy.HookspecMarker("etwincms")


@hookspec
def forum_topic_created(topic: Topic, project: Project, user: User) -> None:
    """A topic was opened in a space's forum (its first post is stored too).

    Called after the commit, through ``project_hooks(project)``: only plugins switched
    on in that space hear it. Do not assume the forum's models beyond ``topic.id``,
    ``topic.title``, ``topic.forum_id`` and ``topic.author_id``.

    :param topic: The new topic.
    :param project: Its space.
    :param user: Who opened it.
    """

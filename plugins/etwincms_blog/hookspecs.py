"""Hooks the blog publishes for other plugins (added through ``register_hookspecs``).

They are events: called after the change was committed, and only for the plugins the
space has switched on. Implement them with ``@hookimpl(optionalhook=True)``, so that
your plugin still starts where the blog is not installed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from etwincms.models import Project, User

    from .models import Comment, Post

hookspec = pluggy.HookspecMarker("etwincms")


@hookspec
def blog_post_published(post: Post, project: Project, user: User | None) -> None:
    """A blog post became readable: published now, or its scheduled time came.

    Do not assume the blog's models beyond ``post.id``, ``post.title``,
    ``post.blog_id``, ``post.author_id`` and ``post.publish_at``.

    :param post: The post.
    :param project: Its space.
    :param user: Who published it (``None`` when a scheduled post went live).
    """


@hookspec
def blog_comment_added(
    comment: Comment, post: Post, project: Project, user: User
) -> None:
    """A comment was written on a blog post (``comment.status`` says whether it waits
    for a moderator: ``"pending"`` or ``"approved"``).

    :param comment: The comment (``id``, ``post_id``, ``author_id``, ``kind``, ``status``).
    :param post: The post it is on.
    :param project: Its space.
    :param user: Who wrote it.
    """

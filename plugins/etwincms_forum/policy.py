"""The forum's rules about single objects, on top of the capabilities ``can()`` answers.

Capabilities say what a role may do in a space; these helpers add what depends on the
topic or post at hand: a locked topic takes replies only from moderators, a member edits
their own posts (while the topic is open and the post not hidden), hidden text is for
moderators' eyes only. Services enforce them; views and templates ask the same helpers,
so a button is shown exactly when the action would be allowed.
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from etwincms.errors import NotFound, PermissionDenied
from etwincms.models import Project, User
from etwincms.permissions import can
from etwincms.plugins import plugin_settings

from .models import Forum, Post, Topic


def check_forum(project: Project, forum: Forum) -> None:
    """An id from another space is simply not found."""
    if forum.project_id != project.id:
        raise NotFound(f"forum {forum.id}")


def check_topic(project: Project, topic: Topic) -> None:
    if topic.project_id != project.id:
        raise NotFound(f"topic {topic.id}")


def is_moderator(user: User | None, project: Project) -> bool:
    return can(user, "forum.moderate", project)


def may_start_topic(user: User | None, project: Project) -> bool:
    return can(user, "forum.post", project)


def may_reply(user: User | None, project: Project, topic: Topic) -> bool:
    """Members with ``forum.reply``; in a locked topic only moderators."""
    if not can(user, "forum.reply", project):
        return False
    return not topic.locked or is_moderator(user, project)


def may_edit(user: User | None, project: Project, topic: Topic, post: Post) -> bool:
    """Moderators edit any post; authors their own, while it is shown and open."""
    if is_moderator(user, project):
        return True
    if user is None or post.author_id != user.id or post.hidden:
        return False
    return not topic.locked and can(user, "forum.reply", project)


def may_read_body(user: User | None, project: Project, post: Post) -> bool:
    return not post.hidden or is_moderator(user, project)


def require_reply(user: User | None, project: Project, topic: Topic) -> None:
    if not may_reply(user, project, topic):
        raise PermissionDenied(
            "forum.reply", _("This topic does not take your replies.")
        )


def require_edit(user: User | None, project: Project, topic: Topic, post: Post) -> None:
    if not may_edit(user, project, topic, post):
        raise PermissionDenied("forum.reply", _("You may not edit this post."))


def topic_start_rule(user: Any, capability: str, project: Project) -> bool | None:
    """``check_permission``: with ``pupils_may_start_topics`` on, whoever may reply
    may also start topics. ``None`` leaves every other question to the role defaults."""
    if capability != "forum.post" or project is None:
        return None
    if not plugin_settings(project, "forum").get("pupils_may_start_topics"):
        return None
    return True if can(user, "forum.reply", project) else None

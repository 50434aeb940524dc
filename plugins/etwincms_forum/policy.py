"""The forum's rules about single objects, on top of the capabilities ``can()`` answers.

Capabilities say what a role may do in a space; these helpers add what depends on the
topic or post at hand: a locked topic takes replies only from moderators, a member edits
their own posts (while the topic is open and the post not hidden), hidden text is for
moderators' eyes only. Services enforce them; views and templates ask the same helpers,
so a button is shown exactly when the action would be allowed.

A working group's category (``Forum.group_id`` set) is readable only by the group's
members, the space's admins and teachers, and site admins; for anyone else it does not
exist (``NotFound``, never a refusal that would name it). :func:`may_read_forum` answers
for one category, :func:`readable_forums` is the same rule as an SQL condition for lists.
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from sqlalchemy import ColumnElement, or_, select, true
from sqlalchemy.orm import object_session

from etwincms.errors import NotFound, PermissionDenied
from etwincms.groups.models import GroupMember, WorkingGroup
from etwincms.models import Project, Role, User
from etwincms.permissions import can, membership_of
from etwincms.plugins import plugin_settings

from .models import Forum, Post, Topic


def check_forum(project: Project, forum: Forum) -> None:
    """An id from another space is simply not found."""
    if forum.project_id != project.id:
        raise NotFound(f"forum {forum.id}")


def check_topic(project: Project, topic: Topic) -> None:
    if topic.project_id != project.id:
        raise NotFound(f"topic {topic.id}")


# -- working groups' categories --------------------------------------------------------

#: Roles that read every group's category, like the groups' own pages.
TEACHER_ROLES = frozenset({Role.ADMIN, Role.TEACHER})


def reads_every_group(user: User | None, project: Project) -> bool:
    """Site admins and the space's admins and teachers (by role, not by capability:
    a space's settings must not open the groups' categories to pupils)."""
    if user is None:
        return False
    if user.is_site_admin:
        return True
    membership = membership_of(user, project)
    return membership is not None and membership.role in TEACHER_ROLES


def may_read_forum(user: User | None, project: Project, forum: Forum) -> bool:
    """Whether ``user`` may see this category at all (``forum.view`` is asked apart).

    A group's category: its members and the teachers; once the group is deleted, the
    teachers only (its members list went with it)."""
    if forum.group_id is None or reads_every_group(user, project):
        return True
    if user is None:
        return False
    session = object_session(forum)
    group = session.get(WorkingGroup, forum.group_id) if session else None
    if group is None or group.project_id != forum.project_id:
        return False
    return user.id in group.member_ids


def require_read_forum(user: User | None, project: Project, forum: Forum) -> None:
    """A category the user may not read is not found, as if it did not exist."""
    if forum.project_id != project.id or not may_read_forum(user, project, forum):
        raise NotFound(f"forum {forum.id}")


def may_read_topic(user: User | None, project: Project, topic: Topic) -> bool:
    """The topic is of this space and in a category ``user`` may read."""
    session = object_session(topic)
    forum = session.get(Forum, topic.forum_id) if session else None
    return (
        topic.project_id == project.id
        and forum is not None
        and may_read_forum(user, project, forum)
    )


def require_read_topic(user: User | None, project: Project, topic: Topic) -> None:
    if not may_read_topic(user, project, topic):
        raise NotFound(f"topic {topic.id}")


def readable_forums(user: User | None, project: Project) -> ColumnElement[bool]:
    """:func:`may_read_forum` as a condition on ``Forum``, for lists in one query.

    A deleted group has no member rows left, so its category drops out by itself."""
    if reads_every_group(user, project):
        return true()
    if user is None:
        return Forum.group_id.is_(None)
    mine = (
        select(GroupMember.group_id)
        .join(WorkingGroup, WorkingGroup.id == GroupMember.group_id)
        .where(GroupMember.user_id == user.id, WorkingGroup.project_id == project.id)
    )
    return or_(Forum.group_id.is_(None), Forum.group_id.in_(mine))


def readable_topics(user: User | None, project: Project) -> ColumnElement[bool]:
    """Topics of the space's categories ``user`` may read, as a condition on ``Topic``."""
    forums = select(Forum.id).where(
        Forum.project_id == project.id, readable_forums(user, project)
    )
    return Topic.forum_id.in_(forums)


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

"""The blog's rules about single objects, on top of the capabilities ``can()`` answers.

Capabilities say what a role may do in a space; these helpers add what depends on the
blog, post or comment at hand. A blog names the roles that may post in it, and is read
by members only or also by the public (when the space is public): both are decided in
:func:`decide`, the ``check_permission`` hook, so ``can(user, "blog.post", space, blog)``
is right everywhere. Drafts and scheduled posts are for their author and moderators;
comments waiting for a moderator are for their author and moderators. Services enforce
these rules; views, templates and the API ask the same helpers.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask_babel import gettext as _

from etwincms.errors import NotFound, PermissionDenied
from etwincms.models import Project, ProjectStatus, Role, User
from etwincms.permissions import can, membership_of, signed_in
from etwincms.plugins import plugin_settings

from .models import Blog, Comment, Post

PUPIL_ROLES = frozenset({Role.PUPIL, Role.PUPIL_LEAD})


def check_blog(project: Project, blog: Blog) -> None:
    """An id from another space is simply not found."""
    if blog.project_id != project.id:
        raise NotFound(f"blog {blog.id}")


def is_moderator(user: User | None, project: Project) -> bool:
    return can(user, "blog.moderate", project)


def is_author(user: User | None, post: Post | Comment) -> bool:
    return user is not None and post.author_id == user.id


def may_read_blog(user: User | None, project: Project, blog: Blog) -> bool:
    return can(user, "blog.view", project, blog)


def reads_members_blogs(user: User | None, project: Project) -> bool:
    """Members (and site admins) read members-only blogs; visitors the public ones."""
    user = signed_in(user)
    if user is not None and user.is_site_admin:
        return True
    return membership_of(user, project) is not None and can(user, "blog.view", project)


def may_post(user: User | None, project: Project, blog: Blog) -> bool:
    return can(user, "blog.post", project, blog)


def may_read_post(
    user: User | None, project: Project, blog: Blog, post: Post, now: datetime
) -> bool:
    """Live posts for the blog's readers; drafts for their author and moderators."""
    if not may_read_blog(user, project, blog):
        return False
    if post.is_held and not reads_members_blogs(user, project):
        return False
    return post.is_live(now) or is_author(user, post) or is_moderator(user, project)


def may_edit_post(user: User | None, project: Project, blog: Blog, post: Post) -> bool:
    """Moderators edit any post; authors their own while they may post in the blog."""
    if is_moderator(user, project):
        return True
    return is_author(user, post) and may_post(user, project, blog)


def may_comment(
    user: User | None, project: Project, blog: Blog, post: Post, now: datetime
) -> bool:
    return post.is_live(now) and can(user, "blog.comment", project, blog)


def may_see_comment(user: User | None, project: Project, comment: Comment) -> bool:
    if comment.status == "approved":
        return True
    if comment.status == "pending" and is_author(user, comment):
        return True
    return is_moderator(user, project)


def holds_comments_of(user: User, project: Project) -> bool:
    """Pupils' comments wait for a moderator while the space's setting says so."""
    membership = membership_of(user, project)
    if membership is None or membership.role not in PUPIL_ROLES:
        return False
    return bool(plugin_settings(project, "blog").get("moderate_pupil_comments", True))


def require_read_post(
    user: User | None, project: Project, blog: Blog, post: Post, now: datetime
) -> None:
    if not may_read_post(user, project, blog, post, now):
        raise NotFound(f"post {post.id}")  # a draft's existence does not leak


def require_edit(user: User | None, project: Project, blog: Blog, post: Post) -> None:
    if not may_edit_post(user, project, blog, post):
        raise PermissionDenied("blog.post", _("You may not change this post."))


def require_post(user: User | None, project: Project, blog: Blog) -> None:
    if not may_post(user, project, blog):
        raise PermissionDenied("blog.post", _("You may not write in this blog."))


# -- check_permission ----------------------------------------------------------------


def decide(
    user: Any, capability: str, project: Project | None, obj: Any
) -> bool | None:
    """``check_permission``: public blogs are readable by anyone who may see the space;
    a blog's ``writer_roles`` narrow ``blog.post``. ``None`` leaves the rest to roles."""
    if project is None or not capability.startswith("blog."):
        return None
    membership = membership_of(signed_in(user), project)
    if membership is None:
        return outsider_rule(capability, project, obj)
    if capability == "blog.post" and isinstance(obj, Blog):
        return None if membership.role.value in obj.writer_roles else False
    return None


def outsider_rule(capability: str, project: Project, obj: Any) -> bool | None:
    """Visitors and other spaces' members read public blogs of a public space."""
    if capability != "blog.view":
        return None
    if not project.is_public or project.status is ProjectStatus.DRAFT:
        return None
    if obj is None:
        return True  # the blog area: it then lists the public blogs only
    return True if isinstance(obj, Blog) and obj.is_public else None


def require_manage(user: User | None, project: Project) -> None:
    if not can(user, "blog.manage", project):
        raise PermissionDenied("blog.manage")

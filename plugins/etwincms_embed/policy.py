"""The embed plugin's rules on top of ``can()``: who edits which embed, who reads.

Whoever holds ``embed.manage`` edits and deletes any embed; members with ``embed.add``
edit and delete their own. :func:`public_rule` lets visitors of a public space (and
members of other spaces) see the library when the space made it public.
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from etwincms.errors import NotFound, PermissionDenied
from etwincms.models import Project, ProjectStatus, User
from etwincms.permissions import can, membership_of
from etwincms.plugins import plugin_settings

from .models import EmbedItem


def check_item(project: Project, item: EmbedItem) -> None:
    """An id from another space is simply not found."""
    if item.project_id != project.id:
        raise NotFound(f"embed {item.id}")


def may_edit(user: User | None, project: Project, item: EmbedItem) -> bool:
    if can(user, "embed.manage", project):
        return True
    mine = user is not None and item.author_id == user.id
    return mine and can(user, "embed.add", project)


def require_edit(user: User | None, project: Project, item: EmbedItem) -> None:
    if not may_edit(user, project, item):
        raise PermissionDenied("embed.manage", _("You may not change this embed."))


def is_public(project: Project) -> bool:
    if not project.is_public or project.status is ProjectStatus.DRAFT:
        return False
    return bool(plugin_settings(project, "embed").get("public"))


def public_rule(user: Any, capability: str, project: Project | None) -> bool | None:
    """``check_permission``: outsiders see a public library; members keep their role's."""
    if capability != "embed.view" or project is None:
        return None
    if membership_of(user, project) is not None or not is_public(project):
        return None
    return True

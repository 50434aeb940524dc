"""The core's entries in a space's navigation: pages, members, materials, trash, settings."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from .. import hookimpl
from ..hooktypes import NavItem
from ..models import Project, User
from ..permissions import can


@hookimpl
def nav_items(project: Project, user: User | None) -> list[NavItem]:
    items = [NavItem("home", _l("Pages"), "spaces.home", order=0)]
    if can(user, "member.view", project):
        items.append(NavItem("members", _l("Members"), "people.index", order=10))
    if can(user, "material.view", project):
        items.append(
            NavItem("materials", _l("Materials"), "materials.library", order=20)
        )
    if can(user, "page.restore", project):
        items.append(NavItem("trash", _l("Trash"), "pages.trash", order=90))
    if can(user, "space.edit", project) or can(user, "space.archive", project):
        items.append(
            NavItem("settings", _l("Settings"), "space_admin.details", order=95)
        )
    elif can(user, "space.plugins", project):
        items.append(
            NavItem("settings", _l("Tools"), "space_admin.plugin_list", order=95)
        )
    return items

"""The working groups facility's hook implementations: thin calls into its modules.

Registered as a core plugin (``CORE_PLUGINS``): its hookspec ``groups_group_saved``,
its tables and migration branch, the ``groups.manage`` capability, its pages and API
(registered at start-up like the core's own areas), the "Groups" navigation entry, the
rule that keeps a group's pages to its members and teachers (``narrow_permission``)
and its search audiences (``search_audience``, ``search_audiences``),
leaving the groups on leaving the space, and the privacy hooks for its tables.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pluggy
from flask import Flask
from flask_babel import lazy_gettext as _l

from .. import hookimpl
from ..hooktypes import MigrationSource, NavItem, Permission
from ..models import Project, User

MIGRATIONS = Path(__file__).resolve().parent / "migrations" / "versions"


@hookimpl
def register_hookspecs(pm: pluggy.PluginManager) -> None:
    from . import hookspecs

    pm.add_hookspecs(hookspecs)


@hookimpl
def register_models() -> list[type]:
    from .models import MODELS

    return list(MODELS)


@hookimpl
def register_migrations() -> list[MigrationSource]:
    return [MigrationSource(branch="groups", path=MIGRATIONS)]


@hookimpl
def register_permissions() -> list[Permission]:
    return [
        Permission(
            "groups.manage",
            _l("Suggest, create and change working groups and their members"),
            frozenset({"admin", "teacher"}),
            writes=True,
            pupil_grantable=False,
        )
    ]


@hookimpl
def startup(app: Flask) -> None:
    from ..api import PREFIX
    from .api import blp
    from .web import bp

    app.register_blueprint(bp)
    app.extensions["etwincms_api"].register_blueprint(blp, url_prefix=PREFIX)


@hookimpl
def nav_items(project: Project, user: User | None) -> list[NavItem]:
    from ..permissions import can

    if not can(user, "member.view", project):  # members only: groups name people
        return []
    return [NavItem("groups", _l("Groups"), "groups.index", order=6)]


@hookimpl
def narrow_permission(
    user: User | None, capability: str, project: Project, obj: Any
) -> bool | None:
    from .access import decide

    return decide(user, capability, project, obj)


@hookimpl
def search_audiences(user: User | None, project: Project) -> list[str]:
    from .access import audiences_held

    return audiences_held(user, project)


@hookimpl
def search_audience(project: Project, obj: Any) -> str | None:
    from .access import audience_of

    return audience_of(project, obj)


@hookimpl
def member_removed(project: Project, user: User, removed_by: User | None) -> None:
    from ..db import get_session
    from .services import leave_groups

    leave_groups(get_session(), project, user)


@hookimpl
def personal_data_export(user: User) -> dict[str, Any]:
    from . import privacy

    return privacy.export(user)


@hookimpl
def personal_data_erase(user: User) -> None:
    from . import privacy

    privacy.erase(user)

"""The forum plugin: discussion forums for a space, built only on etwincms's plugin API.

This module holds the plugin's description and its hook implementations, each a thin
call into the module that does the work (``services``, ``queries``, ``policy``,
``search``, ``privacy``). Heavier modules are imported inside the hooks, so importing the
package has no side effects beyond defining :data:`PLUGIN`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pluggy
from flask_babel import lazy_gettext as _l

from etwincms import hookimpl
from etwincms.hooktypes import (
    BlueprintSpec,
    ContentType,
    Contribution,
    MigrationSource,
    NavItem,
    Permission,
    PluginMeta,
    SearchDocument,
    SettingSpec,
)
from etwincms.models import Project, User

PLUGIN = PluginMeta(
    name="forum",
    title=_l("Forum"),
    description=_l(
        "Discussions in categories: topics, replies, quotes and moderation."
    ),
)
MIGRATIONS = Path(__file__).resolve().parent / "migrations" / "versions"


@hookimpl
def register_plugin() -> PluginMeta:
    return PLUGIN


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
    return [MigrationSource(branch="forum", path=MIGRATIONS)]


@hookimpl
def register_blueprints() -> list[BlueprintSpec]:
    from .api import blp
    from .views import bp

    return [BlueprintSpec(bp, mount="project"), BlueprintSpec(blp, mount="api")]


@hookimpl
def register_permissions() -> list[Permission]:
    from . import declarations

    return declarations.permissions()


@hookimpl
def register_settings() -> list[SettingSpec]:
    from . import declarations

    return declarations.settings()


@hookimpl
def register_content_types() -> list[ContentType]:
    from . import declarations

    return declarations.content_types()


@hookimpl
def nav_items(project: Project, user: User | None) -> list[NavItem]:
    from etwincms.permissions import can

    if not can(user, "forum.view", project):
        return []
    return [NavItem("forum", _l("Forum"), "forum.index", order=30)]


@hookimpl
def check_permission(
    user: User | None, capability: str, project: Project, obj: Any
) -> bool | None:
    from . import policy

    return policy.topic_start_rule(user, capability, project)


@hookimpl
def plugin_enabled(project: Project, plugin: str, user: User | None) -> None:
    from etwincms.db import get_session

    from . import groups, services

    if plugin == PLUGIN.name:
        services.ensure_default_forum(get_session(), user, project)
        groups.sync_all(get_session(), user, project)


@hookimpl(optionalhook=True)
def groups_group_saved(
    project: Project, group: Any, user: User | None, is_new: bool
) -> None:
    """A working group's own category: created or renamed with the group."""
    from etwincms.db import get_session

    from . import groups

    groups.sync_group(get_session(), user, project, group)


@hookimpl
def search_documents(project: Project) -> list[SearchDocument]:
    from . import search

    return list(search.documents(project))


@hookimpl
def space_contributions(project: Project) -> list[Contribution]:
    """Topics and replies; the forum is members-only, so nothing to queue or export."""
    from etwincms.db import get_session

    from . import contributions

    return list(contributions.space_contributions(get_session(), project))


@hookimpl
def personal_data_export(user: User) -> dict[str, Any]:
    from . import privacy

    return privacy.export(user)


@hookimpl
def personal_data_erase(user: User) -> None:
    from . import privacy

    privacy.erase(user)

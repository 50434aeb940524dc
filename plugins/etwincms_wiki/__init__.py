"""The wiki plugin: learner-led articles for a space, built only on etwincms's plugin API.

This module holds the plugin's description and its hook implementations, each a thin
call into the module that does the work (``declarations``, ``policy``, ``search``,
``privacy``, ``links``). Heavier modules are imported inside the hooks, so importing the
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
    ExportPage,
    LinkTarget,
    MigrationSource,
    NavItem,
    PendingPublication,
    Permission,
    PluginMeta,
    SearchDocument,
    SettingSpec,
)
from etwincms.models import Project, User

PLUGIN = PluginMeta(
    name="wiki",
    title=_l("Wiki"),
    description=_l(
        "Learner-led articles with red links, backlinks, recent changes and patrolling."
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
    return [MigrationSource(branch="wiki", path=MIGRATIONS)]


@hookimpl
def register_blueprints() -> list[BlueprintSpec]:
    from . import editing  # noqa: F401  (adds the writing routes to the blueprint)
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

    if not can(user, "wiki.view", project):
        return []
    return [NavItem("wiki", _l("Wiki"), "wiki.index", order=35)]


@hookimpl
def check_permission(
    user: User | None, capability: str, project: Project, obj: Any
) -> bool | None:
    from . import policy

    return policy.decide(user, capability, project, obj)


@hookimpl
def resolve_wikilink(target: str, project: Project) -> LinkTarget | None:
    from . import links

    return links.page_link(target, project)


@hookimpl
def plugin_enabled(project: Project) -> None:
    """Another plugin (or the wiki itself, which hears nothing while off) came on."""
    from etwincms.db import get_session

    from . import rendering

    rendering.rerender_space(get_session(), project)


@hookimpl
def plugin_disabled(project: Project, plugin: str) -> None:
    from etwincms.db import get_session

    from . import rendering

    if plugin != PLUGIN.name:  # the wiki itself is off: nothing of it is shown
        rendering.rerender_space(get_session(), project)


@hookimpl
def search_documents(project: Project) -> list[SearchDocument]:
    from . import search

    return list(search.documents(project))


@hookimpl
def space_contributions(project: Project) -> list[Contribution]:
    from etwincms.db import get_session

    from . import contributions

    return list(contributions.space_contributions(get_session(), project))


@hookimpl
def pending_publications(project: Project) -> list[PendingPublication]:
    from etwincms.db import get_session

    from . import publication

    return list(publication.pending(get_session(), project))


@hookimpl
def decide_publication(
    project: Project, item_id: str, approve: bool, actor: User
) -> bool | None:
    from etwincms.db import get_session

    from . import publication

    return publication.decide(get_session(), project, item_id, approve, actor)


@hookimpl
def public_export(project: Project) -> list[ExportPage]:
    from etwincms.db import get_session

    from . import contributions

    return list(contributions.public_export(get_session(), project))


@hookimpl
def personal_data_export(user: User) -> dict[str, Any]:
    from . import privacy

    return privacy.export(user)


@hookimpl
def personal_data_erase(user: User) -> None:
    from . import privacy

    privacy.erase(user)

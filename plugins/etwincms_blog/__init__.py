"""The blog plugin: blogs for a space (a teachers' bulletin, mobility diaries, learner
journals), built only on etwincms's plugin API.

This module holds the plugin's description and its hook implementations, each a thin
call into the module that does the work (``declarations``, ``policy``, ``search``,
``privacy``, the views and the API). Heavier modules are imported inside the hooks, so
importing the package has no side effects beyond defining :data:`PLUGIN`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
import pluggy
from flask_babel import lazy_gettext as _l

from etwincms import hookimpl
from etwincms.hooktypes import (
    BlueprintSpec,
    ContentType,
    Contribution,
    ExportPage,
    MigrationSource,
    NavItem,
    PendingPublication,
    Permission,
    PluginMeta,
    SearchDocument,
    SettingSpec,
)
from etwincms.models import Material, Project, User

PLUGIN = PluginMeta(
    name="blog",
    title=_l("Blog"),
    description=_l(
        "Blogs for a space: a teachers' bulletin, mobility diaries and learner journals."
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
    return [MigrationSource(branch="blog", path=MIGRATIONS)]


@hookimpl
def register_blueprints() -> list[BlueprintSpec]:
    from . import manage, views, writing  # noqa: F401  (they add their routes to bp)
    from .api import blp
    from .blueprint import bp

    return [BlueprintSpec(bp, mount="project"), BlueprintSpec(blp, mount="api")]


@hookimpl
def register_cli_commands(cli: click.Group) -> None:
    from .cli import publish_due_command

    cli.add_command(publish_due_command)


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
    from etwincms.db import get_session

    from . import queries

    if not queries.area_visible(get_session(), user, project):
        return []
    return [NavItem("blog", _l("Blog"), "blog.index", order=40)]


@hookimpl
def check_permission(
    user: User | None, capability: str, project: Project, obj: Any
) -> bool | None:
    from . import policy

    return policy.decide(user, capability, project, obj)


@hookimpl
def material_shown(
    material: Material, project: Project, user: User | None
) -> bool | None:
    """A file of the library shown in a live post the user may read may be fetched."""
    from etwincms.db import get_session, utcnow

    from . import queries

    shown = queries.shows_material(get_session(), user, project, material, utcnow())
    return True if shown else None


@hookimpl
def plugin_enabled(project: Project) -> None:
    """Another plugin (or the blog itself, which hears nothing while off) came on."""
    from etwincms.db import get_session

    from . import services

    services.rerender(get_session(), project)


@hookimpl
def plugin_disabled(project: Project, plugin: str) -> None:
    from etwincms.db import get_session

    from . import services

    if plugin != PLUGIN.name:  # the blog itself is off: nothing of it is shown
        services.rerender(get_session(), project)


@hookimpl
def search_documents(project: Project) -> list[SearchDocument]:
    from . import search

    return list(search.documents(project))


@hookimpl
def space_contributions(project: Project) -> list[Contribution]:
    from etwincms.db import get_session, utcnow

    from . import contributions

    return list(contributions.space_contributions(get_session(), project, utcnow()))


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

    return publication.decide(get_session(), project, item_id, approve)


@hookimpl
def public_export(project: Project) -> list[ExportPage]:
    from etwincms.db import get_session, utcnow

    from . import contributions

    return list(contributions.public_export(get_session(), project, utcnow()))


@hookimpl
def space_template_applied(project: Project, template: str, user: User) -> None:
    from etwincms.db import get_session

    from . import starter

    starter.apply_template(get_session(), project, template, user)


@hookimpl
def mobility_saved(project: Project, mobility: Any) -> None:
    from etwincms.db import get_session

    from . import starter

    starter.mobility_saved(get_session(), project, mobility)


@hookimpl
def personal_data_export(user: User) -> dict[str, Any]:
    from . import privacy

    return privacy.export(user)


@hookimpl
def personal_data_erase(user: User) -> None:
    from . import privacy

    privacy.erase(user)

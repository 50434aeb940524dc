"""The survey plugin: questionnaires with anonymous or named responses and results,
built only on etwincms's plugin API.

This module holds the plugin's description and its hook implementations, each a thin
call into the module that does the work (``services``, ``policy``, ``search``,
``privacy``...). Heavier modules are imported inside the hooks, so importing the package
has no side effects beyond defining :data:`PLUGIN`.
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
    MigrationSource,
    NavItem,
    Permission,
    PluginMeta,
    SearchDocument,
    SettingSpec,
)
from etwincms.models import Project, User

PLUGIN = PluginMeta(
    name="survey",
    title=_l("Surveys"),
    description=_l(
        "Questionnaires (pre/post mobility) with anonymous or named answers and charts."
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
    return [MigrationSource(branch="survey", path=MIGRATIONS)]


@hookimpl
def register_blueprints() -> list[BlueprintSpec]:
    from . import builder, views  # noqa: F401  (their routes are on the blueprint)
    from .api import blp
    from .web import bp

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

    if not can(user, "survey.view", project):
        return []
    return [NavItem("survey", _l("Surveys"), "survey.index", order=50)]


@hookimpl
def check_permission(
    user: User | None, capability: str, project: Project, obj: Any
) -> bool | None:
    from . import policy

    return policy.public_rule(user, capability, project, obj)


@hookimpl
def plugin_enabled(project: Project, plugin: str) -> None:
    from etwincms.db import get_session
    from etwincms.search import outbox

    if plugin == PLUGIN.name:  # its search documents come back
        outbox.enqueue_plugin(get_session(), project, PLUGIN.name)


@hookimpl
def search_documents(project: Project) -> list[SearchDocument]:
    from . import search

    return list(search.documents(project))


@hookimpl
def space_contributions(project: Project) -> list[Contribution]:
    from . import contributions

    return list(contributions.space_contributions(project))


@hookimpl
def public_export(project: Project) -> list[ExportPage]:
    from . import export

    return export.public_export(project)


@hookimpl
def space_template_applied(project: Project, template: str, user: User) -> None:
    from etwincms.db import get_session

    from . import starter

    starter.apply(get_session(), project, template, user)


@hookimpl
def personal_data_export(user: User) -> dict[str, Any]:
    from . import privacy

    return privacy.export(user)


@hookimpl
def personal_data_erase(user: User) -> None:
    from . import privacy

    privacy.erase(user)

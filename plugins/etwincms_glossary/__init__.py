"""The glossary plugin: multilingual technical terms of a space, built only on etwincms's
plugin API.

This module holds the plugin's description and its hook implementations, each a thin
call into the module that does the work (``services``, ``queries``, ``policy``,
``tooltips``, ``search``, ``privacy``). Heavier modules are imported inside the hooks,
so importing the package has no side effects beyond defining :data:`PLUGIN`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pluggy
from flask_babel import lazy_gettext as _l

from etwincms import hookimpl
from etwincms.hooktypes import (
    Asset,
    BlueprintSpec,
    ContentType,
    Contribution,
    ExportPage,
    MigrationSource,
    NavItem,
    PendingPublication,
    Permission,
    PluginMeta,
    SanitizerRules,
    SearchDocument,
    SettingSpec,
)
from etwincms.models import Project, User

PLUGIN = PluginMeta(
    name="glossary",
    title=_l("Glossary"),
    description=_l(
        "Multilingual technical terms with definitions, tooltips in pages and TBX exchange."
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
    return [MigrationSource(branch="glossary", path=MIGRATIONS)]


@hookimpl
def register_blueprints() -> list[BlueprintSpec]:
    from . import pages, views  # noqa: F401  (their routes are on the blueprint)
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
def register_sanitizer_rules() -> list[SanitizerRules]:
    # Exactly what tooltips.tooltip() writes, and nothing else.
    return [
        SanitizerRules(
            attributes={
                "span": frozenset(
                    {"tabindex", "role", "id", "aria-describedby", "lang"}
                )
            },
            classes={
                "span": frozenset({"glossary-term", "glossary-word", "glossary-tip"})
            },
        )
    ]


@hookimpl
def markdown_extensions(project: Project) -> list[Any]:
    from .tooltips import glossary_tooltips

    return [glossary_tooltips]


@hookimpl
def extra_assets(template: str, project: Project | None) -> list[Asset]:
    from etwincms.theming import static_url

    if project is None:
        return []
    return [
        Asset(static_url("glossary.css", plugin="glossary"), "css"),
        Asset(static_url("glossary.js", plugin="glossary"), "js"),
    ]


@hookimpl
def nav_items(project: Project, user: User | None) -> list[NavItem]:
    from etwincms.permissions import can

    if not can(user, "glossary.view", project):
        return []
    return [NavItem("glossary", _l("Glossary"), "glossary.index", order=40)]


@hookimpl
def check_permission(
    user: User | None, capability: str, project: Project, obj: Any
) -> bool | None:
    from . import policy

    return policy.public_rule(user, capability, project)


@hookimpl
def plugin_enabled(project: Project, plugin: str) -> None:
    from etwincms.db import get_session

    from . import services

    if plugin == PLUGIN.name:  # tooltips come back, search documents too
        services.refresh(get_session(), project)


@hookimpl
def plugin_disabled(project: Project, plugin: str) -> None:
    from etwincms.db import get_session

    from . import services

    if plugin == PLUGIN.name:  # the parser no longer has the extension: tooltips go
        services.refresh_pages(get_session(), project)


@hookimpl
def search_documents(project: Project) -> list[SearchDocument]:
    from . import search

    return list(search.documents(project))


@hookimpl
def space_contributions(project: Project) -> list[Contribution]:
    from . import contributions

    return list(contributions.space_contributions(project))


@hookimpl
def pending_publications(project: Project) -> list[PendingPublication]:
    from . import publication

    return publication.pending(project)


@hookimpl
def decide_publication(
    project: Project, item_id: str, approve: bool, actor: User
) -> bool | None:
    from . import publication

    return publication.decide(project, item_id, approve, actor)


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

"""The embed plugin: external tools, videos and documents framed privacy-first, built
only on etwincms's plugin API.

This module holds the plugin's description and its hook implementations, each a thin
call into the module that does the work (``providers`` and ``parsing`` turn share URLs
into embed URLs, ``markup`` and ``blocks`` write the HTML, ``services``, ``queries``,
``policy``, ``search``, ``privacy``). Heavier modules are imported inside the hooks, so
importing the package has no side effects beyond defining :data:`PLUGIN`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pluggy
from flask import Flask
from flask_babel import lazy_gettext as _l

from etwincms import hookimpl
from etwincms.hooktypes import (
    Asset,
    BlockType,
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
    name="embed",
    title=_l("Embeds"),
    description=_l(
        "External tools, videos and documents (YouTube, Padlet, Genially, Google Docs...) "
        "that load only when a person clicks."
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
    return [MigrationSource(branch="embed", path=MIGRATIONS)]


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
def register_block_types() -> list[BlockType]:
    from . import blocks

    return [
        BlockType("embed", _l("Embed"), blocks.render_block, to_text=blocks.block_text)
    ]


@hookimpl
def register_sanitizer_rules(pm: pluggy.PluginManager) -> list[SanitizerRules]:
    # Exactly what markup.py writes; frames only from the providers' embed hosts,
    # other plugins' providers included (asked through the manager being built).
    from . import markup, registry

    providers = registry.collect(pm)
    return [
        SanitizerRules(
            attributes=markup.SANITIZER_ATTRIBUTES,
            classes=markup.SANITIZER_CLASSES,
            iframe_hosts=registry.embed_hosts(providers),
        )
    ]


@hookimpl
def startup(app: Flask) -> None:
    from etwincms.errors import StartupError

    from . import registry

    providers = registry.collect(app.extensions["etwincms"].plugins.pm)
    app.extensions.setdefault("etwincms_embed", {})["providers"] = providers
    missing = (
        registry.embed_hosts(providers)
        - app.extensions["etwincms"].sanitizer.iframe_hosts
    )
    if missing:
        raise StartupError(f"Embed hosts missing from the sanitizer: {sorted(missing)}")


@hookimpl
def extra_assets(template: str, project: Project | None) -> list[Asset]:
    from etwincms.theming import static_url

    if project is None:
        return []
    return [
        Asset(static_url("embed.css", plugin="embed"), "css"),
        Asset(static_url("embed.js", plugin="embed"), "js"),
    ]


@hookimpl
def nav_items(project: Project, user: User | None) -> list[NavItem]:
    from etwincms.permissions import can

    if not can(user, "embed.view", project):
        return []
    return [NavItem("embed", _l("Embeds"), "embed.index", order=60)]


@hookimpl
def check_permission(
    user: User | None, capability: str, project: Project, obj: Any
) -> bool | None:
    from . import policy

    return policy.public_rule(user, capability, project)


@hookimpl
def plugin_enabled(project: Project, plugin: str) -> None:
    if plugin == PLUGIN.name:  # pages get their embeds back, search its documents
        refresh(project)


@hookimpl
def plugin_disabled(project: Project, plugin: str) -> None:
    if plugin == PLUGIN.name:  # the parser no longer has the block: plain text again
        refresh(project)


def refresh(project: Project) -> None:
    from etwincms.db import get_session
    from etwincms.search import outbox
    from etwincms.services import revisions

    session = get_session()
    revisions.refresh_rendering(session, project)
    outbox.enqueue_plugin(
        session, project, PLUGIN.name
    )  # the core commits after events


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
def personal_data_export(user: User) -> dict[str, Any]:
    from . import privacy

    return privacy.export(user)


@hookimpl
def personal_data_erase(user: User) -> None:
    from . import privacy

    privacy.erase(user)

"""The gallery plugin: albums of photos and videos for a space, built only on
etwincms's plugin API.

This module holds the plugin's description and its hook implementations, each a thin
call into the module that does the work (``declarations``, ``policy``, ``search``,
``privacy``, the views and the API). Heavier modules are imported inside the hooks, so
importing the package has no side effects beyond defining :data:`PLUGIN`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pluggy
from flask_babel import lazy_gettext as _l

from etwincms import hookimpl
from etwincms.hooktypes import (
    BlueprintSpec,
    ContentType,
    Contribution,
    ExportPage,
    ItemAction,
    MigrationSource,
    NavItem,
    PendingPublication,
    Permission,
    PluginMeta,
    SearchDocument,
    SettingSpec,
)
from etwincms.models import Project, User

if TYPE_CHECKING:
    from flask import Flask

PLUGIN = PluginMeta(
    name="gallery",
    title=_l("Gallery"),
    description=_l(
        "Albums of photos and videos, cleaned of location data, with a lightbox."
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
    return [MigrationSource(branch="gallery", path=MIGRATIONS)]


@hookimpl
def register_blueprints() -> list[BlueprintSpec]:
    from . import editing, files, views  # noqa: F401  (they add their routes to bp)
    from .api import blp
    from .blueprint import bp

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
def startup(app: Flask) -> None:
    """Count the gallery's files toward each space's storage quota."""
    from etwincms.services import quota

    from . import services

    quota.count_also(app, "gallery", services.used_bytes)


@hookimpl
def nav_items(project: Project, user: User | None) -> list[NavItem]:
    from etwincms.db import get_session
    from etwincms.permissions import can

    from . import policy, queries

    if not can(user, "gallery.view", project):
        return []
    if not policy.sees_everything(user, project) and not queries.albums_of(
        get_session(), user, project, limit=1
    ):
        return []  # a public space without a public album: nothing to show
    return [NavItem("gallery", _l("Gallery"), "gallery.index", order=45)]


@hookimpl
def check_permission(
    user: User | None, capability: str, project: Project, obj: Any
) -> bool | None:
    from . import policy

    return policy.decide(user, capability, project, obj)


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

    return publication.decide(get_session(), project, item_id, approve)


@hookimpl
def public_export(project: Project) -> list[ExportPage]:
    from etwincms.db import get_session

    from . import contributions

    return list(contributions.public_export(get_session(), project))


@hookimpl
def mobility_saved(project: Project, mobility: Any, user: User | None) -> None:
    from etwincms.db import get_session

    from . import mobilities

    mobilities.mobility_saved(get_session(), project, mobility, user)


@hookimpl
def item_actions(item: Any, project: Project, user: User | None) -> list[ItemAction]:
    """Moderators see "Who is shown" on photos and videos (the core's consent page)."""
    from flask import url_for

    from etwincms.permissions import can

    from .models import Item

    if not isinstance(item, Item) or not can(user, "gallery.moderate", project):
        return []
    url = url_for("moderation.shown", slug=project.slug, item=f"gallery_item:{item.id}")
    return [ItemAction(_l("Who is shown"), url)]


@hookimpl
def personal_data_export(user: User) -> dict[str, Any]:
    from . import privacy

    return privacy.export(user)


@hookimpl
def personal_data_erase(user: User) -> None:
    from . import privacy

    privacy.erase(user)

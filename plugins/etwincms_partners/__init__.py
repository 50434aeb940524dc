"""The partner-finding plugin: schools and teachers find partners for eTwinning and
Erasmus+ projects, built only on etwincms's plugin API.

It lives at site level (``/-/partners/``), not inside a space: school profiles, member
profiles teachers choose to make discoverable, partner-finding posts, a directory of the
spaces that chose to be listed, faceted search over all of them, saved searches, and a
minimal inbox between teachers. Spaces switch it on to be listed (a setting, off by
default). This module holds the plugin's description and its hook implementations, each
a thin call into the module that does the work; heavier modules are imported inside the
hooks, so importing the package has no side effects beyond defining :data:`PLUGIN`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from etwincms import hookimpl
from etwincms.hooktypes import (
    BlueprintSpec,
    ContentType,
    MigrationSource,
    NavItem,
    Permission,
    PluginMeta,
    SearchDocument,
    SettingSpec,
)
from etwincms.models import Project, User

PLUGIN = PluginMeta(
    name="partners",
    title=_l("Partner finding"),
    description=_l(
        "List this project in the site's partner directory, where teachers of other "
        "schools find it and write to its founder."
    ),
)
MIGRATIONS = Path(__file__).resolve().parent / "migrations" / "versions"


@hookimpl
def register_plugin() -> PluginMeta:
    return PLUGIN


@hookimpl
def register_models() -> list[type]:
    from .models import MODELS

    return list(MODELS)


@hookimpl
def register_migrations() -> list[MigrationSource]:
    return [MigrationSource(branch="partners", path=MIGRATIONS)]


@hookimpl
def register_blueprints() -> list[BlueprintSpec]:
    from . import inbox, views  # noqa: F401  (their routes join the blueprint)
    from .api import blp
    from .web import bp

    return [BlueprintSpec(bp, mount="site"), BlueprintSpec(blp, mount="site_api")]


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

    if not can(user, "partners.view", None):
        return []
    return [NavItem("partners", _l("Partner finding"), "partners.index", order=60)]


@hookimpl
def template_slot(slot: str, context: dict[str, Any]) -> Markup | None:
    """A link to partner finding in the site's header, for those who may use it."""
    from flask import url_for

    from etwincms.permissions import can
    from etwincms.web.helpers import signed_in_user

    if slot != "site_nav" or not can(signed_in_user(), "partners.view", None):
        return None
    link = Markup('<a href="{}">{}</a>')
    return link.format(url_for("partners.index"), _l("Partner finding"))


@hookimpl
def project_admin_items(project: Project, user: User | None) -> list[NavItem]:
    from etwincms.permissions import can

    if not can(user, "space.plugins", project):
        return []
    listing = _l("Listing in the partner directory")
    return [NavItem("partners", listing, "partners.listing", {"space": project.slug})]


@hookimpl
def check_permission(
    user: User | None, capability: str, project: Project, obj: Any
) -> bool | None:
    from . import directory

    if capability != "partners.listed":
        return None
    return directory.is_listed(project)


@hookimpl
def search_documents(project: Project) -> list[SearchDocument]:
    from . import search

    return list(search.documents(project))


@hookimpl
def personal_data_export(user: User) -> dict[str, Any]:
    from . import privacy

    return privacy.export(user)


@hookimpl
def personal_data_erase(user: User) -> None:
    from . import privacy

    privacy.erase(user)

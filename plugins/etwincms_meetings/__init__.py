"""The meetings plugin: online meetings of a space across time zones, built only on
etwincms's plugin API.

Teachers schedule meetings (once or every few weeks) with an agenda, a video link and an
audience (teachers only, or with pupils); members answer the invitation, download the
``.ics`` or subscribe to the space's calendar feed, and see every time in their own
zone. Afterwards the organiser takes attendance, lists decisions, links the recording
and keeps the minutes as a page of the space.

This module holds the plugin's description and its hook implementations, each a thin
call into the module that does the work. Heavier modules are imported inside the hooks,
so importing the package has no side effects beyond defining :data:`PLUGIN`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

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
    name="meetings",
    title=_l("Meetings"),
    description=_l(
        "Online meetings across time zones: invitations, calendars, attendance, minutes."
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
    return [MigrationSource(branch="meetings", path=MIGRATIONS)]


@hookimpl
def register_blueprints() -> list[BlueprintSpec]:
    from . import followup_views, views  # noqa: F401  (their routes are on the blueprint)
    from .api import blp
    from .feed_view import feed_bp
    from .web import bp

    return [
        BlueprintSpec(bp, mount="project"),
        BlueprintSpec(blp, mount="api"),
        BlueprintSpec(feed_bp, mount="site"),
    ]


@hookimpl
def register_cli_commands(cli: click.Group) -> None:
    from .reminders import remind_command

    cli.add_command(remind_command)


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
    from . import policy

    if not policy.may_view(user, project):
        return []
    return [NavItem("meetings", _l("Meetings"), "meetings.index", order=55)]


@hookimpl
def template_slot(slot: str, context: dict[str, Any]) -> Markup | None:
    if slot not in ("space_home", "page_footer"):
        return None
    from . import slots

    return slots.slot(slot, context)


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
def personal_data_export(user: User) -> dict[str, Any]:
    from . import privacy

    return privacy.export(user)


@hookimpl
def personal_data_erase(user: User) -> None:
    from . import privacy

    privacy.erase(user)

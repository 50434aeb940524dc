"""The moderation facility's hook implementations: thin calls into its modules.

Registered as a core plugin (``CORE_PLUGINS``): its tables and migration branch, its
capabilities, its pages and API (mounted at start-up like the core's own areas: they
are part of the core, in every space), its navigation entry with the number of waiting
items, the core pages' side of the queue, and the privacy hooks for its tables.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask
from flask_babel import gettext as _
from markupsafe import Markup

from .. import hookimpl
from ..hooktypes import MigrationSource, NavItem, PendingPublication, Permission
from ..models import Project, User

MIGRATIONS = Path(__file__).resolve().parent / "migrations" / "versions"


@hookimpl
def register_models() -> list[type]:
    from .models import MODELS

    return list(MODELS)


@hookimpl
def register_migrations() -> list[MigrationSource]:
    return [MigrationSource(branch="moderation", path=MIGRATIONS)]


@hookimpl
def register_permissions() -> list[Permission]:
    from .declarations import permissions

    return permissions()


@hookimpl
def startup(app: Flask) -> None:
    from .api import blp
    from .web import bp

    app.register_blueprint(bp)
    app.extensions["etwincms_api"].register_blueprint(blp, url_prefix="/api/v1")


@hookimpl
def nav_items(project: Project, user: User | None) -> list[NavItem]:
    from ..db import get_session
    from ..permissions import can
    from .queue import waiting_count

    if user is None or not can(user, "moderation.review", project):
        return []
    count = waiting_count(get_session(), user, project)
    label = _("Moderation (%(count)s)", count=count) if count else _("Moderation")
    return [NavItem("moderation", label, "moderation.index", order=85)]


@hookimpl
def project_admin_items(project: Project, user: User | None) -> list[NavItem]:
    from flask_babel import lazy_gettext as _l

    from ..permissions import can

    if not can(user, "moderation.consent", project):
        return []
    return [
        NavItem("moderation_consent", _l("Pupils' media consent"), "moderation.consent")
    ]


@hookimpl
def template_slot(slot: str, context: dict[str, Any]) -> Markup | None:
    if slot != "page_footer":
        return None
    from .slots import page_footer

    return page_footer(context)


@hookimpl
def pending_publications(project: Project) -> list[PendingPublication]:
    from ..db import get_session
    from . import page_requests

    return list(page_requests.pending(get_session(), project))


@hookimpl
def decide_publication(
    project: Project, item_id: str, approve: bool, actor: User
) -> bool | None:
    from ..db import get_session
    from . import page_requests

    return page_requests.decide(get_session(), project, item_id, approve, actor)


@hookimpl
def personal_data_export(user: User) -> dict[str, Any]:
    from . import privacy

    return privacy.export(user)


@hookimpl
def personal_data_erase(user: User) -> None:
    from . import privacy

    privacy.erase(user)

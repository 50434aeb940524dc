"""The phases facility's hook implementations: thin calls into its modules.

Registered as a core plugin (``CORE_PLUGINS``): its tables and migration branch, the
``phases.manage`` capability, its pages and API (registered at start-up like the core's
own areas, since phases belong to every space), the "Phases" navigation entry, the
current phase on the space's home page, and the privacy hooks for its tables.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from .. import hookimpl
from ..hooktypes import MigrationSource, NavItem, Permission
from ..models import Project, User

MIGRATIONS = Path(__file__).resolve().parent / "migrations" / "versions"


@hookimpl
def register_models() -> list[type]:
    from .models import MODELS

    return list(MODELS)


@hookimpl
def register_migrations() -> list[MigrationSource]:
    return [MigrationSource(branch="phases", path=MIGRATIONS)]


@hookimpl
def register_permissions() -> list[Permission]:
    return [
        Permission(
            "phases.manage",
            _l("Define mobilities and phases, and file the space's items under phases"),
            frozenset({"admin", "teacher"}),
            writes=True,
        )
    ]


@hookimpl
def startup(app: Flask) -> None:
    from ..api import PREFIX
    from .api import blp
    from .web import bp

    app.register_blueprint(bp)
    app.extensions["etwincms_api"].register_blueprint(blp, url_prefix=PREFIX)


@hookimpl
def nav_items(project: Project, user: User | None) -> list[NavItem]:
    from ..permissions import can

    if not can(user, "space.view", project):
        return []
    return [NavItem("phases", _l("Phases"), "phases.index", order=5)]


@hookimpl
def template_slot(slot: str, context: dict[str, Any]) -> Markup | None:
    if slot != "space_home":
        return None
    from .slots import space_home

    return space_home(context)


@hookimpl
def project_created(project: Project, user: User) -> None:
    """Every space has its dissemination phase from the start."""
    from ..db import get_session
    from .services import dissemination_phase

    dissemination_phase(get_session(), project)


@hookimpl
def personal_data_export(user: User) -> dict[str, Any]:
    from . import privacy

    return privacy.export(user)


@hookimpl
def personal_data_erase(user: User) -> None:
    from . import privacy

    privacy.erase(user)

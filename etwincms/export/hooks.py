"""The export facility's hook implementations: thin calls into its modules.

Registered as a core plugin (``CORE_PLUGINS``): its table and migration branch
(``export``), the ``export.create`` capability (admins and teachers, never pupils), its
page and API (mounted at start-up like the core's own areas), an entry in the space's
navigation and settings, the ``etwincms export-site`` command, and the core pages' side
of ``public_export``.
"""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask
from flask_babel import lazy_gettext as _l

from .. import hookimpl
from ..hooktypes import ExportPage, MigrationSource, NavItem, Permission
from ..models import Project, User

MIGRATIONS = Path(__file__).resolve().parent / "migrations" / "versions"
CAPABILITY = "export.create"


@hookimpl
def register_models() -> list[type]:
    from .models import MODELS

    return list(MODELS)


@hookimpl
def register_migrations() -> list[MigrationSource]:
    return [MigrationSource(branch="export", path=MIGRATIONS)]


@hookimpl
def register_permissions() -> list[Permission]:
    return [
        Permission(
            CAPABILITY,
            _l("Choose the licence and download the dissemination export of the space"),
            frozenset({"admin", "teacher"}),
            pupil_grantable=False,
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
def register_cli_commands(cli: click.Group) -> None:
    from .cli import export_site_command

    cli.add_command(export_site_command)


@hookimpl
def nav_items(project: Project, user: User | None) -> list[NavItem]:
    return export_items(project, user, order=88)


@hookimpl
def project_admin_items(project: Project, user: User | None) -> list[NavItem]:
    return export_items(project, user, order=50)


def export_items(project: Project, user: User | None, order: int) -> list[NavItem]:
    from ..permissions import can

    if not can(user, CAPABILITY, project):
        return []
    return [NavItem("export", _l("Dissemination export"), "export.index", order=order)]


@hookimpl
def public_export(project: Project) -> list[ExportPage]:
    from ..db import get_session
    from .core_pages import public_pages

    return list(public_pages(get_session(), project))

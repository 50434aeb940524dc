"""The reports facility's hook implementations: its capability, pages, API and nav item.

Core facilities are not mounted like plugins (their blueprints would have to carry the
module's dotted name), so ``startup`` registers the page and the API blueprints itself,
before the application serves anything.
"""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from .. import hookimpl
from ..hooktypes import NavItem, Permission
from ..models import Project, User

CAPABILITY = "reports.view"


@hookimpl
def register_permissions() -> list[Permission]:
    return [
        Permission(
            CAPABILITY,
            _l("See the report pack and the Quality Label evidence of the space"),
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
def nav_items(project: Project, user: User | None) -> list[NavItem]:
    from ..permissions import can

    if not can(user, CAPABILITY, project):
        return []
    return [NavItem("reports", _l("Reports"), "reports.index", order=80)]

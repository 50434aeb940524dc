"""Hook specifications: the contract between the core and plugins.

Grouped by lifecycle. Startup hooks (``register_*``) are called once in ``create_app``
and return lists of frozen dataclasses from :mod:`etwincms.hooktypes`; the core validates
them into registries. Request-time hooks are project-scoped: call them through
``project_hooks(project)`` so that only the plugins a space has switched on answer.
Hooks are always called with keyword arguments; an implementation may accept any subset
of the documented arguments, and arguments are only ever added, never removed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from flask import Flask

    from .hooktypes import NavItem, Permission
    from .models import Project, User

hookspec = pluggy.HookspecMarker("etwincms")


# -- Startup hooks: called once per application, results frozen into registries --------


@hookspec
def register_permissions() -> list[Permission]:
    """Declare the capabilities this plugin checks with ``can()``.

    Each :class:`~etwincms.hooktypes.Permission` names a dotted capability (for example
    ``forum.moderate``), describes it, and lists the roles that hold it by default. A
    space may override the defaults per role. Duplicate names fail at start-up.

    :return: A list of ``Permission``.
    """


@hookspec
def startup(app: Flask) -> None:
    """Called once, after every registry is built and every blueprint mounted.

    Use it for sanity checks and warming caches. Never change the database schema here:
    migrations are an explicit ``etwincms db upgrade``.

    :param app: The application being created.
    """


# -- Request-time hooks: project-scoped, call through project_hooks(project) ------------


@hookspec
def nav_items(project: Project, user: User | None) -> list[NavItem]:
    """Add entries to a space's navigation.

    Called through ``project_hooks(project)``, so only plugins the space has switched on
    answer. Return only the items the user may use (check with ``can()``).

    :param project: The space being shown.
    :param user: The signed-in user, or ``None`` for an anonymous visitor.
    :return: A list of ``NavItem``.
    """

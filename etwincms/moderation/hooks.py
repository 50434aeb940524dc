"""The moderation facility's hook implementations: thin calls into its modules.

Registered as a core plugin (``CORE_PLUGINS``): its tables and migration branch, its
capabilities, the queue's pages and API, its navigation entry, the core pages' side of
the queue, and the privacy hooks for its tables.
"""

from __future__ import annotations

from pathlib import Path

from .. import hookimpl
from ..hooktypes import MigrationSource, Permission

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

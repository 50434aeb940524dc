"""The per-application state object stored at ``app.extensions["etwincms"]``.

Everything that would otherwise be a module-level global (database, plugin manager,
registries, parser, sanitizer, storage) lives here, one instance per application, so two
applications in one process never share anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from flask import current_app

if TYPE_CHECKING:
    from argon2 import PasswordHasher
    from markdown_it import MarkdownIt

    from .content.sanitize import Sanitizer
    from .db import Database
    from .plugins import PluginHost
    from .registry import PermissionRegistry
    from .storage import Storage


@dataclass
class AppState:
    db: Database
    plugins: PluginHost
    permissions: PermissionRegistry
    markdown: MarkdownIt
    sanitizer: Sanitizer
    storage: Storage
    hasher: PasswordHasher


def get_state() -> AppState:
    """The current application's state (needs an application context)."""
    return current_app.extensions["etwincms"]

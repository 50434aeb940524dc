"""The per-application state object stored at ``app.extensions["etwincms"]``.

Everything that would otherwise be a module-level global (database, plugin manager,
registries, parser, sanitizer, storage) lives here, one instance per application, so two
applications in one process never share anything.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from flask import current_app

if TYPE_CHECKING:
    from argon2 import PasswordHasher
    from markdown_it import MarkdownIt

    from .content.sanitize import Sanitizer
    from .db import Database
    from .plugins import PluginHost
    from .registry import PermissionRegistry, Registries
    from .storage import Storage


@dataclass
class AppState:
    db: Database
    plugins: PluginHost
    registries: Registries
    markdown: MarkdownIt
    sanitizer: Sanitizer
    storage: Storage
    hasher: PasswordHasher
    #: True when create_app was given its plugins (tests): entry points were not read.
    explicit_plugins: bool = False
    #: Markdown parsers extended by plugins, per set of contributing plugins.
    parsers: dict[Any, MarkdownIt] = field(default_factory=dict)

    @property
    def permissions(self) -> PermissionRegistry:
        return self.registries.permissions


def get_state() -> AppState:
    """The current application's state (needs an application context)."""
    return current_app.extensions["etwincms"]

"""etwincms: a plugin-based headless CMS with a wiki front end for eTwinning projects.

This module only exports the pluggy hook-implementation marker and the version. Importing
it has no side effects: no application, no plugin loading and no database access happen
until :func:`etwincms.app.create_app` is called.
"""

import pluggy

__version__ = "0.1.0.dev0"

#: Marker for plugin hook implementations: ``@hookimpl def register_permissions(): ...``
hookimpl = pluggy.HookimplMarker("etwincms")

__all__ = ["__version__", "hookimpl"]

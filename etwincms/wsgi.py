"""WSGI entry point for servers: ``gunicorn etwincms.wsgi:app``.

Importing this module creates the application; it is the one module that does so on
import, and nothing in etwincms imports it. What the start made (modules, plugins,
registries, the API's schemas: some 200,000 objects) lives as long as the worker, so it
is then frozen out of the garbage collector's sight: a full collection no longer walks
it, which took ~140 ms every few seconds under load and showed as the p99 of every view
(docs/performance.md).
"""

import gc

from .app import create_app

app = create_app()
gc.freeze()

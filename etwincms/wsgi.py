"""WSGI entry point for servers: ``gunicorn etwincms.wsgi:app``.

Importing this module creates the application; it is the one module that does so on
import, and nothing in etwincms imports it.
"""

from .app import create_app

app = create_app()

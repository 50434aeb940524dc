"""The ceiling for the load benchmark: a bare Flask + Jinja page, no database.

``gunicorn ceiling:app`` (from ``bench/``) serves at ``/`` an HTML page of
``CEILING_BYTES`` bytes (environment; default 5,000) rendered by a Jinja template on every
request, which is the least any server-rendered Flask page costs on the same machine.
"""

from __future__ import annotations

import os

from flask import Flask, render_template_string

TEMPLATE = (
    "<!doctype html><html lang=en><head><meta charset=utf-8><title>{{ title }}</title>"
    "</head><body><main><h1>{{ title }}</h1>{% for p in paragraphs %}<p>{{ p }}</p>"
    "{% endfor %}</main></body></html>"
)


def create_ceiling(size: int) -> Flask:
    """An app whose one page is ``size`` bytes long (within a few bytes)."""
    app = Flask("ceiling")
    title = "Ceiling"
    frame = len(render_page(app, title, []))
    words = "Sustainable farming across borders. " * (max(size - frame, 0) // 36 + 1)
    paragraphs = [words[i : i + 400] for i in range(0, max(size - frame - 7, 0), 407)]
    app.add_url_rule(
        "/",
        "page",
        lambda: render_template_string(TEMPLATE, title=title, paragraphs=paragraphs),
    )
    return app


def render_page(app: Flask, title: str, paragraphs: list[str]) -> str:
    with app.app_context():
        return render_template_string(TEMPLATE, title=title, paragraphs=paragraphs)


def __getattr__(name: str) -> Flask:
    # gunicorn asks for ``app`` once per worker; built then, not at import.
    if name == "app":
        return create_ceiling(int(os.environ.get("CEILING_BYTES", "5000")))
    raise AttributeError(name)

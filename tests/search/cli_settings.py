"""The environment an ``etwincms`` command needs to work on the app under test."""

from __future__ import annotations

from flask import Flask


def cli_settings(app: Flask, **settings: str) -> dict[str, str]:
    """``ETWINCMS_*`` variables naming the app's instance, database, plugins (none) and
    search backend, plus ``settings`` (``SEARCH_DRAIN="worker"``...)."""
    return {
        "ETWINCMS_INSTANCE_PATH": app.instance_path,
        "ETWINCMS_DATABASE_URL": app.config["DATABASE_URL"],
        "ETWINCMS_SECRET_KEY": "cli",
        "ETWINCMS_PLUGINS": "[]",
        "ETWINCMS_SEARCH_BACKEND": app.config["SEARCH_BACKEND"],
        **{f"ETWINCMS_{key}": value for key, value in settings.items()},
    }

"""Moderation's Alembic branch: ``upgrade heads`` makes exactly the tables of its models."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import inspect

from etwincms import migrate
from etwincms.app import create_app
from etwincms.testing import make_config

TABLES = {
    "moderation_consent",
    "moderation_shown",
    "moderation_page_request",
    "moderation_decision",
}


def test_upgrade_heads_from_empty_matches_the_moderation_models(
    tmp_path: Path, empty_database_url: str
) -> None:
    app = create_app(make_config(tmp_path, empty_database_url), plugins=[])
    migrate.upgrade(app)
    assert "moderation_0001" in migrate.current(app)
    drift = [d for d in migrate.drift(app) if "moderation_" in repr(d)]
    assert drift == []
    assert set(inspect(migrate.engine_of(app)).get_table_names()) >= TABLES
    migrate.engine_of(app).dispose()

"""Migrations are the only way schemas are made outside unit tests: prove they match the models.

From an empty database, ``upgrade heads`` must produce exactly the schema the models
describe (no autogenerate differences), on SQLite and on PostgreSQL (in the PostgreSQL
pass of ``make test``, in a schema of its own).
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import inspect, text

from etwincms import migrate
from etwincms.app import create_app
from etwincms.testing import make_config


def test_upgrade_heads_from_empty_matches_the_models(
    tmp_path: Path, empty_database_url: str
):
    app = create_app(make_config(tmp_path, empty_database_url))
    assert migrate.current(app) == ()
    migrate.upgrade(app)
    assert not migrate.pending(app)
    assert migrate.drift(app) == []
    tables = set(inspect(migrate.engine_of(app)).get_table_names())
    assert {
        "page",
        "revision",
        "membership",
        "audit_entry",
        "alembic_version",
    } <= tables
    migrate.engine_of(app).dispose()


def test_upgrading_twice_is_a_no_op(tmp_path: Path, empty_database_url: str) -> None:
    app = create_app(make_config(tmp_path, empty_database_url))
    migrate.upgrade(app)
    before = migrate.current(app)
    migrate.upgrade(app)
    assert migrate.current(app) == before
    assert not migrate.pending(app)
    migrate.engine_of(app).dispose()


def test_drift_is_detected(tmp_path: Path, empty_database_url: str) -> None:
    """The check can fail: a column the migrations never made shows up as a difference."""
    app = create_app(make_config(tmp_path, empty_database_url))
    migrate.upgrade(app)
    with migrate.engine_of(app).begin() as connection:
        connection.execute(text("ALTER TABLE school ADD COLUMN stray_column INTEGER"))
    differences = migrate.drift(app)
    assert any("stray_column" in repr(difference) for difference in differences)
    migrate.engine_of(app).dispose()


def test_the_core_branch_is_labelled(tmp_path: Path) -> None:
    from alembic.script import ScriptDirectory

    app = create_app(make_config(tmp_path, None), plugins=[])
    scripts = ScriptDirectory.from_config(migrate.alembic_config(app))
    assert scripts.get_revision("core@head").revision in migrate.heads(app)
    facilities = Path(migrate.MIGRATIONS_DIR).parent / "etwincms"
    for revision in scripts.walk_revisions():
        parents = Path(revision.path).parents
        # The core's own branch, or a core facility's (etwincms/phases/migrations...).
        assert migrate.MIGRATIONS_DIR in parents or facilities in parents

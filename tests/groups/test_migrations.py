"""The groups' Alembic branch: from empty, and labelled as its own branch on the core.

``upgrade heads`` must produce exactly the tables the models describe (no autogenerate
differences), on SQLite here and on PostgreSQL in its pass of the suite.
"""

from __future__ import annotations

from pathlib import Path

from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from etwincms import migrate
from etwincms.app import create_app
from etwincms.testing import make_config

TABLES = {"group_working_group", "group_member"}


def test_upgrade_heads_from_empty_matches_the_models(
    tmp_path: Path, empty_database_url: str
) -> None:
    app = create_app(make_config(tmp_path, empty_database_url), plugins=[])
    migrate.upgrade(app)
    assert "groups_0001" in migrate.current(app)
    assert migrate.drift(app) == []
    assert set(inspect(migrate.engine_of(app)).get_table_names()) >= TABLES
    migrate.engine_of(app).dispose()


def test_the_groups_branch_is_labelled_and_depends_on_the_core(tmp_path: Path) -> None:
    app = create_app(make_config(tmp_path, None), plugins=[])
    scripts = ScriptDirectory.from_config(migrate.alembic_config(app))
    revision = scripts.get_revision("groups_0001")
    assert revision is not None
    assert revision.branch_labels == {"groups"}
    assert revision.dependencies == "0001_core"
    app.extensions["etwincms"].db.dispose()

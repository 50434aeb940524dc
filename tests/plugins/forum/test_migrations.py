"""The forum's Alembic branch: from empty, and added to a database that already has data.

``upgrade heads`` must produce exactly the tables the forum's models describe (no
autogenerate differences), on SQLite here and on PostgreSQL in its pass of the suite.
"""

from __future__ import annotations

from pathlib import Path

from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

import etwincms_forum
from etwincms import migrate
from etwincms.app import create_app
from etwincms.testing import make_config

FORUM_TABLES = {
    "forum_forum",
    "forum_topic",
    "forum_post",
    "forum_post_revision",
    "forum_subscription",
    "forum_read_marker",
}


def test_upgrade_heads_from_empty_matches_the_forum_models(
    tmp_path: Path, empty_database_url: str
) -> None:
    app = create_app(
        make_config(tmp_path, empty_database_url), plugins=[etwincms_forum]
    )
    migrate.upgrade(app)
    assert "forum_0002" in migrate.current(app)
    assert migrate.drift(app) == []
    assert set(inspect(migrate.engine_of(app)).get_table_names()) >= FORUM_TABLES
    migrate.engine_of(app).dispose()


def test_the_forum_is_added_to_a_database_that_has_the_core_already(
    tmp_path: Path, empty_database_url: str
) -> None:
    core_only = create_app(make_config(tmp_path, empty_database_url), plugins=[])
    migrate.upgrade(core_only)
    with migrate.engine_of(core_only).begin() as connection:
        connection.execute(
            text(
                "INSERT INTO school (name, country, city, type) VALUES ('S', 'ES', 'C', 'VET')"
            )
        )
    migrate.engine_of(core_only).dispose()
    app = create_app(
        make_config(tmp_path, empty_database_url), plugins=[etwincms_forum]
    )
    assert migrate.pending(app)
    migrate.upgrade(app)
    assert migrate.drift(app) == []
    with migrate.engine_of(app).connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM school")).scalar() == 1
    migrate.engine_of(app).dispose()


def test_the_forum_branch_is_labelled_and_depends_on_the_core(tmp_path: Path) -> None:
    app = create_app(make_config(tmp_path, None), plugins=[etwincms_forum])
    script = ScriptDirectory.from_config(migrate.alembic_config(app)).get_revision(
        "forum_0001"
    )
    assert script.branch_labels == {"forum"}
    assert script.dependencies == "0001_core"


def test_forum_0002_adds_an_indexed_group_id_without_a_foreign_key(
    tmp_path: Path, empty_database_url: str
) -> None:
    app = create_app(
        make_config(tmp_path, empty_database_url), plugins=[etwincms_forum]
    )
    migrate.upgrade(app, "forum_0001")
    before = inspect(migrate.engine_of(app)).get_columns("forum_forum")
    assert "group_id" not in {column["name"] for column in before}
    migrate.upgrade(app)
    inspector = inspect(migrate.engine_of(app))
    columns = {c["name"]: c for c in inspector.get_columns("forum_forum")}
    assert columns["group_id"]["nullable"]
    indexes = {
        i["name"]: i["column_names"] for i in inspector.get_indexes("forum_forum")
    }
    assert indexes["ix_forum_forum_group_id"] == ["group_id"]
    keys = inspector.get_foreign_keys("forum_forum")
    assert all("group_id" not in key["constrained_columns"] for key in keys)
    migrate.engine_of(app).dispose()

"""The wiki's Alembic branch: from empty, and added to a database that already has data.

``upgrade heads`` must produce exactly the tables the wiki's models describe (no
autogenerate differences), on SQLite here and on PostgreSQL in its pass of the suite.
"""

from __future__ import annotations

from pathlib import Path

from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

import etwincms_wiki
from etwincms import migrate
from etwincms.app import create_app
from etwincms.testing import make_config

WIKI_TABLES = {"wiki_article", "wiki_revision", "wiki_link", "wiki_comment"}


def test_upgrade_heads_from_empty_matches_the_wiki_models(
    tmp_path: Path, empty_database_url: str
) -> None:
    app = create_app(make_config(tmp_path, empty_database_url), plugins=[etwincms_wiki])
    migrate.upgrade(app)
    assert "wiki_0002" in migrate.current(app)
    assert migrate.drift(app) == []
    assert set(inspect(migrate.engine_of(app)).get_table_names()) >= WIKI_TABLES
    migrate.engine_of(app).dispose()


def test_the_wiki_is_added_to_a_database_that_has_the_core_already(
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
    app = create_app(make_config(tmp_path, empty_database_url), plugins=[etwincms_wiki])
    assert migrate.pending(app)
    migrate.upgrade(app)
    assert migrate.drift(app) == []
    with migrate.engine_of(app).connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM school")).scalar() == 1
    migrate.engine_of(app).dispose()


def test_the_wiki_branch_is_labelled_and_depends_on_the_core(tmp_path: Path) -> None:
    app = create_app(make_config(tmp_path, None), plugins=[etwincms_wiki])
    script = ScriptDirectory.from_config(migrate.alembic_config(app)).get_revision(
        "wiki_0001"
    )
    assert script.branch_labels == {"wiki"}
    assert script.dependencies == "0001_core"

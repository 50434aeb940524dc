"""The blog's Alembic branch: from empty, and added to a database that has the core."""

from __future__ import annotations

from pathlib import Path

from alembic.script import ScriptDirectory
from sqlalchemy import inspect

import etwincms_blog
from etwincms import migrate
from etwincms.app import create_app
from etwincms.testing import make_config

BLOG_TABLES = {
    "blog_blog",
    "blog_post",
    "blog_post_tag",
    "blog_comment",
    "blog_traveller",
}


def test_upgrade_heads_from_empty_matches_the_blog_models(
    tmp_path: Path, empty_database_url: str
) -> None:
    app = create_app(make_config(tmp_path, empty_database_url), plugins=[etwincms_blog])
    migrate.upgrade(app)
    assert "blog_0002" in migrate.current(app)
    assert migrate.drift(app) == []
    assert set(inspect(migrate.engine_of(app)).get_table_names()) >= BLOG_TABLES
    migrate.engine_of(app).dispose()


def test_the_blog_is_added_to_a_database_that_has_the_core_already(
    tmp_path: Path, empty_database_url: str
) -> None:
    core_only = create_app(make_config(tmp_path, empty_database_url), plugins=[])
    migrate.upgrade(core_only)
    migrate.engine_of(core_only).dispose()
    app = create_app(make_config(tmp_path, empty_database_url), plugins=[etwincms_blog])
    assert migrate.pending(app)
    migrate.upgrade(app)
    assert migrate.drift(app) == []
    migrate.engine_of(app).dispose()


def test_the_blog_branch_is_labelled_and_depends_on_the_core(tmp_path: Path) -> None:
    app = create_app(make_config(tmp_path, None), plugins=[etwincms_blog])
    script = ScriptDirectory.from_config(migrate.alembic_config(app)).get_revision(
        "blog_0001"
    )
    assert script.branch_labels == {"blog"}
    assert script.dependencies == "0001_core"

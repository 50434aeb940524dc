"""The gallery's Alembic branch: from empty, and added to a database that has the core."""

from __future__ import annotations

from pathlib import Path

from alembic.script import ScriptDirectory
from sqlalchemy import inspect

import etwincms_gallery
from etwincms import migrate
from etwincms.app import create_app
from etwincms.testing import make_config

GALLERY_TABLES = {"gallery_album", "gallery_item"}


def test_upgrade_heads_from_empty_matches_the_gallery_models(
    tmp_path: Path, empty_database_url: str
) -> None:
    app = create_app(
        make_config(tmp_path, empty_database_url), plugins=[etwincms_gallery]
    )
    migrate.upgrade(app)
    assert "gallery_0002" in migrate.current(app)
    assert migrate.drift(app) == []
    assert set(inspect(migrate.engine_of(app)).get_table_names()) >= GALLERY_TABLES
    migrate.engine_of(app).dispose()


def test_the_gallery_is_added_to_a_database_that_has_the_core_already(
    tmp_path: Path, empty_database_url: str
) -> None:
    core_only = create_app(make_config(tmp_path, empty_database_url), plugins=[])
    migrate.upgrade(core_only)
    migrate.engine_of(core_only).dispose()
    app = create_app(
        make_config(tmp_path, empty_database_url), plugins=[etwincms_gallery]
    )
    assert migrate.pending(app)
    migrate.upgrade(app)
    assert migrate.drift(app) == []
    migrate.engine_of(app).dispose()


def test_the_gallery_branch_is_labelled_and_depends_on_the_core(tmp_path: Path) -> None:
    app = create_app(make_config(tmp_path, None), plugins=[etwincms_gallery])
    script = ScriptDirectory.from_config(migrate.alembic_config(app)).get_revision(
        "gallery_0001"
    )
    assert script.branch_labels == {"gallery"}
    assert script.dependencies == "0001_core"

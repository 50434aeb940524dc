"""The embed plugin's Alembic branch: from empty, it gives exactly the models' tables."""

from __future__ import annotations

from pathlib import Path

from alembic.script import ScriptDirectory

import etwincms_embed
from etwincms import migrate
from etwincms.app import create_app
from etwincms.testing import make_config


def test_upgrade_heads_from_empty_matches_the_embed_model(
    tmp_path: Path, empty_database_url: str
) -> None:
    app = create_app(
        make_config(tmp_path, empty_database_url), plugins=[etwincms_embed]
    )
    migrate.upgrade(app)
    assert "embed_0002" in migrate.current(app)
    assert migrate.drift(app) == []
    migrate.engine_of(app).dispose()


def test_the_branch_is_labelled_and_depends_on_the_core(tmp_path: Path) -> None:
    app = create_app(make_config(tmp_path, None), plugins=[etwincms_embed])
    script = ScriptDirectory.from_config(migrate.alembic_config(app)).get_revision(
        "embed_0001"
    )
    assert script.branch_labels == {"embed"}
    assert script.dependencies == "0001_core"

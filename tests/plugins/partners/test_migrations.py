"""Partner finding's Alembic branch: from empty it gives exactly the models' tables, on
SQLite here and on PostgreSQL in its pass of the suite; it is labelled and stands on the
core's first revision."""

from __future__ import annotations

from pathlib import Path

from alembic.script import ScriptDirectory
from sqlalchemy import inspect

import etwincms_partners
from etwincms import migrate
from etwincms.app import create_app
from etwincms.testing import make_config
from etwincms_partners.models import MODELS


def test_upgrade_heads_from_empty_matches_the_models(
    tmp_path: Path, empty_database_url: str
) -> None:
    app = create_app(
        make_config(tmp_path, empty_database_url), plugins=[etwincms_partners]
    )
    migrate.upgrade(app)
    assert "partners_0001" in migrate.current(app)
    assert migrate.drift(app) == []
    tables = set(inspect(migrate.engine_of(app)).get_table_names())
    assert {model.__tablename__ for model in MODELS} <= tables
    script = ScriptDirectory.from_config(migrate.alembic_config(app)).get_revision(
        "partners_0001"
    )
    assert script.branch_labels == {"partners"}
    assert script.dependencies == "0001_core"
    migrate.engine_of(app).dispose()

"""The phases' Alembic branch: from empty, and added to a database that has the core.

``upgrade heads`` must produce exactly the tables the models describe (no autogenerate
differences), on SQLite here and on PostgreSQL in its pass of the suite.
"""

from __future__ import annotations

from pathlib import Path

from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from etwincms import migrate
from etwincms.app import create_app
from etwincms.testing import make_config

TABLES = {"phase_mobility", "phase_mobility_participant", "phase_phase", "phase_tag"}


def test_upgrade_heads_from_empty_matches_the_models(
    tmp_path: Path, empty_database_url: str
) -> None:
    app = create_app(make_config(tmp_path, empty_database_url), plugins=[])
    migrate.upgrade(app)
    assert "phases_0002" in migrate.current(app)
    assert migrate.drift(app) == []
    assert set(inspect(migrate.engine_of(app)).get_table_names()) >= TABLES
    migrate.engine_of(app).dispose()


def test_the_phases_branch_is_labelled_and_depends_on_the_core(tmp_path: Path) -> None:
    app = create_app(make_config(tmp_path, None), plugins=[])
    scripts = ScriptDirectory.from_config(migrate.alembic_config(app))
    revision = scripts.get_revision("phases_0001")
    assert revision is not None
    assert revision.branch_labels == {"phases"}
    assert revision.dependencies == "0001_core"
    app.extensions["etwincms"].db.dispose()


def test_the_upgrade_gives_every_existing_space_a_dissemination_phase(
    tmp_path: Path, empty_database_url: str
) -> None:
    app = create_app(make_config(tmp_path, empty_database_url), plugins=[])
    migrate.upgrade(app, "phases_0001")
    with migrate.engine_of(app).begin() as connection:
        connection.execute(
            text(
                "INSERT INTO project (slug, title, description, languages, subjects, "
                "status, is_public, role_overrides, start_date, end_date, created_at, "
                "updated_at) VALUES ('old', 'Old', '', '[]', '[]', 'active', false, "
                "'{}', '2025-09-01', '2026-06-30', '2025-09-01', '2025-09-01')"
            )
        )
    migrate.upgrade(app)
    with migrate.engine_of(app).connect() as connection:
        rows = connection.execute(
            text("SELECT kind, starts_on, ends_on FROM phase_phase")
        ).all()
    assert [(kind, str(start), str(end)) for kind, start, end in rows] == [
        ("dissemination", "2025-09-01", "2026-06-30")
    ]
    migrate.engine_of(app).dispose()

"""The survey plugin's Alembic branch produces exactly the tables its models describe."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import inspect

import etwincms_survey
from etwincms import migrate
from etwincms.app import create_app
from etwincms.testing import make_config


def test_upgrade_heads_from_empty_matches_the_survey_models(
    tmp_path: Path, empty_database_url: str
) -> None:
    app = create_app(
        make_config(tmp_path, empty_database_url), plugins=[etwincms_survey]
    )
    migrate.upgrade(app)
    assert "survey_0002" in migrate.current(app)
    assert migrate.drift(app) == []
    tables = set(inspect(migrate.engine_of(app)).get_table_names())
    assert tables >= {"survey_survey", "survey_response", "survey_participant"}
    migrate.engine_of(app).dispose()

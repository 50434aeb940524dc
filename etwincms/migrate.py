"""Running Alembic from the application: upgrade, current, heads, and a drift check.

The Alembic environment is built here from the app's database and the migration folders
(the core's, and each plugin's once plugins register them), so operators never edit
``alembic.ini``. Migrations never run at boot: only these explicit commands apply them.
"""

from __future__ import annotations

import os
from importlib.metadata import entry_points
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.script.revision import RevisionError
from alembic.util import CommandError
from flask import Flask

from . import models  # noqa: F401  (every core model is part of the metadata)
from .db import Base
from .errors import EtwinError
from .plugins import ENTRY_POINT_GROUP

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"
CORE_BRANCH = "core"


class MigrationError(EtwinError):
    """The database and the installed code disagree in a way migrations cannot fix."""


def alembic_config(app: Flask) -> Config:
    """One Alembic environment: the core's versions plus every plugin branch.

    Loaded plugins contribute through ``register_migrations``. Plugins that are installed
    but not loaded here (left out by ``PLUGINS`` or safe mode) still contribute their
    conventional ``<package>/migrations/versions`` folder, found without importing them:
    the schema is install-wide, and a database that once had them stays readable.
    """
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("path_separator", "os")
    locations = [MIGRATIONS_DIR / "versions"]
    locations += [source.path for source in registries(app).migrations.values()]
    locations += [p for p in installed_but_not_loaded(app) if p not in locations]
    config.set_main_option("version_locations", os.pathsep.join(map(str, locations)))
    return config


def installed_but_not_loaded(app: Flask) -> list[Path]:
    state = app.extensions["etwincms"]
    if (
        state.explicit_plugins
    ):  # tests and tools name their plugins: nothing else counts
        return []
    loaded = set(registries(app).migrations)
    folders = []
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        spec = find_spec(ep.module.split(".", 1)[0]) if ep.name not in loaded else None
        folder = (
            Path(spec.origin).parent / "migrations" / "versions"
            if spec and spec.origin
            else None
        )
        if folder is not None and folder.is_dir():
            folders.append(folder)
    return folders


def registries(app: Flask) -> Any:
    return app.extensions["etwincms"].registries


def app_tables(app: Flask) -> set[str]:
    """Tables of the core models and of the models the loaded plugins registered."""
    core = {
        mapper.local_table.name
        for mapper in Base.registry.mappers
        if mapper.class_.__module__.startswith("etwincms.models")
    }
    plugin_models = (
        model for owned in registries(app).models.values() for model in owned
    )
    return core | {model.__table__.name for model in plugin_models}


def upgrade(app: Flask, target: str = "heads") -> None:
    """Apply every pending migration of every branch (``upgrade heads``)."""
    applied(app)  # a clear message when a removed plugin's revision blocks the way
    config = alembic_config(app)
    with engine_of(app).begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, target)


def current(app: Flask) -> tuple[str, ...]:
    with engine_of(app).connect() as connection:
        return MigrationContext.configure(connection).get_current_heads()


def heads(app: Flask) -> tuple[str, ...]:
    return tuple(ScriptDirectory.from_config(alembic_config(app)).get_heads())


def applied(app: Flask) -> set[str]:
    """Every revision the database has: its current ones and all they stand on.

    A plugin branch ``depends_on`` the core, so once it is applied Alembic records only
    the plugin's revision as current; the core's head is applied all the same.
    """
    scripts = ScriptDirectory.from_config(alembic_config(app))
    present = current(app)
    unknown = [rev for rev in present if not known(scripts, rev)]
    if unknown:
        raise MigrationError(
            f"The database is at revision(s) {unknown}, whose migration files are not "
            "installed: a plugin that was used here has been removed. Reinstall it (it "
            "may stay switched off with ETWINCMS_PLUGINS), then run `etwincms db upgrade`."
        )
    return {
        revision.revision for revision in scripts.iterate_revisions(present, "base")
    }


def known(scripts: ScriptDirectory, revision: str) -> bool:
    try:
        return scripts.get_revision(revision) is not None
    except (RevisionError, CommandError):
        return False


def pending(app: Flask) -> bool:
    """Whether some branch (the core's or a plugin's) has migrations not yet applied."""
    return not set(heads(app)) <= applied(app)


def drift(app: Flask) -> list[Any]:
    """Differences between the models and the migrated database (empty when in step).

    Only this app's tables count: models of plugins that are installed elsewhere in the
    process, and tables of plugins not loaded here, are left out of the comparison.
    """
    tables = app_tables(app)

    def include(
        obj: Any, name: str | None, type_: str, reflected: bool, other: Any
    ) -> bool:
        table = obj if type_ == "table" else getattr(obj, "table", None)
        return table is None or table.name in tables

    with engine_of(app).connect() as connection:
        opts = {"compare_type": True, "include_object": include}
        context = MigrationContext.configure(connection, opts=opts)
        return compare_metadata(context, Base.metadata)


def engine_of(app: Flask) -> Any:
    return app.extensions["etwincms"].db.engine

"""``etwincms backup`` then ``etwincms restore`` into a fresh instance and database.

A migrated site (SQLite file, or a PostgreSQL schema in the PostgreSQL pass) gets pages
with several revisions, an uploaded file and a forum topic; the backup command archives
it; the restore command puts it into a new instance folder and a new database (a
second SQLite file, or the database ``<name>_restore`` created here). Then every table
holds the same rows, the file store the same files, and search finds the pages in the
rebuilt index. The source lacks one plugin's migration, so the restore must apply it.
A second restore without ``--force`` and a damaged archive are refused.
"""

from __future__ import annotations

import io
import os
import tarfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from click.testing import CliRunner, Result
from flask import Flask
from sqlalchemy import MetaData, create_engine, select, text
from sqlalchemy.engine import URL, make_url

from etwincms import backup, migrate
from etwincms.app import create_app
from etwincms.cli import main
from etwincms.cli_search import extract_all_pending
from etwincms.db import commit, get_session
from etwincms.models import User
from etwincms.search.postgres_backend import TABLES as SEARCH_TABLES
from etwincms.services import pages, revisions
from etwincms.services import plugins as space_plugins
from etwincms.services.materials import attach_material
from etwincms.services.search import SearchQuery, search
from etwincms.testing import Factory
from etwincms_forum import services as forum
from etwincms_forum.models import Forum

SECRET = "backup-test-secret"
DERIVED = {*SEARCH_TABLES, "search_outbox"}


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith("ETWINCMS_") and name != "ETWINCMS_TEST_DATABASE_URL":
            monkeypatch.delenv(name)


@pytest.fixture
def restore_url(empty_database_url: str) -> Iterator[str]:
    """Where to restore: another SQLite file, or database ``<name>_restore``.

    That database is made when missing and kept: ``DROP DATABASE`` forces a checkpoint,
    which takes half a minute on a busy server. The restore creates the source's
    schema in it; that schema is what is dropped afterwards.
    """
    url = make_url(empty_database_url)
    if url.get_backend_name() == "sqlite":
        yield empty_database_url.replace("migrated.db", "restored.db")
        return
    target = url.set(database=f"{url.database}_restore")
    ensure_database(url.set(query={}), target.database or "")
    yield target.render_as_string(hide_password=False)
    schema = backup.search_path_schema(empty_database_url)
    engine = create_engine(target.set(query={}))
    with engine.begin() as connection:
        connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    engine.dispose()


def ensure_database(server: URL, name: str) -> None:
    engine = create_engine(server, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        exists = text("SELECT 1 FROM pg_database WHERE datname = :name")
        if connection.scalar(exists, {"name": name}) is None:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()


def environment(instance: Path, url: str) -> dict[str, str]:
    backend = "whoosh" if url.startswith("sqlite") else "postgres"
    return {
        "ETWINCMS_INSTANCE_PATH": str(instance),
        "ETWINCMS_DATABASE_URL": url,
        "ETWINCMS_PLUGINS": '["forum"]',
        "ETWINCMS_SEARCH_BACKEND": backend,
        "ETWINCMS_PASSWORD_HASH": "fast",
        "ETWINCMS_EXTRACT_MODE": "off",
    }


def run(env: dict[str, str], *args: str) -> Result:
    return CliRunner().invoke(main, list(args), env=env)


def site(env: dict[str, str]) -> Flask:
    """The app the commands build for ``env`` (config from the instance and env)."""
    saved = {name: os.environ.get(name) for name in env}
    os.environ.update(env)
    try:
        return create_app()
    finally:
        for name, value in saved.items():
            os.environ.pop(name) if value is None else os.environ.__setitem__(
                name, value
            )


def seed(app: Flask) -> None:
    """Pages with revisions, an uploaded file, a forum topic with a reply."""
    with app.test_request_context("/"):
        session = get_session()
        make = Factory(session)
        admin = make.user("admin_user", school=make.school("es"), site_admin=True)
        project = make.space(admin, title="Backup space")
        space_plugins.enable_plugin(session, admin, project, "forum")
        commit(session)
        page = pages.create_page(
            session, admin, project, title="Quinces", body="quince one"
        )
        revisions.save_revision(
            session, admin, project, page, body="quince jam", base_number=1
        )
        pages.create_page(session, admin, project, title="Medlars", body="medlar pie")
        attach_material(
            session, admin, project, io.BytesIO(b"notes\n" * 50), filename="n.txt"
        )
        general = session.scalar(select(Forum).where(Forum.project_id == project.id))
        topic = forum.create_topic(
            session, admin, project, general, title="Hello", body="first post"
        )
        forum.reply(session, admin, project, topic, body="a reply")
        commit(session)
        # A live site has read its files' text by now (the restore's rebuild would do it).
        extract_all_pending(session)


def make_older(app: Flask) -> None:
    """Take the glossary's migration back out: the backup is older than the code."""
    config = migrate.alembic_config(app)
    with app.extensions["etwincms"].db.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "glossary@base")


def all_rows(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table except the search index and its outbox (derived, and
    rebuilt by the restore), in a stable order."""
    engine = create_engine(url)
    metadata = MetaData()
    metadata.reflect(engine)
    with engine.connect() as connection:
        rows = {
            name: sorted(map(tuple, connection.execute(select(table))), key=repr)
            for name, table in metadata.tables.items()
            if name not in DERIVED
        }
    engine.dispose()
    return rows


def files_of(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in root.rglob("*")
        if path.is_file()
    }


def found_titles(app: Flask, words: str) -> list[str]:
    with app.test_request_context("/"):
        session = get_session()
        admin = session.scalar(select(User).where(User.username == "admin_user"))
        return sorted(
            hit.title for hit in search(session, admin, SearchQuery(words)).hits
        )


def test_a_backup_restores_into_a_fresh_instance_and_database(
    tmp_path: Path, clean_env: None, empty_database_url: str, restore_url: str
) -> None:
    source_env = environment(tmp_path / "source", empty_database_url)
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "etwincms.toml").write_text(f'secret_key = "{SECRET}"\n')
    source = site(source_env)
    migrate.upgrade(source)
    make_older(source)
    seed(source)
    source.extensions["etwincms"].db.dispose()
    archive = tmp_path / "site.tar.gz"

    made = run(source_env, "backup", str(archive))
    assert made.exit_code == 0, made.output
    assert "1 files" in made.output

    target_env = environment(tmp_path / "target", restore_url)
    restored = run(target_env, "restore", str(archive))
    assert restored.exit_code == 0, restored.output
    assert "migrations applied" in restored.output
    assert "documents indexed" in restored.output

    before, after = all_rows(empty_database_url), all_rows(restore_url)
    renewed = {"alembic_version", "content_stamp"}
    assert {name: after[name] for name in before if name not in renewed} == {
        name: rows for name, rows in before.items() if name not in renewed
    }
    # The site's stamp is new, so no page cached before the restore is served from it.
    site_stamp = dict(before["content_stamp"])[0]
    assert dict(after["content_stamp"])[0] != site_stamp
    assert any(  # the newer code's tables
        version.startswith("glossary_") for (version,) in after["alembic_version"]
    )
    assert after["glossary_concept"] == [] and "glossary_concept" not in before
    assert files_of(tmp_path / "target" / "materials") == files_of(
        tmp_path / "source" / "materials"
    )
    assert (
        tmp_path / "target" / "etwincms.toml"
    ).read_text() == f'secret_key = "{SECRET}"\n'
    target = site(target_env)
    assert found_titles(target, "quince") == ["Quinces"]
    assert found_titles(target, "medlar") == ["Medlars"]
    with pytest.raises(backup.BackupError, match="--force"):  # now it holds data
        backup.restore_into(target, tmp_path / "nothing", {}, force=False)


def test_a_damaged_archive_is_refused_before_anything_is_touched(
    tmp_path: Path,
) -> None:
    good = {"manifest.json": b"", "files/materials/ab": b"original bytes"}
    checksums = {
        "files/materials/ab": backup.sha256_of(
            write(tmp_path / "ab", b"original bytes")
        )
    }
    manifest = {"format": 1, "checksums": checksums}
    archive = tmp_path / "damaged.tar.gz"
    pack(archive, manifest, {**good, "files/materials/ab": b"tampered bytes"})
    with pytest.raises(backup.BackupError, match="checksum"):
        backup.unpack(archive, tmp_path / "work")
    pack(archive, manifest, {**good, "files/materials/extra": b"x"})
    with pytest.raises(backup.BackupError, match="unexpected"):
        backup.unpack(archive, tmp_path / "work")
    escaping = {"format": 1, "checksums": {"../evil": checksums["files/materials/ab"]}}
    pack(archive, escaping, {"../evil": b"original bytes"})
    with pytest.raises(backup.BackupError, match="unsafe"):
        backup.unpack(archive, tmp_path / "work")
    assert not (tmp_path / "evil").exists()


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def pack(archive: Path, manifest: dict[str, Any], members: dict[str, bytes]) -> None:
    import json

    members = {**members, "manifest.json": json.dumps(manifest).encode()}
    with tarfile.open(archive, "w:gz") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))


@pytest.mark.parametrize(
    ("options", "schema"),
    [
        ("-csearch_path%3Dsite_a", "site_a"),
        ("-csearch_path%3Dsite_a,public", "site_a"),
        ("-cstatement_timeout%3D5000%20-csearch_path%3Dsite_b", "site_b"),
        ("-csearch_path%3Dsite_c%20-csynchronous_commit%3Doff", "site_c"),
        ("-cstatement_timeout%3D5000", None),
    ],
)
def test_the_schema_to_dump_is_read_among_other_options(
    options: str, schema: str | None
) -> None:
    url = f"postgresql+psycopg://etwincms@db/etwincms?options={options}"
    assert backup.search_path_schema(url) == schema

"""The acceptance test of the space archive: export the demo space, import it into an
empty installation, and find every row and every file again, identical.

The source is a SQLite file; the target is the suite's database, so the PostgreSQL pass
of the suite runs the round trip SQLite -> PostgreSQL.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from etwincms.archive.export import export_space
from etwincms.archive.importer import ImportResult, import_space
from etwincms.archive.scope import space_tables
from etwincms.db import Base, commit
from etwincms.models import Material, Project, User
from etwincms.services.search import SearchQuery, search

from .compare import canonical, rows_of, stripped, translated
from .sites import app_session, build_demo, installation

#: Site-level tables no space owns: an archive of one space does not carry them.
SITE_TABLES = {"api_token", "search_outbox"}


def imported(target: Flask, archive: Path, **options: Any) -> ImportResult:
    with app_session(target) as session:
        result = import_space(
            session, archive, target.extensions["etwincms"].storage, **options
        )
        commit(session)
        return result


@pytest.fixture
def source(tmp_path: Path) -> Any:
    with installation(
        tmp_path / "source", f"sqlite:///{tmp_path / 'source.db'}"
    ) as app:
        yield app, build_demo(app)


@pytest.mark.parametrize("suffix", [".tar.gz", ".zip"])
def test_demo_space_round_trip_loses_nothing(
    tmp_path: Path, database_url: str | None, source: Any, suffix: str
) -> None:
    app, slug = source
    archive = tmp_path / f"green-roots{suffix}"
    manifest = export_space(app, slug, archive)
    assert manifest["files"] == 1 and manifest["missing_files"] == []
    with installation(tmp_path / "target", database_url) as target:
        result = imported(target, archive)
        assert result.project.slug == slug
        for table in Base.metadata.sorted_tables:
            if table.name not in SITE_TABLES:
                assert_same_rows(app, target, table, result)
        assert_same_files(app, target)
        assert_reindex_queued(target, result.project)


def assert_same_rows(
    source: Flask, target: Flask, table: Any, result: ImportResult
) -> None:
    before, after = rows_of(source, table), rows_of(target, table)
    if table.name == "audit_entry":  # the site's own entries stay; the import adds one
        before = [row for row in before if row["project_id"] is not None]
        after = [row for row in after if row["action"] != "space.import"]
    if table.name == "user_account":  # the site admin of the source is no member
        kept = set(result.mapping["user_account"])
        before = [row for row in before if row["id"] in kept]
        assert len(before) == len(after) == 14
    expected = [translated(table, row, result.mapping) for row in before]
    actual = [stripped(table, row) for row in after]
    assert canonical(actual) == canonical(expected), table.name


def assert_same_files(source: Flask, target: Flask) -> None:
    with app_session(source) as session:
        keys = list(session.scalars(select(Material.storage_key)))
    assert keys
    before, after = (app.extensions["etwincms"].storage for app in (source, target))
    for key in keys:
        with before.open(key) as one, after.open(key) as other:
            assert one.read() == other.read()


def assert_reindex_queued(target: Flask, project: Project) -> None:
    """The import queued the space's reindex: its pages, files and plugin documents are
    found by search in the new installation."""
    with app_session(target) as session:
        maria = session.scalar(select(User).where(User.username == "maria"))
        for words, kind in (
            ("Field notes", "page"), ("irrigation", "glossary"), ("boots", "forum"),
            ("notes.txt", "material"),
        ):  # fmt: skip
            found = search(session, maria, SearchQuery(words, space=project.slug))
            assert any(hit.type.startswith(kind) for hit in found.hits), (
                words,
                found.hits,
            )


def test_every_plugin_table_with_a_path_to_the_space_is_archived(source: Any) -> None:
    names = {scope.table.name for scope in space_tables(Base.metadata)}
    assert {
        "forum_post",
        "forum_post_revision",
        "glossary_term",
        "material_use",
    } <= names
    assert not names & {"user_account", "school", "api_token", "search_outbox"}

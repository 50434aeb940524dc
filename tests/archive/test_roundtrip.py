"""The acceptance test of the space archive: export the demo space, import it into an
empty installation, and find every row and every file again, identical. Once more into an
installation that already has a space of its own: every id of the import is new there,
and every row still matches its source through the renumbering.

The source is a SQLite file; the target is the suite's database, so the PostgreSQL pass
of the suite runs the round trip SQLite -> PostgreSQL.
"""

from __future__ import annotations

import json
from collections import Counter
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
from etwincms.testing import Factory

from .compare import canonical, rows_of, stripped, translated
from .sites import add_plugin_content, app_session, build_demo, installation

#: Site-level tables no space owns: an archive of one space does not carry them (an
#: imported space gets a content stamp of its own, not the exported one's).
SITE_TABLES = {"api_token", "search_outbox", "content_stamp"}


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


@pytest.mark.parametrize(("suffix", "busy"), [(".tar.gz", False), (".zip", True)])
def test_demo_space_round_trip_loses_nothing(
    tmp_path: Path, database_url: str | None, source: Any, suffix: str, busy: bool
) -> None:
    app, slug = source
    archive = tmp_path / f"green-roots{suffix}"
    manifest = export_space(app, slug, archive)
    assert (
        manifest["files"] == 3 and manifest["missing_files"] == []
    )  # with a thumbnail
    with installation(tmp_path / "target", database_url) as target:
        existing = space_of_its_own(target) if busy else {}
        result = imported(target, archive)
        assert result.project.slug == slug
        if busy:
            assert result.project.id != 1 and result.mapping["page"] != {
                old: old for old in result.mapping["page"]
            }
        for table in Base.metadata.sorted_tables:
            if table.name not in SITE_TABLES:
                new_rows = added(rows_of(target, table), existing.get(table.name, []))
                assert_same_rows(app, table, new_rows, result)
        assert_same_files(app, target)
        assert_reindex_queued(target, result.project)


def space_of_its_own(target: Flask) -> dict[str, list[dict[str, Any]]]:
    """Fill the target with a space, people and plugin content; its rows, by table."""
    with app_session(target) as session:
        make = Factory(session)
        teacher = make.user("joana", school=make.school("pt"))
        project = make.space(teacher, title="Olive groves", slug="olives")
        make.member(
            project, make.user("rui", kind="pupil", school=make.school("pt")), "pupil"
        )
        add_plugin_content(session, teacher, project, consent=False)
        commit(session)
    return {table.name: rows_of(target, table) for table in Base.metadata.sorted_tables}


def added(
    after: list[dict[str, Any]], before: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The rows an import added (it never changes a row that was there)."""
    new = Counter(canonical(after)) - Counter(canonical(before))
    return [json.loads(row) for row in new.elements()]


def assert_same_rows(
    source: Flask, table: Any, after: list[dict[str, Any]], result: ImportResult
) -> None:
    before = rows_of(source, table)
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
    """Every stored file of the source (uploads and thumbnails) is in the target."""
    with app_session(source) as session:
        rows = session.execute(select(Material.storage_key, Material.thumbnail_key))
        keys = {key for row in rows for key in row if key}
    assert len(keys) == 3
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

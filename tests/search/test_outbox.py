"""Index work travels with content changes: saved pages are found at once, trashed
ones disappear, and when the index cannot be written nothing is lost."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from click.testing import CliRunner
from flask import Flask
from sqlalchemy.orm import Session

from etwincms.cli import main
from etwincms.db import commit
from etwincms.models import Page
from etwincms.search import engine, outbox
from etwincms.search.engine import get_backend
from etwincms.search.whoosh_backend import WhooshBackend
from etwincms.services import pages, revisions
from etwincms.services.search import SearchQuery, search
from etwincms.testing import SpaceWithMembers


def titles(session: Session, user: Any, text: str) -> list[str]:
    return [hit.title for hit in search(session, user, SearchQuery(text)).hits]


def make(session: Session, space: SpaceWithMembers, title: str, **kw: Any) -> Page:
    page = pages.create_page(
        session, space.users["admin"], space.project, title=title, **kw
    )
    commit(session)
    return page


def test_a_saved_page_is_found_at_once_and_its_new_text_too(
    session: Session, space: SpaceWithMembers
) -> None:
    pupil = space.users["pupil"]
    page = make(session, space, "Compost", body="Worms eat peel.")
    assert titles(session, pupil, "worms") == ["Compost"]
    revisions.save_revision(
        session,
        space.users["admin"],
        space.project,
        page,
        body="Beetles too.",
        base_number=1,
    )
    commit(session)
    assert titles(session, pupil, "worms") == []
    assert titles(session, pupil, "beetles") == ["Compost"]
    assert outbox.pending(session) == 0


def test_trashing_removes_the_subtree_and_restoring_brings_it_back(
    session: Session, space: SpaceWithMembers
) -> None:
    admin, teacher = space.users["admin"], space.users["teacher"]
    parent = make(session, space, "Mobility")
    make(session, space, "Day one", parent=parent, body="Olive mill visit")
    pages.trash_page(session, admin, space.project, parent)
    commit(session)
    assert titles(session, teacher, "olive") == []
    pages.restore_page(session, admin, space.project, parent)
    commit(session)
    assert titles(session, teacher, "olive") == ["Day one"]


def test_when_the_index_is_locked_the_work_waits_in_the_outbox(
    app: Flask,
    session: Session,
    space: SpaceWithMembers,
    monkeypatch: Any,
    tmp_path: Path,
) -> None:
    import etwincms.search.whoosh_backend as whoosh_backend

    monkeypatch.setattr(whoosh_backend, "WRITE_TIMEOUT", 0.2)
    # A Whoosh index whatever the pass's backend: its write lock is what this is about.
    backend = whoosh_backend.WhooshBackend(tmp_path / "locked")
    app.extensions[engine.KEY] = backend
    blocker = backend.ix.writer()  # another process holding the index's write lock
    try:
        make(session, space, "Greenhouse", body="tomatoes")
        assert outbox.pending(session) >= 1
    finally:
        blocker.cancel()
    assert titles(session, space.users["pupil"], "tomatoes") == []
    make(session, space, "Seeds", body="tomatoes again")  # the next commit drains all
    assert sorted(titles(session, space.users["pupil"], "tomatoes")) == [
        "Greenhouse",
        "Seeds",
    ]
    assert outbox.pending(session) == 0


def test_the_cli_rebuilds_the_index_and_reports(
    app: Flask, session: Session, space: SpaceWithMembers, monkeypatch: Any
) -> None:
    make(session, space, "Pollinators", body="bees and hoverflies")
    get_backend().clear()
    assert titles(session, space.users["pupil"], "bees") == []
    monkeypatch.setenv("ETWINCMS_INSTANCE_PATH", app.instance_path)
    monkeypatch.setenv("ETWINCMS_DATABASE_URL", app.config["DATABASE_URL"])
    monkeypatch.setenv("ETWINCMS_SECRET_KEY", "cli")
    monkeypatch.setenv("ETWINCMS_SEARCH_BACKEND", app.config["SEARCH_BACKEND"])
    runner = CliRunner()
    rebuilt = runner.invoke(main, ["search", "rebuild"])
    assert rebuilt.exit_code == 0, rebuilt.output
    assert "documents indexed" in rebuilt.output
    status = runner.invoke(main, ["search", "status"])
    assert "pending outbox rows: 0" in status.output
    backend = get_backend()
    if isinstance(backend, WhooshBackend):  # another process wrote the folder
        backend.ix = backend.ix.refresh()
    assert titles(session, space.users["pupil"], "bees") == ["Pollinators"]

"""``SEARCH_DRAIN = "background"``: a request's save answers before the index is written,
the web process's thread then applies it; nothing is lost when the index is locked, and
rows left from before a restart are applied once the site serves again."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy.orm import Session

from etwincms.app import create_app
from etwincms.db import commit
from etwincms.models import Page
from etwincms.search import drainer, engine, outbox
from etwincms.search.drainer import drainer_for
from etwincms.services import pages
from etwincms.services.search import SearchQuery, search
from etwincms.testing import RoleClient, SpaceWithMembers, make_config

WAIT = 30.0  # seconds; the thread normally needs well under one


@pytest.fixture
def app_config(app_config: dict[str, Any]) -> dict[str, Any]:
    return {**app_config, "SEARCH_DRAIN": "background"}


@pytest.fixture(autouse=True)
def stop_the_thread(app: Flask) -> Any:
    yield
    drainer_for(app).stop(WAIT)


def titles(session: Session, user: Any, text: str) -> list[str]:
    return [hit.title for hit in search(session, user, SearchQuery(text)).hits]


def make(session: Session, space: SpaceWithMembers, title: str, body: str) -> Page:
    page = pages.create_page(
        session, space.users["admin"], space.project, title=title, body=body
    )
    commit(session)
    return page


def test_a_save_in_a_request_leaves_the_index_to_the_thread(
    app: Flask, client: Any, auth: Any, session: Session, space: SpaceWithMembers
) -> None:
    browser = RoleClient(client, auth, space.users)
    browser.login("admin")
    # A re-entrant lock: were the request to drain by itself, it could (and the outbox
    # would be empty); the thread has to wait until the test lets it go.
    lock = app.extensions[engine.DRAIN_LOCK] = threading.RLock()
    with lock:
        saved = browser.post(
            f"/s/{space.project.slug}/-/new",
            {"title": "Compost", "body": "Worms eat peel."},
        )
        assert saved.status_code == 302
        assert outbox.pending(session) >= 1
        assert titles(session, space.users["pupil"], "worms") == []
    assert drainer_for(app).wait_idle(WAIT)
    assert outbox.pending(session) == 0
    assert titles(session, space.users["pupil"], "worms") == ["Compost"]


def test_work_outside_a_served_request_drains_at_once(
    app: Flask, session: Session, space: SpaceWithMembers
) -> None:
    # The session fixture works in a made-up request context, as the command line does.
    make(session, space, "Rota", "Compost rota")
    assert outbox.pending(session) == 0
    assert titles(session, space.users["pupil"], "rota") == ["Rota"]
    assert drainer_for(app).thread is None  # no thread was needed


def test_rows_left_before_a_restart_are_applied_by_the_first_request(
    app: Flask, session: Session, space: SpaceWithMembers
) -> None:
    app.config["SEARCH_DRAIN"] = "worker"  # as if the process had died before draining
    make(session, space, "Greenhouse", "tomatoes")
    app.config["SEARCH_DRAIN"] = "background"
    assert outbox.pending(session) >= 1
    assert drainer_for(app).thread is None
    app.test_client().get("/")
    assert drainer_for(app).wait_idle(WAIT)
    assert outbox.pending(session) == 0
    assert titles(session, space.users["pupil"], "tomatoes") == ["Greenhouse"]


def test_when_the_index_is_locked_the_thread_keeps_the_work_and_tries_again(
    app: Flask,
    client: Any,
    auth: Any,
    session: Session,
    space: SpaceWithMembers,
    monkeypatch: Any,
    tmp_path: Path,
    caplog: Any,
) -> None:
    import etwincms.search.whoosh_backend as whoosh_backend

    monkeypatch.setattr(whoosh_backend, "WRITE_TIMEOUT", 0.2)
    monkeypatch.setattr(drainer, "RETRY_SECONDS", 0.3)
    # A Whoosh index whatever the pass's backend: its write lock is what this is about.
    backend = whoosh_backend.WhooshBackend(tmp_path / "locked")
    app.extensions[engine.KEY] = backend
    browser = RoleClient(client, auth, space.users)
    browser.login("admin")
    blocker = backend.ix.writer()  # another process holding the index's write lock
    try:
        saved = browser.post(
            f"/s/{space.project.slug}/-/new",
            {"title": "Seeds", "body": "heirloom tomatoes"},
        )
        assert saved.status_code == 302
        deadline = time.monotonic() + WAIT
        while "search index not updated" not in caplog.text:  # a drain has failed
            assert time.monotonic() < deadline
            time.sleep(0.05)
        assert outbox.pending(session) >= 1
    finally:
        blocker.cancel()
    assert drainer_for(app).wait_idle(WAIT)
    assert outbox.pending(session) == 0
    assert titles(session, space.users["pupil"], "heirloom") == ["Seeds"]


def test_an_unknown_drain_mode_is_refused_at_start(
    tmp_path: Path, database_url: str | None
) -> None:
    with pytest.raises(ValueError, match="SEARCH_DRAIN 'later'"):
        create_app(make_config(tmp_path, database_url, SEARCH_DRAIN="later"))

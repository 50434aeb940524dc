"""A process killed between the content commit and the index write loses nothing.

A separate Python process opens the same database and index, saves content and is
killed with SIGKILL at the worst moment: after its transaction committed, before (or just
after) the index was written, while the outbox rows still exist. A "restarted" process
(a fresh backend, as after a restart) drains the outbox, and the index then matches the
database exactly: every live page found by its current words, none by its old ones, no
document twice, nothing left pending.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from etwincms.db import commit
from etwincms.models import Page
from etwincms.search import engine, outbox
from etwincms.services import pages
from etwincms.services.search import SearchQuery, search
from etwincms.testing import SpaceWithMembers

CHILD = textwrap.dedent(
    """
    import json, sys, time
    from etwincms.app import create_app
    from etwincms.db import commit, get_session
    from etwincms.models import Page, Project, User
    from etwincms.search import engine
    from etwincms.services import pages, revisions

    config, mode, user_id, project_id, page_id = json.loads(sys.argv[1])
    app = create_app(config)
    with app.test_request_context("/"):
        backend = engine.get_backend()
        real_index = backend.index

        def index_then_hang(documents):
            if mode == "after-index":
                real_index(list(documents))  # the index has it; the outbox row stays
            print("committed", flush=True)
            time.sleep(120)  # killed here

        backend.index = index_then_hang
        session = get_session()
        user, project = session.get(User, user_id), session.get(Project, project_id)
        pages.create_page(session, user, project, title="Quince", body="quince jelly")
        page = session.get(Page, page_id)
        revisions.save_revision(
            session, user, project, page, body="now about medlars", base_number=1
        )
        commit(session)
    """
)


def kill_after_commit(
    app: Flask, space: SpaceWithMembers, page: Page, mode: str
) -> None:
    """Run the child until it has committed and is inside the index write; SIGKILL it."""
    keys = ("DATABASE_URL", "INSTANCE_PATH", "SECRET_KEY", "SEARCH_BACKEND", "TESTING")
    config = {key: app.config[key] for key in keys} | {"PLUGINS": []}
    arguments = [config, mode, space.users["admin"].id, space.project.id, page.id]
    child = subprocess.Popen(  # noqa: S603  (this interpreter, our own code)
        [sys.executable, "-c", CHILD, json.dumps(arguments)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        line = child.stdout.readline() if child.stdout else ""
        assert line.strip() == "committed", child.stderr.read() if child.stderr else ""
        os.kill(child.pid, signal.SIGKILL)
        assert child.wait(timeout=30) == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()
        child.communicate()


def titles(session: Session, user: Any, text: str) -> list[str]:
    return sorted(hit.title for hit in search(session, user, SearchQuery(text)).hits)


@pytest.mark.parametrize("mode", ["before-index", "after-index"])
def test_the_drainer_repairs_the_index_after_a_sigkill(
    app: Flask, session: Session, space: SpaceWithMembers, mode: str
) -> None:
    page = pages.create_page(
        session, space.users["admin"], space.project, title="Medlar", body="old apples"
    )
    commit(session)
    pupil = space.users["pupil"]
    assert titles(session, pupil, "apples") == ["Medlar"]

    kill_after_commit(app, space, page, mode)
    session.expire_all()
    assert outbox.pending(session) >= 2  # the new page and the edited one

    app.extensions.pop(engine.KEY, None)  # a restarted process: a fresh backend
    assert outbox.drain(session, engine.get_backend()) >= 2
    assert outbox.pending(session) == 0
    assert titles(session, pupil, "apples") == []  # nothing stale
    assert titles(session, pupil, "medlars") == ["Medlar"]
    assert titles(session, pupil, "quince") == ["Quince"]  # nothing missing
    live = session.scalars(select(Page.id).where(Page.deleted_at.is_(None))).all()
    assert engine.get_backend().count() == len(live)  # nothing twice

"""Several server processes write to one database at once: nothing lost, nothing locked.

Two server processes (forked from one :class:`~tests.security.server.Zygote`, each
threaded) share the test's database, a SQLite file or PostgreSQL. :data:`CLIENTS`
clients, two per process, start together at a barrier and each: creates a page
with the same title as everyone else, replies in one shared forum topic, uploads a
file, and appends its own words to one shared page by read-modify-write with If-Match,
retrying on 412 as an editor would. Then: no answer was a 5xx or mentioned a locked
database, the pages got distinct slugs, every reply and upload is there, and the shared
page's text holds every acknowledged append (no lost update).
"""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import pytest
import requests
from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

import etwincms_forum
from etwincms.db import commit
from etwincms.models import Material, Page, School
from etwincms.services import pages, tokens
from etwincms.services import plugins as space_plugins
from etwincms.testing import SpaceWithMembers
from etwincms_forum import services as forum
from etwincms_forum.models import Forum, Post

from .server import Api, Server, Zygote

PROCESSES = 2
CLIENTS = 4
APPENDS = 2  # read-modify-write saves of the shared page per client
ROLES = ("admin", "teacher")  # members who may edit, post and upload


@pytest.fixture
def plugins() -> list[Any]:
    return [etwincms_forum]


@dataclass
class Outcome:
    """What the clients saw, gathered across threads."""

    statuses: Counter[int] = field(default_factory=Counter)
    problems: list[str] = field(
        default_factory=list
    )  # 5xx answers, "locked", exceptions
    appended: list[str] = field(default_factory=list)  # words of acknowledged saves
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, answer: requests.Response) -> requests.Response:
        with self.lock:
            self.statuses[answer.status_code] += 1
            if answer.status_code >= 500 or "locked" in answer.text:
                self.problems.append(
                    f"{answer.request.method} {answer.url}: {answer.text}"
                )
        return answer


@dataclass
class Shared:
    """The objects every client works on."""

    slug: str
    page_id: int
    topic_id: int


def seed(session: Session, space: SpaceWithMembers) -> tuple[Shared, dict[str, str]]:
    admin, project = space.users["admin"], space.project
    space_plugins.enable_plugin(session, admin, project, "forum")
    commit(session)
    general = session.scalar(select(Forum).where(Forum.project_id == project.id))
    topic = forum.create_topic(
        session, admin, project, general, title="Ours", body="hi"
    )
    page = pages.create_page(session, admin, project, title="Shared", body="words:")
    secrets = {
        role: tokens.create_token(
            session, space.users[role], name=role, scopes=["read", "write"]
        )[1]
        for role in ROLES
    }
    commit(session)
    return Shared(project.slug, page.id, topic.id), secrets


def client_script(api: Api, shared: Shared, outcome: Outcome, me: str) -> None:
    project = f"/projects/{shared.slug}"
    outcome.record(api("POST", f"{project}/pages", json={"title": "Same title"}))
    body = {"body": f"reply from {me}"}
    outcome.record(
        api("POST", f"{project}/forum/topics/{shared.topic_id}/posts", json=body)
    )
    upload = {"file": (f"{me}.txt", f"notes of {me}\n".encode() * 10, "text/plain")}
    outcome.record(api("POST", f"{project}/materials", files=upload))
    for n in range(APPENDS):
        append(api, f"{project}/pages/{shared.page_id}", f"{me}n{n}", outcome)


def append(api: Api, path: str, word: str, outcome: Outcome) -> None:
    """Add ``word`` to the page's text; on 412 read it again and redo the edit."""
    for _attempt in range(50):
        current = outcome.record(api("GET", path))
        body = f"{current.json()['body']} {word}"
        saved = outcome.record(
            api(
                "PUT",
                path,
                json={"body": body},
                headers={"If-Match": current.headers["ETag"]},
            )
        )
        if saved.status_code == 200:
            with outcome.lock:
                outcome.appended.append(word)
            return
        assert saved.status_code == 412, saved.text
    raise AssertionError(f"{word} never got saved")


def run_clients(
    servers: list[Server], shared: Shared, secrets: dict[str, str]
) -> Outcome:
    outcome, barrier = Outcome(), threading.Barrier(CLIENTS)

    def client(n: int) -> None:
        api = Api(servers[n % len(servers)], secrets[ROLES[n % len(ROLES)]])
        barrier.wait()
        try:
            client_script(api, shared, outcome, f"c{n}")
        except Exception as exc:  # reported to the test, which runs in its own thread
            with outcome.lock:
                outcome.problems.append(f"c{n}: {type(exc).__name__}: {exc}")

    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    return outcome


def test_processes_writing_at_once_lose_nothing(
    app: Flask, session: Session, space: SpaceWithMembers
) -> None:
    shared, secrets = seed(session, space)
    zygote = Zygote(app, plugins=["forum"])
    servers = [Server(zygote) for _ in range(PROCESSES)]
    try:
        for server in servers:
            server.start()
        outcome = run_clients(servers, shared, secrets)
    finally:
        for server in servers:
            server.kill()
        zygote.close()
    print(f"\nanswers by status: {dict(outcome.statuses)}")
    assert outcome.problems == []
    session.expire_all()
    check_database(session, space, shared, outcome)


def check_database(
    session: Session, space: SpaceWithMembers, shared: Shared, outcome: Outcome
) -> None:
    same = session.scalars(select(Page.slug).where(Page.title == "Same title")).all()
    assert len(same) == CLIENTS and len(set(same)) == CLIENTS, same
    posts = session.scalar(select(func.count()).where(Post.topic_id == shared.topic_id))
    assert posts == CLIENTS + 1
    uploads = session.scalar(select(func.count()).select_from(Material))
    assert uploads == CLIENTS
    page = session.get_one(Page, shared.page_id)
    body = pages_body(session, page)
    assert sorted(body.split()[1:]) == sorted(outcome.appended)  # every save, once
    assert page.current_number == 1 + CLIENTS * APPENDS


def pages_body(session: Session, page: Page) -> str:
    from etwincms.services import revisions

    return revisions.get_revision(session, page, page.current_number).body


def test_a_savepoint_never_commits_the_unit_of_work(
    app: Flask, session: Session
) -> None:
    """``begin_nested()`` first in a transaction, then a rollback: nothing was kept.

    On SQLite the savepoint used to open the transaction itself, so its release
    committed everything before it; the slug retry of ``services.pages`` needs it to nest.
    """
    session.commit()
    with session.begin_nested():
        session.add(School(name="Kept?", country="ES", city="City"))
    session.rollback()
    assert session.scalar(select(func.count()).select_from(School)) == 0

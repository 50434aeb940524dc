"""SIGKILL the real server during a stream of saves and uploads: nothing acknowledged is lost.

The application runs in a subprocess (werkzeug, threaded) on the test's database (a
SQLite file, or PostgreSQL in that pass). Two writer threads create pages, save new
revisions and upload files through the JSON API while the server is SIGKILLed at a
random moment, then started again, :data:`ITERATIONS` times. Every write answered 2xx
is recorded; afterwards each one must be in the database (and each upload's bytes in
the file store), the database must pass its integrity checks, and once the search
outbox has drained the index must hold every live page exactly once.
"""

from __future__ import annotations

import hashlib
import random
import string
import threading
import time
from dataclasses import dataclass, field

import requests
from flask import Flask
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from etwincms.db import commit
from etwincms.models import Material, Page, Revision
from etwincms.search import engine, outbox
from etwincms.services import tokens
from etwincms.services.search import SearchQuery, search
from etwincms.state import get_state
from etwincms.testing import SpaceWithMembers

from .server import Api, Server, Zygote

ITERATIONS = 5
WRITERS = 2
SEED = 9
#: What a client sees when the server dies before or while answering.
CUT_OFF = (requests.ConnectionError, requests.exceptions.ChunkedEncodingError)


@dataclass
class Journal:
    """The writes the server acknowledged (answered 2xx), shared by the writer threads."""

    pages: dict[int, str] = field(default_factory=dict)  # id -> marker word
    revisions: dict[tuple[int, int], str] = field(
        default_factory=dict
    )  # (id, n) -> body
    uploads: dict[int, str] = field(default_factory=dict)  # material id -> sha256
    interrupted: int = 0  # requests cut off by a kill: their outcome is unknown
    failures: list[str] = field(default_factory=list)  # raised in a writer thread
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def writes(self) -> int:
        return len(self.revisions) + len(self.uploads)


@dataclass
class Writer:
    """One client: its own pages (so its edits never conflict with the other writer's)."""

    api: Api
    slug: str
    journal: Journal
    rng: random.Random
    etags: dict[int, str] = field(default_factory=dict)

    def run(self, stop: threading.Event) -> None:
        try:
            while not stop.is_set():
                self.step()
        except CUT_OFF:  # killed: the outcome is unknown, not acknowledged
            with self.journal.lock:
                self.journal.interrupted += 1
        except Exception as exc:  # reported to the test, which runs in its own thread
            with self.journal.lock:
                self.journal.failures.append(f"{type(exc).__name__}: {exc}")

    def step(self) -> None:
        roll = self.rng.random()
        if roll < 0.25 or not self.etags:
            self.create_page()
        elif roll < 0.8:
            self.edit_page(self.rng.choice(sorted(self.etags)))
        else:
            self.upload()

    def create_page(self) -> None:
        marker = "".join(self.rng.choices(string.ascii_lowercase, k=12))
        body = f"{marker} first"
        answer = self.api(
            "POST", f"/projects/{self.slug}/pages", json={"title": marker, "body": body}
        )
        assert answer.status_code == 201, answer.text
        self.acknowledge(answer, body)
        with self.journal.lock:
            self.journal.pages[answer.json()["id"]] = marker

    def edit_page(self, page_id: int) -> None:
        marker = self.journal.pages[page_id]
        body = f"{marker} edit {self.rng.randrange(10**9)}"
        path = f"/projects/{self.slug}/pages/{page_id}"
        answer = self.api(
            "PUT", path, json={"body": body}, headers={"If-Match": self.etags[page_id]}
        )
        if answer.status_code == 412:  # a save whose answer was lost to a kill landed
            self.etags[page_id] = self.api("GET", path).headers["ETag"]
            return
        assert answer.status_code == 200, answer.text
        self.acknowledge(answer, body)

    def acknowledge(self, answer: requests.Response, body: str) -> None:
        page = answer.json()
        self.etags[page["id"]] = answer.headers["ETag"]
        with self.journal.lock:
            self.journal.revisions[(page["id"], page["revision"])] = body

    def upload(self) -> None:
        data = f"notes {self.rng.randrange(10**12)}\n".encode() * 20
        files = {"file": ("notes.txt", data, "text/plain")}
        answer = self.api("POST", f"/projects/{self.slug}/materials", files=files)
        assert answer.status_code == 201, answer.text
        with self.journal.lock:
            self.journal.uploads[answer.json()["id"]] = hashlib.sha256(data).hexdigest()


def crash_repeatedly(server: Server, secret: str, slug: str, journal: Journal) -> None:
    """Start, write from several threads, SIGKILL at a random moment; again and again.

    The kill comes a random few acknowledged writes into the stream, plus a random
    fraction of a request's time, so it lands inside requests, not between bursts.
    """
    rng = random.Random(SEED)
    for _iteration in range(ITERATIONS):
        server.start()
        stop = threading.Event()
        writers = [
            Writer(Api(server, secret), slug, journal, random.Random(rng.random()))
            for _ in range(WRITERS)
        ]
        threads = [
            threading.Thread(target=writer.run, args=(stop,)) for writer in writers
        ]
        for thread in threads:
            thread.start()
        wait_for_writes(journal, journal.writes + rng.randint(2, 6))
        time.sleep(rng.uniform(0, 0.05))
        server.kill()
        stop.set()
        for thread in threads:
            thread.join(timeout=30)
        assert not any(thread.is_alive() for thread in threads)
        assert journal.failures == []


def wait_for_writes(journal: Journal, count: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while journal.writes < count:
        assert time.monotonic() < deadline, "the writers stopped acknowledging writes"
        time.sleep(0.005)


def test_acknowledged_writes_survive_sigkills(
    app: Flask, session: Session, space: SpaceWithMembers
) -> None:
    _token, secret = tokens.create_token(
        session, space.users["admin"], name="crash", scopes=["read", "write"]
    )
    commit(session)
    zygote, journal = Zygote(app, plugins=[]), Journal()
    server = Server(zygote)
    try:
        crash_repeatedly(server, secret, space.project.slug, journal)
        server.start()  # the site comes back after the last kill and answers
        assert Api(server, secret)("GET", f"/projects/{space.project.slug}/tree").ok
    finally:
        server.kill()
        zygote.close()
    print(
        f"\ncrash iterations: {ITERATIONS}, writes acknowledged: {journal.writes},"
        f" requests cut off by a kill: {journal.interrupted}"
    )
    session.expire_all()
    check_acknowledged(session, journal)
    check_integrity(session)
    check_index(app, session, space, journal)


def check_acknowledged(session: Session, journal: Journal) -> None:
    for (page_id, number), body in journal.revisions.items():
        found = session.scalar(
            select(Revision.body).where(
                Revision.page_id == page_id, Revision.number == number
            )
        )
        assert found == body, (page_id, number)
    storage = get_state().storage
    for material_id, digest in journal.uploads.items():
        material = session.get_one(Material, material_id)
        assert material.sha256 == digest
        with storage.open(material.storage_key) as stored:
            assert hashlib.sha256(stored.read()).hexdigest() == digest


def check_integrity(session: Session) -> None:
    """The engine's own check (SQLite), then the invariants the code relies on (both)."""
    if session.get_bind().dialect.name == "sqlite":
        assert session.scalar(text("PRAGMA integrity_check")) == "ok"
        assert session.execute(text("PRAGMA foreign_key_check")).all() == []
    newest = (
        select(Revision.page_id, func.max(Revision.number).label("n"))
        .group_by(Revision.page_id)
        .subquery()
    )
    mismatched = session.scalars(
        select(Page.id)
        .outerjoin(newest, newest.c.page_id == Page.id)
        .where(func.coalesce(newest.c.n, 0) != Page.current_number)
    ).all()
    assert mismatched == []  # every page's current revision exists, none beyond it


def check_index(
    app: Flask, session: Session, space: SpaceWithMembers, journal: Journal
) -> None:
    app.extensions.pop(engine.KEY, None)  # a fresh backend, as a restarted process has
    outbox.drain(session, engine.get_backend())
    assert outbox.pending(session) == 0
    admin = space.users["admin"]
    live = session.execute(
        select(Page.id, Page.title).where(Page.deleted_at.is_(None))
    ).all()
    for page_id, title in live:
        hits = search(session, admin, SearchQuery(title)).hits
        assert [hit.title for hit in hits] == [title], page_id  # found once, not twice
    materials = session.scalar(
        select(func.count()).where(Material.deleted_at.is_(None))
    )
    assert engine.get_backend().count() == len(live) + (materials or 0)
    assert set(journal.pages) <= {page_id for page_id, _ in live}

"""``etwincms search ...``: rebuild the index, see its state, or drain the outbox.

``rebuild`` reads the text of materials still waiting for it, empties the index and
indexes every space again from the database (with progress bars); ``status`` shows the
pending outbox rows, the documents indexed and the materials whose text is pending or
could not be read; ``worker`` drains the outbox in a loop, for deployments where
``SEARCH_DRAIN`` is ``worker`` (several web processes; one worker writes the index), and
then also extracts the text of new materials (``EXTRACT_MODE`` ``worker``), a few per
round, oldest first, so web processes never run extractions.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Iterator
from itertools import islice

import click
from flask import Flask, current_app
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from .hooktypes import SearchDocument
from .models import Project, SearchOutbox

#: Documents written to the index in one commit during a rebuild (but Whoosh's: one).
REBUILD_BATCH = 1000
#: Materials the worker extracts per round, between two drains of the outbox.
WORKER_EXTRACT_BATCH = 4
#: How much the worker lowers its own CPU priority by default (``--nice``).
WORKER_NICENESS = 10


@click.group("search")
def search_group() -> None:
    """The full-text search index."""


@search_group.command("rebuild")
def rebuild() -> None:
    """Index everything again from the database."""
    from .cli import app_session
    from .search import documents
    from .search.engine import get_backend

    with app_session() as session:
        extract_all_pending(session)
        backend = get_backend()
        backend.clear()
        session.execute(delete(SearchOutbox))
        projects = list(session.scalars(select(Project).order_by(Project.id)))
        with click.progressbar(projects, label="Indexing spaces") as bar:
            every = (
                doc
                for project in bar
                for doc in documents.space_documents(session, project)
            )
            if hasattr(backend, "index_all"):  # an index filled best in one go (Whoosh)
                backend.index_all(every)
            else:
                for batch in batched(every, REBUILD_BATCH):
                    backend.index(batch)
        if hasattr(backend, "analyze"):  # a database-backed index: fresh statistics
            backend.analyze()
        click.echo(f"{backend.count()} documents indexed.")


def batched(
    items: Iterable[SearchDocument], size: int
) -> Iterator[list[SearchDocument]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def extract_all_pending(session: Session) -> None:
    """Read the text of every material still waiting for it, one commit each."""
    from .extraction import jobs
    from .extraction.runner import Limits
    from .state import get_state

    pending = jobs.pending_ids(session)
    if not pending:
        return
    storage, limits = get_state().storage, Limits.from_config(current_app.config)
    with click.progressbar(pending, label="Extracting text") as bar:
        for material_id in bar:
            jobs.extract_safely(session, material_id, storage, limits)
            session.commit()
    click.echo(f"text extracted from {len(pending)} materials (or marked unreadable).")


@search_group.command("status")
def status() -> None:
    """Pending index work, documents in the index, materials waiting for extraction."""
    from .cli import app_session
    from .extraction import jobs
    from .search import outbox
    from .search.engine import get_backend

    with app_session() as session:
        counts = jobs.counts(session)
        click.echo(f"pending outbox rows: {outbox.pending(session)}")
        click.echo(f"documents indexed: {get_backend().count()}")
        click.echo(f"materials waiting for text extraction: {counts.get('pending', 0)}")
        click.echo(
            f"materials whose text was not extracted: {counts.get('not_extracted', 0)}"
        )


@search_group.command("worker")
@click.option("--once", is_flag=True, help="Drain what is pending, then stop.")
@click.option(
    "--interval", default=1.0, show_default=True, help="Seconds between polls."
)
@click.option(
    "--nice",
    default=WORKER_NICENESS,
    show_default=True,
    type=click.IntRange(0, 19),
    help="Lower the worker's CPU priority by this much, so requests come first.",
)
def worker(once: bool, interval: float, nice: int) -> None:
    """Apply the outbox to the index (run one worker per site); extract new materials."""
    from .app import create_app

    click.echo(f"search worker: running at nice {lower_priority(nice)}")
    app = create_app()
    while True:
        done, extracted = work_once(app)
        if done:
            click.echo(f"applied {done} changes")
        if extracted:
            click.echo(f"extracted the text of {extracted} materials")
        if once:
            return
        if not extracted:  # more may be waiting: no pause while there are
            time.sleep(interval)


def lower_priority(increment: int) -> int:
    """Give way to the web workers; the niceness the process runs at afterwards.

    Indexing is background work: at full load on two cores it took half a core from the
    requests, and a save waited for it (docs/performance.md). A niced worker still gets
    every idle moment, so the index keeps up whenever the site is not saturated.
    """
    return os.nice(increment)


def work_once(app: Flask) -> tuple[int, int]:
    """One round: extract a few materials (worker mode), then drain the outbox."""
    from .cli import app_session
    from .extraction import executor, jobs
    from .search.engine import drain
    from .state import get_state

    extracted: list[int] = []
    with app_session(app) as session:
        if executor.mode(app.config) == "worker":
            extracted = jobs.extract_pending(
                session,
                get_state().storage,
                app.config,
                commit=Session.commit,
                limit=WORKER_EXTRACT_BATCH,
            )
        done = drain(session)
    return done, len(extracted)

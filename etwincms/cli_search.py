"""``etwincms search ...``: rebuild the index, see its state, or drain the outbox.

``rebuild`` empties the index and indexes every space again from the database (with a
progress bar); ``status`` shows the pending outbox rows and the documents indexed;
``worker`` drains the outbox in a loop, for deployments where ``SEARCH_DRAIN`` is
``worker`` (several web processes; one worker writes the index).
"""

from __future__ import annotations

import time

import click
from sqlalchemy import delete, select

from .models import Project, SearchOutbox


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
        backend = get_backend()
        backend.clear()
        session.execute(delete(SearchOutbox))
        projects = list(session.scalars(select(Project).order_by(Project.id)))
        with click.progressbar(projects, label="Indexing spaces") as bar:
            for project in bar:
                backend.index(documents.space_documents(session, project))
        click.echo(f"{backend.count()} documents indexed.")


@search_group.command("status")
def status() -> None:
    """Pending index work and documents in the index."""
    from .cli import app_session
    from .search import outbox
    from .search.engine import get_backend

    with app_session() as session:
        click.echo(f"pending outbox rows: {outbox.pending(session)}")
        click.echo(f"documents indexed: {get_backend().count()}")


@search_group.command("worker")
@click.option("--once", is_flag=True, help="Drain what is pending, then stop.")
@click.option(
    "--interval", default=1.0, show_default=True, help="Seconds between polls."
)
def worker(once: bool, interval: float) -> None:
    """Apply the outbox to the index (run one worker per site)."""
    from .cli import app_session
    from .search import outbox
    from .search.engine import get_backend

    while True:
        with app_session() as session:
            done = outbox.drain(session, get_backend())
        if done:
            click.echo(f"applied {done} changes")
        if once:
            return
        time.sleep(interval)

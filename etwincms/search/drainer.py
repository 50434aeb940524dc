"""The search outbox drained by a thread of the web process (``SEARCH_DRAIN = "background"``).

A request that saved something commits its outbox rows and answers at once; the
application's one drain thread, woken by the commit, waits a moment for more saves,
then applies every pending row in one drain. A teacher's save no longer waits for the
index to commit (at 100,000 documents that was most of a save on SQLite), and a burst
of saves becomes one index commit. The rows stay in the outbox until the index has
them: after a crash or a restart, the first request wakes the thread, which drains what
was left. Commits outside a request (the command line, scripts) still drain at once, so
a command leaves the index up to date when it exits. Several processes may each have
their thread (drains take the backend's lock among processes, ``exclusive()``), but
they then queue on one index: with several, ``"worker"`` and one
``etwincms search worker`` do the same work once.
"""

from __future__ import annotations

import logging

from flask import Flask

from ..background import WokenThread, one_per_app

log = logging.getLogger(__name__)
KEY = "etwincms_search_drainer"
#: How long the thread waits after a wake-up before draining: saves arriving meanwhile
#: share the drain (and the index commit), and the request that woke it can finish.
GATHER_SECONDS = 0.05
#: After a failed drain (the index locked for long, the database away), wait this long.
RETRY_SECONDS = 5.0


def drainer_for(app: Flask) -> Drainer:
    """The application's drainer, made on first use (never at import or app creation)."""
    return one_per_app(app, KEY, Drainer)


class Drainer(WokenThread):
    """One daemon thread per application; the outbox table is its queue."""

    name = "etwincms-search-drain"
    gather_seconds = GATHER_SECONDS

    def work(self) -> None:
        """Apply the pending rows; on failure keep them, wait, and try again."""
        from .engine import drain

        try:
            database = self.app.extensions["etwincms"].db
            # A request context: the documents carry their pages' addresses.
            with self.app.test_request_context("/"), database.session() as session:
                drain(session)
        except Exception:  # the rows stay queued; the next round applies them
            log.exception("search index not updated; the outbox keeps the work")
            self.stopping.wait(RETRY_SECONDS)
            self.wanted.set()

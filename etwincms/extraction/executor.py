"""Where extraction runs: ``EXTRACT_MODE`` and the web process's one background thread.

``thread`` (the default unless ``SEARCH_DRAIN = "worker"``): each application gets, on
first use, one daemon thread that extracts pending materials with its own sessions and
commits each outcome through :func:`etwincms.db.commit` (so the outbox is drained as in
a request). It is woken after any commit that created a pending material, and on start
it goes through the materials left pending (after a crash or a restart). ``worker``
(the default with ``SEARCH_DRAIN = "worker"``): ``etwincms search worker`` extracts, the
web processes never do. ``off`` (the default under ``TESTING``): nothing extracts by
itself; ``etwincms search rebuild`` still does.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from flask import Flask, after_this_request, has_request_context
from sqlalchemy import event
from sqlalchemy.orm import Session

from ..background import WokenThread, one_per_app
from ..models.material import Material, TextStatus
from . import jobs
from .runner import Limits

log = logging.getLogger(__name__)
KEY = "etwincms_extraction"
NEW_PENDING = "extraction_new_pending"
BATCH = 4
#: After an unexpected error (the database away), wait this long before trying again.
RETRY_SECONDS = 5.0
MODES = frozenset({"thread", "worker", "off"})


def mode(config: Mapping[str, Any]) -> str:
    """The configured ``EXTRACT_MODE``, or the one that fits the other settings."""
    chosen = config.get("EXTRACT_MODE")
    if chosen:
        if chosen not in MODES:
            raise ValueError(f"unknown EXTRACT_MODE {chosen!r}")
        return str(chosen)
    if config.get("TESTING"):
        return "off"
    return "worker" if config.get("SEARCH_DRAIN") == "worker" else "thread"


def install(app: Flask) -> None:
    """Wake the app's extractor after commits that stored new pending materials."""
    factory = app.extensions["etwincms"].db.sessionmaker
    event.listen(factory, "after_flush", note_pending)
    event.listen(factory, "after_commit", lambda session: after_commit(app, session))
    event.listen(factory, "after_rollback", forget_pending)


def note_pending(session: Session, _context: Any) -> None:
    if any(
        isinstance(obj, Material) and obj.text_status == TextStatus.PENDING
        for obj in session.new
    ):
        session.info[NEW_PENDING] = True


def forget_pending(session: Session) -> None:
    session.info.pop(NEW_PENDING, None)


def after_commit(app: Flask, session: Session) -> None:
    """Wake the thread; in a request, once the response is made (after the request's own
    drain of the search outbox, so the thread's fresher document is indexed last)."""
    if not session.info.pop(NEW_PENDING, False):
        return
    if has_request_context():
        after_this_request(lambda response: nudged(app, response))
    else:
        nudge(app)


def nudged(app: Flask, response: Any) -> Any:
    nudge(app)
    return response


def nudge(app: Flask) -> None:
    """Have the app's thread look for pending materials (when extraction is ``thread``)."""
    if mode(app.config) == "thread":
        executor_for(app).wake()


def executor_for(app: Flask) -> Executor:
    """The application's executor, made on first use (never at import or app creation)."""
    return one_per_app(app, KEY, Executor)


class Executor(WokenThread):
    """One worker thread per application; the database's pending rows are its queue."""

    name = "etwincms-extraction"

    def __init__(self, app: Flask) -> None:
        super().__init__(app)
        self.failed: set[int] = set()

    def work(self) -> None:
        self.drain_pending()

    def drain_pending(self) -> None:
        while not self.stopping.is_set():
            try:
                if not self.batch():
                    return
            except Exception:  # the database away: keep the thread, try again later
                log.exception("text extraction failed; retrying")
                self.stopping.wait(RETRY_SECONDS)

    def batch(self) -> list[int]:
        """Extract a few pending materials, each committed (and indexed) on its own.

        A material whose outcome cannot be committed stays in ``failed`` and is skipped
        until the process restarts, so it cannot keep the thread busy.
        """
        from ..db import commit

        state = self.app.extensions["etwincms"]
        limits = Limits.from_config(self.app.config)
        with self.app.test_request_context("/"), state.db.session() as session:
            ids = jobs.pending_ids(session, BATCH, self.failed)
            for material_id in ids:
                if self.stopping.is_set():
                    break
                self.failed.add(material_id)
                jobs.extract_safely(session, material_id, state.storage, limits)
                commit(session)
                self.failed.discard(material_id)
        return ids

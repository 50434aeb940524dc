"""The application's search backend, made on first use, and the inline drainer.

``SEARCH_BACKEND`` chooses the backend: ``whoosh``, the embedded default, in
``SEARCH_INDEX_DIR`` or ``<instance>/search``; or ``postgres``, tables in the site's
PostgreSQL database, for several web processes. ``SEARCH_DRAIN`` says who applies the
outbox rows a commit wrote: ``"background"`` (the default, for one process) a thread of
the web process, right after the request's commit (:mod:`.drainer`); ``"inline"`` the
request itself, before it answers (the test fixtures' choice: a search right after a
save finds it); ``"worker"`` ``etwincms search worker``, for several processes.
``background`` hands over only the commits of requests the site is serving: the command
line and scripts (which work in a made-up request context) drain at once, as
``inline``, so the index is up to date when they exit. A failing drain is logged and
retried later: the rows stay until the index has them.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext

from flask import Flask, current_app, g
from sqlalchemy.orm import Session

from ..state import get_state
from . import outbox
from .backend import SearchBackend
from .drainer import drainer_for

log = logging.getLogger(__name__)
KEY = "etwincms_search"
DRAIN_LOCK = "etwincms_search_drain"
DRAIN_MODES = frozenset({"background", "inline", "worker"})


def init_app(app: Flask) -> None:
    """Check ``SEARCH_DRAIN``; make the lock that keeps drains one at a time in this
    process; in ``background`` mode, mark the requests the site serves."""
    mode = app.config.get("SEARCH_DRAIN", "background")
    if mode not in DRAIN_MODES:
        raise ValueError(f"unknown SEARCH_DRAIN {mode!r}")
    app.extensions[DRAIN_LOCK] = threading.Lock()
    if mode == "background":
        app.before_request(serving_hands_drains_over(app))


def serving_hands_drains_over(app: Flask) -> Callable[[], None]:
    """Mark each request the site serves (its commits leave the index to the thread);
    the first one also wakes the thread for rows left by a crash or a restart."""
    woken = threading.Event()

    def mark() -> None:
        g.etwincms_drain_later = True
        if not woken.is_set():
            woken.set()
            drainer_for(app).wake()

    return mark


def drain(session: Session) -> int:
    """Apply the pending outbox rows to this application's backend, one drain at a time
    in this process and, where the backend can say so, among all processes sharing the
    index: otherwise one that read a page before a newer save could write it last."""
    backend = get_backend()
    with current_app.extensions[DRAIN_LOCK], exclusive(backend):
        return outbox.drain(session, backend)


def exclusive(backend: SearchBackend) -> AbstractContextManager[object]:
    """The backend's lock among processes (``exclusive()``, optional), or none."""
    taken = getattr(backend, "exclusive", None)
    return taken() if taken is not None else nullcontext()


def get_backend() -> SearchBackend:
    """This application's backend (one per application, made on first use)."""
    backend = current_app.extensions.get(KEY)
    if backend is None:
        backend = make_backend()
        current_app.extensions[KEY] = backend
    return backend


def make_backend() -> SearchBackend:
    """The backend ``SEARCH_BACKEND`` names: the core's or one a plugin registered."""
    name = current_app.config.get("SEARCH_BACKEND", "whoosh")
    registered = get_state().registries.search_backends
    if name not in registered:
        known = ", ".join(sorted(registered))
        raise ValueError(f"unknown SEARCH_BACKEND {name!r} (installed: {known})")
    return registered[name].factory(current_app)


def drain_after_commit(session: Session) -> None:
    """Apply what the commit queued, when this process is the drainer."""
    mode = current_app.config.get("SEARCH_DRAIN", "background")
    if mode == "worker" or not session.info.pop(outbox.WROTE, False):
        return
    if mode == "background" and g.get("etwincms_drain_later"):
        drainer_for(current_app._get_current_object()).wake()  # type: ignore[attr-defined]
        return
    try:
        drain(session)
    except Exception:  # the rows stay queued; the next drain or a rebuild applies them
        session.rollback()
        log.exception("search index not updated; the outbox keeps the work")

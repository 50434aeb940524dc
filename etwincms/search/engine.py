"""The application's search backend, made on first use, and the inline drainer.

``SEARCH_BACKEND`` chooses the backend: ``whoosh``, the embedded default, in
``SEARCH_INDEX_DIR`` or ``<instance>/search``; or ``postgres``, tables in the site's
PostgreSQL database, for several web processes. With ``SEARCH_DRAIN = "inline"`` (the
default, for one process) every commit that wrote outbox rows is followed by a drain in
the same request; ``"worker"`` leaves them to ``etwincms search worker``. A failing
drain is logged and retried later: the rows stay until the index has them.
"""

from __future__ import annotations

import logging
import threading

from flask import Flask, current_app
from sqlalchemy.orm import Session

from ..state import get_state
from . import outbox
from .backend import SearchBackend

log = logging.getLogger(__name__)
KEY = "etwincms_search"
DRAIN_LOCK = "etwincms_search_drain"


def init_app(app: Flask) -> None:
    """One drain at a time in this process: two concurrent drains could each read a
    document and the one that read the older version could write it last."""
    app.extensions[DRAIN_LOCK] = threading.Lock()


def drain(session: Session) -> int:
    """Apply the pending outbox rows to this application's backend (serialised)."""
    with current_app.extensions[DRAIN_LOCK]:
        return outbox.drain(session, get_backend())


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
    if current_app.config.get("SEARCH_DRAIN", "inline") != "inline":
        return
    if not session.info.pop(outbox.WROTE, False):
        return
    try:
        drain(session)
    except Exception:  # the rows stay queued; the next drain or a rebuild applies them
        session.rollback()
        log.exception("search index not updated; the outbox keeps the work")

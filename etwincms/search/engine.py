"""The application's search backend, made on first use, and the inline drainer.

``SEARCH_BACKEND`` chooses the backend (``whoosh``, the embedded default, in
``SEARCH_INDEX_DIR`` or ``<instance>/search``). With ``SEARCH_DRAIN = "inline"`` (the
default, for one process) every commit that wrote outbox rows is followed by a drain in
the same request; ``"worker"`` leaves them to ``etwincms search worker``. A failing
drain is logged and retried later: the rows stay until the index has them.
"""

from __future__ import annotations

import logging
import os

from flask import current_app
from sqlalchemy.orm import Session

from . import outbox
from .backend import SearchBackend
from .whoosh_backend import WhooshBackend

log = logging.getLogger(__name__)
KEY = "etwincms_search"


def get_backend() -> SearchBackend:
    """This application's backend (one per application, made on first use)."""
    backend = current_app.extensions.get(KEY)
    if backend is None:
        backend = make_backend()
        current_app.extensions[KEY] = backend
    return backend


def make_backend() -> SearchBackend:
    config = current_app.config
    name = config.get("SEARCH_BACKEND", "whoosh")
    if name != "whoosh":
        raise ValueError(f"unknown SEARCH_BACKEND {name!r}")
    folder = config.get("SEARCH_INDEX_DIR") or os.path.join(
        current_app.instance_path, "search"
    )
    return WhooshBackend(folder)


def drain_after_commit(session: Session) -> None:
    """Apply what the commit queued, when this process is the drainer."""
    if current_app.config.get("SEARCH_DRAIN", "inline") != "inline":
        return
    if not session.info.pop(outbox.WROTE, False):
        return
    try:
        outbox.drain(session, get_backend())
    except Exception:  # the rows stay queued; the next drain or a rebuild applies them
        session.rollback()
        log.exception("search index not updated; the outbox keeps the work")

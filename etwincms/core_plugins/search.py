"""The core's search backends, registered through the same hook a plugin's would use.

``whoosh`` (the embedded default: a folder in the instance) and ``postgres`` (tables in
the site's PostgreSQL database); ``SEARCH_BACKEND`` chooses among these and any that
plugins register.
"""

from __future__ import annotations

import os
from typing import Any

from .. import hookimpl
from ..hooktypes import SearchBackendSpec


def whoosh_backend(app: Any) -> Any:
    from ..search.whoosh_backend import WhooshBackend

    folder = app.config.get("SEARCH_INDEX_DIR") or os.path.join(
        app.instance_path, "search"
    )
    return WhooshBackend(folder)


def postgres_backend(app: Any) -> Any:
    from ..search.postgres_backend import PostgresBackend

    return PostgresBackend(app.extensions["etwincms"].db.engine)


@hookimpl
def register_search_backends() -> list[SearchBackendSpec]:
    return [
        SearchBackendSpec("whoosh", whoosh_backend),
        SearchBackendSpec("postgres", postgres_backend),
    ]

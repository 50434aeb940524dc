"""The rendered pages of spaces as visitors see them, kept between requests.

A visitor who is not signed in and sends no session cookie gets the same bytes for the
same address and language as long as nothing the page shows has changed. So a space's
home and its pages are kept, per process, under the address, the interface language and
the space's and the site's content stamps (:mod:`etwincms.stamps`), which every committed
change moves on: one indexed query at the start of the request reads both stamps, and a
hit answers without loading the space, its tree or its plugins. Nothing is ever served
from a stamp older than the one the request read, so a page made private, a space
closed or a pupil's consent withdrawn is gone at the next request.

``PAGE_CACHE_MB`` bounds the memory of each process (the least recently used pages go
first; 0 turns the cache off) and ``PAGE_CACHE_SECONDS`` the age of a kept page, for what
a page shows that no write announces (another installation's data read over a database
link, a date shown relative to today). With ``PAGE_CACHE_VERIFY`` (the test suite's
setting) every hit is rendered again and must equal what was kept.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from functools import cache

from flask import Flask, Response, current_app, make_response, request
from flask.typing import ResponseReturnValue
from flask_babel import get_locale
from sqlalchemy import Select, bindparam, select

from ..db import get_session
from ..models import ContentStamp, Project
from ..stamps import SITE, wrote
from .conditional import anonymous_request, shared_response

KEY = "etwincms_page_cache"
#: A kept page: the address, the interface language, the space's and the site's stamps
#: (other callers, such as the sidebar's tree, key theirs with a name first).
Key = tuple[Hashable, ...]


@dataclass(frozen=True, slots=True)
class Kept:
    body: bytes
    etag: str
    headers: tuple[tuple[str, str], ...]
    born: float

    def response(self) -> Response:
        response = Response(self.body, headers=list(self.headers))
        response.set_etag(self.etag)
        return response


class PageCache:
    """At most ``limit`` bytes of pages (or parts of pages), the least recently used
    dropped first."""

    def __init__(self, limit: int, max_age: float) -> None:
        self.limit, self.max_age, self.size = limit, max_age, 0
        self.pages: OrderedDict[Key, Kept] = OrderedDict()
        self.lock = threading.Lock()
        self.clock: Callable[[], float] = time.monotonic

    def get(self, key: Key) -> Kept | None:
        with self.lock:
            kept = self.pages.get(key)
            if kept is None:
                return None
            if self.clock() - kept.born > self.max_age:
                self.drop(key)
                return None
            self.pages.move_to_end(key)
            return kept

    def put(self, key: Key, response: Response) -> None:
        """Keep a whole answer, with its ETag (worked out now if it has none)."""
        response.add_etag()
        etag = response.get_etag()[0] or ""
        self.keep(key, response.get_data(), etag, headers_of(response))

    def keep(
        self,
        key: Key,
        body: bytes,
        etag: str = "",
        headers: tuple[tuple[str, str], ...] = (),
    ) -> None:
        if len(body) > self.limit:
            return
        kept = Kept(body, etag, headers, self.clock())
        with self.lock:
            if key in self.pages:
                self.drop(key)
            self.pages[key] = kept
            self.size += len(body)
            while self.size > self.limit:
                self.drop(next(iter(self.pages)))

    def drop(self, key: Key) -> None:
        self.size -= len(self.pages.pop(key).body)


def headers_of(response: Response) -> tuple[tuple[str, str], ...]:
    return tuple(
        (name, value)
        for name, value in response.headers.items()
        if name not in {"Content-Length", "ETag"}
    )


def init_app(app: Flask) -> None:
    limit = int(float(app.config["PAGE_CACHE_MB"]) * 1024 * 1024)
    if limit > 0:
        max_age = float(app.config["PAGE_CACHE_SECONDS"])
        app.extensions[KEY] = PageCache(limit, max_age)


def page_cache() -> PageCache | None:
    """This application's cache; ``None`` when ``PAGE_CACHE_MB`` is 0."""
    return current_app.extensions.get(KEY)


def serve(slug: str, render: Callable[[], ResponseReturnValue]) -> ResponseReturnValue:
    """Answer with the kept page when there is one for this visitor and these stamps,
    else with ``render()``, kept when it is the same for every visitor."""
    cache = page_cache()
    key = key_for(slug) if cache is not None and anonymous_request() else None
    if cache is None or key is None:
        return render()
    kept = cache.get(key)
    if kept is not None and current_app.config["PAGE_CACHE_VERIFY"]:
        return verified(kept, render)
    if kept is not None:
        return kept.response()
    response = make_response(render())
    if shared_response(response) and not wrote(get_session()):
        cache.put(key, response)
    return response


def key_for(slug: str) -> Key | None:
    """The kept page's key, or ``None`` while the space or the site has no stamp yet."""
    row = get_session().connection().execute(stamps_query(), {"slug": slug}).first()
    if row is None:
        return None
    return (request.url, str(get_locale()), row[0], row[1])


@cache
def stamps_query() -> Select[tuple[int, int]]:
    """Both stamps in one indexed read; built once, so its compiled form is reused (an
    ORM query built per request cost more than the rest of a cached answer)."""
    stamp = ContentStamp.__table__
    space, site = stamp.alias("space"), stamp.alias("site")
    project = Project.__table__
    return (
        select(space.c.value, site.c.value)
        .select_from(project)
        .join(space, space.c.scope == project.c.id)
        .join(site, site.c.scope == SITE)
        .where(project.c.slug == bindparam("slug"))
    )


def verified(kept: Kept, render: Callable[[], ResponseReturnValue]) -> Response:
    """The test suite's check that no change was missed: the page rendered now must be
    the page kept."""
    fresh = make_response(render()).get_data()
    if fresh != kept.body:
        raise AssertionError(
            f"page cache: {request.url} changed without a new content stamp"
        )
    return kept.response()

"""The rendered pages of spaces, kept between requests for whoever they were made for.

A visitor who is not signed in and sends no session cookie gets the same bytes for the
same address and language as long as nothing the page shows has changed; a signed-in
member gets the same page as the last time they opened it, but for the session's CSRF
token. So a space's home and its pages are kept, per process, under the reader (every
visitor, or one member), the address, the interface language and the space's and the
site's content stamps (:mod:`etwincms.stamps`), which every committed change moves on:
one indexed query at the start of the request reads both stamps, and a hit answers
without loading the space, its tree or its plugins. Nothing is ever served from a stamp
older than the one the request read, so a page made private, a space closed, a role
taken away or a pupil's consent withdrawn is gone at the next request. A member's kept
page holds a placeholder, random per process, where the token was; a hit puts the
current session's token back. Pages with a message waiting (``flash``) are never kept
or served from the cache.

``PAGE_CACHE_MB`` bounds the memory of each process (the least recently used pages go
first; 0 turns the cache off) and ``PAGE_CACHE_SECONDS`` the age of a kept page, for what
a page shows that no write announces (another installation's data read over a database
link, a date shown relative to today). With ``PAGE_CACHE_VERIFY`` (the test suite's
setting) every hit is rendered again and must equal what was kept.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from functools import cache

from flask import Flask, Response, current_app, make_response, request, session
from flask.typing import ResponseReturnValue
from flask_babel import get_locale
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from sqlalchemy import Row, Select, bindparam, select

from ..db import get_session
from ..models import ContentStamp, Project
from ..stamps import SITE, wrote
from ..state import get_state
from .conditional import anonymous_request, shared_response

KEY = "etwincms_page_cache"
#: A kept page: the reader, the address, the interface language, the space's and the
#: site's stamps (other callers, such as the sidebar's tree, key theirs with a name first).
Key = tuple[Hashable, ...]
#: Every visitor who is not signed in reads the same page.
VISITOR = "visitor"


@dataclass(frozen=True, slots=True)
class Kept:
    body: bytes
    etag: str
    headers: tuple[tuple[str, str], ...]
    born: float

    def response(self, body: bytes | None = None) -> Response:
        response = Response(
            self.body if body is None else body, headers=list(self.headers)
        )
        if self.etag:
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
        #: Stands for the session's CSRF token in a member's kept page: random, so no
        #: text a pupil writes into a page can be turned into someone's token.
        self.csrf_slot = secrets.token_urlsafe(24).encode()

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

    def put_personal(self, key: Key, response: Response, token: str) -> None:
        """Keep one member's page, with the slot where their session's token was (no
        ETag: a member's pages are never stored by browsers)."""
        body = response.get_data().replace(token.encode(), self.csrf_slot)
        self.keep(key, body, headers=headers_of(response))

    def answer(self, kept: Kept, token: str | None) -> Response:
        """The kept answer, with ``token`` in its slots when it is a member's."""
        if token is None:
            return kept.response()
        return kept.response(kept.body.replace(self.csrf_slot, token.encode()))

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
    """Answer with the page kept for this reader and these stamps when there is one,
    else with ``render()``, kept when it may be served again."""
    cache = page_cache()
    reader = reader_of_request() if cache is not None else None
    key = key_for(slug, reader) if cache is not None and reader is not None else None
    if cache is None or key is None:
        return render()
    token = None if reader == VISITOR else generate_csrf()
    kept = cache.get(key)
    if kept is not None and current_app.config["PAGE_CACHE_VERIFY"]:
        return verified(cache.answer(kept, token), render)
    if kept is not None:
        return cache.answer(kept, token)
    response = make_response(render())
    if not wrote(get_session()):
        keep(cache, key, response, token)
    return response


def reader_of_request() -> Hashable | None:
    """Whom a kept page may be served to: every visitor, one member (their id), or
    ``None`` when this request's page must be rendered afresh."""
    if anonymous_request():
        return VISITOR
    if member_request():
        return ("member", current_user.id)
    return None


def member_request() -> bool:
    """A signed-in person's read through their session, with no message waiting."""
    return (
        request.method in {"GET", "HEAD"}
        and "Authorization" not in request.headers
        and current_user.is_authenticated
        and "_flashes" not in session
    )


def keep(cache: PageCache, key: Key, response: Response, token: str | None) -> None:
    if token is None and shared_response(response):
        cache.put(key, response)
    elif token is not None and personal_response(response):
        cache.put_personal(key, response, token)


def personal_response(response: Response) -> bool:
    """A whole page made for the member who asked, setting no cookie of its own (the
    session's cookie is added after the view, on every answer alike)."""
    return (
        response.status_code == 200
        and response.mimetype == "text/html"
        and not response.direct_passthrough
        and "Set-Cookie" not in response.headers
    )


def key_for(slug: str, reader: Hashable) -> Key | None:
    """The kept page's key, or ``None`` while the space or the site has no stamp yet."""
    row = read_stamps(slug)
    if row is None:
        return None
    return (reader, request.url, str(get_locale()), row[0], row[1])


def read_stamps(slug: str) -> Row[tuple[int, int]] | None:
    """The space's and the site's stamps, in the request's transaction if it has one;
    else on a connection of its own without one (a visitor's kept page then costs one
    round trip to PostgreSQL rather than three: BEGIN, the read, ROLLBACK). Reading
    them outside the transaction that renders is safe: what it renders is never older
    than the stamps it is kept under."""
    session = get_session()
    if session.in_transaction():
        return session.connection().execute(stamps_query(), {"slug": slug}).first()
    engine = get_state().db.engine
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as link:
        return link.execute(stamps_query(), {"slug": slug}).first()


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


def verified(kept: Response, render: Callable[[], ResponseReturnValue]) -> Response:
    """The test suite's check that no change was missed: the page rendered now must be
    the page kept."""
    fresh = make_response(render()).get_data()
    if fresh != kept.get_data():
        raise AssertionError(
            f"page cache: {request.url} changed without a new content stamp"
        )
    return kept

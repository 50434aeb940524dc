"""Visitors' pages kept between requests: served again only while no change has moved
the space's or the site's stamp, and never to anyone signed in.

The suite runs with ``PAGE_CACHE_VERIFY``: any test anywhere that shows a visitor a page
twice also checks that the kept page equals a fresh one.
"""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import update
from sqlalchemy.orm import Session

from etwincms.models import Page, Revision, Visibility
from etwincms.services import revisions, spaces
from etwincms.testing import AuthActions, count_statements
from etwincms.web.page_cache import KEY, PageCache

from .conftest import Public


def kept(app: Flask) -> PageCache:
    return app.extensions[KEY]


def test_a_visitors_second_view_is_one_statement(
    app: Flask, client: FlaskClient, public: Public
) -> None:
    app.config["PAGE_CACHE_VERIFY"] = False  # which renders every hit again
    first = client.get(public.url)
    with count_statements(app) as statements:
        again = client.get(public.url)
    assert again.get_data() == first.get_data()
    assert again.headers["ETag"] == first.headers["ETag"]
    assert len(statements) == 1, statements
    assert "content_stamp" in statements[0]


def test_a_kept_page_answers_304_to_its_etag(
    client: FlaskClient, public: Public
) -> None:
    etag = client.get(public.url).headers["ETag"]
    again = client.get(public.url, headers={"If-None-Match": etag})
    assert again.status_code == 304


def test_a_saved_page_is_shown_at_once(
    client: FlaskClient, public: Public, session: Session
) -> None:
    assert "Wild flowers." in client.get(public.url).get_data(as_text=True)
    page = session.get_one(Page, public.page.id)
    revisions.save_revision(
        session, public.admin, public.project, page, body="Bees.", base_number=1
    )
    session.commit()
    assert "Bees." in client.get(public.url).get_data(as_text=True)


def test_a_page_made_private_is_gone_at_once(
    client: FlaskClient, public: Public, session: Session
) -> None:
    assert client.get(public.url).status_code == 200
    assert client.get(public.home).status_code == 200
    page = session.get_one(Page, public.page.id)
    page.visibility = Visibility.MEMBERS
    session.commit()
    assert (
        client.get(public.url).status_code == 302
    )  # to sign in, as for any member page
    assert "Open Meadow" not in client.get(public.home).get_data(as_text=True)


def test_a_space_closed_to_the_public_is_gone_at_once(
    client: FlaskClient, public: Public, session: Session
) -> None:
    assert client.get(public.home).status_code == 200
    spaces.update_space(session, public.admin, public.project, is_public=False)
    session.commit()
    assert client.get(public.home).status_code in {302, 404}
    assert client.get(public.url).status_code in {302, 404}


def test_signed_in_members_are_never_served_a_kept_page(
    client: FlaskClient, public: Public, auth: AuthActions
) -> None:
    visitor = client.get(public.url).get_data(as_text=True)
    assert "/-/edit/" not in visitor
    auth.login("maria")
    member = client.get(public.url).get_data(as_text=True)
    assert "/-/edit/" in member  # the teacher's own view, with its edit link


def test_the_interface_language_keeps_pages_apart(
    client: FlaskClient, public: Public
) -> None:
    english = client.get(public.url, headers={"Accept-Language": "en"})
    german = client.get(public.url, headers={"Accept-Language": "de"})
    assert english.get_data() != german.get_data()
    assert 'lang="de"' in german.get_data(as_text=True)


def test_a_visitor_with_a_session_cookie_is_rendered_afresh(
    app: Flask, client: FlaskClient, public: Public
) -> None:
    client.get(public.url)
    client.set_cookie(app.config["SESSION_COOKIE_NAME"], "not-a-session")
    with count_statements(app) as statements:
        assert client.get(public.url).status_code == 200
    assert len(statements) > 1


def test_verification_catches_a_change_made_behind_the_stamps(
    client: FlaskClient, public: Public, session: Session
) -> None:
    """What the suite-wide check is for: a write no stamp saw fails the test."""
    client.get(public.url)
    session.execute(
        update(Revision).values(rendered_html="<p>Behind</p>"),
        execution_options={"content_scope": -1},  # a wrong scope: no space's stamp
    )
    session.commit()
    with pytest.raises(AssertionError, match="without a new content stamp"):
        client.get(public.url)


def test_the_cache_keeps_within_its_bytes_and_drops_the_least_used() -> None:
    cache = PageCache(limit=250, max_age=60)
    for n in range(3):
        cache.put(key(n), page(100))
    assert cache.get(key(0)) is None  # 300 bytes: the oldest went
    assert cache.get(key(1)) is not None and cache.size == 200
    cache.put(key(3), page(100))
    assert cache.get(key(2)) is None  # key 1 was used since, so 2 went first
    assert cache.get(key(1)) is not None
    cache.put(key(4), page(300))  # larger than the whole cache: not kept
    assert cache.get(key(4)) is None


def test_a_kept_page_expires_after_its_age() -> None:
    cache = PageCache(limit=1000, max_age=60)
    now = [0.0]
    cache.clock = lambda: now[0]
    cache.put(key(1), page(10))
    now[0] = 59.0
    assert cache.get(key(1)) is not None
    now[0] = 61.0
    assert cache.get(key(1)) is None and cache.size == 0


def test_a_zero_size_turns_the_cache_off(app_config: dict[str, Any]) -> None:
    from etwincms.app import create_app

    app = create_app({**app_config, "PAGE_CACHE_MB": 0}, plugins=[])
    assert KEY not in app.extensions
    app.extensions["etwincms"].db.engine.dispose()


def key(n: int) -> tuple[str, str, int, int]:
    return (f"http://localhost/s/x/{n}", "en", 1, 1)


def page(size: int) -> Any:
    from flask import Response

    return Response(b"x" * size, mimetype="text/html")

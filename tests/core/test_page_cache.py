"""Pages kept between requests: served again only while no change has moved the space's
or the site's stamp, and only to whom they were made for (every visitor, or one member,
with their own session's CSRF token).

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

from etwincms.models import Page, Revision, Role, Visibility
from etwincms.services import members, revisions, spaces
from etwincms.testing import AuthActions, count_statements, csrf_token
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


def test_a_member_is_never_served_a_visitors_page(
    client: FlaskClient, public: Public, auth: AuthActions
) -> None:
    visitor = client.get(public.url).get_data(as_text=True)
    assert "/-/edit/" not in visitor
    auth.login("maria")
    member = client.get(public.url).get_data(as_text=True)
    assert "/-/edit/" in member  # the teacher's own view, with its edit link


def test_a_members_second_view_is_their_account_and_the_stamps(
    app: Flask, client: FlaskClient, public: Public, auth: AuthActions
) -> None:
    app.config["PAGE_CACHE_VERIFY"] = False  # which renders every hit again
    auth.login("maria")
    first = client.get(public.url).get_data(as_text=True)
    with count_statements(app) as statements:
        again = client.get(public.url).get_data(as_text=True)
    assert len(statements) == 2, statements
    assert "content_stamp" in statements[1]
    assert without_tokens(again) == without_tokens(first)
    assert kept(app).csrf_slot.decode() not in again


def test_a_kept_page_carries_the_sessions_own_token(
    client: FlaskClient, public: Public, auth: AuthActions
) -> None:
    auth.login("maria")
    client.get(public.url)
    auth.logout()  # the next session has a token of its own
    auth.login("maria")
    token = csrf_token(client.get(public.url).get_data(as_text=True))
    signed_out = client.post("/logout", data={"csrf_token": token})
    assert signed_out.status_code == 302
    assert signed_out.headers["Location"].endswith("/login")


def test_each_member_is_served_their_own_page(
    client: FlaskClient, public: Public, auth: AuthActions
) -> None:
    public.add_member("pau", Role.PUPIL, kind="pupil")
    for _ in range(2):
        auth.login("maria")
        assert "Maria" in client.get(public.url).get_data(as_text=True)
        auth.logout()
        auth.login("pau")
        shown = client.get(public.url).get_data(as_text=True)
        assert "Pau" in shown and "Maria</a>" not in shown
        auth.logout()


def test_a_role_taken_away_is_gone_at_once(
    client: FlaskClient, public: Public, auth: AuthActions, session: Session
) -> None:
    membership = public.add_member("joan", Role.TEACHER)
    auth.login("joan")
    assert "/-/edit/" in client.get(public.url).get_data(as_text=True)
    members.change_role(session, public.admin, membership, Role.OBSERVER)
    session.commit()
    assert "/-/edit/" not in client.get(public.url).get_data(as_text=True)


def test_a_message_waiting_is_shown_once_over_a_kept_page(
    client: FlaskClient, public: Public, auth: AuthActions
) -> None:
    auth.login("maria")
    client.get(public.url)
    with client.session_transaction() as cookie:
        cookie["_flashes"] = [("info", "Your photo is waiting for a teacher.")]
    assert "waiting for a teacher" in client.get(public.url).get_data(as_text=True)
    assert "waiting for a teacher" not in client.get(public.url).get_data(as_text=True)


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


def key(n: int) -> tuple[str, str, str, int, int]:
    return ("visitor", f"http://localhost/s/x/{n}", "en", 1, 1)


def without_tokens(html: str) -> str:
    """The page without its session's token (which moves with the clock's seconds)."""
    return html.replace(csrf_token(html), "")


def page(size: int) -> Any:
    from flask import Response

    return Response(b"x" * size, mimetype="text/html")

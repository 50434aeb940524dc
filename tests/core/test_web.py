"""The server-rendered front end, through real HTTP with the Flask test client.

CSRF protection stays on (the ``auth`` helper posts the form's token). Data is built with
the services and committed before each request, since the client uses its own session.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from etwincms.models import EditPolicy, Page, ProjectStatus, Visibility
from etwincms.services import pages, revisions
from etwincms.testing import PASSWORD, AuthActions, Factory, csrf_token

PUBLIC = {"visibility": Visibility.PUBLIC, "edit_policy": EditPolicy.MEMBERS}


class Space:
    """A public space with an admin teacher, a second teacher, a pupil and an outsider."""

    def __init__(self, make: Factory) -> None:
        self.school = make.school("es")
        self.admin = make.user("maria", school=self.school)
        self.project = make.space(self.admin, title="Green Space", is_public=True)
        self.teacher = make.user("vicent", school=self.school)
        make.member(self.project, self.teacher, "teacher")
        self.pupil = make.user("pablo", kind="pupil", school=self.school)
        make.member(self.project, self.pupil, "pupil")
        self.outsider = make.user("olga")
        self.session = make.session

    def page(self, title: str, body: str = "", **options: Any) -> Page:
        return pages.create_page(
            self.session, self.admin, self.project, title=title, body=body, **options
        )

    def url(self, page: Page | None = None) -> str:
        return f"/s/{self.project.slug}/" + (page.path if page else "")


@pytest.fixture
def space(make: Factory, session: Session) -> Space:
    space = Space(make)
    session.commit()
    return space


def text_of(response: Any) -> str:
    return response.get_data(as_text=True)


def post_login(client: FlaskClient, username: str, next_url: str) -> Any:
    token = csrf_token(text_of(client.get("/login")))
    data = {"username": username, "password": PASSWORD, "csrf_token": token}
    return client.post("/login", query_string={"next": next_url}, data=data)


def signed_in(client: FlaskClient) -> bool:
    return client.get("/spaces").status_code == 200


class Tags(HTMLParser):
    """Every start tag of a document with its attributes."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def breadcrumbs(html: str) -> str:
    match = re.search(r'class="breadcrumbs">(.*?)</nav>', html, re.S)
    assert match, "no breadcrumbs"
    return match.group(1)


# ---------------------------------------------------------------- signing in and out


def test_sign_in_redirects_to_my_spaces_listing_spaces_with_role(
    client: FlaskClient, auth: AuthActions, space: Space
) -> None:
    response = auth.login("maria")
    assert response.status_code == 302
    assert response.headers["Location"] == "/spaces"
    html = text_of(client.get("/spaces"))
    assert "Green Space" in html
    assert "Your role: admin" in html


@pytest.mark.parametrize(
    ("username", "password"), [("maria", "wrong-password"), ("nobody", PASSWORD)]
)
def test_wrong_password_or_unknown_user_gets_the_same_error(
    client: FlaskClient,
    auth: AuthActions,
    space: Space,
    username: str,
    password: str,
) -> None:
    response = auth.login(username, password)
    assert response.status_code == 200
    assert "That username and password do not match." in text_of(response)
    assert not signed_in(client)


def test_an_inactive_account_cannot_sign_in(
    client: FlaskClient, auth: AuthActions, space: Space, session: Session
) -> None:
    space.admin.is_active_account = False
    session.commit()
    response = auth.login("maria")
    assert response.status_code == 200
    assert "do not match" in text_of(response)
    assert not signed_in(client)


def test_sign_in_without_csrf_token_is_rejected(
    client: FlaskClient, space: Space
) -> None:
    response = client.post("/login", data={"username": "maria", "password": PASSWORD})
    assert response.status_code == 400
    assert not signed_in(client)


def test_a_local_next_path_is_followed(client: FlaskClient, space: Space) -> None:
    response = post_login(client, "maria", "/s/green-space/")
    assert response.headers["Location"] == "/s/green-space/"


@pytest.mark.parametrize(
    "target", ["//evil.example", "https://evil.example", "/\\evil.example"]
)
def test_an_outside_next_url_is_not_followed(
    client: FlaskClient, space: Space, target: str
) -> None:
    response = post_login(client, "maria", target)
    assert response.status_code == 302
    assert response.headers["Location"] == "/spaces"


@pytest.mark.parametrize("target", ["///evil.example", "/\t/evil.example"])
def test_a_disguised_outside_next_url_stays_on_the_site(
    client: FlaskClient, space: Space, target: str
) -> None:
    location = post_login(client, "maria", target).headers["Location"]
    assert location.startswith("/")
    browser_view = re.sub(r"\s", "", location).replace("\\", "/")
    assert not browser_view.startswith("//")


def test_sign_out_needs_post_and_signs_out(
    client: FlaskClient, auth: AuthActions, space: Space
) -> None:
    auth.login("maria")
    assert client.get("/logout").status_code == 405
    assert signed_in(client)
    response = auth.logout()
    assert response.headers["Location"] == "/login"
    assert not signed_in(client)


# ---------------------------------------------------------------- space home


@pytest.fixture
def two_pages(space: Space, session: Session) -> tuple[Page, Page]:
    public = space.page("Open Meadow", **PUBLIC)
    hidden = space.page("Secret Orchard")
    session.commit()
    return public, hidden


def test_members_see_members_only_pages_in_the_tree(
    client: FlaskClient, auth: AuthActions, space: Space, two_pages: Any
) -> None:
    auth.login("pablo")
    html = text_of(client.get(space.url()))
    assert "Open Meadow" in html
    assert "Secret Orchard" in html


def test_visitors_see_only_public_pages_of_a_public_space(
    client: FlaskClient, space: Space, two_pages: Any
) -> None:
    response = client.get(space.url())
    assert response.status_code == 200
    html = text_of(response)
    assert "Open Meadow" in html
    assert "Secret Orchard" not in html
    assert "secret-orchard" not in html


@pytest.mark.parametrize("who", [None, "olga"])
def test_a_private_space_is_not_found_for_outsiders(
    client: FlaskClient,
    auth: AuthActions,
    space: Space,
    two_pages: tuple[Page, Page],
    session: Session,
    who: str | None,
) -> None:
    space.project.is_public = False
    session.commit()
    if who:
        auth.login(who)
    assert client.get(space.url()).status_code == 404
    assert client.get(space.url(two_pages[0])).status_code == 404


def test_a_draft_space_is_not_public_whatever_its_flag(
    client: FlaskClient, space: Space, two_pages: tuple[Page, Page], session: Session
) -> None:
    space.project.status = ProjectStatus.DRAFT
    session.commit()
    assert space.project.is_public
    assert client.get(space.url()).status_code == 404
    assert client.get(space.url(two_pages[0])).status_code == 404


# ---------------------------------------------------------------- page view


def test_a_page_shows_its_rendered_markdown(
    client: FlaskClient, space: Space, session: Session
) -> None:
    page = space.page("Tables", "| a | b |\n|---|---|\n| 1 | 2 |\n", **PUBLIC)
    session.commit()
    html = text_of(client.get(space.url(page)))
    assert "<table>" in html
    assert "<td>1</td>" in html


def test_a_deep_page_has_breadcrumbs_to_its_ancestors(
    client: FlaskClient, space: Space, session: Session
) -> None:
    top = space.page("Phase One", **PUBLIC)
    middle = space.page("Week Two", parent=top, **PUBLIC)
    deep = space.page("Day Three", parent=middle, **PUBLIC)
    session.commit()
    assert deep.path == "phase-one/week-two/day-three"
    crumbs = breadcrumbs(text_of(client.get(space.url(deep))))
    assert crumbs.index("Phase One") < crumbs.index("Week Two")
    assert 'href="/s/green-space/phase-one"' in crumbs
    assert 'href="/s/green-space/phase-one/week-two"' in crumbs
    assert "Day Three" not in crumbs


def test_a_members_only_page_sends_visitors_to_sign_in(
    client: FlaskClient, space: Space, two_pages: tuple[Page, Page]
) -> None:
    response = client.get(space.url(two_pages[1]))
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")
    assert "secret-orchard" in response.headers["Location"]


def test_visitors_cannot_tell_a_members_only_page_from_an_absent_one(
    client: FlaskClient, space: Space, two_pages: tuple[Page, Page]
) -> None:
    hidden = client.get(space.url(two_pages[1]))
    absent = client.get(f"{space.url()}no-such-page")
    assert (hidden.status_code, absent.status_code) == (302, 302)
    assert "Secret Orchard" not in text_of(hidden)


def test_a_trashed_page_is_not_found(
    client: FlaskClient, auth: AuthActions, space: Space, session: Session
) -> None:
    page = space.page("Old News", **PUBLIC)
    pages.trash_page(session, space.admin, space.project, page)
    session.commit()
    assert client.get(space.url(page)).status_code != 200
    auth.login("maria")
    assert client.get(space.url(page)).status_code == 404
    assert client.get(f"{space.url()}-/id/{page.id}").status_code == 404


def test_the_stable_address_redirects_to_the_page_also_after_a_move(
    client: FlaskClient, space: Space, session: Session
) -> None:
    page = space.page("Roaming", **PUBLIC)
    home = space.page("New Home", **PUBLIC)
    session.commit()
    stable = f"{space.url()}-/id/{page.id}"
    assert client.get(stable).headers["Location"] == "/s/green-space/roaming"
    pages.move_page(session, space.admin, space.project, page, parent=home)
    session.commit()
    response = client.get(stable)
    assert response.headers["Location"] == "/s/green-space/new-home/roaming"
    assert client.get(response.headers["Location"]).status_code == 200


def test_wiki_links_point_to_pages_by_id_or_to_the_missing_page(
    client: FlaskClient, space: Space, session: Session
) -> None:
    target = space.page("Target Page", **PUBLIC)
    page = space.page("Links", "See [[Target Page]] and [[Nowhere Yet]].", **PUBLIC)
    session.commit()
    links = {
        attrs.get("class"): attrs.get("href")
        for tag, attrs in Tags(text_of(client.get(space.url(page)))).tags
        if tag == "a" and "wikilink" in (attrs.get("class") or "")
    }
    assert links["wikilink"] == f"/s/green-space/-/id/{target.id}"
    assert links["wikilink-missing"] == "/s/green-space/-/missing?title=Nowhere+Yet"
    missing = client.get(links["wikilink-missing"])
    assert missing.status_code == 404
    assert "Nowhere Yet" in text_of(missing)


# ---------------------------------------------------------------- privacy


@pytest.fixture
def pupil_page(space: Space, session: Session) -> Page:
    page = space.page("Our Farm", "First draft", **PUBLIC)
    revisions.save_revision(
        session,
        space.pupil,
        space.project,
        page,
        body="Written by a pupil",
        base_number=page.current_number,
    )
    session.commit()
    return page


def test_visitors_see_a_pupil_author_as_school_and_country(
    client: FlaskClient, space: Space, pupil_page: Page
) -> None:
    html = text_of(client.get(space.url(pupil_page)))
    assert "Written by a pupil" in html
    assert "pupil, School ES, ES" in html
    assert "Pablo" not in html


def test_members_see_the_pupil_author_by_name(
    client: FlaskClient, auth: AuthActions, space: Space, pupil_page: Page
) -> None:
    auth.login("vicent")
    html = text_of(client.get(space.url(pupil_page)))
    assert "by Pablo" in html
    assert "pupil, School ES" not in html


def test_visitors_see_a_pupil_alias_when_there_is_one(
    client: FlaskClient, space: Space, pupil_page: Page, session: Session
) -> None:
    space.pupil.public_alias = "Green Thumb"
    session.commit()
    html = text_of(client.get(space.url(pupil_page)))
    assert "by Green Thumb" in html
    assert "Pablo" not in html


def test_the_members_page_sends_visitors_to_sign_in(
    client: FlaskClient, space: Space
) -> None:
    response = client.get(f"{space.url()}-/members")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


def test_members_see_members_by_name_grouped_by_school(
    client: FlaskClient, auth: AuthActions, space: Space
) -> None:
    auth.login("pablo")
    response = client.get(f"{space.url()}-/members")
    assert response.status_code == 200
    html = text_of(response)
    assert "School ES (ES)" in html
    for name in ("Maria", "Vicent", "Pablo"):
        assert name in html
    assert "Olga" not in html


# ---------------------------------------------------------------- trash


def test_teachers_see_the_trash(
    client: FlaskClient, auth: AuthActions, space: Space, session: Session
) -> None:
    page = space.page("Binned")
    pages.trash_page(session, space.admin, space.project, page)
    session.commit()
    auth.login("vicent")
    response = client.get(f"{space.url()}-/trash")
    assert response.status_code == 200
    assert "Binned" in text_of(response)


def test_pupils_may_not_see_the_trash(
    client: FlaskClient, auth: AuthActions, space: Space
) -> None:
    auth.login("pablo")
    assert client.get(f"{space.url()}-/trash").status_code == 403


# ---------------------------------------------------------------- static files


def test_the_theme_stylesheet_is_served(client: FlaskClient) -> None:
    with client.get("/static/themes/default/css/etwincms.css") as response:
        assert response.status_code == 200
        assert response.mimetype == "text/css"


@pytest.mark.parametrize(
    "path",
    [
        "/static/themes/../etc/passwd",
        "/static/themes/default/../../../etc/passwd",
        "/static/themes/default/..%2f..%2f..%2fetc/passwd",
        "/static/themes/default/%2e%2e/%2e%2e/templates/base.html",
        "/static/themes/..%2fdefault/templates/base.html",
    ],
)
def test_static_paths_cannot_leave_the_theme_folder(
    client: FlaskClient, path: str
) -> None:
    with client.get(path) as response:
        assert response.status_code == 404


# ---------------------------------------------------------------- escaping


def test_user_html_is_neutralised_in_the_served_page(
    client: FlaskClient, space: Space, session: Session
) -> None:
    body = (
        "<script>alert(1)</script>\n\n[x](javascript:alert(1))\n\n"
        "<img src=x onerror=alert(1)>\n\n![y](javascript:alert(2))"
    )
    page = space.page("Tricky <b>title</b>", body, **PUBLIC)
    session.commit()
    html = text_of(client.get(space.url(page)))
    assert "<script>alert" not in html
    assert "<b>title</b>" not in html
    for tag, attrs in Tags(html).tags:
        assert tag != "script" or "alert" not in str(attrs)
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, attrs)
            assert not (value or "").strip().lower().startswith("javascript:"), (
                tag,
                attrs,
            )

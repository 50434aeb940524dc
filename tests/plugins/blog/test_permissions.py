"""Who may do what in the blog, asked through HTTP as each kind of visitor.

The table is the specification: for every role of the space, a site admin, a member of
another space and an anonymous visitor, the status each blog action answers with. In a
members-only space outsiders do not learn the blog exists (404, from the core's guard).
In a public space they read the public diary, never the members-only bulletin, and can
write nothing (403, or the sign-in page for anonymous visitors).
"""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import BlogSpace, Browser

ACTIONS = (
    "index",
    "read_blog",
    "read_post",
    "write_diary",
    "write_bulletin",
    "comment",
    "edit_others_post",
    "approve_comment",
    "moderation_queue",
    "create_blog",
    "blog_settings",
    "reflections",
)

# 200/302 = allowed (a page, or a redirect after the change); 403 = refused;
# 404 = hidden from them; "login" = sent to the sign-in page; 401 = the sign-in page
# keeping the posted form to send again.
# The comment to approve waits for a teacher: only its author (the pupil, refused) and
# moderators know it exists.
STAFF = (200, 200, 200, 302, 302, 302, 302, 302, 200, 302, 302, 200)
PUPIL = (200, 200, 200, 302, 403, 302, 403, 403, 403, 403, 403, 403)
PRIVATE_SPACE: dict[str | None, tuple[Any, ...]] = {
    "admin": STAFF,
    "teacher": STAFF,
    "pupil_lead": (200, 200, 200, 302, 403, 302, 403, 404, 403, 403, 403, 403),
    "pupil": PUPIL,
    "observer": (200, 200, 200, 403, 403, 302, 403, 404, 403, 403, 403, 403),
    "site_admin": STAFF,
    "outsider": (404,) * 12,
    None: (404,) * 12,
}
PUBLIC_SPACE: dict[str | None, tuple[Any, ...]] = {
    "outsider": (200, 200, 200, 403, 404, 403, 403, 404, 403, 403, 403, 403),
    None: (200, 200, 200, 401, 404, 401, 401, 404, "login", 401, 401, "login"),
    # Members are unchanged by the space being public.
    "pupil": PUPIL,
}


def attempt(browser: Browser, blog: BlogSpace, action: str) -> Any:
    """Do ``action`` over HTTP; answer with the status (or "login")."""
    diary, bulletin = blog.diary, blog.bulletin
    post = blog.write("teacher", diary, f"Post for {action}")
    waiting = blog.comment("pupil", post, "Waiting")
    write = {"title": "New", "body": "Text", "action": "publish"}
    settings = {"title": "Diary", "visibility": "members", "writer_roles": ["pupil"]}
    requests = {
        "index": lambda: browser.get("/"),
        "read_blog": lambda: browser.get(f"/b/{diary.id}"),
        "read_post": lambda: browser.get(f"/p/{post.id}"),
        "write_diary": lambda: browser.post(f"/b/{diary.id}/write", write),
        "write_bulletin": lambda: browser.post(f"/b/{bulletin.id}/write", write),
        "comment": lambda: browser.post(f"/p/{post.id}/comment", {"body": "Great"}),
        "edit_others_post": lambda: browser.post(f"/p/{post.id}/edit", write),
        "approve_comment": lambda: browser.post(f"/c/{waiting.id}/approve"),
        "moderation_queue": lambda: browser.get("/moderation"),
        "create_blog": lambda: browser.post("/new", {**settings, "title": "Extra"}),
        "blog_settings": lambda: browser.post(f"/b/{diary.id}/settings", settings),
        "reflections": lambda: browser.get(f"/b/{diary.id}/reflections"),
    }
    response = requests[action]()
    if response.status_code == 302 and "/login" in response.headers["Location"]:
        return "login"
    return response.status_code


def answers(browser: Browser, blog: BlogSpace, role: str | None) -> tuple[Any, ...]:
    browser.login(role)
    return tuple(attempt(browser, blog, action) for action in ACTIONS)


@pytest.fixture
def blogs(blog: BlogSpace) -> BlogSpace:
    """A diary everyone writes in and a bulletin only teachers write in."""
    blog.diary = blog.make_blog("Mobility diary")
    blog.bulletin = blog.make_blog(
        "Teachers' bulletin", writer_roles=["admin", "teacher"]
    )
    return blog


@pytest.mark.parametrize("role", list(PRIVATE_SPACE))
def test_blog_actions_by_role_in_a_members_only_space(
    browser: Browser, blogs: BlogSpace, role: str | None
) -> None:
    assert answers(browser, blogs, role) == PRIVATE_SPACE[role]


@pytest.mark.parametrize("role", list(PUBLIC_SPACE))
def test_a_public_blog_is_read_only_for_visitors(
    browser: Browser, blogs: BlogSpace, role: str | None
) -> None:
    from etwincms_blog import services

    services.update_blog(
        blogs.session,
        blogs.user("admin"),
        blogs.project,
        blogs.diary,
        visibility="public",
    )
    blogs.make_public()
    assert answers(browser, blogs, role) == PUBLIC_SPACE[role]


def test_the_nav_item_shows_to_readers_only(browser: Browser, blogs: BlogSpace) -> None:
    home = f"/s/{blogs.project.slug}/"
    link = f'href="{blogs.url}/"'
    blogs.make_public()
    browser.login("observer")
    assert link in browser.client.get(home).get_data(as_text=True)
    browser.login(None)  # a public space without a public blog: nothing to read
    assert link not in browser.client.get(home).get_data(as_text=True)
    blogs.diary.visibility = "public"
    blogs.session.commit()
    assert link in browser.client.get(home).get_data(as_text=True)


def test_a_space_can_take_posting_away_from_pupils(
    browser: Browser, blogs: BlogSpace
) -> None:
    from etwincms.db import commit
    from etwincms.models import Role
    from etwincms.services.spaces import set_role_override

    admin, project = blogs.user("admin"), blogs.project
    set_role_override(blogs.session, admin, project, Role.PUPIL, "blog.post", False)
    commit(blogs.session)
    browser.login("pupil")
    assert attempt(browser, blogs, "write_diary") == 403
    browser.login("pupil_lead")
    assert attempt(browser, blogs, "write_diary") == 302

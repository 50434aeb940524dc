"""Photos from the materials library in posts, fetched by those who may read the post.

The core serves a material's bytes to members (``material.view``) and asks the plugins
switched on in the space (``material_shown``) about everyone else: the blog says yes for
a file its live post in a blog the reader may see shows. Visitors of a public space see
the photos of public posts and nothing else of the library; a members-only blog, a
draft, a scheduled post and another space's post keep theirs closed (the sign-in page
for anonymous visitors, as for any file they may not fetch).
"""

from __future__ import annotations

import io
from datetime import timedelta

from PIL import Image

from etwincms.db import commit, utcnow
from etwincms.models import Material, Project
from etwincms.services import materials, spaces
from etwincms.services import plugins as space_plugins
from etwincms_blog import services

from .conftest import BlogSpace, Browser, text


def photo(session, blogs: BlogSpace, name: str, project: Project | None = None):
    out = io.BytesIO()
    Image.new("RGB", (48, 32), "olive").save(out, "JPEG")
    out.seek(0)
    found = materials.attach_material(
        session, blogs.user("admin"), project or blogs.project, out, filename=name
    )
    session.flush()
    return found


def address(blogs: BlogSpace, material: Material) -> str:
    return f"/s/{blogs.project.slug}/-/materials/{material.id}/{material.original_name}"


def shows(blogs: BlogSpace, material: Material) -> str:
    return f"Our day.\n\n![{material.original_name}]({address(blogs, material)})"


def status(browser: Browser, url: str) -> int:
    response = browser.client.get(url, buffered=True)
    response.close()
    return response.status_code


def test_visitors_see_the_photos_of_public_posts_only(
    browser: Browser, blog: BlogSpace
) -> None:
    session = blog.session
    diary = blog.make_blog("Mobility diary", visibility="public")
    bulletin = blog.make_blog("Teachers' bulletin")
    public, members, draft, later, unused = (
        photo(session, blog, f"{name}.jpg")
        for name in ("mill", "staff", "draft", "later", "unused")
    )
    commit(session)
    post = blog.write("teacher", diary, "At the mill", body=shows(blog, public))
    blog.write("teacher", bulletin, "Staff room", body=shows(blog, members))
    blog.write("teacher", diary, "Not yet", body=shows(blog, draft), status="draft")
    blog.write(
        "teacher",
        diary,
        "Tomorrow",
        body=shows(blog, later),
        status="scheduled",
        publish_at=utcnow() + timedelta(days=1),
    )
    blog.make_public()
    browser.login(None)

    page = text(browser.get(f"/p/{post.id}"))
    assert f'src="{address(blog, public)}"' in page
    assert status(browser, address(blog, public)) == 200
    assert (
        status(browser, f"/s/{blog.project.slug}/-/materials/{public.id}/-/thumbnail")
        == 200
    )
    # The library itself, the photo's details and every other file stay closed.
    assert status(browser, f"/s/{blog.project.slug}/-/materials") == 302
    assert status(browser, f"/s/{blog.project.slug}/-/materials/{public.id}") == 302
    for closed in (members, draft, later, unused):
        assert status(browser, address(blog, closed)) == 302, closed.original_name
    # Another space's member reads the public post too, and only its photo.
    browser.login("outsider")
    assert status(browser, address(blog, public)) == 200
    assert status(browser, address(blog, members)) == 403

    # Back to a draft, or the blog for members only: the photo is no longer shown.
    services.edit_post(session, blog.user("admin"), blog.project, post, status="draft")
    commit(session)
    assert status(browser, address(blog, public)) == 403
    services.edit_post(
        session, blog.user("admin"), blog.project, post, status="published"
    )
    services.update_blog(
        session, blog.user("admin"), blog.project, diary, visibility="members"
    )
    commit(session)
    assert status(browser, address(blog, public)) == 403


def test_a_photo_is_shown_only_by_a_post_of_its_own_space(
    browser: Browser, blog: BlogSpace
) -> None:
    """A post naming another space's material does not open it, here or there."""
    session, admin = blog.session, blog.user("admin")
    other = spaces.create_space(session, admin, title="Other space")
    commit(session)
    theirs = photo(session, blog, "theirs.jpg", project=other)
    commit(session)
    diary = blog.make_blog("Mobility diary", visibility="public")
    foreign = f"/s/{other.slug}/-/materials/{theirs.id}/theirs.jpg"
    blog.write("teacher", diary, "Borrowed", body=f"![x]({foreign})")
    # The same id asked for through this space is not one of its materials.
    blog.write(
        "teacher",
        diary,
        "Guessed",
        body=f"![x](/s/{blog.project.slug}/-/materials/{theirs.id}/x.jpg)",
    )
    other.is_public = True
    blog.make_public()
    browser.login(None)
    assert status(browser, foreign) == 302
    # Through this space it is no material of this space: refused as a missing id is.
    assert (
        status(browser, f"/s/{blog.project.slug}/-/materials/{theirs.id}/x.jpg") == 302
    )


def test_the_blog_answers_only_where_it_is_switched_on(
    browser: Browser, blog: BlogSpace
) -> None:
    shown = photo(blog.session, blog, "mill.jpg")
    commit(blog.session)
    diary = blog.make_blog("Mobility diary", visibility="public")
    blog.write("teacher", diary, "At the mill", body=shows(blog, shown))
    blog.make_public()
    browser.login(None)
    assert status(browser, address(blog, shown)) == 200
    space_plugins.disable_plugin(blog.session, blog.user("admin"), blog.project, "blog")
    commit(blog.session)
    assert status(browser, address(blog, shown)) == 302

"""Nothing needs the blog: a database used with it works without it, and keeps its data.

A SQLite file migrated and used with the blog is opened by an application that does not
load it (as an operator who uninstalled it would): spaces and pages work, the blog's
routes, navigation and API are gone, its tables are left alone and ignored by the drift
check. Loading it again brings the posts back, unchanged.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import func, select, text

import etwincms_blog
from etwincms import migrate
from etwincms.app import create_app
from etwincms.db import commit, get_session
from etwincms.services import pages
from etwincms.testing import AuthActions, Factory, make_config
from etwincms_blog import services
from etwincms_blog.models import Post


def build(app: Any) -> tuple[str, str, int]:
    """A space with a page and a blog post, made through the real services."""
    with app.test_request_context("/"):
        session = get_session()
        make = Factory(session)
        teacher = make.user("teacher", school=make.school("es"))
        project = make.space(teacher, title="Green Roots")
        page = pages.create_page(
            session, teacher, project, title="Plan", body="**Plan**"
        )
        blog = services.create_blog(session, teacher, project, title="Bulletin")
        post = services.create_post(
            session,
            teacher,
            project,
            blog,
            title="Hello",
            body="Hi all",
            status="published",
        )
        commit(session)
        return project.slug, page.path, post.id


def test_without_the_blog_everything_else_works(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'site.db'}"
    with_blog = create_app(make_config(tmp_path, url), plugins=[etwincms_blog])
    migrate.upgrade(with_blog)
    slug, path, post_id = build(with_blog)

    without = create_app(make_config(tmp_path, url), plugins=[])
    assert migrate.drift(without) == []
    client = without.test_client()
    AuthActions(client).login("teacher")
    home = client.get(f"/s/{slug}/")
    assert home.status_code == 200
    assert "/-/blog/" not in home.get_data(as_text=True)
    assert "<strong>Plan</strong>" in client.get(f"/s/{slug}/{path}").get_data(
        as_text=True
    )
    assert client.get(f"/s/{slug}/-/blog/").status_code == 404
    assert client.get(f"/api/v1/projects/{slug}/blog/blogs").status_code == 404
    with migrate.engine_of(without).connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM blog_post")).scalar() == 1

    again = create_app(make_config(tmp_path, url), plugins=[etwincms_blog])
    with again.test_request_context("/"):
        assert get_session().scalar(select(func.count()).select_from(Post)) == 1
    client = again.test_client()
    AuthActions(client).login("teacher")
    assert "Hi all" in client.get(f"/s/{slug}/-/blog/p/{post_id}").get_data(
        as_text=True
    )
    for app in (with_blog, without, again):
        migrate.engine_of(app).dispose()

"""Uninstalling the forum leaves the rest of etwincms working.

A database migrated and used with the forum is opened by an application that no longer
loads it (``PLUGINS`` leaves it out, as an operator would): spaces, pages and everything
else work, the forum's routes and navigation are gone, its tables are ignored by the
drift check, and nothing of its data is touched. If the forum's files are gone entirely,
migrations stop with a message that says what to do.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text

import etwincms_forum
from etwincms import migrate
from etwincms.app import create_app
from etwincms.db import commit, get_session
from etwincms.services import pages, users
from etwincms.testing import AuthActions, Factory, make_config
from etwincms_forum import services as forum
from etwincms_forum.models import Forum, Topic


def build(app: Any) -> tuple[str, str]:
    """A space with a page and a forum topic, made through the real services."""
    with app.test_request_context("/"):
        session = get_session()
        make = Factory(session)
        teacher = make.user("teacher", school=make.school("es"))
        project = make.space(teacher, title="Green Roots", is_public=True)
        page = pages.create_page(
            session, teacher, project, title="Planning", body="**Plan**"
        )
        general = session.scalar(select(Forum).where(Forum.project_id == project.id))
        if general is None:  # the forum's plugin_enabled event runs after commit
            commit(session)
            general = session.scalar(
                select(Forum).where(Forum.project_id == project.id)
            )
        forum.create_topic(
            session, teacher, project, general, title="Hello", body="Hi all"
        )
        commit(session)
        return project.slug, page.path


def test_without_the_forum_everything_else_works(tmp_path: Path) -> None:
    """On a SQLite file of its own: the point is migrating from empty, not create_all."""
    url = f"sqlite:///{tmp_path / 'site.db'}"
    with_forum = create_app(make_config(tmp_path, url))  # installed plugins: the forum
    migrate.upgrade(with_forum)
    slug, path = build(with_forum)

    without = create_app(make_config(tmp_path, url, PLUGINS=[]))
    assert "forum" not in without.extensions["etwincms"].plugins.optional_plugins
    assert migrate.drift(without) == []
    assert not migrate.pending(without)
    client = without.test_client()
    AuthActions(client).login("teacher")
    home = client.get(f"/s/{slug}/")
    assert home.status_code == 200
    assert "Forum" not in home.get_data(as_text=True)
    assert "<strong>Plan</strong>" in client.get(f"/s/{slug}/{path}").get_data(
        as_text=True
    )
    assert client.get(f"/s/{slug}/-/forum/").status_code == 404
    assert client.get(f"/api/v1/projects/{slug}/forum/topics").status_code == 404
    assert (
        "forum" not in client.get(f"/s/{slug}/-/plugins").get_data(as_text=True).lower()
    )
    with without.test_request_context("/"):
        session = get_session()
        users.create_user(
            session,
            None,
            username="newcomer",
            display_name="New",
            password="another-secret",
            kind="teacher",
        )
        commit(session)
    with migrate.engine_of(without).connect() as connection:
        assert (
            connection.execute(text("SELECT count(*) FROM forum_topic")).scalar() == 1
        )

    migrate.upgrade(without)  # still possible: the forum's branch is known, not loaded

    # Installing it again brings the topic back, unchanged.
    again = create_app(make_config(tmp_path, url), plugins=[etwincms_forum])
    with again.test_request_context("/"):
        assert get_session().scalar(select(func.count()).select_from(Topic)) == 1
    client = again.test_client()
    AuthActions(client).login("teacher")
    assert "Hello" in client.get(f"/s/{slug}/-/forum/").get_data(as_text=True) or (
        "Hello"
        in client.get(f"/api/v1/projects/{slug}/forum/topics").get_data(as_text=True)
    )


def test_a_removed_plugin_stops_migrations_with_advice(
    tmp_path: Path, database_url: Any
):
    url = f"sqlite:///{tmp_path / 'site.db'}"
    migrate.upgrade(create_app(make_config(tmp_path, url), plugins=[etwincms_forum]))
    gone = create_app(make_config(tmp_path, url), plugins=[])  # its files are not there
    with pytest.raises(migrate.MigrationError, match="Reinstall it"):
        migrate.pending(gone)

"""The forum's side of the plugin contract: declarations, default content, its own
published event, search documents."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

import etwincms_forum
from etwincms import hookimpl
from etwincms.db import commit
from etwincms.plugins import project_hooks
from etwincms.services import plugins as space_plugins
from etwincms.state import get_state
from etwincms.testing import Factory
from etwincms_forum import services
from etwincms_forum.models import Forum

from .conftest import Browser, ForumSpace


class Listener:
    """A toy plugin that builds on the forum through its published hook only."""

    PLUGIN_NAME = "listener"

    def __init__(self) -> None:
        self.heard: list[tuple[str, str, str]] = []

    @hookimpl
    def forum_topic_created(self, topic: Any, project: Any, user: Any) -> None:
        self.heard.append((topic.title, project.slug, user.username))


@pytest.fixture
def listener() -> Listener:
    return Listener()


@pytest.fixture
def plugins(listener: Listener) -> list[Any]:
    """Every test here runs with the listener installed (switched on where it says)."""
    return [etwincms_forum, listener]


def forums_in(session: Session, project: Any) -> list[str]:
    return list(
        session.scalars(select(Forum.title).where(Forum.project_id == project.id))
    )


def test_declarations_are_registered(session: Session) -> None:
    registries = get_state().registries
    assert registries.plugins["forum"].title == "Forum"
    for capability in ("view", "post", "reply", "moderate", "manage"):
        assert f"forum.{capability}" in registries.permissions.by_name
    assert not registries.permissions["forum.moderate"].pupil_grantable
    assert not registries.permissions["forum.manage"].pupil_grantable
    assert registries.permissions["forum.reply"].writes
    assert {"forum_topic", "forum_post"} <= set(registries.content_types)
    settings = {spec.key: spec for spec in registries.settings["forum"]}
    assert (
        settings["topics_per_page"].default,
        settings["topics_per_page"].minimum,
    ) == (
        25,
        5,
    )
    assert settings["pupils_may_start_topics"].default is False


def test_enabling_creates_general_once(forum: ForumSpace) -> None:
    session, project, admin = forum.session, forum.project, forum.user("admin")
    assert forums_in(session, project) == ["General"]
    space_plugins.disable_plugin(session, admin, project, "forum")
    commit(session)
    space_plugins.enable_plugin(session, admin, project, "forum")
    commit(session)
    assert forums_in(session, project) == ["General"]


def test_enabling_another_plugin_creates_nothing(
    app: Any, session: Session, make: Factory
) -> None:
    admin = make.user("founder")
    project = make.space(admin, title="Quiet")
    commit(session)  # the forum is among the site's defaults: General is made here
    session.execute(delete(Forum).where(Forum.project_id == project.id))
    commit(session)
    hooks = project_hooks(project)
    hooks.plugin_enabled(project=project, plugin="listener", user=admin)
    assert forums_in(session, project) == []
    hooks.plugin_enabled(project=project, plugin="forum", user=admin)
    assert forums_in(session, project) == ["General"]


@pytest.mark.parametrize("listening", [True, False])
def test_hook_forum_topic_created(
    forum: ForumSpace, listener: Listener, listening: bool
) -> None:
    space_plugins.disable_plugin(forum.session, None, forum.project, "listener")
    if listening:
        space_plugins.enable_plugin(forum.session, None, forum.project, "listener")
        commit(forum.session)
    forum.topic("pupil_lead", "Hello world")
    expected = [("Hello world", forum.project.slug, "pupil_lead_user")]
    assert listener.heard == (expected if listening else [])


def test_no_event_for_a_topic_that_was_not_stored(
    forum: ForumSpace, listener: Listener
) -> None:
    space_plugins.enable_plugin(forum.session, None, forum.project, "listener")
    commit(forum.session)
    services.create_topic(
        forum.session,
        forum.user("teacher"),
        forum.project,
        forum.general,
        title="Draft",
        body="x",
    )
    forum.session.rollback()
    commit(forum.session)
    assert listener.heard == []


def test_search_documents_skip_hidden_posts(forum: ForumSpace) -> None:
    topic = forum.topic("teacher", "Compost", body="Worms eat leaves")
    shown = forum.reply("pupil", topic, "Our bin smells")
    hidden = forum.reply("pupil", topic, "Rude words")
    services.set_hidden(
        forum.session, forum.user("teacher"), forum.project, hidden, True
    )
    commit(forum.session)
    batches = project_hooks(forum.project).search_documents(project=forum.project)
    documents = {doc.id: doc for batch in batches for doc in batch}
    forum_docs = {key: doc for key, doc in documents.items() if doc.plugin == "forum"}
    assert f"forum_topic:{topic.id}" in forum_docs
    assert f"forum_post:{shown.id}" in forum_docs
    assert f"forum_post:{hidden.id}" not in forum_docs
    assert not any("Rude words" in doc.body for doc in forum_docs.values())
    post_doc = forum_docs[f"forum_post:{shown.id}"]
    assert post_doc.type == "forum_post"
    assert post_doc.visibility == "members"
    assert post_doc.title == "Compost"
    assert post_doc.url == f"{forum.url}/t/{topic.id}#post-{shown.id}"
    assert forum_docs[f"forum_topic:{topic.id}"].body == "Worms eat leaves"


def forum_documents(project: Any) -> set[str]:
    batches = project_hooks(project).search_documents(project=project)
    return {doc.id for batch in batches for doc in batch if doc.plugin == "forum"}


def test_switching_off_hides_everything_and_on_brings_it_back(
    forum: ForumSpace, browser: Browser
) -> None:
    topic = forum.topic("teacher", "Still here", body="Unchanged text")
    session, admin, project = forum.session, forum.user("admin"), forum.project
    browser.login("pupil")
    before = browser.get(f"/t/{topic.id}").get_data(as_text=True)
    home, api = f"/s/{project.slug}/", f"/api/v1/projects/{project.slug}/forum/topics"
    documents = forum_documents(project)
    assert documents

    space_plugins.disable_plugin(session, admin, project, "forum")
    commit(session)
    assert browser.get("/").status_code == 404
    assert browser.get(f"/t/{topic.id}").status_code == 404
    assert browser.client.get(api).status_code == 404
    assert f'href="{forum.url}/"' not in browser.client.get(home).get_data(as_text=True)
    assert forum_documents(project) == set()

    space_plugins.enable_plugin(session, admin, project, "forum")
    commit(session)
    assert forum_documents(project) == documents
    assert len(browser.client.get(api).get_json()["items"]) == 1
    assert "Unchanged text" in browser.get(f"/t/{topic.id}").get_data(as_text=True)
    assert forums_in(session, project) == ["General"]
    assert "Unchanged text" in before


def test_topics_and_replies_are_found_by_search_at_once(forum: ForumSpace) -> None:
    from etwincms.services.search import SearchQuery, search

    topic = forum.topic("teacher", "Irrigation schedule")
    forum.reply("pupil", topic, "Drip lines every morning")
    found = search(forum.session, forum.user("teacher"), SearchQuery("drip lines"))
    assert [hit.type for hit in found.hits] == ["forum_post"]

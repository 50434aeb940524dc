"""The wiki's side of the plugin contract: declarations, its published events, links
from the space's pages, switching it off and on, and the rest working without it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import etwincms_wiki
from etwincms import hookimpl, migrate
from etwincms.app import create_app
from etwincms.db import commit, get_session
from etwincms.services import pages
from etwincms.services import plugins as space_plugins
from etwincms.state import get_state
from etwincms.testing import AuthActions, Factory, make_config
from etwincms_wiki import moderation, services

from .conftest import Browser, WikiSpace, text


class Listener:
    """A toy plugin that builds on the wiki through its published hooks only."""

    PLUGIN_NAME = "listener"

    def __init__(self) -> None:
        self.heard: list[tuple[Any, ...]] = []

    @hookimpl
    def wiki_article_created(self, article: Any, project: Any, user: Any) -> None:
        self.heard.append(("created", article.title, user.username))

    @hookimpl
    def wiki_article_saved(
        self, article: Any, revision: Any, project: Any, user: Any
    ) -> None:
        self.heard.append(("saved", article.title, revision.number))

    @hookimpl
    def wiki_revision_reviewed(
        self, revision: Any, article: Any, project: Any, user: Any
    ) -> None:
        self.heard.append(("reviewed", article.title, revision.number, user.username))


@pytest.fixture
def listener() -> Listener:
    return Listener()


def shout(md: Any) -> None:
    """A markdown-it extension: "olive" is written "OLIVE"."""

    def rule(state: Any) -> None:
        for token in state.tokens:
            for child in token.children or []:
                if child.type == "text":
                    child.content = child.content.replace("olive", "OLIVE")

    md.core.ruler.push("shout", rule)


class Shouter:
    """A toy plugin with a Markdown extension, like the glossary's tooltips."""

    PLUGIN_NAME = "shouter"

    @hookimpl
    def markdown_extensions(self, project: Any) -> list[Any]:
        return [shout]


@pytest.fixture
def plugins(listener: Listener) -> list[Any]:
    return [etwincms_wiki, listener, Shouter()]


def test_declarations_are_registered(app: Any, session: Any) -> None:
    registries = get_state().registries
    assert registries.plugins["wiki"].title == "Wiki"
    for verb in (
        "view",
        "history",
        "create",
        "edit",
        "discuss",
        "protect",
        "patrol",
        "publish",
    ):
        assert f"wiki.{verb}" in registries.permissions.by_name
    for verb in ("protect", "patrol", "publish"):
        assert not registries.permissions[f"wiki.{verb}"].pupil_grantable
    assert not registries.permissions["wiki.view"].writes
    assert registries.content_types["wiki_article"].view_capability == "wiki.view"
    settings = {spec.key: spec for spec in registries.settings["wiki"]}
    assert settings["review_pupil_edits"].default is True
    assert settings["recent_changes_shown"].minimum == 10


def heard_after_a_day_of_editing(
    wiki: WikiSpace, listener: Listener, listening: bool, kind: str
) -> list[tuple[Any, ...]]:
    """Create, edit and review an article; what the listener heard of ``kind``."""
    space_plugins.disable_plugin(wiki.session, None, wiki.project, "listener")
    if listening:
        space_plugins.enable_plugin(wiki.session, None, wiki.project, "listener")
    commit(wiki.session)
    article = wiki.article("pupil", "Compost")
    revision = wiki.edit("pupil", article, "More")
    moderation.mark_reviewed(wiki.session, wiki.user("teacher"), wiki.project, revision)
    commit(wiki.session)
    return [event for event in listener.heard if event[0] == kind]


@pytest.mark.parametrize("listening", [True, False])
def test_hook_wiki_article_created(
    wiki: WikiSpace, listener: Listener, listening: bool
) -> None:
    heard = heard_after_a_day_of_editing(wiki, listener, listening, "created")
    assert heard == ([("created", "Compost", "pupil_user")] if listening else [])


@pytest.mark.parametrize("listening", [True, False])
def test_hook_wiki_article_saved(
    wiki: WikiSpace, listener: Listener, listening: bool
) -> None:
    heard = heard_after_a_day_of_editing(wiki, listener, listening, "saved")
    assert heard == (
        [("saved", "Compost", 1), ("saved", "Compost", 2)] if listening else []
    )


@pytest.mark.parametrize("listening", [True, False])
def test_hook_wiki_revision_reviewed(
    wiki: WikiSpace, listener: Listener, listening: bool
) -> None:
    heard = heard_after_a_day_of_editing(wiki, listener, listening, "reviewed")
    assert heard == ([("reviewed", "Compost", 2, "teacher_user")] if listening else [])


def test_no_event_for_an_article_that_was_not_stored(
    wiki: WikiSpace, listener: Listener
) -> None:
    space_plugins.enable_plugin(wiki.session, None, wiki.project, "listener")
    commit(wiki.session)
    services.create_article(
        wiki.session, wiki.user("teacher"), wiki.project, title="Draft", body="x"
    )
    wiki.session.rollback()
    commit(wiki.session)
    assert listener.heard == []


def test_pages_link_to_articles_with_the_wiki_prefix(
    wiki: WikiSpace, browser: Browser
) -> None:
    article = wiki.article("teacher", "Compost")
    page = pages.create_page(
        wiki.session,
        wiki.user("teacher"),
        wiki.project,
        title="Plan",
        body="Read [[wiki:compost]] and [[wiki:Worm farm]].",
    )
    commit(wiki.session)
    browser.login("pupil")
    html = text(browser.client.get(f"/s/{wiki.project.slug}/{page.path}"))
    assert f'href="{wiki.url}/a/{article.id}" class="wikilink"' in html
    assert ">Compost</a>" in html
    assert f'href="{wiki.url}/new?title=Worm+farm" class="wikilink-missing"' in html


def test_pupils_edits_need_review_only_when_the_space_says_so(wiki: WikiSpace) -> None:
    article = wiki.article("pupil", "Compost")
    assert wiki.edit("pupil", article, "Two").needs_review
    assert not wiki.edit("teacher", article, "Three").needs_review
    space_plugins.update_settings(
        wiki.session,
        wiki.user("admin"),
        wiki.project,
        "wiki",
        {"review_pupil_edits": False},
    )
    commit(wiki.session)
    assert not wiki.edit("pupil", article, "Four").needs_review


def test_switching_off_hides_everything_and_on_brings_it_back(
    wiki: WikiSpace, browser: Browser
) -> None:
    article = wiki.article("teacher", "Still here", "Unchanged text")
    home, api = f"/s/{wiki.project.slug}/", f"/api/v1{wiki.api_url}/articles"
    browser.login("pupil")
    assert f'href="{wiki.url}/"' in text(browser.client.get(home))
    wiki.switch(False)
    assert f'href="{wiki.url}/"' not in text(browser.client.get(home))
    for path in ("/", f"/a/{article.id}", f"/a/{article.id}/history", "/changes"):
        assert browser.get(path).status_code == 404, path
    assert browser.client.get(api).status_code == 404
    wiki.switch(True)
    assert "Unchanged text" in text(browser.get(f"/a/{article.id}"))
    assert len(browser.client.get(api).get_json()["items"]) == 1
    assert f'href="{wiki.url}/"' in text(browser.client.get(home))


def test_without_the_wiki_everything_else_works(tmp_path: Path) -> None:
    """A database migrated and used with the wiki, opened by an app that does not load it."""
    url = f"sqlite:///{tmp_path / 'site.db'}"
    with_wiki = create_app(make_config(tmp_path, url), plugins=[etwincms_wiki])
    migrate.upgrade(with_wiki)
    with with_wiki.test_request_context("/"):
        session = get_session()
        make = Factory(session)
        teacher = make.user("teacher", school=make.school("es"))
        project = make.space(teacher, title="Green Roots")
        space_plugins.enable_plugin(session, teacher, project, "wiki")
        services.create_article(
            session, teacher, project, title="Compost", body="Worms"
        )
        pages.create_page(session, teacher, project, title="Plan", body="**Plan**")
        commit(session)
        slug = project.slug
    without = create_app(make_config(tmp_path, url), plugins=[])
    assert migrate.drift(without) == []
    client = without.test_client()
    AuthActions(client).login("teacher")
    assert client.get(f"/s/{slug}/").status_code == 200
    assert "<strong>Plan</strong>" in text(client.get(f"/s/{slug}/plan"))
    assert client.get(f"/s/{slug}/-/wiki/").status_code == 404
    assert client.get(f"/api/v1/projects/{slug}/wiki/articles").status_code == 404


def test_articles_follow_the_markdown_extensions_switched_on(wiki: WikiSpace) -> None:
    from etwincms_wiki import discussion, queries

    session, admin, project = wiki.session, wiki.user("admin"), wiki.project
    space_plugins.disable_plugin(session, admin, project, "shouter")
    commit(session)
    article = wiki.article("pupil", "Harvest", "olive oil")
    comment = discussion.add_comment(
        session, wiki.user("pupil"), project, article, "olive"
    )
    commit(session)

    def shown() -> tuple[str, str]:
        revision = queries.current_revision(session, article)
        assert revision is not None
        return revision.html, comment.html

    assert shown() == ("<p>olive oil</p>\n", "<p>olive</p>\n")
    space_plugins.enable_plugin(session, admin, project, "shouter")
    commit(session)
    assert shown() == ("<p>OLIVE oil</p>\n", "<p>OLIVE</p>\n")
    space_plugins.disable_plugin(session, admin, project, "shouter")
    commit(session)
    assert shown() == ("<p>olive oil</p>\n", "<p>olive</p>\n")

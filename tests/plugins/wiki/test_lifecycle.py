"""The wiki's part in the project lifecycle: articles as contributions and outputs,
pupils' texts of public articles in the one moderation queue, the consent rule, and
the static export."""

from __future__ import annotations

import re
from typing import Any

import pytest

from etwincms.db import commit
from etwincms.errors import ValidationError
from etwincms.moderation.consent import record_shown
from etwincms.moderation.models import Consent, ConsentLevel
from etwincms.plugins import project_hooks
from etwincms.services.search import SearchQuery, search
from etwincms_wiki import moderation
from etwincms_wiki.models import Article

from .conftest import Browser, WikiSpace, text


def hook_items(wiki: WikiSpace, hook: str) -> list[Any]:
    batches = getattr(project_hooks(wiki.project), hook)(project=wiki.project)
    return [item for batch in batches for item in batch or ()]


def waiting_ids(wiki: WikiSpace) -> list[str]:
    return [p.item.id for p in hook_items(wiki, "pending_publications")]


def decide(wiki: WikiSpace, item_id: str, approve: bool) -> Any:
    handled = project_hooks(wiki.project).decide_publication(
        project=wiki.project,
        item_id=item_id,
        approve=approve,
        actor=wiki.user("teacher"),
    )
    commit(wiki.session)
    return handled


def publish(wiki: WikiSpace, article: Article) -> None:
    moderation.set_public(
        wiki.session, wiki.user("teacher"), wiki.project, article, True
    )
    commit(wiki.session)


@pytest.fixture
def public_article(wiki: WikiSpace) -> Article:
    wiki.project.is_public = True
    commit(wiki.session)
    article = wiki.article("teacher", "Olive oil", "Pressed in November.")
    publish(wiki, article)
    return article


def test_articles_are_contributions_and_public_ones_are_outputs(
    wiki: WikiSpace, public_article: Article
) -> None:
    draft = wiki.article("pupil", "Our notes", "Members only.")
    items = {c.id: c for c in hook_items(wiki, "space_contributions")}
    assert set(items) == {
        f"wiki_article:{public_article.id}",
        f"wiki_article:{draft.id}",
    }
    shown = items[f"wiki_article:{public_article.id}"]
    assert shown.public and shown.output and shown.type == "wiki_article"
    assert shown.url == f"/s/{wiki.project.slug}/-/wiki/a/{public_article.id}"
    assert shown.author_id == wiki.user("teacher").id
    hidden = items[f"wiki_article:{draft.id}"]
    assert not hidden.public and not hidden.output


def test_a_pupils_text_of_a_public_article_waits_and_visitors_read_the_older_one(
    wiki: WikiSpace, public_article: Article, browser: Browser
) -> None:
    wiki.edit("pupil", public_article, "Pressed in November by Pupil_User's class.")
    assert waiting_ids(wiki) == [f"wiki_article:{public_article.id}"]
    [entry] = hook_items(wiki, "pending_publications")
    assert "Pupil_User" in entry.excerpt and not entry.item.public

    visitor = text(browser.get(f"/a/{public_article.id}"))
    assert "Pressed in November." in visitor and "Pupil_User" not in visitor
    assert not search(wiki.session, None, SearchQuery("pressed")).hits
    browser.login("teacher")
    assert "by Pupil_User" in text(browser.get(f"/a/{public_article.id}"))


def test_approving_reviews_the_text_and_visitors_read_it(
    wiki: WikiSpace, public_article: Article, browser: Browser
) -> None:
    first = wiki.edit("pupil", public_article, "Pressed in November, cold.")
    second = wiki.edit("pupil", public_article, "Pressed in November, cold and early.")
    assert decide(wiki, f"wiki_article:{public_article.id}", True) is True
    assert waiting_ids(wiki) == []
    assert (
        first.reviewed_at is not None
        and second.reviewed_by_id == wiki.user("teacher").id
    )
    assert "cold and early" in text(browser.get(f"/a/{public_article.id}"))
    with pytest.raises(ValidationError, match="no text waiting"):
        decide(wiki, f"wiki_article:{public_article.id}", True)


def test_rejecting_keeps_the_text_for_members_only(
    wiki: WikiSpace, public_article: Article, browser: Browser
) -> None:
    refused = wiki.edit("pupil", public_article, "Something not for the web.")
    assert decide(wiki, f"wiki_article:{public_article.id}", False) is True
    assert waiting_ids(wiki) == []
    assert refused.reviewed_at is not None and refused.publication_refused
    assert "not for the web" not in text(browser.get(f"/a/{public_article.id}"))
    api = browser.client.get(f"/api/v1{wiki.api_url}/articles/{public_article.id}")
    assert "not for the web" not in api.get_data(as_text=True)
    browser.login("pupil")
    assert "not for the web" in text(browser.get(f"/a/{public_article.id}"))


def test_members_only_articles_and_teachers_texts_do_not_wait(
    wiki: WikiSpace, public_article: Article
) -> None:
    wiki.edit("teacher", public_article, "A teacher's text.")
    members = wiki.article("pupil", "Members", "Ours.")
    wiki.edit("pupil", members, "Still ours.")
    assert waiting_ids(wiki) == []
    assert decide(wiki, "gallery_item:1", True) is None


def test_an_article_showing_a_pupil_without_consent_cannot_go_public(
    wiki: WikiSpace,
) -> None:
    article = wiki.article("teacher", "Our class", "A photo of us.")
    item = f"wiki_article:{article.id}"
    record_shown(wiki.session, wiki.project, item, [wiki.user("pupil").id])
    commit(wiki.session)
    with pytest.raises(ValidationError, match="without consent for public use"):
        publish(wiki, article)
    wiki.session.rollback()
    assert not wiki.session.get(Article, article.id).public

    pupil_id = wiki.user("pupil").id
    wiki.session.add(Consent(pupil_id=pupil_id, level=ConsentLevel.PUBLIC, note=""))
    commit(wiki.session)
    publish(wiki, article)
    assert article.public


def test_approval_asks_the_consent_rule(
    wiki: WikiSpace, public_article: Article
) -> None:
    wiki.edit("pupil", public_article, "With a photo of me.")
    item = f"wiki_article:{public_article.id}"
    record_shown(wiki.session, wiki.project, item, [wiki.user("pupil").id])
    commit(wiki.session)
    with pytest.raises(ValidationError, match="without consent"):
        decide(wiki, item, True)
    wiki.session.rollback()
    assert waiting_ids(wiki) == [item]


def test_the_export_has_public_articles_as_visitors_read_them(
    wiki: WikiSpace, public_article: Article
) -> None:
    wiki.edit("pupil", public_article, "Written by Pupil_User, waiting.")
    embedded = wiki.article(
        "teacher",
        "Video",
        '<iframe src="https://www.youtube.com/embed/x"></iframe>\n\n'
        "![cat](https://example.org/cat.png)\n\n[[Olive oil]]",
    )
    publish(wiki, embedded)
    wiki.article("teacher", "Internal", "Not public.")

    pages = {page.title: page for page in hook_items(wiki, "public_export")}

    assert set(pages) == {"Olive oil", "Video", "Wiki"}
    assert pages["Wiki"].path == "wiki/index.html"
    assert f'href="{pages["Video"].url}"' in pages["Wiki"].html
    oil = pages["Olive oil"]
    assert oil.path == f"wiki/article-{public_article.id}.html"
    assert oil.url == f"/s/{wiki.project.slug}/-/wiki/a/{public_article.id}"
    assert (
        "Pressed in November." in oil.html and "Pupil_User" not in oil.html + oil.text
    )
    video = pages["Video"].html
    assert "<iframe" not in video
    assert not re.search(r"<[^>]*\bsrc=\"(https?:)?//", video)
    assert f"/wiki/a/{public_article.id}" in video  # the exporter rewrites live links

"""Teachers' tools and the article's side pages, through the browser's forms:
protection, patrolling pupils' edits, publishing, language versions, the discussion."""

from __future__ import annotations

import re

from .conftest import Browser, WikiSpace, text


def test_a_protected_article_is_edited_by_teachers_only(
    browser: Browser, wiki: WikiSpace
) -> None:
    article = wiki.article("pupil", "Safety rules", "Wear gloves.")
    browser.login("teacher")
    assert browser.post(f"/a/{article.id}/protect").status_code == 302
    browser.login("pupil_lead")
    page = text(browser.get(f"/a/{article.id}"))
    assert "This article is protected" in page and f"/a/{article.id}/edit" not in page
    form = {"title": "Safety rules", "body": "No gloves", "base": "1"}
    assert browser.post(f"/a/{article.id}/edit", form).status_code == 403
    assert browser.post(f"/a/{article.id}/revert", {"number": "1"}).status_code == 403
    browser.login("teacher")
    assert browser.post(f"/a/{article.id}/edit", form).status_code == 302
    assert browser.post(f"/a/{article.id}/unprotect").status_code == 302
    browser.login("pupil_lead")
    assert browser.get(f"/a/{article.id}/edit").status_code == 200


def test_teachers_patrol_pupils_edits(browser: Browser, wiki: WikiSpace) -> None:
    article = wiki.article("teacher", "Olive press", "Cold pressed.")
    edit = wiki.edit("pupil", article, "Cold pressed in Alzira.")
    wiki.edit("teacher", article, "Cold pressed in Alzira, 2026.")
    browser.login("admin")
    listed = text(browser.get("/unreviewed"))
    assert listed.count("wiki-unreviewed") == 1 and "Pupil_User" in listed
    assert browser.post(f"/r/{edit.id}/review").status_code == 302
    assert "wiki-unreviewed" not in text(browser.get("/unreviewed"))
    assert "Nothing to show." in text(browser.get("/unreviewed"))
    history = text(browser.get(f"/a/{article.id}/history"))
    assert "reviewed" in history and "Mark as reviewed" not in history


def test_publishing_shows_an_article_to_visitors_of_a_public_space(
    browser: Browser, wiki: WikiSpace
) -> None:
    wiki.project.is_public = True
    wiki.session.commit()
    article = wiki.article("pupil", "Our results", "Yields went up.")
    browser.login(None)
    assert browser.get(f"/a/{article.id}").status_code == 404
    browser.login("teacher")
    assert browser.post(f"/a/{article.id}/publish").status_code == 302
    browser.login(None)
    page = text(browser.get(f"/a/{article.id}"))
    assert "Yields went up." in page
    assert (
        f"/a/{article.id}/history" not in page and f"/a/{article.id}/edit" not in page
    )


def test_language_versions_link_to_each_other(
    browser: Browser, wiki: WikiSpace
) -> None:
    soil = wiki.article("teacher", "Soil", "Dirt.", language="en")
    suelo = wiki.article("pupil", "Suelo", "Tierra.", language="es")
    boden = wiki.article("pupil", "Boden", "Erde.", language="de")
    other = wiki.article("pupil", "Erdreich", "Erde.", language="de")
    browser.login("pupil")
    browser.post(f"/a/{soil.id}/versions", {"title": "suelo"})
    browser.post(f"/a/{suelo.id}/versions", {"title": "Boden"})
    page = text(browser.get(f"/a/{boden.id}"))
    assert re.search(r'lang="en" hreflang="en">EN: Soil</a>', page)
    assert re.search(r'lang="es" hreflang="es">ES: Suelo</a>', page)
    refused = browser.post(f"/a/{other.id}/versions", {"title": "Soil"})
    assert refused.status_code == 302
    assert "That language has a version already." in text(
        browser.client.get(refused.location)
    )
    browser.post(f"/a/{boden.id}/unlink")
    assert "DE: Boden" not in text(browser.get(f"/a/{soil.id}"))
    assert "ES: Suelo" in text(browser.get(f"/a/{soil.id}"))


def test_new_articles_take_one_of_the_spaces_languages(
    browser: Browser, wiki: WikiSpace
) -> None:
    browser.login("pupil")
    refused = browser.post("/new", {"title": "Ciao", "body": "x", "language": "it"})
    assert refused.status_code == 400 and "space&#39;s languages" in text(refused)
    assert (
        browser.post(
            "/new", {"title": "Hola", "body": "x", "language": "es"}
        ).status_code
        == 302
    )


def test_members_discuss_an_article(browser: Browser, wiki: WikiSpace) -> None:
    article = wiki.article("pupil", "Compost", "Worms.")
    browser.login("observer")
    empty = browser.post(f"/a/{article.id}/talk", {"body": "  "})
    assert empty.status_code == 400 and "must not be empty" in text(empty)
    posted = browser.post(
        f"/a/{article.id}/talk", {"body": "Add a photo of [[Compost]]?"}
    )
    assert posted.status_code == 302
    browser.login("pupil")
    thread = text(browser.get(f"/a/{article.id}/talk"))
    assert "Observer_User" in thread
    assert f'href="{wiki.url}/a/{article.id}" class="wikilink"' in thread

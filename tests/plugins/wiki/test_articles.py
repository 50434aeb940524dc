"""Writing and reading articles through the browser's forms: create from a red link,
edit with conflicts, history, diff, revert, backlinks, index, random, recent changes."""

from __future__ import annotations

import re

from etwincms.errors import EditConflict

from .conftest import Browser, WikiSpace, text


def test_a_red_link_offers_to_create_the_article_and_turns_blue(
    browser: Browser, wiki: WikiSpace
) -> None:
    compost = wiki.article("teacher", "Compost", "Worms help: see [[Worm farm]].")
    browser.login("pupil")
    page = text(browser.get(f"/a/{compost.id}"))
    red = re.search(
        r'<a href="([^"]+)" class="wikilink-missing"[^>]*>Worm farm</a>', page
    )
    assert red is not None
    form = browser.client.get(red.group(1).replace("&amp;", "&"))
    assert form.status_code == 200
    assert 'value="Worm farm"' in text(form)
    created = browser.post(
        "/new", {"title": "Worm farm", "body": "Red wigglers.", "base": "0"}
    )
    assert created.status_code == 302
    page = text(browser.get(f"/a/{compost.id}"))
    assert 'class="wikilink" rel="noopener noreferrer">Worm farm</a>' in page
    farm = text(browser.client.get(created.headers["Location"]))
    assert "Red wigglers." in farm


def test_titles_are_unique_in_a_space_whatever_the_case(
    browser: Browser, wiki: WikiSpace
) -> None:
    wiki.article("teacher", "Compost")
    browser.login("pupil")
    again = browser.post("/new", {"title": "  COMPOST ", "body": "Mine", "base": "0"})
    assert again.status_code == 400
    assert "exists already" in text(again)
    assert "Mine" in text(again)  # nothing typed is lost


def test_go_opens_an_article_or_the_form_to_create_it(
    browser: Browser, wiki: WikiSpace
) -> None:
    compost = wiki.article("teacher", "Compost")
    browser.login("observer")
    assert (
        browser.get("/go?title=compost")
        .headers["Location"]
        .endswith(f"/a/{compost.id}")
    )
    assert "/new?title=Soil" in browser.get("/go?title=Soil").headers["Location"]


def test_a_stale_save_shows_both_texts_and_merges_when_it_can(
    browser: Browser, wiki: WikiSpace
) -> None:
    article = wiki.article("teacher", "Olive oil", "line one\nline two\nline three")
    wiki.edit("teacher", article, "line ONE\nline two\nline three")
    browser.login("pupil")
    answer = browser.post(
        f"/a/{article.id}/edit",
        {"title": "Olive oil", "body": "line one\nline two\nline THREE", "base": "1"},
    )
    assert answer.status_code == 409
    assert "line ONE\nline two\nline THREE" in text(answer)
    assert 'name="base" value="2"' in text(answer)


def test_the_service_refuses_a_stale_base(wiki: WikiSpace) -> None:
    article = wiki.article("teacher", "Olive oil", "one")
    wiki.edit("pupil", article, "two")
    try:
        from etwincms_wiki import services

        services.save_revision(
            wiki.session,
            wiki.user("pupil_lead"),
            wiki.project,
            article,
            body="x",
            base_number=1,
        )
    except EditConflict as conflict:
        assert conflict.theirs == "two" and conflict.mine == "x"
    else:
        raise AssertionError("a stale save went through")


def test_history_diff_and_revert(browser: Browser, wiki: WikiSpace) -> None:
    article = wiki.article("pupil", "Harvest", "We pick olives in November.")
    wiki.edit("pupil_lead", article, "lol", summary="vandalism")
    browser.login("teacher")
    history = text(browser.get(f"/a/{article.id}/history"))
    assert "vandalism" in history and "Restore this version" in history
    diff = text(browser.get(f"/a/{article.id}/diff?from=1&to=2"))
    assert "<del>We pick olives in November.</del>" in diff and "<ins>lol</ins>" in diff
    assert browser.post(f"/a/{article.id}/revert", {"number": "1"}).status_code == 302
    assert "We pick olives in November." in text(browser.get(f"/a/{article.id}"))
    wiki.session.refresh(article)
    assert article.current_number == 3
    assert "Reverted to revision 1" in text(browser.get(f"/a/{article.id}/history"))


def test_renaming_an_article_turns_links_to_the_old_title_red(
    browser: Browser, wiki: WikiSpace
) -> None:
    target = wiki.article("teacher", "Soil", "Dirt.")
    linking = wiki.article("teacher", "Farm", "See [[Soil]].")
    browser.login("teacher")
    assert 'class="wikilink" rel="noopener noreferrer">Soil</a>' in text(
        browser.get(f"/a/{linking.id}")
    )
    wiki.edit("teacher", target, "Dirt.", title="Topsoil")
    assert 'class="wikilink-missing" rel="noopener noreferrer">Soil</a>' in text(
        browser.get(f"/a/{linking.id}")
    )


def test_backlinks_index_random_and_recent_changes(
    browser: Browser, wiki: WikiSpace
) -> None:
    soil = wiki.article("teacher", "Soil", "Dirt.")
    wiki.article("pupil", "Farm", "See [[soil]].", language="es")
    wiki.article("pupil", "Alpha", "First.")
    browser.login("observer")
    links = text(browser.get(f"/a/{soil.id}/links"))
    assert ">Farm</a>" in links and ">Alpha</a>" not in links
    index = text(browser.get("/"))
    assert (
        index.index(">Alpha</a>") < index.index(">Farm</a>") < index.index(">Soil</a>")
    )
    spanish = text(browser.get("/?language=es"))
    assert ">Farm</a>" in spanish and ">Soil</a>" not in spanish
    assert "/a/" in browser.get("/random").headers["Location"]
    changes = text(browser.get("/changes"))
    assert changes.index(">Alpha</a>") < changes.index(">Soil</a>")

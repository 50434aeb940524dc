"""The wiki in search: articles are found by those who may read them, follow every
change, and leave the results where a space switches the wiki off (and come back)."""

from __future__ import annotations

from typing import Any

from etwincms.db import commit
from etwincms.services.search import SearchQuery, search
from etwincms_wiki import moderation

from .conftest import WikiSpace


def found(wiki: WikiSpace, role: str | None, word: str) -> list[str]:
    user = wiki.users[role] if role else None
    results = search(wiki.session, user, SearchQuery(word, per_page=50))
    return sorted(hit.title for hit in results.hits if hit.type == "wiki_article")


def test_members_find_articles_and_edits_follow(wiki: WikiSpace) -> None:
    article = wiki.article("pupil", "Compost", "Earthworms turn leaves into soil.")
    assert found(wiki, "observer", "earthworms") == ["Compost"]
    wiki.edit("pupil_lead", article, "Bacteria do most of the work.")
    assert found(wiki, "observer", "earthworms") == []
    assert found(wiki, "teacher", "bacteria") == ["Compost"]
    assert found(wiki, "outsider", "bacteria") == []


def test_visitors_find_only_public_articles_of_a_public_space(wiki: WikiSpace) -> None:
    wiki.project.is_public = True
    shown = wiki.article("teacher", "Olive harvest", "Olives from Alzira.")
    wiki.article("teacher", "Olive budget", "Olives cost money.")
    moderation.set_public(wiki.session, wiki.user("admin"), wiki.project, shown, True)
    commit(wiki.session)
    assert found(wiki, None, "olives") == ["Olive harvest"]
    assert found(wiki, "outsider", "olives") == ["Olive harvest"]
    assert found(wiki, "pupil", "olives") == ["Olive budget", "Olive harvest"]
    moderation.set_public(wiki.session, wiki.user("admin"), wiki.project, shown, False)
    commit(wiki.session)
    assert found(wiki, None, "olives") == []


def test_switching_the_wiki_off_hides_results_and_on_brings_them_back(
    wiki: WikiSpace,
) -> None:
    wiki.article("teacher", "Irrigation", "Drip lines save water.")
    assert found(wiki, "pupil", "drip") == ["Irrigation"]
    wiki.switch(False)
    assert found(wiki, "pupil", "drip") == []
    assert found(wiki, "site_admin", "drip") == []
    wiki.switch(True)
    assert found(wiki, "pupil", "drip") == ["Irrigation"]


def test_documents_carry_language_visibility_and_url(wiki: WikiSpace) -> None:
    from etwincms.plugins import project_hooks

    article = wiki.article("teacher", "Suelo", "Tierra fértil.", language="es")
    batches = project_hooks(wiki.project).search_documents(project=wiki.project)
    documents: dict[str, Any] = {d.id: d for batch in batches for d in batch}
    document = documents[f"wiki_article:{article.id}"]
    assert (document.type, document.plugin, document.language) == (
        "wiki_article",
        "wiki",
        "es",
    )
    assert document.visibility == "members"
    assert document.url == f"{wiki.url}/a/{article.id}"
    assert document.body == "Tierra fértil."

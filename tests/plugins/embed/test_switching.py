"""Switching the embed plugin off in a space hides it there (navigation, pages, API,
search results, embeds in pages) and keeps every embed; switching it on brings all back."""

from __future__ import annotations

from sqlalchemy import func, select

from etwincms.services.search import SearchQuery, search
from etwincms_embed.models import EmbedItem

from .conftest import VIDEO, Browser, EmbedSpace, text
from .test_blocks import block, make_page, rendered


def visible(browser: Browser, embeds: EmbedSpace, item_id: int) -> dict[str, bool]:
    """Where the plugin shows for a pupil of the space."""
    home = text(browser.client.get(f"/s/{embeds.project.slug}/"))
    found = search(embeds.session, embeds.user("pupil"), SearchQuery("tractor"))
    return {
        "nav": f'href="{embeds.url}/"' in home,
        "page": browser.get(f"/e/{item_id}").status_code == 200,
        "api": browser.client.get(f"{embeds.api}/items/{item_id}").status_code == 200,
        "search": "embed_item" in {hit.type for hit in found.hits},
    }


def test_off_hides_everything_and_keeps_the_data_on_brings_it_back(
    browser: Browser, embeds: EmbedSpace
) -> None:
    item = embeds.item("teacher", title="The old tractor")
    page = make_page(embeds, block(VIDEO))
    browser.login("pupil")
    everywhere = {"nav": True, "page": True, "api": True, "search": True}
    assert visible(browser, embeds, item.id) == everywhere
    assert "embed-placeholder" in rendered(embeds, page)

    embeds.switch(on=False)
    assert visible(browser, embeds, item.id) == dict.fromkeys(everywhere, False)
    assert "embed-placeholder" not in rendered(embeds, page)
    assert browser.get("/").status_code == 404
    count = select(func.count(EmbedItem.id)).where(
        EmbedItem.project_id == embeds.project.id
    )
    assert embeds.session.scalar(count) == 1

    embeds.switch(on=True)
    assert visible(browser, embeds, item.id) == everywhere
    assert "embed-placeholder" in rendered(embeds, page)

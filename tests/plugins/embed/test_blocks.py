"""Embeds in pages: the ``block:embed`` fence through the core's render+sanitize pipeline.

Pages are stored as sanitized HTML, so these tests read what the database keeps: the
click-to-load placeholder (no frame, no third-party address outside ``data-*``), the
sandboxed frame when the space turned click-to-load off, plain links for unknown URLs,
plain text for unsafe ones, and the space's allowlist of providers.
"""

from __future__ import annotations

import re

from etwincms.db import commit
from etwincms.models import Page
from etwincms.services import pages, revisions

from .conftest import VIDEO, Browser, EmbedSpace, text

YT_EMBED = "https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ"


def block(url: str, title: str = "Farm visit") -> str:
    return f"Before.\n\n```block:embed\nurl: {url}\ntitle: {title}\n```\n\nAfter."


def make_page(embeds: EmbedSpace, body: str) -> Page:
    page = pages.create_page(
        embeds.session, embeds.user("teacher"), embeds.project, title="Visit", body=body
    )
    commit(embeds.session)
    return page


def rendered(embeds: EmbedSpace, page: Page) -> str:
    embeds.session.expire_all()
    return revisions.get_revision(
        embeds.session, page, page.current_number
    ).rendered_html


def test_a_block_becomes_a_click_to_load_placeholder_that_survives_the_sanitizer(
    embeds: EmbedSpace,
) -> None:
    html = rendered(embeds, make_page(embeds, block(VIDEO)))
    assert "<iframe" not in html
    assert 'class="embed embed-placeholder"' in html
    assert f'data-embed-src="{YT_EMBED}"' in html
    assert 'data-embed-provider="YouTube"' in html
    assert 'data-embed-sandbox="allow-scripts allow-same-origin' in html
    assert "hosted by YouTube" in html
    # the no-JavaScript fallback: a link to the share page, never loaded by itself
    assert re.search(
        r'<a class="embed-fallback" href="https://www.youtube.com/watch[^"]*"', html
    )
    assert not re.search(r'\ssrc="https://', html)


def test_without_click_to_load_the_frame_is_sandboxed_with_the_providers_permissions(
    embeds: EmbedSpace,
) -> None:
    embeds.settings(click_to_load=False)
    html = rendered(embeds, make_page(embeds, block(VIDEO)))
    frame = re.search(r"<iframe[^>]*>", html)
    assert frame is not None
    assert f'src="{YT_EMBED}"' in frame.group(0)
    assert (
        'sandbox="allow-scripts allow-same-origin allow-presentation allow-popups"'
        in (frame.group(0))
    )
    assert 'allow="fullscreen; picture-in-picture; encrypted-media"' in frame.group(0)
    assert 'title="Farm visit"' in frame.group(0)


def test_unknown_urls_become_plain_links_and_unsafe_ones_plain_text(
    embeds: EmbedSpace,
) -> None:
    unknown = rendered(
        embeds, make_page(embeds, block("https://example.org/tool", "Tool"))
    )
    assert (
        '<a href="https://example.org/tool" rel="noopener noreferrer">Tool</a>'
        in unknown
    )
    for url in ("javascript:alert(1)", "data:text/html,<script>x</script>"):
        html = rendered(embeds, make_page(embeds, block(url, "Trap")))
        assert "javascript:" not in html and "data:" not in html
        assert "<a" not in html and "Trap" in html
    look_alike = "https://youtube.com@evil.example/watch?v=aqz-KE-bpKQ"
    html = rendered(embeds, make_page(embeds, block(look_alike)))
    assert "embed-placeholder" not in html and "<iframe" not in html


def test_the_space_allowlist_limits_providers(embeds: EmbedSpace) -> None:
    embeds.settings(providers="padlet, vimeo")
    html = rendered(embeds, make_page(embeds, block(VIDEO)))
    assert "embed-placeholder" not in html
    assert f'href="{VIDEO}"' in html
    padlet = rendered(
        embeds, make_page(embeds, block("https://padlet.com/embed/abc123xyz9"))
    )
    assert 'data-embed-src="https://padlet.com/embed/abc123xyz9"' in padlet


def test_a_block_may_name_an_embed_of_the_library(embeds: EmbedSpace) -> None:
    item = embeds.item("teacher", title="From the library")
    html = rendered(embeds, make_page(embeds, f"```block:embed\nid: {item.id}\n```"))
    assert f'data-embed-src="{YT_EMBED}"' in html
    assert 'data-embed-title="From the library"' in html


def test_a_page_with_an_embed_links_the_script_and_has_no_inline_script(
    browser: Browser, embeds: EmbedSpace
) -> None:
    page = make_page(embeds, block(VIDEO))
    browser.login("pupil")
    html = text(browser.client.get(f"/s/{embeds.project.slug}/{page.path}"))
    assert re.search(r'<script[^>]+src="[^"]*embed\.js[^"]*"', html)
    assert 'data-embed-src="' in html
    inline = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", html, re.S)
    assert all("embed" not in script for script in inline)

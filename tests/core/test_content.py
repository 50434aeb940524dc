"""The content pipeline: Markdown features, wiki links, and the one sanitizer."""

from __future__ import annotations

from typing import Any

import pytest

from etwincms.content.markdown import LinkTarget, normalise_title, wikilink_targets
from etwincms.content.render import render_markdown
from etwincms.state import get_state


def resolver(existing: dict[str, str]):
    def resolve(title: str) -> LinkTarget:
        href = existing.get(normalise_title(title))
        return LinkTarget(href, True) if href else LinkTarget("/missing", False)

    return resolve


def test_tables_footnotes_task_lists_and_strikethrough(session: Any) -> None:
    html = render_markdown(
        "| EN | ES |\n|:--|--:|\n| crop rotation | rotación de cultivos |\n\n"
        "- [x] book flights\n- [ ] pack boots\n\n~~old~~ text[^1]\n\n[^1]: A note.\n"
    )
    assert (
        "<table>" in html and '<td class="align-right">' in html and "style" not in html
    )
    assert 'type="checkbox"' in html and "checked" in html
    assert "<s>old</s>" in html or "<del>old</del>" in html
    assert 'class="footnotes"' in html and 'href="#fn1"' in html


def test_raw_html_is_escaped_not_rendered(session: Any) -> None:
    html = render_markdown(
        '<script>alert(1)</script>\n\n<img src=x onerror="alert(1)">'
    )
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;" in html


@pytest.mark.parametrize(
    "source",
    [
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x](data:text/html,<b>)",
        "![x](javascript:alert(1))",
        "[x](vbscript:msgbox(1))",
        "<javascript:alert(1)>",
    ],
)
def test_dangerous_link_schemes_never_become_links(session: Any, source: str) -> None:
    html = render_markdown(source).lower()
    assert 'href="javascript' not in html and 'src="javascript' not in html
    assert 'href="data:' not in html and 'href="vbscript' not in html


def test_external_links_get_safe_rel(session: Any) -> None:
    html = render_markdown("[EU](https://school-education.ec.europa.eu)")
    assert 'rel="noopener noreferrer"' in html


def test_wiki_links_resolve_with_labels_and_anchors(session: Any) -> None:
    html = render_markdown(
        "[[Glossary]] [[glossary|the terms]] [[Glossary#soil|soil]] [[Missing page]]",
        resolver({"glossary": "/s/x/-/id/3"}),
    )
    assert html.count('href="/s/x/-/id/3"') == 2
    assert 'href="/s/x/-/id/3#soil"' in html
    assert (
        '<a href="/missing" class="wikilink-missing" rel="noopener noreferrer">Missing page'
        in html
    )


def test_wiki_link_text_is_escaped(session: Any) -> None:
    html = render_markdown(
        '[[<img src=x onerror=alert(1)>]] [["><script>]]', resolver({})
    )
    assert "<img" not in html and "<script" not in html


def test_wiki_link_targets_are_collected_normalised() -> None:
    text = "[[ Glossary ]] [[glossary|x]] [[Über  uns#a]] [not a link] [[]]"
    assert wikilink_targets(text) == {"glossary", "über uns"}


@pytest.mark.parametrize(
    ("dirty", "forbidden"),
    [
        ("<a href='javascript:alert(1)'>x</a>", "javascript"),
        ("<img src=x onerror=alert(1)>", "onerror"),
        ("<svg><script>alert(1)</script></svg>", "script"),
        ("<iframe src='https://evil.example'></iframe>", "iframe"),
        ("<p style='position:fixed'>x</p>", "position"),
        ("<a href='https://x.example' class='evil'>x</a>", "evil"),
        ("<td style='text-align:left;background:url(javascript:1)'>x</td>", "style"),
    ],
)
def test_the_sanitizer_removes_what_is_not_allowed(
    session: Any, dirty: str, forbidden: str
):
    assert forbidden not in get_state().sanitizer.clean(dirty)


def test_the_sanitizer_keeps_what_pages_need(session: Any) -> None:
    clean = get_state().sanitizer.clean(
        '<h2>Soil</h2><p><a href="https://x.example" title="t">x</a>'
        '<img src="/m/1" alt="A field"></p><table><tr><td>1</td></tr></table>'
    )
    assert '<a href="https://x.example" title="t" rel="noopener noreferrer">' in clean
    assert '<img src="/m/1" alt="A field">' in clean
    assert "<h2>Soil</h2>" in clean and "<td>1</td>" in clean

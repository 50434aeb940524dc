"""The ONE HTML sanitizer: every piece of user-influenced HTML passes through here.

Built on nh3 (Rust ammonia) with an allowlist fitted to what the Markdown renderer
emits: prose, tables, footnotes and task lists; links and images over http(s) (and
mailto for links); no scripts, styles, event handlers or frames. The engine sits in this
file only, so replacing it touches nothing else.
"""

from __future__ import annotations

import nh3

TAGS = frozenset(
    {
        "a",
        "abbr",
        "b",
        "blockquote",
        "br",
        "caption",
        "code",
        "col",
        "colgroup",
        "dd",
        "del",
        "details",
        "div",
        "dl",
        "dt",
        "em",
        "figcaption",
        "figure",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "i",
        "img",
        "input",
        "ins",
        "kbd",
        "li",
        "mark",
        "ol",
        "p",
        "pre",
        "q",
        "s",
        "section",
        "small",
        "span",
        "strong",
        "sub",
        "summary",
        "sup",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "u",
        "ul",
    }
)

ATTRIBUTES = {
    "a": {"href", "title", "id"},
    "img": {"src", "alt", "title", "width", "height"},
    "th": {"style", "colspan", "rowspan"},
    "td": {"style", "colspan", "rowspan"},
    "li": {"id"},
    "sup": {"id"},
    "ol": {"start"},
    "input": {"disabled", "checked"},
    "h1": {"id"},
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
    "h5": {"id"},
    "h6": {"id"},
}

CLASSES = {
    "a": {"wikilink", "wikilink-missing", "footnote-backref"},
    "input": {"task-list-item-checkbox"},
    "li": {"task-list-item", "footnote-item"},
    "ul": {"contains-task-list"},
    "section": {"footnotes"},
    "sup": {"footnote-ref"},
    "hr": {"footnotes-sep"},
}

ATTRIBUTE_VALUES = {"input": {"type": {"checkbox"}}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
STYLE_PROPERTIES = frozenset({"text-align"})


class Sanitizer:
    """A reusable cleaner built from one allowlist (plugins may widen it at start-up)."""

    def __init__(self) -> None:
        self._cleaner = nh3.Cleaner(
            tags=set(TAGS),
            attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
            allowed_classes={tag: set(names) for tag, names in CLASSES.items()},
            tag_attribute_values=ATTRIBUTE_VALUES,
            url_schemes=set(URL_SCHEMES),
            filter_style_properties=set(STYLE_PROPERTIES),
            link_rel="noopener noreferrer",
            strip_comments=True,
        )

    def clean(self, html: str) -> str:
        """Return ``html`` with everything outside the allowlist removed."""
        return self._cleaner.clean(html)

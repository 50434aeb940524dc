"""The ONE HTML sanitizer: every piece of user-influenced HTML passes through here.

Built on nh3 (Rust ammonia) with an allowlist fitted to what the Markdown renderer
emits: prose, tables, footnotes and task lists; links and images over http(s) (and
mailto for links); no scripts, styles, event handlers or frames. The engine sits in this
file only, so replacing it touches nothing else.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from urllib.parse import urlsplit

import nh3

from ..errors import StartupError
from ..hooktypes import SanitizerRules

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
    "th": {"colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
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
    "th": {"align-left", "align-center", "align-right"},
    "td": {"align-left", "align-center", "align-right"},
}

ATTRIBUTE_VALUES = {"input": {"type": {"checkbox"}}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})


FORBIDDEN_TAGS = frozenset(
    {
        "script",
        "style",
        "object",
        "embed",
        "base",
        "meta",
        "link",
        "form",
        "input",
        "svg",
    }
)
IFRAME_ATTRIBUTES = frozenset(
    {"src", "title", "width", "height", "allowfullscreen", "loading"}
)


class Sanitizer:
    """A reusable cleaner built from one allowlist, widened by plugins' rules at start-up."""

    def __init__(self, rules: Iterable[SanitizerRules] = ()) -> None:
        tags, attributes, classes = set(TAGS), copy_sets(ATTRIBUTES), copy_sets(CLASSES)
        self.iframe_hosts: frozenset[str] = frozenset()
        for rule in rules:
            check_rule(rule)
            tags |= rule.tags
            merge(attributes, rule.attributes)
            merge(classes, rule.classes)
            self.iframe_hosts |= rule.iframe_hosts
        if self.iframe_hosts:
            tags.add("iframe")
            merge(attributes, {"iframe": IFRAME_ATTRIBUTES})
        self._cleaner = nh3.Cleaner(
            tags=tags,
            attributes=attributes,
            allowed_classes=classes,
            tag_attribute_values=ATTRIBUTE_VALUES,
            url_schemes=set(URL_SCHEMES),
            link_rel="noopener noreferrer",
            strip_comments=True,
            attribute_filter=self.filter_iframe_src if self.iframe_hosts else None,
        )

    def clean(self, html: str) -> str:
        """Return ``html`` with everything outside the allowlist removed."""
        return self._cleaner.clean(html)

    def filter_iframe_src(self, element: str, attribute: str, value: str) -> str | None:
        """Frames may only show https pages of the hosts plugins registered."""
        if element != "iframe" or attribute != "src":
            return value
        url = urlsplit(value)
        return (
            value
            if url.scheme == "https" and url.hostname in self.iframe_hosts
            else None
        )


def copy_sets(mapping: Mapping[str, Iterable[str]]) -> dict[str, set[str]]:
    return {key: set(values) for key, values in mapping.items()}


def merge(target: dict[str, set[str]], extra: Mapping[str, Iterable[str]]) -> None:
    for key, values in extra.items():
        target.setdefault(key, set()).update(values)


def check_rule(rule: SanitizerRules) -> None:
    """Plugins may widen the allowlist, never to scripts, styles or event handlers."""
    bad_tags = rule.tags & FORBIDDEN_TAGS
    bad_attributes = {
        name
        for names in rule.attributes.values()
        for name in names
        if name.lower().startswith("on")
        or name.lower() in {"style", "srcdoc", "formaction"}
    }
    if bad_tags or bad_attributes or "iframe" in rule.tags:
        raise StartupError(
            f"Sanitizer rules may not allow {sorted(bad_tags | bad_attributes) or ['iframe']}"
            " (frames are allowed only through iframe_hosts)"
        )

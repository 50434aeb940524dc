"""Find text in Jinja templates that users read but that is not marked for translation.

Each template is parsed (not rendered); the literal HTML between its tags and blocks is
put back together with a placeholder for every expression, and an HTML parser reads the
result: text content and the attributes users read (``title``, ``alt``,
``placeholder``, ``aria-label``, ``label``) must hold no words, only punctuation,
numbers, expressions and the few names kept in :data:`ALLOWED_WORDS`. Text inside
``{% trans %}`` and ``_()`` is an expression, so it never shows up here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from jinja2 import Environment, nodes

#: Words that are the same in every language: the product's and programmes' names,
#: file formats and standards.
ALLOWED_WORDS = frozenset(
    {
        "etwincms",
        "etwinning",
        "erasmus",
        "csv",
        "pdf",
        "json",
        "ics",
        "tbx",
        "api",
        "url",
    }
    | {
        "html",
        "markdown",
        "rss",
        "atom",
        "id",
        "svg",
        "png",
        "jpeg",
        "zip",
        "gdpr",
        "utc",
    }
)
READ_ATTRIBUTES = frozenset({"title", "alt", "placeholder", "aria-label", "label"})
SKIPPED_ELEMENTS = frozenset({"script", "style", "code", "pre", "kbd", "samp"})
PLACEHOLDER = "\x00"
WORD = re.compile(r"[^\W\d_]{2,}")
# Attributes a macro prints outside a tag, e.g. ` aria-invalid="true"`.
STRAY_ATTRIBUTE = re.compile(r'([\w-]+)="[^"]*"')
FILE_NAME = re.compile(r"\b[\w-]+\.[a-z]{2,4}\b")  # LICENSE.txt, index.html


@dataclass(frozen=True)
class UnmarkedText:
    template: str
    text: str

    def __str__(self) -> str:
        return f"{self.template}: {self.text!r} is not translated"


class TextCollector(HTMLParser):
    """Collects the words of text content and of the attributes users read."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.skipping: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIPPED_ELEMENTS:
            self.skipping.append(tag)
        self.texts.extend(v for k, v in attrs if k in READ_ATTRIBUTES and v)

    def handle_endtag(self, tag: str) -> None:
        if self.skipping and self.skipping[-1] == tag:
            self.skipping.pop()

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.texts.append(data)


def words_in(text: str) -> list[str]:
    text = STRAY_ATTRIBUTE.sub(unread_attribute, FILE_NAME.sub(" ", text))
    return [word for word in WORD.findall(text) if word.lower() not in ALLOWED_WORDS]


def unread_attribute(match: re.Match[str]) -> str:
    return match.group(0) if match.group(1) in READ_ATTRIBUTES else " "


def template_html(env: Environment, source: str) -> str:
    """The template's literal HTML with a placeholder for each printed expression.

    Inside a tag the placeholder is a space (``<option{% if a %} selected{% endif %}>``
    stays a tag); elsewhere it is :data:`PLACEHOLDER`, which carries no words.
    """
    parts: list[str] = []
    for output in env.parse(source).find_all(nodes.Output):
        for child in output.nodes:
            if isinstance(child, nodes.TemplateData):
                parts.append(child.data)
            else:
                parts.append(" " if inside_tag("".join(parts)) else PLACEHOLDER)
    return "".join(parts)


def inside_tag(html_so_far: str) -> bool:
    return html_so_far.rfind("<") > html_so_far.rfind(">")


def unmarked_in_template(
    env: Environment, name: str, source: str
) -> Iterator[UnmarkedText]:
    collector = TextCollector()
    collector.feed(template_html(env, source))
    collector.close()
    for text in collector.texts:
        if words_in(text.replace(PLACEHOLDER, " ")):
            yield UnmarkedText(name, " ".join(text.replace(PLACEHOLDER, "…").split()))


def unmarked_texts(env: Environment, paths: list[Path]) -> list[UnmarkedText]:
    found: list[UnmarkedText] = []
    for path in paths:
        source = path.read_text(encoding="utf-8")
        found.extend(unmarked_in_template(env, str(path), source))
    return found

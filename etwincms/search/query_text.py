"""What a searcher typed, split into the parts every backend understands.

The syntax is the one the search page documents: words (all must match), ``"exact
phrases"``, prefixes (``oliv*``), words searched only in titles (``title:harvest``) and
filters by document type or language (``type:forum_topic``, ``language:de``). Anything
else is read as plain words; punctuation never reaches a backend's own query language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

FILTER_FIELDS = ("type", "language")
TOKEN = re.compile(
    r'"(?P<phrase>[^"]*)"?|(?P<field>\w+):(?P<value>[\w*]+)|(?P<word>[\w*]+)'
)
WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Term:
    """One word to match: ``prefix`` for ``oliv*``, ``title_only`` for ``title:``."""

    word: str
    prefix: bool = False
    title_only: bool = False


@dataclass(slots=True)
class ParsedQuery:
    terms: list[Term] = field(default_factory=list)
    phrases: list[list[str]] = field(default_factory=list)
    filters: dict[str, str] = field(default_factory=dict)

    @property
    def is_empty(self) -> bool:
        return not (self.terms or self.phrases)


def parse(text: str) -> ParsedQuery:
    """Split ``text`` into terms, phrases and filters."""
    parsed = ParsedQuery()
    for match in TOKEN.finditer(text):
        if match["phrase"] is not None:
            add_phrase(parsed, WORD.findall(match["phrase"].lower()))
        elif match["field"] in FILTER_FIELDS:
            parsed.filters[match["field"]] = match["value"].strip("*")
        elif match["field"]:
            title_only = match["field"].lower() == "title"
            if not title_only:
                add_word(parsed, match["field"])
            add_word(parsed, match["value"], title_only=title_only)
        else:
            add_word(parsed, match["word"])
    return parsed


def add_word(parsed: ParsedQuery, raw: str, *, title_only: bool = False) -> None:
    word = raw.strip("*").lower()
    if WORD.fullmatch(word):
        parsed.terms.append(Term(word, raw.endswith("*"), title_only))


def add_phrase(parsed: ParsedQuery, words: list[str]) -> None:
    if len(words) > 1:
        parsed.phrases.append(words)
    elif words:
        parsed.terms.append(Term(words[0]))


def plain_words(text: str) -> list[str]:
    """The ordinary words of a query (what a spelling suggestion may replace)."""
    return [t.word for t in parse(text).terms if not t.prefix]

"""The contract every search backend keeps, and the values that cross it.

A backend indexes :class:`SearchDocument` values, deletes them one by one or a whole
space at a time, and answers a :class:`BackendQuery` with one page of :class:`Hit`
values, the total, facet counts (type, space, language) and, when the words look
misspelt, a suggestion. It never decides permissions: the query carries a
:class:`Scope` computed with ``can()`` and the backend only filters by it, documents'
audiences (a working group's) included.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple, Protocol

from ..hooktypes import SearchDocument

#: The audience tag that stands for all of a space's audiences (its teachers hold it).
EVERY_AUDIENCE = "*"
#: Languages with a stemmer; any other language is indexed without stemming.
STEMMED_LANGUAGES = ("en", "es", "de", "fr", "it", "nl", "pt")


@dataclass(frozen=True, slots=True)
class Scope:
    """What one searcher may read.

    :param member_spaces: spaces whose members-only and public content they may read.
    :param public_spaces: spaces whose public content they may read.
    :param types: per space, the document types they may read there (``page``,
        ``material``, the content types of plugins switched on there whose capability
        they have); documents of other types are never found in that space.
    :param audiences: per member space, the audience tags they hold there (a working
        group's ``"group:<id>"``); :data:`EVERY_AUDIENCE` holds them all (teachers).
        A document with an audience is found only in member spaces where the searcher
        holds its tag, never in public ones.
    """

    member_spaces: frozenset[int] = frozenset()
    public_spaces: frozenset[int] = frozenset()
    types: Mapping[int, frozenset[str]] = field(default_factory=dict)
    audiences: Mapping[int, frozenset[str]] = field(default_factory=dict)

    @property
    def is_empty(self) -> bool:
        return not (self.member_spaces or self.public_spaces)

    def allows(self, document: SearchDocument) -> bool:
        """Whether the searcher may find ``document``: what every backend's filter must
        mean (a backend that filters in Python can call this)."""
        space = document.project_id
        if document.type not in self.types.get(space, ()):
            return False
        if space in self.member_spaces:
            held = self.audiences.get(space, frozenset())
            return not document.audience or bool(
                {document.audience, EVERY_AUDIENCE} & held
            )
        public = document.visibility == "public" and not document.audience
        return space in self.public_spaces and public


@dataclass(frozen=True, slots=True)
class BackendQuery:
    text: str
    scope: Scope
    space: int | None = None
    type: str | None = None
    language: str | None = None
    page: int = 1
    per_page: int = 20


@dataclass(frozen=True, slots=True)
class Hit:
    id: str
    project_id: int
    type: str
    title: str
    url: str
    snippet: str
    language: str
    updated_at: datetime | None


@dataclass(slots=True)
class BackendResults:
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    facets: dict[str, Counter[str]] = field(default_factory=dict)
    suggestion: str | None = None


class SearchBackend(Protocol):
    """What the search service needs from an index."""

    def index(self, documents: Iterable[SearchDocument]) -> None:
        """Add or replace documents (by ``id``)."""

    def delete(self, ids: Iterable[str]) -> None:
        """Remove documents; unknown ids are ignored."""

    def delete_space(self, project_id: int) -> None:
        """Remove every document of a space."""

    def replace_plugin(
        self, project_id: int, plugin: str, documents: Iterable[SearchDocument]
    ) -> None:
        """Make ``documents`` a plugin's only documents in one space, in one commit
        (searches never see the space without them)."""

    def search(self, query: BackendQuery) -> BackendResults:
        """One page of what ``query.scope`` allows that matches ``query.text``."""

    def clear(self) -> None:
        """Remove everything (before a rebuild)."""

    def count(self) -> int:
        """How many documents the index holds."""


class ScopeGroup(NamedTuple):
    """What a set of spaces shares in one scope: the same reading, in one test."""

    types: frozenset[str]
    member: bool  # members-only documents readable, not only public ones
    audiences: frozenset[str]  # tags held (always empty when not a member)


def scope_groups(scope: Scope) -> dict[ScopeGroup, list[int]]:
    """The scope's spaces grouped by what is readable in them: a visitor's thousands of
    public spaces with the same plugins become one group."""
    groups: dict[ScopeGroup, list[int]] = defaultdict(list)
    for project_id in sorted(scope.member_spaces | scope.public_spaces):
        types = scope.types.get(project_id)
        if types:
            member = project_id in scope.member_spaces
            held = scope.audiences.get(project_id, frozenset()) if member else None
            key = ScopeGroup(frozenset(types), member, frozenset(held or ()))
            groups[key].append(project_id)
    return groups


def text_language(language: str) -> str:
    """The analyzer language for a document: a stemmed one, or ``xx`` (no stemming)."""
    code = (language or "").split("-", 1)[0].lower()
    return code if code in STEMMED_LANGUAGES else "xx"


#: Characters no index should keep: NUL (PostgreSQL text refuses it) and the two markers
#: the PostgreSQL backend's snippets use.
UNSTORABLE = ("\x00", "\x02", "\x03")


def storable(text: str) -> str:
    """Text every index can hold: lone surrogates (invalid UTF-8) and NUL dropped."""
    text = text.encode("utf-8", "ignore").decode("utf-8")
    # Looked for first: str.translate maps every character through a dict, and was a
    # third of the time a rebuild spent making documents.
    for char in UNSTORABLE:
        if char in text:
            text = text.replace(char, "")
    return text

"""Which documents of the Whoosh index a searcher may read, and their facet values, fast.

Every document carries access keys in its ``access`` field: ``<space>:<type>``, and
``<space>:<type>:public`` when it is public; a document with an audience (a working
group's) only ``<space>:<type>@<audience>`` and ``<space>:<type>@*``. A
:class:`~etwincms.search.backend.Scope` becomes a list of keys (the plain key of each
readable type in member spaces and its ``@`` keys for the audiences held, the ``:public``
key in public spaces), and the readable documents are the union of those keys'
postings: no intersections, which Whoosh does slowly in Python. Segments never change once
written (deleted documents are skipped by the searcher itself), so each segment's answer
for a list of keys, and its documents' facet values, are cached until the segment is
merged away.
"""

from __future__ import annotations

import threading
from collections import Counter, OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ..hooktypes import SearchDocument
from .backend import EVERY_AUDIENCE, Scope, ScopeGroup, scope_groups
from .whoosh_postings import field_lengths

FACET_COLUMNS = {"type": "type", "space": "project", "language": "language"}
CACHED_ENTRIES = {"scope": 2048, "segment": 4096}
SCOPE_ANSWERS = frozenset({"keys", "languages"})


def access_keys(document: SearchDocument) -> str:
    plain = f"{document.project_id}:{document.type}"
    if document.audience:  # never public: its audience's key and the teachers'
        return f"{plain}@{document.audience} {plain}@{EVERY_AUDIENCE}"
    return f"{plain} {plain}:public" if document.visibility == "public" else plain


def scope_keys(scope: Scope) -> tuple[str, ...]:
    keys = [
        key
        for group, ids in scope_groups(scope).items()
        for pid in ids
        for kind in group.types
        for key in keys_of(f"{pid}:{kind}", group)
    ]
    return tuple(sorted(keys))


def keys_of(plain: str, group: ScopeGroup) -> list[str]:
    if not group.member:
        return [f"{plain}:public"]
    return [plain, *(f"{plain}@{tag}" for tag in sorted(group.audiences))]


class SegmentCache:
    """Per-segment answers, least recently used dropped first; safe across threads."""

    def __init__(self) -> None:
        # Answers for scopes (many, one per searcher's scope) apart from each segment's
        # own data (few), so a stream of new scopes never pushes the latter out.
        self.entries: dict[str, OrderedDict[tuple[Any, ...], Any]] = {
            "scope": OrderedDict(),
            "segment": OrderedDict(),
        }
        self.lock = threading.Lock()

    def get(self, key: tuple[Any, ...], make: Any) -> Any:
        if key[1] is None:  # not a segment (an empty index): nothing worth keeping
            return make()
        kind = "scope" if key[0] in SCOPE_ANSWERS else "segment"
        entries = self.entries[kind]
        with self.lock:
            if key in entries:
                entries.move_to_end(key)
                return entries[key]
        value = make()
        with self.lock:
            entries[key] = value
            while len(entries) > CACHED_ENTRIES[kind]:
                entries.popitem(last=False)
        return value

    def segments(self, searcher: Any, keys: tuple[str, ...]) -> list[Segment]:
        """Each segment of ``searcher`` with the documents ``keys`` open in it."""
        found = []
        for sub, offset in searcher.leaf_searchers():
            reader = sub.reader()
            segment = segment_of(reader)
            # A segment's deletions only grow: their count tells its state apart.
            deleted = reader.doc_count_all() - reader.doc_count()
            state = None if segment is None else (segment, deleted)
            readable = self.get(
                ("keys", state, keys), lambda r=reader: postings(r, keys)
            )
            languages = self.get(
                ("languages", state, keys),
                lambda r=reader, d=readable: languages_of(r, d, self),
            )
            found.append(Segment(segment, reader, offset, readable, languages, self))
        return found

    def words_like(self, searcher: Any, word: str) -> list[str]:
        """Indexed words that could be ``word`` misspelt: the same first letter, a
        length at most two apart (the spelling dictionary, read once per segment)."""
        lengths = range(len(word) - 2, len(word) + 3)
        known: set[str] = set()
        for sub, _ in searcher.leaf_searchers():
            reader = sub.reader()
            known |= self.get(
                ("words", segment_of(reader), word[0]),
                lambda r=reader: words_from(r, word[0]),
            )
        return [candidate for candidate in known if len(candidate) in lengths]


@dataclass
class Segment:
    """One segment as one search sees it: its reader, where its numbers start in the
    whole index, and the local numbers of the documents the searcher may read."""

    id: str | None
    reader: Any
    offset: int
    readable: frozenset[int]
    languages: frozenset[str]  # of the readable documents
    cache: SegmentCache

    def columns(self) -> dict[str, list[str]]:
        """The facet values of every document of the segment, by local number."""
        return self.cache.get(("values", self.id), lambda: column_values(self.reader))

    def lengths(self, field: str) -> Sequence[int]:
        return self.cache.get(
            ("lengths", self.id, field), lambda: field_lengths(self.reader, field)
        )

    def local(self, numbers: Iterable[int]) -> set[int]:
        """The documents of this segment among index-wide ``numbers``, by local number."""
        end = self.offset + self.reader.doc_count_all()
        return {n - self.offset for n in numbers if self.offset <= n < end}

    def facets(self, docs: set[int]) -> dict[str, Counter[str]]:
        if not docs:  # (nor read the columns of an empty index, which has none)
            return {}
        columns = self.columns()
        return {
            name: Counter(map(columns[name].__getitem__, docs))
            for name in FACET_COLUMNS
        }

    def narrowed(self, docs: set[int], wanted: dict[str, str]) -> set[int]:
        """The documents of ``docs`` whose facet values are all those ``wanted``."""
        if not docs or not wanted:
            return docs
        columns = self.columns()
        for name, value in wanted.items():
            docs = {doc for doc in docs if columns[name][doc] == value}
        return docs


def segment_of(reader: Any) -> str | None:
    segment = reader.segment()
    return segment.segment_id() if segment is not None else None


def postings(reader: Any, keys: tuple[str, ...]) -> frozenset[int]:
    local: set[int] = set()
    for key in keys:
        if ("access", key) in reader:
            local.update(reader.postings("access", key).all_ids())
    return frozenset(local)


def languages_of(
    reader: Any, docs: frozenset[int], cache: SegmentCache
) -> frozenset[str]:
    if not docs:
        return frozenset()
    column = cache.get(("values", segment_of(reader)), lambda: column_values(reader))
    return frozenset(column["language"][doc] for doc in docs)


def words_from(reader: Any, letter: str) -> frozenset[str]:
    return frozenset(
        raw.decode("utf-8") for raw in reader.expand_prefix("words", letter)
    )


def column_values(reader: Any) -> dict[str, list[str]]:
    """Each facet's value for every document of the segment, by local number.

    A few distinct values repeat across the documents: each is kept once (a string
    apiece was 17 MB a worker at 100,000 documents; the lists alone are 2.4 MB).
    """
    return {
        name: shared_values(reader.column_reader(field, translate=True))
        for name, field in FACET_COLUMNS.items()
    }


def shared_values(values: Iterable[str]) -> list[str]:
    """The values in order, equal ones the same object."""
    distinct: dict[str, str] = {}
    return [distinct.setdefault(value, value) for value in values]


def facet_counts(parts: Iterable[dict[str, Counter[str]]]) -> dict[str, Counter[str]]:
    """The segments' facet counts added up."""
    counts: dict[str, Counter[str]] = {name: Counter() for name in FACET_COLUMNS}
    for part in parts:
        for name, counted in part.items():
            counts[name].update(counted)
    return counts

"""Which documents of the Whoosh index a searcher may read, and their facet values, fast.

Every document carries access keys in its ``access`` field: ``<space>:<type>``, and
``<space>:<type>:public`` when it is public. A :class:`~etwincms.search.backend.Scope`
becomes a list of keys (the plain key of each readable type in member spaces, the
``:public`` key in public spaces), and the readable documents are the union of those keys'
postings: no intersections, which Whoosh does slowly in Python. Segments never change once
written (deleted documents are skipped by the searcher itself), so each segment's answer
for a list of keys, and its documents' facet values, are cached until the segment is
merged away.
"""

from __future__ import annotations

import threading
from bisect import bisect_left
from collections import Counter, OrderedDict
from collections.abc import Iterable
from typing import Any

from ..hooktypes import SearchDocument
from .backend import Scope, scope_groups

FACET_COLUMNS = {"type": "type", "space": "project", "language": "language"}
CACHED_ENTRIES = 512


def access_keys(document: SearchDocument) -> str:
    plain = f"{document.project_id}:{document.type}"
    return f"{plain} {plain}:public" if document.visibility == "public" else plain


def scope_keys(scope: Scope) -> tuple[str, ...]:
    keys = [
        f"{pid}:{kind}" if member else f"{pid}:{kind}:public"
        for (types, member), ids in scope_groups(scope).items()
        for pid in ids
        for kind in types
    ]
    return tuple(sorted(keys))


class SegmentCache:
    """Per-segment answers, least recently used dropped first; safe across threads."""

    def __init__(self) -> None:
        self.entries: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: tuple[Any, ...], make: Any) -> Any:
        if key[1] is None:  # not a segment (an empty index): nothing worth keeping
            return make()
        with self.lock:
            if key in self.entries:
                self.entries.move_to_end(key)
                return self.entries[key]
        value = make()
        with self.lock:
            self.entries[key] = value
            while len(self.entries) > CACHED_ENTRIES:
                self.entries.popitem(last=False)
        return value

    def readable(self, searcher: Any, keys: tuple[str, ...]) -> set[int]:
        """Index-wide numbers of the documents ``keys`` open."""
        found: set[int] = set()
        for sub, offset in searcher.leaf_searchers():
            reader = sub.reader()
            local = self.get(
                ("keys", segment_of(reader), keys), lambda r=reader: postings(r, keys)
            )
            found.update(offset + number for number in local)
        return found

    def describe(self, searcher: Any, docs: list[int]) -> dict[int, dict[str, str]]:
        """The facet values (type, space, language) of ``docs`` (index-wide numbers)."""
        ordered = sorted(docs)
        described: dict[int, dict[str, str]] = {}
        for sub, offset in searcher.leaf_searchers():
            reader = sub.reader()
            end = offset + reader.doc_count_all()
            inside = ordered[bisect_left(ordered, offset) : bisect_left(ordered, end)]
            if not inside:
                continue
            values = self.get(
                ("values", segment_of(reader)), lambda r=reader: column_values(r)
            )
            for number in inside:
                described[number] = {
                    name: column[number - offset] for name, column in values.items()
                }
        return described


def segment_of(reader: Any) -> str | None:
    segment = reader.segment()
    return segment.segment_id() if segment is not None else None


def postings(reader: Any, keys: tuple[str, ...]) -> frozenset[int]:
    local: set[int] = set()
    for key in keys:
        if ("access", key) in reader:
            local.update(reader.postings("access", key).all_ids())
    return frozenset(local)


def column_values(reader: Any) -> dict[str, list[str]]:
    """Each facet's value for every document of the segment, by local number."""
    return {
        name: list(reader.column_reader(field, translate=True))
        for name, field in FACET_COLUMNS.items()
    }


def facet_counts(described: Iterable[dict[str, str]]) -> dict[str, Counter[str]]:
    counts: dict[str, Counter[str]] = {name: Counter() for name in FACET_COLUMNS}
    for values in described:
        for name, value in values.items():
            counts[name][value] += 1
    return counts

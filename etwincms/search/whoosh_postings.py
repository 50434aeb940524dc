"""A Whoosh segment's postings and field lengths, read a whole block at a time.

Whoosh's matchers step through postings one at a time in Python (``id()``, ``next()``,
a score per step), which is what made a frequent word cost 100 ms and more at 100,000
documents. A posting block is one unpickled tuple of ids, weights and values, so reading
whole blocks gives a term's postings as plain sequences for set operations at C speed.
This reaches into the block reader of the pinned ``whoosh-reloaded`` 2.7.5 (the
``W3LeafMatcher`` and ``ListMatcher`` internals); any other matcher falls back to the
public one-at-a-time interface, so a newer Whoosh stays correct if slower.
"""

from __future__ import annotations

import threading
from array import array
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
from whoosh.matching import ListMatcher
from whoosh.matching.wrappers import FilterMatcher
from whoosh.util.numeric import byte_to_length

#: Field length bytes decoded once (Whoosh stores lengths as one byte each).
LENGTHS = tuple(byte_to_length(code) for code in range(256))


@dataclass(frozen=True)
class Postings:
    """One term's postings in one segment, by local document number."""

    ids: Sequence[int]
    weights: Sequence[float]
    values: Sequence[bytes] | None = None

    @property
    def weight_of(self) -> dict[int, float]:
        return dict(zip(self.ids, self.weights, strict=True))


EMPTY = Postings((), ())


class PostingsCache:
    """Recently read postings, by segment, field and term, least recently used dropped
    first once they hold more than ``budget`` postings in all. Segments never change, so
    an entry is right until its segment is merged away (and then never asked for)."""

    def __init__(self, budget: int = 2_000_000) -> None:
        self.budget, self.held = budget, 0
        self.entries: OrderedDict[tuple[Any, ...], Postings] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: tuple[Any, ...], read: Callable[[], Postings]) -> Postings:
        with self.lock:
            if key in self.entries:
                self.entries.move_to_end(key)
                return self.entries[key]
        found = compact(read())
        with self.lock:
            if key not in self.entries:
                self.entries[key] = found
                self.held += size_of(found)
            while self.held > self.budget and self.entries:
                self.held -= size_of(self.entries.popitem(last=False)[1])
        return found


def compact(postings: Postings) -> Postings:
    """The postings in typed arrays: 8 bytes a posting instead of ~60 in lists."""
    return Postings(
        array("I", postings.ids), array("f", postings.weights), postings.values
    )


def size_of(postings: Postings) -> int:
    return len(postings.ids) * (1 if postings.values is None else 4)


def term_postings(reader: Any, field: str, text: str, values: bool = False) -> Postings:
    """The postings of ``text`` in ``field`` (deleted documents included: the caller
    intersects with the readable documents, which never holds deleted ones)."""
    if (field, text) not in reader:
        return EMPTY
    matcher = reader.postings(field, text)
    if isinstance(matcher, FilterMatcher):
        matcher = matcher.child
    if isinstance(matcher, W3LeafMatcher):
        return from_blocks(matcher, values)
    if isinstance(matcher, ListMatcher) and matcher._weights is not None:
        stored = matcher._values if values else None
        return Postings(tuple(matcher._ids), tuple(matcher._weights), stored)
    return one_by_one(matcher, values)


def from_blocks(matcher: W3LeafMatcher, values: bool) -> Postings:
    ids: list[int] = []
    weights: list[float] = []
    found: list[bytes] | None = [] if values else None
    while matcher.is_active():
        matcher._read_ids()
        matcher._read_weights()
        ids.extend(matcher._ids)
        weights.extend(matcher._weights)
        if found is not None:
            matcher._read_values()
            found.extend(matcher._values)
        matcher._next_block()
    return Postings(ids, weights, found)


def one_by_one(matcher: Any, values: bool) -> Postings:
    ids: list[int] = []
    weights: list[float] = []
    found: list[bytes] | None = [] if values else None
    while matcher.is_active():
        ids.append(matcher.id())
        weights.append(matcher.weight())
        if found is not None:
            found.append(matcher.value())
        matcher.next()
    return Postings(ids, weights, found)


def field_lengths(reader: Any, field: str) -> Sequence[int]:
    """Every document's length in ``field`` (as BM25 uses it), by local number."""
    count = reader.doc_count_all()
    column = length_column(reader, field)
    if column is None or column._fixedlen != 1:
        return [reader.doc_field_length(n, field, 0) or 0 for n in range(count)]
    raw = column._dbfile.get(column._basepos, min(column._count, count))
    lengths = array("I", (LENGTHS[code] if code else 0 for code in raw))  # 4 bytes each
    lengths.extend([0] * (count - len(raw)))
    return lengths


def length_column(reader: Any, field: str) -> Any:
    perdoc = getattr(reader, "_perdoc", None)
    if perdoc is None or not hasattr(perdoc, "_cached_reader"):
        return None
    column = perdoc._cached_reader(_lenfield(field), LENGTHS_COLUMN)
    needed = ("_dbfile", "_basepos", "_count", "_fixedlen")
    return column if all(hasattr(column, name) for name in needed) else None

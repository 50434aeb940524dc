"""Which readable documents of one Whoosh segment a parsed query matches, and their scores.

The search backend's hot path. Terms, phrases, prefixes, wildcards, ``AND``, ``OR`` and
``NOT`` are evaluated over whole posting lists (see :mod:`.whoosh_postings`) with set
operations, restricted from the first leaf to the documents the searcher may read, so the
work follows the readable matches rather than every match of a frequent word. Scores are
Whoosh's own BM25F (the sum over matching terms and fields, weights carrying the title
boost), computed only for the documents that are ranked. A query of any other kind
(ranges, ``*``) returns ``None`` and the caller asks Whoosh itself.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from whoosh import query as q
from whoosh.scoring import BM25F

from .whoosh_postings import EMPTY, Postings, field_lengths, term_postings

Lengths = Callable[[str], Sequence[int]]
#: ``(field, text, values, read)``: the postings, from a cache or from ``read()``.
Fetch = Callable[[str, str, bool, Callable[[], Postings]], Postings]


class Unsupported(Exception):
    """The query has a part this module does not evaluate."""


class SegmentQuery:
    """One query over one segment: matches within ``readable``, then scores."""

    def __init__(
        self,
        searcher: Any,
        reader: Any,
        readable: frozenset[int],
        lengths: Lengths,
        unused: frozenset[str] = frozenset(),
        fetch: Fetch | None = None,
        shared: dict[Any, Any] | None = None,
    ) -> None:
        self.searcher, self.reader, self.readable = searcher, reader, readable
        self.lengths = lengths
        self.fetch = fetch or (lambda field, text, values, read: read())
        self.shared = {} if shared is None else shared
        # Fields no readable document has text in (other languages'): not looked up.
        self.unused = unused
        self.postings: dict[tuple[str, str, bool], Postings] = {}
        weighting = searcher.weighting
        self.b = getattr(weighting, "B", 0.75) if isinstance(weighting, BM25F) else None
        self.k1 = getattr(weighting, "K1", 1.2)

    def term(self, field: str, text: str, values: bool = False) -> Postings:
        if field in self.unused:
            return EMPTY
        key = (field, text, values)
        if key not in self.postings:
            self.postings[key] = self.fetch(
                field,
                text,
                values,
                lambda: term_postings(self.reader, field, text, values),
            )
        return self.postings[key]

    # ------------------------------------------------------------ matching

    def matches(self, node: Any) -> set[int]:
        """The readable documents ``node`` matches, by local number."""
        if isinstance(node, q.Term):
            return self.within(self.term(node.fieldname, node.text).ids)
        if isinstance(node, q.Or):
            return set().union(*(self.matches(sub) for sub in node.subqueries))
        if isinstance(node, q.And):
            return self.all_of(node.subqueries)
        if isinstance(node, q.AndNot):
            return self.matches(node.a) - self.matches(node.b)
        if isinstance(node, q.Phrase):
            return self.phrase(node)
        if isinstance(node, q.PatternQuery):
            return set().union(*(self.within(p.ids) for p in self.expand(node)))
        if node is q.NullQuery:
            return set()
        raise Unsupported(type(node).__name__)

    def within(self, ids: Sequence[int]) -> set[int]:
        found = set(ids)
        found &= self.readable
        return found

    def all_of(self, nodes: Sequence[Any]) -> set[int]:
        wanted = [sub for sub in nodes if not isinstance(sub, q.Not)]
        if not wanted:
            raise Unsupported("only NOT")
        found = self.matches(wanted[0])
        for sub in wanted[1:]:
            found &= self.matches(sub)
        for sub in nodes:
            if isinstance(sub, q.Not):
                found -= self.matches(sub.query)
        return found

    def expand(self, node: Any) -> list[Postings]:
        field = node.field()
        return [
            self.term(field, text.decode("utf-8") if isinstance(text, bytes) else text)
            for _, text in node.expanded_terms(self.reader)
        ]

    def phrase(self, node: q.Phrase) -> set[int]:
        words = [w for w in node.words if w]
        if node.slop != 1:
            raise Unsupported("a phrase with slop")
        if not words:
            return set()
        candidates = self.within(self.term(node.fieldname, words[0]).ids)
        for word in words[1:]:
            candidates.intersection_update(self.term(node.fieldname, word).ids)
        if len(words) == 1 or not candidates:
            return candidates
        return {doc for doc in candidates if self.in_order(node, words, doc)}

    def in_order(self, node: q.Phrase, words: list[str], doc: int) -> bool:
        decode = self.reader.schema[node.fieldname].format.decode_positions
        starts = set(decode(self.value(node.fieldname, words[0], doc)))
        for offset, word in enumerate(words[1:], 1):
            places = decode(self.value(node.fieldname, word, doc))
            starts &= {place - offset for place in places}
            if not starts:
                return False
        return True

    def value(self, field: str, word: str, doc: int) -> bytes:
        postings = self.term(field, word, values=True)
        index = self.value_index(field, word)
        return postings.values[index[doc]]  # type: ignore[index]

    def value_index(self, field: str, word: str) -> dict[int, int]:
        key = ("#index", field, word)
        if key not in self.postings:
            ids = self.term(field, word, values=True).ids
            self.postings[key] = {doc: i for i, doc in enumerate(ids)}  # type: ignore
        return self.postings[key]  # type: ignore[return-value]

    # ------------------------------------------------------------ scoring

    def scores(self, node: Any, docs: set[int]) -> dict[int, float]:
        """Each of ``docs`` (matched by ``node``) scored as Whoosh scores it."""
        totals = dict.fromkeys(docs, 0.0)
        self.add_scores(node, docs, totals, 1.0)
        return totals

    def add_scores(self, node: Any, docs: set[int], totals: dict, boost: float) -> None:
        boost *= node.boost
        if isinstance(node, q.Term):
            self.add_term(node.fieldname, node.text, docs, totals, boost)
        elif isinstance(node, q.Phrase):
            for word in node.words:
                self.add_term(node.fieldname, word, docs, totals, boost)
        elif isinstance(node, q.PatternQuery):
            self.add_expanded(node, docs, totals, boost)
        elif isinstance(node, q.AndNot):
            self.add_scores(node.a, docs, totals, boost)
        elif isinstance(node, q.And):
            for sub in node.subqueries:
                if not isinstance(sub, q.Not):
                    self.add_scores(sub, docs, totals, boost)
        elif isinstance(node, q.Or):
            for sub in node.subqueries:
                # A leaf adds to the documents holding its term; a compound part only
                # to those it matches as a whole (a phrase, not its words apart).
                leaf = isinstance(sub, q.Term | q.PatternQuery)
                mine = docs if leaf else docs & self.matches(sub)
                self.add_scores(sub, mine, totals, boost)

    def add_expanded(
        self, node: Any, docs: set[int], totals: dict, boost: float
    ) -> None:
        # Scored term by term even when ``constantscore`` is set: Whoosh 2.7's
        # ``Searcher.postings`` puts its own weighting back when a query passes none.
        for _, text in node.expanded_terms(self.reader):
            word = text.decode("utf-8") if isinstance(text, bytes) else text
            self.add_term(node.field(), word, docs, totals, boost)

    def statistics(self, field: str, text: str) -> tuple[float, float]:
        """The term's idf and the field's average length, over the whole index (the
        same for every segment: kept in ``shared`` by the caller for one search)."""
        key = ("#stats", field, text)
        if key not in self.shared:
            top = self.searcher
            self.shared[key] = (top.idf(field, text), top.avg_field_length(field) or 1)
        return self.shared[key]

    def add_term(
        self, field: str, text: str, docs: set[int], totals: dict, boost: float
    ) -> None:
        postings = self.term(field, text)
        if not postings.ids:
            return
        pairs = (
            (d, w)
            for d, w in zip(postings.ids, postings.weights, strict=True)
            if d in docs
        )
        if self.b is None or not self.reader.schema[field].scorable:
            for doc, weight in pairs:
                totals[doc] += weight * boost
            return
        idf, average = self.statistics(field, text)
        scale, flat = idf * (self.k1 + 1) * boost, self.k1 * (1 - self.b)
        per_length, lengths = self.k1 * self.b / average, self.lengths(field)
        for doc, weight in pairs:
            totals[doc] += scale * weight / (weight + flat + per_length * lengths[doc])


def segment_lengths(reader: Any) -> Lengths:
    """Field lengths of ``reader`` read once per field (callers cache the result)."""
    known: dict[str, Sequence[int]] = {}

    def lengths(field: str) -> Sequence[int]:
        if field not in known:
            known[field] = field_lengths(reader, field)
        return known[field]

    return lengths

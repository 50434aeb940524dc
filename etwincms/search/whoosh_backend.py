"""The embedded search backend: a Whoosh index in a folder of the instance.

Each document's title and text go into the fields of its language (``title_de``,
``body_de``...), analysed with that language's stemmer, or into ``*_xx`` without stemming
for other languages; queries search all of them, titles boosted. The permission filter
is a Whoosh query built from the :class:`~etwincms.search.backend.Scope`, passed as the
search's ``filter``, so totals, pages and facets only ever count readable documents.
Supports phrases (``"olive oil"``), prefixes (``oliv*``) and fields (``title:``,
``type:``); suggests a spelling when nothing matches.
"""

from __future__ import annotations

import fcntl
import gc
import logging
import os
import threading
import weakref
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from datetime import datetime
from typing import Any

from whoosh import qparser, query
from whoosh.analysis import LanguageAnalyzer, StandardAnalyzer
from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema
from whoosh.filedb.filestore import FileStorage
from whoosh.searching import Searcher

from ..hooktypes import SearchDocument
from . import spelling
from .backend import (
    STEMMED_LANGUAGES,
    BackendQuery,
    BackendResults,
    Hit,
    storable,
    text_language,
)
from .whoosh_postings import Postings, PostingsCache
from .whoosh_ranking import SegmentQuery, Unsupported
from .whoosh_scope import Segment, SegmentCache, access_keys, facet_counts, scope_keys
from .whoosh_snippets import Snippets

log = logging.getLogger(__name__)
LANGUAGES = (*STEMMED_LANGUAGES, "xx")
WRITE_TIMEOUT = 5.0
DRAIN_LOCK_FILE = "drain.lock"
#: A word: letters and digits, dots inside (``e.g``, ``3.5``). Not Whoosh's default, which
#: keeps ``*`` and ``_`` in words, so ``**compost**`` (Markdown bold) was one word.
WORD = r"[^\W_]+(?:\.?[^\W_]+)*"
PARSED_QUERIES = 512


def make_schema() -> Schema:
    fields: dict[str, Any] = {
        "id": ID(stored=True, unique=True),
        # Facet fields are columns, so counting them never builds a cache per searcher.
        "project": ID(stored=True, sortable=True),
        "type": ID(stored=True, sortable=True),
        "plugin": ID(stored=True),
        "visibility": ID(stored=True),
        "language": ID(stored=True, sortable=True),
        "url": STORED(),
        "updated": STORED(),
        "body": STORED(),
        "title": TEXT(stored=True, analyzer=StandardAnalyzer(expression=WORD)),
        # Unstemmed words of every document: the dictionary for spelling suggestions.
        "words": TEXT(analyzer=StandardAnalyzer(expression=WORD)),
        # Who may read it: "<space>:<type>" and, if public, "<space>:<type>:public".
        "access": KEYWORD(),
    }
    for code in LANGUAGES:
        analyzer = (
            StandardAnalyzer(expression=WORD)
            if code == "xx"
            else LanguageAnalyzer(code, expression=WORD)
        )
        fields[f"title_{code}"] = TEXT(analyzer=analyzer, field_boost=2.0)
        fields[f"body_{code}"] = TEXT(analyzer=analyzer)
    return Schema(**fields)


def signature(schema: Schema) -> list[tuple[str, str, bool, str]]:
    """What must match for an index to be read with this schema (analyzers don't
    compare equal, so names, kinds and columns stand for the whole)."""
    return sorted(
        (name, type(field).__name__, field.column_type is not None, words_of(field))
        for name, field in schema.items()
    )


def words_of(field: Any) -> str:
    """What the field's tokenizer takes for a word (an index made with another rule
    holds other terms, so it must be rebuilt)."""
    items = (
        getattr(field.analyzer, "items", None) if hasattr(field, "analyzer") else None
    )
    expression = getattr(items[0], "expression", None) if items else None
    return expression.pattern if expression is not None else ""


def unmapped_storage(path: str) -> FileStorage:
    """The index's folder, its segment files read with ``read()``, never mapped.

    Whoosh maps each segment's file by default, and every page of it a search touched
    then counted in the worker's RSS (at 100,000 pages, 55 of a worker's 182 MB). Read
    with ``read()``, the same pages stay in the kernel's page cache, shared by every
    process, and searches were as fast (docs/performance.md).
    """
    return FileStorage(path, supports_mmap=False)


class WhooshBackend:
    """A Whoosh index at ``path`` (created on first use)."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = os.fspath(path)
        os.makedirs(self.path, exist_ok=True)
        self.storage = unmapped_storage(self.path)
        if self.storage.index_exists():
            self.ix = self.storage.open_index()
            if signature(self.ix.schema) != signature(make_schema()):
                log.warning(
                    "The search index in %s was made by an older etwincms: it was "
                    "emptied; run `etwincms search rebuild` to fill it again.",
                    self.path,
                )
                self.clear()
        else:
            self.ix = self.storage.create_index(make_schema())
        # Opening a searcher reads every segment's files: each thread keeps one and
        # refreshes it (cheap when nothing changed) instead of opening one per search.
        self.searchers: dict[int, Searcher] = {}
        self.scopes = SegmentCache()
        self.postings = PostingsCache()
        self.parser = parser(self.ix.schema)  # parsing keeps no state between queries
        self.parsed: OrderedDict[str, query.Query] = OrderedDict()
        self.lock = threading.Lock()
        self.analysed: dict[str, dict[str, str]] = {}  # for snippets, per field
        weakref.finalize(self, close_all, self.searchers)

    def searcher(self) -> Searcher:
        """This thread's searcher, brought up to date with the last commit."""
        key = threading.get_ident()
        current = self.searchers.get(key)
        if current is not None and current.up_to_date():
            return current
        if current is not None:
            # Not refresh(): it reuses segment readers that miss newer deletions.
            current.close()
        self.searchers[key] = fresh = self.ix.searcher()
        return fresh

    # ------------------------------------------------------------ writing

    @contextmanager
    def exclusive(self) -> Iterator[None]:
        """No other process drains into this index meanwhile (a lock file beside it;
        Whoosh's own write lock covers one commit, not the reading that precedes it)."""
        with open(os.path.join(self.path, DRAIN_LOCK_FILE), "a+b") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    @contextmanager
    def writing(self, **options: Any) -> Iterator[Any]:
        """A writer (with Whoosh's ``options``) whose lock is released whatever happens,
        even if committing fails (Whoosh's own ``with`` keeps the lock when ``commit``
        raises)."""
        writer = self.ix.writer(timeout=WRITE_TIMEOUT, **options)
        try:
            yield writer
            writer.commit()
        except BaseException:
            with suppress(Exception):
                writer.cancel()
            raise
        finally:
            release_segment_files()

    def index(self, documents: Iterable[SearchDocument]) -> None:
        with self.writing() as writer:
            for document in documents:
                writer.update_document(**fields_of(document))

    def index_all(self, documents: Iterable[SearchDocument]) -> None:
        """Fill an emptied index in one commit, a writer process per core (at most 4):
        committing every batch merges segments again and again (2-3x slower at 100,000
        documents) and leaves more segments for every search to read."""
        procs = min(os.cpu_count() or 1, 4)
        with self.writing(limitmb=128, procs=procs, multisegment=procs > 1) as writer:
            for document in documents:
                writer.add_document(**fields_of(document))

    def delete(self, ids: Iterable[str]) -> None:
        with self.writing() as writer:
            for doc_id in ids:
                writer.delete_by_term("id", doc_id)

    def delete_space(self, project_id: int) -> None:
        with self.writing() as writer:
            writer.delete_by_term("project", str(project_id))

    def replace_plugin(
        self, project_id: int, plugin: str, documents: Iterable[SearchDocument]
    ) -> None:
        with self.writing() as writer:
            writer.delete_by_query(
                query.And(
                    [
                        query.Term("project", str(project_id)),
                        query.Term("plugin", plugin),
                    ]
                )
            )
            for document in documents:
                writer.add_document(**fields_of(document))

    def clear(self) -> None:
        close_all(getattr(self, "searchers", {}))
        self.scopes = SegmentCache()
        self.postings = PostingsCache()
        self.ix = self.storage.create_index(make_schema())

    def count(self) -> int:
        return self.ix.doc_count()

    # ------------------------------------------------------------ reading

    def search(self, request: BackendQuery) -> BackendResults:
        results = self.search_once(request)
        if results.total == 0 and request.text.strip():
            results.suggestion = self.suggest(request)
        return results

    def suggest(self, request: BackendQuery) -> str | None:
        """A respelt query that finds something in the searcher's scope, if any does."""
        searcher = self.searcher()
        respelt = spelling.respell(
            request.text, lambda word: self.scopes.words_like(searcher, word)
        )
        if respelt is None:
            return None
        retry = BackendQuery(respelt, request.scope, request.space, request.type)
        return respelt if self.search_once(retry).total else None

    def search_once(self, request: BackendQuery) -> BackendResults:
        if request.scope.is_empty or not request.text.strip():
            return BackendResults()
        searcher = self.searcher()
        parsed = self.parse(request.text)
        segments = self.scopes.segments(searcher, scope_keys(request.scope))
        scored: dict[int, float] | None = None
        shared: dict[Any, Any] = {}
        queries = [self.query_of(searcher, segment, shared) for segment in segments]
        try:
            matched = [one.matches(parsed) for one in queries]
        except Unsupported:
            scored = scored_by_whoosh(searcher, parsed, segments)
            matched = [s.local(scored) for s in segments]
        results = BackendResults(
            facets=facet_counts(
                s.facets(m) for s, m in zip(segments, matched, strict=True)
            )
        )
        wanted = narrowing(request)
        chosen = [s.narrowed(m, wanted) for s, m in zip(segments, matched, strict=True)]
        results.total = sum(len(docs) for docs in chosen)
        ranked = sorted(ranking(parsed, segments, queries, chosen, scored))
        start = (max(request.page, 1) - 1) * request.per_page
        results.hits = hits(
            searcher, parsed, ranked[start : start + request.per_page], self.analysed
        )
        return results

    def parse(self, text: str) -> query.Query:
        """The parsed query (parsing analyses each word in sixteen fields: the last few
        hundred queries are kept; they are never changed once made)."""
        with self.lock:
            if text in self.parsed:
                self.parsed.move_to_end(text)
                return self.parsed[text]
        made = self.parser.parse(text)
        with self.lock:
            self.parsed[text] = made
            while len(self.parsed) > PARSED_QUERIES:
                self.parsed.popitem(last=False)
        return made

    def query_of(
        self, searcher: Searcher, segment: Segment, shared: dict[Any, Any]
    ) -> SegmentQuery:
        """The query's evaluation in one segment, skipping the fields of languages none
        of its readable documents is in, with postings kept between searches."""
        codes = {text_language(language) for language in segment.languages}
        unused = frozenset(
            f"{kind}_{code}"
            for kind in ("title", "body")
            for code in LANGUAGES
            if code not in codes
        )

        def fetch(field: str, text: str, values: bool, read: Any) -> Postings:
            if segment.id is None:
                return read()
            return self.postings.get((segment.id, field, text, values), read)

        return SegmentQuery(
            searcher,
            segment.reader,
            segment.readable,
            segment.lengths,
            unused,
            fetch,
            shared,
        )


def scored_by_whoosh(
    searcher: Searcher, parsed: query.Query, segments: list[Segment]
) -> dict[int, float]:
    """Scores of the readable matches of a query :mod:`.whoosh_ranking` does not
    evaluate (ranges, ``*``), by index-wide number, found by Whoosh itself."""
    allowed = {segment.offset + doc for segment in segments for doc in segment.readable}
    if not allowed:  # (an empty filter set would mean "no filter" to Whoosh)
        return {}
    everything = searcher.search(parsed, filter=allowed, limit=None)
    return {number: score for score, number in everything.top_n}


def ranking(
    parsed: query.Query,
    segments: list[Segment],
    queries: list[SegmentQuery],
    chosen: list[set[int]],
    scored: dict[int, float] | None,
) -> Iterator[tuple[float, int]]:
    """``(-score, index-wide number)`` of every chosen document: sorted, they are best
    first and in index order among equals, as Whoosh orders them."""
    for segment, evaluation, docs in zip(segments, queries, chosen, strict=True):
        if not docs:
            continue
        if scored is None:
            scores = evaluation.scores(parsed, docs)
        else:
            scores = {doc: scored[segment.offset + doc] for doc in docs}
        yield from ((-score, segment.offset + doc) for doc, score in scores.items())


def hits(
    searcher: Searcher,
    parsed: query.Query,
    ranked: list[tuple[float, int]],
    memo: dict[str, dict[str, str]],
) -> list[Hit]:
    """A page of ranked documents as hits, with highlighted snippets."""
    snippets = Snippets(searcher, parsed, memo)
    return [to_hit(searcher.stored_fields(number), snippets) for _, number in ranked]


def fields_of(document: SearchDocument) -> dict[str, Any]:
    code = text_language(document.language)
    fields = {
        "id": document.id,
        "project": str(document.project_id),
        "type": document.type,
        "plugin": document.plugin or "core",
        "visibility": document.visibility,
        "language": document.language or "xx",
        "url": document.url,
        "updated": document.updated_at.isoformat() if document.updated_at else "",
        "body": document.body,
        "title": document.title,
        "words": f"{document.title} {document.body}",
        "access": access_keys(document),
        f"title_{code}": document.title,
        f"body_{code}": document.body,
    }
    return {
        name: storable(v) if isinstance(v, str) else v for name, v in fields.items()
    }


def parser(schema: Schema) -> qparser.MultifieldParser:
    """All words must match (AND), in any language's fields; phrases and prefixes work."""
    names = [f"{kind}_{code}" for kind in ("title", "body") for code in LANGUAGES]
    parsed = qparser.MultifieldParser(names, schema=schema, group=qparser.AndGroup)
    parsed.add_plugin(qparser.PrefixPlugin())
    return parsed


def narrowing(request: BackendQuery) -> dict[str, str]:
    """The facet values the request narrows to (space, type, language)."""
    wanted = {
        "space": request.space,
        "type": request.type,
        "language": request.language,
    }
    return {name: str(value) for name, value in wanted.items() if value is not None}


def to_hit(stored: dict[str, Any], snippets: Snippets) -> Hit:
    code = text_language(stored["language"])
    updated = stored["updated"]
    return Hit(
        id=stored["id"],
        project_id=int(stored["project"]),
        type=stored["type"],
        title=stored["title"],
        url=stored["url"],
        snippet=snippets.of(f"body_{code}", stored["body"]),
        language=stored["language"],
        updated_at=datetime.fromisoformat(updated) if updated else None,
    )


def release_segment_files() -> None:
    """Free the segment readers a commit dropped.

    Whoosh's readers sit in reference cycles, which only the cyclic collector frees; a
    commit drops dozens (the writer's own, the merge's). When the segment files were
    mapped, each held its file's pages too: left to the collector's schedule, a worker's
    memory grew by ~20 MB a save at 100,000 documents (110 MB to 3.6 GB over 150 saves).
    The files are read now (:func:`unmapped_storage`), and closed with their readers,
    but the readers' own objects still wait for a collection: the two younger
    generations right after the commit take ~2 ms; a full collection would take ~130 ms.
    """
    gc.collect(1)


def close_all(searchers: dict[int, Searcher]) -> None:
    for searcher in searchers.values():
        searcher.close()
    searchers.clear()

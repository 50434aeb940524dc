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

import os
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from datetime import datetime
from typing import Any

from markupsafe import escape
from whoosh import highlight, index, qparser, query, sorting
from whoosh.analysis import LanguageAnalyzer, StandardAnalyzer
from whoosh.fields import ID, STORED, TEXT, Schema
from whoosh.searching import Searcher

from ..hooktypes import SearchDocument
from .backend import (
    STEMMED_LANGUAGES,
    BackendQuery,
    BackendResults,
    Hit,
    Scope,
    text_language,
)

LANGUAGES = (*STEMMED_LANGUAGES, "xx")
FACETS = {"type": "type", "space": "project", "language": "language"}
SNIPPET_CHARS = 160
WRITE_TIMEOUT = 5.0


def make_schema() -> Schema:
    fields: dict[str, Any] = {
        "id": ID(stored=True, unique=True),
        "project": ID(stored=True),
        "type": ID(stored=True),
        "plugin": ID(stored=True),
        "visibility": ID(stored=True),
        "language": ID(stored=True),
        "url": STORED(),
        "updated": STORED(),
        "body": STORED(),
        "title": TEXT(stored=True, analyzer=StandardAnalyzer()),
        # Unstemmed words of every document: the dictionary for spelling suggestions.
        "words": TEXT(analyzer=StandardAnalyzer(), spelling=True),
    }
    for code in LANGUAGES:
        analyzer = StandardAnalyzer() if code == "xx" else LanguageAnalyzer(code)
        fields[f"title_{code}"] = TEXT(analyzer=analyzer, field_boost=2.0)
        fields[f"body_{code}"] = TEXT(analyzer=analyzer)
    return Schema(**fields)


class WhooshBackend:
    """A Whoosh index at ``path`` (created on first use)."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = os.fspath(path)
        os.makedirs(self.path, exist_ok=True)
        if index.exists_in(self.path):
            self.ix = index.open_dir(self.path)
        else:
            self.ix = index.create_in(self.path, make_schema())

    # ------------------------------------------------------------ writing

    @contextmanager
    def writing(self) -> Iterator[Any]:
        """A writer whose lock is released whatever happens, even if committing fails
        (Whoosh's own ``with`` keeps the lock when ``commit`` raises)."""
        writer = self.ix.writer(timeout=WRITE_TIMEOUT)
        try:
            yield writer
            writer.commit()
        except BaseException:
            with suppress(Exception):
                writer.cancel()
            raise

    def index(self, documents: Iterable[SearchDocument]) -> None:
        with self.writing() as writer:
            for document in documents:
                writer.update_document(**fields_of(document))

    def delete(self, ids: Iterable[str]) -> None:
        with self.writing() as writer:
            for doc_id in ids:
                writer.delete_by_term("id", doc_id)

    def delete_space(self, project_id: int) -> None:
        with self.writing() as writer:
            writer.delete_by_term("project", str(project_id))

    def delete_plugin(self, project_id: int, plugin: str) -> None:
        with self.writing() as writer:
            writer.delete_by_query(
                query.And(
                    [
                        query.Term("project", str(project_id)),
                        query.Term("plugin", plugin),
                    ]
                )
            )

    def clear(self) -> None:
        self.ix = index.create_in(self.path, make_schema())

    def count(self) -> int:
        return self.ix.doc_count()

    # ------------------------------------------------------------ reading

    def search(self, request: BackendQuery) -> BackendResults:
        if request.scope.is_empty or not request.text.strip():
            return BackendResults()
        with self.ix.searcher() as searcher:
            parsed = parser(self.ix.schema).parse(request.text)
            allowed = scope_filter(request.scope)
            narrow = narrowing(request)
            chosen = query.And([allowed, *narrow]) if narrow else allowed
            page = searcher.search_page(
                parsed, max(request.page, 1), pagelen=request.per_page, filter=chosen
            )
            results = BackendResults(total=page.total)
            # Whoosh answers a page past the end with the last page; we answer nothing.
            past_end = (max(request.page, 1) - 1) * request.per_page >= page.total
            results.hits = (
                [] if past_end else [to_hit(page.results, hit) for hit in page]
            )
            results.facets = facet_counts(searcher, parsed, allowed)
            if page.total == 0:
                results.suggestion = suggestion(searcher, request.text)
            return results


def storable(text: str) -> str:
    """Text the index files can hold: lone surrogates (invalid UTF-8) are dropped."""
    return text.encode("utf-8", "ignore").decode("utf-8")


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


def scope_filter(scope: Scope) -> query.Query:
    """Documents the scope may read: all of member spaces, the public part of public
    spaces, and in both only the types the scope allows in that space."""
    allowed: list[query.Query] = []
    for project_id in sorted(scope.member_spaces | scope.public_spaces):
        types = sorted(scope.types.get(project_id, ()))
        if not types:
            continue
        parts: list[query.Query] = [query.Term("project", str(project_id))]
        if project_id not in scope.member_spaces:
            parts.append(query.Term("visibility", "public"))
        parts.append(query.Or([query.Term("type", name) for name in types]))
        allowed.append(query.And(parts))
    return query.Or(allowed) if allowed else query.NullQuery


def narrowing(request: BackendQuery) -> list[query.Query]:
    terms = []
    if request.space is not None:
        terms.append(query.Term("project", str(request.space)))
    if request.type:
        terms.append(query.Term("type", request.type))
    if request.language:
        terms.append(query.Term("language", request.language))
    return terms


def to_hit(results: Any, hit: Any) -> Hit:
    results.fragmenter = highlight.ContextFragmenter(
        maxchars=SNIPPET_CHARS, surround=60
    )
    results.formatter = MarkFormatter(between=" … ")
    code = text_language(hit["language"])
    snippet = hit.highlights(f"body_{code}", text=hit["body"], top=2)
    updated = hit["updated"]
    return Hit(
        id=hit["id"],
        project_id=int(hit["project"]),
        type=hit["type"],
        title=hit["title"],
        url=hit["url"],
        snippet=snippet or str(escape(hit["body"][:SNIPPET_CHARS])),
        language=hit["language"],
        updated_at=datetime.fromisoformat(updated) if updated else None,
    )


class MarkFormatter(highlight.HtmlFormatter):
    """Matches as plain ``<mark>`` elements; all other text HTML-escaped."""

    template = "<%(tag)s>%(t)s</%(tag)s>"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(tagname="mark", **kwargs)


def facet_counts(
    searcher: Searcher, parsed: query.Query, allowed: query.Query
) -> dict[str, Counter[str]]:
    """Counts by type, space and language over everything readable that matches."""
    groups = {
        name: sorting.FieldFacet(field, maptype=sorting.Count)
        for name, field in FACETS.items()
    }
    found = searcher.search(parsed, filter=allowed, groupedby=groups, limit=1)
    return {name: Counter(found.groups(name)) for name in FACETS}


def suggestion(searcher: Searcher, text: str) -> str | None:
    """The query with each unknown word replaced by the closest indexed one, if any."""
    corrector = searcher.corrector("words")
    words = text.lower().split()
    fixed = [next(iter(corrector.suggest(word, limit=1)), word) for word in words]
    return " ".join(fixed) if fixed != words else None

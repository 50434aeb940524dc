"""Highlighted snippets of Whoosh hits: Whoosh's own fragments, without its slow part.

Whoosh highlights a hit by running the field's whole analyzer (tokenizer, lower case,
stop words, stemmer, one Python generator each) over the hit's text, and looks the
query's words up again for every hit: half the time of a search at 100,000 documents.
The analyzers here are context-free (each word is analysed alone), so each distinct word
is analysed once per process and the text is only split with the tokenizer's regular
expression; the query's words are found once per page. Fragments, their choice and their
markup are then Whoosh's own (``ContextFragmenter``, ``top_fragments``), so snippets are
the same as ``Hit.highlights`` gives.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

from markupsafe import escape
from whoosh import highlight
from whoosh.analysis import CompositeAnalyzer, RegexTokenizer, Token

SNIPPET_CHARS = 160
SURROUND = 60
FRAGMENTS = 2
ANALYSED_WORDS = 100_000  # per field; forgotten all at once past that


Span = tuple[int, int, "str | None"]


class MarkFormatter(highlight.HtmlFormatter):
    """Matches as plain ``<mark>`` elements; all other text HTML-escaped."""

    template = "<%(tag)s>%(t)s</%(tag)s>"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(tagname="mark", **kwargs)


class Snippets:
    """Snippets for one page of hits of ``parsed``."""

    def __init__(
        self, searcher: Any, parsed: Any, memo: dict[str, dict[str, str]]
    ) -> None:
        self.searcher, self.parsed = searcher, parsed
        self.words: dict[str, frozenset[str]] = {}
        self.memo = memo  # field -> word -> analysed word, kept by the backend
        self.formatter = MarkFormatter(between=" … ")

    def of(self, field: str, text: str) -> str:
        """``text`` cut to its best two fragments around the query's words, as HTML;
        its start, escaped, when none of them occurs in it."""
        words = self.query_words(field)
        fragments = []
        if words:
            fragments = highlight.top_fragments(
                context_fragments(text, self.spans(field, text, words)),
                FRAGMENTS,
                highlight.BasicFragmentScorer(),
                highlight.FIRST,
            )
        snippet = self.formatter.format(fragments) if fragments else ""
        return snippet or str(escape(text[:SNIPPET_CHARS]))

    def query_words(self, field: str) -> frozenset[str]:
        if field not in self.words:
            reader = self.searcher.reader()
            from_bytes = self.searcher.schema[field].from_bytes
            found = self.parsed.existing_terms(reader, fieldname=field, expand=True)
            self.words[field] = frozenset(from_bytes(text) for _, text in found)
        return self.words[field]

    def spans(self, field: str, text: str, words: frozenset[str]) -> Iterator[Span]:
        """``(start, end, word)`` of each token of ``text``; ``word`` is the analysed
        word when it is one of the query's, else None."""
        analyzer = self.searcher.schema[field].analyzer
        pattern = word_pattern(analyzer)
        if pattern is None:  # not a tokenizer and word filters: Whoosh's own way
            for token in analyzer(text, chars=True, mode="index", removestops=False):
                word = token.text if token.text in words else None
                yield token.startchar, token.endchar, word
            return
        memo = self.memo.setdefault(field, {})
        if len(memo) > ANALYSED_WORDS:
            memo.clear()
        found = [(m.start(), m.end(), m.group()) for m in pattern.finditer(text)]
        for _, _, typed in found:
            if typed not in memo:
                memo[typed] = analysed(analyzer, typed)
        matching = {typed: memo[typed] for _, _, typed in found if memo[typed] in words}
        if not matching:  # no fragment to make: the caller shows the text's start
            return
        for start, end, typed in found:
            yield start, end, matching.get(typed)


def context_fragments(text: str, spans: Iterable[Span]) -> Iterator[Any]:
    """Whoosh's ``ContextFragmenter.fragment_tokens`` (as the search results configure
    it), step for step, over plain spans instead of a generator chain of tokens."""
    maxchars, surround, limit = SNIPPET_CHARS, SURROUND, highlight.DEFAULT_CHARLIMIT
    first, firsts, countdown = None, deque(), -1
    matched: list[Token] = []
    endchar, length = None, 0
    for start, endchar, word in spans:
        size = endchar - start
        if endchar > limit:
            break
        if countdown < 0 and word is None:
            firsts.append(start)
            while firsts and endchar - firsts[0] > surround:
                firsts.popleft()
        elif length + size > maxchars:
            countdown = 0
        elif word is not None:
            countdown = surround
            if first is None:
                first = firsts[0] if firsts else start
                countdown += 0 if firsts else surround
            matched.append(
                Token(text=word, startchar=start, endchar=endchar, boost=1.0)
            )
        if countdown >= 0:
            length, countdown = length + size, countdown - size
            if countdown <= 0:
                yield highlight.mkfrag(text, matched, startchar=first, endchar=endchar)
                first, firsts, matched, length = None, deque(), [], 0
    if matched:
        yield highlight.mkfrag(text, matched, startchar=first, endchar=endchar)


def word_pattern(analyzer: Any) -> Any:
    """The tokenizer's expression when the analyzer is a word tokenizer followed only by
    filters that change one word at a time (lower case, stop words, stemming)."""
    if not isinstance(analyzer, CompositeAnalyzer):
        return None
    tokenizer = analyzer.items[0]
    context_free = {"LowercaseFilter", "StopFilter", "StemFilter"}
    filters = {type(item).__name__ for item in analyzer.items[1:]}
    if (
        type(tokenizer) is not RegexTokenizer
        or tokenizer.gaps
        or filters - context_free
    ):
        return None
    return tokenizer.expression


def analysed(analyzer: Any, word: str) -> str:
    """What ``analyzer`` makes of one word (stop words kept, as highlighting wants)."""
    for token in analyzer(word, mode="index", removestops=False):
        return token.text
    return word

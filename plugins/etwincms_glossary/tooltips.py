"""Tooltips for glossary terms in pages: a markdown-it-py extension for the core's parser.

The core builds one parser per set of plugins and reuses it for every space, so the
extension itself is fixed; the space is read from the render's ``env`` and its terms are
looked up then (once per session, see :func:`forget`). The first use of each concept in
a page (outside headings, links and code) becomes a focusable word described by a
``role="tooltip"`` element listing the concept's other translations, each marked with its
``lang``. Without the glossary's stylesheet the translations read inline, in brackets.
A page opts out with the line ``[glossary-off]: #``, a Markdown link reference that
renders as nothing, with or without the glossary.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import Session, object_session

from etwincms.db import get_session
from etwincms.models import Project
from etwincms.plugins import plugin_settings

from .models import Concept, Term

#: markdown-it keeps link references upper-cased in ``env["references"]``.
OPT_OUT = "GLOSSARY-OFF"
CACHE = "etwincms_glossary.tooltips"
COUNTER = "glossary_tips"


@dataclass(frozen=True, slots=True)
class Entry:
    concept_id: int
    #: (language, term) of every term of the concept.
    terms: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class TermIndex:
    pattern: re.Pattern[str]
    entries: dict[str, Entry]


def glossary_tooltips(md: MarkdownIt) -> None:
    """The extension ``markdown_extensions`` returns (the same function every time)."""
    md.core.ruler.push("glossary_tooltips", mark_terms)


def mark_terms(state: StateCore) -> None:
    project = state.env.get("project")
    if project is None or OPT_OUT in state.env.get("references", {}):
        return
    index = index_for(project)
    if index is None:
        return
    seen: set[int] = set()
    in_heading = False
    for token in state.tokens:
        if token.type in {"heading_open", "heading_close"}:
            in_heading = token.type == "heading_open"
        elif token.type == "inline" and token.children and not in_heading:
            token.children = rewrite(token.children, index, seen, state.env)


def rewrite(
    children: list[Token], index: TermIndex, seen: set[int], env: dict[str, Any]
) -> list[Token]:
    """Replace the first use of each concept in plain text (never inside a link)."""
    out: list[Token] = []
    in_link = 0
    for child in children:
        in_link += {"link_open": 1, "link_close": -1}.get(child.type, 0)
        if child.type == "text" and not in_link:
            out.extend(split_text(child.content, index, seen, env))
        else:
            out.append(child)
    return out


def split_text(
    text: str, index: TermIndex, seen: set[int], env: dict[str, Any]
) -> list[Token]:
    tokens: list[Token] = []
    start = 0
    for match in index.pattern.finditer(text):
        entry = index.entries.get(match.group(0).casefold())
        if entry is None or entry.concept_id in seen:
            continue
        others = [
            pair
            for pair in entry.terms
            if pair[1].casefold() != match.group(0).casefold()
        ]
        if not others:
            continue
        seen.add(entry.concept_id)
        tokens.append(text_token(text[start : match.start()]))
        tokens.append(html_token(tooltip(match.group(0), others, next_id(env))))
        start = match.end()
    tokens.append(text_token(text[start:]))
    return [token for token in tokens if token.content]


def next_id(env: dict[str, Any]) -> str:
    env[COUNTER] = env.get(COUNTER, 0) + 1
    return f"glossary-tip-{env[COUNTER]}"


def text_token(content: str) -> Token:
    return Token("text", "", 0, content=content)


def html_token(content: str) -> Token:
    return Token("html_inline", "", 0, content=content)


def tooltip(word: str, others: list[tuple[str, str]], tip_id: str) -> str:
    """The focusable word and its tooltip; every piece of text is escaped."""
    translations = Markup(", ").join(
        Markup('{}: <span lang="{}">{}</span>').format(lang, lang, text)
        for lang, text in others
    )
    return str(
        Markup(
            '<span class="glossary-term"><span class="glossary-word" tabindex="0" '
            'aria-describedby="{id}">{word}</span><span class="glossary-tip" '
            'role="tooltip" id="{id}"> ({tips})</span></span>'
        ).format(id=tip_id, word=word, tips=translations)
    )


# -- the space's terms -----------------------------------------------------------------


def index_for(project: Project) -> TermIndex | None:
    """The space's terms as one pattern (cached in the session until :func:`forget`)."""
    session = object_session(project) or get_session()
    cache: dict[int, TermIndex | None] = session.info.setdefault(CACHE, {})
    if project.id not in cache:
        cache[project.id] = build_index(session, project)
    return cache[project.id]


def forget(session: Session, project: Project) -> None:
    """Terms changed: the next render reads them again."""
    session.info.get(CACHE, {}).pop(project.id, None)


def build_index(session: Session, project: Project) -> TermIndex | None:
    if not plugin_settings(project, "glossary").get("tooltips", True):
        return None
    rows = session.execute(
        select(Term.concept_id, Term.language, Term.text)
        .join(Concept, Concept.id == Term.concept_id)
        .where(
            Term.project_id == project.id, Concept.publication == ""
        )  # pages may be public
        .order_by(Term.concept_id, Term.language)
    )
    by_concept: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for concept_id, language, text in rows:
        by_concept[concept_id].append((language, text))
    entries: dict[str, Entry] = {}
    for concept_id, terms in by_concept.items():
        entry = Entry(concept_id, tuple(sorted(terms, key=language_order(project))))
        for _language, text in terms:
            entries.setdefault(text.casefold(), entry)
    if not entries:
        return None
    return TermIndex(pattern_of(entries), entries)


def language_order(project: Project) -> Any:
    order = {code: n for n, code in enumerate(project.languages or [])}
    return lambda pair: (order.get(pair[0], len(order)), pair[0])


def pattern_of(entries: dict[str, Entry]) -> re.Pattern[str]:
    """Whole words, longest first ("soil probe" before "soil")."""
    alternatives = sorted(entries, key=len, reverse=True)
    body = "|".join(re.escape(term) for term in alternatives)
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE)

"""Flashcards and a multiple-choice quiz, for pupils learning the partners' terms.

Both work between two languages of the space: a card shows a term in one and hides its
translation in the other; a question shows a term and offers the right translation among
up to three others of the glossary. Nothing is stored: practising is reading.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from .models import Concept, Term


@dataclass(frozen=True, slots=True)
class Card:
    concept: Concept
    front: Term
    back: Term


@dataclass(frozen=True, slots=True)
class Question:
    concept: Concept
    prompt: Term
    options: list[Term]


def cards(
    concepts: list[Concept], source: str, target: str, rng: random.Random
) -> list[Card]:
    """Every concept named in both languages, shuffled."""
    found = [
        Card(c, front, back)
        for c in concepts
        if (front := c.term_in(source)) is not None
        and (back := c.term_in(target)) is not None
    ]
    rng.shuffle(found)
    return found


def question(
    concepts: list[Concept], source: str, target: str, rng: random.Random
) -> Question | None:
    """A random question, or None when fewer than two concepts have both languages."""
    pool = cards(concepts, source, target, rng)
    if len(pool) < 2:
        return None
    right, others = pool[0], pool[1:4]
    options = [right.back, *(card.back for card in others)]
    rng.shuffle(options)
    return Question(right.concept, right.front, options)


def is_right(concept: Concept, target: str, answer: str) -> bool:
    term = concept.term_in(target)
    return (
        term is not None and " ".join(answer.split()).casefold() == term.text.casefold()
    )

""" "Did you mean": each unknown word of a query replaced by the closest known word.

Closeness is the optimal string alignment distance (insertions, deletions,
substitutions and swaps of neighbours, at most two edits, one for short words), ties going
to the word of the nearest length, then alphabetical. The backend supplies the candidate
words; it must also check that the respelt query finds something the searcher may read,
so a suggestion never reveals a word from content they cannot see.
"""

from __future__ import annotations

import re
from collections.abc import Callable

WORD = re.compile(r"[^\W\d_]{3,40}")


def respell(text: str, candidates: Callable[[str], list[str]]) -> str | None:
    """``text`` with its misspelt words replaced, or None when nothing changes."""
    tokens = text.lower().split()
    fixed = [fix_word(token, candidates) for token in tokens]
    return " ".join(fixed) if fixed != tokens else None


def fix_word(token: str, candidates: Callable[[str], list[str]]) -> str:
    if not WORD.fullmatch(token):
        return token  # phrases, prefixes, fields, numbers: left as typed
    known = candidates(token)
    if token in known:
        return token
    limit = 1 if len(token) < 5 else 2
    scored = [
        (distance(token, word), abs(len(word) - len(token)), word) for word in known
    ]
    close = [entry for entry in scored if entry[0] <= limit]
    return min(close)[2] if close else token


def distance(a: str, b: str) -> int:
    """Optimal string alignment distance between ``a`` and ``b``."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, 1):
            cost = char_a != char_b
            current[j] = min(
                previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost
            )
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]

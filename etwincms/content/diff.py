"""Comparing and merging page texts: line diffs for history, three-way merges for conflicts.

Both work on lines, which is how people edit wiki pages. A merge succeeds only when the two
edits touched different lines of the text they both started from; otherwise the person who
saved second sees both versions and decides (nothing is ever merged by guessing).
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

Kind = Literal["same", "added", "removed"]


@dataclass(frozen=True, slots=True)
class DiffLine:
    kind: Kind
    text: str


def line_diff(old: str, new: str) -> list[DiffLine]:
    """The lines of ``old`` and ``new``, marked same / removed / added, in reading order."""
    a, b = old.splitlines(), new.splitlines()
    lines: list[DiffLine] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(
        None, a, b, autojunk=False
    ).get_opcodes():
        if tag == "equal":
            lines += [DiffLine("same", text) for text in a[i1:i2]]
            continue
        lines += [DiffLine("removed", text) for text in a[i1:i2]]
        lines += [DiffLine("added", text) for text in b[j1:j2]]
    return lines


def changes(base: list[str], edited: list[str]) -> list[tuple[int, int, list[str]]]:
    """The edits turning ``base`` into ``edited``: (start, end, replacement) on base lines."""
    matcher = SequenceMatcher(None, base, edited, autojunk=False)
    return [
        (i1, i2, edited[j1:j2])
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    ]


def merge3(base: str, mine: str, theirs: str) -> str | None:
    """Merge two edits of ``base``; ``None`` when they touch the same lines."""
    base_lines = base.splitlines()
    edits = sorted(
        changes(base_lines, mine.splitlines())
        + changes(base_lines, theirs.splitlines())
    )
    merged: list[str] = []
    cursor = 0
    for index, (start, end, replacement) in enumerate(edits):
        if index and overlaps(edits[index - 1], (start, end)):
            if edits[index - 1] == (start, end, replacement):
                continue  # both made the very same change
            return None
        merged += base_lines[cursor:start] + replacement
        cursor = end
    merged += base_lines[cursor:]
    return "\n".join(merged) + ("\n" if mine.endswith("\n") else "")


def overlaps(first: tuple[int, int, list[str]], second: tuple[int, int]) -> bool:
    """Edits conflict when their base ranges overlap or touch (like git, conservatively)."""
    _start, end, _lines = first
    return second[0] <= end

"""Collecting extracted text up to a cap, and cleaning it for storage and the index."""

from __future__ import annotations

import re

#: Control characters other than tab and newline: no database or index wants them.
CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
BLANK_RUNS = re.compile(r"[ \t]*\n[ \t\n]*\n")


class Full(Exception):
    """The cap is reached: stop reading, keep what was collected."""


class TextSink:
    """Text pieces in order; :meth:`add` raises :class:`Full` once ``max_chars`` are in."""

    def __init__(self, max_chars: int) -> None:
        self.max_chars = max_chars
        self.parts: list[str] = []
        self.size = 0

    def add(self, piece: str) -> None:
        room = self.max_chars - self.size
        self.parts.append(piece[:room])
        self.size += min(len(piece), room)
        if self.size >= self.max_chars:
            raise Full

    def text(self) -> str:
        return clean("".join(self.parts))


def clean(text: str) -> str:
    """Valid UTF-8 without control characters, and at most one blank line in a row."""
    text = text.encode("utf-8", "replace").decode("utf-8")  # lone surrogates from PDFs
    text = CONTROLS.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n"))
    return BLANK_RUNS.sub("\n\n", text).strip()

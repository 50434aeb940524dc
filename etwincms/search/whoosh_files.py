"""Open a Whoosh segment's files without copying them: the cost of a single-document save.

Whoosh maps each segment's compound file into memory and hands every sub-file over as a
``BufferFile``, whose constructor copies the sub-file into a ``BytesIO`` straight away,
even though the term and posting readers only ever call ``get()`` on the mapped buffer.
Every new reader therefore copied every segment's term tables: each commit's writer
(``update_document`` opens a reader to find the old version) and each searcher opened
after a commit. At 30,000 documents that was 60 of a save's 85 ms; it grows with the
index. :class:`LazyBufferFile` makes the copy only when a caller reads the sub-file as a
stream. :func:`install` puts it in place of Whoosh's (``whoosh-reloaded`` is pinned, and
``tests/search/test_whoosh_files.py`` checks the class still fits it); the Whoosh backend
calls it when it is created, never at import.
"""

from __future__ import annotations

from io import BytesIO
from typing import Any

from whoosh.filedb import compound
from whoosh.filedb.structfile import BufferFile


class LazyBufferFile(BufferFile):
    """A ``BufferFile`` that copies its buffer into a stream only when read as one."""

    def __init__(self, buf: Any, name: str | None = None, onclose: Any = None) -> None:
        self._buf = buf
        self._name = name
        self.onclose = onclose
        self.is_real = False
        self.is_closed = False
        self._stream: BytesIO | None = None

    @property
    def file(self) -> BytesIO:  # type: ignore[override]
        if self._stream is None:
            self._stream = BytesIO(self._buf)
        return self._stream

    def close(self) -> None:
        if self.is_closed:
            raise ValueError("This file is already closed")
        if self.onclose:
            self.onclose(self)
        if self._stream is not None:  # (never made just to be closed)
            self._stream.close()
        self.is_closed = True


def install() -> None:
    """Make Whoosh's compound files hand out :class:`LazyBufferFile` (idempotent)."""
    compound.BufferFile = LazyBufferFile

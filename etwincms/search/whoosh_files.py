"""Open a Whoosh segment's files without copying them: a save's cost and a worker's memory.

Whoosh maps each segment's compound file into memory and hands every sub-file over as a
``BufferFile``, whose constructor copies the sub-file into a ``BytesIO`` straight away,
even though the term and posting readers mostly call ``get()`` on the mapped buffer.
Every new reader therefore copied every segment's term tables: each commit's writer
(``update_document`` opens a reader to find the old version) and each searcher opened
after a commit. At 30,000 documents that was 60 of a save's 85 ms; it grows with the
index. :class:`LazyBufferFile` never makes the copy: read as a stream (a postings list's
header, by every matcher), it reads straight from the mapped buffer
(:class:`BufferStream`). A copy per searcher of every segment's postings file was most of
a worker's memory at 100,000 documents (386 of 446 MB). :func:`install` puts the class in
place of Whoosh's (``whoosh-reloaded`` is pinned, and ``tests/search/test_whoosh_files.py``
checks the class still fits it); the Whoosh backend calls it when it is created, never at
import.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from whoosh.filedb import compound
from whoosh.filedb.structfile import BufferFile


class BufferStream:
    """A read-only file over a buffer: reads copy only the bytes asked for."""

    def __init__(self, buf: Any) -> None:
        self.view = memoryview(buf)
        self.position = 0

    def read(self, size: int | None = -1) -> bytes:
        end = len(self.view)
        if size is not None and size >= 0:
            end = min(end, self.position + size)
        data = self.view[self.position : end].tobytes()
        self.position = max(self.position, end)
        return data

    def readline(self, size: int | None = -1) -> bytes:
        limit = len(self.view)
        if size is not None and size >= 0:
            limit = min(limit, self.position + size)
        end = self.position
        while end < limit:  # in chunks: a line is short, the buffer may be huge
            chunk = self.view[end : min(end + 256, limit)].tobytes()
            newline = chunk.find(b"\n")
            if newline >= 0:
                end += newline + 1
                break
            end += len(chunk)
        return self.read(end - self.position)

    def __iter__(self) -> Iterator[bytes]:
        while line := self.readline():
            yield line

    def seek(self, offset: int, whence: int = 0) -> int:
        base = (0, self.position, len(self.view))[whence]
        if base + offset < 0:
            raise ValueError(f"negative seek position {base + offset}")
        self.position = base + offset
        return self.position

    def tell(self) -> int:
        return self.position

    def close(self) -> None:
        self.view.release()


class LazyBufferFile(BufferFile):
    """A ``BufferFile`` that never copies its buffer (read as a stream, it reads the
    buffer itself)."""

    def __init__(self, buf: Any, name: str | None = None, onclose: Any = None) -> None:
        self._buf = buf
        self._name = name
        self.onclose = onclose
        self.is_real = False
        self.is_closed = False
        self._stream: BufferStream | None = None

    @property
    def file(self) -> BufferStream:  # type: ignore[override]
        if self._stream is None:
            self._stream = BufferStream(self._buf)
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

"""Whoosh's segment files are read without copying them (``etwincms.search.whoosh_files``).

The class replaces one of the pinned ``whoosh-reloaded``'s own: these tests check that it
still answers everything Whoosh asks of a sub-file, and that a reader which only looks
things up (the term tables) never makes the copy.
"""

from __future__ import annotations

import io
import pickle
import struct
from array import array
from pathlib import Path

import pytest
from whoosh.filedb import compound

from etwincms.hooktypes import SearchDocument
from etwincms.search.backend import BackendQuery, Scope
from etwincms.search.whoosh_backend import WhooshBackend
from etwincms.search.whoosh_files import BufferStream, LazyBufferFile

DATA = struct.pack(">iq", 7, 123456789) + b"line one\nline two\n"


def test_lookups_make_no_copy() -> None:
    sub = LazyBufferFile(memoryview(DATA), name="terms")
    assert sub.get_int(0) == 7
    assert sub.get_long(4) == 123456789
    assert sub.get(12, 4) == b"line"
    assert sub._stream is None
    sub.close()
    assert sub.is_closed


def test_reading_as_a_stream_still_works() -> None:
    sub = LazyBufferFile(memoryview(DATA), name="postings")
    assert sub.read_int() == 7
    assert sub.read_long() == 123456789
    assert sub.tell() == 12
    sub.seek(12)
    assert list(sub) == [b"line one\n", b"line two\n"]
    assert sub.subset(12, 8).get(0, 8) == b"line one"
    sub.close()
    with pytest.raises(ValueError, match="already closed"):
        sub.close()


def test_reading_as_a_stream_copies_nothing_but_what_is_read() -> None:
    buffer = bytearray(DATA)
    sub = LazyBufferFile(memoryview(buffer), name="postings")
    assert sub.read_int() == 7
    buffer[12:16] = b"LINE"  # seen through the stream: it reads the buffer itself
    sub.seek(12)
    assert sub.read(4) == b"LINE"
    sub.close()


@pytest.mark.parametrize(
    "steps",
    [
        [("read", 3), ("tell",), ("read", -1), ("read", 5)],
        [("seek", 12), ("readline",), ("readline",), ("readline",)],
        [("seek", -4, 2), ("read", 10), ("seek", 2, 1), ("tell",), ("read", None)],
        [("seek", 30), ("read", 4), ("seek", 100), ("read", 1), ("readline", 3)],
    ],
)
def test_the_stream_answers_as_a_bytes_stream_does(steps: list[tuple]) -> None:
    stream, expected = BufferStream(memoryview(DATA)), io.BytesIO(DATA)
    for name, *args in steps:
        assert getattr(stream, name)(*args) == getattr(expected, name)(*args)


def test_arrays_and_pickles_read_from_the_stream() -> None:
    numbers = array("I", [3, 1, 4, 1, 5])
    data = numbers.tobytes() + pickle.dumps({"k": [1, 2]}, protocol=0)
    stream = BufferStream(data)
    read = array("I")
    read.fromfile(stream, 5)  # type: ignore[arg-type]
    assert read == numbers
    assert pickle.load(stream) == {"k": [1, 2]}  # noqa: S301 (our own bytes)


def test_the_backend_puts_it_in_place_and_searches_as_before(tmp_path: Path) -> None:
    backend = WhooshBackend(tmp_path / "index")
    assert compound.BufferFile is LazyBufferFile
    for number in range(3):  # three commits: three segments, each read through it
        backend.index(
            [
                SearchDocument(
                    id=f"page:{number}",
                    project_id=1,
                    type="page",
                    title=f"Kiln {number}",
                    body="glaze firing",
                    url=f"/s/a/-/id/{number}",
                    plugin="core",
                )
            ]
        )
    backend.index([SearchDocument("page:1", 1, "page", "Kiln 1", "raku", "/", "core")])
    scope = Scope(member_spaces=frozenset({1}), types={1: frozenset({"page"})})
    found = backend.search(BackendQuery("glaze", scope))
    assert sorted(hit.id for hit in found.hits) == ["page:0", "page:2"]
    assert backend.search(BackendQuery("raku", scope)).total == 1

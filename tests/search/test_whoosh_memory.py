"""A Whoosh commit leaves no segment reader to the cyclic collector: each holds its
segment's file mapped in memory, and a worker saving pages grew by megabytes a save."""

from __future__ import annotations

import gc
import mmap
from pathlib import Path

from etwincms.hooktypes import SearchDocument
from etwincms.search.whoosh_backend import WhooshBackend


def page(number: int, body: str) -> SearchDocument:
    return SearchDocument(
        f"page:{number}", 1, "page", f"Kiln {number}", body, f"/s/a/{number}", "core"
    )


def mapped_files_left_as_garbage(backend: WhooshBackend, saves: int) -> int:
    """Mapped files that only the cyclic collector would free, after ``saves`` saves."""
    enabled = gc.isenabled()
    gc.disable()
    gc.collect()
    try:
        for number in range(saves):
            backend.index([page(number % 3, f"glaze firing {number}")])
        gc.set_debug(gc.DEBUG_SAVEALL)
        gc.collect()
        return sum(isinstance(found, mmap.mmap) for found in gc.garbage)
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        if enabled:
            gc.enable()


def test_saves_leave_no_mapped_segment_file_behind(tmp_path: Path) -> None:
    backend = WhooshBackend(tmp_path / "index")
    for number in range(6):  # several segments, so commits read and merge them
        backend.index([page(number, "raku")])
    assert mapped_files_left_as_garbage(backend, saves=5) == 0

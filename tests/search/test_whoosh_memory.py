"""The Whoosh index costs a worker little memory: its segment files are read, never
mapped (a mapped page a search touched counted in the worker's RSS), and a commit leaves
no segment file open for the cyclic collector to close some time later."""

from __future__ import annotations

import gc
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from etwincms.hooktypes import SearchDocument
from etwincms.search.backend import BackendQuery, Scope
from etwincms.search.whoosh_backend import WhooshBackend

SCOPE = Scope(member_spaces=frozenset({1}), types={1: frozenset({"page"})})


def page(number: int, body: str) -> SearchDocument:
    return SearchDocument(
        f"page:{number}", 1, "page", f"Kiln {number}", body, f"/s/a/{number}", "core"
    )


def mapped_index_files(folder: Path) -> list[str]:
    maps = Path("/proc/self/maps").read_text(encoding="utf-8").splitlines()
    return [line for line in maps if str(folder) in line]


def open_index_files(folder: Path) -> int:
    links = (os.readlink(fd) for fd in Path("/proc/self/fd").iterdir() if fd.exists())
    return sum(link.startswith(str(folder)) for link in links)


def open_files_after_saves(backend: WhooshBackend, folder: Path, saves: int) -> int:
    """Index files still open after ``saves`` saves, with the cyclic collector off."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        for number in range(saves):
            backend.index([page(number % 3, f"glaze firing {number}")])
            backend.search(BackendQuery("glaze", SCOPE))
        return open_index_files(folder)
    finally:
        if enabled:
            gc.enable()


def several_segments(tmp_path: Path) -> tuple[WhooshBackend, Path]:
    folder = tmp_path / "index"
    backend = WhooshBackend(folder)
    for number in range(6):  # several segments, so commits read and merge them
        backend.index([page(number, "raku")])
    return backend, folder


def test_searches_and_saves_map_no_index_file(tmp_path: Path) -> None:
    backend, folder = several_segments(tmp_path)
    found = backend.search(BackendQuery("raku", SCOPE))
    backend.index([page(7, "raku glaze")])

    assert found.total == 6
    assert backend.search(BackendQuery("raku", SCOPE)).total == 7
    assert mapped_index_files(folder) == []


def test_saves_leave_no_segment_file_open_behind(tmp_path: Path) -> None:
    backend, folder = several_segments(tmp_path)
    after_a_few = open_files_after_saves(backend, folder, saves=3)
    after_many = open_files_after_saves(backend, folder, saves=12)

    assert after_a_few > 0  # the searcher's own segment files
    assert after_many <= after_a_few


def test_threads_search_at_once_while_pages_are_saved(tmp_path: Path) -> None:
    """Read with ``read()``, a file's position is state: each thread must read through
    its own searcher, never another thread's files."""
    backend, _ = several_segments(tmp_path)
    backend.index([page(number, f"glaze word{number}") for number in range(10, 60)])
    stop = threading.Event()

    def save_until_stopped() -> None:
        number = 0
        while not stop.is_set():
            backend.index([page(100 + number % 5, f"raku firing {number}")])
            number += 1

    def search(number: int) -> tuple[int, list[str]]:
        found = backend.search(BackendQuery(f"word{number}", SCOPE))
        return found.total, [hit.id for hit in found.hits]

    saver = threading.Thread(target=save_until_stopped)
    saver.start()
    try:
        with ThreadPoolExecutor(max_workers=4) as pool:
            answers = list(pool.map(search, [10 + n % 50 for n in range(400)]))
    finally:
        stop.set()
        saver.join()

    expected = [(1, [f"page:{10 + n % 50}"]) for n in range(400)]
    assert answers == expected

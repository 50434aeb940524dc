"""A web process's background thread: one per application, asleep until woken.

The text extractor (``etwincms.extraction.executor``) and the search drainer
(``etwincms.search.drainer``) each keep a queue in the database and one daemon thread
that works through it when a commit wakes it. The thread is made on first use, never at
import or application creation, and a thread that died is started again at the next
wake-up. Subclasses say what one round of work is (:meth:`WokenThread.work`).
"""

from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from collections.abc import Callable
from typing import TypeVar

from flask import Flask

T = TypeVar("T", bound="WokenThread")
CREATION_LOCK = threading.Lock()


def one_per_app(app: Flask, key: str, make: Callable[[Flask], T]) -> T:
    """The application's thread object under ``key``, made on first use."""
    with CREATION_LOCK:
        made = app.extensions.get(key)
        if made is None:
            made = app.extensions[key] = make(app)
        return made  # type: ignore[no-any-return]


class WokenThread(ABC):
    """Sleeps until :meth:`wake`, then does a round of :meth:`work`, and again."""

    #: The thread's name, as shown by ``py-spy`` and in logs.
    name = "etwincms-background"
    #: How long to wait after a wake-up before working: work asked for meanwhile shares
    #: the round.
    gather_seconds = 0.0

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.wanted = threading.Event()
        self.stopping = threading.Event()
        #: Set when a round ended with no wake-up waiting (tests wait for it).
        self.idle = threading.Event()
        self.thread: threading.Thread | None = None
        self.lock = threading.Lock()

    def wake(self) -> None:
        """Start the thread if needed and have it do a round of work."""
        with self.lock:
            self.idle.clear()
            self.wanted.set()
            if self.thread is None or not self.thread.is_alive():
                self.stopping.clear()
                self.thread = threading.Thread(
                    target=self.run, name=self.name, daemon=True
                )
                self.thread.start()

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Block until the thread has done the work it was woken for."""
        return self.idle.wait(timeout)

    def stop(self, timeout: float | None = None) -> None:
        """Finish the round in hand, then end the thread (tests, shutdown)."""
        self.stopping.set()
        self.wanted.set()
        if self.thread is not None:
            self.thread.join(timeout)

    def run(self) -> None:
        while not self.stopping.is_set():
            self.wanted.wait()
            if self.gather_seconds:
                self.stopping.wait(self.gather_seconds)
            self.wanted.clear()
            self.work()
            with self.lock:  # not idle if a wake-up came during the round
                if not self.wanted.is_set():
                    self.idle.set()

    @abstractmethod
    def work(self) -> None:
        """One round: go through the queue (a round that must be tried again sets
        :attr:`wanted`)."""

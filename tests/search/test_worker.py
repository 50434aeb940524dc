"""``etwincms search worker`` as deployments run it: its own process, at a lower priority."""

from __future__ import annotations

import os
import subprocess
import sys
import time

from flask import Flask
from sqlalchemy.orm import Session

from etwincms.db import commit
from etwincms.search import outbox
from etwincms.services import pages
from etwincms.testing import SpaceWithMembers
from tests.search.cli_settings import cli_settings

WORKER = "from etwincms.cli import main; main()"


def worker_env(app: Flask) -> dict[str, str]:
    return {**os.environ, **cli_settings(app, SEARCH_DRAIN="worker")}


def start_worker(app: Flask, *arguments: str) -> subprocess.Popen[str]:
    return subprocess.Popen(  # noqa: S603  (this interpreter, our own code)
        [sys.executable, "-c", WORKER, "search", "worker", *arguments],
        env=worker_env(app),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_drained(session: Session, seconds: float = 60) -> int:
    deadline = time.monotonic() + seconds
    while outbox.pending(session) and time.monotonic() < deadline:
        session.rollback()  # a fresh snapshot for the next count
        time.sleep(0.1)
    return outbox.pending(session)


def test_the_worker_gives_way_to_requests_and_applies_the_outbox(
    app: Flask, session: Session, space: SpaceWithMembers
) -> None:
    app.config["SEARCH_DRAIN"] = "worker"
    pages.create_page(
        session, space.users["admin"], space.project, title="Quince", body="jelly"
    )
    commit(session)
    assert outbox.pending(session) > 0

    worker = start_worker(app, "--interval", "0.1", "--nice", "7")
    try:
        assert wait_drained(session) == 0
        niceness = os.getpriority(os.PRIO_PROCESS, worker.pid)
    finally:
        worker.terminate()
        output, errors = worker.communicate(timeout=30)

    assert niceness == os.nice(0) + 7, errors
    assert f"running at nice {niceness}" in output


def test_the_worker_refuses_a_priority_it_cannot_take(app: Flask) -> None:
    worker = start_worker(app, "--once", "--nice", "-5")
    _, errors = worker.communicate(timeout=60)

    assert worker.returncode == 2
    assert "--nice" in errors

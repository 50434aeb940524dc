"""One drain of the search outbox at a time among processes sharing an index: a drain
that read a page before a newer save must not write it after the newer one. A second
application on the same database and index stands for a second process."""

from __future__ import annotations

import threading
from typing import Any

from flask import Flask
from sqlalchemy.orm import Session

from etwincms.app import create_app
from etwincms.search import engine
from etwincms.testing import SpaceWithMembers

WAIT = 30.0


def test_a_drain_waits_while_another_process_drains(
    app: Flask, app_config: dict[str, Any], session: Session, space: SpaceWithMembers
) -> None:
    other = create_app(dict(app_config))  # the same database, the same index
    finished = threading.Event()

    def drain_in_the_other_process() -> None:
        database = other.extensions["etwincms"].db
        with other.test_request_context("/"), database.session() as own:
            engine.drain(own)
        finished.set()

    with engine.exclusive(engine.get_backend()):
        running = threading.Thread(target=drain_in_the_other_process)
        running.start()
        assert not finished.wait(0.5)  # it waits for this drain to end
    assert finished.wait(WAIT)
    running.join(WAIT)
    other.extensions["etwincms"].db.dispose()
